#pragma once
// The survey aggregates and the reports' reads on the hub's PostgreSQL store
// (hub/report_store.hpp). Private to hub/src.

#include "hub/report_store.hpp"

#include "pg_connection.hpp"

#include <string_view>

namespace fangsiang::hub::pg {

class PgReports final : public ReportSource {
public:
    explicit PgReports(Pool& pool) : m_pool(pool) {}

    // Counts one stored survey response of `office` given at `atMs`, on the
    // ingest session's connection, inside its transaction.
    [[nodiscard]] static core::Status noteSurvey(Connection& conn, std::string_view office, std::string_view payload,
                                          std::int64_t atMs);

    core::Result<std::vector<ResponseCount>> responses(const ReportFilter& filter) override;
    core::Result<std::vector<AnswerStats>> answerStats(const ReportFilter& filter) override;
    core::Result<std::vector<AnswerCount>> answerCounts(const ReportFilter& filter) override;
    core::Result<std::vector<HourCount>> hourCounts(const ReportFilter& filter) override;
    core::Result<std::vector<CrossCount>> crossCounts(const ReportFilter& filter, const std::string& byQuestion) override;
    core::Result<std::vector<std::string>> surveys(const std::string& office) override;
    core::Result<std::vector<CaseTimes>> caseTimes(const std::string& office, std::int64_t fromMs,
                                                   std::int64_t toMs) override;
    core::Result<OfficeTargets> targets(const std::string& office) override;
    core::Status setTargets(const std::string& office, const OfficeTargets& targets) override;

private:
    Pool& m_pool;
};

// Schema 3 -> 4: the aggregates' tables, and every survey response already
// stored counted into them. In the caller's transaction.
[[nodiscard]] core::Status migrateReports(Connection& conn);

}  // namespace fangsiang::hub::pg
