#pragma once
// Shared pieces of the sync tests: a hub (keys, SQLite store, service and
// HTTP server on 127.0.0.1, ephemeral port) in a temporary folder, enrolled
// kiosks with records in their stores, and checks that every record is at
// the hub exactly once.

#include "hub/server.hpp"
#include "hub/service.hpp"
#include "sync/sync_client.hpp"

#include "kiosk/store.hpp"

#include "test_storage.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace fangsiang::test {


inline constexpr const char* kOffice = "6340105";

// Quiet logs: the tests read the store and the answers, not the log lines
// (FANGSIANG_TEST_LOG=1 prints them, to see why a test failed).
inline hub::HubServiceOptions quietOptions() {
    hub::HubServiceOptions options;
    if (std::getenv("FANGSIANG_TEST_LOG") == nullptr)
        options.log = [](const std::string&) {};
    return options;
}

class TestHub {
public:
    explicit TestHub(hub::HubServerOptions serverOptions = {})
        : m_keys(makeKeys(m_dir.path())), m_serverOptions(std::move(serverOptions)) {
        auto storage = createTestStorage(m_dir.path());
        if (!storage.ok())
            FAIL(storage.error().message);
        m_storage = std::move(*storage);
        m_service = std::make_unique<hub::HubService>(*m_storage, m_keys, quietOptions());
        startServer();
    }

    void startServer() {
        m_server = std::make_unique<hub::HubServer>(*m_service, m_serverOptions);
        REQUIRE(m_server->start().ok());
    }
    void stopServer() { m_server.reset(); }

    [[nodiscard]] std::string url() const { return m_server->url(); }
    [[nodiscard]] int port() const { return m_server->port(); }
    [[nodiscard]] hub::HubService& service() { return *m_service; }
    [[nodiscard]] hub::HubStorage& storage() { return *m_storage; }
    [[nodiscard]] const hub::HubKeys& keys() const { return m_keys; }
    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir.path(); }

    [[nodiscard]] std::string newCode(std::chrono::seconds lifetime = std::chrono::seconds(600)) {
        auto code = m_service->createEnrolmentCode(kOffice, "เทศบาลตำบลบ้านสวน", lifetime);
        REQUIRE(code.ok());
        return code->code;
    }

private:
    static hub::HubKeys makeKeys(const std::filesystem::path& dir) {
        auto keys = hub::createHubKeys(dir);
        REQUIRE(keys.ok());
        return std::move(*keys);
    }
    TempDir m_dir;
    hub::HubKeys m_keys;
    hub::HubServerOptions m_serverOptions;
    std::unique_ptr<hub::HubStorage> m_storage;
    std::unique_ptr<hub::HubService> m_service;
    std::unique_ptr<hub::HubServer> m_server;
};

// A kiosk's data folder: identity, store, enrolment with `url` (which may be
// a fault proxy in front of the hub).
class TestKiosk {
public:
    TestKiosk() = default;
    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir.path(); }

    void enrolWith(TestHub& hub, const std::string& url) {
        auto pins = sync::enrol(m_dir.path(), url, hub.newCode());
        if (!pins.ok())
            FAIL(pins.error().message);
    }

    // Appends `count` survey responses (every tenth a complaint).
    void addRecords(int count) {
        auto identity = core::DeviceIdentity::loadOrCreate(m_dir.path());
        REQUIRE(identity.ok());
        auto store = kiosk::Store::open(m_dir / sync::kRecordsFile);
        REQUIRE(store.ok());
        std::vector<core::RecordDraft> drafts;
        for (int i = 0; i < count; ++i) {
            ++m_made;
            if (m_made % 10 == 0)
                drafts.push_back({core::RecordKind::Complaint,
                                  R"({"category":"roads-lights","text":"ไฟส่องสว่างหน้าวัดดับ )" +
                                      std::to_string(m_made) + R"( คืนแล้ว","village":"หมู่ที่ 4"})",
                                  {}});
            else
                drafts.push_back(test::surveyDraft(m_made));
        }
        auto written = store->appendBatch(*identity, drafts, test::kTestTimeMs + m_made);
        REQUIRE(written.ok());
    }

    [[nodiscard]] core::PublicKey key() const {
        auto identity = core::DeviceIdentity::loadOrCreate(m_dir.path());
        REQUIRE(identity.ok());
        return identity->publicKey();
    }

    [[nodiscard]] kiosk::StoreCounts counts() const {
        auto store = kiosk::Store::open(m_dir / sync::kRecordsFile);
        REQUIRE(store.ok());
        auto counts = store->counts();
        REQUIRE(counts.ok());
        return *counts;
    }

    [[nodiscard]] int made() const { return m_made; }

private:
    TempDir m_dir;
    int m_made = 0;
};

// Pushes until the hub holds all of the kiosk's records, or gives up after
// `attempts`; false then. No Catch assertions: it runs on threads of its own.
inline std::mutex g_lastErrorMutex;
inline std::string g_lastError;  // the last push failure's message, for the test's report

inline bool pushUntilHeld(const std::filesystem::path& kioskDir, std::uint64_t made, std::size_t batch, int attempts,
                          std::atomic<int>& failures) {
    for (int attempt = 0; attempt < attempts; ++attempt) {
        sync::ClientOptions options;
        options.batchRecords = batch;
        auto client = sync::SyncClient::open(kioskDir, options);
        if (client.ok()) {
            auto report = client->push();
            if (report.ok() && report->held == made)
                return true;
            if (!report.ok()) {
                ++failures;
                std::lock_guard lock(g_lastErrorMutex);
                g_lastError = report.error().message;
            }
        } else {
            std::lock_guard lock(g_lastErrorMutex);
            g_lastError = client.error().message;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// Every record the kiosk made is at the hub once, byte for byte, and the
// hub's records verify as one unbroken chain.
inline void requireExactlyOnce(hub::HubStorage& storage, const TestKiosk& kiosk) {
    const core::PublicKey key = kiosk.key();
    auto sequences = storage.sequences(key);
    REQUIRE(sequences.ok());
    REQUIRE(sequences->size() == static_cast<std::size_t>(kiosk.made()));
    for (std::size_t i = 0; i < sequences->size(); ++i)
        REQUIRE((*sequences)[i] == i + 1);
    auto store = kiosk::Store::open(kiosk.dir() / sync::kRecordsFile);
    REQUIRE(store.ok());
    core::ChainHead head;
    for (std::uint64_t seq = 1; seq <= static_cast<std::uint64_t>(kiosk.made()); ++seq) {
        auto held = storage.recordBytes(key, seq);
        REQUIRE(held.ok());
        REQUIRE(held->has_value());
        auto verified = core::verifyNext(**held, key, head);
        REQUIRE(verified.ok());
        head = verified->asHead();
        auto mine = store->get(seq);
        REQUIRE(mine.ok());
        REQUIRE(mine->has_value());
        REQUIRE((*mine)->bytes() == **held);
    }
}

}  // namespace fangsiang::test
