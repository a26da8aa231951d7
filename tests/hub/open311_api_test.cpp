// Open311 GeoReport v2 on a real hub over loopback, on the backend the run
// asks for: the spec's examples, every filter of GET requests in JSON and
// XML, each field of POST requests checked, keys refused and revoked (with
// the fangsiang-hub apikey commands), no personal field in any answer, a
// partner's case in the officers' inbox and workflow, jurisdictions, and
// the store of the previous schema gaining the Open311 tables.

#include "report_support.hpp"

#include "hub/case_service.hpp"
#include "hub/keyword_figures.hpp"
#include "hub/officers.hpp"
#include "hub/open311.hpp"
#include "hub/server.hpp"

#include "core/complaint_categories.hpp"
#include "core/ticket.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace fangsiang;
using Catch::Contains;
using nlohmann::json;

namespace {

constexpr const char* kOffice = test::kOffice;
constexpr std::int64_t kDay = 24LL * 3600 * 1000;

struct Answer {
    int status = 0;
    std::string body, type;
    [[nodiscard]] json parsed() const { return json::parse(body); }
};

// A hub with its officers, a partner's key and the Open311 routes on a clock the test holds.
struct Open311Hub {
    std::int64_t now = core::wallClockMs();
    test::TestHub hub;
    std::unique_ptr<hub::OfficerService> officers;
    std::unique_ptr<hub::CaseService> cases;
    std::unique_ptr<hub::HubServer> server;
    std::string key;

    Open311Hub() {
        officers = test::officersAt(hub, now, hub::Office{kOffice, "เทศบาลตำบลบ้านสวน", "Ban Suan"},
                                    {{"chief", hub::Role::Supervisor}});
        cases = std::make_unique<hub::CaseService>(hub.storage(), &hub.keys(), [this] { return now; });
        key = addKey(kOffice, "แอปแจ้งเหตุ LINE");
        hub.stopServer();
        server = std::make_unique<hub::HubServer>(hub.service(), hub::HubServerOptions{}, officers.get(), cases.get());
        REQUIRE(server->start().ok());
    }

    std::string addKey(const std::string& office, const std::string& partner) {
        std::string k = hub::newApiKey();
        REQUIRE(hub.storage().open311().addKey(*hub::apiKeyHash(k), office, partner, now, {}).ok());
        return k;
    }

    Answer get(const std::string& path) {
        httplib::Client client("127.0.0.1", server->port());
        auto res = client.Get(path.c_str());
        REQUIRE(res);
        return {res->status, res->body, res->get_header_value("Content-Type")};
    }
    Answer post(const std::string& path, const std::string& form) {
        httplib::Client client("127.0.0.1", server->port());
        auto res = client.Post(path.c_str(), form, "application/x-www-form-urlencoded");
        REQUIRE(res);
        return {res->status, res->body, res->get_header_value("Content-Type")};
    }
    // A filing that must succeed; its ticket.
    std::string file(const std::string& form) {
        const Answer a = post("/open311/v2/requests.json", "api_key=" + key + "&" + form);
        INFO(a.body);
        REQUIRE(a.status == 201);
        return a.parsed()[0]["service_request_id"].get<std::string>();
    }
    std::int64_t caseCount() { return test::queryStoreNumber(hub.dir(), "SELECT count(*) FROM cases"); }
};

// Kiosk complaints filed `daysAgo` days before the hub's now, one per entry.
std::vector<std::string> kioskComplaints(Open311Hub& h, const core::DeviceIdentity& id, core::ChainHead& head,
                                         const std::vector<std::pair<std::string, int>>& entries,
                                         const std::string& contact = "") {
    auto device = h.hub.storage().findDevice(id.publicKey());
    REQUIRE(device.ok());
    REQUIRE(device->has_value());
    std::vector<core::Bytes> bytes;
    std::vector<std::string> tickets;
    for (const auto& [category, daysAgo] : entries) {
        auto r = test::complaintRecord(id, head, kOffice, category, "เรื่อง " + category + " " + std::to_string(daysAgo),
                                       "บ้านหนองตะเคียนทอง", contact, &h.hub.keys().box.publicKey,
                                       h.now - daysAgo * kDay);
        head = r.asHead();
        bytes.push_back(r.bytes());
        tickets.push_back(core::Ticket{kOffice, (*device)->number, head.sequence}.text());
    }
    for (std::size_t from = 0; from < bytes.size(); from += 500)
        test::pushOk(h.hub, test::wireOf(id, std::vector<core::Bytes>(bytes.begin() + static_cast<long>(from),
                                                                       bytes.begin() + static_cast<long>(std::min(
                                                                                           bytes.size(), from + 500)))));
    return tickets;
}

std::set<std::string> idsOf(const json& list) {
    std::set<std::string> ids;
    for (const auto& r : list)
        ids.insert(r["service_request_id"].get<std::string>());
    return ids;
}

}  // namespace

TEST_CASE("Open311 services are the complaint categories, in JSON and XML", "[hub][open311]") {
    Open311Hub h;
    const Answer list = h.get("/open311/v2/services.json");
    REQUIRE(list.status == 200);
    CHECK_THAT(list.type, Contains("application/json"));
    const json services = list.parsed();
    REQUIRE(services.size() == core::complaintCategories().size());
    for (const auto& s : services) {
        CHECK(core::complaintCategoryName(s["service_code"].get<std::string>()) != nullptr);
        CHECK(s["metadata"] == false);
        CHECK(s["type"] == "realtime");
        CHECK_FALSE(s["group"].get<std::string>().empty());
        CHECK_FALSE(s["keywords"].get<std::string>().empty());
    }
    CHECK(services[0]["service_name"] == "ถนนและไฟฟ้าส่องสว่าง");
    const Answer xml = h.get("/open311/v2/services.xml");
    REQUIRE(xml.status == 200);
    CHECK_THAT(xml.type, Contains("text/xml"));
    CHECK_THAT(xml.body, Contains("<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service><service_code>"
                                  "roads-lights</service_code><service_name>ถนนและไฟฟ้าส่องสว่าง</service_name>"));
    CHECK_THAT(xml.body, Contains("<metadata>false</metadata>"));

    const Answer water = h.get("/open311/v2/services/water.json");
    REQUIRE(water.status == 200);
    CHECK(water.parsed() == json::parse(R"({"service_code":"water","attributes":[]})"));
    CHECK(h.get("/open311/v2/services/water.xml").body ==
          "<?xml version=\"1.0\" encoding=\"utf-8\"?><service_definition><service_code>water</service_code>"
          "<attributes></attributes></service_definition>");
    const Answer unknown = h.get("/open311/v2/services/potholes.json");
    CHECK(unknown.status == 404);
    CHECK(unknown.parsed()[0]["code"] == 404);
    CHECK_THAT(unknown.parsed()[0]["description"].get<std::string>(), Contains("potholes"));
    const Answer unknownXml = h.get("/open311/v2/services/potholes.xml");
    CHECK(unknownXml.status == 404);
    CHECK_THAT(unknownXml.body, Contains("<errors><error><code>404</code><description>"));
    CHECK(h.get("/open311/v2/services.csv").status == 404);
    CHECK(h.get("/open311/v2/nothing.json").status == 404);
    CHECK(h.get("/open311/v2/services.json?colour=red").status == 400);
}

TEST_CASE("a partner files the spec's example, and the case is in the inbox, moves on and keeps the contact sealed",
          "[hub][open311]") {
    Open311Hub h;
    // The spec's example request, with one of this hub's service codes.
    const std::string form = "api_key=" + h.key +
                             "&service_code=roads-lights&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street"
                             "&email=smit222%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john"
                             "&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
                             "&media_url=http%3A%2F%2Fexample.com%2Fimage.jpg";
    const Answer filed = h.post("/open311/v2/requests.json", form);
    INFO(filed.body);
    REQUIRE(filed.status == 201);
    const json made = filed.parsed();
    REQUIRE(made.size() == 1);
    const std::string ticket = made[0]["service_request_id"];
    CHECK(ticket == core::Ticket{kOffice, 0, 1}.text());
    CHECK(made[0]["account_id"].is_null());
    CHECK_THAT(made[0]["service_notice"].get<std::string>(), Contains("สำนักงานได้รับเรื่องแล้ว"));
    const std::string token = made[0]["token"];

    const Answer byToken = h.get("/open311/v2/tokens/" + token + ".json");
    REQUIRE(byToken.status == 200);
    CHECK(byToken.parsed() == json::array({{{"service_request_id", ticket}, {"token", token}}}));
    CHECK(h.get("/open311/v2/tokens/0123456789abcdef.json").status == 404);
    CHECK_THAT(h.get("/open311/v2/tokens/" + token + ".xml").body,
               Contains("<service_requests><request><service_request_id>" + ticket + "</service_request_id>"));

    const Answer one = h.get("/open311/v2/requests/" + ticket + ".json");
    REQUIRE(one.status == 200);
    const json r = one.parsed()[0];
    CHECK(r["status"] == "open");
    CHECK(r["service_code"] == "roads-lights");
    CHECK(r["description"] == "A large sinkhole is destroying the street");
    CHECK(r["address"] == "1234 5th street");
    CHECK(r["lat"].get<double>() == Approx(37.765241).margin(1e-6));
    CHECK(r["long"].get<double>() == Approx(-122.421204).margin(1e-6));
    CHECK(r["media_url"] == "http://example.com/image.jpg");
    CHECK(r["agency_responsible"] == "เทศบาลตำบลบ้านสวน");
    CHECK(r["requested_datetime"] == r["updated_datetime"]);
    for (const Answer& a : {one, h.get("/open311/v2/requests/" + ticket + ".xml"), h.get("/open311/v2/requests.json"),
                            h.get("/open311/v2/requests.xml"), byToken}) {
        for (const char* personal : {"john", "smith", "111111111", "smit222", "tt222111", "123456"})
            CHECK_THAT(a.body, !Contains(personal));
    }
    // Sealed in the store: the phone is nowhere in the file or the database.
    CHECK(test::queryStoreNumber(h.hub.dir(), "SELECT count(*) FROM open311_requests WHERE contact IS NOT NULL") == 1);
    CHECK(test::queryStoreNumber(h.hub.dir(), "SELECT count(*) FROM cases WHERE has_contact AND NOT anonymous") == 1);
    if (!test::testingPostgres())
        CHECK(test::readAll(h.hub.dir() / "hub.db").find("111111111") == std::string::npos);

    // Its updates are not sent to the office's kiosks (docs/CASES.md).
    auto updates = h.hub.storage().ticketUpdates(kOffice, 0, 100);
    REQUIRE(updates.ok());
    CHECK(updates->empty());
    CHECK(test::queryStoreNumber(h.hub.dir(), "SELECT count(*) FROM ticket_updates") == 1);
    // The officers' inbox has it, and the workflow moves it as any case.
    const hub::Actor console = hub::Actor::console();
    auto inbox = h.cases->inbox(console, kOffice);
    REQUIRE(inbox.ok());
    REQUIRE(inbox->fresh.size() == 1);
    CHECK(inbox->fresh[0].ticket == ticket);
    CHECK(inbox->fresh[0].device == hub::kOpen311Device);
    auto view = h.cases->view(console, ticket);
    REQUIRE(view.ok());
    CHECK_FALSE(view->device.has_value());
    CHECK_FALSE(view->verified);
    {
        // The case page says where it came from, and shows no failed signature.
        httplib::Client client("127.0.0.1", h.server->port());
        auto signedIn = client.Post("/api/v1/session", R"({"username":"chief","password":"password-of-chief"})",
                                    "application/json");
        REQUIRE(signedIn);
        REQUIRE(signedIn->status == 200);
        const std::string cookie = signedIn->get_header_value("Set-Cookie");
        auto page = client.Get(("/api/v1/cases/" + ticket).c_str(), {{"Cookie", cookie.substr(0, cookie.find(';'))}});
        REQUIRE(page);
        INFO(page->body);
        REQUIRE(page->status == 200);
        const json j = json::parse(page->body);
        CHECK(j["channel"] == "open311");
        CHECK(j["record"].is_null());
    }
    REQUIRE(h.officers->addUnit(console, hub::Unit{kOffice, "works", "กองช่าง", ""}, "").ok());
    hub::CaseChange accept;
    accept.to = hub::CaseState::Accepted;
    accept.unit = "works";
    accept.officer = "chief";
    REQUIRE(h.cases->change(console, ticket, accept, "").ok());
    CHECK(h.get("/open311/v2/requests/" + ticket + ".json").parsed()[0]["agency_responsible"] ==
          "เทศบาลตำบลบ้านสวน / กองช่าง");
    h.now += 3600 * 1000;
    for (auto to : {hub::CaseState::InProgress, hub::CaseState::Resolved}) {
        hub::CaseChange change;
        change.to = to;
        if (to == hub::CaseState::Resolved)
            change.reply = "ซ่อมถนนแล้ว ขอบคุณที่แจ้ง";
        auto moved = h.cases->change(console, ticket, change, "");
        INFO((moved ? std::string() : moved.error().message));
        REQUIRE(moved.ok());
    }
    const json resolved = h.get("/open311/v2/requests/" + ticket + ".json").parsed()[0];
    CHECK(resolved["status"] == "closed");
    CHECK(resolved["status_notes"] == "ซ่อมถนนแล้ว ขอบคุณที่แจ้ง");
    CHECK(resolved["updated_datetime"] != resolved["requested_datetime"]);
    // The contact opens for an officer allowed to see it, audited.
    const auto chief = h.hub.storage().findOfficer("chief");
    REQUIRE(chief.ok());
    REQUIRE(chief->has_value());
    const hub::Actor supervisor{(*chief)->id, "chief", hub::Role::Supervisor, kOffice, ""};
    auto contact = h.cases->showContact(supervisor, ticket, "");
    INFO((contact ? std::string() : contact.error().message));
    REQUIRE(contact.ok());
    CHECK(json::parse(*contact) == json{{"name", "john smith"}, {"phone", "111111111"}, {"email", "smit222@sfgov.edu"}});
    auto audit = h.hub.storage().listAudit({});
    REQUIRE(audit.ok());
    CHECK(std::any_of(audit->begin(), audit->end(), [&](const hub::AuditEntry& e) {
        return e.action == "open311-request" && e.subject == ticket && e.actor == "open311:แอปแจ้งเหตุ LINE";
    }));
    CHECK(std::any_of(audit->begin(), audit->end(),
                      [&](const hub::AuditEntry& e) { return e.action == "case-contact" && e.actor == "chief"; }));
    // The next filing takes the office's next number; an anonymous one has no contact.
    CHECK(h.file("service_code=water&address_string=ซอย+3&description=ท่อแตก") == core::Ticket{kOffice, 0, 2}.text());
    CHECK(test::queryStoreNumber(h.hub.dir(), "SELECT count(*) FROM open311_requests WHERE contact IS NULL") == 1);
    // XML answers to a POST too.
    const Answer xml = h.post("/open311/v2/requests.xml", "api_key=" + h.key + "&service_code=waste&lat=13.7&long=100.5"
                                                                                "&description=ขยะล้น");
    CHECK(xml.status == 201);
    CHECK_THAT(xml.body, Contains("<service_requests><request><service_request_id>" + core::Ticket{kOffice, 0, 3}.text()));
}

TEST_CASE("a partner's filing is counted in what citizens talk about, and leaves it when hidden",
          "[hub][open311][keywords]") {
    Open311Hub h;
    hub::KeywordQuery q;
    q.office = kOffice;
    q.period = {hub::monthKeyOf(h.now), hub::monthKeyOf(h.now)};
    q.top = 100;
    // The documents that use `term`, and the texts counted, in this month.
    auto uses = [&](const std::string& term) {
        auto f = hub::keywordFigures(h.hub.storage().reports(), q);
        REQUIRE(f.ok());
        for (const auto& t : f->top)
            if (t.term == term)
                return std::make_pair(t.documents, f->texts);
        return std::make_pair(std::uint64_t{0}, f->texts);
    };
    const auto id = test::seededIdentity(131);
    test::enrolIdentity(h.hub, id);
    core::ChainHead head;
    test::pushAll(h.hub, id,
                  {test::complaintRecord(id, head, kOffice, "roads-lights", "ไฟดับหน้าโรงเรียน", "", "", nullptr, h.now)});
    CHECK(uses("ไฟดับ") == std::make_pair(std::uint64_t{1}, std::uint64_t{1}));

    const std::string ticket = h.file("service_code=roads-lights&address_string=ซอย+3&description=ไฟดับทั้งซอย+มืดมาก");
    CHECK(uses("ไฟดับ") == std::make_pair(std::uint64_t{2}, std::uint64_t{2}));
    CHECK(uses("มืด").first == 1);
    auto counts = h.hub.storage().reports().termCounts(
        hub::TermFilter{kOffice, q.period.from, q.period.to, hub::TextSource::Complaint, std::string("roads-lights")});
    REQUIRE(counts.ok());
    CHECK(std::any_of(counts->begin(), counts->end(),
                      [](const hub::TermRow& r) { return r.term == "ไฟดับ" && r.texts == 2; }));

    // Hidden by an officer, its terms leave the counts; the kiosk's stay.
    auto found = h.hub.storage().findCase(ticket);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    hub::CaseAction a;
    a.ticket = ticket;
    a.expected = (*found)->state;
    a.hidden = true;
    a.hiddenReason = "ข้อความซ้ำ";
    a.event.ticket = ticket;
    a.event.atMs = h.now + 60000;
    a.event.kind = "moderated";
    a.event.actor = "admin";
    REQUIRE(h.hub.storage().actOnCase(a).ok());
    CHECK(uses("ไฟดับ") == std::make_pair(std::uint64_t{1}, std::uint64_t{1}));
    CHECK(uses("มืด").first == 0);
}

TEST_CASE("every field of a filing is checked, in the spec's error format, and nothing is stored", "[hub][open311]") {
    Open311Hub h;
    const std::string ok = "service_code=water&lat=13.75&long=100.5&description=น้ำไม่ไหล";
    const std::string longText(2001, 'a');
    struct Bad {
        std::string form, mentions;
    };
    const std::vector<Bad> bad = {
        {"lat=13.75&long=100.5&description=x", "service_code"},
        {"service_code=potholes&lat=13.75&long=100.5&description=x", "service_code"},
        {"service_code=water&lat=13.75&long=100.5", "description"},
        {"service_code=water&lat=13.75&long=100.5&description=+++", "description"},
        {"service_code=water&lat=13.75&long=100.5&description=" + longText, "description"},
        {"service_code=water&lat=91&long=100.5&description=x", "lat"},
        {"service_code=water&lat=-90.5&long=100.5&description=x", "lat"},
        {"service_code=water&lat=13.75&long=180.01&description=x", "long"},
        {"service_code=water&lat=north&long=100.5&description=x", "lat"},
        {"service_code=water&lat=nan&long=100.5&description=x", "lat"},
        {"service_code=water&lat=13.75&description=x", "lat and long"},
        {"service_code=water&description=x", "location"},
        {"service_code=water&address_string=" + std::string(251, 'b') + "&description=x", "address_string"},
        {ok + "&first_name=" + std::string(101, 'c'), "first_name"},
        {ok + "&phone=call+me", "phone"},
        {ok + "&email=not-an-address", "email"},
        {ok + "&media_url=javascript%3Aalert(1)", "media_url"},
        {ok + "&description=again", "more than once"},
        {ok + "&colour=red", "colour"},
        {ok + "&attribute%5BWHISHETN%5D=123", "attribute"},
        {ok + "&address_string=%FF%FE", "UTF-8"},
        {ok + "&address_string=a%01b", "control"},
        {ok + "&first_name=%zz", "well encoded"},
    };
    const std::int64_t before = h.caseCount();
    for (const auto& b : bad) {
        for (const char* format : {"json", "xml"}) {
            const Answer a = h.post(std::string("/open311/v2/requests.") + format, "api_key=" + h.key + "&" + b.form);
            INFO(b.form.substr(0, 120) << " as " << format << ": " << a.body);
            CHECK(a.status == 400);
            CHECK_THAT(a.body, Contains(b.mentions));
            if (std::string_view(format) == "json") {
                const json e = a.parsed();
                REQUIRE(e.size() == 1);
                CHECK(e[0]["code"] == 400);
            } else {
                CHECK_THAT(a.body, Contains("<errors><error><code>400</code><description>"));
            }
        }
    }
    httplib::Client client("127.0.0.1", h.server->port());
    auto asJson = client.Post("/open311/v2/requests.json", R"({"service_code":"water"})", "application/json");
    REQUIRE(asJson);
    CHECK(asJson->status == 400);
    CHECK(h.caseCount() == before);
    CHECK(test::queryStoreNumber(h.hub.dir(), "SELECT count(*) FROM open311_requests") == 0);
}

TEST_CASE("a filing needs a key the hub issued, not revoked, for its own office", "[hub][open311]") {
    Open311Hub h;
    const std::string form = "service_code=water&lat=13.75&long=100.5&description=น้ำไม่ไหล";
    for (const std::string& key : {std::string(), std::string("xyz"), hub::newApiKey()}) {
        const Answer a = h.post("/open311/v2/requests.json", "api_key=" + key + "&" + form);
        CHECK(a.status == 403);
        CHECK(a.parsed()[0]["code"] == 403);
    }
    // The program's own commands issue, list and revoke keys.
    const std::string dir = h.hub.dir().string();
    auto added = test::runHub({"--dir", dir, "apikey", "add", "--office", kOffice, "--partner", "Traffy Fondue"});
    INFO(added.output);
    REQUIRE(added.exitCode == 0);
    const auto at = added.output.find("    ") + 4;
    const std::string key = added.output.substr(at, 64);
    REQUIRE(hub::apiKeyHash(key).has_value());
    CHECK(h.post("/open311/v2/requests.json", "api_key=" + key + "&" + form).status == 201);
    auto listed = test::runHub({"--dir", dir, "apikey", "list"});
    CHECK_THAT(listed.output, Contains("Traffy Fondue") && Contains("active") && !Contains(key));
    CHECK(test::queryStoreNumber(h.hub.dir(), "SELECT count(*) FROM open311_keys") == 2);
    auto revoked = test::runHub({"--dir", dir, "apikey", "revoke", "2"});
    INFO(revoked.output);
    CHECK(revoked.exitCode == 0);
    const Answer refused = h.post("/open311/v2/requests.xml", "api_key=" + key + "&" + form);
    CHECK(refused.status == 403);
    CHECK_THAT(refused.body, Contains("<code>403</code>") && Contains("revoked"));
    CHECK(test::runHub({"--dir", dir, "apikey", "revoke", "2"}).exitCode != 0);
    CHECK(test::runHub({"--dir", dir, "apikey", "add", "--office", "9999999", "--partner", "x"}).exitCode != 0);
    CHECK(test::runHub({"--dir", dir, "apikey", "list"}).output.find("revoked") != std::string::npos);
}

TEST_CASE("GET requests filters by id, service, dates and status, with the spec's defaults", "[hub][open311]") {
    Open311Hub h;
    const auto id = test::seededIdentity(231);
    test::enrolIdentity(h.hub, id);
    core::ChainHead head;
    // Kiosk cases 1, 10, 40, 100 and 200 days old; one with a sealed contact.
    const auto kiosk = kioskComplaints(h, id, head, {{"water", 1}, {"waste", 10}, {"water", 40}, {"waste", 100}, {"water", 200}});
    const auto named = kioskComplaints(h, id, head, {{"noise-nuisance", 2}},
                                       R"({"name":"สมปอง แก้วมณี","phone":"0812345678"})");
    const std::string partner = h.file("service_code=roads-lights&lat=13.75&long=100.5&description=ไฟดับ");
    const hub::Actor console = hub::Actor::console();
    hub::CaseChange reject;
    reject.to = hub::CaseState::Rejected;
    reject.reply = "ซ้ำกับเรื่องเดิม";
    REQUIRE(h.cases->change(console, kiosk[1], reject, "").ok());
    REQUIRE(h.cases->moderate(console, kiosk[0], true, "ข้อความไม่สุภาพ", "").ok());

    // The kiosks still get their own cases' updates, and not the partner's.
    auto updates = h.hub.storage().ticketUpdates(kOffice, 0, 100);
    REQUIRE(updates.ok());
    std::set<std::string> updated;
    for (const auto& u : *updates)
        updated.insert(u.ticket);
    CHECK(updated.count(kiosk[1]) == 1);
    CHECK(updated.count(named[0]) == 1);
    CHECK(updated.count(partner) == 0);

    auto ids = [&](const std::string& query) {
        const Answer a = h.get("/open311/v2/requests.json" + query);
        INFO(query << ": " << a.body);
        REQUIRE(a.status == 200);
        return idsOf(a.parsed());
    };
    // The last 90 days when no dates are given, newest first.
    const json all = h.get("/open311/v2/requests.json").parsed();
    REQUIRE(all.size() == 5);
    CHECK(all[0]["service_request_id"] == partner);
    CHECK(idsOf(all) == std::set<std::string>{partner, named[0], kiosk[0], kiosk[1], kiosk[2]});
    CHECK(ids("?status=open") == std::set<std::string>{partner, named[0], kiosk[0], kiosk[2]});
    CHECK(ids("?status=closed") == std::set<std::string>{kiosk[1]});
    CHECK(ids("?status=open,closed").size() == 5);
    CHECK(ids("?service_code=water") == std::set<std::string>{kiosk[0], kiosk[2]});
    CHECK(ids("?service_code=water,waste&status=closed") == std::set<std::string>{kiosk[1]});
    const std::string from = "?start_date=" + std::string("2020-01-01T00:00:00Z");
    auto w3c = [](std::int64_t ms) {
        const std::time_t s = ms / 1000;
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&s));
        return std::string(text);
    };
    CHECK(ids("?start_date=" + w3c(h.now - 150 * kDay)) == std::set<std::string>{kiosk[3]});  // 90 days from the start
    CHECK(ids("?start_date=" + w3c(h.now - 250 * kDay) + "&end_date=" + w3c(h.now - 160 * kDay)) ==
          std::set<std::string>{kiosk[4]});
    CHECK(ids("?end_date=" + w3c(h.now - 5 * kDay)) == std::set<std::string>{kiosk[1], kiosk[2]});
    CHECK(ids("?start_date=" + w3c(h.now - 45 * kDay) + "&end_date=" + w3c(h.now - 5 * kDay) + "&service_code=water") ==
          std::set<std::string>{kiosk[2]});
    // Ids override every other filter; at most 1000; unknown ones are not there.
    CHECK(ids("?service_request_id=" + kiosk[4] + "," + partner + "&status=closed") ==
          std::set<std::string>{kiosk[4], partner});
    CHECK(ids("?service_request_id=" + core::Ticket{kOffice, 0, 99}.text()).empty());
    for (const std::string& query :
         {std::string("?status=pending"), std::string("?start_date=yesterday"), std::string("?start_date=2026-13-01"),
          std::string("?start_date=2026-01-01T10:00"), "?start_date=" + w3c(h.now) + "&end_date=" + w3c(h.now - kDay),
          "?start_date=" + w3c(h.now - 100 * kDay) + "&end_date=" + w3c(h.now), std::string("?service_code=potholes"),
          std::string("?service_request_id=12-3"), std::string("?status=open&status=closed"),
          std::string("?limit=5")}) {
        const Answer a = h.get("/open311/v2/requests.json" + query);
        INFO(query << ": " << a.body);
        CHECK(a.status == 400);
        CHECK(a.parsed()[0]["code"] == 400);
    }
    // The spec's example query: a range with offsets, and the XML answer.
    CHECK(h.get("/open311/v2/requests.xml?start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open")
              .body == "<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests></service_requests>");
    const Answer xml = h.get("/open311/v2/requests.xml?service_request_id=" + kiosk[1]);
    CHECK_THAT(xml.body, Contains("<status>closed</status><status_notes>ซ้ำกับเรื่องเดิม</status_notes>"));
    CHECK_THAT(xml.body, Contains("<lat></lat><long></long>"));

    // Public fields only: no name or phone, village, or hidden text, in either format.
    const json hidden = h.get("/open311/v2/requests/" + kiosk[0] + ".json").parsed()[0];
    CHECK(hidden["description"] == "");
    CHECK(hidden["address"] == "");
    for (const std::string& path : {std::string("/open311/v2/requests.json"), std::string("/open311/v2/requests.xml"),
                                    "/open311/v2/requests/" + named[0] + ".xml"}) {
        const Answer a = h.get(path);
        for (const char* secret : {"สมปอง", "0812345678", "บ้านหนองตะเคียนทอง", "เรื่อง water 1", "ข้อความไม่สุภาพ"})
            CHECK_THAT(a.body, !Contains(secret));
    }
    CHECK(h.get("/open311/v2/requests/" + named[0] + ".json").parsed()[0]["description"] == "เรื่อง noise-nuisance 2");
    CHECK(h.get("/open311/v2/requests/" + core::Ticket{kOffice, 0, 7}.text() + ".json").status == 404);
    CHECK(h.get("/open311/v2/requests/not-a-ticket.xml").status == 404);
}

TEST_CASE("GET requests answers at most 1000, the newest", "[hub][open311]") {
    Open311Hub h;
    const auto id = test::seededIdentity(232);
    test::enrolIdentity(h.hub, id);
    core::ChainHead head;
    std::vector<std::pair<std::string, int>> entries(1005, {"waste", 3});
    entries.back().second = 1;
    const auto tickets = kioskComplaints(h, id, head, entries);
    const json list = h.get("/open311/v2/requests.json").parsed();
    CHECK(list.size() == hub::kOpen311MaxRequests);
    CHECK(list[0]["service_request_id"] == tickets.back());
}

TEST_CASE("a hub of several offices needs jurisdiction_id, and a key files for its own office only",
          "[hub][open311]") {
    Open311Hub h;
    const std::string form = "service_code=water&lat=13.75&long=100.5&description=น้ำไม่ไหล";
    // With one office it may be left out, or named.
    CHECK(h.get("/open311/v2/services.json").status == 200);
    CHECK(h.get(std::string("/open311/v2/services.json?jurisdiction_id=") + kOffice).status == 200);
    REQUIRE(h.hub.storage().putOffice(hub::Office{"6340106", "อบต.ท่าช้าง", ""}).ok());
    const std::string other = h.addKey("6340106", "แอปอำเภอ");
    for (const char* path : {"/open311/v2/services.json", "/open311/v2/requests.json", "/open311/v2/services/water.xml"}) {
        const Answer a = h.get(path);
        CHECK(a.status == 400);
        CHECK_THAT(a.body, Contains("jurisdiction_id"));
    }
    CHECK(h.get("/open311/v2/requests.json?jurisdiction_id=1111111").status == 400);
    const std::string mine = h.file(std::string("jurisdiction_id=") + kOffice + "&" + form);
    const Answer theirs = h.post("/open311/v2/requests.json", "api_key=" + other + "&" + form);
    REQUIRE(theirs.status == 201);
    const std::string theirTicket = theirs.parsed()[0]["service_request_id"];
    CHECK(theirTicket == core::Ticket{"6340106", 0, 1}.text());  // numbered per office: never the same ticket
    // A key of one office cannot file for another.
    const Answer crossed = h.post("/open311/v2/requests.json", "api_key=" + other + "&jurisdiction_id=" + kOffice + "&" + form);
    CHECK(crossed.status == 403);
    CHECK(idsOf(h.get(std::string("/open311/v2/requests.json?jurisdiction_id=") + kOffice).parsed()) ==
          std::set<std::string>{mine});
    CHECK(idsOf(h.get("/open311/v2/requests.json?jurisdiction_id=6340106").parsed()) ==
          std::set<std::string>{theirTicket});
    CHECK(h.get("/open311/v2/requests/" + theirTicket + ".json?jurisdiction_id=" + kOffice).status == 404);
    CHECK(h.get("/open311/v2/requests/" + theirTicket + ".json?jurisdiction_id=6340106").status == 200);
}

TEST_CASE("a store of the previous schema gains the Open311 tables and keeps its cases", "[hub][open311][migration]") {
    if (test::testingPostgres())
        return;  // pg_storage_test migrates a PostgreSQL store from schema 5
    Open311Hub h;
    const auto id = test::seededIdentity(233);
    test::enrolIdentity(h.hub, id);
    core::ChainHead head;
    const auto tickets = kioskComplaints(h, id, head, {{"water", 1}, {"waste", 2}});
    const auto copy = h.hub.dir() / "v6.db";
    {
        auto db = core::sql::Database::open(h.hub.dir() / "hub.db", core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
        auto old = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
        REQUIRE(old.ok());
        REQUIRE(old->exec(std::string(test::kBackToVersion8) +
                          "DROP TABLE open311_requests; DROP TABLE open311_keys; PRAGMA user_version = 7")
                    .ok());
    }
    auto migrated = hub::openSqliteHubStorage(copy);
    INFO((migrated ? std::string() : migrated.error().message));
    REQUIRE(migrated.ok());
    auto db = core::sql::Database::open(copy, core::sql::OpenMode::ReadOnly);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == 9);
    CHECK(*db->queryInt("SELECT count(*) FROM cases") == 2);
    CHECK(*db->queryInt("SELECT count(*) FROM open311_requests") == 0);
    REQUIRE((*migrated)->open311().addKey(*hub::apiKeyHash(hub::newApiKey()), kOffice, "p", h.now, {}).ok());
    CHECK((*migrated)->findCase(tickets[0]).value().has_value());
    // A store of this version that lost an Open311 table is damaged.
    migrated->reset();
    {
        auto rw = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
        REQUIRE(rw.ok());
        REQUIRE(rw->exec("DROP TABLE open311_requests").ok());
    }
    auto damaged = hub::openSqliteHubStorage(copy);
    REQUIRE_FALSE(damaged.ok());
    CHECK_THAT(damaged.error().message, Contains("open311_requests"));
}
