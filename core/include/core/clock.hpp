#pragma once
// Time as the project counts it: milliseconds since the Unix epoch, UTC.
// Code that stamps or compares times takes a Clock, so tests can set the
// hour; programs pass systemClock().

#include <cstdint>
#include <functional>

namespace fangsiang::core {

using Clock = std::function<std::int64_t()>;

// The system's wall clock, in ms since the Unix epoch, UTC.
[[nodiscard]] std::int64_t wallClockMs();
// wallClockMs as a Clock.
[[nodiscard]] Clock systemClock();

}  // namespace fangsiang::core
