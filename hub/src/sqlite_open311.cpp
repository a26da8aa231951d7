// The Open311 tables of the hub's SQLite store (open311_store.hpp): the
// partners' keys and one row per request filed through Open311 beside its
// case, which is a case like any other (the officers' inbox, the workflow,
// the reports' counts) with no device behind it.

#include "open311_store.hpp"
#include "sqlite_accounts.hpp"
#include "sqlite_cases.hpp"
#include "sqlite_reports.hpp"

#include "core/ticket.hpp"

namespace fangsiang::hub::open311_store {

namespace sql = core::sql;
using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kSqliteTables = R"sql(
CREATE TABLE open311_keys (
    id         INTEGER PRIMARY KEY,
    key_hash   BLOB NOT NULL UNIQUE CHECK (length(key_hash) = 32),  -- BLAKE2b of the key: the key itself is never stored
    office     TEXT NOT NULL REFERENCES offices(code),
    partner    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
CREATE TABLE open311_requests (
    ticket     TEXT PRIMARY KEY REFERENCES cases(ticket),
    office     TEXT NOT NULL,
    seq        INTEGER NOT NULL,             -- the office's Open311 number: the ticket's complaint part
    partner    TEXT NOT NULL,
    key_id     INTEGER NOT NULL REFERENCES open311_keys(id),
    token      TEXT NOT NULL UNIQUE,
    lat_e6     INTEGER,                      -- millionths of a degree; NULL when no point was given
    lon_e6     INTEGER,
    address    TEXT NOT NULL,
    address_id TEXT NOT NULL,
    media_url  TEXT NOT NULL,
    contact    BLOB,                         -- sealed to the hub's box key; NULL when none was given
    filed_at   INTEGER NOT NULL,
    UNIQUE (office, seq)
) STRICT;
CREATE TRIGGER open311_requests_unchanged BEFORE UPDATE ON open311_requests
    BEGIN SELECT RAISE(ABORT, 'what a partner filed is never changed'); END;
CREATE TRIGGER open311_requests_kept BEFORE DELETE ON open311_requests
    BEGIN SELECT RAISE(ABORT, 'what a partner filed is never deleted'); END;
)sql";

PartnerKey keyFrom(const sql::Statement& s) {
    PartnerKey k;
    k.id = s.columnInt(0);
    k.officeCode = s.columnText(1);
    k.partner = s.columnText(2);
    k.createdAtMs = s.columnInt(3);
    if (!s.columnIsNull(4))
        k.revokedAtMs = s.columnInt(4);
    return k;
}

// The one number a query with arguments gives.
template <typename... Args>
core::Result<std::int64_t> numberOf(sql::Database& db, std::string_view text, const Args&... args) {
    auto stmt = TRY(db.query(text, args...));
    if (!TRY(stmt.step()))
        return makeError(ErrorCode::Internal, "a count gave no row");
    return stmt.columnInt(0);
}

constexpr const char* kKeyColumns = "SELECT id, office, partner, created_at, revoked_at FROM open311_keys";

Open311Case caseFrom(const sql::Statement& s) {
    Open311Case c;
    c.ticket = s.columnText(0);
    c.officeCode = s.columnText(1);
    c.state = sync::ticketStatusFromName(s.columnText(2)).value_or(CaseState::Received);
    c.category = s.columnText(3);
    c.text = s.columnText(4);
    c.hidden = s.columnInt(5) != 0;
    c.unit = s.columnText(6);
    c.reply = s.columnText(7);
    c.filedAtMs = s.columnInt(8);
    c.updatedAtMs = s.columnInt(9);
    c.dueAtMs = s.columnInt(10);
    c.viaOpen311 = !s.columnIsNull(11);
    if (!s.columnIsNull(12) && !s.columnIsNull(13)) {
        c.lat = degreesOf(s.columnInt(12));
        c.lon = degreesOf(s.columnInt(13));
    }
    c.address = s.columnText(14);
    c.addressId = s.columnText(15);
    c.mediaUrl = s.columnText(16);
    return c;
}

class SqliteOpen311 final : public Open311Store {
public:
    SqliteOpen311(StoreLock& lock, sql::Database& db, reports::SqliteReports& reports)
        : m_storeLock(lock), m_db(db), m_reports(reports) {}

    core::Result<std::int64_t> addKey(const core::Hash& keyHash, const std::string& officeCode,
                                      const std::string& partner, std::int64_t nowMs, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        auto tx = TRY(sql::Transaction::begin(m_db));
        if (TRY(numberOf(m_db, "SELECT count(*) FROM offices WHERE code = ?1", std::string_view(officeCode))) == 0)
            return makeError(ErrorCode::NotFound, "there is no office " + officeCode + " on this hub");
        TRY(m_db.run("INSERT INTO open311_keys(key_hash, office, partner, created_at) VALUES(?1, ?2, ?3, ?4)",
                     core::ByteView(keyHash), std::string_view(officeCode), std::string_view(partner), nowMs));
        const std::int64_t id = TRY(m_db.queryInt("SELECT last_insert_rowid()"));
        AuditEntry a = audit;
        a.subject = "open311-key/" + std::to_string(id);
        TRY(SqliteAccounts(m_db).appendAudit(a));
        TRY(tx.commit());
        return id;
    }

    core::Result<std::optional<PartnerKey>> findKey(const core::Hash& keyHash) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.query(std::string(kKeyColumns) + " WHERE key_hash = ?1", core::ByteView(keyHash)));
        return stmt.optionalRow<PartnerKey>(keyFrom);
    }

    core::Result<std::vector<PartnerKey>> listKeys() override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.query(std::string(kKeyColumns) + " ORDER BY id"));
        return stmt.collect<PartnerKey>(keyFrom);
    }

    core::Result<bool> revokeKey(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        auto tx = TRY(sql::Transaction::begin(m_db));
        TRY(m_db.run("UPDATE open311_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", id, nowMs));
        if (m_db.changes() == 0)
            return false;
        TRY(SqliteAccounts(m_db).appendAudit(audit));
        TRY(tx.commit());
        return true;
    }

    core::Result<std::string> file(const Open311Filing& f) override {
        std::lock_guard lock(m_storeLock);
        auto tx = TRY(sql::Transaction::begin(m_db));
        const std::int64_t seq = TRY(numberOf(
            m_db, "SELECT coalesce(max(seq), 0) + 1 FROM open311_requests WHERE office = ?1", std::string_view(f.officeCode)));
        const std::string ticket = core::Ticket{f.officeCode, 0, static_cast<std::uint64_t>(seq)}.text();
        const core::ByteView device(kOpen311Device);
        TRY(m_db.run("INSERT INTO tickets(id, device, seq, office, status, reply, updated_at, filed_at) "
                     "VALUES(?1, ?2, ?3, ?4, 'received', '', ?5, ?5)",
                     std::string_view(ticket), device, seq, std::string_view(f.officeCode), f.atMs));
        TRY(m_db.run("INSERT INTO ticket_updates(ticket, office, status, reply, at) VALUES(?1, ?2, 'received', '', ?3)",
                     std::string_view(ticket), std::string_view(f.officeCode), f.atMs));
        const CasePolicy policy = TRY(SqliteCases(m_db).policyOf(f.officeCode));
        const CaseDue due = dueFor(policy, f.category, f.atMs);
        const bool contact = !f.sealedContact.empty();
        TRY(m_db.run("INSERT INTO cases(ticket, office, device, seq, state, category, village, landmark, text, "
                     "anonymous, has_contact, filed_at, received_at, updated_at, target_at, reply_by, due_at) "
                     "VALUES(?1, ?2, ?3, ?4, 'received', ?5, '', '', ?6, ?7, ?8, ?9, ?9, ?9, ?10, ?11, ?12)",
                     std::string_view(ticket), std::string_view(f.officeCode), device, seq,
                     std::string_view(f.category), std::string_view(f.text), static_cast<std::int64_t>(!contact),
                     static_cast<std::int64_t>(contact), f.atMs, due.targetMs, due.replyByMs, due.dueMs()));
        TRY(m_db.run("INSERT INTO case_text(rowid, text) VALUES(last_insert_rowid(), ?1)", std::string_view(f.text)));
        // What citizens talk about counts it as a kiosk's complaint (and an
        // officer hiding it later takes out what was counted here).
        TRY(m_reports.recountComplaint(f.officeCode, f.category, f.atMs, f.text, 1));
        TRY(m_db.run("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, officer, text, "
                     "internal) VALUES(?1, ?2, '', 'filed', '', 'received', '', '', ?3, 1)",
                     std::string_view(ticket), f.atMs, std::string_view("Open311: " + f.partner)));
        auto insert = TRY(m_db.prepare(
            "INSERT INTO open311_requests(ticket, office, seq, partner, key_id, token, lat_e6, lon_e6, address, "
            "address_id, media_url, contact, filed_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
        insert.bind(1, std::string_view(ticket)).bind(2, std::string_view(f.officeCode)).bind(3, seq);
        insert.bind(4, std::string_view(f.partner)).bind(5, f.keyId).bind(6, std::string_view(f.token));
        if (f.lat && f.lon)
            insert.bind(7, microDegrees(*f.lat)).bind(8, microDegrees(*f.lon));
        else
            insert.bindNull(7).bindNull(8);
        insert.bind(9, std::string_view(f.address)).bind(10, std::string_view(f.addressId));
        insert.bind(11, std::string_view(f.mediaUrl));
        if (contact)
            insert.bind(12, core::ByteView(f.sealedContact));
        else
            insert.bindNull(12);
        insert.bind(13, f.atMs);
        TRY(insert.run());
        AuditEntry audit;
        audit.atMs = f.atMs;
        audit.actor = "open311:" + f.partner;
        audit.officeCode = f.officeCode;
        audit.action = "open311-request";
        audit.subject = ticket;
        audit.before = "{}";
        audit.after = auditAfter(f, ticket);
        TRY(SqliteAccounts(m_db).appendAudit(audit));
        TRY(tx.commit());
        return ticket;
    }

    core::Result<std::optional<std::string>> ticketOfToken(const std::string& token) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.query("SELECT ticket FROM open311_requests WHERE token = ?1", std::string_view(token)));
        return stmt.optionalRow<std::string>([](const sql::Statement& s) { return s.columnText(0); });
    }

    core::Result<std::optional<core::Bytes>> sealedContact(const std::string& ticket) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.query("SELECT contact FROM open311_requests WHERE ticket = ?1 AND contact IS NOT NULL",
                                   std::string_view(ticket)));
        return stmt.optionalRow<core::Bytes>([](const sql::Statement& s) {
            const auto blob = s.columnBlob(0);
            return core::Bytes(blob.begin(), blob.end());
        });
    }

    core::Result<std::vector<Open311Case>> requests(const Open311Query& query) override {
        std::vector<Value> values;
        const std::string text = requestsSql(query, false, values);
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.prepare(text));
        int i = 1;
        for (const auto& v : values) {
            if (std::holds_alternative<std::int64_t>(v))
                stmt.bind(i++, std::get<std::int64_t>(v));
            else
                stmt.bind(i++, std::string_view(std::get<std::string>(v)));
        }
        return stmt.collect<Open311Case>(caseFrom);
    }

private:
    StoreLock& m_storeLock;
    sql::Database& m_db;
    reports::SqliteReports& m_reports;
};

}  // namespace

core::Status migrateSqlite(sql::Database& db) { return db.exec(kSqliteTables); }

std::unique_ptr<Open311Store> sqliteStore(StoreLock& lock, sql::Database& db, reports::SqliteReports& reports) {
    return std::make_unique<SqliteOpen311>(lock, db, reports);
}

}  // namespace fangsiang::hub::open311_store
