// The hub's memory of device-signed requests: a request within the time
// window once, never twice, never before the hub started, and never more
// remembered than the bounds allow.

#include "hub/request_window.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::hub;
using Verdict = RequestWindow::Verdict;

namespace {

constexpr std::int64_t kStart = test::kTestTimeMs;
constexpr std::int64_t kWindow = sync::kRequestWindowMs;

sync::PublicKey deviceKey(std::uint8_t n) {
    sync::PublicKey key{};
    key.fill(n);
    return key;
}

sync::Nonce nonceOf(std::uint32_t n) {
    sync::Nonce nonce{};
    core::storeLittleEndian(nonce.data(), n);
    return nonce;
}

}  // namespace

TEST_CASE("a request is taken once within the window of the hub's clock", "[hub][request]") {
    RequestWindow window(kStart);
    const auto device = deviceKey(1);
    const std::int64_t now = kStart + 60'000;
    CHECK(window.admit(device, nonceOf(1), now, now) == Verdict::Fresh);
    CHECK(window.admit(device, nonceOf(1), now, now) == Verdict::Seen);
    CHECK(window.admit(device, nonceOf(1), now, now + 65'000) == Verdict::Seen);   // replayed 65 s later
    CHECK(window.admit(device, nonceOf(1), now, now + kWindow + 1) == Verdict::OutsideWindow);  // and later still
    CHECK(window.admit(device, nonceOf(2), now, now) == Verdict::Fresh);
    // The same nonce from another device is that device's own request.
    CHECK(window.admit(deviceKey(2), nonceOf(1), now, now) == Verdict::Fresh);

    SECTION("at the edges of the window") {
        const std::int64_t later = kStart + 3 * kWindow;
        CHECK(window.admit(device, nonceOf(10), later - kWindow, later) == Verdict::Fresh);
        CHECK(window.admit(device, nonceOf(11), later + kWindow, later) == Verdict::Fresh);
        CHECK(window.admit(device, nonceOf(12), later - kWindow - 1, later) == Verdict::OutsideWindow);
        CHECK(window.admit(device, nonceOf(13), later + kWindow + 1, later) == Verdict::OutsideWindow);
    }
    SECTION("hours off either way") {
        const std::int64_t later = kStart + 10 * 3'600'000;
        CHECK(window.admit(device, nonceOf(20), later - 3 * 3'600'000, later) == Verdict::OutsideWindow);
        CHECK(window.admit(device, nonceOf(21), later + 3 * 3'600'000, later) == Verdict::OutsideWindow);
        CHECK(window.admit(device, nonceOf(22), 0, later) == Verdict::OutsideWindow);  // a Pi that booted in 1970
    }
}

TEST_CASE("a restarted hub refuses requests dated before it started", "[hub][request]") {
    // The nonces it saw before are forgotten; what was signed before the
    // start cannot come in again.
    RequestWindow window(kStart);
    CHECK(window.admit(deviceKey(1), nonceOf(1), kStart - 1, kStart + 1'000) == Verdict::OutsideWindow);
    CHECK(window.admit(deviceKey(1), nonceOf(1), kStart, kStart + 1'000) == Verdict::Fresh);
}

TEST_CASE("nonces are forgotten once their request is out of the window", "[hub][request]") {
    RequestWindow window(kStart);
    const auto device = deviceKey(1);
    for (std::uint32_t i = 0; i < 100; ++i)
        REQUIRE(window.admit(device, nonceOf(i), kStart + i, kStart + i) == Verdict::Fresh);
    CHECK(window.size() == 100);
    CHECK(window.admit(device, nonceOf(1000), kStart + kWindow + 50, kStart + kWindow + 50) == Verdict::Fresh);
    CHECK(window.size() == 51);  // requests 0..49 can no longer pass the time check: gone
    CHECK(window.admit(device, nonceOf(1001), kStart + 3 * kWindow, kStart + 3 * kWindow) == Verdict::Fresh);
    CHECK(window.size() == 1);
}

TEST_CASE("the memory of nonces is bounded, per device and in all", "[hub][request]") {
    RequestWindow window(kStart, RequestWindowLimits{10, 4});
    const std::int64_t now = kStart + 1'000;
    for (std::uint32_t i = 0; i < 4; ++i)
        REQUIRE(window.admit(deviceKey(1), nonceOf(i), now, now) == Verdict::Fresh);
    // One device (or a stolen key) cannot crowd the others out ...
    CHECK(window.admit(deviceKey(1), nonceOf(4), now, now) == Verdict::Full);
    for (std::uint8_t d = 2; d <= 3; ++d)
        for (std::uint32_t i = 0; i < 3; ++i)
            REQUIRE(window.admit(deviceKey(d), nonceOf(i), now, now) == Verdict::Fresh);
    // ... and past the total the hub is busy rather than forget a nonce.
    CHECK(window.size() == 10);
    CHECK(window.admit(deviceKey(4), nonceOf(0), now, now) == Verdict::Full);
    CHECK(window.admit(deviceKey(1), nonceOf(0), now, now) == Verdict::Seen);
    // Once the window has passed, there is room again.
    CHECK(window.admit(deviceKey(4), nonceOf(0), now + kWindow + 1, now + kWindow + 1) == Verdict::Fresh);
    CHECK(window.size() == 1);
}
