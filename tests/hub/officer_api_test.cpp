// The officers' API of a real hub over loopback (httplib's client, a real
// SQLite file, a clock the test sets): every route for every role in its own
// office and another, sign-in with its limits, sessions that expire, CSRF,
// bad bodies that change nothing, and the audit log of it all.

#include "hub_test_support.hpp"

#include "hub/officer_api.hpp"
#include "hub/server.hpp"
#include "hub/webhooks.hpp"

#include "core/ticket.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <set>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

constexpr const char* kOfficeA = "6340105";
constexpr const char* kOfficeB = "6340106";
constexpr std::int64_t kMinute = 60'000;

std::string passwordOf(const std::string& user) { return "pass-" + user + "-1234"; }

struct Reply {
    int status = 0;
    json body;
    std::string setCookie;
    std::string text;
};

// A hub serving the officers' API, with two offices, a unit in each, one
// account of every role in each, a spare account in each to change, and a
// device in each.
class ApiHub {
public:
    ApiHub() : ApiHub(OfficerOptions{}) {}
    explicit ApiHub(OfficerOptions options) {
        REQUIRE(createHubKeys(m_dir.path()).ok());
        auto storage = createTestStorage(m_dir.path());
        REQUIRE(storage.ok());
        m_storage = std::move(*storage);
        auto keys = loadHubKeys(m_dir.path());
        REQUIRE(keys.ok());
        m_keys = std::make_unique<HubKeys>(std::move(*keys));
        m_service = std::make_unique<HubService>(*m_storage, *m_keys, quietOptions());
        options.clock = [this] { return m_now.load(); };
        m_officers = std::make_unique<OfficerService>(*m_storage, options);
        const Actor console = Actor::console();
        int deviceSeed = 90;
        for (const char* office : {kOfficeA, kOfficeB}) {
            const std::string suffix = office == std::string(kOfficeA) ? "-a" : "-b";
            REQUIRE(m_officers->setOfficeNames(console, Office{office, "เทศบาล " + suffix, "Town" + suffix}, {}).ok());
            REQUIRE(m_officers->addUnit(console, Unit{office, "works", "กองช่าง", "Public Works"}, {}).ok());
            for (const char* role : {"admin", "supervisor", "officer", "viewer", "spare"}) {
                const std::string user = role + suffix;
                const Role r = roleFromName(role).value_or(Role::Viewer);
                auto added = m_officers->addOfficer(
                    console, OfficerDraft{user, "Officer " + user, r, office, r == Role::Officer ? "works" : ""},
                    passwordOf(user), {});
                REQUIRE(added.ok());
            }
            auto id = seededIdentity(static_cast<std::uint8_t>(deviceSeed++));
            auto code = m_service->createEnrolmentCode(office, "", std::chrono::minutes(5));
            REQUIRE(code.ok());
            auto plain = sync::normaliseEnrolmentCode(code->code);
            sync::EnrolRequest request{*plain, id.publicKey(), id.sign(sync::enrolProofMessage(*plain, id.publicKey())),
                                       "kiosk" + suffix};
            REQUIRE(m_service->handleEnrol(sync::encodeEnrolRequest(request)).status == 200);
            // A complaint with contact, given to the office's works unit.
            auto complaint = complaintRecord(id, {}, office, "roads-lights", "ไฟดับหน้าวัด" + suffix, "3",
                                             R"({"name":"สมศรี","phone":"0812345678"})", &m_keys->box.publicKey);
            pushOk(*m_service, m_keys->signing.publicKey, wireOf(id, {complaint.bytes()}));
            auto device = m_storage->findDevice(id.publicKey());
            REQUIRE(device.ok());
            m_tickets[office] = core::Ticket{office, (*device)->number, 1}.text();
            CaseChange accept;
            accept.to = CaseState::Accepted;
            accept.unit = "works";
            accept.officer = "officer" + suffix;
            REQUIRE(CaseService(*m_storage, nullptr).change(console, m_tickets[office], accept, "").ok());
        }
        m_cases = std::make_unique<CaseService>(*m_storage, m_keys.get(), [this] { return m_now.load(); });
        m_server = std::make_unique<HubServer>(*m_service, HubServerOptions{}, m_officers.get(), m_cases.get());
        REQUIRE(m_server->start().ok());
    }

    void advance(std::int64_t ms) { m_now += ms; }
    [[nodiscard]] int port() const { return m_server->port(); }
    [[nodiscard]] HubStorage& storage() { return *m_storage; }
    [[nodiscard]] std::filesystem::path store() const { return m_dir / "hub.db"; }
    // The complaint filed in an office.
    [[nodiscard]] std::string ticketOf(const std::string& office) { return m_tickets[office]; }
    // A webhook registered for an office; its number.
    [[nodiscard]] std::string hookOf(const std::string& office) {
        Webhook h{0, office, {WebhookEvent::CaseCreated}, "https://bot.example/" + office, false, 0, ""};
        return std::to_string(WebhookAdmin(*m_storage, *m_keys).add(Actor::console(), h, "").value().hook.id);
    }

private:
    TempDir m_dir;
    std::atomic<std::int64_t> m_now{test::kTestTimeMs};
    std::unique_ptr<HubStorage> m_storage;
    std::unique_ptr<HubKeys> m_keys;
    std::unique_ptr<HubService> m_service;
    std::unique_ptr<OfficerService> m_officers;
    std::unique_ptr<CaseService> m_cases;
    std::unique_ptr<HubServer> m_server;
    std::map<std::string, std::string> m_tickets;
};

// One browser: its cookie and the CSRF token its sign-in gave.
class Browser {
public:
    explicit Browser(const ApiHub& hub) : m_client("127.0.0.1", hub.port()) {}

    Reply call(const std::string& method, const std::string& path, const std::string& body = {},
               bool sendCsrf = true, const std::string& csrf = {}) {
        httplib::Headers headers;
        if (!m_cookie.empty())
            headers.emplace("Cookie", m_cookie);
        if (sendCsrf && !(csrf.empty() && m_csrf.empty()))
            headers.emplace(kCsrfHeader, csrf.empty() ? m_csrf : csrf);
        httplib::Result res = method == "GET"      ? m_client.Get(path.c_str(), headers)
                              : method == "DELETE" ? m_client.Delete(path.c_str(), headers)
                                                   : m_client.Post(path.c_str(), headers, body, "application/json");
        REQUIRE(res);
        Reply reply{res->status, json::parse(res->body, nullptr, false), res->get_header_value("Set-Cookie"), res->body};
        return reply;
    }

    Reply signIn(const std::string& user, const std::string& password) {
        Reply reply = call("POST", "/api/v1/session", json{{"username", user}, {"password", password}}.dump());
        if (reply.status == 200) {
            m_cookie = reply.setCookie.substr(0, reply.setCookie.find(';'));
            m_csrf = reply.body.value("csrf", "");
        }
        return reply;
    }
    Reply signIn(const std::string& user) { return signIn(user, passwordOf(user)); }
    void forgetCsrf() { m_csrf.clear(); }

private:
    httplib::Client m_client;
    std::string m_cookie;
    std::string m_csrf;
};

std::size_t auditCount(HubStorage& storage, const std::string& action) {
    auto entries = storage.listAudit(AuditQuery{std::nullopt, 10000});
    REQUIRE(entries.ok());
    return static_cast<std::size_t>(
        std::count_if(entries->begin(), entries->end(), [&](const AuditEntry& e) { return e.action == action; }));
}

}  // namespace

TEST_CASE("every officers' route, for every role, in its own office and another", "[hub][api][roles]") {
    ApiHub hub;
    struct Case {
        const char* method;
        const char* route;  // as OfficerApi::routes() names it
        std::string path;   // {office} and {other}: the signed-in officer's office and another
        std::string body;
        std::set<std::string> ownAllowed;    // roles allowed in their own office
        std::set<std::string> otherAllowed;  // and in the other office
    };
    const std::set<std::string> all = {"admin", "supervisor", "officer", "viewer"};
    const std::set<std::string> admin = {"admin"}, adminSupervisor = {"admin", "supervisor"}, none = {};
    // Cases: an officer sees their unit's (the complaint is with it); the
    // sealed contact only for the case's handlers, never the admin.
    const std::set<std::string> handlers = {"admin", "supervisor", "officer"}, caseHandlers = {"supervisor", "officer"};
    int serial = 0;
    auto newUser = [&](const std::string& office) {
        return json{{"username", "new-" + std::to_string(++serial)}, {"displayName", "New"}, {"role", "viewer"},
                    {"office", office}}
            .dump();
    };
    for (const std::string role : {"admin", "supervisor", "officer", "viewer"}) {
        for (const bool own : {true, false}) {
            const std::string office = own ? kOfficeA : kOfficeB;
            const std::string letter = own ? "a" : "b";
            const std::string ticket = hub.ticketOf(office);
            const std::string hook = hub.hookOf(office);
            const std::string hookBody = R"({"events":["case.created"],"url":"https://a.example/","office":")" + office + "\"}";
            const std::string reassign =
                json{{"to", "accepted"}, {"unit", "works"}, {"officer", "officer-" + letter}}.dump();
            const std::vector<Case> cases = {
                {"GET", "/api/v1/session", "/api/v1/session", "", all, all},
                {"GET", "/api/v1/users", "/api/v1/users?office=" + office, "", adminSupervisor, admin},
                {"POST", "/api/v1/users", "/api/v1/users", newUser(office), admin, admin},
                {"POST", "/api/v1/users/{name}/disable", "/api/v1/users/spare-" + letter + "/disable", "{}", admin, admin},
                {"POST", "/api/v1/users/{name}/reset", "/api/v1/users/spare-" + letter + "/reset", "{}", admin, admin},
                {"GET", "/api/v1/units", "/api/v1/units?office=" + office, "", all, admin},
                {"GET", "/api/v1/devices", "/api/v1/devices?office=" + office, "", adminSupervisor, admin},
                {"GET", "/api/v1/audit", "/api/v1/audit?limit=5", "", admin, admin},
                {"GET", "/api/v1/cases", "/api/v1/cases?office=" + office, "", handlers, admin},
                {"GET", "/api/v1/inbox", "/api/v1/inbox?office=" + office, "", handlers, admin},
                {"GET", "/api/v1/categories", "/api/v1/categories", "", all, all},
                {"GET", "/api/v1/templates", "/api/v1/templates?office=" + office, "", handlers, admin},
                {"GET", "/api/v1/cases/{name}", "/api/v1/cases/" + ticket, "", handlers, admin},
                {"POST", "/api/v1/cases/{name}/state", "/api/v1/cases/" + ticket + "/state", reassign, adminSupervisor,
                 admin},
                {"POST", "/api/v1/cases/{name}/notes", "/api/v1/cases/" + ticket + "/notes", R"({"text":"โทรแล้ว"})",
                 handlers, admin},
                {"POST", "/api/v1/cases/{name}/contact", "/api/v1/cases/" + ticket + "/contact", "{}", caseHandlers,
                 none},
                {"POST", "/api/v1/cases/{name}/moderation", "/api/v1/cases/" + ticket + "/moderation",
                 R"({"hidden":false})", handlers, admin},
                {"GET", "/api/v1/content", "/api/v1/content?office=" + office, "", adminSupervisor, admin},
                {"POST", "/api/v1/content", "/api/v1/content?office=" + office,
                 R"({"files":{"notes.json":"{\"a\":1}"}})", admin, admin},
                {"GET", "/api/v1/reports/satisfaction", "/api/v1/reports/satisfaction?office=" + office, "", all, admin},
                {"GET", "/api/v1/reports/satisfaction.csv", "/api/v1/reports/satisfaction.csv?office=" + office, "", all,
                 admin},
                {"GET", "/api/v1/reports/satisfaction.xlsx", "/api/v1/reports/satisfaction.xlsx?office=" + office, "",
                 all, admin},
                {"GET", "/api/v1/reports/satisfaction.pdf", "/api/v1/reports/satisfaction.pdf?office=" + office, "", all,
                 admin},
                {"GET", "/api/v1/reports/field", "/api/v1/reports/field?survey=product-buyer&office=" + office, "", all,
                 admin},
                {"GET", "/api/v1/reports/keywords", "/api/v1/reports/keywords?office=" + office, "", all, admin},
                {"GET", "/api/v1/reports/complaints", "/api/v1/reports/complaints?office=" + office, "", all, admin},
                {"GET", "/api/v1/reports/complaints.csv", "/api/v1/reports/complaints.csv?office=" + office, "", all,
                 admin},
                {"GET", "/api/v1/reports/complaints.xlsx", "/api/v1/reports/complaints.xlsx?office=" + office, "", all,
                 admin},
                {"GET", "/api/v1/reports/complaints.pdf", "/api/v1/reports/complaints.pdf?office=" + office, "", all,
                 admin},
                // The ranking is of every office: the same answer whoever asks.
                {"GET", "/api/v1/reports/ranking", "/api/v1/reports/ranking", "", all, all},
                {"GET", "/api/v1/reports/ranking.csv", "/api/v1/reports/ranking.csv", "", all, all},
                {"GET", "/api/v1/reports/keywords", "/api/v1/reports/keywords?office=" + office, "", all, admin},
                {"GET", "/api/v1/reports/comments", "/api/v1/reports/comments?office=" + office, "", all, admin},
                {"GET", "/api/v1/webhooks", "/api/v1/webhooks?office=" + office, "", admin, admin},  // the admin's alone
                {"POST", "/api/v1/webhooks", "/api/v1/webhooks", hookBody, admin, admin},
                {"GET", "/api/v1/webhooks/{name}/deliveries", "/api/v1/webhooks/" + hook + "/deliveries", "", admin, admin},
                {"DELETE", "/api/v1/webhooks/{name}", "/api/v1/webhooks/" + hook, "", admin, admin},
                // Last: it ends the session.
                {"DELETE", "/api/v1/session", "/api/v1/session", "", all, all},
            };
            // Every route is in the table (the sign-in itself has its own tests below).
            std::set<std::string> covered = {"POST /api/v1/session"};
            for (const auto& c : cases)
                covered.insert(std::string(c.method) + " " + c.route);
            for (const ApiRoute& r : OfficerApi::routes())
                CHECK(covered.count(std::string(r.method) + " " + r.path) == 1);

            Browser browser(hub);
            REQUIRE(browser.signIn(role + "-a").status == 200);
            for (const auto& c : cases) {
                const bool allowed = (own ? c.ownAllowed : c.otherAllowed).count(role) == 1;
                CAPTURE(role, own, c.method, c.path);
                const Reply reply = browser.call(c.method, c.path, c.body);
                INFO(reply.text);
                if (allowed) {
                    CHECK(reply.status / 100 == 2);
                } else {
                    CHECK(reply.status == 403);
                    CHECK(reply.body.value("error", "") == "forbidden");
                    CHECK_FALSE(reply.body.value("message", "").empty());
                }
            }
        }
    }
    SECTION("lists without an office name the officer's own office only") {
        Browser supervisor(hub);
        REQUIRE(supervisor.signIn("supervisor-a").status == 200);
        for (const char* path : {"/api/v1/users", "/api/v1/units", "/api/v1/devices"}) {
            CAPTURE(path);
            const Reply reply = supervisor.call("GET", path);
            REQUIRE(reply.status == 200);
            REQUIRE(reply.body.is_array());
            CHECK_FALSE(reply.body.empty());
            for (const auto& item : reply.body)
                CHECK(item.value("office", "") == kOfficeA);
        }
        CHECK_THAT(supervisor.call("GET", "/api/v1/users").text, !Contains("argon2") && !Contains("pass-"));
    }
    SECTION("without a session every route but the sign-in says to sign in") {
        Browser nobody(hub);
        for (const ApiRoute& r : OfficerApi::routes()) {
            if (std::string(r.method) == "POST" && std::string(r.path) == "/api/v1/session")
                continue;
            std::string path = r.path;
            if (auto slot = path.find("{name}"); slot != std::string::npos)
                path.replace(slot, 6, "spare-a");
            CAPTURE(r.method, path);
            const Reply reply = nobody.call(r.method, path, "{}");
            CHECK(reply.status == 401);
            CHECK(reply.body.value("error", "") == "not-signed-in");
        }
    }
}

TEST_CASE("signing in sets an HttpOnly, SameSite=Strict cookie and answers who it is", "[hub][api][session]") {
    ApiHub hub;
    Browser browser(hub);
    const Reply reply = browser.signIn("officer-a");
    REQUIRE(reply.status == 200);
    CHECK(reply.body["user"] == "officer-a");
    CHECK(reply.body["displayName"] == "Officer officer-a");
    CHECK(reply.body["role"] == "officer");
    CHECK(reply.body["office"] == kOfficeA);
    CHECK(reply.body["unit"] == "works");
    CHECK(reply.body["csrf"].get<std::string>().size() == 64);
    CHECK_THAT(reply.setCookie, Contains("fangsiang_session=") && Contains("; Path=/") && Contains("; HttpOnly") &&
                                    Contains("; SameSite=Strict") && !Contains("Secure"));
    const std::string token = reply.setCookie.substr(18, 64);
    CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    // Only the token's hash is stored.
    if (testingPostgres())
        CHECK(PgServer::instance().psql(databaseOf(testDatabaseUrl(hub.store().parent_path())),
                                        "SELECT count(*) FROM sessions WHERE encode(token_hash, 'hex') = '" + token +
                                            "' OR csrf = '" + token + "'") == "0\n");
    else
        CHECK(readAll(hub.store()).find(token) == std::string::npos);
    const Reply me = browser.call("GET", "/api/v1/session");
    CHECK(me.status == 200);
    CHECK(me.body["user"] == "officer-a");
    CHECK(me.body["csrf"] == reply.body["csrf"]);

    SECTION("served over TLS the cookie is Secure") {
        auto storage = openTestStorage(hub.store().parent_path());
        REQUIRE(storage.ok());
        OfficerService officers(**storage);
        OfficerApi api(officers);
        ApiRequest request{"POST", "/api/v1/session", {}, "", "", "10.0.0.9",
                           json{{"username", "viewer-a"}, {"password", passwordOf("viewer-a")}}.dump(), true};
        const HubResponse answer = api.handle(request);
        REQUIRE(answer.status == 200);
        bool secure = false;
        for (const auto& [name, value] : answer.headers)
            secure = secure || (name == "Set-Cookie" && value.find("; Secure") != std::string::npos);
        CHECK(secure);
    }
}

TEST_CASE("a wrong password and an unknown username get the same answer", "[hub][api][session]") {
    ApiHub hub;
    Browser browser(hub);
    const Reply wrong = browser.signIn("officer-a", "not the password");
    const Reply unknown = browser.signIn("nobody-here", "not the password");
    const Reply disabled = [&] {
        REQUIRE(hub.storage().disableOfficer(hub.storage().findOfficer("spare-a").value()->id, 1, AuditEntry{}).ok());
        return browser.signIn("spare-a");
    }();
    for (const Reply* r : {&wrong, &unknown, &disabled}) {
        CHECK(r->status == 401);
        CHECK(r->body["error"] == "wrong-login");
        CHECK(r->body["message"] == wrong.body["message"]);
        CHECK(r->setCookie.empty());
    }
    CHECK(auditCount(hub.storage(), "login-failed") == 3);
    CHECK(browser.call("GET", "/api/v1/session").status == 401);
}

TEST_CASE("five failures lock an account for fifteen minutes, known or not", "[hub][api][session][lockout]") {
    ApiHub hub;
    Browser browser(hub);
    for (const std::string user : {"officer-a", "no-such-user"}) {
        CAPTURE(user);
        for (int i = 1; i <= 4; ++i)
            CHECK(browser.signIn(user, "wrong " + std::to_string(i)).body["error"] == "wrong-login");
        const Reply fifth = browser.signIn(user, "wrong 5");
        CHECK(fifth.status == 429);
        CHECK(fifth.body["error"] == "locked");
        CHECK_THAT(fifth.body["message"].get<std::string>(), Contains("now locked") && Contains("15 minutes"));
        const Reply right = browser.signIn(user, passwordOf(user));
        CHECK(right.status == 429);
        CHECK_THAT(right.body["message"].get<std::string>(), Contains("this account is locked"));
    }
    CHECK(auditCount(hub.storage(), "account-locked") == 2);
    CHECK(browser.signIn("OFFICER-A", passwordOf("officer-a")).status == 429);  // no way round by case
    // Another account is not affected, and the lock ends by itself.
    CHECK(browser.signIn("viewer-a").status == 200);
    hub.advance(14 * kMinute);
    CHECK(browser.signIn("officer-a").status == 429);
    hub.advance(2 * kMinute);
    CHECK(browser.signIn("officer-a").status == 200);

    SECTION("a reset unlocks at once") {
        for (int i = 1; i <= 5; ++i)
            (void)browser.signIn("supervisor-a", "wrong");
        CHECK(browser.signIn("supervisor-a").status == 429);
        Browser admin(hub);
        REQUIRE(admin.signIn("admin-a").status == 200);
        const Reply reset = admin.call("POST", "/api/v1/users/supervisor-a/reset",
                                       json{{"password", "a fresh passphrase"}}.dump());
        REQUIRE(reset.status == 200);
        CHECK_FALSE(reset.body.contains("password"));  // chosen by the admin: not echoed
        CHECK(browser.signIn("supervisor-a", "a fresh passphrase").status == 200);
    }
}

TEST_CASE("one address that fails too often is refused, whatever the usernames", "[hub][api][session][lockout]") {
    OfficerOptions options;
    options.maxFailuresPerAddress = 8;
    ApiHub hub(options);
    Browser browser(hub);
    for (int i = 0; i < 8; ++i)
        CHECK(browser.signIn("guess-" + std::to_string(i), "wrong").status == 401);
    const Reply refused = browser.signIn("officer-a");
    CHECK(refused.status == 429);
    CHECK(refused.body["error"] == "locked");
    CHECK_THAT(refused.body["message"].get<std::string>(), Contains("from this address"));
    hub.advance(16 * kMinute);
    CHECK(browser.signIn("officer-a").status == 200);
}

TEST_CASE("a session ends after 30 idle minutes, and 12 hours after sign-in whatever its use", "[hub][api][session]") {
    ApiHub hub;
    Browser browser(hub);
    REQUIRE(browser.signIn("Officer-A", passwordOf("officer-a")).status == 200);  // usernames are lower case
    SECTION("idle") {
        hub.advance(29 * kMinute);
        CHECK(browser.call("GET", "/api/v1/session").status == 200);  // use keeps it alive
        hub.advance(29 * kMinute);
        CHECK(browser.call("GET", "/api/v1/units").status == 200);
        hub.advance(31 * kMinute);
        const Reply ended = browser.call("GET", "/api/v1/session");
        CHECK(ended.status == 401);
        CHECK(ended.body["error"] == "not-signed-in");
        hub.advance(-60 * kMinute);  // a clock set back does not revive it
        CHECK(browser.call("GET", "/api/v1/session").status == 401);
    }
    SECTION("sessions that expired unseen are swept away at the next sign-in") {
        Browser other(hub);
        REQUIRE(other.signIn("viewer-a").status == 200);
        auto sessions = [&] { return queryStoreNumber(hub.store().parent_path(), "SELECT count(*) FROM sessions"); };
        CHECK(sessions() == 2);
        hub.advance(31 * kMinute);
        Browser third(hub);
        REQUIRE(third.signIn("viewer-b").status == 200);
        CHECK(sessions() == 1);
    }
    SECTION("absolute") {
        for (int i = 0; i < 35; ++i) {  // 35 x 20 minutes = 11 h 40 min of steady use
            hub.advance(20 * kMinute);
            REQUIRE(browser.call("GET", "/api/v1/session").status == 200);
        }
        hub.advance(21 * kMinute);
        CHECK(browser.call("GET", "/api/v1/session").status == 401);
    }
}

TEST_CASE("logout ends the session and clears the cookie", "[hub][api][session]") {
    ApiHub hub;
    Browser browser(hub);
    REQUIRE(browser.signIn("viewer-a").status == 200);
    const Reply out = browser.call("DELETE", "/api/v1/session");
    CHECK(out.status == 200);
    CHECK(out.body["signedOut"] == true);
    CHECK_THAT(out.setCookie, Contains("fangsiang_session=;") && Contains("Max-Age=0"));
    CHECK(browser.call("GET", "/api/v1/session").status == 401);
    CHECK(browser.call("DELETE", "/api/v1/session").status == 401);
    CHECK(auditCount(hub.storage(), "logout") == 1);
}

TEST_CASE("a change without the session's CSRF token is refused and changes nothing", "[hub][api][csrf]") {
    ApiHub hub;
    Browser browser(hub);
    REQUIRE(browser.signIn("admin-a").status == 200);
    const std::string body =
        json{{"username", "csrf-victim"}, {"displayName", "X"}, {"role", "viewer"}, {"office", kOfficeA}}.dump();
    struct Try {
        const char* name;
        bool send;
        std::string token;
    };
    for (const Try& t : {Try{"missing", false, ""}, Try{"wrong", true, std::string(64, 'a')}, Try{"short", true, "abc"}}) {
        CAPTURE(t.name);
        for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
                 {"POST", "/api/v1/users"},
                 {"POST", "/api/v1/users/spare-a/disable"},
                 {"POST", "/api/v1/users/spare-a/reset"},
                 {"DELETE", "/api/v1/session"}}) {
            CAPTURE(path);
            const Reply reply = browser.call(method, path, body, t.send, t.token);
            CHECK(reply.status == 403);
            CHECK(reply.body["error"] == "csrf");
            CHECK_THAT(reply.body["message"].get<std::string>(), Contains("X-CSRF-Token"));
        }
    }
    CHECK_FALSE(hub.storage().findOfficer("csrf-victim").value().has_value());
    CHECK_FALSE(hub.storage().findOfficer("spare-a").value()->disabledAtMs.has_value());
    CHECK(browser.call("GET", "/api/v1/session").status == 200);  // still signed in
    CHECK(browser.call("POST", "/api/v1/users", body).status == 201);
}

TEST_CASE("bad bodies get a clear 400 (or 413) and change nothing", "[hub][api][input]") {
    ApiHub hub;
    Browser browser(hub);
    REQUIRE(browser.signIn("admin-a").status == 200);
    const auto before = hub.storage().listOfficers("").value().size();
    struct Bad {
        std::string path;
        std::string body;
        int status;
        const char* says;
    };
    const std::vector<Bad> bad = {
        {"/api/v1/users", "not json", 400, "not valid JSON"},
        {"/api/v1/users", "[1,2]", 400, "one JSON object"},
        {"/api/v1/users", R"({"username":5,"displayName":"X","role":"viewer","office":"6340105"})", 400, "username: must be text"},
        {"/api/v1/users", R"({"username":"ok-name","displayName":"X","role":"boss","office":"6340105"})", 400, "role: must be one of"},
        {"/api/v1/users", R"({"username":"ok-name","displayName":"X","role":"viewer","office":"6340105","admin":true})", 400, "\"admin\""},
        {"/api/v1/users", R"({"username":"Bad Name","displayName":"X","role":"viewer","office":"6340105"})", 400, "a username is"},
        {"/api/v1/users", R"({"username":"ok-name","displayName":"X","role":"viewer","office":"6340105","password":"short"})", 400, "at least 12"},
        {"/api/v1/users", R"({"username":"ok-name","displayName":"<script>alert(1)</script>","role":"officer","office":"6340105"})", 400, "works in a unit"},
        {"/api/v1/users", R"({"username":"ok-name","displayName":"X","role":"viewer","office":"9999999"})", 404, "not on this hub"},
        {"/api/v1/users", R"({"username":"viewer-a","displayName":"X","role":"viewer","office":"6340105"})", 409, "already"},
        {"/api/v1/users", std::string(kMaxApiBodyBytes + 1, ' '), 413, "larger than"},
        {"/api/v1/users/spare-a/reset", R"({"password":7})", 400, "password: must be text"},
        {"/api/v1/users/spare-a/disable", R"({"why":"x"})", 400, "\"why\""},
        {"/api/v1/users/nobody/disable", "{}", 404, "no officer nobody"},
        {"/api/v1/session", R"({"username":"admin-a"})", 400, "password: is missing"},
    };
    for (const auto& b : bad) {
        CAPTURE(b.path, b.body.substr(0, 100));
        const Reply reply = browser.call("POST", b.path, b.body);
        CHECK(reply.status == b.status);
        CHECK_THAT(reply.body.value("message", ""), Contains(b.says));
        CHECK_FALSE(reply.body.value("error", "").empty());
    }
    CHECK(hub.storage().listOfficers("").value().size() == before);
    CHECK_FALSE(hub.storage().findOfficer("spare-a").value()->disabledAtMs.has_value());
    const Reply unknownRoute = browser.call("GET", "/api/v1/nothing");
    CHECK(unknownRoute.status == 404);
    CHECK(unknownRoute.body["error"] == "not-found");
}

TEST_CASE("every account and session action is in the audit log, newest first, in pages", "[hub][api][audit]") {
    ApiHub hub;
    Browser admin(hub);
    REQUIRE(admin.signIn("admin-a").status == 200);
    Browser other(hub);
    for (int i = 0; i < 5; ++i)
        (void)other.signIn("viewer-b", "wrong");
    const Reply added = admin.call(
        "POST", "/api/v1/users",
        json{{"username", "audited"}, {"displayName", "A"}, {"role", "officer"}, {"office", kOfficeB}, {"unit", "works"}}.dump());
    REQUIRE(added.status == 201);
    const std::string generated = added.body["password"];
    CHECK(generated.size() == 24);
    REQUIRE(admin.call("POST", "/api/v1/users/audited/disable", "").status == 200);
    REQUIRE(admin.call("POST", "/api/v1/users/audited/reset", "{}").status == 200);
    REQUIRE(other.signIn("viewer-a").status == 200);
    REQUIRE(other.call("DELETE", "/api/v1/session").status == 200);

    const Reply page = admin.call("GET", "/api/v1/audit?limit=500");
    REQUIRE(page.status == 200);
    std::vector<std::string> actions;
    for (const auto& e : page.body["entries"])
        actions.push_back(e["action"].get<std::string>() + " " + e["subject"].get<std::string>() + " by " +
                          e["actor"].get<std::string>());
    std::reverse(actions.begin(), actions.end());
    const std::vector<std::string> tail(actions.end() - 12, actions.end());
    CHECK(tail == std::vector<std::string>{
                      "login admin-a by admin-a", "login-failed viewer-b by ", "login-failed viewer-b by ",
                      "login-failed viewer-b by ", "login-failed viewer-b by ", "login-failed viewer-b by ",
                      "account-locked viewer-b by ", "user-add audited by admin-a", "user-disable audited by admin-a",
                      "user-reset audited by admin-a", "login viewer-a by viewer-a", "logout viewer-a by viewer-a"});
    const json& disable = page.body["entries"][3];
    REQUIRE(disable["action"] == "user-disable");
    CHECK(disable["office"] == kOfficeB);
    CHECK(disable["before"]["disabled"] == false);
    CHECK(disable["after"]["disabled"] == true);
    CHECK(disable["address"] == "127.0.0.1");
    CHECK_THAT(page.text, !Contains(generated) && !Contains("pass-") && !Contains("argon2"));

    SECTION("paging with before and limit") {
        const Reply first = admin.call("GET", "/api/v1/audit?limit=3");
        REQUIRE(first.body["entries"].size() == 3);
        const std::int64_t next = first.body["next"];
        const Reply second = admin.call("GET", "/api/v1/audit?limit=3&before=" + std::to_string(next));
        REQUIRE(second.body["entries"].size() == 3);
        CHECK(second.body["entries"][0]["id"].get<std::int64_t>() == next - 1);
        CHECK(admin.call("GET", "/api/v1/audit?limit=0").status == 400);
        CHECK(admin.call("GET", "/api/v1/audit?before=x").status == 400);
    }
}

TEST_CASE("the device list carries each device's gaps, broken chains and conflicts, its office's only", "[hub][api][devices]") {
    ApiHub hub;
    const auto deviceA = seededIdentity(90).publicKey();
    const auto deviceB = seededIdentity(91).publicKey();
    REQUIRE(hub.storage().logIncident(Incident{0, deviceA, "gap", 4, "records 4 to 6 are missing", test::kTestTimeMs}).ok());
    REQUIRE(hub.storage().logIncident(Incident{0, deviceA, "conflict", 2, "another body for record 2", test::kTestTimeMs + 1}).ok());
    REQUIRE(hub.storage().logIncident(Incident{0, deviceB, "broken-chain", 9, "record 9 does not follow 8", test::kTestTimeMs}).ok());

    Browser supervisor(hub);
    REQUIRE(supervisor.signIn("supervisor-a").status == 200);
    const Reply reply = supervisor.call("GET", "/api/v1/devices");
    REQUIRE(reply.status == 200);
    REQUIRE(reply.body.size() == 1);
    const json& incidents = reply.body[0]["incidents"];
    REQUIRE(incidents.size() == 2);
    CHECK(incidents[0].value("kind", "") == "conflict");  // newest first
    CHECK(incidents[0].value("sequence", 0) == 2);
    CHECK(incidents[1].value("kind", "") == "gap");
    CHECK(incidents[1].value("detail", "") == "records 4 to 6 are missing");
    CHECK(incidents[1].value("at", std::int64_t{0}) == test::kTestTimeMs);
    CHECK_THAT(reply.text, !Contains("broken-chain"));

    Browser admin(hub);
    REQUIRE(admin.signIn("admin-a").status == 200);
    const Reply all = admin.call("GET", "/api/v1/devices");
    REQUIRE(all.status == 200);
    REQUIRE(all.body.size() == 2);
    std::size_t total = 0;
    for (const auto& device : all.body)
        total += device["incidents"].size();
    CHECK(total == 3);
}

TEST_CASE("the case routes answer in the API's terms: lists, the page, refusals and bad parameters", "[hub][api][cases]") {
    ApiHub hub;
    Browser supervisor(hub);
    REQUIRE(supervisor.signIn("supervisor-a").status == 200);
    const std::string ticket = hub.ticketOf(kOfficeA);

    const Reply list = supervisor.call("GET", "/api/v1/cases?state=accepted&q=" + std::string("%E0%B9%84%E0%B8%9F%E0%B8%94%E0%B8%B1%E0%B8%9A"));
    REQUIRE(list.status == 200);
    CHECK(list.body["total"] == 1);
    CHECK(list.body["cases"][0]["ticket"] == ticket);
    CHECK(list.body["cases"][0]["stateName"]["th"] == "รับเรื่องแล้ว");
    CHECK(list.body["cases"][0]["categoryName"]["en"] == "Roads and street lights");
    CHECK_THAT(list.text, !Contains("0812345678"));

    const Reply page = supervisor.call("GET", "/api/v1/cases/" + ticket);
    REQUIRE(page.status == 200);
    CHECK(page.body["record"]["verified"] == true);
    CHECK(page.body["timeline"].size() == 2);
    CHECK(page.body["canShowContact"] == true);

    const Reply refused = supervisor.call("POST", "/api/v1/cases/" + ticket + "/state", R"({"to":"closed"})");
    CHECK(refused.status == 409);
    CHECK(refused.body["error"] == "refused");
    CHECK_THAT(refused.body.value("message", ""), Contains("cannot become"));

    for (const char* bad : {"/api/v1/cases?state=finished", "/api/v1/cases?limit=0", "/api/v1/cases?due=tomorrow",
                            "/api/v1/cases?page=x", "/api/v1/cases/not-a-ticket"}) {
        CAPTURE(bad);
        const Reply reply = supervisor.call("GET", bad);
        CHECK(reply.status == 400);
        CHECK_FALSE(reply.body.value("message", "").empty());
    }
    const Reply unknownField = supervisor.call("POST", "/api/v1/cases/" + ticket + "/notes", R"({"text":"x","to":"y"})");
    CHECK(unknownField.status == 400);

    supervisor.forgetCsrf();
    const Reply noCsrf = supervisor.call("POST", "/api/v1/cases/" + ticket + "/notes", R"({"text":"x"})");
    CHECK(noCsrf.status == 403);
    auto events = hub.storage().caseEvents(ticket);
    REQUIRE(events.ok());
    CHECK(events->size() == 2);  // filed, accepted: nothing refused was stored
}

TEST_CASE("content uploaded from the dashboard is checked as a kiosk would, per office", "[hub][api][content]") {
    ApiHub hub;
    Browser admin(hub);
    REQUIRE(admin.signIn("admin-a").status == 200);
    const std::string path = std::string("/api/v1/content?office=") + kOfficeA;
    CHECK(admin.call("GET", path).body["version"] == 0);

    // A catalogue the kiosk would refuse: the error names the file, nothing is published.
    const Reply broken = admin.call("POST", path, json{{"files", {{"catalogue.json", R"({"format": 1})"}}}}.dump());
    CHECK(broken.status == 400);
    CHECK_THAT(broken.body.value("message", ""), Contains("catalogue.json") && Contains("Nothing was published"));
    for (const std::string bad : {R"({"files": []})", R"({"files": {"../x.json": "{}"}})", R"({"files": {"a.json": 1}})",
                                  R"({"files": {}, "office": "1"})", "not json"}) {
        CAPTURE(bad);
        CHECK(admin.call("POST", path, bad).status == 400);
    }
    CHECK(admin.call("GET", path).body["version"] == 0);

    const Reply published = admin.call("POST", path, json{{"files", {{"notes.json", R"({"a": 1})"}}}}.dump());
    REQUIRE(published.status == 201);
    CHECK(published.body["version"] == 1);
    const Reply current = admin.call("GET", path);
    CHECK(current.body["version"] == 1);
    CHECK(current.body["files"][0]["name"] == "notes.json");
    // Office B's kiosks do not receive office A's content.
    CHECK(admin.call("GET", std::string("/api/v1/content?office=") + kOfficeB).body["version"] == 0);
    CHECK(auditCount(hub.storage(), "content-publish") == 1);
}
