#pragma once
// The survey aggregates in the hub's SQLite store (hub/report_store.hpp):
// schema version 5's tables, the counting done by each stored survey
// response (inside the ingest transaction), the rebuild from the records
// already stored, and the reads the figures make. Private to hub/src.

#include "hub/report_store.hpp"

#include "core/record.hpp"
#include "core/sqlite.hpp"

#include <array>
#include <mutex>
#include <optional>
#include <string_view>

namespace fangsiang::hub::reports {

// The tables version 5 adds, for the store's check.
inline constexpr std::array<const char*, 6> kReportTables = {
    "survey_responses", "survey_stats", "survey_counts", "survey_hours", "survey_cross", "report_targets"};

// Migration to version 5: the tables, then every survey response already
// stored counted into them. In the caller's transaction.
[[nodiscard]] core::Status migrate(core::sql::Database& db);

class SqliteReports final : public ReportSource {
public:
    SqliteReports(std::mutex& mutex, core::sql::Database& db) : m_mutex(mutex), m_db(db) {}

    // Counts one stored survey response of `office`, given at `atMs` (the
    // hub's time of it, hubTimeOf). The caller holds the store's lock and
    // its write transaction. A payload that is not a survey response the
    // hub can read is counted as nothing (record_rules refused it before).
    [[nodiscard]] core::Status noteSurvey(std::string_view office, std::string_view payload, std::int64_t atMs);
    // Statements are kept between records; dropped before a COMMIT.
    void release();

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
    struct Statements;
    [[nodiscard]] core::Result<Statements*> statements();
    std::mutex& m_mutex;
    core::sql::Database& m_db;
    std::shared_ptr<Statements> m_statements;
};

}  // namespace fangsiang::hub::reports
