// The frame loop draws on input, on a screen's timer and during animation,
// and otherwise sleeps. These tests count frames, never time them.

#include "platform/frame_loop.hpp"

#include <SDL.h>
#include <catch2/catch.hpp>
#include <imgui.h>
#include <sys/resource.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

using namespace fangsiang;

namespace {

platform::WindowOptions testWindow() {
    platform::WindowOptions options;
    options.hidden = true;
    options.softwareRenderer = true;
    options.vsync = false;
    return options;
}

Uint32 pushMotion(Uint32, void*) {
    SDL_Event e{};
    e.type = SDL_MOUSEMOTION;
    e.motion.x = 100;
    e.motion.y = 100;
    SDL_PushEvent(&e);
    return 0;  // once
}

// A hidden test window and a loop over it that counts the frames it draws.
// `draw` also sees each frame's number (1, 2, ...).
struct CountedLoop {
    std::unique_ptr<platform::Window> window = open();
    platform::LoopOptions options;
    int frames = 0;

    static std::unique_ptr<platform::Window> open() {
        auto created = platform::Window::create(testWindow());
        REQUIRE(created.ok());
        return std::move(*created);
    }
    platform::LoopStats run(const std::function<void(ui::Context&, int)>& draw = {}) {
        return platform::runFrameLoop(
            *window,
            [&](ui::Context& ui) {
                ++frames;
                if (draw) draw(ui, frames);
            },
            options);
    }
};

}  // namespace

TEST_CASE("an idle screen draws once and then sleeps", "[loop]") {
    CountedLoop loop;
    loop.options.runForMs = 1500;
    const auto stats = loop.run();
    CHECK(loop.frames == 1);
    CHECK(stats.frames == 1);
    // A handful of waits (the longest sleep is one second), not a spin.
    CHECK(stats.wakeups <= 4);
}

TEST_CASE("where SDL cannot block, the idle loop naps a frame at a time", "[loop]") {
    // SDL 2.26's offscreen and KMS/DRM drivers have no blocking wait: left
    // to SDL_WaitEventTimeout, the thread would sleep a millisecond at a
    // time, 1,500 times in this run. The loop's own 16 ms naps make about 94.
    // (Under a compositor that blocks, wayland_session_test.sh counts fewer
    // than 40 sleeps in 3 s.)
    CountedLoop loop;
    loop.options.runForMs = 1500;
    rusage before{};
    getrusage(RUSAGE_THREAD, &before);
    loop.run();
    rusage after{};
    getrusage(RUSAGE_THREAD, &after);
    const long sleeps = after.ru_nvcsw - before.ru_nvcsw;
    INFO("SDL video driver " << SDL_GetCurrentVideoDriver() << ", the loop's thread slept " << sleeps << " times");
    CHECK(std::string(SDL_GetCurrentVideoDriver()) == "offscreen");
    CHECK(loop.frames == 1);
    CHECK(sleeps >= 20);  // it does sleep and look again, rather than block
    CHECK(sleeps <= 200);
}

TEST_CASE("input wakes the loop for a few frames", "[loop]") {
    REQUIRE(SDL_InitSubSystem(SDL_INIT_TIMER) == 0);
    CountedLoop loop;
    loop.options.runForMs = 1500;
    const SDL_TimerID timer = SDL_AddTimer(300, pushMotion, nullptr);
    loop.run();
    SDL_RemoveTimer(timer);
    SDL_QuitSubSystem(SDL_INIT_TIMER);
    CHECK(loop.frames == 1 + loop.options.framesAfterInput);
}

TEST_CASE("a screen's timer brings exactly one frame when due", "[loop]") {
    CountedLoop loop;
    loop.options.runForMs = 1500;
    loop.run([](ui::Context& ui, int frame) {
        if (frame == 1) ui.requestFrameAt(ImGui::GetTime() + 0.4);
    });
    CHECK(loop.frames == 2);
}

TEST_CASE("a change seen on waking brings one frame, and looking costs none", "[loop]") {
    CountedLoop loop;
    int looks = 0;
    loop.options.runForMs = 2500;
    loop.options.maxSleepMs = 200;
    loop.options.onWake = [&] { return ++looks == 5; };  // the fifth look finds new content
    loop.run();
    CHECK(looks >= 5);
    CHECK(loop.frames == 2);
}

TEST_CASE("an animation draws until it stops asking", "[loop]") {
    CountedLoop loop;
    // Ten paced frames take about 0.2 s; the margin is for a loaded CI box.
    loop.options.runForMs = 3000;
    loop.run([](ui::Context& ui, int frame) {
        if (frame < 10) ui.requestFrame();
    });
    CHECK(loop.frames == 10);
}

TEST_CASE("a change from another thread wakes the loop", "[loop]") {
    CountedLoop loop;
    loop.options.runForMs = 1500;
    std::thread sync([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        platform::wakeFrameLoop();
    });
    loop.run();
    sync.join();
    CHECK(loop.frames == 1 + loop.options.framesAfterInput);
}
