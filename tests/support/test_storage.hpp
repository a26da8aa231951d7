#pragma once
// The hub store every test makes and opens, on the backend the run asks
// for: SQLite (hub.db in the hub's folder) by default, or with
// FANGSIANG_TEST_BACKEND=postgresql a fresh database on the process's own
// PostgreSQL server (pg_server.hpp), named in the folder's database.url
// (mode 0600) as `fangsiang-hub init --db` leaves it, so the hub program
// started on that folder finds the same database.

#include "pg_server.hpp"
#include "test_support.hpp"

#include "hub/storage.hpp"

#include "core/files.hpp"
#include "core/sqlite.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace fangsiang::test {

inline constexpr const char* kDatabaseUrlFile = "database.url";

inline bool testingPostgres() {
    const char* backend = std::getenv("FANGSIANG_TEST_BACKEND");
    return backend != nullptr && std::string_view(backend) == "postgresql";
}

// Makes the store of the hub folder `dir`.
inline core::Result<std::unique_ptr<hub::HubStorage>> createTestStorage(const std::filesystem::path& dir) {
    if (!testingPostgres())
        return hub::createSqliteHubStorage(dir / "hub.db");
    const std::string url = PgServer::instance().freshDatabase();
    REQUIRE(core::writeFileAtomically(dir / kDatabaseUrlFile, core::asBytes(url + "\n"), 0600).ok());
    return hub::createPostgresHubStorage(url);
}

// The database URL of the hub folder `dir` (PostgreSQL runs only).
inline std::string testDatabaseUrl(const std::filesystem::path& dir) {
    std::string url = readAll(dir / kDatabaseUrlFile);
    while (!url.empty() && (url.back() == '\n' || url.back() == ' '))
        url.pop_back();
    return url;
}

// The database's name in a URL of PgServer::urlOf.
inline std::string databaseOf(const std::string& url) {
    const auto start = url.find(":///") + 4;
    return url.substr(start, url.find('?') - start);
}

// Opens the store of the hub folder `dir` again.
inline core::Result<std::unique_ptr<hub::HubStorage>> openTestStorage(const std::filesystem::path& dir) {
    if (!testingPostgres())
        return hub::openSqliteHubStorage(dir / "hub.db");
    return hub::openPostgresHubStorage(testDatabaseUrl(dir));
}

// The one number `sql` (a count) gives in the store of the hub folder `dir`,
// read beside the hub as an auditor would: the SQLite file, or psql.
inline std::int64_t queryStoreNumber(const std::filesystem::path& dir, const std::string& sql) {
    if (testingPostgres())
        return std::stoll(PgServer::instance().psql(databaseOf(testDatabaseUrl(dir)), sql));
    auto db = core::sql::Database::open(dir / "hub.db", core::sql::OpenMode::ReadOnly);
    REQUIRE(db.ok());
    auto n = db->queryInt(sql);
    REQUIRE(n.ok());
    return *n;
}

}  // namespace fangsiang::test
