// Webhooks over real HTTP on loopback: receivers (cpp-httplib servers in the
// test) check every delivery's signature with their own HMAC (OpenSSL, not
// the hub's code); one is down for a while, one is slow; personal data goes
// only to a hook registered for it; an event is written with the change
// that causes it or not at all. Both backends (FANGSIANG_TEST_BACKEND).

#include "hub_test_support.hpp"

#include "hub/case_service.hpp"
#include "hub/webhook_sender.hpp"
#include "hub/webhooks.hpp"

#include "core/crypto.hpp"
#include "core/ticket.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/hmac.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

// What a receiver does, as docs/API.md tells one to: recompute the HMAC of
// "timestamp.body" with the secret and compare; refuse a timestamp more than
// five minutes away.
bool signatureHolds(const std::string& secret, const std::string& timestamp, const std::string& body,
                    const std::string& signature) {
    const std::string message = timestamp + "." + body;
    unsigned char mac[32];
    unsigned int size = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
    static const char* digits = "0123456789abcdef";
    std::string hex = "v1=";
    for (unsigned int i = 0; i < size; ++i)
        hex += {digits[mac[i] >> 4], digits[mac[i] & 15]};
    const long long age = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count() - std::stoll(timestamp);
    return hex == signature && age > -300 && age < 300;
}

class Receiver {
public:
    struct Got {
        std::string delivery, event, body;
        bool signedRight = false;
    };

    Receiver() { start(0); }
    ~Receiver() { stop(); }

    void start(int port) {
        m_server = std::make_unique<httplib::Server>();
        m_server->Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
            if (m_slow > 0) {
                --m_slow;
                std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            }
            Got got{req.get_header_value(kWebhookDeliveryHeader), req.get_header_value(kWebhookEventHeader), req.body,
                    signatureHolds(secret(), req.get_header_value(kWebhookTimestampHeader), req.body,
                                   req.get_header_value(kWebhookSignatureHeader))};
            {
                std::lock_guard lock(m_mutex);
                m_got.push_back(got);
            }
            res.set_content(got.signedRight ? "ok" : "bad signature", "text/plain");
            res.status = got.signedRight ? 200 : 401;
        });
        if (port == 0)
            m_port = m_server->bind_to_any_port("127.0.0.1");
        else
            REQUIRE(m_server->bind_to_port("127.0.0.1", port));
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        while (!m_server->is_running())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    void stop() {
        if (!m_server)
            return;
        m_server->stop();
        m_thread.join();
        m_server.reset();
    }

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/hook"; }
    [[nodiscard]] int port() const { return m_port; }
    void setSecret(std::string s) {
        std::lock_guard lock(m_mutex);
        m_secret = std::move(s);
    }
    void slowFor(int requests) { m_slow = requests; }
    std::vector<Got> got() {
        std::lock_guard lock(m_mutex);
        return m_got;
    }
    // Each delivery id once, as a receiver that drops duplicates keeps them.
    std::map<std::string, Got> unique() {
        std::map<std::string, Got> out;
        for (auto& g : got())
            out.emplace(g.delivery, g);
        return out;
    }

private:
    std::string secret() {
        std::lock_guard lock(m_mutex);
        return m_secret;
    }
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::string m_secret;
    std::vector<Got> m_got;
    std::atomic<int> m_slow{0};
};

// Retries in tenths of a second, so the tests take seconds.
WebhookSenderOptions quickOptions() {
    WebhookSenderOptions o;
    o.firstRetry = std::chrono::milliseconds(100);
    o.longestRetry = std::chrono::milliseconds(400);
    o.giveUpAfter = std::chrono::minutes(5);
    o.timeout = std::chrono::milliseconds(500);
    o.connectTimeout = std::chrono::milliseconds(500);
    return o;
}

// A hub with one office, a unit, a supervisor and an officer, and a kiosk.
class HookHub {
public:
    HookHub() : m_id(seededIdentity(77)) {
        enrolIdentity(m_hub, m_id);
        m_number = (*m_hub.storage().findDevice(m_id.publicKey()))->number;
        REQUIRE(m_hub.storage().addUnit(Unit{kOffice, "works", "กองช่าง", "Works"}, AuditEntry{}).ok());
        for (const auto& [name, role] : {std::pair{"super", Role::Supervisor}, std::pair{"somchai", Role::Officer}}) {
            Officer o;
            o.username = name;
            o.displayName = name;
            o.role = role;
            o.officeCode = kOffice;
            o.unitCode = role == Role::Officer ? "works" : "";
            REQUIRE(m_hub.storage().addOfficer(o, "$argon2id$unused", AuditEntry{}).ok());
        }
    }

    std::string file(const std::string& text, const std::string& contact = "") {
        auto record = complaintRecord(m_id, m_head, kOffice, "roads-lights", text, "3", contact,
                                      &m_hub.keys().box.publicKey, core::wallClockMs());
        m_head = record.asHead();
        pushOk(m_hub, wireOf(m_id, {record.bytes()}));
        return core::Ticket{kOffice, m_number, m_head.sequence}.text();
    }

    NewWebhook addHook(const std::string& url, std::vector<WebhookEvent> events, bool personal = false) {
        Webhook h;
        h.officeCode = kOffice;
        h.url = url;
        h.events = std::move(events);
        h.withPersonalData = personal;
        auto made = admin().add(Actor::console(), h, "");
        if (!made)
            FAIL(made.error().message);
        return std::move(*made);
    }

    core::Result<CaseRow> move(const std::string& ticket, CaseState to, const std::string& reply = "") {
        auto super = m_hub.storage().findOfficer("super");
        const Actor actor{(*super)->id, "super", Role::Supervisor, kOffice, ""};
        CaseChange c;
        c.to = to;
        c.reply = reply;
        if (to == CaseState::Accepted) {
            c.unit = "works";
            c.officer = "somchai";
        }
        return CaseService(m_hub.storage(), &m_hub.keys()).change(actor, ticket, c, "10.0.0.1");
    }

    WebhookAdmin admin() { return WebhookAdmin(m_hub.storage(), m_hub.keys()); }
    HubStorage& storage() { return m_hub.storage(); }
    const HubKeys& keys() const { return m_hub.keys(); }
    const std::filesystem::path& dir() const { return m_hub.dir(); }
    std::int64_t count(const std::string& sql) { return queryStoreNumber(m_hub.dir(), sql); }

private:
    TestHub m_hub;
    core::DeviceIdentity m_id;
    core::ChainHead m_head;
    std::uint32_t m_number = 0;
};

// Runs the sender's rounds until `done` holds (at most ten seconds).
template <typename Done>
void sendUntil(WebhookSender& sender, Done&& done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < until) {
        auto sent = sender.runOnce();
        REQUIRE(sent.ok());
        if (*sent == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    REQUIRE(done());
}

std::vector<WebhookDelivery> deliveriesOf(HookHub& hub, std::int64_t hook) {
    DeliveryQuery q;
    q.hookId = hook;
    auto list = hub.admin().deliveries(Actor::console(), q);
    REQUIRE(list.ok());
    return *list;
}

const std::vector<WebhookEvent> kAll(kWebhookEvents.begin(), kWebhookEvents.end());

}  // namespace

TEST_CASE("HMAC-SHA256 and the sealed secrets: known answers and tampering", "[hub][webhooks][crypto]") {
    // RFC 4231, test case 2.
    const auto mac = core::hmacSha256(core::asBytes(std::string_view("Jefe")),
                                      core::asBytes(std::string_view("what do ya want for nothing?")));
    CHECK(core::toHex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(webhookSignature("Jefe", 0, "what do ya want for nothing?").rfind("v1=", 0) == 0);
    CHECK(signatureHolds("fswh_x", "1700000000", "{}", webhookSignature("fswh_x", 1700000000, "{}")) == false);  // old
    const auto now = core::wallClockMs() / 1000;
    CHECK(signatureHolds("fswh_x", std::to_string(now), "{\"a\":1}", webhookSignature("fswh_x", now, "{\"a\":1}")));
    CHECK_FALSE(signatureHolds("fswh_y", std::to_string(now), "{\"a\":1}", webhookSignature("fswh_x", now, "{\"a\":1}")));

    const auto keys = core::randomBoxKeyPair();
    HubKeys hubKeys{core::randomSigningKeyPair(), core::randomBoxKeyPair()};
    auto sealed = sealWebhookSecret("fswh_secret", hubKeys);
    CHECK(core::toHex(sealed).find(core::toHex(core::asBytes(std::string_view("fswh_secret")))) == std::string::npos);
    CHECK(openWebhookSecret(sealed, hubKeys).value() == "fswh_secret");
    sealed[30] ^= 1;
    CHECK_FALSE(openWebhookSecret(sealed, hubKeys).ok());
    HubKeys other{core::randomSigningKeyPair(), core::randomBoxKeyPair()};
    CHECK_FALSE(openWebhookSecret(sealWebhookSecret("fswh_secret", hubKeys), other).ok());
    (void)keys;
}

TEST_CASE("a webhook's URL is http or https without credentials, or it is refused in words", "[hub][webhooks]") {
    for (const char* good : {"https://bot.example.go.th/fangsiang", "http://127.0.0.1:8080/hook",
                             "https://[::1]:9443/x?office=1", "http://sms-gw.local/in"})
        CHECK_FALSE(refuseWebhookUrl(good).has_value());
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"", "needs its URL"},
        {"ftp://example.com/x", "not http:// or https://"},
        {"javascript:alert(1)", "not http:// or https://"},
        {"file:///etc/passwd", "not http:// or https://"},
        {"https://user:secret@example.com/x", "credentials"},
        {"https://token@example.com/x", "credentials"},
        {"https:///nohost", "no host"},
        {"https://exa mple.com/", "space"},
        {"https://example.com:99999/", "port"},
        {"https://example.com:/", "port"},
        {"https://ตัวอย่าง.ไทย/", "outside ASCII"},
    };
    HookHub hub;
    for (const auto& [url, why] : bad) {
        CAPTURE(url);
        const auto refused = refuseWebhookUrl(url);
        REQUIRE(refused.has_value());
        CHECK_THAT(*refused, Contains(why));
        Webhook h;
        h.officeCode = kOffice;
        h.url = url;
        h.events = {WebhookEvent::CaseCreated};
        auto added = hub.admin().add(Actor::console(), h, "");
        REQUIRE_FALSE(added.ok());
        CHECK(added.error().code == core::ErrorCode::BadRequest);
    }
    Webhook none;
    none.officeCode = kOffice;
    none.url = "https://example.com/";
    CHECK_THAT(hub.admin().add(Actor::console(), none, "").error().message, Contains("at least one event"));
    none.events = {WebhookEvent::CaseCreated};
    none.officeCode = "9999999";
    CHECK(hub.admin().add(Actor::console(), none, "").error().code == core::ErrorCode::NotFound);
    CHECK(hub.count("SELECT count(*) FROM webhooks") == 0);
    // Only an admin manages them.
    const Actor supervisor{1, "super", Role::Supervisor, kOffice, ""};
    none.officeCode = kOffice;
    CHECK(hub.admin().add(supervisor, none, "").error().code == core::ErrorCode::Forbidden);
    CHECK(hub.admin().list(supervisor, kOffice).error().code == core::ErrorCode::Forbidden);
}

TEST_CASE("a new case and the officers' moves reach the receiver signed, in order, without personal data",
          "[hub][webhooks]") {
    HookHub hub;
    Receiver receiver;
    auto hook = hub.addHook(receiver.url(), kAll);
    CHECK(hook.secret.rfind("fswh_", 0) == 0);
    CHECK(hook.secret.size() == 5 + 64);
    receiver.setSecret(hook.secret);
    // The secret is kept sealed: neither the store nor its audit log holds it.
    CHECK(hub.count("SELECT count(*) FROM audit WHERE action = 'webhook-add' AND after NOT LIKE '%fswh_%'") == 1);
    if (!testingPostgres())
        CHECK(readAll(hub.dir() / "hub.db").find(hook.secret) == std::string::npos);

    const std::string ticket = hub.file("ไฟฟ้าส่องสว่างหน้าวัดดับ", R"({"name":"สมศรี ใจดี","phone":"0812345678"})");
    REQUIRE(hub.move(ticket, CaseState::Accepted).ok());
    REQUIRE(hub.move(ticket, CaseState::InProgress).ok());
    REQUIRE(hub.move(ticket, CaseState::Resolved, "เปลี่ยนหลอดไฟแล้ว").ok());
    // 1 created + 3 state changes + 1 reply, written with the changes.
    CHECK(hub.count("SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'") == 5);

    WebhookSender sender(hub.storage(), hub.keys(), quickOptions());
    sendUntil(sender, [&] { return receiver.got().size() >= 5; });
    const auto got = receiver.got();
    REQUIRE(got.size() == 5);
    std::vector<std::string> events;
    std::set<std::string> ids;
    for (const auto& g : got) {
        CAPTURE(g.body);
        CHECK(g.signedRight);
        events.push_back(g.event);
        ids.insert(g.delivery);
        const json body = json::parse(g.body);
        CHECK(body["ticket"] == ticket);
        CHECK(body["office"] == kOffice);
        CHECK(body["delivery"] == g.delivery);
        CHECK(body["category"] == "roads-lights");
        CHECK_FALSE(body.contains("contact"));
        CHECK_THAT(g.body, !Contains("0812345678") && !Contains("สมศรี") && !Contains("somchai"));
    }
    CHECK(ids.size() == 5);
    CHECK(events == std::vector<std::string>{"case.created", "case.state_changed", "case.state_changed",
                                             "case.state_changed", "case.reply_sent"});
    const json last = json::parse(got.back().body);
    CHECK(last["state"] == "resolved");
    CHECK(last["previousState"] == "in_progress");
    CHECK(last["reply"] == "เปลี่ยนหลอดไฟแล้ว");
    CHECK(json::parse(got.front().body)["text"] == "ไฟฟ้าส่องสว่างหน้าวัดดับ");

    const auto list = deliveriesOf(hub, hook.hook.id);
    REQUIRE(list.size() == 5);
    for (const auto& d : list) {
        CHECK(d.state == DeliveryState::Delivered);
        CHECK(d.attempts == 1);
        CHECK(d.lastOutcome == "HTTP 200");
        auto attempts = hub.admin().attempts(Actor::console(), d.id);
        REQUIRE(attempts.ok());
        REQUIRE(attempts->size() == 1);
        CHECK(attempts->front().status == 200);
        CHECK(attempts->front().error.empty());
    }

    SECTION("a receiver that refuses the signature is a failed attempt, tried again") {
        receiver.setSecret("fswh_wrong");
        REQUIRE(hub.move(ticket, CaseState::Closed).ok());
        sendUntil(sender, [&] { return deliveriesOf(hub, hook.hook.id).front().attempts >= 2; });
        const auto d = deliveriesOf(hub, hook.hook.id).front();
        CHECK(d.state == DeliveryState::Pending);
        CHECK(d.lastOutcome == "HTTP 401");
        receiver.setSecret(hook.secret);
        sendUntil(sender, [&] { return deliveriesOf(hub, hook.hook.id).front().state == DeliveryState::Delivered; });
    }
    SECTION("a removed hook is sent nothing more") {
        REQUIRE(hub.admin().remove(Actor::console(), hook.hook.id, "").ok());
        REQUIRE(hub.move(ticket, CaseState::Closed).ok());
        CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 5);
        CHECK(sender.runOnce().value() == 0);
        CHECK(hub.admin().list(Actor::console(), kOffice).value().empty());
        CHECK(hub.admin().remove(Actor::console(), hook.hook.id, "").error().code == core::ErrorCode::NotFound);
    }
}

TEST_CASE("a receiver down for a while gets every delivery once it is up, each once", "[hub][webhooks]") {
    HookHub hub;
    Receiver receiver;
    const int port = receiver.port();
    receiver.stop();  // nothing listens there now: connections are refused
    auto hook = hub.addHook("http://127.0.0.1:" + std::to_string(port) + "/hook", {WebhookEvent::CaseCreated});
    receiver.setSecret(hook.secret);
    const std::vector<std::string> tickets = {hub.file("ถนนเป็นหลุม"), hub.file("น้ำประปาไม่ไหล"), hub.file("ขยะไม่เก็บ")};

    WebhookSender sender(hub.storage(), hub.keys(), quickOptions());
    sendUntil(sender, [&] { return deliveriesOf(hub, hook.hook.id).back().attempts >= 3; });
    auto pending = deliveriesOf(hub, hook.hook.id);
    REQUIRE(pending.size() == 3);
    const WebhookDelivery& oldest = pending.back();
    CHECK(oldest.state == DeliveryState::Pending);
    CHECK_THAT(oldest.lastOutcome, Contains("connect"));
    // In order: the newer ones wait behind the oldest, untried.
    CHECK(pending.front().attempts == 0);
    auto attempts = hub.admin().attempts(Actor::console(), oldest.id).value();
    REQUIRE(attempts.size() >= 3);
    CHECK(attempts[0].status == 0);
    // Backing off: the gaps between attempts grow.
    CHECK(attempts[2].atMs - attempts[1].atMs >= attempts[1].atMs - attempts[0].atMs);

    receiver.start(port);
    sendUntil(sender, [&] { return receiver.unique().size() == 3; });
    const auto got = receiver.got();
    CHECK(got.size() == 3);  // once each: nothing was sent twice
    std::set<std::string> seen;
    for (const auto& g : got) {
        CHECK(g.signedRight);
        seen.insert(json::parse(g.body)["ticket"].get<std::string>());
    }
    CHECK(seen == std::set<std::string>(tickets.begin(), tickets.end()));
    for (const auto& d : deliveriesOf(hub, hook.hook.id))
        CHECK(d.state == DeliveryState::Delivered);
    CHECK(deliveriesOf(hub, hook.hook.id).back().attempts >= 4);
}

TEST_CASE("a slow receiver is cut off and tried again, and holds back no other hook", "[hub][webhooks]") {
    HookHub hub;
    Receiver slow, quick;
    auto slowHook = hub.addHook(slow.url(), {WebhookEvent::CaseCreated});
    auto quickHook = hub.addHook(quick.url(), {WebhookEvent::CaseCreated});
    slow.setSecret(slowHook.secret);
    quick.setSecret(quickHook.secret);
    slow.slowFor(1);
    hub.file("สุนัขจรจัดกัดคน");

    WebhookSender sender(hub.storage(), hub.keys(), quickOptions());
    REQUIRE(sender.runOnce().value() == 2);
    // The quick hook's delivery arrived in the same round the slow one was cut off.
    CHECK(quick.got().size() == 1);
    CHECK(deliveriesOf(hub, quickHook.hook.id).front().state == DeliveryState::Delivered);
    const auto cut = deliveriesOf(hub, slowHook.hook.id).front();
    CHECK(cut.state == DeliveryState::Pending);
    CHECK_THAT(cut.lastOutcome, Contains("no answer within 0.5 s"));
    sendUntil(sender, [&] { return deliveriesOf(hub, slowHook.hook.id).front().state == DeliveryState::Delivered; });
    const auto attempts = hub.admin().attempts(Actor::console(), cut.id).value();
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0].status == 0);
    CHECK(attempts[0].tookMs >= 400);
    CHECK(attempts[1].status == 200);
    // The receiver may have seen it twice; by its delivery id it keeps one.
    CHECK(slow.unique().size() == 1);
}

TEST_CASE("personal data goes only to a hook registered with it, and a hidden text never", "[hub][webhooks][pdpa]") {
    HookHub hub;
    Receiver plain, personal;
    auto plainHook = hub.addHook(plain.url(), kAll);
    auto personalHook = hub.addHook(personal.url(), kAll, true);
    plain.setSecret(plainHook.secret);
    personal.setSecret(personalHook.secret);
    const std::string ticket = hub.file("เพื่อนบ้านเปิดเพลงดังทุกคืน", R"({"name":"สมศรี ใจดี","phone":"0812345678"})");
    const std::string anonymous = hub.file("ไฟดับทั้งซอย");
    auto super = hub.storage().findOfficer("super").value();
    const Actor actor{super->id, "super", Role::Supervisor, kOffice, ""};
    REQUIRE(CaseService(hub.storage(), &hub.keys()).moderate(actor, ticket, true, "ชื่อบุคคลในข้อความ", "").ok());
    REQUIRE(hub.move(ticket, CaseState::Accepted).ok());

    WebhookSender sender(hub.storage(), hub.keys(), quickOptions());
    sendUntil(sender, [&] { return plain.got().size() == 3 && personal.got().size() == 3; });
    for (const auto& g : plain.got()) {
        CAPTURE(g.body);
        CHECK_THAT(g.body, !Contains("0812345678") && !Contains("สมศรี") && !Contains("contact"));
    }
    int withContact = 0;
    for (const auto& g : personal.got()) {
        CAPTURE(g.body);
        const json body = json::parse(g.body);
        // Only the opened contact: the sealed bytes never leave the hub.
        CHECK_FALSE(body.contains("sealedPersonalData"));
        if (body["ticket"] == ticket) {
            REQUIRE(body.contains("contact"));
            CHECK(body["contact"]["phone"] == "0812345678");
            ++withContact;
        } else {
            CHECK_FALSE(body.contains("contact"));  // anonymous: nothing to give
        }
    }
    CHECK(withContact == 2);
    // The move after the text was hidden carries no text, to any hook.
    for (auto* r : {&plain, &personal}) {
        const auto got = r->got();
        const json moved = json::parse(got.back().body);
        CHECK(moved["event"] == "case.state_changed");
        CHECK(moved["textHidden"] == true);
        CHECK_FALSE(moved.contains("text"));
        CHECK_THAT(got.back().body, !Contains("เพลงดัง"));
    }
    (void)anonymous;
}

TEST_CASE("an event is written with the change that causes it, or not at all", "[hub][webhooks][atomic]") {
    HookHub hub;
    Receiver receiver;
    hub.addHook(receiver.url(), kAll);
    const std::string ticket = hub.file("ท่อระบายน้ำอุดตัน");
    REQUIRE(hub.move(ticket, CaseState::Accepted).ok());
    CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 2);

    SECTION("a move the workflow refuses writes no event") {
        auto refused = hub.move(ticket, CaseState::Resolved);  // a resolution needs its reply
        REQUIRE_FALSE(refused.ok());
        CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 2);
        CaseAction stale;  // another officer moved it meanwhile
        stale.ticket = ticket;
        stale.expected = CaseState::Received;
        stale.to = CaseState::Rejected;
        stale.event.kind = "state";
        stale.event.ticket = ticket;
        CHECK(hub.storage().actOnCase(stale).error().code == core::ErrorCode::Conflict);
        CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 2);
    }
    SECTION("a move that fails at its last write leaves neither the move nor any of its events") {
        // The reply's event is refused by the store itself: the move's
        // state-change event, written just before it, goes too.
        if (testingPostgres()) {
            PgServer::instance().psql(databaseOf(testDatabaseUrl(hub.dir())),
                                      "CREATE FUNCTION refuse_reply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                      "IF NEW.event = 'case.reply_sent' THEN RAISE EXCEPTION 'refused by the test'; "
                                      "END IF; RETURN NEW; END $$; CREATE TRIGGER refuse_reply BEFORE INSERT ON "
                                      "webhook_deliveries FOR EACH ROW EXECUTE FUNCTION refuse_reply()");
        } else {
            auto db = core::sql::Database::open(hub.dir() / "hub.db", core::sql::OpenMode::ReadWrite);
            REQUIRE(db.ok());
            REQUIRE(db->exec("CREATE TRIGGER refuse_reply BEFORE INSERT ON webhook_deliveries WHEN NEW.event = "
                             "'case.reply_sent' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
                        .ok());
        }
        auto failed = hub.move(ticket, CaseState::InProgress, "กำลังส่งรถดูดท่อไป");
        REQUIRE_FALSE(failed.ok());
        CHECK_THAT(failed.error().message, Contains("refused by the test"));
        CHECK(hub.storage().findCase(ticket).value()->state == CaseState::Accepted);
        CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 2);
        CHECK(hub.count("SELECT count(*) FROM ticket_updates WHERE status = 'in_progress'") == 0);
        CHECK(hub.count("SELECT count(*) FROM case_events WHERE to_state = 'in_progress'") == 0);
        // A move without a reply is not refused: its one event is written.
        REQUIRE(hub.move(ticket, CaseState::InProgress).ok());
        CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 3);
    }
}

TEST_CASE("webhook add, list, deliveries and remove from the command line", "[hub][webhooks][cli]") {
    HookHub hub;
    const std::string dir = hub.dir().string();
    auto refused = runHub({"--dir", dir, "webhook", "add", "--office", kOffice, "--event", "case.created", "--url",
                           "ftp://example.com/in"});
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.output, Contains("not http:// or https://"));
    auto wrongEvent = runHub({"--dir", dir, "webhook", "add", "--office", kOffice, "--event", "case.deleted", "--url",
                              "https://example.com/in"});
    CHECK(wrongEvent.exitCode == 1);
    CHECK_THAT(wrongEvent.output, Contains("\"case.deleted\" is not an event"));
    CHECK(hub.count("SELECT count(*) FROM webhooks") == 0);

    auto added = runHub({"--dir", dir, "webhook", "add", "--office", kOffice, "--event",
                         "case.created,case.reply_sent", "--url", "https://line-bot.example/fangsiang",
                         "--with-personal-data"});
    INFO(added.output);
    REQUIRE(added.exitCode == 0);
    CHECK_THAT(added.output, Contains("webhook 1 for office") && Contains("case.created,case.reply_sent") &&
                                 Contains("with the citizen's contact") && Contains("fswh_"));
    auto list = runHub({"--dir", dir, "webhook", "list"});
    CHECK(list.exitCode == 0);
    CHECK_THAT(list.output, Contains("https://line-bot.example/fangsiang") && !Contains("fswh_"));
    hub.file("ทางเท้าชำรุด");
    auto deliveries = runHub({"--dir", dir, "webhook", "deliveries", "--hook", "1"});
    CHECK(deliveries.exitCode == 0);
    CHECK_THAT(deliveries.output, Contains("case.created") && Contains("pending"));
    auto removed = runHub({"--dir", dir, "webhook", "remove", "1"});
    CHECK(removed.exitCode == 0);
    CHECK_THAT(removed.output, Contains("webhook 1 removed"));
    CHECK(runHub({"--dir", dir, "webhook", "remove", "1"}).exitCode == 1);
    CHECK(hub.count("SELECT count(*) FROM audit WHERE action IN ('webhook-add', 'webhook-remove')") == 2);
}

TEST_CASE("a store from before webhooks opens with their tables, keeping what it held", "[hub][webhooks][migration]") {
    HookHub hub;
    const std::string ticket = hub.file("ไฟจราจรเสีย");
    if (testingPostgres()) {
        const std::string db = databaseOf(testDatabaseUrl(hub.dir()));
        PgServer::instance().psql(db, std::string(kPgBackToVersion6) +
                                      "DROP TABLE webhook_attempts, webhook_deliveries, webhooks, "
                                      "open311_requests, open311_keys; UPDATE fangsiang_hub SET version = 4");
        auto opened = openTestStorage(hub.dir());
        if (!opened)
            FAIL(opened.error().message);
        CHECK(PgServer::instance().psql(db, "SELECT version FROM fangsiang_hub") == "7\n");
        CHECK((*opened)->findCase(ticket).value()->text == "ไฟจราจรเสีย");
        CHECK((*opened)->webhooks().listWebhooks("").value().empty());
    } else {
        {
            auto db = core::sql::Database::open(hub.dir() / "hub.db", core::sql::OpenMode::ReadWrite);
            REQUIRE(db.ok());
            REQUIRE(db->exec(std::string(kBackToVersion8) +
                             "DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhooks; "
                             "DROP TABLE open311_requests; DROP TABLE open311_keys; PRAGMA user_version = 6")
                        .ok());
        }
        auto opened = openTestStorage(hub.dir());
        if (!opened)
            FAIL(opened.error().message);
        CHECK(queryStoreNumber(hub.dir(), "PRAGMA user_version") == 9);
        CHECK((*opened)->findCase(ticket).value()->text == "ไฟจราจรเสีย");
        CHECK((*opened)->webhooks().listWebhooks("").value().empty());
        CHECK(*(*opened)->recordCount() == 1);
    }
    // And the store works on: a hook registered on it hears of new cases.
    auto reopened = openTestStorage(hub.dir());
    REQUIRE(reopened.ok());
    Webhook h;
    h.officeCode = kOffice;
    h.url = "https://example.com/in";
    h.events = {WebhookEvent::CaseCreated};
    REQUIRE(WebhookAdmin(**reopened, hub.keys()).add(Actor::console(), h, "").ok());
    hub.file("ป้ายรถเมล์หัก");
    CHECK(hub.count("SELECT count(*) FROM webhook_deliveries") == 1);
}

TEST_CASE("fangsiang-hub serve sends what the outbox holds while it serves", "[hub][webhooks][serve]") {
    HookHub hub;
    Receiver receiver;
    auto hook = hub.addHook(receiver.url(), {WebhookEvent::CaseCreated});
    receiver.setSecret(hook.secret);
    auto [pid, port] = startHubProcess(hub.dir());
    (void)port;
    // Filed through this process's own service: the store is the one `serve` reads.
    const std::string ticket = hub.file("ไฟถนนดับ");
    for (int i = 0; i < 200 && receiver.got().empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stopGently(pid);
    INFO(readAll(hub.dir() / "serve.log"));
    REQUIRE(receiver.got().size() == 1);
    CHECK(receiver.got().front().signedRight);
    CHECK(json::parse(receiver.got().front().body)["ticket"] == ticket);
    CHECK(deliveriesOf(hub, hook.hook.id).front().state == DeliveryState::Delivered);
}
