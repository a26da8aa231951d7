#pragma once
// Satisfaction figures from the aggregates (hub/report_store.hpp), as
// docs/LISTENING.md defines them: per dimension and service over a period
// of months, on the 5-point scale with its Thai band, the share satisfied
// against the office's target, the trend over months, the hour x weekday
// heat map, and the alerts. Also the periods an office reports on (month,
// quarter and Thai fiscal year from 1 October) and the Buddhist-era dates.

#include "hub/report_store.hpp"

#include "core/survey.hpp"
#include "core/text_pair.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

inline constexpr const char* kSatisfactionSurvey = "standard-satisfaction";

// [SECTION] Periods
// A span of whole months, office time, both ends included.
struct MonthRange {
    int from = 0;  // yyyymm
    int to = 0;
};
// "2026-10" (one month), "2026-10..2027-03", "fy2570" (the Thai fiscal year
// 2570: October 2569 BE = 2026 CE to September 2570 BE), "fy2570-q1" (its
// first quarter, October to December). Errors name the text.
[[nodiscard]] core::Result<MonthRange> parsePeriod(std::string_view text);
// The `months` months ending with the month of `nowMs` (office time).
[[nodiscard]] MonthRange lastMonths(std::int64_t nowMs, int months);
// "ต.ค. 2569" and "October 2026".
[[nodiscard]] core::TextPair monthName(int monthKey);
// "1 ธันวาคม 2569": a date in the Buddhist era, office time.
[[nodiscard]] std::string thaiDate(std::int64_t utcMs);
// The fiscal year (BE) a month belongs to: October starts the next one.
[[nodiscard]] int fiscalYearOf(int monthKey);

// [SECTION] Figures
struct Band {
    const char* th;
    const char* en;
};
// 4.21-5.00 มากที่สุด, 3.41-4.20 มาก, 2.61-3.40 ปานกลาง, 1.81-2.60 น้อย,
// 1.00-1.80 น้อยที่สุด (the mean rounded to two decimals first).
[[nodiscard]] Band bandOf(double mean);

// Answers 1..5 of one dimension (faces[0] counts the 1s).
struct Faces {
    std::array<std::int64_t, 5> faces{};
    [[nodiscard]] std::int64_t n() const;
    [[nodiscard]] double mean() const;
    [[nodiscard]] double sd() const;  // sample standard deviation (n - 1); 0 below two answers
    [[nodiscard]] double satisfiedPercent() const;  // answers of 4 or 5
    [[nodiscard]] double lowPercent() const;        // answers of 1 or 2: the two lowest faces
    void add(const Faces& other);
};

struct DimensionFigure {
    std::string question;
    core::TextPair label;
    Faces faces;
    bool pass = false;  // satisfiedPercent() >= the office's target
};

// A dimension's figures per month of the period (months without answers included, n = 0).
struct TrendPoint {
    int month = 0;
    std::vector<DimensionFigure> dimensions;
    Faces all;  // every dimension's answers together
};

struct HeatCell {
    std::int64_t n = 0;
    double mean = 0;
    double lowPercent = 0;
};

struct Alert {
    std::string kind;  // "mean-below" or "low-rising"
    std::string question;
    core::TextPair label;
    int month = 0;
    double value = 0;     // the recent mean, or the recent share of the two lowest faces (%)
    double baseline = 0;  // the threshold, or the baseline share (%)
    core::TextPair message;
};

struct ServiceFigures {
    std::string service;
    core::TextPair label;
    std::int64_t responses = 0;
    std::vector<DimensionFigure> dimensions;
    Faces all;
    bool pass = false;
};

struct SatisfactionQuery {
    std::string office;
    std::string survey = kSatisfactionSurvey;
    MonthRange period;
    std::optional<std::string> service;  // one service only
};

struct SatisfactionFigures {
    SatisfactionQuery query;
    OfficeTargets targets;
    std::int64_t responses = 0;
    std::vector<DimensionFigure> dimensions;  // in the survey's order
    Faces all;
    bool pass = false;
    std::vector<ServiceFigures> services;  // most responses first
    std::vector<TrendPoint> trend;         // every month of the period
    // The heat map of the "overall" dimension (every dimension when the
    // survey has none), [weekday 0 Sunday][hour].
    std::array<std::array<HeatCell, 24>, 7> heat{};
    std::vector<Alert> alerts;
};

// Labels come from the survey's definition when the hub's content has it
// (`definition` may be null), else the standard dimensions' Thai names,
// else the question id. `serviceNames` names services by id.
[[nodiscard]] core::Result<SatisfactionFigures> satisfactionFigures(
    ReportSource& source, const SatisfactionQuery& query, const core::SurveyDefinition* definition,
    const std::map<std::string, core::TextPair>& serviceNames = {});

}  // namespace fangsiang::hub
