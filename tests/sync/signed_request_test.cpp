// Signed requests are bound to a time window over real HTTP on loopback: a
// request captured on the way (here by a tap between kiosk and hub) and
// replayed later gets nothing, and a kiosk whose clock is hours or decades
// off (a Raspberry Pi has no real-time clock) still syncs, by the hub's
// signed time.

#include "case_moves.hpp"
#include "sync_test_support.hpp"

#include "core/ticket.hpp"

#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

using namespace fangsiang;
using namespace fangsiang::sync;
using namespace fangsiang::test;
using core::ErrorCode;
using hub::HubServer;
using hub::HubServerOptions;
using hub::HubService;
using hub::HubServiceOptions;

namespace {

constexpr std::int64_t kHour = 3'600'000;

// A hub whose clock runs `shiftMs` ahead of the machine's, restartable: a
// restart is a new service (its memory of nonces empty) and a new port.
// It counts its refusals for time.
class ClockedHub {
public:
    ClockedHub() { restart(); }
    ~ClockedHub() { m_server.reset(); }

    void restart() {
        m_server.reset();
        HubServiceOptions options;
        options.clock = [this] { return core::wallClockMs() + shiftMs.load(); };
        options.log = [this](const std::string& line) {
            if (line.find("dated") != std::string::npos || line.find("received already") != std::string::npos)
                ++staleRefusals;
        };
        m_service = std::make_unique<HubService>(m_hub.storage(), m_hub.keys(), options);
        m_server = std::make_unique<HubServer>(*m_service, HubServerOptions{});
        REQUIRE(m_server->start().ok());
    }

    [[nodiscard]] std::string url() const { return m_server->url(); }
    [[nodiscard]] int port() const { return m_server->port(); }
    [[nodiscard]] HubService& service() { return *m_service; }
    [[nodiscard]] TestHub& base() { return m_hub; }

    std::atomic<std::int64_t> shiftMs{0};
    std::atomic<int> staleRefusals{0};

private:
    TestHub m_hub;  // keys and storage (and a server of its own, unused)
    std::unique_ptr<HubService> m_service;
    std::unique_ptr<HubServer> m_server;
};

struct Captured {
    std::string method;
    std::string target;
    httplib::Headers headers;
};

// Sits between the kiosk and the hub, forwarding each request as it is and
// keeping a copy: what anyone on the network path sees.
class Tap {
public:
    explicit Tap(std::function<int()> upstreamPort) : m_upstream(std::move(upstreamPort)) {
        auto forward = [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard lock(m_mutex);
                m_captured.push_back({req.method, req.target, req.headers});
            }
            httplib::Headers headers;
            for (const auto& [name, value] : req.headers)
                if (name.rfind("Fangsiang-", 0) == 0)
                    headers.emplace(name, value);
            httplib::Client upstream("127.0.0.1", m_upstream());
            auto answer = req.method == "POST"
                              ? upstream.Post(req.target, headers, req.body, req.get_header_value("Content-Type"))
                              : upstream.Get(req.target, headers);
            if (!answer) {
                res.status = 502;
                return;
            }
            res.status = answer->status;
            if (answer->status != 304)
                res.set_content(answer->body, answer->get_header_value("Content-Type"));
        };
        m_server.Get(".*", forward);
        m_server.Post(".*", forward);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        REQUIRE(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~Tap() {
        m_server.stop();
        m_thread.join();
    }

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    [[nodiscard]] std::optional<Captured> last(std::string_view prefix) {
        std::lock_guard lock(m_mutex);
        for (auto it = m_captured.rbegin(); it != m_captured.rend(); ++it)
            if (it->target.rfind(prefix, 0) == 0)
                return *it;
        return std::nullopt;
    }

private:
    std::function<int()> m_upstream;
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<Captured> m_captured;
};

// The captured request sent again, byte for byte as to its headers.
httplib::Result replay(const std::string& url, const Captured& request) {
    httplib::Client client(url);
    httplib::Headers headers;
    for (const auto& [name, value] : request.headers)
        if (name.rfind("Fangsiang-", 0) == 0)
            headers.emplace(name, value);
    return client.Get(request.target, headers);
}

// A refusal for time, with nothing of the office's data in it.
std::string staleRefusal(const httplib::Result& answer, const std::string& secret) {
    REQUIRE(answer);
    INFO(answer->body);
    CHECK(answer->status == 401);
    CHECK(answer->body.find(secret) == std::string::npos);
    CHECK(answer->body.find("\"updates\"") == std::string::npos);
    auto wire = decodeWireError(answer->body);
    REQUIRE(wire.has_value());
    CHECK(wire->code == ErrorCode::StaleRequest);
    return wire->message;
}

ClientOptions clockedClient(core::Clock clock) {
    ClientOptions options;
    options.clock = std::move(clock);
    return options;
}

std::string complaintTicket(const TestKiosk& kiosk, std::uint64_t sequence) {
    auto pins = kiosk::loadHubPins(kiosk.dir());
    REQUIRE(pins.ok());
    return core::Ticket{kOffice, pins->deviceNumber, sequence}.text();
}

}  // namespace

TEST_CASE("a captured signed ticket request replayed later gets nothing of the office's feed", "[sync][security][request]") {
    ClockedHub hub;
    Tap tap([&hub] { return hub.port(); });
    TestKiosk kiosk;
    REQUIRE(enrol(kiosk.dir(), tap.url(), hub.base().newCode()).ok());
    kiosk.addRecords(20);  // records 10 and 20 are complaints
    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    REQUIRE(client->push().ok());
    auto pulled = client->pull();
    REQUIRE(pulled.ok());
    CHECK(pulled->ticketUpdates == 2);
    const auto captured = tap.last("/v1/tickets");
    REQUIRE(captured.has_value());
    CHECK(captured->headers.count(kHeaderTime) == 1);

    // The office answers the citizen after the capture.
    const std::string reply = "ซ่อมไฟหน้าวัดเรียบร้อยแล้ว";
    moveCase(hub.base().storage(), complaintTicket(kiosk, 10), TicketStatus::Resolved, reply);

    SECTION("65 s later, within the window: the nonce was seen") {
        hub.shiftMs = 65'000;
        CHECK_THAT(staleRefusal(replay(hub.url(), *captured), reply), Catch::Matchers::Contains("received already"));
    }
    SECTION("after the window: stale, whatever the hub remembers") {
        hub.shiftMs = kRequestWindowMs + 5'000;
        CHECK_THAT(staleRefusal(replay(hub.url(), *captured), reply), Catch::Matchers::Contains("more than the 300 s"));
        hub.restart();
        CHECK_THAT(staleRefusal(replay(hub.url(), *captured), reply), Catch::Matchers::Contains("more than the 300 s"));
    }
    SECTION("after a restart of the hub, within the window: signed before it started") {
        hub.shiftMs = 65'000;
        hub.restart();
        CHECK_THAT(staleRefusal(replay(hub.url(), *captured), reply),
                   Catch::Matchers::Contains("before the hub last started"));
    }
    // The kiosk itself still gets the reply: its own requests are fresh (and
    // after the restart, 65 s behind the hub's start, corrected once).
    pulled = client->pull();
    REQUIRE(pulled.ok());
    auto status = lookupTicket(kiosk.dir(), complaintTicket(kiosk, 10));
    REQUIRE(status.ok());
    REQUIRE(status->has_value());
    CHECK((*status)->reply == reply);
}

TEST_CASE("a kiosk whose clock is wrong still pulls tickets, by the hub's signed time", "[sync][security][request]") {
    struct Wrong {
        const char* what;
        std::int64_t offMs;  // the kiosk's clock minus the true time
    };
    const auto wrong = GENERATE(Wrong{"3 hours ahead", 3 * kHour}, Wrong{"3 hours behind", -3 * kHour},
                                Wrong{"in 1970, as a Raspberry Pi boots without a network",
                                      -core::wallClockMs() + 60'000});
    INFO(wrong.what);
    ClockedHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub.base(), hub.url());
    kiosk.addRecords(20);
    const std::int64_t off = wrong.offMs;
    auto client = SyncClient::open(kiosk.dir(), clockedClient([off] { return core::wallClockMs() + off; }));
    REQUIRE(client.ok());
    REQUIRE(client->push().ok());  // batches are not dated: a push never needed the clock

    auto pulled = client->pull();
    INFO((pulled.ok() ? "" : pulled.error().message));
    REQUIRE(pulled.ok());
    CHECK(pulled->ticketUpdates == 2);
    CHECK(hub.staleRefusals == 1);  // the first request, then sent again with the hub's time
    CHECK(std::abs(client->clockOffsetMs() + off) < 10'000);

    // The office answers the complaint; the kiosk pulls the one update.
    auto answerAndPull = [&](TicketStatus status) {
        const std::size_t moves = moveCase(hub.base().storage(), complaintTicket(kiosk, 20), status, "ok");
        pulled = client->pull();
        REQUIRE(pulled.ok());
        CHECK(pulled->ticketUpdates == moves);
    };
    SECTION("and keeps the offset for later requests") {
        answerAndPull(TicketStatus::InProgress);
        CHECK(hub.staleRefusals == 1);
    }
    SECTION("and follows when the hub's own clock is set right by two hours") {
        hub.shiftMs = 2 * kHour;
        answerAndPull(TicketStatus::Resolved);
        CHECK(hub.staleRefusals == 2);
    }
    SECTION("and a new client (a restarted kiosk) learns it again the same way") {
        auto again = SyncClient::open(kiosk.dir(), clockedClient([off] { return core::wallClockMs() + off; }));
        REQUIRE(again.ok());
        REQUIRE(again->pull().ok());
        CHECK(hub.staleRefusals == 2);
    }
}

TEST_CASE("a refusal for time moves the kiosk's clock only when the pinned hub signed it, and only one retry",
          "[sync][security][request]") {
    TestHub real;
    TestKiosk kiosk;
    kiosk.enrolWith(real, real.url());
    const auto impostor = core::randomSigningKeyPair();
    const bool signedByHub = GENERATE(false, true);
    const core::SecretKey<64>& signer = signedByHub ? real.keys().signing.secretKey : impostor.secretKey;

    // Something that answers every signed request with "stale, my time is
    // tomorrow", signed for the request it answers.
    std::atomic<int> requests{0};
    httplib::Server fake;
    fake.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
        ++requests;
        auto device = core::fixedFromHex<core::kPublicKeySize>(req.get_header_value(kHeaderDevice));
        auto nonce = core::fixedFromHex<kNonceSize>(req.get_header_value(kHeaderNonce));
        REQUIRE(device.has_value());
        REQUIRE(nonce.has_value());
        res.status = 401;
        res.set_content(encodeStaleRequestError({ErrorCode::StaleRequest, "stale"}, *device, *nonce,
                                                core::wallClockMs() + 24 * kHour, signer),
                        kErrorMediaType);
    });
    const int port = fake.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { fake.listen_after_bind(); });
    auto pins = kiosk::loadHubPins(kiosk.dir());
    REQUIRE(pins.ok());
    pins->hubUrl = "http://127.0.0.1:" + std::to_string(port);
    REQUIRE(kiosk::saveHubPins(kiosk.dir(), *pins).ok());

    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    auto pulled = client->pull();
    fake.stop();
    serving.join();
    REQUIRE_FALSE(pulled.ok());
    CHECK(pulled.error().code == ErrorCode::StaleRequest);
    if (signedByHub) {
        CHECK(requests == 2);  // the request, and once more with the hub's time; then the pass ends
        CHECK(std::abs(client->clockOffsetMs() - 24 * kHour) < 10'000);
    } else {
        CHECK(requests == 1);  // an unverified time is not believed: nothing to retry with
        CHECK(client->clockOffsetMs() == 0);
    }
}
