// The public transparency page of a real hub over loopback, without a
// session: the page, its JSON and every CSV hold the office's figures, and
// none of them holds a complainant's name, phone or address, the text of a
// complaint (hidden or not), its landmark or village, a survey comment, an
// officer or a ticket. Also the headers (cache, CSP), bad paths and the
// rate of requests one address may make.

#include "report_support.hpp"

#include "hub/case_service.hpp"
#include "hub/officers.hpp"
#include "hub/public_page.hpp"
#include "hub/server.hpp"

#include "core/ticket.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace fangsiang;
using Catch::Contains;
using nlohmann::json;

namespace {

constexpr const char* kOffice = test::kOffice;

struct Secret {
    std::string text, landmark, village, name, phone, address;
};
const std::vector<Secret> kSecrets = {
    {"ถนนหน้าบ้านนายสมปองเป็นหลุมลึกมาก", "หน้าร้านก๋วยเตี๋ยวป้าแดง", "บ้านหนองตะเคียนทอง", "สมปอง แก้วมณี", "0812345678",
     "99/1 หมู่ 4"},
    {"ไฟฟ้าดับซอยเจริญสุข 12 ทั้งคืน", "เสาไฟต้นที่สามจากวัด", "ชุมชนริมคลองสามวา", "Jane Citizen", "0898765432",
     "12 Moo 7 Khlong Road"},
    {"ข้อความหยาบคายที่ถูกซ่อนแล้ว คำต้องห้าม", "ตลาดเช้าหลังอำเภอ", "บ้านดอนมะกอกหวาน", "ประยุทธ ใจร้อน", "0861112222",
     "7/7 ซอยลับ"},
};
constexpr const char* kComment = "ความเห็นลับของผู้ตอบแบบประเมิน";

struct Fetched {
    int status = 0;
    std::string body, type, cache, csp;
};

Fetched fetch(int port, const std::string& path, const std::string& from = "127.0.0.1") {
    httplib::Client client(from, port);
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    return {res->status, res->body, res->get_header_value("Content-Type"), res->get_header_value("Cache-Control"),
            res->get_header_value("Content-Security-Policy")};
}

}  // namespace

TEST_CASE("the public page shows figures without a session and never a name, phone or text", "[reports][public]") {
    test::TestHub hub;
    const std::int64_t now = test::officeMs(2026, 3, 20, 12);
    // An officer whose name must not reach the public page either.
    auto officersOwned = test::officersAt(hub, now, hub::Office{kOffice, "เทศบาลตำบลบ้านสวน", "Ban Suan"},
                                          {{"somchai", hub::Role::Supervisor}});
    hub::OfficerService& officers = *officersOwned;
    const hub::Actor console = hub::Actor::console();

    auto id = test::seededIdentity(213);
    test::enrolIdentity(hub, id);
    auto device = hub.storage().findDevice(id.publicKey());
    REQUIRE(device.ok());
    core::ChainHead head;
    std::vector<std::string> tickets;
    for (std::size_t i = 0; i < kSecrets.size(); ++i) {
        const auto& s = kSecrets[i];
        const json contact = {{"name", s.name}, {"phone", s.phone}, {"address", s.address}};
        nlohmann::json payload = {{"type", "complaint"}, {"office", kOffice}, {"category", "roads-lights"},
                                  {"text", s.text},      {"anonymous", false}, {"village", s.village},
                                  {"landmark", s.landmark}};
        auto sealed = core::sealPersonalData(contact.dump(), hub.keys().box.publicKey);
        REQUIRE(sealed.ok());
        auto record = core::signRecord({core::RecordKind::Complaint, payload.dump(), std::move(*sealed)}, head,
                                       test::officeMs(2026, 2, 3 + static_cast<int>(i), 9), id);
        REQUIRE(record.ok());
        head = record->asHead();
        test::pushOk(hub, test::wireOf(id, {record->bytes()}));
        tickets.push_back(core::Ticket{kOffice, (*device)->number, head.sequence}.text());
    }
    hub::CaseService cases(hub.storage(), nullptr, [now] { return now; });
    REQUIRE(cases.moderate(console, tickets[2], true, "คำหยาบ", "").ok());
    std::vector<std::pair<std::string, std::int64_t>> responses = test::satisfactionPayloads(40, 9, 6);
    for (auto& response : responses) {  // October 2025 to March 2026: within the page's 12 months
        auto j = json::parse(response.first);
        j["answers"]["comment"] = kComment;
        response.first = j.dump();
    }
    test::pushAll(hub, id, test::chainOf(id, head, responses));

    hub.stopServer();
    hub::HubServer server(hub.service(), hub::HubServerOptions{}, &officers);
    REQUIRE(server.start().ok());
    const int port = server.port();

    const Fetched page = fetch(port, std::string("/public/") + kOffice);
    REQUIRE(page.status == 200);
    CHECK_THAT(page.type, Contains("text/html"));
    CHECK_THAT(page.cache, Contains("public"));
    CHECK_THAT(page.csp, Contains("default-src 'none'"));
    CHECK_THAT(page.csp, !Contains("script-src"));
    CHECK_THAT(page.body, Contains("เทศบาลตำบลบ้านสวน"));
    CHECK_THAT(page.body, !Contains("<script"));
    const Fetched english = fetch(port, std::string("/public/") + kOffice + "?lang=en");
    REQUIRE(english.status == 200);
    CHECK_THAT(english.body, Contains("Ban Suan"));
    const Fetched figures = fetch(port, std::string("/public/") + kOffice + ".json");
    REQUIRE(figures.status == 200);
    const json j = json::parse(figures.body);
    CHECK(j["complaints"] == 3);
    CHECK(j["responses"] == 40);
    REQUIRE(j["tables"].size() >= 6);

    // Every answer the page leads to: the page in both languages, the JSON
    // and each table's CSV.
    std::vector<std::pair<std::string, std::string>> bodies = {{"page", page.body}, {"english", english.body},
                                                               {"json", figures.body}};
    for (const auto& t : j["tables"]) {
        const Fetched csv = fetch(port, t["csv"].get<std::string>());
        REQUIRE(csv.status == 200);
        CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);
        bodies.emplace_back(t["csv"].get<std::string>(), csv.body);
    }
    std::vector<std::string> never = {kComment, "สมชาย", "somchai", "คำหยาบ"};
    for (const auto& s : kSecrets)
        for (const auto& text : {s.text, s.landmark, s.village, s.name, s.phone, s.address})
            never.push_back(text);
    for (const auto& t : tickets)
        never.push_back(t);
    never.push_back("หลุมลึก");  // a piece of a text, not just the whole
    for (const auto& [what, body] : bodies)
        for (const auto& secret : never) {
            CAPTURE(what, secret);
            CHECK_THAT(body, !Contains(secret));
        }
    // The figures are there: the category by its public name, the three complaints.
    CHECK_THAT(page.body, Contains("ถนน"));

    SECTION("bad paths are refused in words and offices that are not here are not found") {
        CHECK(fetch(port, "/public/6340199").status == 404);
        CHECK(fetch(port, "/public/../etc/passwd").status == 404);
        CHECK(fetch(port, "/public/abc").status == 404);
        CHECK(fetch(port, std::string("/public/") + kOffice + "/nothing.csv").status == 404);
        CHECK(fetch(port, std::string("/public/") + kOffice + "/x.json").status == 404);
        CHECK(fetch(port, "/public/public.css").status == 200);
    }
}

TEST_CASE("one address may ask the public pages only so often a minute", "[reports][public]") {
    test::TestHub hub;
    std::int64_t clock = test::officeMs(2026, 3, 20, 12);
    REQUIRE(hub.storage().putOffice(hub::Office{kOffice, "เทศบาลตำบลบ้านสวน", ""}).ok());
    hub::PublicPageOptions options;
    options.perMinute = 5;
    hub::PublicPages pages(hub.storage(), [&] { return clock; }, options);
    const std::string path = std::string("/public/") + kOffice;
    for (int i = 0; i < 5; ++i)
        CHECK(pages.answer(path, {}, "10.0.0.1").status == 200);
    const auto refused = pages.answer(path, {}, "10.0.0.1");
    CHECK(refused.status == 429);
    CHECK(pages.answer(path, {}, "10.0.0.2").status == 200);  // another address is not held back
    clock += 60'000;
    CHECK(pages.answer(path, {}, "10.0.0.1").status == 200);  // the next minute
}
