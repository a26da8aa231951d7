// fangsiang-gallery: every ui/ widget on a few screens, in Thai and English,
// in each theme, at the Pi touchscreen's 800x480 and a 1280x800 tablet.
//
//   fangsiang-gallery --out DIR          save every combination as PNG
//   fangsiang-gallery --interactive      a window to try them by hand:
//                                        Tab next page, F2 theme, F3 language
//
// Under SDL_VIDEODRIVER=offscreen it needs no display.

#include "platform/frame_loop.hpp"
#include "platform/window.hpp"

#include <ui/gallery.hpp>

#include <CLI/CLI.hpp>
#include <SDL.h>
#include <imgui.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace fangsiang;

namespace {

struct Size {
    int width;
    int height;
};

std::string themeName(ui::ThemeId id) { return std::string(ui::theme(id).name); }

int saveAll(platform::WindowOptions options, const std::filesystem::path& out, const std::vector<Size>& sizes) {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) {
        std::fprintf(stderr, "error: cannot create %s: %s\n", out.c_str(), ec.message().c_str());
        return 1;
    }
    ui::GalleryState state;
    int saved = 0;
    std::string rendererName;
    for (const Size& size : sizes) {
        // A fresh window per size: some drivers (EGL pbuffers under the
        // offscreen driver) keep the first size's render target on resize.
        options.width = size.width;
        options.height = size.height;
        auto made = platform::Window::create(options);
        if (!made) {
            std::fprintf(stderr, "error: %s\n", made.error().message.c_str());
            return 1;
        }
        platform::Window& window = **made;
        ui::Context& ui = window.ui();
        rendererName = window.rendererName();
        for (const ui::ThemeId theme : ui::kAllThemes) {
            ui.setTheme(theme);
            for (const core::Language lang : {core::Language::Thai, core::Language::English}) {
                ui.setLanguage(lang);
                for (const ui::GalleryPage page : ui::kGalleryPages) {
                    ui::prepareGalleryShot(state, page, lang, ImGui::GetTime());
                    platform::Image frame;
                    // Popups and the first layout of a window settle within
                    // two frames; the third is the one saved.
                    for (int i = 0; i < 3; ++i) {
                        if (auto s = window.renderFrame([&](ui::Context& c) { ui::drawGallery(c, state, page); },
                                                        i == 2 ? &frame : nullptr);
                            !s) {
                            std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
                            return 1;
                        }
                    }
                    const std::string name = std::to_string(size.width) + "x" + std::to_string(size.height) + "-" +
                                             themeName(theme) + "-" + (lang == core::Language::Thai ? "th" : "en") +
                                             "-" + std::string(ui::galleryPageName(page)) + ".png";
                    if (auto s = platform::savePng((out / name).string(), frame); !s) {
                        std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
                        return 1;
                    }
                    ++saved;
                }
            }
        }
    }
    std::printf("saved %d frames to %s (renderer: %s)\n", saved, out.c_str(), rendererName.c_str());
    return 0;
}

int interactive(platform::Window& window) {
    ui::GalleryState state;
    std::size_t page = 0;
    std::size_t theme = 0;
    ui::prepareGalleryShot(state, ui::kGalleryPages[page], window.ui().language(), ImGui::GetTime());
    state.dialogOpen = false;
    const auto stats = platform::runFrameLoop(window, [&](ui::Context& ui) {
        // ImGui 1.86 indexes KeysDown by SDL scancode.
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false)) {
            page = (page + 1) % std::size(ui::kGalleryPages);
            ui::prepareGalleryShot(state, ui::kGalleryPages[page], ui.language(), ImGui::GetTime());
            state.dialogOpen = false;
        }
        if (ImGui::IsKeyPressed(SDL_SCANCODE_F2, false)) {
            theme = (theme + 1) % std::size(ui::kAllThemes);
            ui.setTheme(ui::kAllThemes[theme]);
        }
        if (ImGui::IsKeyPressed(SDL_SCANCODE_F3, false))
            ui.setLanguage(ui.language() == core::Language::Thai ? core::Language::English : core::Language::Thai);
        ui::drawGallery(ui, state, ui::kGalleryPages[page]);
    });
    std::printf("%llu frames, %llu wakeups\n", static_cast<unsigned long long>(stats.frames),
                static_cast<unsigned long long>(stats.wakeups));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Fangsiang UI gallery: every widget, in Thai and English, in each theme"};
    std::string out = "gallery";
    bool live = false;
    bool fullscreen = false;
    bool software = false;
    std::string regular = ui::kDefaultRegularFont;
    std::string bold = ui::kDefaultBoldFont;
    std::vector<std::string> sizeArgs{"800x480", "1280x800"};
    app.add_option("--out", out, "folder for the PNG files")->capture_default_str();
    app.add_option("--sizes", sizeArgs, "window sizes, WIDTHxHEIGHT")->capture_default_str();
    app.add_option("--font", regular, "regular TTF from fonts-thai-tlwg")->capture_default_str();
    app.add_option("--bold-font", bold, "bold TTF for titles")->capture_default_str();
    app.add_flag("--interactive", live, "open a window instead of saving PNGs");
    app.add_flag("--fullscreen", fullscreen, "kiosk mode: the whole screen");
    app.add_flag("--software", software, "use SDL's software renderer");
    CLI11_PARSE(app, argc, argv);

    std::vector<Size> sizes;
    for (const std::string& s : sizeArgs) {
        Size size{};
        char tail = 0;
        if (std::sscanf(s.c_str(), "%dx%d%c", &size.width, &size.height, &tail) != 2) {
            std::fprintf(stderr, "error: size '%s' is not WIDTHxHEIGHT\n", s.c_str());
            return 2;
        }
        sizes.push_back(size);
    }

    platform::WindowOptions options;
    options.width = sizes.front().width;
    options.height = sizes.front().height;
    options.fullscreen = fullscreen;
    options.hidden = !live;
    options.softwareRenderer = software;
    options.title = "Fangsiang gallery";
    options.fonts.regularPath = regular;
    options.fonts.boldPath = bold;
    int rc = 0;
    if (live) {
        auto window = platform::Window::create(options);
        if (!window) {
            std::fprintf(stderr, "error: %s\n", window.error().message.c_str());
            return 1;
        }
        rc = interactive(**window);
    } else {
        rc = saveAll(options, out, sizes);
    }
    SDL_Quit();
    return rc;
}
