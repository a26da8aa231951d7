#pragma once
// The survey aggregates and the reports' reads on the hub's PostgreSQL store
// (hub/report_store.hpp). Private to hub/src.

#include "hub/keywords.hpp"
#include "hub/report_store.hpp"

#include "pg_connection.hpp"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace fangsiang::hub::pg {

// The counts of survey responses and the terms of texts stored in one
// transaction, added to the aggregate tables at once by flush() (in that
// transaction, before COMMIT).
class SurveyTally {
public:
    // One stored response of `office`, given at `atMs` (the hub's time of it):
    // its answers and its comments' terms. A payload that is not a survey
    // response the hub can read counts nothing.
    // `broken`: the texts' terms when ingest broke them already.
    [[nodiscard]] core::Status add(std::string_view office, std::string_view payload, std::int64_t atMs,
                                   const BrokenTexts* broken = nullptr);
    // The terms of a stored complaint's text, by its category.
    [[nodiscard]] core::Status addComplaint(std::string_view office, std::string_view payload, std::int64_t atMs,
                                            const BrokenTexts* broken = nullptr);
    [[nodiscard]] core::Status flush(Connection& conn);

private:
    struct Head {
        std::string office, survey;
        int month = 0;
        auto operator<=>(const Head&) const = default;
    };
    std::map<std::pair<Head, std::string>, std::int64_t> m_responses;
    std::map<std::tuple<Head, std::string, std::string, bool, std::string>, std::int64_t> m_counts;
    std::map<std::tuple<Head, std::string, std::string>, std::tuple<std::int64_t, std::int64_t, std::int64_t>> m_stats;
    [[nodiscard]] core::Status addText(std::string_view office, TextSource source, int month,
                                       const std::string& category, std::string_view text, const BrokenTexts* broken);
    std::map<std::tuple<Head, std::string, int, int>, std::array<std::int64_t, 5>> m_hours;  // the faces
    std::map<std::tuple<Head, std::string, std::string, std::string, bool, std::string>, std::int64_t> m_cross;
    // (office, source, month, category) and the same with the term
    std::map<std::tuple<std::string, int, int, std::string>, std::int64_t> m_texts;
    std::map<std::tuple<std::string, int, int, std::string, std::string>, std::int64_t> m_terms;
};

// A complaint's text leaves the term counts (`delta` -1: an officer hid it)
// or joins them (+1: shown again, or filed through Open311), in the
// caller's transaction.
[[nodiscard]] core::Status recountComplaint(Connection& conn, const std::string& office, const std::string& category,
                                            std::int64_t filedAtMs, std::string_view text, int delta);

class PgReports final : public ReportSource {
public:
    explicit PgReports(Pool& pool) : m_pool(pool) {}

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
    Pool& m_pool;
};

// Schema 3 -> 4: the aggregates' tables, and every survey response already
// stored counted into them. In the caller's transaction.
[[nodiscard]] core::Status migrateReports(Connection& conn);
// Schema 6 -> 7: the ranking's rows of every office (hub/report_store.hpp),
// kept by statement-level triggers on cases, survey_responses and
// survey_counts, filled from what is held. In the caller's transaction.
[[nodiscard]] core::Status migrateRanking(Connection& conn);

}  // namespace fangsiang::hub::pg
