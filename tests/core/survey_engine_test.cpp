// The survey engine beyond one question at a time: conditions (all, any,
// not, comparisons, selected, answered), constraints with their messages,
// pages, notes, decimals and defaults, and the errors a bad definition gets.

#include "core/survey.hpp"

#include "core/json_fields.hpp"
#include "bad_files.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::core;

namespace {

// A household survey using every new part of the format.
Json household() {
    return Json::parse(R"json({
      "format": 1, "id": "household", "version": 1,
      "title": {"th": "สำรวจครัวเรือน", "en": "Household survey"},
      "pages": [
        {"id": "people", "title": {"th": "สมาชิกในครัวเรือน", "en": "People in the household"}},
        {"id": "farm", "title": {"th": "การเกษตร", "en": "Farming"},
         "show_if": {"question": "income", "selected": "farming"}}
      ],
      "questions": [
        {"id": "intro", "type": "note", "label": {"th": "ขอบคุณที่ให้ข้อมูล", "en": "Thank you for helping"}},
        {"id": "members", "type": "number", "min": 1, "max": 30, "required": true, "page": "people",
         "label": {"th": "จำนวนสมาชิก", "en": "People living here"},
         "hint": {"th": "รวมตัวท่านเอง", "en": "Yourself included"}},
        {"id": "children", "type": "number", "min": 0, "max": 30, "page": "people",
         "constraint": {"question": "children", "less_than": 30},
         "constraint_message": {"th": "ต้องน้อยกว่าจำนวนสมาชิก", "en": "Must be fewer than the people living here"},
         "label": {"th": "จำนวนเด็ก", "en": "Children"}},
        {"id": "head_age", "type": "number", "min": 15, "max": 110, "page": "people", "default": 40,
         "constraint": {"all": [{"at_least": 18}, {"at_most": 100}]},
         "constraint_message": {"th": "อายุ 18 ถึง 100 ปี", "en": "Age 18 to 100"},
         "label": {"th": "อายุหัวหน้าครัวเรือน", "en": "Age of the head of household"}},
        {"id": "income", "type": "multiple_choice", "required": true,
         "label": {"th": "รายได้หลัก", "en": "Main income"},
         "options": [{"id": "farming", "label": {"th": "เกษตร", "en": "Farming"}},
                     {"id": "trade", "label": {"th": "ค้าขาย", "en": "Trade"}},
                     {"id": "wages", "label": {"th": "รับจ้าง", "en": "Wages"}}]},
        {"id": "rai", "type": "decimal", "min": 0, "max": 1000, "decimals": 1, "page": "farm",
         "label": {"th": "พื้นที่ทำกิน (ไร่)", "en": "Land farmed (rai)"}},
        {"id": "crop", "type": "single_choice", "page": "farm", "label": {"th": "พืชหลัก", "en": "Main crop"},
         "options": [{"id": "rice", "label": {"th": "ข้าว", "en": "Rice"}},
                     {"id": "cassava", "label": {"th": "มันสำปะหลัง", "en": "Cassava"}}]},
        {"id": "big_family_help", "type": "likert",
         "show_if": {"any": [{"question": "members", "greater_than": 6},
                             {"all": [{"question": "children", "at_least": 3},
                                      {"not": {"question": "income", "selected": "wages"}}]}]},
         "label": {"th": "ต้องการความช่วยเหลือ", "en": "Would like support"}},
        {"id": "no_crop", "type": "text", "show_if": {"question": "crop", "not_answered": true},
         "label": {"th": "เหตุที่ไม่ปลูก", "en": "Why nothing is grown"}},
        {"id": "not_rice", "type": "text", "show_if": {"question": "crop", "not_equals": "rice"},
         "label": {"th": "ทำไมไม่ปลูกข้าว", "en": "Why not rice"}}
      ]
    })json");
}

SurveyDefinition load(const Json& doc) {
    auto def = SurveyDefinition::parse(doc.dump(), "household.json");
    INFO((def.ok() ? "" : def.error().message));
    REQUIRE(def.ok());
    return std::move(*def);
}

using Strings = std::vector<std::string>;
using test::Says;

// Each kind of bad definition, made from household(), and what it is told.
const std::vector<test::BadFile<Json>> kBadDefinitions = {
    {"a condition on a question that does not exist",
     [](Json d) { d["questions"][7]["show_if"]["any"][0]["question"] = "membres"; return d.dump(); },
     Says::Exactly,
     "household.json: questions[7] (big_family_help): show_if: any[0]: question: \"membres\" is not an earlier "
     "question of this survey"},
    {"a condition on a later question (no forward references, so no cycles)",
     [](Json d) { d["questions"][1]["show_if"] = {{"question", "crop"}, {"answered", true}}; return d.dump(); },
     Says::Exactly,
     "household.json: questions[1] (members): show_if: question: \"crop\" is not an earlier question of this survey"},
    {"a comparison on a choice question",
     [](Json d) { d["questions"][8]["show_if"] = {{"question", "crop"}, {"at_least", 2}}; return d.dump(); },
     Says::Exactly,
     "household.json: questions[8] (no_crop): show_if: at_least: \"crop\" is a single_choice question; only numbers "
     "can be compared (rating, likert, number, decimal)"},
    {"a choice compared with a number",
     [](Json d) { d["questions"][9]["show_if"]["not_equals"] = 1; return d.dump(); },
     Says::Exactly,
     "household.json: questions[9] (not_rice): show_if: not_equals: \"crop\" is a choice question: give one of its "
     "option ids"},
    {"an option that does not exist",
     [](Json d) { d["questions"][9]["show_if"]["not_equals"] = "maize"; return d.dump(); },
     Says::Exactly,
     "household.json: questions[9] (not_rice): show_if: not_equals: \"maize\" is not an option of \"crop\""},
    {"a number compared with text",
     [](Json d) { d["questions"][7]["show_if"]["any"][0]["greater_than"] = "six"; return d.dump(); },
     Says::Containing, "any[0]: greater_than: \"members\" is a number question: give a whole number"},
    {"selected on a number", [](Json d) { d["questions"][8]["show_if"] = {{"question", "members"}, {"selected", "x"}}; return d.dump(); },
     Says::Containing, "selected: \"members\" is a number question; only choices can be selected"},
    {"a condition on a note",
     [](Json d) { d["questions"][8]["show_if"] = {{"question", "intro"}, {"answered", true}}; return d.dump(); },
     Says::Containing, "question: \"intro\" is a note and has no answer to test"},
    {"a constraint on a note",
     [](Json d) { d["questions"][0]["constraint"] = {{"answered", true}}; return d.dump(); },
     Says::Exactly, "household.json: questions[0] (intro): constraint: a note takes no answer, so it cannot have one"},
    {"a required note", [](Json d) { d["questions"][0]["required"] = true; return d.dump(); },
     Says::Exactly, "household.json: questions[0] (intro): required: a note takes no answer, so it cannot have one"},
    {"an unknown test", [](Json d) { d["questions"][9]["show_if"]["contains"] = "x"; return d.dump(); },
     Says::Containing, "show_if: contains: is not part of a condition"},
    {"two tests in one leaf", [](Json d) { d["questions"][9]["show_if"]["answered"] = true; return d.dump(); },
     Says::Containing, "show_if: give exactly one of"},
    {"\"all\" with one condition",
     [](Json d) { d["questions"][3]["constraint"] = {{"all", Json::array({{{"at_least", 18}}})}}; return d.dump(); },
     Says::Containing, "constraint: all: must be a list of at least two conditions"},
    {"\"not\" beside something else",
     [](Json d) { d["questions"][9]["show_if"] = {{"not", {{"question", "crop"}, {"answered", true}}}, {"question", "crop"}}; return d.dump(); },
     Says::Containing, "show_if: \"not\" stands alone"},
    {"a show-if without a question",
     [](Json d) { d["questions"][9]["show_if"] = {{"equals", "rice"}}; return d.dump(); },
     Says::Containing, "questions[9] (not_rice): show_if: question: is missing"},
    {"a constraint message without a constraint",
     [](Json d) { d["questions"][1]["constraint_message"] = {{"th", "ก"}, {"en", "a"}}; return d.dump(); },
     Says::Containing, "questions[1] (members): constraint_message: is given without a constraint"},
    {"a constraint message in Thai only",
     [](Json d) { d["questions"][2]["constraint_message"].erase("en"); return d.dump(); },
     Says::Containing, "questions[2] (children): constraint_message: en: is missing"},
    {"a page that does not exist", [](Json d) { d["questions"][5]["page"] = "farms"; return d.dump(); },
     Says::Exactly, "household.json: questions[5] (rai): page: \"farms\" is not one of the survey's pages"},
    {"a page split in two", [](Json d) { d["questions"][4]["page"] = "farm"; d["questions"][6].erase("page"); d["questions"][8]["page"] = "farm"; return d.dump(); },
     Says::Exactly,
     "household.json: questions[8] (no_crop): page: the questions of page \"farm\" must come one after another"},
    {"a page with no questions",
     [](Json d) { for (auto& q : d["questions"]) if (q.value("page", "") == "farm") q.erase("page"); return d.dump(); },
     Says::Exactly, "household.json: pages[1] (farm): no question is on this page"},
    {"a page condition on a question of the page",
     [](Json d) { d["pages"][1]["show_if"] = {{"question", "rai"}, {"answered", true}}; return d.dump(); },
     Says::Containing, "pages[1] (farm): show_if: question: \"rai\" is not an earlier question"},
    {"a default outside the range", [](Json d) { d["questions"][3]["default"] = 7; return d.dump(); },
     Says::Containing, "questions[3] (head_age): default: question head_age: the answer must be a number from 15 to 110"},
    {"a decimal with too many digits for its default",
     [](Json d) { d["questions"][5]["default"] = 2.25; return d.dump(); },
     Says::Containing, "default: question rai: the answer may have at most 1 digits after the point"},
    {"a decimal without bounds", [](Json d) { d["questions"][5].erase("max"); return d.dump(); },
     Says::Exactly, "household.json: questions[5] (rai): max: is missing"},
    {"conditions nested too deep",
     [](Json d) {
         Json c = {{"question", "members"}, {"answered", true}};
         for (int i = 0; i < 20; ++i)
             c = {{"not", c}};
         d["questions"][9]["show_if"] = c;
         return d.dump();
     },
     Says::Containing, "nests conditions more than 16 deep"},
};

}  // namespace

TEST_CASE("all, any, not, comparisons and selected decide what is shown", "[survey][conditions]") {
    auto def = load(household());
    SurveyResponse r(def);
    const Question& help = *def.find("big_family_help");

    CHECK_FALSE(r.isShown(help));  // nothing answered: every comparison is false
    REQUIRE(r.answer("members", std::int64_t{7}).ok());
    CHECK(r.isShown(help));  // members > 6
    REQUIRE(r.answer("members", std::int64_t{6}).ok());
    CHECK_FALSE(r.isShown(help));
    REQUIRE(r.answer("children", std::int64_t{3}).ok());
    CHECK(r.isShown(help));  // children >= 3, and "selected wages" is false with no income given, so not() holds
    REQUIRE(r.answer("income", Strings{"trade"}).ok());
    CHECK(r.isShown(help));  // children >= 3 and not selected(wages)
    REQUIRE(r.answer("help_missing_is_refused", std::int64_t{1}).error().code == ErrorCode::NotFound);
    REQUIRE(r.answer("big_family_help", std::int64_t{4}).ok());
    REQUIRE(r.answer("income", Strings{"trade", "wages"}).ok());
    CHECK_FALSE(r.isShown(help));
    CHECK(std::holds_alternative<std::monostate>(r.answerTo("big_family_help")));  // dropped with it
}

TEST_CASE("answered, not answered and not equals treat a missing answer as unknown", "[survey][conditions]") {
    auto def = load(household());
    SurveyResponse r(def);
    REQUIRE(r.answer("income", Strings{"farming"}).ok());
    const Question& noCrop = *def.find("no_crop");
    const Question& notRice = *def.find("not_rice");
    CHECK(r.isShown(noCrop));
    CHECK_FALSE(r.isShown(notRice));  // a comparison on no answer is false, even "not equals"
    REQUIRE(r.answer("crop", std::string("cassava")).ok());
    CHECK_FALSE(r.isShown(noCrop));
    CHECK(r.isShown(notRice));
    REQUIRE(r.answer("crop", std::string("rice")).ok());
    CHECK_FALSE(r.isShown(notRice));
}

TEST_CASE("a page groups questions and its condition hides them all", "[survey][pages]") {
    auto def = load(household());
    REQUIRE(def.pages().size() == 2);
    const SurveyPage& people = def.pages()[0];
    CHECK(people.id == "people");
    CHECK(people.first == 1);
    CHECK(people.count == 3);
    const SurveyPage& farm = def.pages()[1];
    CHECK(farm.first == 5);
    CHECK(farm.count == 2);
    CHECK(def.find("rai")->page == 1);
    CHECK(def.find("intro")->page == -1);
    CHECK(def.find("members")->hint->en == "Yourself included");

    SurveyResponse r(def);
    CHECK_FALSE(r.isShown(*def.find("rai")));
    CHECK_FALSE(r.answer("rai", 2.5).ok());  // hidden with its page
    REQUIRE(r.answer("income", Strings{"farming", "trade"}).ok());
    CHECK(r.isShown(*def.find("rai")));
    CHECK(r.isShown(*def.find("crop")));
    REQUIRE(r.answer("rai", 2.5).ok());
    REQUIRE(r.answer("crop", std::string("rice")).ok());
    REQUIRE(r.answer("income", Strings{"trade"}).ok());
    CHECK(std::holds_alternative<std::monostate>(r.answerTo("rai")));
    CHECK(std::holds_alternative<std::monostate>(r.answerTo("crop")));
}

TEST_CASE("a constraint refuses an answer with its message and is checked again before leaving", "[survey][constraints]") {
    auto def = load(household());
    SurveyResponse r(def);
    const Question& age = *def.find("head_age");
    CHECK(std::get<std::int64_t>(r.answerTo("head_age")) == 40);  // the default, given at the start

    auto young = r.answer("head_age", std::int64_t{16});  // in the question's range, outside its constraint
    REQUIRE_FALSE(young.ok());
    CHECK(young.error().message == "question head_age: the answer is refused: Age 18 to 100");
    CHECK_FALSE(r.meetsConstraint(age, std::int64_t{101}));
    CHECK(r.meetsConstraint(age, std::int64_t{18}));
    CHECK(std::get<std::int64_t>(r.answerTo("head_age")) == 40);  // kept
    CHECK(age.constraintMessage->th == "อายุ 18 ถึง 100 ปี");

    REQUIRE(r.answer("members", std::int64_t{4}).ok());
    CHECK(r.answer("children", std::int64_t{29}).ok());
    CHECK_FALSE(r.answer("children", std::int64_t{30}).ok());
    CHECK(r.checkQuestion(def.indexOf("children")).ok());
}

TEST_CASE("a note takes no answer, and a decimal takes a number with so many digits", "[survey]") {
    auto def = load(household());
    SurveyResponse r(def);
    CHECK(r.checkQuestion(0).ok());
    auto note = r.answer("intro", std::string("x"));
    REQUIRE_FALSE(note.ok());
    CHECK(note.error().message == "question intro: a note takes no answer");
    REQUIRE(r.answer("income", Strings{"farming"}).ok());
    CHECK(r.answer("rai", 12.5).ok());
    CHECK(r.answer("rai", std::int64_t{3}).ok());  // a whole number is a decimal too
    CHECK(std::get<double>(r.answerTo("rai")) == 3.0);
    CHECK_FALSE(r.answer("rai", 12.25).ok());
    CHECK_FALSE(r.answer("rai", 1000.5).ok());
    CHECK_FALSE(r.answer("rai", std::string("12")).ok());

    REQUIRE(r.answer("members", std::int64_t{3}).ok());
    auto payload = r.toPayload("field");
    REQUIRE(payload.ok());
    auto doc = Json::parse(*payload);
    CHECK(doc["answers"]["rai"] == 3.0);
    CHECK(doc["answers"]["head_age"] == 40);
    CHECK_FALSE(doc["answers"].contains("intro"));
}

TEST_CASE("each kind of bad condition, constraint or page gets its clear error", "[survey][conditions]") {
    test::checkRefused<SurveyDefinition>(GENERATE(from_range(kBadDefinitions)), household(), "household.json");
}
