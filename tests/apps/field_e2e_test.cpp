// Field mode end to end: a terminal enrolled from the staff menu with a real
// hub process, a field session of three respondents on the real screens
// under SDL's offscreen driver (kiosk_field_demo.cpp), the records verified
// in the store, and the staff menu's "sync now" bringing them to the hub.

#include "kiosk_field_demo.hpp"
#include "kiosk_terminal.hpp"
#include "staff_sync_job.hpp"

#include "file_modes.hpp"

#include "hub_process.hpp"

#include "core/crypto.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <set>

namespace fs = std::filesystem;
using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using Catch::Matchers::Contains;

TEST_CASE("a field session of three respondents is signed, kept and synced to a real hub", "[e2e][field]") {
    REQUIRE(sodiumInit().ok());
    test::HubFolder hubDir;
    auto [hubPid, hubPort] = test::startHubProcess(hubDir.dir.path());
    const std::string url = "http://127.0.0.1:" + std::to_string(hubPort);

    test::TempDir dir;
    KioskConfig config;
    config.officeName = "เทศบาลตำบลบ้านสวนดอกไม้";
    config.officeCode = test::kOffice;
    config.contentDir = fs::path(FANGSIANG_ASSETS_DIR) / "content";
    config.dataDir = dir.path() / "data";
    config.enumerators = {{"somsri", "สมศรี ใจงาม"}, {"anan", "อนันต์ ทองดี"}};
    config.staffPinHash = hashPassword("2468").value();
    REQUIRE(ensureDirectory(config.dataDir, 0700).ok());

    // Enrolment from the staff menu, through the same function as `fangsiang-kiosk enroll`.
    {
        HubPins stand;
        stand.hubBoxKey = randomBoxKeyPair().publicKey;
        stand.officeCode = test::kOffice;
        auto first = KioskApp::open(config, stand);
        REQUIRE(first.ok());
        AppStaffBackend backend(**first, nullptr);
        StaffFlow staff(backend, staffPolicy(config, TerminalMode::Field), TerminalMode::Field, DisplaySettings{}, 0);
        staff.typePin("2468", 1);
        staff.submitPin(2);
        REQUIRE(staff.screen() == StaffScreen::Menu);
        staff.open(StaffScreen::Enrol, 3);
        staff.setHubUrl(url, 4);
        staff.setCode(hubDir.code(), 5);
        staff.enrol(6);
        INFO((staff.outcome() ? staff.outcome()->en : std::string()));
        REQUIRE(staff.outcomeOk());
        CHECK(staff.enrolled());
        CHECK_THAT(staff.outcome()->en, Contains("enrolled with " + url));
        // Where the packaged kiosk and its commands read them, private.
        CHECK(test::modeOf(config.dataDir / kHubPinsFile) == 0600);
        CHECK(test::modeOf(config.dataDir / "device.key") == 0600);
        CHECK(test::modeOf(config.dataDir) == 0700);
    }

    // The terminal opened again, as after an enrolment, and the session on the real screens.
    auto app = KioskApp::open(config);
    INFO((app.ok() ? "" : app.error().message));
    REQUIRE(app.ok());
    KioskRuntime& rt = (*app)->runtime();
    REQUIRE(rt.enrolled());
    auto result = runFieldDemo(**app, dir.path() / "screens", 800, 480, Language::Thai, "2468");
    INFO((result.ok() ? "" : result.error().message));
    REQUIRE(result.ok());
    CHECK(result->respondents == 3);
    CHECK(result->screenshots.size() >= 18);

    // Three signed field records, chained, each with the enumerator, the
    // context and an interview of its own.
    Store& store = rt.store();
    const auto report = store.verify().value();
    CHECK(report.ok());
    REQUIRE(report.checked == 3);
    std::set<std::string> interviews;
    for (std::uint64_t s = 1; s <= 3; ++s) {
        const auto record = store.get(s).value();
        REQUIRE(record.has_value());
        CHECK(record->kind() == RecordKind::SurveyResponse);
        CHECK_FALSE(record->hasPersonalData());
        const auto payload = nlohmann::json::parse(record->payload());
        CHECK(payload["survey"] == "product-buyer");
        CHECK(payload["context"] == "field");
        CHECK(payload["session"]["enumerator"] == "somsri");
        CHECK(payload["session"]["site"] == "sunday-market");
        CHECK(payload["answers"].contains("bought_at"));
        interviews.insert(payload["session"]["interview"].get<std::string>());
    }
    CHECK(interviews.size() == 3);
    // The fourth interview, set aside, is a draft: not signed, not sent.
    auto drafts = DraftStore::open(config.dataDir).value();
    REQUIRE(drafts.list().value().size() == 1);
    CHECK_FALSE(interviews.contains(drafts.list().value().front().id));

    // The staff menu's "sync now" brings all three to the hub, verified.
    {
        AppStaffBackend backend(**app, nullptr);
        StaffFlow staff(backend, staffPolicy(config, TerminalMode::Field), TerminalMode::Field, DisplaySettings{}, 0);
        staff.typePin("2468", 1);
        staff.submitPin(2);
        staff.open(StaffScreen::Sync, 3);
        CHECK(staff.status().waiting == 3);
        staff.syncNow(4);
        // On the worker, as the terminal runs it.
        StaffSyncJob job;
        std::atomic<bool> woken{false};
        REQUIRE(serviceStaffSync(&staff, backend, job, 5, [&] { woken = true; }));
        job.join();
        CHECK(woken);
        CHECK(serviceStaffSync(&staff, backend, job, 6, [] {}));
        CHECK_FALSE(staff.syncPending());
        INFO((staff.outcome() ? staff.outcome()->en : std::string()));
        REQUIRE(staff.outcomeOk());
        CHECK_THAT(staff.outcome()->en, Contains("3 new at the hub"));
        CHECK(staff.status().waiting == 0);
        CHECK(staff.status().lastSuccessMs > 0);
    }
    test::stopGently(hubPid);
    auto hubStore = hubDir.open();
    CHECK(hubStore->recordCount(rt.identity().publicKey()).value() == 3);
    CHECK(store.counts().value().unacknowledged == 0);
}
