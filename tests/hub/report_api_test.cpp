// The reports' routes of a real hub over loopback: a viewer signs in and
// reads its office's figures as JSON (checked against the raw records) and
// as downloads; another office's viewer is refused; bad parameters are
// refused in words; no answer carries a comment or any other text a
// citizen typed.

#include "report_support.hpp"

#include "hub/officer_api.hpp"
#include "hub/officers.hpp"
#include "hub/satisfaction.hpp"
#include "hub/server.hpp"
#include "hub/xlsform.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace fangsiang;
using Catch::Contains;
using nlohmann::json;

namespace {

constexpr const char* kOfficeA = test::kOffice;
constexpr const char* kOfficeB = "6340106";
constexpr const char* kComment = "เจ้าหน้าที่บริการดีมาก";

struct Reply {
    int status = 0;
    std::string type, disposition, body;
    json object;
};

class ReportHub {
public:
    ReportHub() {
        hub::OfficerOptions options;
        options.clock = [] { return test::officeMs(2026, 3, 20, 12); };
        m_officers = std::make_unique<hub::OfficerService>(m_hub.storage(), options);
        const hub::Actor console = hub::Actor::console();
        for (const char* office : {kOfficeA, kOfficeB}) {
            REQUIRE(m_officers->setOfficeNames(console, hub::Office{office, "เทศบาลตำบล " + std::string(office), ""}, {}).ok());
            for (const char* role : {"viewer", "admin"}) {
                const std::string user = std::string(role) + "-" + office;
                REQUIRE(m_officers
                            ->addOfficer(console,
                                         hub::OfficerDraft{user, user, hub::roleFromName(role).value(), office, ""},
                                         "password-of-" + user, {})
                            .ok());
            }
        }
        m_hub.stopServer();
        m_server = std::make_unique<hub::HubServer>(m_hub.service(), hub::HubServerOptions{}, m_officers.get());
        REQUIRE(m_server->start().ok());
    }
    test::TestHub& hub() { return m_hub; }
    int port() const { return m_server->port(); }

private:
    test::TestHub m_hub;
    std::unique_ptr<hub::OfficerService> m_officers;
    std::unique_ptr<hub::HubServer> m_server;
};

class Browser {
public:
    Browser(const ReportHub& hub, const std::string& user) : m_client("127.0.0.1", hub.port()) {
        auto res = m_client.Post("/api/v1/session", json{{"username", user}, {"password", "password-of-" + user}}.dump(),
                                 "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const std::string cookie = res->get_header_value("Set-Cookie");
        m_cookie = cookie.substr(0, cookie.find(';'));
    }
    Reply get(const std::string& path) {
        auto res = m_client.Get(path.c_str(), httplib::Headers{{"Cookie", m_cookie}});
        REQUIRE(res);
        return Reply{res->status, res->get_header_value("Content-Type"), res->get_header_value("Content-Disposition"),
                     res->body, json::parse(res->body, nullptr, false)};
    }

private:
    httplib::Client m_client;
    std::string m_cookie;
};

}  // namespace

TEST_CASE("a viewer reads its office's satisfaction figures and files over the API", "[reports][api]") {
    ReportHub hub;
    auto id = test::seededIdentity(161);
    test::enrolIdentity(hub.hub(), id);
    core::ChainHead head;
    test::pushAll(hub.hub(), id, test::chainOf(id, head, test::satisfactionPayloads(400, 21)));
    const auto raw = test::rawResponses(hub.hub().storage());
    Browser viewer(hub, std::string("viewer-") + kOfficeA);

    const Reply r = viewer.get("/api/v1/reports/satisfaction?from=2025-10&to=2026-03");
    INFO(r.body.substr(0, 400));
    REQUIRE(r.status == 200);
    const json& j = r.object;
    CHECK(j["office"]["code"] == kOfficeA);
    CHECK(j["from"] == "2025-10");
    CHECK(j["to"] == "2026-03");
    CHECK(j["responses"] == 400);
    CHECK(j["target"]["satisfiedPercent"] == 70.0);
    REQUIRE(j["dimensions"].size() == 5);
    for (const auto& d : j["dimensions"]) {
        const std::string q = d["question"];
        std::vector<int> values;
        for (const auto& resp : raw)
            if (resp.payload["answers"].contains(q))
                values.push_back(resp.payload["answers"][q].get<int>());
        const auto p = test::plainFigures(values);
        INFO(q);
        CHECK(d["n"] == p.n);
        CHECK(d["mean"].get<double>() == Approx(p.mean).epsilon(1e-12));
        CHECK(d["sd"].get<double>() == Approx(p.sd).epsilon(1e-12));
        CHECK(d["satisfiedPercent"].get<double>() == Approx(p.satisfied).epsilon(1e-12));
        CHECK(d["band"]["th"] == hub::bandOf(p.mean).th);
    }
    CHECK(j["trend"].size() == 6);
    CHECK(j["heat"].size() == 7);
    CHECK(j["heat"][0].size() == 24);
    CHECK(j["tables"][0]["title"]["th"] == "ผลการประเมินรายด้าน");
    CHECK(r.body.find(kComment) == std::string::npos);

    SECTION("one service, and the last months by default") {
        const Reply one = viewer.get("/api/v1/reports/satisfaction?period=fy2569-q1&service=waste-fee");
        REQUIRE(one.status == 200);
        const auto count = std::count_if(raw.begin(), raw.end(), [](const test::RawResponse& x) {
            return x.month >= 202510 && x.month <= 202512 && x.payload["answers"].value("service", "") == "waste-fee";
        });
        CHECK(one.object["responses"] == count);
        const Reply recent = viewer.get("/api/v1/reports/satisfaction");
        REQUIRE(recent.status == 200);
        CHECK(recent.object["from"] == "2025-04");  // twelve months to March 2026, the hub's clock
        CHECK(recent.object["to"] == "2026-03");
    }
    SECTION("the downloads") {
        const Reply csv = viewer.get("/api/v1/reports/satisfaction.csv?from=2025-10&to=2026-03");
        REQUIRE(csv.status == 200);
        CHECK_THAT(csv.type, Contains("text/csv"));
        CHECK(csv.disposition == "attachment; filename=\"satisfaction-6340105-2025-10-2026-03.csv\"");
        CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
        CHECK_THAT(csv.body, Contains("เทศบาลตำบลบ้านสวน"));  // the name enrolment gave the office
        const Reply xlsx = viewer.get("/api/v1/reports/satisfaction.xlsx?from=2025-10&to=2026-03");
        REQUIRE(xlsx.status == 200);
        auto sheets = hub::readXlsx(xlsx.body);
        REQUIRE(sheets.ok());
        CHECK((*sheets)[0].rows[7][1] == std::to_string(j["dimensions"][0]["n"].get<int>()));
        const Reply pdf = viewer.get("/api/v1/reports/satisfaction.pdf?from=2025-10&to=2026-03");
        REQUIRE(pdf.status == 200);
        CHECK(pdf.type == "application/pdf");
        CHECK(pdf.body.rfind("%PDF-", 0) == 0);
        for (const Reply* file : {&csv, &xlsx, &pdf})
            CHECK(file->body.find(kComment) == std::string::npos);
    }
    SECTION("another office's viewer, and bad parameters, are refused in words") {
        Browser other(hub, std::string("viewer-") + kOfficeB);
        const Reply refused = other.get(std::string("/api/v1/reports/satisfaction.pdf?office=") + kOfficeA);
        CHECK(refused.status == 403);
        CHECK(refused.object["error"] == "forbidden");
        CHECK(refused.body.find("%PDF") == std::string::npos);
        struct Bad {
            const char* path;
            int status;
            const char* says;
        };
        const auto bad = GENERATE(Bad{"/api/v1/reports/satisfaction?from=2025-13", 400, "is not a month"},
                                  Bad{"/api/v1/reports/satisfaction?to=2026-01", 400, "needs a from"},
                                  Bad{"/api/v1/reports/satisfaction?months=0", 400, "from 1 to 36"},
                                  Bad{"/api/v1/reports/satisfaction?period=fy2569-q9", 400, "q1 to q4"},
                                  Bad{"/api/v1/reports/satisfaction?office=9999999", 403, "of that office only"},
                                  Bad{"/api/v1/reports/field", 400, "name the survey"},
                                  Bad{"/api/v1/reports/field?survey=product-buyer&by=age", 400, "no choice question"});
        const Reply reply = viewer.get(bad.path);
        INFO(bad.path << ": " << reply.body);
        CHECK(reply.status == bad.status);
        CHECK_THAT(reply.object.value("message", ""), Contains(bad.says));
        Browser admin(hub, std::string("admin-") + kOfficeB);
        const Reply none = admin.get("/api/v1/reports/satisfaction?office=9999999");
        CHECK(none.status == 404);
        CHECK(admin.get("/api/v1/reports/satisfaction").status == 200);  // an admin of an office: that office
        CHECK(admin.get(std::string("/api/v1/reports/satisfaction?office=") + kOfficeA).object["responses"] == 400);
    }
}

TEST_CASE("the field route tabulates a survey by a choice question", "[reports][api]") {
    ReportHub hub;
    auto id = test::seededIdentity(162);
    test::enrolIdentity(hub.hub(), id);
    std::vector<std::pair<std::string, std::int64_t>> payloads;
    const std::vector<std::pair<const char*, const char*>> sales = {
        {"woven-cloth", "online"}, {"woven-cloth", "online"}, {"woven-cloth", "market"}, {"herbal-soap", "shop"},
        {"herbal-soap", "online"}, {"chili-paste", "market"}, {"chili-paste", "market"}, {"chili-paste", "fair"}};
    for (int i = 0; i < static_cast<int>(sales.size()); ++i) {
        const json answers = {{"product", sales[i].first}, {"bought_at", sales[i].second}, {"quality", 3 + i % 3},
                              {"price_paid", 100 * (i + 1)}, {"comment", kComment}};
        payloads.emplace_back(json{{"survey", "product-buyer"}, {"version", 2}, {"answers", answers}}.dump(),
                              test::officeMs(2026, 2, 1 + i, 10));
    }
    core::ChainHead head;
    test::pushAll(hub.hub(), id, test::chainOf(id, head, payloads));
    Browser viewer(hub, std::string("viewer-") + kOfficeA);
    const Reply r = viewer.get("/api/v1/reports/field?survey=product-buyer&by=bought_at&from=2026-01&to=2026-03");
    INFO(r.body.substr(0, 400));
    REQUIRE(r.status == 200);
    CHECK(r.body.find(kComment) == std::string::npos);
    CHECK(r.object["responses"] == 8);
    std::map<std::string, std::int64_t> channels;
    for (const auto& o : r.object["by"]["options"])
        channels[o["id"]] = o["n"];
    CHECK(channels == std::map<std::string, std::int64_t>{{"online", 3}, {"shop", 1}, {"fair", 1}, {"market", 3}});
    for (const auto& q : r.object["questions"]) {
        if (q["id"] == "product") {
            std::map<std::string, std::int64_t> all;
            for (const auto& o : q["all"]["options"])
                all[o["id"]] = o["n"];
            CHECK(all == std::map<std::string, std::int64_t>{{"woven-cloth", 3}, {"herbal-soap", 2}, {"chili-paste", 3}});
            // Online: two woven cloths and one herbal soap.
            for (const auto& cell : q["byOption"])
                if (cell["by"] == "online")
                    for (const auto& o : cell["options"])
                        CHECK(o["n"] == (o["id"] == "woven-cloth" ? 2 : o["id"] == "herbal-soap" ? 1 : 0));
        }
        if (q["id"] == "price_paid") {
            CHECK(q["all"]["n"] == 8);
            CHECK(q["all"]["mean"].get<double>() == Approx(450.0));
            CHECK(q["all"]["median"].get<double>() == Approx(450.0));
            for (const auto& cell : q["byOption"])
                if (cell["by"] == "market")  // 300, 600, 700
                    CHECK(cell["median"].get<double>() == Approx(600.0));
        }
    }
}
