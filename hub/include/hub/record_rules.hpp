#pragma once
// What the hub accepts inside a correctly signed record, beyond the record
// format itself (core/record.hpp): the payload of each kind, and the rule for
// creation times no clock could give or no right clock would. The rules are
// written down in docs/PROTOCOL.md ("What the hub accepts in a record"); a
// record that breaks them is something a genuine kiosk can never produce,
// so it is refused for good (ErrorCode::Malformed, permanent) with the reason,
// and the device sets it aside.

#include "core/record.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <string_view>

namespace fangsiang::hub {

// [SECTION] Times
// A kiosk without a real-time clock (a Raspberry Pi) may boot in 1970 and
// sign records with that date; a citizen's record is never lost for it. A
// creation time before this moment, or more than kClockAheadToleranceMs
// after the hub's clock when it arrives, is *implausible*: the record is
// accepted and the hub uses its own receive time wherever it computes with
// time. (A negative time is malformed already, by the record format.)
inline constexpr std::int64_t kEarliestPlausibleMs = 1'704'067'200'000;  // 2024-01-01 00:00:00 UTC
inline constexpr std::int64_t kClockAheadToleranceMs = 10 * 60 * 1000;

[[nodiscard]] bool isPlausibleCreationTime(std::int64_t createdAtMs, std::int64_t receivedAtMs);
// The time the hub uses for a record: its creation time when plausible,
// otherwise the hub's receive time.
[[nodiscard]] std::int64_t hubTimeOf(std::int64_t createdAtMs, std::int64_t receivedAtMs);

// [SECTION] Payloads
// What the kiosk writes (kiosk/src/store_backend.cpp, core::SurveyResponse),
// with the limits its screens enforce. Kept here rather than included from
// kiosk/: the hub links no kiosk code.
inline constexpr std::size_t kMaxIdBytes = 64;                 // categories, surveys, questions, options
inline constexpr std::size_t kMaxComplaintTextPoints = 2000;   // kiosk::kMaxComplaintLength
inline constexpr std::size_t kMaxLandmarkPoints = 200;         // kiosk::kMaxLandmarkLength
inline constexpr std::size_t kMaxVillagePoints = 64;
inline constexpr std::size_t kMaxAnswerTextPoints = 2000;      // core::kMaxTextAnswerLength
inline constexpr std::size_t kMaxAnswers = 200;
inline constexpr std::size_t kMaxChoicesPerAnswer = 100;

// Checks a record's payload (and whether it may carry sealed personal data)
// against its kind's fields. `officeCode` is the office the sending device
// is enrolled for: a complaint that names an office names that one.
// Malformed, with the field and the problem, when it breaks a rule.
[[nodiscard]] core::Status checkRecordContent(const core::Record& record, std::string_view officeCode);

}  // namespace fangsiang::hub
