// The hub's PostgreSQL schema and its migrations (pg_schema.hpp). The tables
// follow the SQLite store's (sqlite_schema.cpp, sqlite_cases.cpp) column for
// column, with PostgreSQL's types: BIGINT for times in milliseconds and
// sequences, BYTEA for keys, hashes and record bytes, BOOLEAN for flags.
// What is append-only there is append-only here, by triggers that raise an
// error on UPDATE, DELETE and TRUNCATE.

#include "pg_schema.hpp"
#include "pg_cases.hpp"
#include "pg_reports.hpp"
#include "pg_webhooks.hpp"
#include "open311_store.hpp"

#include <array>
#include <functional>

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kVersion1 = R"sql(
CREATE TABLE fangsiang_hub (
    application TEXT NOT NULL,
    version     BIGINT NOT NULL
);
-- Refuses a change to a table kept append-only; its reason is the argument.
CREATE FUNCTION fangsiang_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$;
CREATE TABLE offices (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT ''
);
CREATE TABLE enrolment_codes (
    code_hash  BYTEA PRIMARY KEY,       -- BLAKE2b of the normalised code: the code itself is never stored
    office     TEXT NOT NULL REFERENCES offices(code),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    BYTEA
);
CREATE TABLE devices (
    key          BYTEA PRIMARY KEY CHECK (length(key) = 32),
    office       TEXT NOT NULL REFERENCES offices(code),
    number       BIGINT NOT NULL CHECK (number BETWEEN 1 AND 9999),
    label        TEXT NOT NULL DEFAULT '',
    enrolled_at  BIGINT NOT NULL,
    revoked_at   BIGINT,
    head_seq     BIGINT NOT NULL DEFAULT 0,
    head_hash    BYTEA NOT NULL,
    last_push_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (office, number)
);
CREATE TABLE records (
    device      BYTEA NOT NULL REFERENCES devices(key),
    seq         BIGINT NOT NULL,
    kind        BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    bytes       BYTEA NOT NULL,
    PRIMARY KEY (device, seq)
);
CREATE TRIGGER records_immutable BEFORE UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION fangsiang_refuse('a record at the hub is never changed or deleted');
CREATE TRIGGER records_kept BEFORE TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION fangsiang_refuse('a record at the hub is never deleted');
CREATE TABLE conflicts (
    id          BIGSERIAL PRIMARY KEY,
    device      BYTEA NOT NULL,
    seq         BIGINT NOT NULL,
    bytes       BYTEA NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE TABLE incidents (
    id     BIGSERIAL PRIMARY KEY,
    device BYTEA NOT NULL,
    kind   TEXT NOT NULL,
    seq    BIGINT NOT NULL,
    detail TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX incidents_by_device ON incidents(device, kind, at);
CREATE TABLE bundles (
    version      BIGINT PRIMARY KEY,
    envelope     TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    office       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE tickets (
    id         TEXT PRIMARY KEY,
    device     BYTEA NOT NULL,
    seq        BIGINT NOT NULL,
    office     TEXT NOT NULL,
    status     TEXT NOT NULL,
    reply      TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    filed_at   BIGINT NOT NULL
);
CREATE INDEX tickets_by_update ON tickets(updated_at DESC, id);
CREATE TABLE ticket_updates (
    id     BIGSERIAL PRIMARY KEY,
    ticket TEXT NOT NULL REFERENCES tickets(id),
    office TEXT NOT NULL,
    status TEXT NOT NULL,
    reply  TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX ticket_updates_by_office ON ticket_updates(office, id);
)sql";

constexpr const char* kVersion2 = R"sql(
CREATE TABLE units (
    office  TEXT NOT NULL REFERENCES offices(code),
    code    TEXT NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (office, code)
);
CREATE TABLE officers (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'officer', 'viewer')),
    office        TEXT NOT NULL REFERENCES offices(code),
    unit          TEXT,
    password_hash TEXT NOT NULL,              -- Argon2id string: the password itself is never stored
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT,
    FOREIGN KEY (office, unit) REFERENCES units(office, code)
);
CREATE TABLE sessions (
    token_hash BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),  -- BLAKE2b of the cookie's token
    officer    BIGINT NOT NULL REFERENCES officers(id),
    csrf       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    address    TEXT NOT NULL
);
CREATE INDEX sessions_by_officer ON sessions(officer);
CREATE TABLE login_failures (
    id       BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures(username, at);
CREATE INDEX login_failures_by_address ON login_failures(address, at);
CREATE TABLE account_locks (
    username TEXT PRIMARY KEY,
    until    BIGINT NOT NULL
);
CREATE TABLE audit (
    id      BIGSERIAL PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    office  TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    before  TEXT NOT NULL,
    after   TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE TRIGGER audit_unchanged BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION fangsiang_refuse('an entry of the audit log is never changed or deleted');
CREATE TRIGGER audit_kept BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION fangsiang_refuse('an entry of the audit log is never deleted');
)sql";

constexpr const char* kVersion3 = R"sql(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE cases (
    id             BIGSERIAL UNIQUE,        -- the order cases were opened in (SQLite's rowid)
    ticket         TEXT PRIMARY KEY REFERENCES tickets(id),
    office         TEXT NOT NULL,
    device         BYTEA NOT NULL,
    seq            BIGINT NOT NULL,
    state          TEXT NOT NULL,
    category       TEXT NOT NULL,
    village        TEXT NOT NULL,
    landmark       TEXT NOT NULL,
    text           TEXT NOT NULL,
    anonymous      BOOLEAN NOT NULL,
    has_contact    BOOLEAN NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    officer        TEXT NOT NULL DEFAULT '',
    reply          TEXT NOT NULL DEFAULT '',
    forwarded_to   TEXT NOT NULL DEFAULT '',
    duplicate_of   TEXT NOT NULL DEFAULT '',
    hidden         BOOLEAN NOT NULL DEFAULT false,
    hidden_reason  TEXT NOT NULL DEFAULT '',
    filed_at       BIGINT NOT NULL,
    received_at    BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    target_at      BIGINT NOT NULL,
    reply_by       BIGINT NOT NULL,
    due_at         BIGINT NOT NULL,
    accepted_at    BIGINT NOT NULL DEFAULT 0,
    first_reply_at BIGINT NOT NULL DEFAULT 0,
    outcome_at     BIGINT NOT NULL DEFAULT 0,
    resolved_at    BIGINT NOT NULL DEFAULT 0,
    closed_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX cases_by_office ON cases(office, filed_at);
CREATE INDEX cases_by_state ON cases(office, state, due_at);
CREATE INDEX cases_by_unit ON cases(office, unit, state, due_at);
CREATE INDEX cases_by_category ON cases(office, category, filed_at);
CREATE INDEX cases_by_village ON cases(office, village, filed_at);
CREATE INDEX cases_open_by_due ON cases(office, due_at) WHERE state IN ('received', 'accepted', 'in_progress');
-- Thai has no spaces between words: substring search by trigrams, as the
-- SQLite store's FTS5 trigram index does.
CREATE INDEX cases_text_trigrams ON cases USING gin (text gin_trgm_ops);
CREATE FUNCTION fangsiang_case_text_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text OR NEW.device IS DISTINCT FROM OLD.device
       OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.office IS DISTINCT FROM OLD.office
       OR NEW.filed_at IS DISTINCT FROM OLD.filed_at OR NEW.received_at IS DISTINCT FROM OLD.received_at THEN
        RAISE EXCEPTION 'what a complaint record says is never changed' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER cases_text_kept BEFORE UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION fangsiang_case_text_kept();
CREATE TRIGGER cases_kept BEFORE DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION fangsiang_refuse('a case is never deleted');
CREATE TABLE case_events (
    id         BIGSERIAL PRIMARY KEY,
    ticket     TEXT NOT NULL REFERENCES cases(ticket),
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    unit       TEXT NOT NULL,
    officer    TEXT NOT NULL,
    text       TEXT NOT NULL,
    internal   BOOLEAN NOT NULL
);
CREATE INDEX case_events_by_ticket ON case_events(ticket, id);
CREATE TRIGGER case_events_unchanged BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION fangsiang_refuse('a line of a case''s timeline is never changed or deleted');
CREATE TRIGGER case_events_kept BEFORE TRUNCATE ON case_events
    FOR EACH STATEMENT EXECUTE FUNCTION fangsiang_refuse('a line of a case''s timeline is never deleted');
CREATE TABLE case_policies (
    office     TEXT PRIMARY KEY,
    policy     TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE reply_templates (
    office   TEXT NOT NULL,
    category TEXT NOT NULL,
    state    TEXT NOT NULL,
    th       TEXT NOT NULL,
    en       TEXT NOT NULL,
    PRIMARY KEY (office, category, state)
);
)sql";

// Each version's step from the one before, in the caller's transaction.
using Step = std::function<core::Status(Connection&)>;
const std::array<Step, kPgSchemaVersion> kSteps = {
    [](Connection& c) { return c.script(kVersion1); },
    [](Connection& c) { return c.script(kVersion2); },
    [](Connection& c) -> core::Status {
        TRY(c.script(kVersion3));
        return openCasesOfTickets(c);  // a case for every ticket already held
    },
    [](Connection& c) { return migrateReports(c); },
    [](Connection& c) { return migrateWebhooks(c); },
    [](Connection& c) { return open311_store::migratePostgres(c); },  // the Open311 partners' keys and requests
    [](Connection& c) { return migrateRanking(c); },                  // the ranking's rows, kept by triggers
};

core::Status stepsFrom(Connection& conn, std::int64_t from, std::int64_t upTo) {
    for (std::int64_t v = from + 1; v <= upTo; ++v)
        TRY(kSteps[static_cast<std::size_t>(v - 1)](conn));
    return conn.run("UPDATE fangsiang_hub SET version = $1", {upTo});
}

}  // namespace

core::Status createPgSchema(Connection& conn, std::int64_t upTo) {
    return transaction(conn, [&]() -> core::Status {
        auto existing = TRY(conn.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() LIMIT 1"));
        if (!existing.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "the database has tables already; a hub store is made only in an empty database "
                             "(and never replaces one)");
        TRY(kSteps[0](conn));
        TRY(conn.run("INSERT INTO fangsiang_hub(application, version) VALUES($1, 1)",
                       {std::string_view(kPgApplication)}));
        return stepsFrom(conn, 1, upTo);
    });
}

core::Result<std::int64_t> openPgSchema(Connection& conn, const std::string& where) {
    std::int64_t found = 0;
    auto change = [&]() -> core::Status {
        auto table = TRY(conn.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND "
                                    "tablename = 'fangsiang_hub'"));
        if (table.empty())
            return makeError(ErrorCode::NotFound,
                             "the database " + where + " holds no hub store (run `fangsiang-hub init --db ...` "
                             "once to make one; if this hub has been in use, restore its database from the "
                             "latest backup)");
        // Held until COMMIT: a second hub opening meanwhile waits, then finds it migrated.
        TRY(conn.script("LOCK TABLE fangsiang_hub IN EXCLUSIVE MODE"));
        auto row = TRY(conn.query("SELECT application, version FROM fangsiang_hub"));
        if (row.size() != 1 || row.text(0, 0) != kPgApplication)
            return makeError(ErrorCode::Corrupt, "the database " + where + " is not a Fangsiang hub store");
        found = row.integer(0, 1);
        if (found > kPgSchemaVersion)
            return makeError(ErrorCode::UnknownVersion,
                             "the hub store in " + where + " was made by a newer hub (schema " +
                                 std::to_string(found) + ", this build reads up to " +
                                 std::to_string(kPgSchemaVersion) + "); run that hub's build, nothing was changed");
        if (found < 1)
            return makeError(ErrorCode::Corrupt, "the hub store in " + where + " has an impossible schema version " +
                                                     std::to_string(found));
        if (found < kPgSchemaVersion)
            TRY(stepsFrom(conn, found, kPgSchemaVersion));
        return Ok{};
    };
    TRY(transaction(conn, change));
    return found;
}

}  // namespace fangsiang::hub::pg
