// "Sync now" on the staff menu with a hub that does not answer: the push
// runs on the job's worker while the real frame loop keeps drawing the
// staff screen (its "sending…" line with what waits), and when the link
// fails the worker wakes the loop and the failure is said in words, Thai
// first, with the technical detail below. A real hub process behind the
// tests' fault proxy, stalled; the frames are saved as PNG.

#include "kiosk_terminal.hpp"
#include "kiosk_sync_commands.hpp"
#include "staff_sync_job.hpp"

#include "fault_proxy.hpp"
#include "hub_process.hpp"

#include "core/crypto.hpp"
#include "core/files.hpp"
#include "platform/frame_loop.hpp"
#include "platform/image.hpp"

#include <catch2/catch.hpp>


namespace fs = std::filesystem;
using namespace fangsiang;
using namespace fangsiang::kiosk;

TEST_CASE("sync now with a stalled hub keeps the staff screen drawing, then says what went wrong", "[e2e][staff]") {
    REQUIRE(core::sodiumInit().ok());
    test::HubFolder hubDir;
    auto [hubPid, hubPort] = test::startHubProcess(hubDir.dir.path());
    test::FaultProxy proxy(hubPort);

    test::TempDir dir;
    KioskConfig config;
    config.officeName = "เทศบาลตำบลบ้านสวนดอกไม้";
    config.officeCode = test::kOffice;
    config.contentDir = fs::path(FANGSIANG_ASSETS_DIR) / "content";
    config.dataDir = dir.path() / "data";
    REQUIRE(core::ensureDirectory(config.dataDir, 0700).ok());
    // Enrolled through the proxy, so every later request goes through it.
    auto enrolled = enrolTerminal(config.dataDir, proxy.url(), hubDir.code(), sync::EnrolOptions{});
    INFO((enrolled ? *enrolled : enrolled.error().message));
    REQUIRE(enrolled.ok());

    auto app = KioskApp::open(config);
    REQUIRE(app.ok());
    platform::WindowOptions options = windowOptions(config, 800, 480, false);
    options.softwareRenderer = true;
    options.hidden = true;
    auto window = platform::Window::create(options);
    REQUIRE(window.ok());
    AppStaffBackend backend(**app, window->get());
    StaffSyncJob job;
    StaffPolicy policy;  // field staff on their own tablet: no PIN asked
    policy.pinRequired = false;
    StaffFlow staff(backend, policy, TerminalMode::Field, DisplaySettings{}, (*app)->runtime().options().clock());
    ui::StaffView view;
    const core::Clock& clock = (*app)->runtime().options().clock;
    staff.open(StaffScreen::Sync, clock());
    REQUIRE(staff.screen() == StaffScreen::Sync);

    proxy.setStall(true);  // the hub takes the connection and never answers
    staff.syncNow(clock());
    REQUIRE(serviceStaffSync(&staff, backend, job, clock(), platform::wakeFrameLoop));
    REQUIRE(job.running());

    auto draw = [&](ui::Context& ui) { ui::drawStaffScreen(ui, staff, view, clock()); };
    auto save = [&](const std::string& name) {
        platform::Image image;
        REQUIRE((*window)->renderFrame(draw, &image).ok());
        REQUIRE((*window)->renderFrame(draw, &image).ok());
        REQUIRE(platform::savePng((fs::path(FANGSIANG_TEST_OUTPUT_DIR) / name).string(), image).ok());
    };
    save("staff-sync-sending-800x480-th.png");

    // The real frame loop, as the terminal runs it: frames while the
    // worker waits on the stalled hub; after two seconds the link drops.
    int framesWhileSending = 0;
    bool dropped = false;
    const auto started = std::chrono::steady_clock::now();
    platform::LoopOptions loop;
    loop.runForMs = 4000;
    loop.afterFrame = [&] {
        if (job.running())
            ++framesWhileSending;
        return serviceStaffSync(&staff, backend, job, clock(), platform::wakeFrameLoop);
    };
    loop.onWake = [&] {
        if (!dropped && std::chrono::steady_clock::now() - started > std::chrono::seconds(2)) {
            dropped = true;
            proxy.setStall(false);
            proxy.setUpstreamPort(1);  // nothing listens there: each new connection fails
            proxy.dropAll();
        }
        return false;
    };
    const platform::LoopStats stats = platform::runFrameLoop(**window, draw, loop);
    INFO("frames " << stats.frames << ", while sending " << framesWhileSending);
    // At least one frame a second for the "sending" line's seconds, and the
    // loop was never held by the push.
    CHECK(framesWhileSending >= 2);
    job.join();
    (void)serviceStaffSync(&staff, backend, job, clock(), platform::wakeFrameLoop);
    CHECK_FALSE(staff.syncPending());
    REQUIRE(staff.outcome().has_value());
    CHECK_FALSE(staff.outcomeOk());
    CHECK(staff.outcome()->th == "ส่งข้อมูลไม่สำเร็จ");
    REQUIRE(staff.problem().has_value());
    INFO("detail: " << staff.detail());
    CHECK((*staff.problem() == SyncProblem::Unreachable || *staff.problem() == SyncProblem::Slow));
    CHECK_FALSE(staff.detail().empty());
    save("staff-sync-failed-800x480-th.png");
    staff.setLanguage(core::Language::English, clock());
    save("staff-sync-failed-800x480-en.png");
    test::stopGently(hubPid);
}
