#pragma once
// Complaint figures from the cases table (docs/LISTENING.md, "Complaint
// figures"): counts by category, state, unit, village and month; the times
// to accept, to the first reply and to resolve (median and 90th
// percentile); the share told the outcome within 15 days; the share
// resolved within the category's target; the backlog of open cases by age.
// Every figure is over the cases filed in the period (office months).

#include "hub/report_store.hpp"
#include "hub/satisfaction.hpp"

#include "core/text_pair.hpp"

#include <array>
#include <string>
#include <vector>

namespace fangsiang::hub {

inline constexpr std::int64_t kOutcomePromiseMs = 15LL * 86400000;  // the 15-day rule

struct CountRow {
    std::string key;
    core::TextPair label;
    std::int64_t n = 0;
};

struct DurationFigure {
    std::int64_t n = 0;          // cases that reached the step
    double medianHours = 0;
    double p90Hours = 0;         // nearest rank: the smallest time at or above 90% of them
};

struct ShareFigure {
    std::int64_t n = 0;      // cases it is counted over
    std::int64_t met = 0;
    [[nodiscard]] double percent() const { return n == 0 ? 0 : 100.0 * static_cast<double>(met) / static_cast<double>(n); }
};

// Open cases (received, accepted, in progress) by days since filing.
inline constexpr std::array<int, 4> kBacklogDays = {7, 15, 30, 60};  // 0-7, 8-15, 16-30, 31-60, over 60

struct ComplaintFigures {
    std::string office;
    MonthRange period;
    std::int64_t atMs = 0;  // "now" for the backlog and the 15 days
    std::int64_t total = 0;
    std::vector<CountRow> byCategory, byState, byUnit, byVillage, byMonth;  // most first; months in order
    DurationFigure toAccept, toFirstReply, toResolve;
    // Over the cases told already or whose 15 days have passed.
    ShareFigure outcomeIn15Days;
    // Over the cases resolved, or open past their target.
    ShareFigure resolvedInTarget;
    std::array<std::int64_t, kBacklogDays.size() + 1> backlog{};
};

[[nodiscard]] bool isOpenCaseState(std::string_view state);

// Counts one case into "resolved within target" at `nowMs`: over the cases
// resolved, or open past their target; met when resolved by the target.
void countInTarget(const CaseTimes& c, std::int64_t nowMs, ShareFigure& share);

[[nodiscard]] core::Result<ComplaintFigures> complaintFigures(ReportSource& source, const std::string& office,
                                                              MonthRange period, std::int64_t nowMs);

}  // namespace fangsiang::hub
