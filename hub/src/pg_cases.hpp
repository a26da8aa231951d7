#pragma once
// The cases' tables of the hub's PostgreSQL store (schema version 3): the
// same rows as the SQLite store's (sqlite_cases.hpp), the text searched by a
// pg_trgm GIN index instead of FTS5's trigram table. Private to hub/src.

#include "hub/storage.hpp"

#include "pg_connection.hpp"

namespace fangsiang::hub::pg {

// A complaint's ticket and case, waiting to be stored with its batch's others.
struct TicketToOpen {
    std::string ticket;
    std::uint64_t sequence = 0;
    std::int64_t receivedAtMs = 0;
    std::int64_t filedAtMs = 0;
    CaseOpening opening;  // caseOpeningFor(record, policy, filedAtMs)
};

class PgCases {
public:
    explicit PgCases(Connection& conn) : m_conn(conn) {}

    // Inside ingest's transaction: the case of a complaint just stored under
    // ticket `ticket`, with its "filed" line, due as `policy` counts.
    [[nodiscard]] core::Status open(const std::string& ticket, const DeviceInfo& device, const core::Record& record,
                                    const CasePolicy& policy, std::int64_t receivedAtMs, std::int64_t filedAtMs);
    // The same for a batch's complaints of one device, in four statements
    // whatever their number (a few hundred rows each): the tickets, their
    // first updates, the cases and their "filed" lines. The records must be
    // stored already.
    [[nodiscard]] core::Status openMany(const DeviceInfo& device, std::vector<TicketToOpen> tickets);
    // The policy an office counts by: its own, else the defaults. Inside a
    // transaction it holds the office's policy lock shared until the end, so
    // a new policy cannot land between reading it and opening a case by it.
    [[nodiscard]] core::Result<CasePolicy> policyOf(const std::string& officeCode);

    [[nodiscard]] core::Result<CasePage> list(const CaseQuery& query);
    [[nodiscard]] core::Result<std::optional<CaseRow>> find(const std::string& ticket, bool forUpdate = false);
    [[nodiscard]] core::Result<std::vector<CaseEvent>> events(const std::string& ticket);
    [[nodiscard]] core::Result<CaseRow> act(const CaseAction& action);

    [[nodiscard]] core::Status putPolicy(const std::string& officeCode, const std::string& policyJson,
                                         std::int64_t nowMs, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::optional<std::string>> policyText(const std::string& officeCode);
    [[nodiscard]] core::Status putTemplate(const ReplyTemplate& reply, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::vector<ReplyTemplate>> templates(const std::string& officeCode);

private:
    [[nodiscard]] core::Status appendEvent(const CaseEvent& event);
    Connection& m_conn;
};

// A ticket update for the kiosks of `office`, numbered in commit order (see
// pg_cases.cpp), in the caller's transaction.
[[nodiscard]] core::Status addTicketUpdate(Connection& conn, std::string_view ticket, std::string_view office,
                                           std::string_view status, std::string_view reply, std::int64_t atMs);

// Schema 2 -> 3: a case for every ticket already held, opened from its
// record with the default policy and the ticket's state.
[[nodiscard]] core::Status openCasesOfTickets(Connection& conn);

}  // namespace fangsiang::hub::pg
