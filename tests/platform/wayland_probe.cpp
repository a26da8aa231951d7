// wayland_probe: the frame loop in a full-screen window under a real
// Wayland compositor (cage, headless), run by wayland_session_test.sh.
// Prints one line of facts for the script to check:
//
//   driver=wayland renderer=opengl window=1280x720 frame=1280x720 display=1280x720 frames=5 after_wake=2 sleeps=8 woke_ms=1502
//
// window/frame/display  SDL's window and renderer sizes, beside the output's
// frames          all frames drawn in the 3 s run
// after_wake      frames drawn after the wake at 1.5 s (the loop's
//                 framesAfterInput, 2: nothing else asked for any)
// sleeps          times the loop's thread slept in the whole run (about
//                 one per second of rest where SDL blocks; 60 a second
//                 where the loop has to nap)
// woke_ms         when, after the start, the frame the wake asked for came
//
// Every frame has a magenta square in its bottom right corner, so a capture
// of what the compositor shows tells whether the whole frame reached it.
// With --hold the probe stays at rest until 8 s, for that capture, and
// creates the file named by $PROBE_READY once the wake's frames are drawn.

#include "platform/frame_loop.hpp"
#include "platform/window.hpp"

#include <SDL.h>
#include <imgui.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

using namespace fangsiang;

namespace {

long threadSleeps() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nvcsw;
}

}  // namespace

int main(int argc, char** argv) {
    bool software = false;
    bool hold = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--software") {
            software = true;
        } else if (arg == "--hold") {
            hold = true;
        } else {
            std::fprintf(stderr, "wayland_probe: unknown option %s (use --software, --hold)\n", argv[i]);
            return 2;
        }
    }
    const char* ready = std::getenv("PROBE_READY");
    platform::WindowOptions options;
    options.fullscreen = true;
    // The renderer the kiosk gets, or with --software the one tests and the
    // scripted demo ask for (SDL's Wayland driver then still presents the
    // frame through a GL texture: it has no framebuffer in plain memory).
    options.softwareRenderer = software;
    options.vsync = false;
    auto window = platform::Window::create(options);
    if (!window) {
        std::fprintf(stderr, "wayland_probe: %s\n", window.error().message.c_str());
        return 1;
    }
    SDL_Rect display{};
    SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex((*window)->sdlWindow()), &display);

    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    long wokeMs = -1;
    int afterWake = 0;
    // The compositor's configure and focus events come in the first moments;
    // after them the screen is at rest until the wake at 1.5 s.
    std::thread waker([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        platform::wakeFrameLoop();
    });
    platform::LoopOptions loop;
    loop.runForMs = hold ? 8000 : 3000;
    const long sleeps0 = threadSleeps();
    const auto stats = platform::runFrameLoop(
        **window,
        [&](ui::Context&) {
            const ImVec2 size = ImGui::GetIO().DisplaySize;
            ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(size.x - 40, size.y - 40), size,
                                                          IM_COL32(255, 0, 255, 255));
            const long ms = static_cast<long>(
                std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
            if (ms < 1500) return;
            ++afterWake;
            if (wokeMs < 0) wokeMs = ms;
            // The frame drawn now is presented after this callback returns;
            // the capture waits a moment after the file appears.
            if (afterWake == 2 && ready != nullptr) std::ofstream(ready).put('\n');
        },
        loop);
    const long sleeps = threadSleeps() - sleeps0;
    waker.join();
    int frameW = 0;
    int frameH = 0;
    SDL_GetRendererOutputSize((*window)->renderer(), &frameW, &frameH);
    std::printf("driver=%s renderer=%s window=%dx%d frame=%dx%d display=%dx%d frames=%llu after_wake=%d sleeps=%ld woke_ms=%ld\n",
                SDL_GetCurrentVideoDriver(), (*window)->rendererName().c_str(), (*window)->width(), (*window)->height(), frameW, frameH, display.w,
                display.h,
                static_cast<unsigned long long>(stats.frames), afterWake, sleeps, wokeMs);
    return 0;
}
