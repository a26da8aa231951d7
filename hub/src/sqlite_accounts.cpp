// The officers' tables of the hub's SQLite store (schema version 3,
// sqlite_schema.cpp). Every change is made in one transaction with its audit
// entry, so the log never misses an action that was stored.

#include "sqlite_accounts.hpp"

namespace fangsiang::hub {

namespace sql = core::sql;
using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kOfficerColumns =
    "SELECT id, username, display_name, role, office, coalesce(unit, ''), disabled_at, created_at FROM officers";

Officer officerFromRow(const sql::Statement& s) {
    Officer o;
    o.id = s.columnInt(0);
    o.username = s.columnText(1);
    o.displayName = s.columnText(2);
    o.role = roleFromName(s.columnText(3)).value_or(Role::Viewer);  // the CHECK allows only the four
    o.officeCode = s.columnText(4);
    o.unitCode = s.columnText(5);
    if (!s.columnIsNull(6))
        o.disabledAtMs = s.columnInt(6);
    o.createdAtMs = s.columnInt(7);
    return o;
}

Unit unitFromRow(const sql::Statement& s) { return Unit{s.columnText(0), s.columnText(1), s.columnText(2), s.columnText(3)}; }

core::Hash hashFrom(core::ByteView blob) {
    core::Hash hash{};
    if (blob.size() == hash.size())
        std::copy(blob.begin(), blob.end(), hash.begin());
    return hash;
}

// The unit column: NULL for an officer of no unit (the foreign key then
// asks nothing).
void bindUnit(sql::Statement& stmt, int index, const std::string& unit) {
    if (unit.empty())
        stmt.bindNull(index);
    else
        stmt.bind(index, std::string_view(unit));
}

}  // namespace

template <typename Change>
core::Status SqliteAccounts::audited(const AuditEntry& audit, Change&& change) {
    auto tx = TRY(sql::Transaction::begin(m_db));
    TRY(change());
    if (!audit.action.empty())
        TRY(appendAudit(audit));
    return tx.commit();
}

core::Result<std::vector<Office>> SqliteAccounts::listOffices() {
    auto stmt = TRY(m_db.prepare("SELECT code, name, name_en FROM offices ORDER BY code"));
    return stmt.collect<Office>([](const sql::Statement& s) { return Office{s.columnText(0), s.columnText(1), s.columnText(2)}; });
}

core::Status SqliteAccounts::addUnit(const Unit& unit, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        auto office = TRY(m_db.query("SELECT 1 FROM offices WHERE code = ?1", std::string_view(unit.officeCode)));
        if (!TRY(office.step()))
            return makeError(ErrorCode::NotFound, "office " + unit.officeCode + " is not on this hub");
        office.reset();
        if (TRY(findUnit(unit.officeCode, unit.code)))
            return makeError(ErrorCode::Duplicate,
                             "office " + unit.officeCode + " has a unit " + unit.code + " already");
        return m_db.run("INSERT INTO units(office, code, name_th, name_en) VALUES(?1, ?2, ?3, ?4)",
                        std::string_view(unit.officeCode), std::string_view(unit.code), std::string_view(unit.nameTh),
                        std::string_view(unit.nameEn));
    });
}

core::Result<std::vector<Unit>> SqliteAccounts::listUnits(const std::string& officeCode) {
    auto stmt = TRY(m_db.query("SELECT office, code, name_th, name_en FROM units WHERE ?1 = '' OR office = ?1 "
                               "ORDER BY office, code",
                               std::string_view(officeCode)));
    return stmt.collect<Unit>(unitFromRow);
}

core::Result<std::optional<Unit>> SqliteAccounts::findUnit(const std::string& officeCode, const std::string& code) {
    auto stmt = TRY(m_db.query("SELECT office, code, name_th, name_en FROM units WHERE office = ?1 AND code = ?2",
                               std::string_view(officeCode), std::string_view(code)));
    return stmt.optionalRow<Unit>(unitFromRow);
}

core::Result<std::int64_t> SqliteAccounts::addOfficer(const Officer& officer, const std::string& passwordHash,
                                                      const AuditEntry& audit) {
    std::int64_t id = 0;
    auto added = audited(audit, [&]() -> core::Status {
        if (TRY(findOfficer(officer.username)))
            return makeError(ErrorCode::Duplicate, "there is an officer " + officer.username + " already");
        auto insert = TRY(m_db.query("INSERT INTO officers(username, display_name, role, office, unit, password_hash, "
                                     "created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                     std::string_view(officer.username), std::string_view(officer.displayName),
                                     roleName(officer.role), std::string_view(officer.officeCode),
                                     std::string_view(officer.unitCode), std::string_view(passwordHash),
                                     officer.createdAtMs));
        bindUnit(insert, 5, officer.unitCode);
        TRY(insert.run());
        id = TRY(m_db.queryInt("SELECT last_insert_rowid()"));
        return Ok{};
    });
    if (!added)
        return added.error();
    return id;
}

core::Result<std::optional<Officer>> SqliteAccounts::findOfficerWhere(std::string_view condition, std::string_view text,
                                                                      std::int64_t id) {
    auto stmt = TRY(m_db.prepare(std::string(kOfficerColumns) + " WHERE " + std::string(condition)));
    if (id != 0)
        stmt.bind(1, id);
    else
        stmt.bind(1, text);
    return stmt.optionalRow<Officer>(officerFromRow);
}

core::Result<std::optional<Officer>> SqliteAccounts::findOfficer(const std::string& username) {
    return findOfficerWhere("username = ?1", username, 0);
}

core::Result<std::optional<Officer>> SqliteAccounts::findOfficerById(std::int64_t id) {
    if (id == 0)
        return std::optional<Officer>{};
    return findOfficerWhere("id = ?1", {}, id);
}

core::Result<std::optional<std::string>> SqliteAccounts::passwordHashOf(std::int64_t officerId) {
    auto stmt = TRY(m_db.query("SELECT password_hash FROM officers WHERE id = ?1", officerId));
    return stmt.optionalRow<std::string>([](const sql::Statement& s) { return s.columnText(0); });
}

core::Result<std::vector<Officer>> SqliteAccounts::listOfficers(const std::string& officeCode) {
    auto stmt = TRY(m_db.query(std::string(kOfficerColumns) + " WHERE ?1 = '' OR office = ?1 ORDER BY username",
                               std::string_view(officeCode)));
    return stmt.collect<Officer>(officerFromRow);
}

core::Status SqliteAccounts::disableOfficer(std::int64_t officerId, std::int64_t nowMs, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        TRY(m_db.run("UPDATE officers SET disabled_at = coalesce(disabled_at, ?2) WHERE id = ?1", officerId, nowMs));
        return m_db.run("DELETE FROM sessions WHERE officer = ?1", officerId);
    });
}

core::Status SqliteAccounts::resetPassword(std::int64_t officerId, const std::string& passwordHash,
                                           const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        auto officer = TRY(findOfficerById(officerId));
        if (!officer)
            return makeError(ErrorCode::NotFound, "there is no such officer");
        TRY(m_db.run("UPDATE officers SET password_hash = ?2, disabled_at = NULL WHERE id = ?1", officerId,
                     std::string_view(passwordHash)));
        TRY(m_db.run("DELETE FROM sessions WHERE officer = ?1", officerId));
        TRY(m_db.run("DELETE FROM login_failures WHERE username = ?1", std::string_view(officer->username)));
        return m_db.run("DELETE FROM account_locks WHERE username = ?1", std::string_view(officer->username));
    });
}

core::Status SqliteAccounts::openSession(const SessionRow& session, const std::string& username,
                                         const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        TRY(m_db.run("INSERT INTO sessions(token_hash, officer, csrf, created_at, last_seen, address) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                     core::ByteView(session.tokenHash), session.userId, std::string_view(session.csrfToken),
                     session.createdAtMs, session.lastSeenMs, std::string_view(session.address)));
        return m_db.run("DELETE FROM login_failures WHERE username = ?1", std::string_view(username));
    });
}

core::Result<std::optional<SessionRow>> SqliteAccounts::findSession(const core::Hash& tokenHash) {
    auto stmt = TRY(m_db.query("SELECT token_hash, officer, csrf, created_at, last_seen, address FROM sessions "
                               "WHERE token_hash = ?1",
                               core::ByteView(tokenHash)));
    return stmt.optionalRow<SessionRow>([](const sql::Statement& s) {
        return SessionRow{hashFrom(s.columnBlob(0)), s.columnInt(1), s.columnText(2),
                          s.columnInt(3),            s.columnInt(4), s.columnText(5)};
    });
}

core::Result<std::uint64_t> SqliteAccounts::endExpiredSessions(std::int64_t idleBeforeMs, std::int64_t openedBeforeMs) {
    TRY(m_db.run("DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2", idleBeforeMs, openedBeforeMs));
    return static_cast<std::uint64_t>(m_db.changes());
}

core::Status SqliteAccounts::touchSession(const core::Hash& tokenHash, std::int64_t nowMs) {
    return m_db.run("UPDATE sessions SET last_seen = max(last_seen, ?2) WHERE token_hash = ?1", core::ByteView(tokenHash),
                    nowMs);
}

core::Status SqliteAccounts::closeSession(const core::Hash& tokenHash, const AuditEntry& audit) {
    return audited(audit,
                   [&] { return m_db.run("DELETE FROM sessions WHERE token_hash = ?1", core::ByteView(tokenHash)); });
}

core::Status SqliteAccounts::addLoginFailure(const std::string& username, const std::string& address,
                                             std::int64_t forgetBeforeMs, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        TRY(m_db.run("DELETE FROM login_failures WHERE at < ?1", forgetBeforeMs));
        TRY(m_db.run("DELETE FROM account_locks WHERE until < ?1", forgetBeforeMs));
        return m_db.run("INSERT INTO login_failures(username, address, at) VALUES(?1, ?2, ?3)",
                        std::string_view(username), std::string_view(address), audit.atMs);
    });
}

core::Result<std::uint64_t> SqliteAccounts::countLoginFailures(const LoginFailureQuery& query) {
    auto stmt = TRY(m_db.query("SELECT count(*) FROM login_failures WHERE at >= ?1 AND (?2 IS NULL OR username = ?2) "
                               "AND (?3 IS NULL OR address = ?3)",
                               query.sinceMs));
    if (query.username)
        stmt.bind(2, std::string_view(*query.username));
    else
        stmt.bindNull(2);
    if (query.address)
        stmt.bind(3, std::string_view(*query.address));
    else
        stmt.bindNull(3);
    TRY(stmt.step());
    return static_cast<std::uint64_t>(stmt.columnInt(0));
}

core::Status SqliteAccounts::lockAccount(const std::string& username, std::int64_t untilMs, const AuditEntry& audit) {
    return audited(audit, [&] {
        return m_db.run("INSERT INTO account_locks(username, until) VALUES(?1, ?2) "
                        "ON CONFLICT(username) DO UPDATE SET until = max(until, excluded.until)",
                        std::string_view(username), untilMs);
    });
}

core::Result<std::optional<std::int64_t>> SqliteAccounts::accountLockedUntil(const std::string& username) {
    auto stmt = TRY(m_db.query("SELECT until FROM account_locks WHERE username = ?1", std::string_view(username)));
    return stmt.optionalRow<std::int64_t>([](const sql::Statement& s) { return s.columnInt(0); });
}

core::Status SqliteAccounts::appendAudit(const AuditEntry& e) {
    return m_db.run("INSERT INTO audit(at, actor, office, action, subject, before, after, address) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    e.atMs, std::string_view(e.actor), std::string_view(e.officeCode), std::string_view(e.action),
                    std::string_view(e.subject), std::string_view(e.before), std::string_view(e.after),
                    std::string_view(e.address));
}

core::Result<std::vector<AuditEntry>> SqliteAccounts::listAudit(const AuditQuery& query) {
    auto stmt = TRY(m_db.query("SELECT id, at, actor, office, action, subject, before, after, address FROM audit "
                               "WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
                               query.beforeId.value_or(std::numeric_limits<std::int64_t>::max()),
                               static_cast<std::int64_t>(query.limit)));
    return stmt.collect<AuditEntry>([](const sql::Statement& s) {
        return AuditEntry{s.columnInt(0),  s.columnInt(1),  s.columnText(2), s.columnText(3), s.columnText(4),
                          s.columnText(5), s.columnText(6), s.columnText(7), s.columnText(8)};
    });
}

}  // namespace fangsiang::hub
