// Field mode over a real record store and a real drafts file: the session
// (enumerator, survey, context), the respondent loop, drafts, quotas, and
// what never carries over from one respondent to the next.

#include "kiosk/field_flow.hpp"

#include "field_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <set>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;
using Catch::Matchers::Contains;
using Json = nlohmann::json;

namespace {

// Field mode over the buyer survey: one question a screen (the survey
// without its pages), or with its pages.
struct Field {
    explicit Field(bool pages = false)
        : buyer(pages ? buyerSurvey(FANGSIANG_ASSETS_DIR) : buyerSurveyOnePerScreen(FANGSIANG_ASSETS_DIR)) {}
    TempDir dir;
    DeviceIdentity identity = seededIdentity(7);
    SurveyDefinition buyer;
    Store store = Store::open(dir / "records.db").value();
    DraftStore drafts = DraftStore::open(dir.path()).value();
    std::int64_t now = kTestTimeMs;
    FieldStoreBackend backend{store, identity, [this] { return now; }};
    std::vector<Enumerator> enumerators{{"somsri", "สมศรี ใจงาม"}, {"anan", "อนันต์ ทองดี"}};
    std::unique_ptr<FieldFlow> flow = make();

    std::unique_ptr<FieldFlow> make() {
        return std::make_unique<FieldFlow>(std::vector<const SurveyDefinition*>{&buyer}, enumerators, backend, drafts,
                                           DisplaySettings{}, now);
    }
    std::int64_t later(std::int64_t ms = 1000) { return now += ms; }

    // Enumerator, survey and context: a session at the Sunday market.
    void startSession() {
        flow->chooseEnumerator("somsri", later());
        flow->chooseSurvey("product-buyer", later());
        REQUIRE(flow->screen() == FieldScreen::Context);
        chooseSundayMarket(*flow, later());
        REQUIRE(flow->screen() == FieldScreen::Ready);
    }
    // One respondent from consent to the thanks.
    void interview(int respondent) {
        flow->startRespondent(later());
        REQUIRE(flow->screen() == FieldScreen::Consent);
        flow->consent(true, later());
        for (int guard = 0; guard < 40 && flow->screen() == FieldScreen::Question; ++guard)
            answerOne(*flow, respondent, later());
        REQUIRE(flow->screen() == FieldScreen::Submitted);
    }
    std::vector<Json> payloads() {
        std::vector<Json> out;
        const auto head = store.head().value();
        for (std::uint64_t s = 1; s <= head.sequence; ++s)
            out.push_back(Json::parse(store.get(s).value()->payload()));
        return out;
    }
};

}  // namespace

TEST_CASE("a field session signs one record per respondent with the enumerator and the context", "[field]") {
    Field f;
    CHECK(f.flow->screen() == FieldScreen::Enumerator);
    f.startSession();
    for (int r = 0; r < 3; ++r)
        f.interview(r);

    const auto records = f.payloads();
    REQUIRE(records.size() == 3);
    std::set<std::string> interviews;
    for (const Json& p : records) {
        CHECK(p["survey"] == "product-buyer");
        CHECK(p["context"] == "field");
        CHECK(p["session"]["site"] == "sunday-market");
        CHECK(p["session"]["enumerator"] == "somsri");
        CHECK(p["answers"].contains("bought_at"));
        interviews.insert(p["session"]["interview"].get<std::string>());
    }
    CHECK(interviews.size() == 3);
    CHECK(f.store.verify().value().ok());
    CHECK(f.drafts.list().value().empty());  // submitted interviews leave no draft

    SECTION("the counters and the quota follow each submission") {
        CHECK(f.flow->counts().session == 3);
        CHECK(f.flow->counts().today == 3);
        CHECK(f.flow->counts().waiting == 3);
        CHECK(f.flow->counts().sent == 0);
        const auto& quota = f.flow->quota();
        REQUIRE(quota.size() == 3);
        CHECK(std::get<std::string>(quota[0].value) == "sunday-market");
        CHECK(quota[0].done == 3);
        CHECK(quota[0].remaining == 37);
        CHECK(quota[1].done == 0);
        // The store says the same when counted afresh, and after the hub acknowledges.
        REQUIRE(f.store.markAcknowledged(2, f.later()).ok());
        f.flow->refreshCounts(f.now);
        CHECK(f.flow->counts().sent == 2);
        CHECK(f.flow->counts().waiting == 1);
        CHECK(f.flow->quota()[0].done == 3);
    }
    SECTION("a new session starts its own count; today's stays") {
        f.flow->endSession(f.later());
        f.startSession();
        CHECK(f.flow->counts().session == 0);
        CHECK(f.flow->counts().today == 3);
    }
}

TEST_CASE("one touch leads from the thanks to the next respondent, and nothing carries over", "[field]") {
    Field f;
    f.startSession();
    f.interview(0);
    const unsigned before = f.flow->respondent();
    f.flow->startRespondent(f.later());
    CHECK(f.flow->screen() == FieldScreen::Consent);
    CHECK(f.flow->respondent() != before);  // the screens wipe what they held
    f.flow->consent(true, f.later());
    REQUIRE(f.flow->screen() == FieldScreen::Question);
    CHECK(f.flow->currentQuestion()->id == "product");
    // The new respondent starts from the survey's defaults: no earlier answer.
    for (const Question& q : f.buyer.questions())
        CHECK(std::holds_alternative<std::monostate>(f.flow->answers()->answerTo(q.id)));
    // The context stays.
    f.flow->setAside(f.later());
    CHECK(f.flow->screen() == FieldScreen::Ready);
}

TEST_CASE("a respondent who declines consent leaves nothing behind", "[field]") {
    Field f;
    f.startSession();
    f.flow->startRespondent(f.later());
    f.flow->consent(false, f.later());
    CHECK(f.flow->screen() == FieldScreen::Ready);
    CHECK(f.drafts.list().value().empty());
    CHECK(f.store.head().value().sequence == 0);
}

TEST_CASE("every answer is saved as a draft, which resumes after a restart", "[field][drafts]") {
    Field f;
    f.startSession();
    f.flow->startRespondent(f.later());
    f.flow->consent(true, f.later());
    f.flow->answer(std::string("herbal-soap"), f.later());
    f.flow->next(f.later());
    f.flow->answer(std::string("online"), f.later());

    auto saved = f.drafts.list().value();
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].answered == 2);
    CHECK(saved[0].enumeratorId == "somsri");
    CHECK_THAT(saved[0].sessionJson, Contains("sunday-market"));
    CHECK(saved[0].headAtStart == 0);
    struct stat st{};
    REQUIRE(::stat((f.dir / kDraftsFile).c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    // The program ends without a word: a new flow over the same files.
    f.flow.reset();
    f.flow = f.make();
    REQUIRE(f.flow->drafts().size() == 1);
    f.flow->openDrafts(f.later());
    CHECK(f.flow->screen() == FieldScreen::Drafts);
    f.flow->resumeDraft(saved[0].id, f.later());
    REQUIRE(f.flow->screen() == FieldScreen::Question);
    CHECK(f.flow->currentQuestion()->id == "bought_at");
    CHECK(std::get<std::string>(f.flow->answers()->answerTo("product")) == "herbal-soap");
    CHECK(std::get<std::string>(f.flow->answers()->answerTo("bought_at")) == "online");
    for (int guard = 0; guard < 40 && f.flow->screen() == FieldScreen::Question; ++guard)
        answerOne(*f.flow, 1, f.later());
    REQUIRE(f.flow->screen() == FieldScreen::Submitted);
    const auto records = f.payloads();
    REQUIRE(records.size() == 1);
    CHECK(records[0]["session"]["interview"] == saved[0].id);
    CHECK(records[0]["session"]["site"] == "sunday-market");
    CHECK(records[0]["answers"]["product"] == "herbal-soap");
    CHECK(f.drafts.list().value().empty());

    SECTION("a discarded draft is gone and was never signed") {
        f.flow->startRespondent(f.later());
        f.flow->consent(true, f.later());
        f.flow->answer(std::string("woven-cloth"), f.later());
        f.flow->setAside(f.later());
        REQUIRE(f.flow->drafts().size() == 1);
        f.flow->openDrafts(f.later());
        f.flow->discardDraft(f.flow->drafts()[0].id, f.later());
        CHECK(f.flow->drafts().empty());
        CHECK(f.drafts.list().value().empty());
        CHECK(f.store.head().value().sequence == 1);
    }
}

TEST_CASE("a draft whose record was signed before a crash is settled, never signed twice", "[field][drafts]") {
    Field f;
    f.startSession();
    f.interview(0);
    const std::string id = f.payloads()[0]["session"]["interview"];
    // As if the program died between signing and removing the draft.
    Draft d;
    d.id = id;
    d.surveyId = "product-buyer";
    d.surveyVersion = f.buyer.version();
    d.enumeratorId = "somsri";
    d.headAtStart = 0;
    REQUIRE(f.drafts.save(d).ok());
    // And a draft whose record was never signed.
    Draft other = d;
    other.id = newInterviewId();
    other.headAtStart = 1;
    REQUIRE(f.drafts.save(other).ok());

    CHECK(f.drafts.settle(f.store).value() == 1);
    const auto left = f.drafts.list().value();
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == other.id);
    CHECK(left[0].headAtStart == 1);
}

TEST_CASE("field mode refuses what does not fit and says so", "[field]") {
    Field f;
    f.startSession();
    f.flow->startRespondent(f.later());
    f.flow->consent(true, f.later());
    SECTION("next without an answer to a required question") {
        f.flow->next(f.later());
        CHECK(f.flow->currentQuestion()->id == "product");
        REQUIRE(f.flow->notice().has_value());
        CHECK(f.flow->notice()->en == "Please choose an answer first");
    }
    SECTION("an option the question does not have") {
        f.flow->answer(std::string("durian"), f.later());
        REQUIRE(f.flow->notice().has_value());
        CHECK(std::holds_alternative<std::monostate>(f.flow->answers()->answerTo("product")));
    }
    SECTION("with no enumerator set up, the flow says so and goes nowhere") {
        Field g;
        g.enumerators.clear();
        g.flow = g.make();
        REQUIRE(g.flow->notice().has_value());
        CHECK_THAT(g.flow->notice()->en, Contains("No enumerator"));
        g.flow->chooseEnumerator("somsri", g.later());
        CHECK(g.flow->screen() == FieldScreen::Enumerator);
    }
}

TEST_CASE("back walks the context and the questions, and from the first question sets the interview aside",
          "[field]") {
    Field f;
    f.flow->chooseEnumerator("anan", f.later());
    f.flow->chooseSurvey("product-buyer", f.later());
    f.flow->answer(std::string("village"), f.later());
    f.flow->next(f.later());
    REQUIRE(f.flow->currentQuestion()->id == "village_no");  // shown for a village
    f.flow->back(f.later());
    CHECK(f.flow->currentQuestion()->id == "site");
    f.flow->back(f.later());
    CHECK(f.flow->screen() == FieldScreen::Survey);
    f.flow->back(f.later());
    CHECK(f.flow->screen() == FieldScreen::Enumerator);
}

TEST_CASE("a number typed digit by digit is kept only once it fits, and next says what range it needs", "[field]") {
    Field f;
    f.startSession();
    f.flow->startRespondent(f.later());
    f.flow->consent(true, f.later());
    // product, bought_at (not online), buyer_type: then age, from 10 to 99.
    for (const char* answer : {"woven-cloth", "market", "local"}) {
        f.flow->answer(std::string(answer), f.later());
        f.flow->next(f.later());
    }
    REQUIRE(f.flow->currentQuestion()->id == "age");
    f.flow->answer(std::int64_t{42}, f.later());
    f.flow->answer(std::int64_t{4}, f.later());  // backspace: "4" is below 10
    CHECK_FALSE(f.flow->notice().has_value());
    CHECK(std::holds_alternative<std::monostate>(f.flow->answers()->answerTo("age")));
    CHECK(f.drafts.list().value().front().answersJson.find("\"age\"") == std::string::npos);
    f.flow->next(f.later());  // age is optional: an empty one moves on
    CHECK(f.flow->currentQuestion()->id == "price_paid");
}

TEST_CASE("a page's questions are on one screen, shown as the answers call for them, and next checks them all",
          "[field][pages]") {
    Field f(true);
    f.flow->chooseEnumerator("somsri", f.later());
    f.flow->chooseSurvey("product-buyer", f.later());
    CHECK(f.flow->page() == nullptr);  // the session's questions have no pages: one a screen
    chooseSundayMarket(*f.flow, f.later());
    f.flow->startRespondent(f.later());
    f.flow->consent(true, f.later());
    REQUIRE(f.flow->page() != nullptr);
    CHECK(f.flow->page()->id == "purchase");
    auto ids = [&] {
        std::vector<std::string> out;
        for (const Question* q : f.flow->pageQuestions())
            out.push_back(q->id);
        return out;
    };
    CHECK(ids() == std::vector<std::string>{"product", "bought_at"});
    CHECK(f.flow->step().current == 1);
    const int screens = f.flow->step().total;

    SECTION("next names the first question wanting, with its words, and stays") {
        f.flow->next(f.later());
        CHECK(f.flow->page()->id == "purchase");
        CHECK(f.flow->wanting() == "product");
        REQUIRE(f.flow->notice().has_value());
        CHECK(f.flow->notice()->en == "Please answer \"Which product did you buy?\"");
        CHECK(f.flow->notice()->th == "กรุณาตอบข้อ \"ท่านซื้อสินค้าใด\"");
        f.flow->answerOnPage("product", std::string("herbal-soap"), f.later());
        CHECK(f.flow->wanting().empty());
        f.flow->next(f.later());
        CHECK(f.flow->wanting() == "bought_at");
    }
    SECTION("conditions change the page as answers are given") {
        f.flow->answerOnPage("product", std::string("other"), f.later());
        CHECK(ids() == std::vector<std::string>{"product", "product_other", "bought_at"});
        f.flow->answerOnPage("bought_at", std::string("online"), f.later());
        CHECK(ids() == std::vector<std::string>{"product", "product_other", "bought_at", "delivery"});
        f.flow->answerOnPage("delivery", std::int64_t{4}, f.later());
        f.flow->answerOnPage("bought_at", std::string("market"), f.later());
        CHECK(ids() == std::vector<std::string>{"product", "product_other", "bought_at"});
        // The hidden question's answer went with it.
        CHECK(std::holds_alternative<std::monostate>(f.flow->answers()->answerTo("delivery")));
        // A question not on the page on screen is not answered from it.
        f.flow->answerOnPage("quality", std::int64_t{5}, f.later());
        CHECK(std::holds_alternative<std::monostate>(f.flow->answers()->answerTo("quality")));
        CHECK(f.flow->step().total == screens);  // a page is one step, whatever it shows
    }
    SECTION("a typed answer opens on its own and comes back to its page; back keeps the answers; a draft resumes on it") {
        f.flow->answerOnPage("product", std::string("other"), f.later());
        f.flow->typeOnPage("bought_at", f.later());  // a choice is answered on the page itself
        CHECK_FALSE(f.flow->typing());
        f.flow->typeOnPage("product_other", f.later());
        REQUIRE(f.flow->typing());
        CHECK(f.flow->page() == nullptr);
        CHECK(f.flow->currentQuestion()->id == "product_other");
        CHECK_FALSE(f.flow->onLastQuestion());
        f.flow->answer(std::string("ไม้กวาดดอกหญ้า"), f.later());
        f.flow->next(f.later());
        CHECK_FALSE(f.flow->typing());
        REQUIRE(f.flow->page() != nullptr);
        CHECK(f.flow->page()->id == "purchase");
        CHECK(f.flow->answers()->answerTo("product_other") == Answer{std::string("ไม้กวาดดอกหญ้า")});
        f.flow->answerOnPage("bought_at", std::string("shop"), f.later());
        f.flow->next(f.later());
        // The next question has no page: a screen of its own.
        CHECK(f.flow->page() == nullptr);
        CHECK(f.flow->currentQuestion()->id == "buyer_type");
        CHECK(f.flow->step().current == 2);
        f.flow->back(f.later());
        REQUIRE(f.flow->page() != nullptr);
        CHECK(f.flow->page()->id == "purchase");
        CHECK(f.flow->answers()->answerTo("bought_at") == Answer{std::string("shop")});
        // Set aside on the page, and resumed on it after a restart.
        f.flow->setAside(f.later());
        const auto drafts = f.drafts.list().value();
        REQUIRE(drafts.size() == 1);
        auto again = f.make();
        again->openDrafts(f.later());
        again->resumeDraft(drafts.front().id, f.later());
        REQUIRE(again->page() != nullptr);
        CHECK(again->page()->id == "purchase");
        CHECK(again->answers()->answerTo("product_other") == Answer{std::string("ไม้กวาดดอกหญ้า")});
    }
    SECTION("a condition inside the last page shows its question on that page") {
        for (int guard = 0; guard < 40 && f.flow->screen() == FieldScreen::Question; ++guard) {
            if (f.flow->page() != nullptr && f.flow->page()->id == "again") {
                CHECK(ids() == std::vector<std::string>{"recommend", "buy_again"});
                f.flow->answerOnPage("buy_again", std::string("no"), f.later());
                CHECK(ids() == std::vector<std::string>{"recommend", "buy_again", "why_not"});
            }
            answerOne(*f.flow, 0, f.later());
        }
        CHECK(f.flow->screen() == FieldScreen::Submitted);
    }
}
