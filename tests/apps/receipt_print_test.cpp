// Printing a receipt from the receipt screen on a real ESC/POS device file:
// a file that takes the job, /dev/full (a real ENOSPC, as a printer out of
// paper gives) and a device that is not there. Whatever the printer does,
// the complaint is stored once, before any printing, and each press prints
// once; trouble is said in words on the receipt screen (saved as PNG).

#include "kiosk_app_fixture.hpp"
#include "test_support.hpp"

#include "core/files.hpp"
#include "platform/image.hpp"

#include <screens/kiosk_screens.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace fangsiang;

namespace {

struct Case {
    const char* name;
    ui::PrintState expected;
};

std::size_t countJobs(const core::Bytes& bytes) {
    const core::Bytes start{0x1B, 0x40, 0x1D, 0x76, 0x30, 0x00};
    std::size_t n = 0;
    for (auto it = bytes.begin(); (it = std::search(it, bytes.end(), start.begin(), start.end())) != bytes.end(); ++it)
        ++n;
    return n;
}

}  // namespace

TEST_CASE("printer trouble is said on the receipt screen and the complaint is stored once", "[e2e][printer]") {
    REQUIRE(core::sodiumInit().ok());
    const Case c = GENERATE(Case{"file", ui::PrintState::Printed}, Case{"full", ui::PrintState::Failed},
                            Case{"absent", ui::PrintState::NotConnected});
    CAPTURE(c.name);
    test::TempDir dir;
    KioskConfig config = test::demoOfficeConfig(dir.path() / "data");
    config.printer.kind = PrinterKind::Device;
    const fs::path printerFile = dir.path() / "lp0";
    if (std::string(c.name) == "file") {
        config.printer.device = printerFile;
        REQUIRE(core::writeFileAtomically(printerFile, {}, 0600).ok());
    } else if (std::string(c.name) == "full") {
        config.printer.device = "/dev/full";
    } else {
        config.printer.device = dir.path() / "usb" / "lp0";
    }
    auto app = KioskApp::open(config, test::demoOfficePins());
    INFO((app.ok() ? "" : app.error().message));
    REQUIRE(app.ok());
    auto& rt = (*app)->runtime();
    auto& flow = rt.flow();
    const std::int64_t now = rt.options().clock();
    test::fileAnonymousComplaint(flow, now);
    // Stored before anything was printed.
    REQUIRE(rt.store().counts()->records == 1);

    platform::WindowOptions options = windowOptions(config, 800, 480, false);
    options.softwareRenderer = true;
    options.hidden = true;
    auto window = platform::Window::create(options);
    REQUIRE(window.ok());
    ui::KioskView view;
    auto draw = [&](platform::Image* capture = nullptr) {
        REQUIRE((*window)->renderFrame([&](ui::Context& ui) { ui::drawKioskScreen(ui, flow, view, now); }, capture).ok());
    };
    draw();
    CHECK(view.printState == ui::PrintState::None);
    CHECK_FALSE(handlePrintRequest(**window, **app, view));  // nothing was pressed

    // Two presses of "print", two jobs at most; the record is untouched.
    for (int press = 1; press <= 2; ++press) {
        view.printRequested = true;
        CHECK(handlePrintRequest(**window, **app, view));
        CHECK_FALSE(view.printRequested);
        CHECK(view.printState == c.expected);
        CHECK(rt.store().counts()->records == 1);
        CHECK(flow.screen() == kiosk::Screen::ComplaintReceipt);
    }
    platform::Image shot;
    draw();
    draw(&shot);
    REQUIRE(platform::savePng((fs::path(FANGSIANG_TEST_OUTPUT_DIR) / (std::string("receipt-print-") + c.name + ".png")).string(),
                              shot).ok());
    if (c.expected == ui::PrintState::Printed) {
        auto bytes = core::readFile(printerFile, 1u << 24);
        REQUIRE(bytes.ok());
        CHECK(countJobs(*bytes) == 2);
        // Kept beside the test, to be turned back into a picture and looked at.
        REQUIRE(core::writeFileAtomically(fs::path(FANGSIANG_TEST_OUTPUT_DIR) / "receipt-print.escpos", *bytes, 0600).ok());
        // Each job ends with the feed and the cut.
        CHECK(core::Bytes(bytes->end() - 6, bytes->end()) == core::Bytes{0x1B, 0x64, 0x04, 0x1D, 0x56, 0x01});
    }
    if (c.expected == ui::PrintState::NotConnected)
        CHECK_FALSE(fs::exists(config.printer.device));  // a device file is never made up
    auto report = rt.store().verify();
    REQUIRE(report.ok());
    CHECK(report->ok());
    CHECK(report->checked == 1);
}
