// The frame loop draws on input, on a screen's timer and during animation,
// and otherwise sleeps. These tests count frames, never time them.

#include "platform/frame_loop.hpp"

#include <SDL.h>
#include <catch2/catch.hpp>
#include <imgui.h>

#include <chrono>
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

}  // namespace

TEST_CASE("an idle screen draws once and then sleeps", "[loop]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    int frames = 0;
    platform::LoopOptions options;
    options.runForMs = 1500;
    const auto stats = platform::runFrameLoop(**window, [&](ui::Context&) { ++frames; }, options);
    CHECK(frames == 1);
    CHECK(stats.frames == 1);
    // A handful of waits (the longest sleep is one second), not a spin.
    CHECK(stats.wakeups <= 4);
}

TEST_CASE("input wakes the loop for a few frames", "[loop]") {
    REQUIRE(SDL_InitSubSystem(SDL_INIT_TIMER) == 0);
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    int frames = 0;
    platform::LoopOptions options;
    options.runForMs = 1500;
    const SDL_TimerID timer = SDL_AddTimer(300, pushMotion, nullptr);
    platform::runFrameLoop(**window, [&](ui::Context&) { ++frames; }, options);
    SDL_RemoveTimer(timer);
    SDL_QuitSubSystem(SDL_INIT_TIMER);
    CHECK(frames == 1 + options.framesAfterInput);
}

TEST_CASE("a screen's timer brings exactly one frame when due", "[loop]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    int frames = 0;
    platform::LoopOptions options;
    options.runForMs = 1500;
    platform::runFrameLoop(
        **window,
        [&](ui::Context& ui) {
            if (++frames == 1) ui.requestFrameAt(ImGui::GetTime() + 0.4);
        },
        options);
    CHECK(frames == 2);
}

TEST_CASE("a change seen on waking brings one frame, and looking costs none", "[loop]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    int frames = 0;
    int looks = 0;
    platform::LoopOptions options;
    options.runForMs = 2500;
    options.maxSleepMs = 200;
    options.onWake = [&] { return ++looks == 5; };  // the fifth look finds new content
    platform::runFrameLoop(**window, [&](ui::Context&) { ++frames; }, options);
    CHECK(looks >= 5);
    CHECK(frames == 2);
}

TEST_CASE("an animation draws until it stops asking", "[loop]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    int frames = 0;
    platform::LoopOptions options;
    // Ten paced frames take about 0.2 s; the margin is for a loaded CI box.
    options.runForMs = 3000;
    platform::runFrameLoop(
        **window,
        [&](ui::Context& ui) {
            if (++frames < 10) ui.requestFrame();
        },
        options);
    CHECK(frames == 10);
}

TEST_CASE("a change from another thread wakes the loop", "[loop]") {
    auto window = platform::Window::create(testWindow());
    REQUIRE(window.ok());
    int frames = 0;
    platform::LoopOptions options;
    options.runForMs = 1500;
    std::thread sync([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        platform::wakeFrameLoop();
    });
    platform::runFrameLoop(**window, [&](ui::Context&) { ++frames; }, options);
    sync.join();
    CHECK(frames == 1 + options.framesAfterInput);
}
