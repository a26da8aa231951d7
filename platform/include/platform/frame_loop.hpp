#pragma once
// The frame loop: sleep until something happens, then draw. A frame is drawn
// after input, while an animation asks for one, and when a timer a screen
// set (a countdown, a toast) comes due; otherwise the process sleeps in
// SDL's event wait, so an idle kiosk costs next to no CPU.

#include "platform/window.hpp"

#include <cstdint>
#include <functional>

namespace fangsiang::platform {

struct LoopStats {
    std::uint64_t frames = 0;
    std::uint64_t wakeups = 0;  // returns from the event wait
};

struct LoopOptions {
    // Frames drawn after any input, so that ImGui state that lags input by a
    // frame (a press turning into a click, a popup appearing) is shown.
    int framesAfterInput = 2;
    // Longest single sleep; the loop re-checks its timers after it. SDL's
    // wait needs a finite timeout to notice timers it does not know about.
    int maxSleepMs = 1000;
    // Stop after this many milliseconds (benchmarks); 0 runs until quit.
    std::uint64_t runForMs = 0;
    // Runs after each frame is presented, outside any ImGui frame: work
    // that renders frames of its own (printing a receipt) happens here.
    // Returns true when the screen needs another frame.
    std::function<bool()> afterFrame;
    // Runs each time the loop wakes, drawing or not (at least every
    // maxSleepMs): a cheap look at the world outside (content files, sync
    // state). Returns true when the screen needs a frame.
    std::function<bool()> onWake;
};

// Runs until the window is closed (or runForMs passes). Returns the counts.
LoopStats runFrameLoop(Window& window, const DrawFn& draw, const LoopOptions& options = {});

// Wakes a sleeping frame loop for a few frames, from any thread: for state
// that changes without input (a sync finished, a status update arrived).
// Safe to call before the loop runs or when it is already awake.
void wakeFrameLoop();

}  // namespace fangsiang::platform
