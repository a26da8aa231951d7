// What citizens talk about, over a real hub's routes: the test corpus
// (tests/data/listening, 321 fictional complaints and comments with planted
// rises in its twelfth week) filed through ingest, its first eleven weeks in
// November 2026 and its twelfth in December; the keywords route finds the
// planted rises against November and not the steady topics, leaves a hidden
// complaint out, and the comments route lists the comments newest first, a
// page at a time, searchable, their words only to those who may read cases.

#include "listening_corpus.hpp"
#include "report_support.hpp"

#include "hub/case_service.hpp"
#include "hub/officers.hpp"
#include "hub/server.hpp"

#include "core/ticket.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>


using namespace fangsiang;
using Catch::Contains;
using nlohmann::json;

namespace {

using Line = test::CorpusText;

bool has(const json& list, const std::string& term) {
    for (const auto& t : list)
        if (t["term"] == term)
            return true;
    return false;
}

}  // namespace

TEST_CASE("keywords and comments over the API: planted rises found, hidden text left out, words to case readers only",
          "[reports][keywords][api]") {
    test::TestHub hub;
    const std::int64_t now = test::officeMs(2026, 12, 28, 12);
    auto officersOwned = test::officersAt(hub, now, hub::Office{test::kOffice, "เทศบาลตำบลบ้านสวน", ""},
                                          {{"viewer", hub::Role::Viewer}, {"chief", hub::Role::Supervisor}});
    hub::OfficerService& officers = *officersOwned;
    const hub::Actor console = hub::Actor::console();

    auto id = test::seededIdentity(214);
    test::enrolIdentity(hub, id);
    auto device = hub.storage().findDevice(id.publicKey());
    REQUIRE(device.ok());
    core::ChainHead head;
    std::vector<core::Record> records;
    std::string hiddenTicket;
    int comments = 0, decemberComplaints = 0;
    // In time order, as a kiosk makes them: weeks 1-11 over November, week
    // 12 in December's third week.
    auto lines = test::listeningCorpus();
    std::vector<std::pair<std::int64_t, const Line*>> timed;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        const int spread = static_cast<int>(i % 2), hour = 9 + static_cast<int>(i % 8);
        timed.emplace_back(l.week <= 11 ? test::officeMs(2026, 11, 1 + (l.week - 1) * 2 + spread, hour)
                                        : test::officeMs(2026, 12, 15 + static_cast<int>(i % 6), hour),
                           &l);
    }
    std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [at, line] : timed) {
        const auto& l = *line;
        if (l.kind == "complaint") {
            records.push_back(test::complaintRecord(id, head, test::kOffice, l.category, l.text, "", "", nullptr, at));
            decemberComplaints += l.week == 12;
        } else {
            json payload = {{"survey", "standard-satisfaction"}, {"version", 1},
                            {"answers", {{"overall", 4}, {"comment", l.text}, {"service", "waste-fee"}}}, {"context", "kiosk"}};
            auto r = core::signRecord({core::RecordKind::SurveyResponse, payload.dump(), {}}, head, at, id);
            REQUIRE(r.ok());
            records.push_back(std::move(*r));
            ++comments;
        }
        head = records.back().asHead();
        if (l.week == 12 && l.kind == "complaint" && hiddenTicket.empty())
            hiddenTicket = core::Ticket{test::kOffice, (*device)->number, head.sequence}.text();
    }
    // Records go in creation order of their chain, whatever their times.
    test::pushAll(hub, id, records);
    hub::CaseService cases(hub.storage(), nullptr, [now] { return now; });
    REQUIRE(cases.moderate(console, hiddenTicket, true, "ข้อความไม่เหมาะสม", "").ok());

    hub.stopServer();
    hub::HubServer server(hub.service(), hub::HubServerOptions{}, &officers);
    REQUIRE(server.start().ok());
    auto signedIn = [&](const std::string& user) {
        auto client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
        auto res = client->Post("/api/v1/session", json{{"username", user}, {"password", "password-of-" + user}}.dump(),
                                "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const std::string cookie = res->get_header_value("Set-Cookie");
        return std::pair{std::move(client), cookie.substr(0, cookie.find(';'))};
    };
    auto [viewerClient, viewerCookie] = signedIn("viewer");
    auto [chiefClient, chiefCookie] = signedIn("chief");
    auto get = [](httplib::Client& c, const std::string& cookie, const std::string& path) {
        auto res = c.Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
        REQUIRE(res);
        return std::pair{res->status, json::parse(res->body, nullptr, false)};
    };

    SECTION("the planted rises of December against November, and not the steady topics") {
        auto [status, k] = get(*viewerClient, viewerCookie, "/api/v1/reports/keywords?period=2026-12&source=complaints");
        INFO(k.dump().substr(0, 600));
        REQUIRE(status == 200);
        CHECK(k["texts"] == decemberComplaints - 1);  // the hidden one left out
        CHECK(k["baselineFrom"] == "2026-11");
        CHECK(has(k["rising"], "น้ำท่วมขัง"));
        CHECK(has(k["rising"], "กลิ่นเหม็น"));
        for (const char* steady : {"ขยะ", "ไฟดับ", "สุนัขจรจัด", "ถนนชำรุด", "น้ำประปา"})
            CHECK_FALSE(has(k["rising"], steady));
        for (const auto& r : k["rising"]) {
            CHECK(r["g2"].get<double>() >= k["minG2"].get<double>());
            CHECK(r["now"].get<int>() >= k["minCount"].get<int>());
        }
        CHECK_FALSE(k["top"].empty());
        CHECK(k.dump().find("ข้อความไม่เหมาะสม") == std::string::npos);
    }

    SECTION("a count that is not a whole number in its range is refused naming the parameter") {
        for (const char* path : {"/api/v1/reports/keywords?from=2026-11&to=2026-12&top=abc",
                                 "/api/v1/reports/keywords?from=2026-11&to=2026-12&top=1000",
                                 "/api/v1/reports/comments?from=2026-11&to=2026-12&limit=0",
                                 "/api/v1/reports/comments?from=2026-11&to=2026-12&page=2x"}) {
            INFO(path);
            auto [status, body] = get(*viewerClient, viewerCookie, path);
            CHECK(status == 400);
            CHECK_THAT(body.dump(), Catch::Contains("must be a whole number"));
        }
    }

    SECTION("a viewer gets the comments' count and keywords, never their words") {
        auto [status, c] = get(*viewerClient, viewerCookie, "/api/v1/reports/comments?from=2026-11&to=2026-12&limit=10");
        REQUIRE(status == 200);
        CHECK(c["total"] == comments);
        CHECK(c["textsShown"] == false);
        CHECK(c["pages"] == (comments + 9) / 10);
        REQUIRE(c["comments"].size() == 10);
        for (const auto& one : c["comments"]) {
            CHECK(one["text"].is_null());
            CHECK(one["terms"].empty());
        }
        CHECK_FALSE(c["keywords"].empty());
        auto [refused, why] = get(*viewerClient, viewerCookie, "/api/v1/reports/comments?q=%E0%B8%82%E0%B8%A2%E0%B8%B0");
        CHECK(refused == 403);
    }

    SECTION("a supervisor reads them newest first, searches them and pages through them") {
        auto [status, c] = get(*chiefClient, chiefCookie, "/api/v1/reports/comments?from=2026-11&to=2026-12&limit=7&page=2");
        REQUIRE(status == 200);
        CHECK(c["textsShown"] == true);
        REQUIRE(c["comments"].size() == 7);
        std::int64_t previous = INT64_MAX;
        for (const auto& one : c["comments"]) {
            CHECK(one["text"].is_string());
            CHECK(one["at"].get<std::int64_t>() <= previous);
            previous = one["at"].get<std::int64_t>();
        }
        auto [found, search] = get(*chiefClient, chiefCookie,
                                   "/api/v1/reports/comments?from=2026-11&to=2026-12&q=%E0%B8%9A%E0%B8%A3%E0%B8%B4%E0%B8%81%E0%B8%B2%E0%B8%A3");  // บริการ
        REQUIRE(found == 200);
        CHECK(search["total"].get<int>() > 0);
        CHECK(search["total"].get<int>() < comments);
        for (const auto& one : search["comments"])
            CHECK_THAT(one["text"].get<std::string>(), Contains("บริการ"));
    }

    SECTION("bad parameters are refused in words") {
        auto [status, e] = get(*viewerClient, viewerCookie, "/api/v1/reports/keywords?source=tweets");
        CHECK(status == 400);
        CHECK_THAT(e.value("message", ""), Contains("source"));
    }
}
