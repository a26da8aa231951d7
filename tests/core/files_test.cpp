// The file helpers and the SQLite wrapper make what they create private,
// whatever the umask and whatever the folder it lands in.

#include "core/files.hpp"
#include "core/sqlite.hpp"

#include "file_modes.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::test;

TEST_CASE("files written atomically are 0600 under any umask unless asked otherwise", "[files][security]") {
    const mode_t mask = GENERATE(mode_t{0}, mode_t{022}, mode_t{077});
    TempDir dir;
    const auto folder = dir / "open";
    REQUIRE(::mkdir(folder.c_str(), 0755) == 0);
    REQUIRE(::chmod(folder.c_str(), 0755) == 0);
    UmaskScope umask(mask);
    REQUIRE(writeFileAtomically(folder / "tickets.json", asBytes(std::string_view("{}"))).ok());
    CHECK(octal(modeOf(folder / "tickets.json")) == "0600");
    SECTION("rewriting keeps it so") {
        REQUIRE(writeFileAtomically(folder / "tickets.json", asBytes(std::string_view("{\"cursor\":1}"))).ok());
        CHECK(octal(modeOf(folder / "tickets.json")) == "0600");
    }
    SECTION("a mode asked for is the mode given, exactly") {
        REQUIRE(writeFileAtomically(folder / "public.txt", asBytes(std::string_view("x")), 0644).ok());
        CHECK(octal(modeOf(folder / "public.txt")) == "0644");
    }
}

TEST_CASE("folders made for data are 0700, parents too, under any umask", "[files][security]") {
    const mode_t mask = GENERATE(mode_t{0}, mode_t{022}, mode_t{077});
    TempDir dir;
    UmaskScope umask(mask);
    REQUIRE(ensureDirectory(dir / "var" / "lib" / "fangsiang").ok());
    CHECK(notPrivate(dir.path()) == std::vector<std::string>{});
    CHECK(octal(modeOf(dir / "var")) == "0700");
    CHECK(octal(modeOf(dir / "var" / "lib" / "fangsiang")) == "0700");
    SECTION("a folder that is there already is left as it is") {
        REQUIRE(::mkdir((dir / "mine").c_str(), 0755) == 0);
        REQUIRE(::chmod((dir / "mine").c_str(), 0755) == 0);
        REQUIRE(ensureDirectory(dir / "mine").ok());
        CHECK(octal(modeOf(dir / "mine")) == "0755");
    }
}

TEST_CASE("a database made under umask 0 in a 0755 folder is 0600 with its -wal and -shm", "[files][sqlite][security]") {
    TempDir dir;
    const auto folder = dir / "hub";
    REQUIRE(::mkdir(folder.c_str(), 0755) == 0);
    REQUIRE(::chmod(folder.c_str(), 0755) == 0);
    UmaskScope umask(0);
    auto db = sql::Database::open(folder / "hub.db", sql::OpenMode::ReadWriteCreate);
    REQUIRE(db.ok());
    REQUIRE(db->exec("PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);").ok());
    // While the connection is open, SQLite keeps its -wal and -shm beside the file.
    std::vector<std::string> files;
    CHECK(notPrivate(folder, &files) == std::vector<std::string>{});
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"hub.db", "hub.db-shm", "hub.db-wal"});

    SECTION("a database that exists keeps its mode and its content") {
        *db = sql::Database{};
        REQUIRE(::chmod((folder / "hub.db").c_str(), 0640) == 0);
        auto again = sql::Database::open(folder / "hub.db", sql::OpenMode::ReadWriteCreate);
        REQUIRE(again.ok());
        CHECK(*again->queryInt("SELECT x FROM t") == 1);
        CHECK(octal(modeOf(folder / "hub.db")) == "0640");
    }
    SECTION("no database is made in a folder that does not exist") {
        auto missing = sql::Database::open(folder / "no-such" / "hub.db", sql::OpenMode::ReadWriteCreate);
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().code == ErrorCode::NotFound);
    }
}
