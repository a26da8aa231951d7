#pragma once
// A stored survey response read the way the survey aggregates count it
// (hub/report_store.hpp, docs/LISTENING.md): which survey and service, and
// each answer as a whole number or an option id; apart from them, the
// comments, whose terms are counted (never the texts). Private to hub/src;
// both stores count with it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::hub::reports {

// Whole-number answers beyond this are counted but kept out of the sums, so
// a sum of squares cannot overflow.
inline constexpr std::int64_t kMaxSummed = 1'000'000'000;

struct CountedAnswer {
    std::string question;
    bool number = false;
    std::string value;        // the number in decimal, or the option id
    std::int64_t integer = 0;
};

struct CountedResponse {
    std::string survey;
    std::string service;      // "" when the response names none
    std::vector<CountedAnswer> answers;  // the response's own, then the session's it does not answer itself
    std::vector<std::string> comments;   // the response's answers in words (never an option id), for their terms
};

// Nothing when the payload is not a survey response the hub can read (it is
// then counted as nothing: record_rules refused such a record before).
[[nodiscard]] std::optional<CountedResponse> countedResponse(std::string_view payload);

}  // namespace fangsiang::hub::reports
