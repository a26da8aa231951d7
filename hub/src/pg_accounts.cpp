// The officers' tables of the hub's PostgreSQL store (pg_accounts.hpp), the
// same statements as sqlite_accounts.cpp in PostgreSQL's dialect.

#include "pg_accounts.hpp"

#include <limits>

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kOfficerColumns =
    "SELECT id, username, display_name, role, office, coalesce(unit, ''), disabled_at, created_at FROM officers";

Officer officerFrom(const Rows& r, int i) {
    Officer o;
    o.id = r.integer(i, 0);
    o.username = r.text(i, 1);
    o.displayName = r.text(i, 2);
    o.role = roleFromName(r.text(i, 3)).value_or(Role::Viewer);  // the CHECK allows only the four
    o.officeCode = r.text(i, 4);
    o.unitCode = r.text(i, 5);
    if (!r.isNull(i, 6))
        o.disabledAtMs = r.integer(i, 6);
    o.createdAtMs = r.integer(i, 7);
    return o;
}

Unit unitFrom(const Rows& r, int i) { return Unit{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)}; }

core::Hash hashFrom(core::ByteView blob) {
    core::Hash hash{};
    if (blob.size() == hash.size())
        std::copy(blob.begin(), blob.end(), hash.begin());
    return hash;
}

// The unit column: NULL for an officer of no unit (the foreign key then asks nothing).
Param unitParam(const std::string& unit) {
    if (unit.empty())
        return Null{};
    return std::string_view(unit);
}

std::string_view sv(const std::string& s) { return s; }

}  // namespace

core::Status PgAccounts::audited(const AuditEntry& audit, const std::function<core::Status()>& change) {
    return transaction(m_conn, [&]() -> core::Status {
        TRY(change());
        if (!audit.action.empty())
            TRY(appendAudit(audit));
        return Ok{};
    });
}

core::Result<std::vector<Office>> PgAccounts::listOffices() {
    auto r = TRY(m_conn.query("SELECT code, name, name_en FROM offices ORDER BY code"));
    std::vector<Office> out;
    for (int i = 0; i < r.size(); ++i)
        out.push_back(Office{r.text(i, 0), r.text(i, 1), r.text(i, 2)});
    return out;
}

core::Status PgAccounts::addUnit(const Unit& unit, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        auto office = TRY(m_conn.query("SELECT 1 FROM offices WHERE code = $1", {sv(unit.officeCode)}));
        if (office.empty())
            return makeError(ErrorCode::NotFound, "office " + unit.officeCode + " is not on this hub");
        auto added = m_conn.run("INSERT INTO units(office, code, name_th, name_en) VALUES($1, $2, $3, $4)",
                                {sv(unit.officeCode), sv(unit.code), sv(unit.nameTh), sv(unit.nameEn)});
        if (!added && added.error().code == ErrorCode::Duplicate)
            return makeError(ErrorCode::Duplicate, "office " + unit.officeCode + " has a unit " + unit.code + " already");
        return added;
    });
}

core::Result<std::vector<Unit>> PgAccounts::listUnits(const std::string& officeCode) {
    auto r = TRY(m_conn.query("SELECT office, code, name_th, name_en FROM units WHERE $1 = '' OR office = $1 "
                              "ORDER BY office COLLATE \"C\", code COLLATE \"C\"",
                              {sv(officeCode)}));
    std::vector<Unit> out;
    for (int i = 0; i < r.size(); ++i)
        out.push_back(unitFrom(r, i));
    return out;
}

core::Result<std::optional<Unit>> PgAccounts::findUnit(const std::string& officeCode, const std::string& code) {
    auto r = TRY(m_conn.query("SELECT office, code, name_th, name_en FROM units WHERE office = $1 AND code = $2",
                              {sv(officeCode), sv(code)}));
    if (r.empty())
        return std::optional<Unit>{};
    return std::optional<Unit>(unitFrom(r, 0));
}

core::Result<std::int64_t> PgAccounts::addOfficer(const Officer& officer, const std::string& passwordHash,
                                                  const AuditEntry& audit) {
    std::int64_t id = 0;
    auto change = [&]() -> core::Status {
        auto r = m_conn.query("INSERT INTO officers(username, display_name, role, office, unit, password_hash, "
                              "created_at) VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                              {sv(officer.username), sv(officer.displayName), roleName(officer.role),
                               sv(officer.officeCode), unitParam(officer.unitCode), sv(passwordHash),
                               officer.createdAtMs});
        if (!r && r.error().code == ErrorCode::Duplicate)
            return makeError(ErrorCode::Duplicate, "there is an officer " + officer.username + " already");
        if (!r)
            return r.error();
        id = r->integer(0, 0);
        return Ok{};
    };
    TRY(audited(audit, change));
    return id;
}

core::Result<std::optional<Officer>> PgAccounts::findOfficerWhere(std::string_view condition, Param value) {
    auto r = TRY(m_conn.query(std::string(kOfficerColumns) + " WHERE " + std::string(condition), {value}));
    if (r.empty())
        return std::optional<Officer>{};
    return std::optional<Officer>(officerFrom(r, 0));
}

core::Result<std::optional<Officer>> PgAccounts::findOfficer(const std::string& username) {
    return findOfficerWhere("username = $1", sv(username));
}

core::Result<std::optional<Officer>> PgAccounts::findOfficerById(std::int64_t id) {
    if (id == 0)
        return std::optional<Officer>{};
    return findOfficerWhere("id = $1", id);
}

core::Result<std::optional<std::string>> PgAccounts::passwordHashOf(std::int64_t officerId) {
    auto r = TRY(m_conn.query("SELECT password_hash FROM officers WHERE id = $1", {officerId}));
    if (r.empty())
        return std::optional<std::string>{};
    return std::optional<std::string>(r.text(0, 0));
}

core::Result<std::vector<Officer>> PgAccounts::listOfficers(const std::string& officeCode) {
    auto r = TRY(m_conn.query(std::string(kOfficerColumns) +
                                  " WHERE $1 = '' OR office = $1 ORDER BY username COLLATE \"C\"",
                              {sv(officeCode)}));
    std::vector<Officer> out;
    for (int i = 0; i < r.size(); ++i)
        out.push_back(officerFrom(r, i));
    return out;
}

core::Status PgAccounts::disableOfficer(std::int64_t officerId, std::int64_t nowMs, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        TRY(m_conn.run("UPDATE officers SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1", {officerId, nowMs}));
        return m_conn.run("DELETE FROM sessions WHERE officer = $1", {officerId});
    });
}

core::Status PgAccounts::resetPassword(std::int64_t officerId, const std::string& passwordHash,
                                       const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        auto officer = TRY(findOfficerById(officerId));
        if (!officer)
            return makeError(ErrorCode::NotFound, "there is no such officer");
        TRY(m_conn.run("UPDATE officers SET password_hash = $2, disabled_at = NULL WHERE id = $1",
                       {officerId, sv(passwordHash)}));
        TRY(m_conn.run("DELETE FROM sessions WHERE officer = $1", {officerId}));
        TRY(m_conn.run("DELETE FROM login_failures WHERE username = $1", {sv(officer->username)}));
        return m_conn.run("DELETE FROM account_locks WHERE username = $1", {sv(officer->username)});
    });
}

core::Status PgAccounts::openSession(const SessionRow& session, const std::string& username, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        TRY(m_conn.run("INSERT INTO sessions(token_hash, officer, csrf, created_at, last_seen, address) "
                       "VALUES($1, $2, $3, $4, $5, $6)",
                       {core::ByteView(session.tokenHash), session.userId, sv(session.csrfToken), session.createdAtMs,
                        session.lastSeenMs, sv(session.address)}));
        return m_conn.run("DELETE FROM login_failures WHERE username = $1", {sv(username)});
    });
}

core::Result<std::optional<SessionRow>> PgAccounts::findSession(const core::Hash& tokenHash) {
    auto r = TRY(m_conn.query("SELECT token_hash, officer, csrf, created_at, last_seen, address FROM sessions "
                              "WHERE token_hash = $1",
                              {core::ByteView(tokenHash)}));
    if (r.empty())
        return std::optional<SessionRow>{};
    return std::optional<SessionRow>(SessionRow{hashFrom(r.bytes(0, 0)), r.integer(0, 1), r.text(0, 2),
                                                r.integer(0, 3), r.integer(0, 4), r.text(0, 5)});
}

core::Result<std::uint64_t> PgAccounts::endExpiredSessions(std::int64_t idleBeforeMs, std::int64_t openedBeforeMs) {
    TRY(m_conn.run("DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2", {idleBeforeMs, openedBeforeMs}));
    return static_cast<std::uint64_t>(m_conn.changed());
}

core::Status PgAccounts::touchSession(const core::Hash& tokenHash, std::int64_t nowMs) {
    return m_conn.run("UPDATE sessions SET last_seen = greatest(last_seen, $2) WHERE token_hash = $1",
                      {core::ByteView(tokenHash), nowMs});
}

core::Status PgAccounts::closeSession(const core::Hash& tokenHash, const AuditEntry& audit) {
    return audited(audit,
                   [&] { return m_conn.run("DELETE FROM sessions WHERE token_hash = $1", {core::ByteView(tokenHash)}); });
}

core::Status PgAccounts::addLoginFailure(const std::string& username, const std::string& address,
                                         std::int64_t forgetBeforeMs, const AuditEntry& audit) {
    return audited(audit, [&]() -> core::Status {
        TRY(m_conn.run("DELETE FROM login_failures WHERE at < $1", {forgetBeforeMs}));
        TRY(m_conn.run("DELETE FROM account_locks WHERE until < $1", {forgetBeforeMs}));
        return m_conn.run("INSERT INTO login_failures(username, address, at) VALUES($1, $2, $3)",
                          {sv(username), sv(address), audit.atMs});
    });
}

core::Result<std::uint64_t> PgAccounts::countLoginFailures(const LoginFailureQuery& query) {
    Param user = Null{}, address = Null{};
    if (query.username)
        user = std::string_view(*query.username);
    if (query.address)
        address = std::string_view(*query.address);
    auto r = TRY(m_conn.query("SELECT count(*) FROM login_failures WHERE at >= $1 "
                              "AND ($2::text IS NULL OR username = $2) AND ($3::text IS NULL OR address = $3)",
                              {query.sinceMs, user, address}));
    return static_cast<std::uint64_t>(r.integer(0, 0));
}

core::Status PgAccounts::lockAccount(const std::string& username, std::int64_t untilMs, const AuditEntry& audit) {
    return audited(audit, [&] {
        return m_conn.run("INSERT INTO account_locks(username, until) VALUES($1, $2) "
                          "ON CONFLICT(username) DO UPDATE SET until = greatest(account_locks.until, excluded.until)",
                          {sv(username), untilMs});
    });
}

core::Result<std::optional<std::int64_t>> PgAccounts::accountLockedUntil(const std::string& username) {
    auto r = TRY(m_conn.query("SELECT until FROM account_locks WHERE username = $1", {sv(username)}));
    if (r.empty())
        return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>(r.integer(0, 0));
}

core::Status PgAccounts::appendAudit(const AuditEntry& e) {
    return m_conn.run("INSERT INTO audit(at, actor, office, action, subject, before, after, address) "
                      "VALUES($1, $2, $3, $4, $5, $6, $7, $8)",
                      {e.atMs, sv(e.actor), sv(e.officeCode), sv(e.action), sv(e.subject), sv(e.before), sv(e.after),
                       sv(e.address)});
}

core::Result<std::vector<AuditEntry>> PgAccounts::listAudit(const AuditQuery& query) {
    auto r = TRY(m_conn.query("SELECT id, at, actor, office, action, subject, before, after, address FROM audit "
                              "WHERE id < $1 ORDER BY id DESC LIMIT $2",
                              {query.beforeId.value_or(std::numeric_limits<std::int64_t>::max()),
                               static_cast<std::int64_t>(query.limit)}));
    std::vector<AuditEntry> out;
    for (int i = 0; i < r.size(); ++i)
        out.push_back(AuditEntry{r.integer(i, 0), r.integer(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                                 r.text(i, 5), r.text(i, 6), r.text(i, 7), r.text(i, 8)});
    return out;
}

}  // namespace fangsiang::hub::pg
