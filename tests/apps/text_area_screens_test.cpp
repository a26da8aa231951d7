// The text area on the real screens under SDL's offscreen driver: a long
// complaint, wrapped, with the caret put in its middle by a touch, at the
// smallest and a large display, in Thai and in English. Each frame is saved
// as PNG beside the test (textarea-<size>-<language>.png) to be looked at.

#include "kiosk_app_fixture.hpp"
#include "long_complaint.hpp"
#include "test_support.hpp"

#include "platform/image.hpp"

#include <screens/kiosk_screens.hpp>

#include <SDL.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace fangsiang;

namespace {

struct Size {
    int width;
    int height;
};

core::Status frame(platform::Window& window, KioskApp& app, ui::KioskView& view, platform::Image* capture = nullptr) {
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0)
        window.handleEvent(event);
    auto& rt = app.runtime();
    return window.renderFrame([&](ui::Context& ui) { ui::drawKioskScreen(ui, rt.flow(), view, rt.options().clock()); },
                              capture);
}

}  // namespace

TEST_CASE("a long complaint wraps in the text area with the caret where it was touched", "[e2e][textarea]") {
    REQUIRE(core::sodiumInit().ok());
    test::TempDir dir;
    const KioskConfig config = test::demoOfficeConfig(dir.path() / "data");
    auto app = KioskApp::open(config, test::demoOfficePins());
    INFO((app.ok() ? "" : app.error().message));
    REQUIRE(app.ok());
    auto& rt = (*app)->runtime();

    const Size size = GENERATE(Size{800, 480}, Size{1280, 800});
    const core::Language language = GENERATE(core::Language::Thai, core::Language::English);
    const bool english = language == core::Language::English;
    const std::string text = english ? test::kLongComplaintEnglish : test::kLongComplaintThai;
    CAPTURE(size.width, size.height, english);

    platform::WindowOptions options = windowOptions(config, size.width, size.height, false);
    options.softwareRenderer = true;
    options.hidden = true;
    auto window = platform::Window::create(options);
    REQUIRE(window.ok());

    auto& flow = rt.flow();
    const std::int64_t now = rt.options().clock();
    flow.start(now);
    flow.setLanguage(language, now);
    flow.openComplaint(now);
    flow.chooseComplaintCategory(kiosk::ComplaintCategory::RoadsLights, now);
    REQUIRE(flow.screen() == kiosk::Screen::ComplaintDescribe);
    flow.setDescription(text, now);

    ui::KioskView view;
    for (int i = 0; i < 3; ++i)
        REQUIRE(frame(**window, **app, view).ok());
    // The screen loaded what the flow holds, every character of it.
    REQUIRE(view.description.utf8() == text);
    REQUIRE(view.targets.count("field") == 1);
    const ui::TargetRect area = view.targets["field"];
    // It takes the height between the prompt and the keyboard: several lines.
    const float lineH = std::ceil((*window)->ui().fontSize(ui::FontRole::Body) * ui::kLineSpacing);
    CHECK(area.height() >= 2.0f * lineH);
    // The caret was at the end, and the view scrolled down to show it.
    CHECK(view.textArea.scroll > 0.0f);

    // A touch halfway along the first line in view puts the caret there.
    const float x = area.min.x + area.width() * 0.5f;
    const float y = area.min.y + (*window)->ui().px(7) + lineH * 0.5f;
    for (const bool down : {false, true, true, false}) {
        (*window)->setScriptedPointer(platform::Window::Pointer{x, y, down});
        REQUIRE(frame(**window, **app, view).ok());
    }
    (*window)->setScriptedPointer(std::nullopt);
    platform::Image image;
    REQUIRE(frame(**window, **app, view).ok());
    REQUIRE(frame(**window, **app, view, &image).ok());
    const std::string name = "textarea-" + std::to_string(size.width) + "x" + std::to_string(size.height) +
                             (english ? "-en" : "-th") + ".png";
    REQUIRE(platform::savePng((fs::path(FANGSIANG_TEST_OUTPUT_DIR) / name).string(), image).ok());

    const std::size_t caret = view.description.caret();
    CHECK(caret > 0);
    CHECK(caret < view.description.codePoints().size());
    // The caret is on the touched line, drawn inside the area.
    const float caretTop = area.min.y + (*window)->ui().px(7) - view.textArea.scroll +
                           static_cast<float>(view.textArea.caretLine) * lineH;
    CHECK(caretTop <= y);
    CHECK(caretTop + lineH > y);
    CHECK(std::fabs(area.min.x + (*window)->ui().px(14) + view.textArea.caretX - x) <
          (*window)->ui().fontSize(ui::FontRole::Body));
    // Nothing typed was lost on the way to the flow.
    CHECK(flow.complaint().description == text);
    flow.finish(now);
}
