// The kiosk end to end: the real screens under SDL's offscreen driver, a
// scripted citizen filing a complaint with contact details and answering the
// survey, a real store in a temporary folder.

#include "kiosk_demo.hpp"

#include "test_support.hpp"

#include "core/crypto.hpp"
#include "core/files.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;
using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;

namespace {

std::string fileText(const fs::path& path) {
    auto bytes = readFile(path, 1u << 30);
    return bytes ? std::string(bytes->begin(), bytes->end()) : std::string();
}

}  // namespace

TEST_CASE("a citizen files a complaint with contact details on the real screens", "[e2e][kiosk]") {
    REQUIRE(sodiumInit().ok());
    test::TempDir dir;
    const auto hub = randomBoxKeyPair();
    fangsiang::KioskConfig config;
    config.officeName = "เทศบาลตำบลบ้านสวนดอกไม้";
    config.officeCode = "6340105";
    config.contentDir = fs::path(FANGSIANG_ASSETS_DIR) / "content";
    config.dataDir = dir.path() / "data";
    HubPins pins;
    pins.hubBoxKey = hub.publicKey;
    pins.officeCode = "6340105";
    pins.deviceNumber = 7;

    auto app = fangsiang::KioskApp::open(config, pins);
    INFO((app.ok() ? "" : app.error().message));
    REQUIRE(app.ok());
    auto& runtime = (*app)->runtime();
    auto result = fangsiang::runScriptedDemo(**app, dir.path() / "screens", 800, 480, Language::Thai);
    INFO((result.ok() ? "" : result.error().message));
    REQUIRE(result.ok());

    // One complaint and one survey response, both signed and chained.
    auto& store = runtime.store();
    auto report = store.verify();
    REQUIRE(report.ok());
    CHECK(report->ok());
    CHECK(report->checked == 2);
    auto complaint = store.get(1);
    REQUIRE(complaint.ok());
    REQUIRE(complaint->has_value());
    const Record& r = **complaint;
    CHECK(r.kind() == RecordKind::Complaint);
    CHECK(result->ticket == Ticket{"6340105", 7, 1}.text());
    auto payload = nlohmann::json::parse(r.payload());
    CHECK(payload["category"] == "roads-lights");
    CHECK(payload["village"] == "4");
    CHECK(payload["text"].get<std::string>().find("ไฟส่องสว่าง") == 0);

    // The contact details are sealed: they open with the hub's key only,
    // and appear nowhere in the database files.
    REQUIRE(r.hasPersonalData());
    auto contact = openSealed(r.sealedPersonalData(), hub);
    REQUIRE(contact.ok());
    auto opened = nlohmann::json::parse(std::string(contact->begin(), contact->end()));
    CHECK(opened["phone"] == "0812345678");
    CHECK(opened["name"] == "สมหญิง ใจดี");
    for (const char* file : {"records.db", "records.db-wal"}) {
        const std::string bytes = fileText(config.dataDir / file);
        CHECK(bytes.find("0812345678") == std::string::npos);
        CHECK(bytes.find("สมหญิง") == std::string::npos);
    }

    auto survey = store.get(2);
    REQUIRE(survey.ok());
    REQUIRE(survey->has_value());
    CHECK((*survey)->kind() == RecordKind::SurveyResponse);
    CHECK(nlohmann::json::parse((*survey)->payload())["answers"]["overall"] == 5);

    // The printed receipt and a PNG of every screen exist.
    CHECK(fs::exists(result->receipt));
    CHECK(fs::file_size(result->receipt) > 1000);
    CHECK(result->screenshots.size() >= 15);
    for (const auto& shot : result->screenshots)
        CHECK(fs::exists(shot));

    // Nothing the citizen typed is left on screen for the next person.
    CHECK(runtime.flow().screen() == Screen::Welcome);
    CHECK(runtime.flow().complaint().description.empty());
}
