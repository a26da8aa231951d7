// The SQLite wrapper keeps the statements that end for the next prepare of
// the same SQL: what a reused statement was bound to before is gone, a
// statement left between rows neither blocks a commit nor a schema change,
// a change of schema reaches statements kept from before it, and a
// statement that outlives its database is simply finalised.

#include "core/sqlite.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::test;

namespace {

sql::Database freshDatabase(const TempDir& dir) {
    auto db = sql::Database::open(dir / "t.db", sql::OpenMode::ReadWriteCreate);
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t(a INTEGER, b TEXT)").ok());
    return std::move(*db);
}

std::int64_t count(sql::Database& db) { return *db.queryInt("SELECT count(*) FROM t"); }

}  // namespace

TEST_CASE("a statement prepared again starts with nothing bound", "[sqlite]") {
    TempDir dir;
    auto db = freshDatabase(dir);
    const std::string insert = "INSERT INTO t(a, b) VALUES(?1, ?2)";
    REQUIRE(db.run(insert, std::int64_t{7}, std::string_view("secret")).ok());
    {
        auto again = db.prepare(insert);
        REQUIRE(again.ok());
        REQUIRE(again->run().ok());  // nothing bound: both NULL, not 7 and "secret"
    }
    CHECK(*db.queryInt("SELECT count(*) FROM t WHERE a IS NULL AND b IS NULL") == 1);
    CHECK(*db.queryInt("SELECT count(*) FROM t WHERE b = 'secret'") == 1);
}

TEST_CASE("many statements of the same and of different SQL, in turn and at once", "[sqlite]") {
    TempDir dir;
    auto db = freshDatabase(dir);
    for (int i = 0; i < 500; ++i)
        REQUIRE(db.run("INSERT INTO t(a) VALUES(?1)", std::int64_t{i}).ok());
    // More different statements than are kept idle: the extra ones are finalised.
    for (int i = 0; i < 300; ++i)
        REQUIRE(*db.queryInt("SELECT count(*) + " + std::to_string(i) + " FROM t") == 500 + i);
    // Two of the same SQL at once are two statements.
    auto first = db.prepare("SELECT a FROM t ORDER BY a");
    auto second = db.prepare("SELECT a FROM t ORDER BY a");
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(*first->step());
    REQUIRE(*second->step());
    REQUIRE(*second->step());
    CHECK(first->columnInt(0) == 0);
    CHECK(second->columnInt(0) == 1);
}

TEST_CASE("a statement left between rows blocks neither a commit nor a schema change", "[sqlite]") {
    TempDir dir;
    auto db = freshDatabase(dir);
    for (int i = 0; i < 3; ++i)
        REQUIRE(db.run("INSERT INTO t(a) VALUES(?1)", std::int64_t{i}).ok());
    {
        auto rows = db.prepare("SELECT * FROM t");
        REQUIRE(rows.ok());
        REQUIRE(*rows->step());  // two rows not read: kept now, reset
    }
    {
        auto tx = sql::Transaction::begin(db);
        REQUIRE(tx.ok());
        REQUIRE(db.run("INSERT INTO t(a) VALUES(3)").ok());
        REQUIRE(tx->commit().ok());
    }
    CHECK(count(db) == 4);
    // The kept statement sees the new column after the change.
    REQUIRE(db.exec("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'x'").ok());
    REQUIRE(db.run("UPDATE t SET c = 'y' WHERE a = 0").ok());
    {
        auto rows = db.prepare("SELECT * FROM t");
        REQUIRE(rows.ok());
        REQUIRE(*rows->step());
        CHECK(rows->columnText(2) == "y");
    }
    CHECK(*db.queryInt("SELECT count(*) FROM t WHERE c = 'y'") == 1);
    // A kept statement of a table does not stop the table being dropped.
    REQUIRE(db.exec("CREATE TABLE u(x)").ok());
    REQUIRE(db.run("INSERT INTO u(x) VALUES(1)").ok());
    REQUIRE(db.exec("DROP TABLE u").ok());
    CHECK_FALSE(db.run("INSERT INTO u(x) VALUES(1)").ok());
}

TEST_CASE("a statement that outlives its database is finalised, not kept", "[sqlite]") {
    TempDir dir;
    std::optional<sql::Statement> survivor;
    {
        auto db = freshDatabase(dir);
        REQUIRE(db.run("INSERT INTO t(a) VALUES(1)").ok());
        auto stmt = db.prepare("SELECT a FROM t");
        REQUIRE(stmt.ok());
        survivor = std::move(*stmt);
    }
    survivor.reset();  // the database is gone: finalised, nothing touched of it
    auto db = sql::Database::open(dir / "t.db", sql::OpenMode::ReadWrite);
    REQUIRE(db.ok());
    CHECK(count(*db) == 1);
}

TEST_CASE("a moved database keeps its statements", "[sqlite]") {
    TempDir dir;
    auto db = freshDatabase(dir);
    REQUIRE(db.run("INSERT INTO t(a) VALUES(1)").ok());
    sql::Database moved = std::move(db);
    REQUIRE(moved.run("INSERT INTO t(a) VALUES(2)").ok());
    REQUIRE(moved.run("INSERT INTO t(a) VALUES(2)").ok());
    CHECK(count(moved) == 3);
}
