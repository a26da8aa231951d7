// A field session's context: questions asked once and attached to every
// response, quotas per site and their progress, and the demo buyer survey
// that declares them.

#include "core/survey.hpp"

#include "core/json_fields.hpp"
#include "bad_files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace fangsiang;
using namespace fangsiang::core;

namespace {

SurveyDefinition buyerSurvey() {
    auto def = SurveyDefinition::load(std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content/surveys/product-buyer.json");
    INFO((def.ok() ? "" : def.error().message));
    REQUIRE(def.ok());
    return std::move(*def);
}

Json buyerJson() {
    auto bytes = std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content/surveys/product-buyer.json";
    std::ifstream in(bytes);
    return Json::parse(in);
}

// Answers every required question of the buyer survey.
void answerBuyer(SurveyResponse& r, const char* boughtAt) {
    const std::vector<std::pair<const char*, Answer>> answers = {
        {"product", std::string("woven-cloth")}, {"bought_at", std::string(boughtAt)},
        {"buyer_type", std::string("thai-visitor")}, {"quality", std::int64_t{5}}, {"packaging", std::int64_t{4}},
        {"seller", std::int64_t{5}}, {"channels", std::vector<std::string>{"fair"}}, {"recommend", std::int64_t{4}},
        {"buy_again", std::string("maybe")}};
    for (const auto& [q, a] : answers) {
        INFO(q);
        REQUIRE(r.answer(q, a).ok());
    }
}

using test::Says;

const std::vector<test::BadFile<Json>> kBadSessions = {
    {"a session question with the id of a respondent's question",
     [](Json d) { d["session"]["questions"][2]["id"] = "product"; return d.dump(); },
     Says::Exactly, "buyer.json: questions[0] (product): id: \"product\" is used twice"},
    {"a quota on a question that is not the session's",
     [](Json d) { d["session"]["quotas"][0]["question"] = "product"; return d.dump(); },
     Says::Exactly, "buyer.json: session: quotas[0]: question: \"product\" is not a session question"},
    {"a quota for a value that is not an option",
     [](Json d) { d["session"]["quotas"][0]["targets"][1]["value"] = "temple-fair"; return d.dump(); },
     Says::Exactly,
     "buyer.json: session: quotas[0]: targets[1]: value: \"temple-fair\" is not an option of \"site\""},
    {"two targets for one value",
     [](Json d) { d["session"]["quotas"][0]["targets"][1]["value"] = "sunday-market"; return d.dump(); },
     Says::Containing, "targets[1]: value: has a target already"},
    {"a target of nobody", [](Json d) { d["session"]["quotas"][0]["targets"][0]["count"] = 0; return d.dump(); },
     Says::Containing, "targets[0]: count: must be between 1 and 1000000"},
    {"a session question on a page",
     [](Json d) { d["session"]["questions"][0]["page"] = "x"; return d.dump(); },
     Says::Containing, "session: questions[0] (site): page: session questions are asked on one screen"},
    {"a session without questions", [](Json d) { d["session"]["questions"] = Json::array(); return d.dump(); },
     Says::Exactly, "buyer.json: session: questions: needs at least one question"},
    {"a respondent's question conditioned on a session question",
     [](Json d) { d["questions"][1]["show_if"] = {{"question", "site"}, {"answered", true}}; return d.dump(); },
     Says::Containing, "questions[1] (product_other): show_if: question: \"site\" is not an earlier question"},
};

}  // namespace

TEST_CASE("the demo buyer survey asks where the product was bought, Thai first", "[survey][assets]") {
    auto def = buyerSurvey();
    const Question* where = def.find("bought_at");
    REQUIRE(where != nullptr);
    CHECK(where->type == QuestionType::SingleChoice);
    CHECK(where->required);
    std::vector<std::string> ids;
    for (const auto& o : where->options) {
        CHECK_FALSE(o.label.th.empty());
        CHECK_FALSE(o.label.en.empty());
        ids.push_back(o.id);
    }
    CHECK(ids == std::vector<std::string>{"online", "shop", "fair", "market"});
    CHECK(where->label.th == "ท่านซื้อสินค้านี้จากที่ใด");

    SurveyResponse r(def);
    const Question& delivery = *def.find("delivery");
    answerBuyer(r, "market");
    CHECK_FALSE(r.isShown(delivery));
    REQUIRE(r.answer("bought_at", std::string("online")).ok());
    CHECK(r.isShown(delivery));
}

TEST_CASE("session questions are asked once and go with every response", "[survey][session]") {
    auto def = buyerSurvey();
    const SurveyDefinition* session = def.session();
    REQUIRE(session != nullptr);
    REQUIRE(session->questions().size() == 3);
    CHECK(session->questions()[0].id == "site");
    CHECK(def.find("site") == nullptr);  // not asked of each respondent

    SurveyResponse context(*session);
    REQUIRE(context.answer("site", std::string("village")).ok());
    CHECK(context.isShown(*session->find("village_no")));
    REQUIRE(context.answer("village_no", std::int64_t{4}).ok());

    for (const char* boughtAt : {"fair", "online"}) {
        SurveyResponse respondent(def);  // the next respondent: the session's answers stay
        answerBuyer(respondent, boughtAt);
        auto payload = respondent.toPayload("field", &context);
        REQUIRE(payload.ok());
        auto doc = Json::parse(*payload);
        CHECK(doc["session"] == Json({{"site", "village"}, {"village_no", 4}}));
        CHECK(doc["answers"]["bought_at"] == boughtAt);
        CHECK(doc["version"] == 2);
        CHECK_FALSE(doc["answers"].contains("site"));
    }

    SECTION("an unfinished session is refused") {
        SurveyResponse empty(*session);
        SurveyResponse respondent(def);
        answerBuyer(respondent, "fair");
        auto payload = respondent.toPayload("field", &empty);
        REQUIRE_FALSE(payload.ok());
        CHECK(payload.error().message == "question site needs an answer");
    }
    SECTION("a session of another survey is refused") {
        SurveyResponse respondent(def);
        answerBuyer(respondent, "fair");
        SurveyResponse notASession(def);
        auto payload = respondent.toPayload("field", &notASession);
        REQUIRE_FALSE(payload.ok());
        CHECK(payload.error().message == "survey product-buyer: the session's answers are not for this survey");
    }
}

TEST_CASE("quota progress counts responses per site against its target", "[survey][quotas]") {
    auto def = buyerSurvey();
    REQUIRE(def.quotas().size() == 1);
    const Quota& quota = def.quotas().front();
    CHECK(quota.question == "site");
    REQUIRE(quota.targets.size() == 3);

    auto progress = quotaProgress(quota, {{std::string("sunday-market"), 12},
                                          {std::string("otop-fair"), 30},
                                          {std::string("otop-centre"), 25},
                                          {std::string("village"), 7}});  // no target: ignored
    REQUIRE(progress.size() == 3);
    CHECK(std::get<std::string>(progress[0].value) == "sunday-market");
    CHECK(progress[0].target == 40);
    CHECK(progress[0].done == 12);
    CHECK(progress[0].remaining == 28);
    CHECK_FALSE(progress[0].met);
    CHECK(progress[1].met);
    CHECK(progress[1].remaining == 0);
    CHECK(progress[2].done == 25);  // beyond the target
    CHECK(progress[2].remaining == 0);
    CHECK_FALSE(quotaMet(progress));

    auto none = quotaProgress(quota, {});
    CHECK(none[0].done == 0);
    CHECK(none[0].remaining == 40);
    CHECK(quotaMet(quotaProgress(quota, {{std::string("sunday-market"), 40},
                                         {std::string("otop-fair"), 31},
                                         {std::string("otop-centre"), 20}})));
}

TEST_CASE("each kind of bad session or quota gets its clear error", "[survey][session]") {
    test::checkRefused<SurveyDefinition>(GENERATE(from_range(kBadSessions)), buyerJson(), "buyer.json");
}
