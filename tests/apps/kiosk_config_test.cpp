#include "kiosk_config.hpp"

#include "core/files.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

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
    CHECK(errorOf(office + "[printers]\nkind = \"x\"\n").find("printers: is not a section") != std::string::npos);
    CHECK(errorOf(office + "[hub]\nurl = \"ftp://hub\"\n").find("hub.url: must start with https://") !=
          std::string::npos);
}

TEST_CASE("the receipt printer is read from [printer], PNG files when there is none", "[config][printer]") {
    const std::string office = "[office]\nname = \"อบต.ทดสอบ\"\ncode = \"12345\"\n";
    SECTION("no [printer]: PNG files") {
        auto config = parseKioskConfig(office, "kiosk.toml", "/srv");
        REQUIRE(config.ok());
        CHECK(config->printer.kind == PrinterKind::Png);
        CHECK(config->printer.escpos.paperDots == 384);
    }
    SECTION("a device file on 80 mm paper, dithered, no cut") {
        auto config = parseKioskConfig(office + "[printer]\nkind = \"device\"\ndevice = \"/dev/usb/lp0\"\n"
                                                "paper_mm = 80\nhalftone = \"dither\"\nfeed_lines = 6\ncut = false\n",
                                       "kiosk.toml", "/srv");
        INFO((config.ok() ? "" : config.error().message));
        REQUIRE(config.ok());
        CHECK(config->printer.kind == PrinterKind::Device);
        CHECK(config->printer.device == "/dev/usb/lp0");
        CHECK(config->printer.escpos.paperDots == 576);
        CHECK(config->printer.escpos.halftone == kiosk::escpos::Halftone::FloydSteinberg);
        CHECK(config->printer.escpos.feedLines == 6);
        CHECK_FALSE(config->printer.escpos.cut);
    }
    SECTION("a CUPS queue") {
        auto config = parseKioskConfig(office + "[printer]\nkind = \"cups\"\nqueue = \"receipts\"\n", "kiosk.toml", "/srv");
        REQUIRE(config.ok());
        CHECK(config->printer.kind == PrinterKind::Cups);
        CHECK(config->printer.queue == "receipts");
    }
}

TEST_CASE("each bad printer setting is named with its line", "[config][printer]") {
    const std::string office = "[office]\nname = \"อบต.ทดสอบ\"\ncode = \"12345\"\n[printer]\n";
    struct Bad {
        const char* toml;
        const char* error;
    };
    const Bad bad = GENERATE(
        Bad{"kind = \"laser\"\n", "kiosk.toml:5: printer.kind: must be \"png\", \"device\" or \"cups\""},
        Bad{"kind = \"device\"\n", "kiosk.toml:5: printer.device: is missing: the printer's device file, e.g. \"/dev/usb/lp0\""},
        Bad{"kind = \"device\"\ndevice = \"lp0\"\n", "kiosk.toml:6: printer.device: must be a full path such as \"/dev/usb/lp0\""},
        Bad{"kind = \"cups\"\n", "kiosk.toml:5: printer.queue: is missing: the CUPS queue's name, as lpstat -p lists it"},
        Bad{"kind = \"cups\"\nqueue = \"my printer\"\n", "kiosk.toml:6: printer.queue: a CUPS queue's name has no spaces, slashes or #"},
        Bad{"device = \"/dev/usb/lp0\"\n", "kiosk.toml:5: printer.device: is only for kind = \"device\""},
        Bad{"kind = \"device\"\ndevice = \"/dev/usb/lp0\"\nqueue = \"q\"\n", "kiosk.toml:7: printer.queue: is only for kind = \"cups\""},
        Bad{"paper_mm = 57\n", "kiosk.toml:5: printer.paper_mm: must be 58 or 80 (the paper's width in mm)"},
        Bad{"paper_mm = \"58\"\n", "kiosk.toml:5: printer.paper_mm: must be a whole number"},
        Bad{"halftone = \"halftone\"\n", "kiosk.toml:5: printer.halftone: must be \"threshold\" or \"dither\""},
        Bad{"feed_lines = 300\n", "kiosk.toml:5: printer.feed_lines: must be between 0 and 255"},
        Bad{"cut = \"yes\"\n", "kiosk.toml:5: printer.cut: must be true or false"},
        Bad{"port = 9100\n", "kiosk.toml:5: printer.port: is not a setting this program knows (check the spelling)"});
    CHECK(errorOf(office + bad.toml) == bad.error);
}

TEST_CASE("the example config shipped with the kiosk is valid", "[config]") {
    auto config = loadKioskConfig(FANGSIANG_EXAMPLE_CONFIG);
    INFO((config.ok() ? "" : config.error().message));
    REQUIRE(config.ok());
    CHECK(config->officeCode == "6340105");
    CHECK(config->dataDir == "/var/lib/fangsiang-kiosk");
}

// [SECTION] Hostile files
// Whatever a kiosk.toml holds, reading it ends in a config or in an error
// naming the file and line: never a crash inside the parser.

namespace {

std::string repeat(std::string_view part, std::size_t times) {
    std::string out;
    out.reserve(part.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        out += part;
    return out;
}

}  // namespace

TEST_CASE("a hostile kiosk.toml gets an error naming its line, not a crash", "[config][security]") {
    const std::string office = "[office]\nname = \"อบต.ทดสอบ\"\ncode = \"12345\"\n";
    using Catch::Matchers::StartsWith;
    using Catch::Matchers::Contains;
    struct Case {
        const char* what;
        std::string text;
        const char* line;
        const char* says;
    };
    const std::vector<Case> cases = {
        // 80 KB: past the size limit before any part is counted.
        {"a table header of 40,000 dotted parts", office + "[a" + repeat(".a", 39'999) + "]\n", "kiosk.toml:4:",
         "goes on past 64 KiB"},
        // 40 KB, and as deadly to toml++ (a SIGSEGV when handed over as is).
        {"a table header of 20,000 dotted parts", office + "[a" + repeat(".a", 19'999) + "]\n", "kiosk.toml:4:",
         "dotted parts"},
        {"a dotted key of 20,000 parts", office + "a" + repeat(".a", 19'999) + " = 1\n", "kiosk.toml:4:",
         "dotted parts"},
        {"an array of tables of 20,000 parts", office + "[[a" + repeat(".a", 19'999) + "]]\n", "kiosk.toml:4:",
         "dotted parts"},
        {"quoted parts of a dotted key", office + "\"a\"" + repeat(".\"a\"", 100) + " = 1\n", "kiosk.toml:4:",
         "dotted parts"},
        {"a dotted key inside an inline table", office + "x = { a" + repeat(".a", 100) + " = 1 }\n",
         "kiosk.toml:4:", "dotted parts"},
        {"inline tables 10,000 deep", office + "x = " + repeat("{a = ", 10'000) + "1" + repeat("}", 10'000) + "\n",
         "kiosk.toml:4:", "nested more than"},
        {"arrays 30,000 deep", office + "x = " + repeat("[", 30'000) + repeat("]", 30'000) + "\n", "kiosk.toml:4:",
         "nested more than"},
        {"arrays deep over several lines", office + "x = [\n" + repeat("[\n", 100), "kiosk.toml:", "nested more than"},
        {"a huge file", office + repeat("# ........................................\n", 10'000), "kiosk.toml:",
         "goes on past 64 KiB"},
        {"a NUL byte between settings", office + "[kiosk]\n" + std::string(1, '\0') + "language = \"en\"\n",
         "kiosk.toml:5:", "NUL byte"},
        {"a NUL byte in a string", office + "[hub]\nurl = \"http://a" + std::string(1, '\0') + "b\"\n", "kiosk.toml:5:",
         "NUL byte"},
        {"a NUL byte in a comment", office + "# " + std::string(1, '\0') + "\n", "kiosk.toml:4:", "NUL byte"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const std::string message = errorOf(c.text);
        CHECK_THAT(message, StartsWith(c.line) && Contains(c.says));
    }

    SECTION("the huge file's error is on the line where it passes the limit") {
        const std::string text = repeat("# 16 bytes each\n", 8192);  // 128 KiB, 16 B a line
        CHECK_THAT(errorOf(text), StartsWith("kiosk.toml:4097: the file goes on past 64 KiB"));
    }
}

TEST_CASE("dots, brackets and quotes inside strings and comments are not counted", "[config][security]") {
    const std::string dots = repeat(".[{", 200);
    const std::string text = "# " + dots + "\n[office] # " + dots + "\nname = \"" + dots + "\"\ncode = '12345'\n" +
                             "[kiosk]\nfont = '''" + dots + "\n" + dots + "'''\ncontent = \"\"\"" + dots +
                             "\\\"\"\"\"\n" + "[hub]\nurl = \"https://hub.example\\\"" + dots + "\"\n";
    auto config = parseKioskConfig(text, "kiosk.toml", "/etc/fangsiang");
    INFO((config.ok() ? "" : config.error().message));
    REQUIRE(config.ok());
    CHECK(config->officeName == dots);
    CHECK(config->hubUrl == "https://hub.example\"" + dots);

    SECTION("and a config at the limits still reads") {
        const std::string nested = "[office]\nname = \"x\"\ncode = \"12345\"\n[kiosk]\nlanguage = \"en\"\n";
        auto ok = parseKioskConfig(nested + std::string(kMaxKioskConfigBytes - nested.size(), '\n'), "kiosk.toml",
                                   "/srv");
        INFO((ok.ok() ? "" : ok.error().message));
        CHECK(ok.ok());
        // Depth and dotted keys the parser reaches, then refuses as unknown settings.
        CHECK_THAT(errorOf("x = " + repeat("[", kMaxKioskConfigNesting) + repeat("]", kMaxKioskConfigNesting) +
                           "\n" + nested),
                   Catch::Matchers::Contains("x: is not a section"));
        CHECK_THAT(errorOf(nested + "[a" + repeat(".a", kMaxKioskConfigKeyComponents - 1) + "]\n"),
                   Catch::Matchers::Contains("a: is not a section"));
    }
}

TEST_CASE("a kiosk.toml file over 64 KiB is refused by the line where it passes the limit", "[config][security]") {
    test::TempDir dir;
    const auto file = dir.path() / "kiosk.toml";
    REQUIRE(core::writeFileAtomically(file, core::asBytes(repeat("# a comment of 32 bytes, newlin\n", 32768)), 0600).ok());
    auto config = loadKioskConfig(file);  // 1 MiB
    REQUIRE_FALSE(config.ok());
    CHECK_THAT(config.error().message, Catch::Matchers::StartsWith(file.string() + ":2049: the file goes on past 64 KiB"));
}

TEST_CASE("fangsiang-kiosk run with a hostile kiosk.toml exits with the line, not a signal", "[config][security]") {
    struct Case {
        std::size_t parts;
        const char* says;
    };
    const auto c = GENERATE(Case{40'000, ":4: the file goes on past 64 KiB"},
                            Case{20'000, ":4: a key or [section] of more than 32 dotted parts"});
    test::TempDir dir;
    const auto file = dir.path() / "kiosk.toml";
    const std::string text = "[office]\nname = \"x\"\ncode = \"12345\"\n[a" + repeat(".a", c.parts - 1) + "]\n";
    REQUIRE(core::writeFileAtomically(file, core::asBytes(text), 0600).ok());
    const auto run = test::runProgram(std::string(FANGSIANG_KIOSK_EXE) + " run --config '" + file.string() + "' 2>&1");
    INFO(run.output);
    REQUIRE(run.exited());  // not killed by SIGSEGV
    CHECK(run.exitCode() == 1);
    CHECK_THAT(run.output, Catch::Matchers::Contains(file.string() + c.says));
}

TEST_CASE("the staff PIN and the field enumerators are read from [staff] and [field]", "[config][field]") {
    const std::string office = "[office]\nname = \"อบต.ทดสอบ\"\ncode = \"12345\"\n";
    auto config = parseKioskConfig(office +
                                       "[staff]\npin_hash = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\"\n"
                                       "idle_lock_s = 60\n"
                                       "[field]\nenumerators = [{id = \"somsri\", name = \"สมศรี ใจงาม\"}, "
                                       "{id = \"anan\", name = \"อนันต์ ทองดี\"}]\n",
                                   "kiosk.toml", "/srv");
    INFO((config.ok() ? "" : config.error().message));
    REQUIRE(config.ok());
    CHECK(config->staffPinHash.rfind("$argon2id$", 0) == 0);
    CHECK(config->staffIdleMs == 60'000);
    REQUIRE(config->enumerators.size() == 2);
    CHECK(config->enumerators[1].id == "anan");
    CHECK(config->enumerators[1].name == "อนันต์ ทองดี");

    const auto [bad, words] = GENERATE(table<std::string, std::string>({
        {"[staff]\npin_hash = \"2468\"\n", "staff.pin_hash: must be an Argon2id hash"},
        {"[field]\nenumerators = \"somsri\"\n", "field.enumerators: must be a list"},
        {"[field]\nenumerators = [{id = \"Somsri\", name = \"x\"}]\n", "must be lower-case letters"},
        {"[field]\nenumerators = [{id = \"a\", name = \"x\", phone = \"1\"}]\n", "nothing else"},
        {"[field]\nenumerators = [{id = \"a\", name = \"x\"}, {id = \"a\", name = \"y\"}]\n", "is listed twice"},
        {"[field]\nenumerator = []\n", "is not a setting this program knows"},
    }));
    CHECK_THAT(errorOf(office + bad), Catch::Matchers::Contains(words));
}
