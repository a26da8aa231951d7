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
    if (ms < 0 || gmtime_r(&t, &tm) == nullptr || tm.tm_year > 9999 - 1900 ||
        std::strftime(buf, sizeof buf, format, &tm) == 0)
        return std::to_string(ms) + " ms after 1970";
    return buf;
}

}  // namespace fangsiang::core
