#pragma once
// The Open311 tables of the hub's two stores (hub/open311.hpp): what they
// share (the request list's SQL, the rows' columns) and how each store makes
// its Open311Store and its tables. Private to hub/src.

#include "hub/open311.hpp"
#include "store_lock.hpp"

#include "core/sqlite.hpp"

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace fangsiang::hub {

namespace pg {
class Connection;
class Pool;
}  // namespace pg
namespace reports {
class SqliteReports;
}  // namespace reports

namespace open311_store {

using Value = std::variant<std::int64_t, std::string>;

// GET requests as SQL: "?N" placeholders for SQLite, "$N" for PostgreSQL;
// the values to bind in `values`, in order. Its columns are kColumns'.
[[nodiscard]] std::string requestsSql(const Open311Query& query, bool postgres, std::vector<Value>& values);

// The latitude or longitude kept as whole millionths of a degree (both
// stores read whole numbers exactly; 0.000001 degree is about 11 cm).
[[nodiscard]] std::int64_t microDegrees(double degrees);
[[nodiscard]] double degreesOf(std::int64_t micro);

// The tables Open311 adds (schema 7 on SQLite: checked at open from then on).
inline constexpr const char* kTables[] = {"open311_keys", "open311_requests"};
inline constexpr std::int64_t kSqliteSince = 8;

// Schema 7 -> 8 on SQLite, 5 -> 6 on PostgreSQL: the partners' keys and the
// requests filed through Open311.
[[nodiscard]] core::Status migrateSqlite(core::sql::Database& db);
[[nodiscard]] core::Status migratePostgres(pg::Connection& conn);

// Each store's Open311Store, on its own connection (and lock). A filed
// request's text is counted in the term counts as a kiosk's complaint is
// (SQLite: through the store's `reports`, in the filing's transaction).
[[nodiscard]] std::unique_ptr<Open311Store> sqliteStore(StoreLock& lock, core::sql::Database& db,
                                                        reports::SqliteReports& reports);
[[nodiscard]] std::unique_ptr<Open311Store> postgresStore(pg::Pool& pool);

// What a filing's audit entry says after.
[[nodiscard]] std::string auditAfter(const Open311Filing& filing, const std::string& ticket);

}  // namespace open311_store
}  // namespace fangsiang::hub
