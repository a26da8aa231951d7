#pragma once
// The survey aggregates in the hub's SQLite store (hub/report_store.hpp):
// schema version 5's tables, the counting done by each stored survey
// response (inside the ingest transaction), the rebuild from the records
// already stored, and the reads the figures make. Private to hub/src.

#include "hub/keywords.hpp"
#include "hub/report_store.hpp"
#include "store_lock.hpp"

#include "core/record.hpp"
#include "core/sqlite.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string_view>

namespace fangsiang::hub::reports {

// The tables version 5 adds, for the store's check.
inline constexpr std::array<const char*, 6> kReportTables = {
    "survey_responses", "survey_stats", "survey_counts", "survey_hours", "survey_cross", "report_targets"};
// The tables version 6 adds.
inline constexpr std::array<const char*, 2> kTermTables = {"term_counts", "text_counts"};

// Migration to version 5: the tables (in version 6's shape), then every
// survey response already stored counted into them. In the caller's
// transaction.
[[nodiscard]] core::Status migrate(core::sql::Database& db);
// Migration from version 5 to 6: the heat map's rows of one face each become
// one row per hour with the five faces, and the terms of the texts already
// stored are counted. In the caller's transaction.
[[nodiscard]] core::Status migrateToV6(core::sql::Database& db);
// The tables version 9 adds: the ranking's rows, kept by triggers on cases,
// survey_responses and survey_counts.
inline constexpr std::array<const char*, 5> kRankingTables = {
    "case_months", "case_resolve_hours", "case_open_targets", "survey_office_responses", "survey_office_counts"};
inline constexpr std::array<const char*, 9> kRankingTriggers = {
    "case_months_added",          "case_months_changed",          "case_months_removed",
    "survey_office_responses_added", "survey_office_responses_changed", "survey_office_responses_removed",
    "survey_office_counts_added", "survey_office_counts_changed", "survey_office_counts_removed"};
// Migration from version 8 to 9: those tables and triggers, filled from the
// cases and counts already held. In the caller's transaction.
[[nodiscard]] core::Status migrateToV9(core::sql::Database& db);

class SqliteReports final : public ReportSource {
public:
    SqliteReports(StoreLock& lock, core::sql::Database& db);
    ~SqliteReports() override;

    // Counts one stored survey response of `office`, given at `atMs` (the
    // hub's time of it, hubTimeOf), into what the transaction will add. The
    // caller holds the store's lock and its write transaction. A payload
    // that is not a survey response the hub can read is counted as nothing
    // (record_rules refused it before).
    // `countsToo` false: only its comments' terms (the migration to 6).
    // `broken`: its texts' terms when ingest broke them already.
    [[nodiscard]] core::Status noteSurvey(std::string_view office, std::string_view payload, std::int64_t atMs,
                                          bool countsToo = true, const BrokenTexts* broken = nullptr);
    // The terms of a stored complaint's text, by its category.
    [[nodiscard]] core::Status noteComplaint(std::string_view office, std::string_view payload, std::int64_t atMs,
                                             const BrokenTexts* broken = nullptr);
    // A complaint's text leaves the term counts (`delta` -1: an officer hid
    // it) or joins them (+1: shown again, or filed through Open311), at
    // once, in the caller's transaction.
    [[nodiscard]] core::Status recountComplaint(std::string_view office, const std::string& category,
                                                std::int64_t filedAtMs, std::string_view text, int delta);
    // Adds what the noted responses count to the tables, in the caller's
    // transaction, just before its COMMIT; nothing is pending after.
    [[nodiscard]] core::Status flush();
    // Forgets what was noted: the transaction is rolled back.
    void discard();

    core::Result<std::vector<ResponseCount>> responses(const ReportFilter& filter) override;
    core::Result<std::vector<AnswerStats>> answerStats(const ReportFilter& filter) override;
    core::Result<std::vector<AnswerCount>> answerCounts(const ReportFilter& filter) override;
    core::Result<std::vector<HourCount>> hourCounts(const ReportFilter& filter) override;
    core::Result<std::vector<CrossCount>> crossCounts(const ReportFilter& filter, const std::string& byQuestion) override;
    core::Result<std::vector<std::string>> surveys(const std::string& office) override;
    core::Result<std::vector<CaseTimes>> caseTimes(const std::string& office, std::int64_t fromMs,
                                                   std::int64_t toMs) override;
    core::Result<RankingRows> rankingRows(const std::string& survey, int fromMonth, int toMonth,
                                          std::int64_t nowMs) override;
    core::Result<std::vector<TermRow>> termCounts(const TermFilter& filter) override;
    core::Result<std::vector<TextRow>> textCounts(const TermFilter& filter) override;
    core::Result<OfficeTargets> targets(const std::string& office) override;
    core::Status setTargets(const std::string& office, const OfficeTargets& targets) override;

private:
    struct Pending;
    [[nodiscard]] core::Status noteText(std::string_view office, TextSource source, int month,
                                        const std::string& category, std::string_view text,
                                        const BrokenTexts* broken);
    StoreLock& m_storeLock;
    core::sql::Database& m_db;
    std::unique_ptr<Pending> m_pending;
};

}  // namespace fangsiang::hub::reports
