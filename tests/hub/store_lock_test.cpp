// Group commit in the SQLite hub store's lock (hub/src/store_lock.hpp), on a
// real SQLite file in WAL mode with FULL sync, as the hub opens it, and real
// threads. Catch's assertions are for the main thread only: the others note
// what they saw in atomics.

#include "store_lock.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace std::chrono_literals;
namespace sql = core::sql;

namespace {

struct Store {
    test::TempDir dir;
    sql::Database db;
    Store() {
        auto opened = sql::Database::open(dir.path() / "hub.db", sql::OpenMode::ReadWriteCreate);
        REQUIRE(opened);
        db = std::move(*opened);
        REQUIRE(db.exec("PRAGMA journal_mode = WAL"));
        REQUIRE(db.exec("PRAGMA synchronous = FULL"));
        REQUIRE(db.exec("PRAGMA foreign_keys = ON"));
        REQUIRE(db.exec("CREATE TABLE parents(id INTEGER PRIMARY KEY)"));
        // Checked at COMMIT, not at each statement: a way to make a group's
        // COMMIT fail after every session in it has succeeded.
        REQUIRE(db.exec("CREATE TABLE children(id INTEGER PRIMARY KEY, "
                        "parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED)"));
    }
    std::int64_t rows(const char* table) {
        auto n = db.queryInt(std::string("SELECT count(*) FROM ") + table);
        REQUIRE(n);
        return *n;
    }
};

// Waits until `n` sessions wait for the store.
void untilWaiting(const StoreLock& lock, int n) {
    for (int i = 0; i < 20000 && lock.figures().waiting < n; ++i)
        std::this_thread::sleep_for(1ms);
    REQUIRE(lock.figures().waiting == n);
}

}  // namespace

TEST_CASE("batches that arrive together share a COMMIT, and each is told it is durable", "[store_lock]") {
    Store s;
    StoreLock lock(s.db);
    constexpr int kSessions = 8;
    REQUIRE(lock.beginIngest());
    REQUIRE(s.db.run("INSERT INTO parents(id) VALUES(?1)", std::int64_t{0}));
    std::vector<std::thread> others;
    std::atomic<int> durable{0};
    for (int i = 1; i < kSessions; ++i)
        others.emplace_back([&, i] {
            if (!lock.beginIngest())
                return;
            const bool stored = static_cast<bool>(s.db.run("INSERT INTO parents(id) VALUES(?1)", std::int64_t{i}));
            if (lock.commitIngest() && stored)
                ++durable;
        });
    untilWaiting(lock, kSessions - 1);
    if (lock.commitIngest())
        ++durable;
    for (auto& t : others)
        t.join();
    CHECK(durable == kSessions);
    CHECK(s.rows("parents") == kSessions);
    const auto figures = lock.figures();
    CHECK(figures.sessions == kSessions);
    CHECK(figures.groups < kSessions);  // one fsync served several batches
    CHECK(sqlite3_get_autocommit(s.db.handle()) == 1);
}

TEST_CASE("a session that fails leaves the others of its group stored", "[store_lock]") {
    Store s;
    StoreLock lock(s.db);
    REQUIRE(lock.beginIngest());
    REQUIRE(s.db.run("INSERT INTO parents(id) VALUES(1)"));
    std::atomic<bool> began{false};
    std::thread failing([&] {
        began = static_cast<bool>(lock.beginIngest());
        if (!began)
            return;
        (void)s.db.run("INSERT INTO parents(id) VALUES(2)");
        lock.abandonIngest();  // its batch broke off half way
    });
    untilWaiting(lock, 1);
    CHECK(lock.commitIngest());  // waits for the failing session, whose release commits the group
    failing.join();
    REQUIRE(began);
    CHECK(s.rows("parents") == 1);
    auto kept = s.db.queryInt("SELECT id FROM parents");
    REQUIRE(kept);
    CHECK(*kept == 1);
    CHECK(lock.figures().groups == 1);
}

TEST_CASE("when a group's COMMIT fails, no session of it is stored and each is told", "[store_lock]") {
    Store s;
    StoreLock lock(s.db);
    REQUIRE(lock.beginIngest());
    REQUIRE(s.db.run("INSERT INTO parents(id) VALUES(1)"));
    std::atomic<bool> secondStored{false};
    std::atomic<bool> secondDurable{true};
    std::thread second([&] {
        if (!lock.beginIngest())
            return;
        // No parent 99: the statement passes, the COMMIT refuses.
        secondStored = static_cast<bool>(s.db.run("INSERT INTO children(id, parent) VALUES(1, 99)"));
        secondDurable = static_cast<bool>(lock.commitIngest());
    });
    untilWaiting(lock, 1);
    const auto first = lock.commitIngest();
    second.join();
    REQUIRE(secondStored);
    CHECK_FALSE(first);
    CHECK_FALSE(secondDurable);
    CHECK(s.rows("parents") == 0);
    CHECK(s.rows("children") == 0);
    CHECK(lock.figures().groups == 0);

    // The store goes on: the next batch has a group of its own.
    REQUIRE(lock.beginIngest());
    REQUIRE(s.db.run("INSERT INTO parents(id) VALUES(3)"));
    CHECK(lock.commitIngest());
    CHECK(s.rows("parents") == 1);
}

TEST_CASE("nothing but ingest runs inside an open group", "[store_lock]") {
    Store s;
    StoreLock lock(s.db);
    REQUIRE(lock.beginIngest());
    REQUIRE(s.db.run("INSERT INTO parents(id) VALUES(1)"));
    std::atomic<bool> firstDurable{false};
    std::thread first([&] { firstDurable = static_cast<bool>(lock.commitIngest()); });
    // `first` waits for a session that is waiting for the store: this one.
    std::atomic<bool> started{false};
    std::atomic<bool> secondDurable{false};
    std::thread second([&] {
        started = true;
        if (!lock.beginIngest())
            return;
        const bool stored = static_cast<bool>(s.db.run("INSERT INTO parents(id) VALUES(2)"));
        secondDurable = lock.commitIngest() && stored;
    });
    while (!started)
        std::this_thread::yield();
    // An officer's write, whenever it gets the store: no transaction is
    // open then, so it neither sees the group's work before it is durable
    // nor shares its fate.
    bool outsideAnyTransaction = false;
    bool officerStored = false;
    {
        std::lock_guard officer(lock);
        outsideAnyTransaction = sqlite3_get_autocommit(s.db.handle()) == 1;
        officerStored = static_cast<bool>(s.db.run("INSERT INTO parents(id) VALUES(3)"));
    }
    first.join();
    second.join();
    CHECK(outsideAnyTransaction);
    CHECK(officerStored);
    CHECK(firstDurable);
    CHECK(secondDurable);
    CHECK(s.rows("parents") == 3);
}
