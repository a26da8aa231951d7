// The hub's SQLite backend. One connection guarded by a mutex: SQLite has a
// single writer anyway, and the expensive part of ingest (Ed25519
// verification) happens above this layer, in parallel, before the lock is
// taken. Other processes (the `fangsiang-hub enroll` command while `serve`
// runs) share the file through SQLite's own locking.

#include "hub/storage.hpp"
#include "open311_store.hpp"
#include "sqlite_reports.hpp"
#include "sqlite_schema.hpp"
#include "sqlite_cases.hpp"
#include "sqlite_webhooks.hpp"

#include "core/sqlite.hpp"
#include "core/ticket.hpp"

#include <array>
#include <cstdio>
#include <mutex>
#include <set>
#include <system_error>

namespace fangsiang::hub::schema {

namespace fs = std::filesystem;
namespace sql = core::sql;
using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE offices (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;
CREATE TABLE enrolment_codes (
    code_hash  BLOB PRIMARY KEY,       -- BLAKE2b of the normalised code: the code itself is never stored
    office     TEXT NOT NULL REFERENCES offices(code),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    BLOB
) STRICT;
CREATE TABLE devices (
    key          BLOB PRIMARY KEY CHECK (length(key) = 32),
    office       TEXT NOT NULL REFERENCES offices(code),
    number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 9999),
    label        TEXT NOT NULL DEFAULT '',
    enrolled_at  INTEGER NOT NULL,
    revoked_at   INTEGER,
    head_seq     INTEGER NOT NULL DEFAULT 0,
    head_hash    BLOB NOT NULL,
    last_push_at INTEGER NOT NULL DEFAULT 0,
    UNIQUE (office, number)
) STRICT;
CREATE TABLE records (
    device      BLOB NOT NULL REFERENCES devices(key),
    seq         INTEGER NOT NULL,
    kind        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER records_immutable BEFORE UPDATE ON records
    BEGIN SELECT RAISE(ABORT, 'a record at the hub is never changed'); END;
CREATE TRIGGER records_kept BEFORE DELETE ON records
    BEGIN SELECT RAISE(ABORT, 'a record at the hub is never deleted'); END;
CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY,
    device      BLOB NOT NULL,
    seq         INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;
CREATE TABLE incidents (
    id     INTEGER PRIMARY KEY,
    device BLOB NOT NULL,
    kind   TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    detail TEXT NOT NULL,
    at     INTEGER NOT NULL
) STRICT;
CREATE TABLE bundles (
    version      INTEGER PRIMARY KEY,
    envelope     TEXT NOT NULL,
    published_at INTEGER NOT NULL
) STRICT;
CREATE TABLE tickets (
    id         TEXT PRIMARY KEY,
    device     BLOB NOT NULL,
    seq        INTEGER NOT NULL,
    office     TEXT NOT NULL,
    status     TEXT NOT NULL,
    reply      TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE ticket_updates (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket TEXT NOT NULL REFERENCES tickets(id),
    office TEXT NOT NULL,
    status TEXT NOT NULL,
    reply  TEXT NOT NULL,
    at     INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_updates_by_office ON ticket_updates(office, id);
)sql";

// Version 1 -> 2. Tickets opened before it get their record's creation time
// when it was plausible (from 2024-01-01, at most 10 minutes after the hub
// received it), else the receive time: the same rule ingest applies now.
constexpr const char* kMigrateV1ToV2 = R"sql(
ALTER TABLE tickets ADD COLUMN filed_at INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET filed_at = coalesce(
    (SELECT CASE WHEN r.created_at < 1704067200000 OR r.created_at > r.received_at + 600000
                 THEN r.received_at ELSE r.created_at END
       FROM records r WHERE r.device = tickets.device AND r.seq = tickets.seq),
    updated_at);
CREATE INDEX incidents_by_device ON incidents(device, kind, at);
)sql";

// Version 2 -> 3: the officers. Offices get their English name; units,
// officer accounts, sessions, failed sign-ins and locks, and the audit log,
// which its triggers keep append-only as the records' keep them unchanged.
constexpr const char* kMigrateV2ToV3 = R"sql(
ALTER TABLE offices ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
CREATE TABLE units (
    office  TEXT NOT NULL REFERENCES offices(code),
    code    TEXT NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (office, code)
) STRICT, WITHOUT ROWID;
CREATE TABLE officers (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'officer', 'viewer')),
    office        TEXT NOT NULL REFERENCES offices(code),
    unit          TEXT,
    password_hash TEXT NOT NULL,              -- Argon2id string: the password itself is never stored
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER,
    FOREIGN KEY (office, unit) REFERENCES units(office, code)
) STRICT;
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),  -- BLAKE2b of the cookie's token
    officer    INTEGER NOT NULL REFERENCES officers(id),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    address    TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_officer ON sessions(officer);
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_username ON login_failures(username, at);
CREATE INDEX login_failures_by_address ON login_failures(address, at);
CREATE TABLE account_locks (
    username TEXT PRIMARY KEY,
    until    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    office  TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    before  TEXT NOT NULL,
    after   TEXT NOT NULL,
    address TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_unchanged BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'an entry of the audit log is never changed'); END;
CREATE TRIGGER audit_kept BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'an entry of the audit log is never deleted'); END;
)sql";

// What each schema version must hold: a store missing any of these has been
// damaged or tampered with (the triggers are what keep records immutable).
struct Required {
    const char* name;
    std::int64_t since;  // the schema version that added it
};
constexpr std::array<Required, 20> kRequiredTables = {{{"offices", 1},
                                                       {"enrolment_codes", 1},
                                                       {"devices", 1},
                                                       {"records", 1},
                                                       {"conflicts", 1},
                                                       {"incidents", 1},
                                                       {"bundles", 1},
                                                       {"tickets", 1},
                                                       {"ticket_updates", 1},
                                                       {"units", 3},
                                                       {"officers", 3},
                                                       {"sessions", 3},
                                                       {"login_failures", 3},
                                                       {"account_locks", 3},
                                                       {"audit", 3},
                                                       {"cases", 4},
                                                       {"case_text", 4},
                                                       {"case_events", 4},
                                                       {"case_policies", 4},
                                                       {"reply_templates", 4}}};
constexpr std::array<Required, 7> kRequiredTriggers = {{{"records_immutable", 1},
                                                         {"records_kept", 1},
                                                         {"audit_unchanged", 3},
                                                         {"audit_kept", 3},
                                                         {"cases_text_kept", 4},
                                                         {"case_events_unchanged", 4},
                                                         {"case_events_kept", 4}}};

constexpr const char* kRestoreAdvice =
    "Stop the hub and restore hub.db from the latest backup (run `fangsiang-hub check` on the restored copy); "
    "nothing was changed";

}  // namespace

// Runs the schema changes from `from` up to kHubSchemaVersion in the caller's
// transaction.
core::Status migrateFrom(sql::Database& db, std::int64_t from) {
    if (from < 2)
        TRY(db.exec(kMigrateV1ToV2));
    if (from < 3)
        TRY(db.exec(kMigrateV2ToV3));
    if (from < 4)
        TRY(migrateCasesToV4(db));
    if (from < 5)
        TRY(reports::migrate(db));  // the survey aggregates, counted from the records stored
    else if (from < 6)
        TRY(reports::migrateToV6(db));
    if (from < 7)
        TRY(migrateWebhooksToV7(db));
    if (from < open311_store::kSqliteSince)
        TRY(open311_store::migrateSqlite(db));  // the Open311 partners' keys and requests
    if (from < 9)
        TRY(reports::migrateToV9(db));  // the ranking's rows, kept by triggers
    return db.exec("PRAGMA user_version = " + std::to_string(kHubSchemaVersion));
}

// Connection settings, none of which writes to the file.
core::Status configure(sql::Database& db) {
    TRY(db.exec("PRAGMA trusted_schema = OFF"));
    TRY(db.exec("PRAGMA foreign_keys = ON"));
    return Ok{};
}

// WAL, and FULL sync: a batch is acknowledged only after COMMIT returns, and
// FULL makes COMMIT mean "on disk" in WAL mode too.
core::Status useWal(sql::Database& db, const fs::path& path) {
    auto mode = TRY(db.prepare("PRAGMA journal_mode = WAL"));
    TRY(mode.step());
    if (mode.columnText(0) != "wal")
        return makeError(ErrorCode::Io, "the hub store " + path.string() + " could not switch to WAL mode");
    mode.reset();
    return db.exec("PRAGMA synchronous = FULL");
}

core::Error damaged(const fs::path& path, const std::string& what) {
    return makeError(ErrorCode::Corrupt, "the hub store " + path.string() + " " + what + ". " + kRestoreAdvice + ".");
}

// The file itself, before SQLite sees it: there, not empty, a SQLite file.
core::Status checkFile(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status))
        return makeError(ErrorCode::NotFound,
                         "the hub store " + path.string() +
                             " does not exist. If this hub has been in use, restore hub.db from the latest backup; "
                             "only `fangsiang-hub init` makes a new hub, and the hub never starts over with an "
                             "empty store on its own");
    if (!fs::is_regular_file(status))
        return damaged(path, "is not a regular file");
    const auto size = fs::file_size(path, ec);
    if (ec)
        return makeError(ErrorCode::Io, "cannot read the size of " + path.string() + ": " + ec.message());
    if (size == 0)
        return damaged(path, "is empty (0 bytes): the hub's records, devices and tickets are not in it, and the hub "
                             "does not start over with an empty store");
    std::array<char, 16> header{};
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
        return makeError(ErrorCode::Io, "cannot open " + path.string());
    const std::size_t got = std::fread(header.data(), 1, header.size(), f);
    std::fclose(f);
    if (got != header.size() || std::string_view(header.data(), header.size()) != std::string_view("SQLite format 3\0", 16))
        return damaged(path, "is not a SQLite database (its first bytes are wrong: damaged or overwritten)");
    return Ok{};
}

// SQLite's own check, the store's identity, its version and its tables. Any
// error SQLite gives on the way (SQLITE_CORRUPT, SQLITE_NOTADB) is damage.
core::Result<std::int64_t> checkStructure(sql::Database& db, const fs::path& path) {
    auto asDamage = [&](const core::Error& e) { return damaged(path, "cannot be read (" + e.message + ")"); };
    auto check = db.prepare("PRAGMA quick_check(5)");
    if (!check)
        return asDamage(check.error());
    std::vector<std::string> problems;
    for (;;) {
        auto row = check->step();
        if (!row)
            return asDamage(row.error());
        if (!*row)
            break;
        problems.push_back(check->columnText(0));
    }
    if (problems.size() != 1 || problems[0] != "ok") {
        std::string text;
        for (const auto& p : problems)
            text += (text.empty() ? "" : "; ") + p;
        return damaged(path, "fails SQLite's integrity check (" + text + ")");
    }
    auto appId = db.queryInt("PRAGMA application_id");
    auto version = db.queryInt("PRAGMA user_version");
    if (!appId)
        return asDamage(appId.error());
    if (!version)
        return asDamage(version.error());
    if (*appId == 0 && *version == 0)
        return damaged(path, "is an empty database, not a hub store (if `fangsiang-hub init` was interrupted on a "
                             "hub never used, delete the hub's folder and run it again)");
    if (*appId != kHubApplicationId)
        return damaged(path, "is another program's database, not a Fangsiang hub store");
    if (*version > kHubSchemaVersion)
        return makeError(ErrorCode::UnknownVersion, "the hub store " + path.string() + " was made by a newer hub "
                                                    "(schema " + std::to_string(*version) + ", this build reads up to " +
                                                    std::to_string(kHubSchemaVersion) +
                                                    "); run that hub's build, nothing was changed");
    if (*version < 1)
        return damaged(path, "has an impossible schema version " + std::to_string(*version));
    auto names = db.prepare("SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'trigger')");
    if (!names)
        return asDamage(names.error());
    std::set<std::string> tables, triggers;
    for (;;) {
        auto row = names->step();
        if (!row)
            return asDamage(row.error());
        if (!*row)
            break;
        (names->columnText(0) == "table" ? tables : triggers).insert(names->columnText(1));
    }
    for (const Required& t : kRequiredTables)
        if (*version >= t.since && !tables.count(t.name))
            return damaged(path, std::string("has lost its table \"") + t.name + "\"");
    for (const char* table : reports::kReportTables)
        if (*version >= 5 && !tables.count(table))
            return damaged(path, std::string("has lost its table \"") + table + "\"");
    for (const char* table : reports::kTermTables)
        if (*version >= 6 && !tables.count(table))
            return damaged(path, std::string("has lost its table \"") + table + "\"");
    for (const char* table : webhook_rows::kTables)
        if (*version >= 7 && !tables.count(table))
            return damaged(path, std::string("has lost its table \"") + table + "\"");
    for (const char* table : open311_store::kTables)
        if (*version >= open311_store::kSqliteSince && !tables.count(table))
            return damaged(path, std::string("has lost its table \"") + table + "\"");
    for (const char* table : reports::kRankingTables)
        if (*version >= 9 && !tables.count(table))
            return damaged(path, std::string("has lost its table \"") + table + "\"");
    for (const char* trigger : reports::kRankingTriggers)
        if (*version >= 9 && !triggers.count(trigger))
            return damaged(path, std::string("has lost its trigger \"") + trigger +
                                     "\" that keeps the ranking's counts");
    for (const Required& t : kRequiredTriggers)
        if (*version >= t.since && !triggers.count(t.name))
            return damaged(path, std::string("has lost its trigger \"") + t.name + "\" that keeps " +
                                     (std::string_view(t.name).starts_with("audit") ? "the audit log" : "records") +
                                     " unchanged");
    return *version;
}


core::Status createSchema(sql::Database& db) {
    TRY(db.exec(kSchemaV1));
    TRY(db.exec("PRAGMA application_id = " + std::to_string(kHubApplicationId)));
    return migrateFrom(db, 1);
}

}  // namespace fangsiang::hub::schema
