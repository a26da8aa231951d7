#pragma once
// The hub's PostgreSQL schema, its versions and migrations (pg_schema.cpp).
// Private to hub/src; the storage itself is in pg_storage.cpp.
//
// The version is kept in the table fangsiang_hub (one row: application,
// version). A database without it is not a hub store; a newer version is
// refused; an older one is migrated forward in one transaction, under a lock
// on that table so two hubs starting at once cannot both migrate.

#include "pg_connection.hpp"

#include <cstdint>

namespace fangsiang::hub::pg {

// 1: offices, enrolment, devices, records, conflicts, incidents, content,
// tickets. 2: units, officers, sessions, sign-in failures, the audit log.
// 3: cases, their timeline (trigram-indexed text), policies and templates.
// 4: the survey aggregates and the offices' report targets. 5: webhooks,
// their outbox of deliveries and the attempts (pg_webhooks.cpp). 6: Open311 partners'
// keys and the requests they filed (open311_store.cpp). 7: the ranking's rows
// of every office, kept by triggers (pg_reports.cpp).
inline constexpr std::int64_t kPgSchemaVersion = 7;
inline constexpr const char* kPgApplication = "fangsiang-hub";

// Makes the tables of versions 1..`upTo` in an empty database, in one
// transaction. `upTo` below the current version makes an old store (tests).
[[nodiscard]] core::Status createPgSchema(Connection& conn, std::int64_t upTo = kPgSchemaVersion);
// Checks the store's identity and version and migrates an older one; the
// version found. `where` names the database in messages (no password).
[[nodiscard]] core::Result<std::int64_t> openPgSchema(Connection& conn, const std::string& where);

}  // namespace fangsiang::hub::pg
