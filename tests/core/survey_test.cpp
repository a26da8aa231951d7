#include "core/survey.hpp"

#include "core/catalogue.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace fangsiang;
using namespace fangsiang::core;
using nlohmann::json;

namespace {

// One question of each type, with show-if conditions of each form.
json everyType() {
    return json::parse(R"({
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

SurveyDefinition load(const json& doc) {
    auto def = SurveyDefinition::parse(doc.dump(), "otop.json");
    INFO((def.ok() ? "" : def.error().message));
    REQUIRE(def.ok());
    return std::move(*def);
}

std::string errorOf(const json& doc) {
    auto result = SurveyDefinition::parse(doc.dump(), "otop.json");
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

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
    auto doc = json::parse(*payload);
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
    SECTION("unknown type") {
        auto doc = everyType();
        doc["questions"][2]["type"] = "slider";
        CHECK(errorOf(doc).find("otop.json: questions[2] (worth): type: \"slider\" is not a question type") == 0);
    }
    SECTION("show-if on a later question") {
        auto doc = everyType();
        doc["questions"][0]["show_if"] = {{"question", "age"}, {"answered", true}};
        CHECK(errorOf(doc).find("show_if: question: \"age\" is not an earlier question") != std::string::npos);
    }
    SECTION("show-if with two conditions") {
        auto doc = everyType();
        doc["questions"][1]["show_if"]["equals"] = 1;
        CHECK(errorOf(doc).find("give exactly one of") != std::string::npos);
    }
    SECTION("a choice question without options") {
        auto doc = everyType();
        doc["questions"][3].erase("options");
        CHECK(errorOf(doc) == "otop.json: questions[3] (channel): options: is missing");
    }
    SECTION("a duplicate option") {
        auto doc = everyType();
        doc["questions"][3]["options"][1]["id"] = "market";
        CHECK(errorOf(doc).find("options[1] (market): id: \"market\" is used twice") != std::string::npos);
    }
    SECTION("a number without bounds") {
        auto doc = everyType();
        doc["questions"][6].erase("max");
        CHECK(errorOf(doc) == "otop.json: questions[6] (age): max: is missing");
    }
    SECTION("min above max") {
        auto doc = everyType();
        doc["questions"][6]["min"] = 200;
        CHECK(errorOf(doc).find("\"min\" is greater than \"max\"") != std::string::npos);
    }
    SECTION("a text limit beyond 2,000 characters") {
        auto doc = everyType();
        doc["questions"][1]["max_length"] = 5000;
        CHECK(errorOf(doc).find("max_length: must be between 1 and 2000") != std::string::npos);
    }
    SECTION("a duplicate question id") {
        auto doc = everyType();
        doc["questions"][2]["id"] = "overall";
        CHECK(errorOf(doc).find("\"overall\" is used twice") != std::string::npos);
    }
    SECTION("no version") {
        auto doc = everyType();
        doc.erase("version");
        CHECK(errorOf(doc) == "otop.json: version: is missing");
    }
    SECTION("required that is not a boolean") {
        auto doc = everyType();
        doc["questions"][0]["required"] = "yes";
        CHECK(errorOf(doc).find("required: must be true or false") != std::string::npos);
    }
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
