#pragma once
// The officers' tables of the hub's PostgreSQL store (schema version 2):
// units, officers, sessions, failed sign-ins, locks and the audit log. Each
// change runs in one transaction with its audit entry. Private to hub/src;
// PostgresHubStorage leases a connection and calls these on it.

#include "hub/storage.hpp"

#include "pg_connection.hpp"

namespace fangsiang::hub::pg {

class PgAccounts {
public:
    explicit PgAccounts(Connection& conn) : m_conn(conn) {}

    [[nodiscard]] core::Result<std::vector<Office>> listOffices();
    [[nodiscard]] core::Status addUnit(const Unit& unit, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::vector<Unit>> listUnits(const std::string& officeCode);
    [[nodiscard]] core::Result<std::optional<Unit>> findUnit(const std::string& officeCode, const std::string& code);
    [[nodiscard]] core::Result<std::int64_t> addOfficer(const Officer& officer, const std::string& passwordHash,
                                                        const AuditEntry& audit);
    [[nodiscard]] core::Result<std::optional<Officer>> findOfficer(const std::string& username);
    [[nodiscard]] core::Result<std::optional<Officer>> findOfficerById(std::int64_t id);
    [[nodiscard]] core::Result<std::optional<std::string>> passwordHashOf(std::int64_t officerId);
    [[nodiscard]] core::Result<std::vector<Officer>> listOfficers(const std::string& officeCode);
    [[nodiscard]] core::Status disableOfficer(std::int64_t officerId, std::int64_t nowMs, const AuditEntry& audit);
    [[nodiscard]] core::Status resetPassword(std::int64_t officerId, const std::string& passwordHash,
                                             const AuditEntry& audit);
    [[nodiscard]] core::Status openSession(const SessionRow& session, const std::string& username,
                                           const AuditEntry& audit);
    [[nodiscard]] core::Result<std::optional<SessionRow>> findSession(const core::Hash& tokenHash);
    [[nodiscard]] core::Result<std::uint64_t> endExpiredSessions(std::int64_t idleBeforeMs, std::int64_t openedBeforeMs);
    [[nodiscard]] core::Status touchSession(const core::Hash& tokenHash, std::int64_t nowMs);
    [[nodiscard]] core::Status closeSession(const core::Hash& tokenHash, const AuditEntry& audit);
    [[nodiscard]] core::Status addLoginFailure(const std::string& username, const std::string& address,
                                               std::int64_t forgetBeforeMs, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::uint64_t> countLoginFailures(const LoginFailureQuery& query);
    [[nodiscard]] core::Status lockAccount(const std::string& username, std::int64_t untilMs, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::optional<std::int64_t>> accountLockedUntil(const std::string& username);
    // In the caller's transaction when there is one.
    [[nodiscard]] core::Status appendAudit(const AuditEntry& entry);
    [[nodiscard]] core::Result<std::vector<AuditEntry>> listAudit(const AuditQuery& query);

private:
    // `change` and then `audit` (unless its action is empty) in one transaction.
    [[nodiscard]] core::Status audited(const AuditEntry& audit, const std::function<core::Status()>& change);
    [[nodiscard]] core::Result<std::optional<Officer>> findOfficerWhere(std::string_view condition, Param value);
    Connection& m_conn;
};

}  // namespace fangsiang::hub::pg
