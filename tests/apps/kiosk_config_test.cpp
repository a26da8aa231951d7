#include "kiosk_config.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;

namespace {

const char* kGood = R"(
[office]
name = "เทศบาลตำบลบ้านสวนดอกไม้"
code = "6340105"

[kiosk]
data = "var/data"
content = "/usr/share/fangsiang/content"
idle_timeout_s = 120
idle_countdown_s = 10
language = "en"
theme = "high-contrast"
font = "/usr/share/fonts/truetype/tlwg/Loma.ttf"
fullscreen = false

[hub]
url = "https://hub.bansuandokmai.go.th"
)";

std::string errorOf(const std::string& toml) {
    auto result = parseKioskConfig(toml, "kiosk.toml", "/etc/fangsiang");
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

}  // namespace

TEST_CASE("a complete kiosk config is read with every setting", "[config]") {
    auto config = parseKioskConfig(kGood, "kiosk.toml", "/etc/fangsiang");
    INFO((config.ok() ? "" : config.error().message));
    REQUIRE(config.ok());
    CHECK(config->officeName == "เทศบาลตำบลบ้านสวนดอกไม้");
    CHECK(config->officeCode == "6340105");
    CHECK(config->dataDir == "/etc/fangsiang/var/data");  // relative to the config file
    CHECK(config->contentDir == "/usr/share/fangsiang/content");
    CHECK(config->idle.timeoutMs == 120'000);
    CHECK(config->idle.countdownMs == 10'000);
    CHECK(config->language == core::Language::English);
    CHECK(config->theme == ThemeChoice::HighContrast);
    CHECK_FALSE(config->fullscreen);
    CHECK(config->hubUrl == "https://hub.bansuandokmai.go.th");
}

TEST_CASE("a minimal config takes the defaults", "[config]") {
    auto config = parseKioskConfig("[office]\nname = \"อบต.ทดสอบ\"\ncode = \"12345\"\n", "kiosk.toml", "/srv");
    REQUIRE(config.ok());
    CHECK(config->dataDir == "/srv/data");
    CHECK(config->language == core::Language::Thai);
    CHECK(config->theme == ThemeChoice::Default);
    CHECK(config->fullscreen);
    CHECK(config->idle.timeoutMs == kiosk::IdlePolicy{}.timeoutMs);
}

TEST_CASE("each bad config value is named with its line", "[config]") {
    const std::string office = "[office]\nname = \"อบต.ทดสอบ\"\ncode = \"12345\"\n";
    CHECK(errorOf("[office\n").find("kiosk.toml:1:") == 0);
    CHECK(errorOf("[office]\ncode = \"12345\"\n").find("office.name: is missing") != std::string::npos);
    CHECK(errorOf("[office]\nname = \"x\"\ncode = \"12a45\"\n") == "kiosk.toml:3: office.code: must be 5 to 10 digits");
    CHECK(errorOf(office + "[kiosk]\nidle_timeout_s = 5\n") ==
          "kiosk.toml:5: kiosk.idle_timeout_s: must be between 15 and 3600");
    CHECK(errorOf(office + "[kiosk]\nidle_timeout_s = \"90\"\n") ==
          "kiosk.toml:5: kiosk.idle_timeout_s: must be a whole number");
    CHECK(errorOf(office + "[kiosk]\nlanguage = \"lao\"\n") == "kiosk.toml:5: kiosk.language: must be \"th\" or \"en\"");
    CHECK(errorOf(office + "[kiosk]\ntheme = \"dark\"\n").find("kiosk.theme: must be") != std::string::npos);
    CHECK(errorOf(office + "[kiosk]\nfullscreen = 1\n").find("must be true or false") != std::string::npos);
    CHECK(errorOf(office + "[kiosk]\nidle_timout_s = 90\n") ==
          "kiosk.toml:5: kiosk.idle_timout_s: is not a setting this program knows (check the spelling)");
    CHECK(errorOf(office + "[printer]\nmodel = \"x\"\n").find("printer: is not a section") != std::string::npos);
    CHECK(errorOf(office + "[hub]\nurl = \"ftp://hub\"\n").find("hub.url: must start with https://") !=
          std::string::npos);
}

TEST_CASE("the example config shipped with the kiosk is valid", "[config]") {
    auto config = loadKioskConfig(FANGSIANG_EXAMPLE_CONFIG);
    INFO((config.ok() ? "" : config.error().message));
    REQUIRE(config.ok());
    CHECK(config->officeCode == "6340105");
    CHECK(config->dataDir == "/var/lib/fangsiang");
}
