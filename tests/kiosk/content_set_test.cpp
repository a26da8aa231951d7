// The kiosk's content while it runs: an edited file or a new bundle goes on
// show at the next Welcome screen, a broken one is refused and the content
// on show stays, and a kiosk restarted over a broken file shows the last
// copy that loaded.

#include "kiosk/runtime.hpp"

#include "sync_test_support.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;

namespace {

using test::TempDir;

std::string readText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

struct Office {
    TempDir dir;
    RuntimeOptions options;
    HubPins pins;
    fs::path catalogueFile;
    std::string original;

    Office() {
        REQUIRE(sodiumInit().ok());
        fs::copy(fs::path(FANGSIANG_ASSETS_DIR) / "content", dir.path() / "content", fs::copy_options::recursive);
        options.officeCode = "6340105";
        options.contentDir = dir.path() / "content";
        options.dataDir = dir.path() / "data";
        pins.hubBoxKey = randomBoxKeyPair().publicKey;
        pins.officeCode = "6340105";
        pins.deviceNumber = 2;
        catalogueFile = options.contentDir / "catalogue.json";
        original = readText(catalogueFile);
    }

    std::unique_ptr<KioskRuntime> open() {
        auto runtime = KioskRuntime::open(options, pins);
        INFO((runtime.ok() ? "" : runtime.error().message));
        REQUIRE(runtime.ok());
        return std::move(*runtime);
    }
};

const std::string kOfficeTh = "เทศบาลตำบลบ้านสวนดอกไม้";
const std::string kRenamedTh = "เทศบาลตำบลบ้านสวนดอกไม้งาม";

}  // namespace

TEST_CASE("an edited content file goes on show at the next Welcome screen", "[kiosk][content]") {
    Office office;
    auto rt = office.open();
    std::int64_t now = core::wallClockMs();
    CHECK(rt->contentSource().find("installed content") != std::string::npos);
    CHECK_FALSE(rt->refreshContent(now));  // nothing changed

    // A citizen is on the Home screen when the file changes.
    rt->flow().start(now);
    writeText(office.catalogueFile, replaced(office.original, "\"th\": \"" + kOfficeTh, "\"th\": \"" + kRenamedTh));
    CHECK_FALSE(rt->refreshContent(now += 5000));
    CHECK(rt->catalogue().office().name.th == kOfficeTh);
    CHECK(rt->flow().screen() == Screen::Home);

    // Once they are done, the new content is what the next citizen sees.
    rt->flow().finish(now);
    CHECK(rt->refreshContent(now += 100));
    CHECK(rt->catalogue().office().name.th == kRenamedTh);
    CHECK(&rt->flow().catalogue() == &rt->catalogue());
    CHECK_FALSE(rt->refreshContent(now += 5000));
}

TEST_CASE("a broken content file is refused and the content on show stays", "[kiosk][content]") {
    Office office;
    auto rt = office.open();
    std::int64_t now = core::wallClockMs();

    // A fee written as words: the file is refused, the kiosk carries on.
    writeText(office.catalogueFile, replaced(office.original, "\"fee_baht\": 0", "\"fee_baht\": \"free\""));
    CHECK_FALSE(rt->refreshContent(now += 5000));
    CHECK(rt->catalogue().office().name.th == kOfficeTh);
    CHECK(rt->catalogue().services().size() >= 20);
    rt->flow().start(now);
    rt->flow().openServices(now);
    CHECK(rt->flow().screen() == Screen::ServiceCategories);

    // Not even half a file (an editor saving in two writes) gets through.
    writeText(office.catalogueFile, office.original.substr(0, office.original.size() / 2));
    CHECK_FALSE(rt->refreshContent(now += 5000));
    CHECK(rt->catalogue().office().name.th == kOfficeTh);
}

TEST_CASE("a kiosk restarted over a broken content file shows the last copy that loaded", "[kiosk][content]") {
    Office office;
    {
        writeText(office.catalogueFile, replaced(office.original, "\"th\": \"" + kOfficeTh, "\"th\": \"" + kRenamedTh));
        auto rt = office.open();  // loads, and keeps a copy
        CHECK(rt->catalogue().office().name.th == kRenamedTh);
    }
    writeText(office.catalogueFile, replaced(office.original, "\"fee_baht\": 0", "\"fee_baht\": -5"));
    auto rt = office.open();
    CHECK(rt->catalogue().office().name.th == kRenamedTh);
    CHECK(rt->contentSource().find("last good copy") != std::string::npos);

    // Fixed again: the kiosk picks the file up without a restart.
    rt->flow().finish(core::wallClockMs());
    writeText(office.catalogueFile, office.original);
    CHECK(rt->refreshContent(core::wallClockMs() + 5000));
    CHECK(rt->catalogue().office().name.th == kOfficeTh);
    CHECK(rt->contentSource().find("installed content") != std::string::npos);
}

TEST_CASE("a first start over a broken content file names the file, the entry and the field", "[kiosk][content]") {
    Office office;
    writeText(office.catalogueFile, replaced(office.original, "\"fee_baht\": 0", "\"fee_baht\": \"free\""));
    auto rt = KioskRuntime::open(office.options, office.pins);
    REQUIRE_FALSE(rt.ok());
    const std::string& message = rt.error().message;
    INFO(message);
    CHECK(message.find("catalogue.json") != std::string::npos);
    CHECK(message.find("fee_baht") != std::string::npos);
    CHECK(message.find("service") != std::string::npos);
    CHECK_FALSE(fs::exists(office.options.dataDir / "content-last-good" / "catalogue.json"));
}

TEST_CASE("content the hub publishes goes on show without a restart", "[kiosk][content][sync]") {
    Office office;
    fangsiang::test::TestHub hub;
    auto enrolled = fangsiang::sync::enrol(office.options.dataDir, hub.url(), hub.newCode());
    INFO((enrolled.ok() ? "" : enrolled.error().message));
    REQUIRE(enrolled.ok());
    auto runtime = KioskRuntime::open(office.options);  // enrolled: no fallback pins
    REQUIRE(runtime.ok());
    auto& rt = **runtime;
    CHECK(rt.enrolled());
    CHECK(rt.contentSource().find("installed content") != std::string::npos);

    // The office renames itself at the hub and publishes.
    TempDir published;
    fs::copy(office.options.contentDir, published.path(), fs::copy_options::recursive);
    writeText(published.path() / "catalogue.json",
              replaced(office.original, "\"th\": \"" + kOfficeTh, "\"th\": \"" + kRenamedTh));
    auto version = hub.service().publish(published.path());
    REQUIRE(version.ok());

    auto client = fangsiang::sync::SyncClient::open(office.options.dataDir);
    REQUIRE(client.ok());
    REQUIRE(client->pull().ok());
    CHECK(rt.refreshContent(core::wallClockMs() + 5000));
    CHECK(rt.catalogue().office().name.th == kRenamedTh);
    CHECK(rt.contentSource() == "the hub's content version " + std::to_string(*version));

    // An edit to the installed files changes nothing now: the hub's word wins.
    writeText(office.catalogueFile, replaced(office.original, "\"fee_baht\": 0", "\"fee_baht\": 5"));
    CHECK_FALSE(rt.refreshContent(core::wallClockMs() + 10000));
    CHECK(rt.catalogue().office().name.th == kRenamedTh);
}

TEST_CASE("the office's announcements reach the Welcome screen, and a broken file changes nothing", "[kiosk][content]") {
    Office office;
    const fs::path file = office.options.contentDir / "announcements.json";
    auto rt = office.open();
    std::int64_t now = core::wallClockMs();
    const auto shown = rt->announcements(now);
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front().id == "waste-collection-days");

    // A new notice is picked up like any content edit.
    writeText(file, R"({"format": 1, "announcements": [
        {"id": "water-cut", "title": {"th": "งดจ่ายน้ำประปา", "en": "Water cut"},
         "body": {"th": "หมู่ที่ 4 งดจ่ายน้ำ 09:00–15:00 น.", "en": "Village 4, 09:00–15:00"}}]})");
    CHECK(rt->refreshContent(now += 5000));
    REQUIRE(rt->announcements(now).size() == 1);
    CHECK(rt->announcements(now).front().title.th == "งดจ่ายน้ำประปา");

    // A broken one is refused whole: the notice on show stays.
    writeText(file, R"({"format": 1, "announcements": [{"id": "x", "title": {"th": "ก"}}]})");
    CHECK_FALSE(rt->refreshContent(now += 5000));
    REQUIRE(rt->announcements(now).size() == 1);
    CHECK(rt->announcements(now).front().id == "water-cut");

    // None at all is fine too.
    fs::remove(file);
    CHECK(rt->refreshContent(now += 5000));
    CHECK(rt->announcements(now).empty());
}

TEST_CASE("a file changed and changed back before Welcome leaves the content as it was", "[kiosk][content]") {
    Office office;
    auto rt = office.open();
    std::int64_t now = core::wallClockMs();
    rt->flow().start(now);
    writeText(office.catalogueFile, replaced(office.original, "\"th\": \"" + kOfficeTh, "\"th\": \"" + kRenamedTh));
    CHECK_FALSE(rt->refreshContent(now += 5000));  // waits for Welcome
    writeText(office.catalogueFile, office.original);  // and back again
    CHECK_FALSE(rt->refreshContent(now += 5000));
    rt->flow().finish(now);
    CHECK_FALSE(rt->refreshContent(now += 100));
    CHECK(rt->catalogue().office().name.th == kOfficeTh);
}
