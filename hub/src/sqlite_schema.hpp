#pragma once
// The hub's SQLite store on disk: its schema and migrations, and the checks
// made each time it is opened (docs/PROTOCOL.md, "The hub's store"). Private
// to hub/src; the storage itself is in sqlite_storage.cpp.

#include "core/result.hpp"
#include "core/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace fangsiang::hub::schema {

inline constexpr std::int64_t kHubApplicationId = 0x46534831;  // "FSH1"
// 1: the first store. 2: tickets.filed_at (the impossible-time rule) and an
// index for counting a device's incidents. 3: offices' English names, units,
// officers, sessions, sign-in failures and the audit log. 4: cases and their
// events (sqlite_cases.cpp). 5: the survey aggregates (sqlite_reports.cpp).
// 6: the heat map keeps the five faces of an hour in one row. 7: webhooks,
// their outbox of deliveries and the attempts (sqlite_webhooks.cpp). 8: Open311
// partners' keys and the requests they filed (open311_store.cpp). 9: the
// ranking's rows of every office, kept by triggers (sqlite_reports.cpp).
inline constexpr int kHubSchemaVersion = 9;

// A fresh store's tables, at the current version, in the caller's transaction.
[[nodiscard]] core::Status createSchema(core::sql::Database& db);
[[nodiscard]] core::Status migrateFrom(core::sql::Database& db, std::int64_t from);
// Connection settings every open makes.
[[nodiscard]] core::Status configure(core::sql::Database& db);
[[nodiscard]] core::Status useWal(core::sql::Database& db, const std::filesystem::path& path);
// The file is there, not empty, and an SQLite database; nothing is written.
[[nodiscard]] core::Status checkFile(const std::filesystem::path& path);
// Quick check, application id, version, tables and triggers; the version.
[[nodiscard]] core::Result<std::int64_t> checkStructure(core::sql::Database& db, const std::filesystem::path& path);
// "<path> is damaged: <what>", with the advice to restore it.
[[nodiscard]] core::Error damaged(const std::filesystem::path& path, const std::string& what);

}  // namespace fangsiang::hub::schema
