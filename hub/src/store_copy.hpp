#pragma once
// The backends' halves of a backup (hub/backup.hpp): SQLite's online backup
// of an open store, and pg_dump / pg_restore of a PostgreSQL database. Private
// to hub/src.

#include "core/result.hpp"
#include "core/sqlite.hpp"

#include <filesystem>
#include <string>

namespace fangsiang::hub {

inline constexpr const char* kSqliteCopyFile = "hub.db";
inline constexpr const char* kPostgresDumpFile = "hub.pgdump";

// One consistent snapshot of `db` (SQLite's backup API, in one step, so
// writers in other connections and processes carry on meanwhile) as the new
// file `file`, 0600 and fsynced.
[[nodiscard]] core::Status copySqliteStore(core::sql::Database& db, const std::filesystem::path& file);

// pg_dump of the database `conninfo` names, in its custom format, as the new
// file `file` (0600, fsynced). A password in `conninfo` reaches pg_dump in
// its environment, never on its command line.
[[nodiscard]] core::Status dumpPostgres(const std::string& conninfo, const std::filesystem::path& file);

}  // namespace fangsiang::hub
