// Real frames: SDL's offscreen video driver and its software renderer draw
// the gallery exactly as a kiosk would, and the pixels are compared with a
// committed golden PNG. Set FANGSIANG_UPDATE_GOLDEN=1 to rewrite the golden
// after an intended change (and look at it before committing).

#include "platform/image.hpp"
#include "platform/window.hpp"

#include <ui/gallery.hpp>

#include <catch2/catch.hpp>
#include <imgui.h>

#include <cstdlib>
#include <random>
#include <string>

using namespace fangsiang;

namespace {

const std::string kGolden = std::string(FANGSIANG_GOLDEN_DIR) + "/specimen-800x480.png";
const std::string kOutput = FANGSIANG_TEST_OUTPUT_DIR;

platform::WindowOptions testWindow() {
    platform::WindowOptions options;
    options.width = 800;
    options.height = 480;
    options.hidden = true;
    options.softwareRenderer = true;  // identical pixels on every machine
    options.vsync = false;
    return options;
}

platform::Image renderSpecimen(platform::Window& window, bool breakShaping) {
    ui::GalleryState state;
    window.ui().setTheme(ui::ThemeId::Default);
    window.ui().setLanguage(core::Language::Thai);
    ui::prepareGalleryShot(state, ui::GalleryPage::Specimen, core::Language::Thai, ImGui::GetTime());
    state.breakShapingForTest = breakShaping;
    platform::Image frame;
    for (int i = 0; i < 3; ++i) {
        auto status = window.renderFrame([&](ui::Context& ui) { ui::drawGallery(ui, state, ui::GalleryPage::Specimen); },
                                         i == 2 ? &frame : nullptr);
        REQUIRE(status.ok());
    }
    return frame;
}

}  // namespace

TEST_CASE("the specimen frame matches the golden PNG", "[render][golden]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    CHECK((*window)->rendererName() == "software");
    const platform::Image frame = renderSpecimen(**window, false);
    REQUIRE(frame.width == 800);
    REQUIRE(frame.height == 480);

    if (std::getenv("FANGSIANG_UPDATE_GOLDEN") != nullptr) {
        REQUIRE(platform::savePng(kGolden, frame).ok());
        WARN("golden rewritten: " << kGolden);
        return;
    }
    auto golden = platform::loadPng(kGolden);
    REQUIRE(golden.ok());
    const platform::DiffTolerance tolerance;
    const platform::ImageDiff diff = platform::compareImages(frame, *golden, tolerance);
    if (!platform::imagesMatch(diff, tolerance)) {
        const std::string actual = kOutput + "/specimen-800x480-actual.png";
        (void)platform::savePng(actual, frame);
        FAIL("frame differs from " << kGolden << " (see " << actual << "): worst block at " << diff.worstBlockX
                                    << "," << diff.worstBlockY << " has " << diff.worstBlock << " differing pixels");
    }

    SECTION("the tolerance absorbs anti-aliasing noise") {
        platform::Image noisy = frame;
        std::mt19937 rng(42);
        std::uniform_int_distribution<std::size_t> pixel(0, noisy.rgba.size() / 4 - 1);
        std::uniform_int_distribution<int> delta(-40, 40);
        for (int i = 0; i < 4000; ++i) {
            const std::size_t p = pixel(rng) * 4;
            for (std::size_t c = 0; c < 3; ++c)
                noisy.rgba[p + c] = static_cast<std::uint8_t>(std::clamp(int{noisy.rgba[p + c]} + delta(rng), 0, 255));
        }
        CHECK(platform::imagesMatch(platform::compareImages(noisy, *golden, tolerance), tolerance));
    }
}

TEST_CASE("the comparison catches a tone mark drawn in the wrong place", "[render][golden]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    // ปู่ drawn as plain ImGui would: the mai ek floats at the height it has
    // over a vowel-less consonant instead of tucking in low and to the left.
    const platform::Image wrong = renderSpecimen(**window, true);
    const platform::Image right = renderSpecimen(**window, false);
    const platform::DiffTolerance tolerance;
    const platform::ImageDiff diff = platform::compareImages(wrong, right, tolerance);
    (void)platform::savePng(kOutput + "/specimen-unshaped.png", wrong);
    CHECK_FALSE(platform::imagesMatch(diff, tolerance));
    // ...and the difference is that one mark, in the first word of the page.
    CHECK(diff.worstBlockX < 80);
    CHECK(diff.worstBlockY >= 64);
    CHECK(diff.worstBlockY < 128);
    CHECK(diff.differingPixels < 200);
}

TEST_CASE("frames round-trip through PNG", "[png]") {
    platform::Image image;
    image.width = 3;
    image.height = 2;
    image.rgba = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 1, 2, 3, 4, 250, 251, 252, 253, 0, 0, 0, 0};
    const std::string path = kOutput + "/roundtrip.png";
    REQUIRE(platform::savePng(path, image).ok());
    auto back = platform::loadPng(path);
    REQUIRE(back.ok());
    CHECK(back->width == 3);
    CHECK(back->height == 2);
    CHECK(back->rgba == image.rgba);
    SECTION("a file that is not a PNG is an error, not a crash") {
        auto bad = platform::loadPng(std::string(FANGSIANG_GOLDEN_DIR) + "/../render_test.cpp");
        CHECK_FALSE(bad.ok());
    }
    SECTION("an image without pixels is refused") {
        CHECK_FALSE(platform::savePng(path, platform::Image{}).ok());
    }
}

TEST_CASE("a missing font names the file and the package", "[window]") {
    platform::WindowOptions options = testWindow();
    options.fonts.regularPath = "/nonexistent/Loma.ttf";
    auto window = platform::Window::create(options);
    REQUIRE_FALSE(window.ok());
    CHECK_THAT(window.error().message, Catch::Contains("/nonexistent/Loma.ttf"));
    CHECK_THAT(window.error().message, Catch::Contains("fonts-thai-tlwg"));
}
