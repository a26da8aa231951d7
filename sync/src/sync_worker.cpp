#include "sync/sync_worker.hpp"

#include <algorithm>

namespace fangsiang::sync {

std::chrono::milliseconds backoffDelay(int failures, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                       std::mt19937_64& random) {
    if (failures < 1)
        failures = 1;
    const std::int64_t b = std::max<std::int64_t>(1, base.count());
    const std::int64_t c = std::max<std::int64_t>(b, cap.count());
    std::int64_t ceiling = b;
    for (int i = 1; i < failures && ceiling < c; ++i)
        ceiling = std::min(c, ceiling * 2);
    std::uniform_int_distribution<std::int64_t> pick(b, ceiling);
    return std::chrono::milliseconds(pick(random));
}

SyncWorker::SyncWorker(std::filesystem::path dataDir, WorkerOptions options)
    : m_dataDir(std::move(dataDir)), m_options(std::move(options)) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_thread = std::thread([this] { run(); });
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void SyncWorker::nudge() {
    {
        std::lock_guard lock(m_mutex);
        m_nudged = true;
    }
    m_wake.notify_all();
}

SyncState SyncWorker::state() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

bool SyncWorker::waitUntilDrained(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [this] {
        return !m_state.running && m_state.lastSuccessMs != 0 && m_state.queued == 0 && m_state.lastError.empty();
    });
}

void SyncWorker::pass(std::optional<SyncClient>& client, std::mt19937_64& random) {
    const std::int64_t started = m_options.client.clock();
    {
        std::lock_guard lock(m_mutex);
        m_state.running = true;
        m_state.lastAttemptMs = started;
    }
    std::string problem;
    core::ErrorCode problemCode = core::ErrorCode::Io;
    bool enrolled = true;
    if (!client) {
        // Opened here, on this thread: the Store connection belongs to it.
        auto opened = SyncClient::open(m_dataDir, m_options.client);
        if (opened)
            client.emplace(std::move(*opened));
        else {
            enrolled = opened.error().code != core::ErrorCode::NotFound;
            problem = opened.error().message;
            problemCode = opened.error().code;
        }
    }
    std::uint64_t contentVersion = 0;
    std::optional<kiosk::ChainStanding> standing;
    if (client) {
        auto pushed = client->push();
        if (!pushed) {
            problem = pushed.error().message;
            problemCode = pushed.error().code;
        }
        // A store that takes no records (lost, or new and told so by the
        // hub) has nothing to push, but content and tickets still come.
        if (auto s = client->store().standing(); s)
            standing = *s;
        const bool storeWaits = !pushed && standing && !standing->takesRecords() &&
                                pushed.error().code == core::ErrorCode::Conflict;
        if (storeWaits)
            problem.clear();  // shown from `chain`, not as a failure of the link
        if ((pushed || storeWaits) && m_options.pull) {
            auto pulled = client->pull();
            if (!pulled) {
                problem = pulled.error().message;
                problemCode = pulled.error().code;
            } else
                contentVersion = pulled->contentVersion;
        }
    }
    std::optional<kiosk::StoreCounts> counts;
    if (client)
        if (auto c = client->counts(); c)
            counts = *c;

    const std::int64_t finished = m_options.client.clock();
    {
        std::lock_guard lock(m_mutex);
        m_state.running = false;
        m_state.enrolled = enrolled && client.has_value();
        if (counts) {
            m_state.queued = counts->unacknowledged;
            m_state.quarantined = counts->quarantined;
            m_state.acknowledgedUpTo = counts->acknowledgedUpTo;
        }
        if (contentVersion)
            m_state.contentVersion = contentVersion;
        if (standing) {
            m_state.chain = standing->state;
            m_state.hubHeld = standing->hubHeld;
        }
        if (problem.empty()) {
            m_state.lastSuccessMs = finished;
            m_state.lastError.clear();
            m_state.consecutiveFailures = 0;
            m_state.nextAttemptMs = finished + m_options.interval.count();
        } else {
            m_state.lastError = problem;
            m_state.lastErrorCode = problemCode;
            ++m_state.consecutiveFailures;
            auto delay = backoffDelay(m_state.consecutiveFailures, m_options.backoffBase, m_options.backoffCap, random);
            m_state.nextAttemptMs = finished + delay.count();
        }
    }
    m_changed.notify_all();
}

void SyncWorker::run() {
    std::mt19937_64 random(std::random_device{}());
    std::optional<SyncClient> client;
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stop)
                break;
            m_nudged = false;
        }
        pass(client, random);
        std::unique_lock lock(m_mutex);
        const std::int64_t now = m_options.client.clock();
        const auto wait = std::chrono::milliseconds(std::max<std::int64_t>(0, m_state.nextAttemptMs - now));
        // A nudge cuts the wait short after a success; after a failure the
        // back-off holds, so a burst of new records cannot hammer a dead link.
        const bool failing = m_state.consecutiveFailures > 0;
        m_wake.wait_for(lock, wait, [&] { return m_stop || (m_nudged && !failing); });
        if (m_stop)
            break;
    }
}

}  // namespace fangsiang::sync
