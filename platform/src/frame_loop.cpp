#include "platform/frame_loop.hpp"

#include <SDL.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace fangsiang::platform {

namespace {

// SDL's offscreen and KMS/DRM drivers have no blocking event wait: SDL then
// polls every millisecond inside SDL_WaitEventTimeout, a thousand wakeups a
// second. For those the loop sleeps in naps of one 60 Hz frame itself, so a
// touch is seen within a frame and an idle kiosk wakes 60 times a second.
bool driverBlocksInWait() {
    const char* driver = SDL_GetCurrentVideoDriver();
    if (driver == nullptr) return false;
    for (const char* blocking : {"x11", "wayland", "windows", "cocoa"})
        if (std::strcmp(driver, blocking) == 0) return true;
    return false;
}

constexpr int kNapMs = 16;
// Animation frames are paced at 60 Hz: the software renderer has no vsync
// to hold it back and would otherwise spin a core while a list coasts.
constexpr Uint64 kAnimationFrameMs = 16;

bool waitForEvent(SDL_Event& event, int timeoutMs, bool blocking) {
    if (timeoutMs <= 0) return SDL_PollEvent(&event) != 0;
    if (blocking) return SDL_WaitEventTimeout(&event, timeoutMs) != 0;
    const Uint64 until = SDL_GetTicks64() + static_cast<Uint64>(timeoutMs);
    for (;;) {
        if (SDL_PollEvent(&event) != 0) return true;
        const Uint64 now = SDL_GetTicks64();
        if (now >= until) return false;
        SDL_Delay(static_cast<Uint32>(std::min<Uint64>(kNapMs, until - now)));
    }
}

// An SDL user event type of our own; SDL_RegisterEvents is thread-safe.
Uint32 wakeEventType() {
    static const Uint32 type = SDL_RegisterEvents(1);
    return type;
}

}  // namespace

void wakeFrameLoop() {
    const Uint32 type = wakeEventType();
    if (type == static_cast<Uint32>(-1)) return;  // SDL ran out of user event types
    SDL_Event event{};
    event.type = type;
    // SDL_PushEvent is thread-safe; the loop treats any event as a reason
    // to draw, so nothing else is needed to handle it.
    SDL_PushEvent(&event);
}

LoopStats runFrameLoop(Window& window, const DrawFn& draw, const LoopOptions& options) {
    LoopStats stats;
    const bool blocking = driverBlocksInWait();
    const Uint64 start = SDL_GetTicks64();
    int pendingFrames = 1;    // the first frame
    Uint64 timerDue = UINT64_MAX;  // SDL ticks when a screen's timer comes due
    bool running = true;
    while (running) {
        const Uint64 now = SDL_GetTicks64();
        if (options.runForMs != 0 && now - start >= options.runForMs) break;
        int timeout = options.maxSleepMs;
        if (pendingFrames > 0 || timerDue <= now) {
            timeout = 0;
        } else if (timerDue != UINT64_MAX) {
            timeout = static_cast<int>(std::min<Uint64>(timerDue - now, static_cast<Uint64>(options.maxSleepMs)));
        }
        if (options.runForMs != 0)
            timeout = std::min<int>(timeout, static_cast<int>(options.runForMs - (now - start)));

        SDL_Event event;
        bool gotEvent = waitForEvent(event, timeout, blocking);
        ++stats.wakeups;
        while (gotEvent) {
            running = window.handleEvent(event) && running;
            pendingFrames = std::max(pendingFrames, options.framesAfterInput);
            gotEvent = SDL_PollEvent(&event) != 0;
        }
        if (!running) break;
        if (options.onWake && options.onWake())
            pendingFrames = std::max(pendingFrames, 1);

        if (pendingFrames == 0 && SDL_GetTicks64() < timerDue) continue;
        if (pendingFrames > 0) --pendingFrames;
        timerDue = UINT64_MAX;
        const Uint64 frameStart = SDL_GetTicks64();
        if (auto status = window.renderFrame(draw); !status)
            SDL_Log("frame failed: %s", status.error().message.c_str());
        ++stats.frames;
        if (options.afterFrame && options.afterFrame())
            pendingFrames = std::max(pendingFrames, 1);

        // Convert the screen's request (ImGui time) into SDL ticks.
        const double next = window.ui().takeNextFrameTime();
        if (next != ui::Context::kNever) {
            const double wait = next - ImGui::GetTime();
            timerDue = wait <= 0.0 ? frameStart + kAnimationFrameMs
                                   : SDL_GetTicks64() + static_cast<Uint64>(std::ceil(wait * 1000.0));
        }
    }
    return stats;
}

}  // namespace fangsiang::platform
