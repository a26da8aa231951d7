#pragma once
// The cases' tables of the hub's SQLite store (schema version 4): a case per
// complaint ticket with the complaint's fields copied beside it, a trigram
// full-text index of its text (Thai has no spaces, so words are not what a
// search can rely on), the append-only timeline, each office's case policy
// and its reply templates. Private to hub/src: SqliteHubStorage holds one and
// forwards to it under its own lock, so these methods assume the caller holds
// the connection.

#include "hub/storage.hpp"

#include "core/sqlite.hpp"

namespace fangsiang::hub {

namespace reports {
class SqliteReports;
}

class SqliteCases {
public:
    // `reports`: the store's term counts, which a case hidden or shown again
    // leaves or rejoins in act()'s transaction (none during ingest, which
    // counts the terms itself, and migrations).
    explicit SqliteCases(core::sql::Database& db, reports::SqliteReports* reports = nullptr)
        : m_db(db), m_reports(reports) {}

    // Inside ingest's transaction: the case of a complaint just stored under
    // ticket `ticket`, with its "filed" line, due as `policy` counts.
    [[nodiscard]] core::Status open(const std::string& ticket, const DeviceInfo& device, const core::Record& record,
                                    const CasePolicy& policy, std::int64_t receivedAtMs, std::int64_t filedAtMs);
    // The policy an office counts by: its own, else the defaults.
    [[nodiscard]] core::Result<CasePolicy> policyOf(const std::string& officeCode);

    [[nodiscard]] core::Result<CasePage> list(const CaseQuery& query);
    [[nodiscard]] core::Result<std::optional<CaseRow>> find(const std::string& ticket);
    [[nodiscard]] core::Result<std::vector<CaseEvent>> events(const std::string& ticket);
    [[nodiscard]] core::Result<CaseRow> act(const CaseAction& action);

    [[nodiscard]] core::Status putPolicy(const std::string& officeCode, const std::string& policyJson,
                                         std::int64_t nowMs, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::optional<std::string>> policyText(const std::string& officeCode);
    [[nodiscard]] core::Status putTemplate(const ReplyTemplate& reply, const AuditEntry& audit);
    [[nodiscard]] core::Result<std::vector<ReplyTemplate>> templates(const std::string& officeCode);

private:
    [[nodiscard]] core::Status appendEvent(const CaseEvent& event);

    core::sql::Database& m_db;
    reports::SqliteReports* m_reports;
};

// Schema 3 -> 4: the cases' tables, and a case for every ticket already held,
// opened from its record with the default policy and the ticket's state.
[[nodiscard]] core::Status migrateCasesToV4(core::sql::Database& db);

}  // namespace fangsiang::hub
