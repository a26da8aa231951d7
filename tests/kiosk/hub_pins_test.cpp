#include "kiosk/hub_pins.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;

TEST_CASE("the hub's pinned keys are saved and loaded intact", "[hub_pins]") {
    TempDir dir;
    HubPins pins;
    pins.hubSigningKey.fill(0x11);
    pins.hubBoxKey.fill(0x22);
    pins.hubUrl = "http://127.0.0.1:8080";
    pins.officeCode = "6340105";
    pins.officeName = "เทศบาลตำบลบ้านสวน";
    pins.enrolledAtMs = kTestTimeMs;
    pins.deviceNumber = 3;
    REQUIRE(saveHubPins(dir.path(), pins).ok());

    auto loaded = loadHubPins(dir.path());
    REQUIRE(loaded.ok());
    CHECK(loaded->hubSigningKey == pins.hubSigningKey);
    CHECK(loaded->hubBoxKey == pins.hubBoxKey);
    CHECK(loaded->hubUrl == pins.hubUrl);
    CHECK(loaded->officeCode == pins.officeCode);
    CHECK(loaded->officeName == pins.officeName);
    CHECK(loaded->enrolledAtMs == pins.enrolledAtMs);
    CHECK(loaded->deviceNumber == 3);
}

TEST_CASE("a missing or bad hub.json says what is wrong", "[hub_pins]") {
    TempDir dir;
    auto write = [&](const std::string& text) {
        REQUIRE(writeFileAtomically(dir / kHubPinsFile, asBytes(text), 0644).ok());
    };
    SECTION("not enrolled") {
        auto result = loadHubPins(dir.path());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::NotFound);
        CHECK(result.error().message.find("not enrolled") != std::string::npos);
    }
    SECTION("not JSON") {
        write("hub=1");
        CHECK(loadHubPins(dir.path()).error().code == ErrorCode::Corrupt);
    }
    SECTION("a key of the wrong length names the field") {
        write(R"({"hub_signing_key":"abcd","hub_box_key":"","hub_url":"x","office_code":"1"})");
        auto result = loadHubPins(dir.path());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("hub_signing_key") != std::string::npos);
    }
    SECTION("a missing field is named") {
        write(R"({"hub_signing_key":")" + std::string(64, 'a') + R"(","hub_box_key":")" + std::string(64, 'b') +
              R"(","office_code":"1"})");
        auto result = loadHubPins(dir.path());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("hub_url") != std::string::npos);
    }
}
