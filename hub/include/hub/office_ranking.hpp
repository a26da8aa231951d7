#pragma once
// Ranking the offices of one hub (docs/LISTENING.md, "Ranking offices"):
// per office, the satisfaction mean, the share of complaints resolved within
// their target, the median time to resolve and the response coverage (the
// share of complaints the citizen has had a reply to), each with its n and a
// 95% interval, and each office's own trend month by month.
//
// A small office must not come first or last on a handful of answers, so:
//   - means and shares are ranked on a Bayesian average that adds
//     `priorWeight` pseudo-observations at the hub's pooled figure:
//     (n * office + k * hub) / (n + k). An office of 3 responses with a mean
//     of 5.00 and k = 20 ranks at (3 * 5 + 20 * hub) / 23, near the hub;
//   - an office with fewer than the minimum n on a figure is listed unranked
//     on that figure (rank 0), with its raw value, n and interval shown;
//   - the intervals: Student's t for a mean (the answers' S.D. over the
//     responses' n: wider than over the answers, since one response's five
//     answers are not five independent ones), Wilson's score interval for a
//     share, and the distribution-free order-statistic interval for a median.
// Figures are read through ReportSource::rankingRows(): every office's
// aggregates at once, kept by the store as records arrive and cases change,
// never its cases. Nothing personal is read.

#include "hub/complaint_figures.hpp"
#include "hub/report_files.hpp"
#include "hub/satisfaction.hpp"
#include "hub/storage.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fangsiang::hub {

struct RankingOptions {
    double priorWeight = 20;            // pseudo-observations at the hub's figure (k)
    std::int64_t minResponses = 30;     // satisfaction: survey responses below which unranked
    std::int64_t minCases = 10;         // complaint figures: cases below which unranked
};

// A figure of one office: its raw value, n, a 95% interval, the value it is
// ranked on (shrunk toward the hub; the raw median for times) and its rank
// (1 = best; 0 = unranked: below the minimum n, or no data).
struct RankedFigure {
    std::int64_t n = 0;
    double value = 0;
    double low = 0, high = 0;
    double shrunk = 0;
    int rank = 0;
};

struct OfficeTrendMonth {
    int month = 0;                    // yyyymm
    std::int64_t responses = 0;
    std::int64_t answers = 0;
    double satisfactionMean = 0;      // 0 when no answers
    std::int64_t complaints = 0;      // filed that month
    std::int64_t resolved = 0;        // of them, resolved by now
};

struct OfficeRank {
    Office office;
    RankedFigure satisfaction;   // mean on the 5-point scale; n = responses
    RankedFigure inTarget;       // % of cases resolved within target (n = cases counted, complaint_figures.hpp)
    // Median hours from filing to resolved (n = cases resolved); lower is
    // better. Read from buckets of resolve times (resolveBucketOf), each
    // time taken at its bucket's middle: to the half hour under 3 days, 3
    // hours under 14 days, half a day under 90 days, half a week beyond.
    RankedFigure toResolve;
    RankedFigure coverage;       // % of cases filed with a reply to the citizen; n = cases filed
    std::vector<OfficeTrendMonth> trend;  // every month of the period
};

struct OfficeRanking {
    MonthRange period;
    RankingOptions options;
    // The hub's pooled figures the shrinking pulls toward.
    double hubSatisfactionMean = 0;
    double hubInTargetPercent = 0;
    double hubCoveragePercent = 0;
    std::vector<OfficeRank> offices;  // by satisfaction rank, unranked last (then by code)
};

// The ingredients of one office, as read from the store; rankOffices() is
// the computation alone, so tests can feed it known answers.
struct OfficeRankInput {
    Office office;
    Faces satisfaction;                 // every dimension's answers of the period
    std::int64_t responses = 0;
    std::vector<TrendPoint> satisfactionTrend;
    // The cases filed in the period (report_store.hpp, RankingRows).
    std::vector<CaseMonthCount> caseMonths;
    std::vector<ResolveHoursCount> resolveHours;  // the resolved ones, by bucket
    ShareFigure inTarget;               // as countInTarget() counts: complaintFigures().resolvedInTarget
};

[[nodiscard]] OfficeRanking rankOffices(MonthRange period, std::vector<OfficeRankInput> inputs,
                                        const RankingOptions& options);

// Every office of the hub over `period` at `nowMs`.
[[nodiscard]] core::Result<OfficeRanking> officeRanking(HubStorage& storage, MonthRange period, std::int64_t nowMs,
                                                        const RankingOptions& options = {});

// [SECTION] Intervals (95%), exposed for their tests
// Wilson's score interval of `met` out of `n`, in percent; {0, 100} when n = 0.
[[nodiscard]] std::pair<double, double> wilsonPercent(std::int64_t met, std::int64_t n);
// Student's t quantile for a two-sided 95% interval with `df` degrees of freedom.
[[nodiscard]] double tQuantile95(std::int64_t df);

// The figures as a report document (CSV, XLSX, PDF like the ITA pack).
[[nodiscard]] ReportDocument rankingDocument(const OfficeRanking& ranking, std::int64_t madeAtMs);

}  // namespace fangsiang::hub
