#include "core/survey.hpp"

#include "core/catalogue.hpp"
#include "core/json_fields.hpp"
#include "bad_files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace fangsiang;
using namespace fangsiang::core;

namespace {

// One question of each type, with show-if conditions of each form.
Json everyType() {
    return Json::parse(R"({
      "format": 1, "id": "otop-buyer", "version": 3,
      "title": {"th": "ความพึงพอใจของผู้ซื้อ", "en": "Buyer satisfaction"},
      "questions": [
        {"id": "overall", "type": "rating", "required": true, "label": {"th": "โดยรวม", "en": "Overall"}},
        {"id": "why_low", "type": "text", "max_length": 20, "required": true,
         "show_if": {"question": "overall", "in": [1, 2]}, "label": {"th": "เพราะอะไร", "en": "Why?"}},
        {"id": "worth", "type": "likert", "label": {"th": "คุ้มค่า", "en": "Good value"}},
        {"id": "channel", "type": "single_choice", "required": true, "label": {"th": "ซื้อที่ไหน", "en": "Where bought"},
         "options": [{"id": "market", "label": {"th": "ตลาด", "en": "Market"}},
                     {"id": "online", "label": {"th": "ออนไลน์", "en": "Online"}}]},
        {"id": "delivery", "type": "rating", "show_if": {"question": "channel", "equals": "online"},
         "label": {"th": "การจัดส่ง", "en": "Delivery"}},
        {"id": "liked", "type": "multiple_choice", "max_choices": 2, "label": {"th": "ชอบอะไร", "en": "What you liked"},
         "options": [{"id": "taste", "label": {"th": "รสชาติ", "en": "Taste"}},
                     {"id": "package", "label": {"th": "บรรจุภัณฑ์", "en": "Packaging"}},
                     {"id": "price", "label": {"th": "ราคา", "en": "Price"}}]},
        {"id": "age", "type": "number", "min": 10, "max": 120, "label": {"th": "อายุ", "en": "Age"}},
        {"id": "age_note", "type": "text", "show_if": {"question": "age", "answered": true},
         "label": {"th": "หมายเหตุ", "en": "Note"}}
      ]
    })");
}

SurveyDefinition load(const Json& doc) {
    auto def = SurveyDefinition::parse(doc.dump(), "otop.json");
    INFO((def.ok() ? "" : def.error().message));
    REQUIRE(def.ok());
    return std::move(*def);
}

using test::Says;

// Each kind of bad survey definition, made from everyType(), and what it is told.
const std::vector<test::BadFile<Json>> kBadSurveys = {
    {"unknown type", [](Json doc) { doc["questions"][2]["type"] = "slider"; return doc.dump(); },
     Says::StartingWith, "otop.json: questions[2] (worth): type: \"slider\" is not a question type"},
    {"show-if on a later question",
     [](Json doc) {
         doc["questions"][0]["show_if"] = {{"question", "age"}, {"answered", true}};
         return doc.dump();
     },
     Says::Containing, "show_if: question: \"age\" is not an earlier question"},
    {"show-if with two conditions", [](Json doc) { doc["questions"][1]["show_if"]["equals"] = 1; return doc.dump(); },
     Says::Containing, "give exactly one of"},
    {"a choice question without options", [](Json doc) { doc["questions"][3].erase("options"); return doc.dump(); },
     Says::Exactly, "otop.json: questions[3] (channel): options: is missing"},
    {"a duplicate option", [](Json doc) { doc["questions"][3]["options"][1]["id"] = "market"; return doc.dump(); },
     Says::Containing, "options[1] (market): id: \"market\" is used twice"},
    {"a number without bounds", [](Json doc) { doc["questions"][6].erase("max"); return doc.dump(); },
     Says::Exactly, "otop.json: questions[6] (age): max: is missing"},
    {"min above max", [](Json doc) { doc["questions"][6]["min"] = 200; return doc.dump(); },
     Says::Containing, "\"min\" is greater than \"max\""},
    {"a text limit beyond 2,000 characters", [](Json doc) { doc["questions"][1]["max_length"] = 5000; return doc.dump(); },
     Says::Containing, "max_length: must be between 1 and 2000"},
    {"a duplicate question id", [](Json doc) { doc["questions"][2]["id"] = "overall"; return doc.dump(); },
     Says::Containing, "\"overall\" is used twice"},
    {"no version", [](Json doc) { doc.erase("version"); return doc.dump(); },
     Says::Exactly, "otop.json: version: is missing"},
    {"required that is not a boolean", [](Json doc) { doc["questions"][0]["required"] = "yes"; return doc.dump(); },
     Says::Containing, "required: must be true or false"},
};

}  // namespace

TEST_CASE("every question type accepts good answers and refuses bad ones", "[survey]") {
    auto def = load(everyType());
    SurveyResponse r(def);

    CHECK(r.answer("overall", std::int64_t{4}).ok());
    CHECK_FALSE(r.answer("overall", std::int64_t{6}).ok());
    CHECK_FALSE(r.answer("overall", std::int64_t{0}).ok());
    CHECK_FALSE(r.answer("overall", std::string("5")).ok());
    CHECK(std::get<std::int64_t>(r.answerTo("overall")) == 4);  // the bad answers changed nothing

    CHECK(r.answer("worth", std::int64_t{5}).ok());
    CHECK(r.answer("channel", std::string("market")).ok());
    CHECK_FALSE(r.answer("channel", std::string("shop")).ok());

    CHECK(r.answer("liked", std::vector<std::string>{"taste", "price"}).ok());
    CHECK_FALSE(r.answer("liked", std::vector<std::string>{"taste", "price", "package"}).ok());  // max_choices
    CHECK_FALSE(r.answer("liked", std::vector<std::string>{"taste", "taste"}).ok());
    CHECK_FALSE(r.answer("liked", std::vector<std::string>{}).ok());

    CHECK(r.answer("age", std::int64_t{67}).ok());
    CHECK_FALSE(r.answer("age", std::int64_t{9}).ok());
    CHECK_FALSE(r.answer("age", std::int64_t{121}).ok());

    CHECK(r.answer("age_note", std::string("ซื้อฝากหลาน")).ok());
    CHECK_FALSE(r.answer("age_note", std::string("   ")).ok());
    CHECK_FALSE(r.answer("nope", std::int64_t{1}).ok());
}

TEST_CASE("show-if asks a question only when an earlier answer matches", "[survey]") {
    auto def = load(everyType());
    SurveyResponse r(def);
    const Question& whyLow = *def.find("why_low");
    const Question& delivery = *def.find("delivery");
    const Question& ageNote = *def.find("age_note");

    CHECK_FALSE(r.isShown(whyLow));
    CHECK_FALSE(r.answer("why_low", std::string("แพง")).ok());  // not shown yet

    REQUIRE(r.answer("overall", std::int64_t{2}).ok());
    CHECK(r.isShown(whyLow));
    REQUIRE(r.answer("why_low", std::string("แพงไป")).ok());

    SECTION("changing the earlier answer hides the question and drops its answer") {
        REQUIRE(r.answer("overall", std::int64_t{5}).ok());
        CHECK_FALSE(r.isShown(whyLow));
        CHECK(std::holds_alternative<std::monostate>(r.answerTo("why_low")));
    }
    SECTION("equals") {
        REQUIRE(r.answer("channel", std::string("market")).ok());
        CHECK_FALSE(r.isShown(delivery));
        REQUIRE(r.answer("channel", std::string("online")).ok());
        CHECK(r.isShown(delivery));
    }
    SECTION("answered") {
        CHECK_FALSE(r.isShown(ageNote));
        REQUIRE(r.answer("age", std::int64_t{30}).ok());
        CHECK(r.isShown(ageNote));
        r.clear("age");
        CHECK_FALSE(r.isShown(ageNote));
    }
    SECTION("navigation skips hidden questions both ways") {
        REQUIRE(r.answer("channel", std::string("market")).ok());
        CHECK(r.nextShown(-1) == 0);
        CHECK(r.nextShown(0) == 1);          // why_low shown (overall is 2)
        CHECK(r.nextShown(3) == 5);          // delivery hidden
        CHECK(r.previousShown(5) == 3);
        CHECK(r.nextShown(6) == -1);         // age_note hidden: the end
    }
}

TEST_CASE("required questions must be answered before the response is complete", "[survey]") {
    auto def = load(everyType());
    SurveyResponse r(def);
    auto incomplete = r.checkComplete();
    REQUIRE_FALSE(incomplete.ok());
    CHECK(incomplete.error().message == "question overall needs an answer");
    CHECK_FALSE(r.checkQuestion(0).ok());
    CHECK(r.checkQuestion(2).ok());  // optional

    REQUIRE(r.answer("overall", std::int64_t{1}).ok());
    CHECK(r.checkComplete().error().message == "question why_low needs an answer");  // shown now, required
    REQUIRE(r.answer("why_low", std::string("รอนาน")).ok());
    CHECK(r.checkComplete().error().message == "question channel needs an answer");
    REQUIRE(r.answer("channel", std::string("online")).ok());
    REQUIRE(r.checkComplete().ok());

    auto payload = r.toPayload("field");
    REQUIRE(payload.ok());
    auto doc = Json::parse(*payload);
    CHECK(doc["survey"] == "otop-buyer");
    CHECK(doc["version"] == 3);
    CHECK(doc["context"] == "field");
    CHECK(doc["answers"]["overall"] == 1);
    CHECK(doc["answers"]["why_low"] == "รอนาน");
    CHECK_FALSE(doc["answers"].contains("delivery"));  // shown but unanswered
    CHECK_FALSE(doc["answers"].contains("age_note"));  // hidden
}

TEST_CASE("text answers are limited in characters, not bytes", "[survey]") {
    auto def = load(everyType());
    SurveyResponse r(def);
    REQUIRE(r.answer("overall", std::int64_t{1}).ok());
    CHECK(r.answer("why_low", std::string("รอนานมากกกกกกกกกกกกก")).ok());  // 20 Thai characters, 60 bytes
    CHECK_FALSE(r.answer("why_low", std::string("รอนานมากกกกกกกกกกกกกก")).ok());  // 21
}

TEST_CASE("each kind of bad survey definition gets its clear error", "[survey]") {
    test::checkRefused<SurveyDefinition>(GENERATE(from_range(kBadSurveys)), everyType(), "otop.json");
}

TEST_CASE("the demo surveys are valid and use the office's services", "[survey][assets]") {
    const auto dir = std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content";
    auto catalogue = Catalogue::load(dir / "catalogue.json");
    REQUIRE(catalogue.ok());
    for (const char* file : {"standard-satisfaction.json", "product-buyer.json"}) {
        auto def = SurveyDefinition::load(dir / "surveys" / file);
        INFO(file << ": " << (def.ok() ? "" : def.error().message));
        REQUIRE(def.ok());
        REQUIRE(def->resolveOptions(*catalogue).ok());
        for (const auto& q : def->questions())
            if (q.type == QuestionType::SingleChoice || q.type == QuestionType::MultipleChoice)
                CHECK(q.options.size() >= 2);
    }
    auto standard = SurveyDefinition::load(dir / "surveys" / "standard-satisfaction.json");
    REQUIRE(standard.ok());
    int ratings = 0;
    for (const auto& q : standard->questions())
        ratings += q.type == QuestionType::Rating ? 1 : 0;
    CHECK(ratings == 5);
}
