#include "core/clock.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang::core;

TEST_CASE("times are written as UTC calendar time", "[clock]") {
    CHECK(utcText(0) == "1970-01-01 00:00:00 UTC");
    CHECK(utcText(1'763'456'000'999) == "2025-11-18 08:53:20 UTC");  // the milliseconds are dropped
    CHECK(utcText(1'763'456'000'000, "%Y%m%dT%H%M%SZ") == "20251118T085320Z");
}

TEST_CASE("a time no calendar year holds is written as its count", "[clock]") {
    CHECK(utcText(-5) == "-5 ms after 1970");
    CHECK(utcText(253'402'300'800'000) == "253402300800000 ms after 1970");  // the year 10000
    CHECK(utcText(253'402'300'799'000) == "9999-12-31 23:59:59 UTC");
}
