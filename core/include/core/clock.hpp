#pragma once
// Time as the project counts it: milliseconds since the Unix epoch, UTC.
// Code that stamps or compares times takes a Clock, so tests can set the
// hour; programs pass systemClock().

#include <cstdint>
#include <functional>
#include <string>

namespace fangsiang::core {

using Clock = std::function<std::int64_t()>;

// The system's wall clock, in ms since the Unix epoch, UTC.
[[nodiscard]] std::int64_t wallClockMs();
// wallClockMs as a Clock.
[[nodiscard]] Clock systemClock();

// `ms` as a UTC calendar time in strftime's `format`: by default
// "2026-11-18 08:53:20 UTC". A time no year from 1970 to 9999 holds is
// written as the raw count, "-5 ms after 1970".
[[nodiscard]] std::string utcText(std::int64_t ms, const char* format = "%Y-%m-%d %H:%M:%S UTC");

}  // namespace fangsiang::core
