#pragma once
// The kiosk's background sync: a thread that pushes the outbox and pulls
// content and ticket status, waits between passes, and after a failure backs
// off exponentially with full jitter up to a cap. It never blocks the caller:
// the UI reads state() (a copy made under a short lock) and may nudge() the
// worker when a record was just saved.

#include "sync/sync_client.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>

namespace fangsiang::sync {

struct SyncState {
    bool enrolled = false;
    bool running = false;            // a pass is under way
    std::int64_t lastSuccessMs = 0;  // last pass that finished without error
    std::int64_t lastAttemptMs = 0;
    std::int64_t nextAttemptMs = 0;
    std::uint64_t queued = 0;        // records waiting for the hub
    std::uint64_t quarantined = 0;
    std::uint64_t acknowledgedUpTo = 0;
    std::uint64_t contentVersion = 0;
    int consecutiveFailures = 0;
    std::string lastError;           // plain words; empty after a success
    core::ErrorCode lastErrorCode = core::ErrorCode::Io;  // its kind, when lastError is set
    // Whether the store takes records (docs/PROTOCOL.md, "Store loss"). A
    // lost store sends nothing but still pulls content and tickets, and a
    // pass that only could not push because of it counts as a success.
    kiosk::ChainState chain = kiosk::ChainState::Anchored;
    std::uint64_t hubHeld = 0;       // when lost: what the hub holds of this device
};

struct WorkerOptions {
    ClientOptions client;
    std::chrono::milliseconds interval{60000};      // between successful passes
    std::chrono::milliseconds backoffBase{2000};
    std::chrono::milliseconds backoffCap{300000};
    bool pull = true;
};

// The delay before retry number `failures` (1, 2, ...): uniformly random in
// [base, min(cap, base * 2^(failures-1))] ("full jitter", bounded below so a
// flapping link is not hammered).
[[nodiscard]] std::chrono::milliseconds backoffDelay(int failures, std::chrono::milliseconds base,
                                                     std::chrono::milliseconds cap, std::mt19937_64& random);

class SyncWorker {
public:
    SyncWorker(std::filesystem::path dataDir, WorkerOptions options);
    ~SyncWorker();  // stops and joins
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    void stop();
    // Run a pass now (e.g. a record was just saved, or the admin pressed "sync").
    void nudge();
    [[nodiscard]] SyncState state() const;
    // Waits until a pass finished with nothing queued, or the timeout passed.
    [[nodiscard]] bool waitUntilDrained(std::chrono::milliseconds timeout) const;

private:
    void run();
    void pass(std::optional<SyncClient>& client, std::mt19937_64& random);

    std::filesystem::path m_dataDir;
    WorkerOptions m_options;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_wake;
    mutable std::condition_variable m_changed;
    SyncState m_state;
    bool m_stop = false;
    bool m_nudged = false;
    std::thread m_thread;
};

}  // namespace fangsiang::sync
