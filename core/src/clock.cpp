#include "core/clock.hpp"

#include <chrono>

namespace fangsiang::core {

std::int64_t wallClockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Clock systemClock() { return &wallClockMs; }

}  // namespace fangsiang::core
