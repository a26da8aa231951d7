#include "core/clock.hpp"

#include <chrono>
#include <ctime>

namespace fangsiang::core {

std::int64_t wallClockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Clock systemClock() { return &wallClockMs; }

std::string utcText(std::int64_t ms, const char* format) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    char buf[64];
    if (ms < 0 || gmtime_r(&t, &tm) == nullptr || tm.tm_year > 9999 - 1900)
        return std::to_string(ms) + " ms after 1970";
    // Every caller passes a literal; strftime has no arguments to mismatch.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    const std::size_t written = std::strftime(buf, sizeof buf, format, &tm);
#pragma GCC diagnostic pop
    if (written == 0)
        return std::to_string(ms) + " ms after 1970";
    return buf;
}

}  // namespace fangsiang::core
