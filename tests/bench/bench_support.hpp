#pragma once
// What the benchmark programs share: stopping with a message when a step
// they measure around fails (a benchmark that goes on after a failure
// prints figures of nothing).

#include "core/result.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace fangsiang::bench {

// The program's name in its messages; each benchmark sets it first.
inline const char* programName = "bench";

[[noreturn]] inline void die(const std::string& what) {
    std::fprintf(stderr, "%s: %s\n", programName, what.c_str());
    std::exit(1);
}

template <typename T>
T must(core::Result<T> r, const char* what) {
    if (!r)
        die(std::string(what) + ": " + r.error().message);
    return std::move(*r);
}

inline void must(const core::Status& s, const char* what) {
    if (!s)
        die(std::string(what) + ": " + s.error().message);
}

}  // namespace fangsiang::bench
