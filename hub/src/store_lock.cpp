#include "store_lock.hpp"

#include <sqlite3.h>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using core::Ok;

StoreLock::~StoreLock() {
    std::unique_lock state(m_state);
    if (m_groupOpen) {
        m_held = true;
        (void)endGroup(state);
    }
}

void StoreLock::acquire(std::unique_lock<std::mutex>& state) {
    m_storeFree.wait(state, [this] { return !m_held; });
    m_held = true;
}

void StoreLock::lock() {
    std::unique_lock state(m_state);
    acquire(state);
    if (m_groupOpen)
        (void)endGroup(state);  // its members hear the outcome; this caller goes on either way
}

void StoreLock::lockPeek() {
    std::unique_lock state(m_state);
    acquire(state);
}

void StoreLock::unlock() {
    std::unique_lock state(m_state);
    release(state);
}

// Hands the store on; the group ends first when no session is waiting to
// join it, since nobody else would.
void StoreLock::release(std::unique_lock<std::mutex>& state) {
    if (m_groupOpen && m_ingestWaiting == 0)
        (void)endGroup(state);
    m_held = false;
    state.unlock();
    m_storeFree.notify_all();
    state.lock();
}

// SQLite ends a transaction by itself after some errors (a full disk, an
// I/O error): the group is gone then, whatever its sessions did.
bool StoreLock::groupLost() const { return sqlite3_get_autocommit(m_db.handle()) != 0; }

// COMMIT (ROLLBACK if that fails), by the holder of the store, and the
// outcome to every member waiting for it.
core::Status StoreLock::endGroup(std::unique_lock<std::mutex>& state) {
    state.unlock();
    core::Status status = Ok{};
    if (groupLost()) {
        status = makeError(ErrorCode::Io, "the store rolled back the batches committed together after an error");
    } else {
        status = m_db.run("COMMIT");
        if (!status)
            sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    state.lock();
    if (status) {
        ++m_figures.groups;
        m_figures.sessions += static_cast<std::uint64_t>(m_groupSessions);
    }
    if (m_groupWaiters > 0)
        m_outcomes.emplace(m_group, Outcome{status, m_groupWaiters});
    m_groupOpen = false;
    m_groupSessions = 0;
    m_groupWaiters = 0;
    m_ended = m_group++;
    m_groupEnded.notify_all();
    return status;
}

core::Status StoreLock::beginIngest() {
    std::unique_lock state(m_state);
    ++m_ingestWaiting;
    acquire(state);
    --m_ingestWaiting;
    if (m_groupOpen && groupLost())
        (void)endGroup(state);  // its members are told; this session starts a new one
    const bool opening = !m_groupOpen;
    // The store is this session's now: its statements run without m_state.
    state.unlock();
    core::Status begun = opening ? m_db.run("BEGIN IMMEDIATE") : core::Status(Ok{});
    const core::Status saved = begun ? m_db.run("SAVEPOINT ingest") : begun;
    state.lock();
    if (opening && begun) {
        m_groupOpen = true;
        m_groupStart = std::chrono::steady_clock::now();
    }
    if (!saved) {
        release(state);
        return saved;
    }
    return Ok{};
}

void StoreLock::abandonIngest() {
    std::unique_lock state(m_state, std::defer_lock);  // taken once the statements are done
    if (!groupLost()) {
        // Both fail only when the transaction is already gone (groupLost
        // tells the next session).
        sqlite3_exec(m_db.handle(), "ROLLBACK TO ingest", nullptr, nullptr, nullptr);
        sqlite3_exec(m_db.handle(), "RELEASE ingest", nullptr, nullptr, nullptr);
    }
    state.lock();
    release(state);
}

core::Status StoreLock::commitIngest() {
    std::unique_lock state(m_state, std::defer_lock);  // taken once the statements are done
    auto released = groupLost() ? core::Status(makeError(ErrorCode::Io, "the store rolled back the batch after an error"))
                                : m_db.run("RELEASE ingest");
    if (!released) {
        abandonIngest();
        return released;
    }
    state.lock();
    ++m_groupSessions;
    const bool wait = m_ingestWaiting > 0 && m_groupSessions < kMaxGroupSessions &&
                      std::chrono::steady_clock::now() - m_groupStart < kMaxGroupAge;
    if (!wait) {
        auto status = endGroup(state);
        release(state);
        return status;
    }
    const std::uint64_t mine = m_group;
    ++m_groupWaiters;
    release(state);
    m_groupEnded.wait(state, [&] { return m_ended >= mine; });
    auto it = m_outcomes.find(mine);
    core::Status status = it->second.status;
    if (--it->second.unread == 0)
        m_outcomes.erase(it);
    return status;
}

StoreLock::Figures StoreLock::figures() const {
    std::lock_guard state(m_state);
    Figures now = m_figures;
    now.waiting = m_ingestWaiting;
    return now;
}

}  // namespace fangsiang::hub
