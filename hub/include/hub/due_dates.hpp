#pragma once
// When a case is due, as the office counts days. Each complaint category has
// a target (street lights 7 days, corruption 15, ...), and whatever the
// category the citizen is told the outcome within 15 days. The office counts
// working days or calendar days, with its own weekend and holiday list; a
// period whose last day falls on a day off ends on the next working day,
// as Thai administrative law counts periods.
//
// The policy is a JSON file an office writes, for example:
//   {"format": 1, "counting": "working", "weekend": ["sat", "sun"],
//    "holidays": ["2026-12-05", "2026-12-10", "2026-12-31"],
//    "targets": {"roads-lights": 7, "conduct-corruption": 15},
//    "default_target_days": 15, "reply_days": 15, "due_soon_days": 2}

#include "core/result.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace fangsiang::hub {

enum class DayCounting { Working, Calendar };

struct CasePolicy {
    DayCounting counting = DayCounting::Working;
    std::array<bool, 7> weekend{true, false, false, false, false, false, true};  // by weekday, Sunday first
    std::set<std::chrono::sys_days> holidays;
    std::map<std::string, int, std::less<>> targetDays;  // by complaint category id
    int defaultTargetDays = 15;
    int replyDays = 15;
    int dueSoonDays = 2;
    // The office's clock: Thailand is UTC+7 all year.
    std::chrono::minutes utcOffset{7 * 60};

    [[nodiscard]] bool isWorkingDay(std::chrono::sys_days day) const;
    [[nodiscard]] int targetFor(std::string_view category) const;
};

inline constexpr int kMaxPolicyDays = 365;
inline constexpr std::size_t kMaxHolidays = 1000;

// Reads an office's policy file; errors name the field and the problem.
[[nodiscard]] core::Result<CasePolicy> parseCasePolicy(std::string_view json, const std::string& fileName);

// The office's date at `atMs` (ms since the epoch, UTC).
[[nodiscard]] std::chrono::sys_days officeDate(const CasePolicy& policy, std::int64_t atMs);
// The last day of a period of `days` that starts the day after `start`,
// counted as the policy says.
[[nodiscard]] std::chrono::sys_days addDays(const CasePolicy& policy, std::chrono::sys_days start, int days);
// The last millisecond (UTC) of the office's day `day`.
[[nodiscard]] std::int64_t endOfDayMs(const CasePolicy& policy, std::chrono::sys_days day);

struct CaseDue {
    std::int64_t targetMs = 0;   // the category's target for the work
    std::int64_t replyByMs = 0;  // the citizen is told the outcome by then
    // The earlier of the two: what the lists sort and warn by.
    [[nodiscard]] std::int64_t dueMs() const { return targetMs < replyByMs ? targetMs : replyByMs; }
};

[[nodiscard]] CaseDue dueFor(const CasePolicy& policy, std::string_view category, std::int64_t receivedAtMs);

enum class DueStatus { OnTime, DueSoon, Overdue };

// Overdue once `dueMs` has passed; due soon when it falls within the
// policy's due_soon_days of today, counted as the policy counts.
[[nodiscard]] DueStatus dueStatus(const CasePolicy& policy, std::int64_t dueMs, std::int64_t nowMs);

// "2026-12-05"
[[nodiscard]] std::string formatDate(std::chrono::sys_days day);

}  // namespace fangsiang::hub
