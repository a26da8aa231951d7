#pragma once
// The SQLite hub store's one lock, with group commit.
//
// Everything that touches the store's connection holds this lock, as it
// held a std::mutex before. Ingest sessions hold it between beginIngest()
// and commitIngest() or abandonIngest(), and that is where it differs: the
// batches of several devices that arrive together share one transaction and
// one COMMIT, so that a thousand devices pushing at once do not cost a
// thousand fsyncs in a row.
//
//   - The first session opens the group (BEGIN IMMEDIATE). Every session
//     works inside a SAVEPOINT of its own.
//   - A session whose batch is done RELEASEs its savepoint. If another
//     session is waiting for the store, and the group is young and small, it
//     hands the store on and waits; otherwise it COMMITs the group.
//   - commitIngest() returns only when the group's COMMIT has returned, with
//     its outcome: a session's records are acknowledged only once they are
//     on disk, exactly as with a transaction of their own. If the COMMIT
//     fails, every session of the group is told so, and none is acknowledged.
//   - A session that fails is rolled back to its savepoint; the group goes
//     on without it.
//   - Nothing else ever runs inside an open group: lock() COMMITs it first,
//     so an officer's reply or a report never reads work that is not yet
//     durable, and never shares its fate. lockPeek() is the one exception,
//     for reads that ingest cannot change.
//   - A group is never left open with nobody to end it: the last session
//     out, or whoever takes the store next, COMMITs it.

#include "core/result.hpp"
#include "core/sqlite.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

namespace fangsiang::hub {

class StoreLock {
public:
    // A group is committed once it holds this many sessions, or is this old,
    // even while more are waiting: it bounds how long an acknowledgement
    // waits for others.
    static constexpr int kMaxGroupSessions = 32;
    static constexpr std::chrono::milliseconds kMaxGroupAge{50};

    explicit StoreLock(core::sql::Database& db) : m_db(db) {}
    // Commits an open group. Nobody can be waiting in commitIngest() then:
    // the store outlives its sessions.
    ~StoreLock();
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;

    // BasicLockable, for std::lock_guard: the store, with no group open.
    void lock();
    void unlock();
    // The store without ending an open group, released with unlock(): only
    // for reads whose answer no ingest session changes (a device's office
    // and whether it is revoked).
    void lockPeek();

    // Ingest: the store, inside the group's transaction and a savepoint of
    // the caller's own. On an error the store is released.
    [[nodiscard]] core::Status beginIngest();
    // The session's work joins the group; returns once the group's COMMIT
    // returned, with its outcome. Releases the store.
    [[nodiscard]] core::Status commitIngest();
    // The session's work is undone; the group goes on without it. Releases
    // the store.
    void abandonIngest();

    // Groups committed so far, the sessions in them, and the sessions
    // waiting for the store now (figures for tests and benchmarks).
    struct Figures {
        std::uint64_t groups = 0;
        std::uint64_t sessions = 0;
        int waiting = 0;
    };
    [[nodiscard]] Figures figures() const;

private:
    struct Outcome {
        core::Status status;
        int unread;  // members still to read it
    };
    void acquire(std::unique_lock<std::mutex>& state);
    void release(std::unique_lock<std::mutex>& state);
    core::Status endGroup(std::unique_lock<std::mutex>& state);
    bool groupLost() const;

    core::sql::Database& m_db;
    mutable std::mutex m_state;  // guards what follows; never held during SQL
    std::condition_variable m_storeFree;
    std::condition_variable m_groupEnded;
    bool m_held = false;  // someone has the connection
    int m_ingestWaiting = 0;
    bool m_groupOpen = false;
    int m_groupSessions = 0;  // released into the open group
    int m_groupWaiters = 0;   // of them, waiting for its COMMIT
    std::chrono::steady_clock::time_point m_groupStart;
    std::uint64_t m_group = 1;  // the open group's number, or the next one's
    std::uint64_t m_ended = 0;  // every group up to this number has ended
    std::map<std::uint64_t, Outcome> m_outcomes;
    Figures m_figures;
};

// An ingest session's turn at the store: abandons the session's work when
// it ends without commit().
class IngestTurn {
public:
    explicit IngestTurn(StoreLock& lock) : m_lock(&lock) {}
    IngestTurn(IngestTurn&& other) noexcept : m_lock(std::exchange(other.m_lock, nullptr)) {}
    IngestTurn& operator=(IngestTurn&&) = delete;
    IngestTurn(const IngestTurn&) = delete;
    IngestTurn& operator=(const IngestTurn&) = delete;
    ~IngestTurn() {
        if (m_lock != nullptr)
            m_lock->abandonIngest();
    }
    [[nodiscard]] core::Status commit() { return std::exchange(m_lock, nullptr)->commitIngest(); }

private:
    StoreLock* m_lock;
};

}  // namespace fangsiang::hub
