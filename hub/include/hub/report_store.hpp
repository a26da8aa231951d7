#pragma once
// The survey aggregates the hub keeps as records arrive (docs/LISTENING.md,
// "Satisfaction figures"): when a survey response is stored, in the same
// transaction, its answers are counted per office, survey, service,
// question and month (office time, UTC+7), and per hour x weekday. The
// figures (hub/satisfaction.hpp, hub/field_figures.hpp) are computed from
// these rows alone, never by scanning the records, so they answer in the
// same time whatever the store's size. Nothing here is personal: answers
// are counted, texts are never kept. The terms of complaint texts and of
// survey comments (hub/keywords.hpp) are counted the same way, per office,
// month and category: how many texts used each term, never the texts.

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

// [SECTION] Office time
// Thai offices keep Indochina Time all year (UTC+7, no daylight saving).
inline constexpr std::int64_t kOfficeUtcOffsetMs = 7LL * 3600 * 1000;

struct OfficeTime {
    int year = 1970;   // Common Era
    int month = 1;     // 1..12
    int day = 1;
    int weekday = 4;   // 0 Sunday .. 6 Saturday
    int hour = 0;
};
[[nodiscard]] OfficeTime officeTimeOf(std::int64_t utcMs);
// A month as the aggregates name it: year * 100 + month (202611).
[[nodiscard]] int monthKeyOf(std::int64_t utcMs);
[[nodiscard]] int monthKey(int year, int month);
// The month `count` months after (or before, when negative) `key`.
[[nodiscard]] int addMonths(int key, int count);
// The UTC time the month `key` starts at in the office (its 1st, 00:00 UTC+7).
[[nodiscard]] std::int64_t monthStartMs(int key);

// [SECTION] Rows as the store keeps them
struct ResponseCount {
    std::string service;  // "" when the response names none
    int month = 0;
    std::int64_t n = 0;
};

// n, sum and sum of squares of a question's whole-number answers.
struct AnswerStats {
    std::string service;
    std::string question;
    int month = 0;
    std::int64_t n = 0, sum = 0, sumSquares = 0;
};

// How many answered a question with one value: a whole number (`number`) or
// an option id (a choice, or one of a multiple choice's).
struct AnswerCount {
    std::string service;
    std::string question;
    int month = 0;
    bool number = false;
    std::string value;  // the number in decimal, or the option id
    std::int64_t n = 0;
};

// Ratings (faces 1..5) by the office-time hour and weekday they were given.
struct HourCount {
    std::string question;
    int weekday = 0;
    int hour = 0;
    std::int64_t value = 0;
    std::int64_t n = 0;
};

// An answer counted together with one option of another question of the
// same response: the cells of a cross-tabulation.
struct CrossCount {
    std::string byValue;  // the option of the question tabulated by
    std::string question;
    bool number = false;
    std::string value;
    std::int64_t n = 0;
};

// What to read: one office and survey, months [fromMonth, toMonth]
// inclusive, optionally one service.
struct ReportFilter {
    std::string office;
    std::string survey;
    int fromMonth = 0;
    int toMonth = 0;
    std::optional<std::string> service;
};

// One case's facts for the complaint figures: what it is about, where it
// stands and when each step first happened (0: not yet). Never its text.
struct CaseTimes {
    std::string category, state, unit, village;
    std::int64_t filedAtMs = 0, acceptedAtMs = 0, firstReplyAtMs = 0, outcomeAtMs = 0, resolvedAtMs = 0,
                 closedAtMs = 0, targetAtMs = 0;
};

// [SECTION] The ranking's rows: every office at once
// The store keeps these by triggers as cases and survey counts change
// (schema 9 on SQLite, 7 on PostgreSQL), so the ranking of all offices
// reads a few hundred rows an office, never the cases themselves.

// The cases of an office filed in one month: how many, how many have had a
// reply to the citizen, been resolved, and been resolved by their target.
struct CaseMonthCount {
    std::string office;
    int month = 0;
    std::int64_t filed = 0, replied = 0, resolved = 0, resolvedInTarget = 0;
};

// Resolved cases by the time they took, in buckets: whole hours below 72,
// 6 hours to 14 days, days to 90 days, then weeks (resolveBucketOf).
struct ResolveHoursCount {
    std::string office;
    std::int64_t hours = 0;  // the bucket's first hour
    std::int64_t n = 0;
};
// The first hour of the bucket of `hours` (whole hours from filing to
// resolved, 0 when negative), and a bucket's width.
[[nodiscard]] std::int64_t resolveBucketOf(std::int64_t hours);
[[nodiscard]] std::int64_t resolveBucketWidth(std::int64_t firstHour);

struct OfficeCount {
    std::string office;
    std::int64_t n = 0;
};

// One office's answers to a survey, all services together.
struct OfficeAnswerCount {
    std::string office;
    std::string question;
    int month = 0;
    bool number = false;
    std::string value;
    std::int64_t n = 0;
};

struct RankingRows {
    std::vector<OfficeCount> responses;       // of the survey, in the months
    std::vector<OfficeAnswerCount> answers;   // of the survey, in the months
    std::vector<CaseMonthCount> caseMonths;   // filed in the months
    std::vector<ResolveHoursCount> resolveHours;  // filed in the months, resolved (a bucket once per month)
    std::vector<OfficeCount> openPastTarget;  // filed in the months, still open, target before now
};

// Where a text counted for the keyword figures came from.
enum class TextSource { Complaint, Comment };
[[nodiscard]] const char* textSourceName(TextSource source);

// How many texts of a month used a term: complaint texts by their
// category, survey comments by their survey's id.
struct TermRow {
    TextSource source = TextSource::Complaint;
    std::string category;
    int month = 0;
    std::string term;
    std::int64_t texts = 0;
};

// How many texts there were (the denominators of the terms' shares).
struct TextRow {
    TextSource source = TextSource::Complaint;
    std::string category;
    int month = 0;
    std::int64_t texts = 0;
};

// Which texts: an office's, in months [fromMonth, toMonth], of one source
// and category when given.
struct TermFilter {
    std::string office;
    int fromMonth = 0, toMonth = 0;
    std::optional<TextSource> source;
    std::optional<std::string> category;
};

// An office's goals (docs/LISTENING.md): the share satisfied that passes
// (the LPA threshold, 70%) and the mean under which a dimension alerts.
struct OfficeTargets {
    double satisfiedPercent = 70.0;
    double alertMean = 3.41;
};

// The backend's side. SQLite keeps the rows in hub/src/sqlite_reports.cpp.
class ReportSource {
public:
    virtual ~ReportSource() = default;
    [[nodiscard]] virtual core::Result<std::vector<ResponseCount>> responses(const ReportFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<std::vector<AnswerStats>> answerStats(const ReportFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<std::vector<AnswerCount>> answerCounts(const ReportFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<std::vector<HourCount>> hourCounts(const ReportFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<std::vector<CrossCount>> crossCounts(const ReportFilter& filter,
                                                                            const std::string& byQuestion) = 0;
    // The surveys an office has responses to, by id.
    [[nodiscard]] virtual core::Result<std::vector<std::string>> surveys(const std::string& office) = 0;
    // The cases of an office filed in [fromMs, toMs) (the cases table, kept by the workflow).
    [[nodiscard]] virtual core::Result<std::vector<CaseTimes>> caseTimes(const std::string& office, std::int64_t fromMs,
                                                                         std::int64_t toMs) = 0;
    // Every office's rows for the ranking: `survey`'s responses and answers and
    // the cases filed in months [fromMonth, toMonth], open cases' targets
    // against `nowMs`.
    [[nodiscard]] virtual core::Result<RankingRows> rankingRows(const std::string& survey, int fromMonth, int toMonth,
                                                                std::int64_t nowMs) = 0;
    [[nodiscard]] virtual core::Result<std::vector<TermRow>> termCounts(const TermFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<std::vector<TextRow>> textCounts(const TermFilter& filter) = 0;
    [[nodiscard]] virtual core::Result<OfficeTargets> targets(const std::string& office) = 0;
    [[nodiscard]] virtual core::Status setTargets(const std::string& office, const OfficeTargets& targets) = 0;
};

}  // namespace fangsiang::hub
