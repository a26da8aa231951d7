// bench_ui: the figures of the UI layer (docs/BENCHMARKS.md, "UI").
//
//   idle CPU      the gallery's home screen at rest, run through the real
//                 frame loop for --idle-seconds; CPU time from getrusage
//   frame time    p50/p99 of whole frames (ImGui + shaping caches + software
//                 rasterisation + present) of a screen of ~2,000 Thai glyphs
//   memory        resident and private memory with the gallery at rest
//   --count PAGE  one page's first frame and then --frames steady frames in
//                 two functions of their own, for instruction counts under
//                 callgrind (--toggle-collect, tests/bench/pi_cost.sh)
//   --session S   the idle run in a visible full-screen window, as the kiosk
//                 runs under cage: CPU, frames and the times the process
//                 slept, and a frame of the settled window saved with --capture
//
// Run under SDL_VIDEODRIVER=offscreen (no display needed) with
// SDL_FRAMEBUFFER_ACCELERATION=0 so no GL driver is mapped.

#include "platform/frame_loop.hpp"
#include "platform/window.hpp"

#include <ui/gallery.hpp>

#include <SDL.h>
#include <imgui.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

using namespace fangsiang;

namespace {

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return secs(usage.ru_utime) + secs(usage.ru_stime);
}

// Times the frame loop's thread gave up the CPU of its own accord: each is
// one sleep, so this counts the wakeups SDL or the loop's naps cause, which
// the loop's own count (returns from its wait) does not see.
long threadSleeps() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nvcsw;
}

// kB of a "Name:   123 kB" line in a /proc file, summed over matching lines.
long procKb(const char* file, const char* name) {
    std::ifstream in(file);
    std::string line;
    long total = 0;
    const std::size_t n = std::strlen(name);
    while (std::getline(in, line))
        if (line.compare(0, n, name) == 0) total += std::strtol(line.c_str() + n, nullptr, 10);
    return total;
}

std::unique_ptr<platform::Window> open(int w, int h, bool session = false) {
    platform::WindowOptions options;
    options.width = w;
    options.height = h;
    // A session window is the kiosk's own: shown, full screen, the renderer
    // SDL picks; the others are hidden with the software renderer.
    options.hidden = !session;
    options.fullscreen = session;
    options.softwareRenderer = !session;
    options.vsync = session;
    auto window = platform::Window::create(options);
    if (!window) {
        std::fprintf(stderr, "error: %s\n", window.error().message.c_str());
        std::exit(1);
    }
    return std::move(window).value();
}

void idleCpu(int seconds, bool session, const std::string& capture) {
    auto window = open(800, 480, session);
    ui::GalleryState state;  // no countdown, no toast: a screen at rest
    const auto draw = [&](ui::Context& ui) { ui::drawGallery(ui, state, ui::GalleryPage::Home); };
    platform::LoopOptions options;
    // A first second settles start-up work (the font texture upload) that is
    // not the cost of being idle; the loop draws its first frame again in the
    // measured run, from warm caches.
    options.runForMs = 1000;
    platform::runFrameLoop(*window, draw, options);
    if (session) {
        // What the compositor gave the window, beside the display it has,
        // once the first second's events (its configure, the resize to the
        // whole output) are handled: a frame drawn before them is still the
        // size the window asked for.
        SDL_Rect display{};
        SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(window->sdlWindow()), &display);
        platform::Image frame;
        if (auto drawn = window->renderFrame(draw, &frame); !drawn) {
            std::fprintf(stderr, "error: %s\n", drawn.error().message.c_str());
            std::exit(1);
        }
        std::printf("session: video driver %s, %s renderer, window %dx%d, frame %dx%d, display %dx%d\n",
                    SDL_GetCurrentVideoDriver(), window->rendererName().c_str(), window->width(), window->height(),
                    frame.width, frame.height, display.w, display.h);
        if (!capture.empty()) {
            if (auto saved = platform::savePng(capture, frame); !saved) {
                std::fprintf(stderr, "error: %s\n", saved.error().message.c_str());
                std::exit(1);
            }
            std::printf("session: the frame saved as %s\n", capture.c_str());
        }
    }
    options.runForMs = static_cast<std::uint64_t>(seconds) * 1000;
    const double cpu0 = cpuSeconds();
    const long sleeps0 = threadSleeps();
    const auto wall0 = std::chrono::steady_clock::now();
    const auto stats = platform::runFrameLoop(*window, draw, options);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = cpuSeconds() - cpu0;
    const long sleeps = threadSleeps() - sleeps0;
    std::printf("idle CPU, gallery home at rest, %dx%d, video driver %s: %.3f%% of a core over %.1f s "
                "(%.1f ms CPU, %llu frames, %llu wakeups, the loop's thread slept %ld times: %.1f a second)\n",
                window->width(), window->height(), SDL_GetCurrentVideoDriver(), 100.0 * cpu / wall, wall,
                cpu * 1000.0, static_cast<unsigned long long>(stats.frames),
                static_cast<unsigned long long>(stats.wakeups), sleeps, static_cast<double>(sleeps) / wall);

    // The same with the idle-reset countdown showing: one frame a second.
    ui::prepareGalleryShot(state, ui::GalleryPage::Home, core::Language::Thai, ImGui::GetTime());
    state.idleDeadline = ImGui::GetTime() + 3600.0;
    state.toast = {};
    const double cpu1 = cpuSeconds();
    const auto wall1 = std::chrono::steady_clock::now();
    const long sleeps1 = threadSleeps();
    const auto stats2 = platform::runFrameLoop(*window, draw, options);
    const double wall2 = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall1).count();
    const double cpu2 = cpuSeconds() - cpu1;
    std::printf("idle CPU, countdown banner ticking each second: %.3f%% of a core over %.1f s (%llu frames, "
                "slept %ld times)\n",
                100.0 * cpu2 / wall2, wall2, static_cast<unsigned long long>(stats2.frames), threadSleeps() - sleeps1);
}

// [SECTION] Instruction counts
// Kept out of line under names of their own, so callgrind's
// --toggle-collect can count exactly one of them: the first frame of a page
// (shaping, layout, the font texture upload) or the steady frames after it.
[[gnu::noinline]] void countFirstFrame(platform::Window& window, const platform::DrawFn& draw) {
    (void)window.renderFrame(draw);
}

[[gnu::noinline]] void countSteadyFrames(platform::Window& window, const platform::DrawFn& draw, int frames) {
    for (int i = 0; i < frames; ++i) (void)window.renderFrame(draw);
}

void countFrames(ui::GalleryPage page, int w, int h, int frames) {
    auto window = open(w, h);
    ui::GalleryState state;
    ui::prepareGalleryShot(state, page, core::Language::Thai, ImGui::GetTime());
    // The countdown and the toast would ask for frames of their own; a
    // counted frame is the page at rest, redrawn.
    const auto draw = [&](ui::Context& ui) { ui::drawGallery(ui, state, page); };
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    countFirstFrame(*window, draw);
    const auto t1 = clock::now();
    countSteadyFrames(*window, draw, frames);
    const auto t2 = clock::now();
    // Wall time of the same frames, for the instructions per nanosecond of
    // this machine (meaningless under valgrind, which runs 50 times slower).
    std::printf("counted %s page at %dx%d: 1 first frame (%.2f ms), then %d steady frames (%.3f ms each)\n",
                std::string(ui::galleryPageName(page)).c_str(), w, h,
                std::chrono::duration<double, std::milli>(t1 - t0).count(), frames,
                std::chrono::duration<double, std::milli>(t2 - t1).count() / frames);
}

void frameTimes(int frames) {
    auto window = open(1280, 800);
    ui::GalleryState state;
    const auto draw = [&](ui::Context& ui) { ui::drawGallery(ui, state, ui::GalleryPage::Text); };
    using clock = std::chrono::steady_clock;
    const auto first0 = clock::now();
    (void)window->renderFrame(draw);
    const double first = std::chrono::duration<double, std::milli>(clock::now() - first0).count();
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(frames));
    for (int i = 0; i < frames; ++i) {
        const auto t0 = clock::now();
        (void)window->renderFrame(draw);
        ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) { return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))]; };
    std::printf("frame time, text page (%zu Thai glyphs), 1280x800, %s renderer, %d frames: p50 %.2f ms, "
                "p99 %.2f ms, max %.2f ms (first frame, shaping and layout uncached: %.2f ms)\n",
                state.textGlyphs, window->rendererName().c_str(), frames, pct(0.50), pct(0.99), ms.back(), first);
}

// One size per process: memory a previous window freed would otherwise
// still count.
// Every page at 800x480: what a redraw costs on each kind of screen.
void pageTimes(int frames) {
    auto window = open(800, 480);
    ui::GalleryState state;
    using clock = std::chrono::steady_clock;
    for (const auto page : ui::kGalleryPages) {
        ui::prepareGalleryShot(state, page, core::Language::Thai, ImGui::GetTime());
        const auto draw = [&](ui::Context& ui) { ui::drawGallery(ui, state, page); };
        for (int i = 0; i < 3; ++i) (void)window->renderFrame(draw);
        std::vector<double> ms;
        for (int i = 0; i < frames; ++i) {
            const auto t0 = clock::now();
            (void)window->renderFrame(draw);
            ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
        }
        std::sort(ms.begin(), ms.end());
        std::printf("frame time, %s page, 800x480, %s renderer: p50 %.2f ms, p99 %.2f ms\n",
                    std::string(ui::galleryPageName(page)).c_str(), window->rendererName().c_str(),
                    ms[ms.size() / 2], ms[static_cast<std::size_t>(0.99 * static_cast<double>(ms.size() - 1))]);
    }
}

void memory(int w, int h) {
    {
        auto window = open(w, h);
        ui::GalleryState state;
        for (const auto page : ui::kGalleryPages) {
            ui::prepareGalleryShot(state, page, core::Language::Thai, ImGui::GetTime());
            for (int i = 0; i < 3; ++i)
                (void)window->renderFrame([&](ui::Context& ui) { ui::drawGallery(ui, state, page); });
        }
        state = ui::GalleryState{};
        (void)window->renderFrame([&](ui::Context& ui) { ui::drawGallery(ui, state, ui::GalleryPage::Home); });
        std::printf("memory at rest after every gallery page, %dx%d: RSS %ld kB, private %ld kB "
                    "(Private_Clean + Private_Dirty), peak RSS %ld kB\n",
                    w, h, procKb("/proc/self/status", "VmRSS:"),
                    procKb("/proc/self/smaps_rollup", "Private_Clean:") + procKb("/proc/self/smaps_rollup", "Private_Dirty:"),
                    procKb("/proc/self/status", "VmHWM:"));
    }
}

}  // namespace

int main(int argc, char** argv) {
    int idleSeconds = 10;
    int frames = 1000;
    bool runIdle = true;
    bool runFrames = true;
    bool runMemory = true;
    int memW = 800;
    int memH = 480;
    bool session = false;
    std::string capture;
    std::optional<ui::GalleryPage> countPage;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--idle-seconds" && i + 1 < argc) idleSeconds = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--session" && i + 1 < argc) {
            session = true;
            idleSeconds = std::max(1, std::atoi(argv[++i]));
            runFrames = runMemory = false;
        }
        else if (arg == "--capture" && i + 1 < argc) capture = argv[++i];
        else if (arg == "--count" && i + 1 < argc) {
            const std::string name = argv[++i];
            for (const auto page : ui::kGalleryPages)
                if (ui::galleryPageName(page) == name) countPage = page;
            if (!countPage) {
                std::fprintf(stderr, "error: --count wants a gallery page: home, survey, form, list, specimen or text\n");
                return 2;
            }
        }
        else if (arg == "--size" && i + 1 < argc) {
            if (std::sscanf(argv[++i], "%dx%d", &memW, &memH) != 2 || memW < 320 || memH < 240) {
                std::fprintf(stderr, "error: --size wants WIDTHxHEIGHT\n");
                return 2;
            }
        }
        else if (arg == "--frames" && i + 1 < argc) frames = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--only-idle") runFrames = runMemory = false;
        else if (arg == "--only-frames") runIdle = runMemory = false;
        else if (arg == "--only-memory") runIdle = runFrames = false;
        else {
            std::fprintf(stderr,
                         "usage: bench_ui [--idle-seconds N] [--frames N] [--size WxH]\n"
                         "                [--only-idle|--only-frames|--only-memory]\n"
                         "       bench_ui --count PAGE [--size WxH] [--frames N]\n"
                         "       bench_ui --session SECONDS [--capture FILE.png]\n");
            return 2;
        }
    }
    if (countPage) {
        countFrames(*countPage, memW, memH, frames);
        SDL_Quit();
        return 0;
    }
    if (!capture.empty() && !session) {
        std::fprintf(stderr, "error: --capture saves the first frame of a --session run\n");
        return 2;
    }
    frames = std::max(10, frames);
    // Memory first, in a fresh process state, before the other runs grow it.
    if (runMemory) memory(memW, memH);
    if (runFrames) {
        frameTimes(frames);
        pageTimes(std::max(10, frames / 5));
    }
    if (runIdle) idleCpu(idleSeconds, session, capture);
    SDL_Quit();
    return 0;
}
