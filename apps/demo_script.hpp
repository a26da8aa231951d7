#pragma once
// Scripted touches on the real screens, for the demos and the end-to-end
// tests: a touch is a scripted pointer pressed and released over a named
// target (Window::setScriptedPointer), text arrives as SDL text-input
// events, as from a physical keyboard, and each screen can be saved as PNG.

#include "kiosk_demo.hpp"

#include "platform/image.hpp"
#include "platform/window.hpp"

#include <screens/kiosk_screens.hpp>

#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <thread>

namespace fangsiang {

class DemoScript {
public:
    using Targets = std::map<std::string, ui::TargetRect>;

    DemoScript(platform::Window& window, core::Language language, std::filesystem::path outDir, std::string prefix)
        : m_window(window), m_language(language), m_outDir(std::move(outDir)), m_prefix(std::move(prefix)) {}

    // What is drawn from now on: `draw` draws a screen and fills `targets`;
    // `screen` names the screen shown (for file names and errors).
    void show(platform::DrawFn draw, const Targets& targets, std::function<std::string()> screen) {
        m_draw = std::move(draw);
        m_targets = &targets;
        m_screen = std::move(screen);
    }

    core::Status frame(platform::Image* capture = nullptr) {
        SDL_Event event;
        while (SDL_PollEvent(&event) != 0)
            m_window.handleEvent(event);
        return m_window.renderFrame(m_draw, capture);
    }

    core::Status settle() {
        for (int i = 0; i < 3; ++i)
            TRY(frame());
        return core::Ok{};
    }

    // Presses a named target (at a point within it) and holds it for
    // `holdMs` before letting go.
    core::Status tap(const std::string& target, float fx = 0.5f, float fy = 0.5f, int holdMs = 0) {
        TRY(settle());
        auto it = m_targets->find(target);
        if (it == m_targets->end())
            return core::makeError(core::ErrorCode::NotFound,
                                   "the demo found no \"" + target + "\" on the " + m_screen() + " screen");
        const ui::TargetRect& r = it->second;
        const float x = r.min.x + r.width() * fx;
        const float y = r.min.y + r.height() * fy;
        ++m_touches;
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, false});
        TRY(frame());
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, true});
        TRY(frame());
        TRY(frame());
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(holdMs);
        while (std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            TRY(frame());
        }
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, false});
        TRY(frame());
        return settle();
    }

    // Drags from (x, fromY) to (x, toY) in steps, as a finger scrolls a
    // page; one touch.
    core::Status drag(float x, float fromY, float toY) {
        TRY(settle());
        ++m_touches;
        m_window.setScriptedPointer(platform::Window::Pointer{x, fromY, false});
        TRY(frame());
        m_window.setScriptedPointer(platform::Window::Pointer{x, fromY, true});
        TRY(frame());
        constexpr int kSteps = 8;
        for (int i = 1; i <= kSteps; ++i) {
            const float y = fromY + (toY - fromY) * static_cast<float>(i) / kSteps;
            m_window.setScriptedPointer(platform::Window::Pointer{x, y, true});
            TRY(frame());
        }
        m_window.setScriptedPointer(platform::Window::Pointer{x, toY, false});
        TRY(frame());
        return settle();
    }

    [[nodiscard]] const Targets& targets() const { return *m_targets; }

    // Types UTF-8 text into the focused field, one character per event;
    // each counts as a touch (a key of the on-screen keyboard).
    core::Status type(std::string_view text) {
        std::size_t i = 0;
        while (i < text.size()) {
            ++m_touches;
            std::size_t len = 1;
            const auto b = static_cast<unsigned char>(text[i]);
            if (b >= 0xF0) len = 4;
            else if (b >= 0xE0) len = 3;
            else if (b >= 0xC0) len = 2;
            SDL_Event e{};
            e.type = SDL_TEXTINPUT;
            e.text.windowID = SDL_GetWindowID(m_window.sdlWindow());
            std::memcpy(e.text.text, text.data() + i, std::min(len, sizeof e.text.text - 1));
            SDL_PushEvent(&e);
            TRY(frame());
            i += len;
        }
        return settle();
    }
    core::Status type(const core::TextPair& text) { return type(text.in(m_language)); }

    // Saves the screen as it is now, named after it.
    core::Status shot() {
        TRY(settle());
        platform::Image image;
        TRY(frame(&image));
        char name[160];
        std::snprintf(name, sizeof name, "%s-%02d-%s.png", m_prefix.c_str(), ++m_shots, m_screen().c_str());
        const std::filesystem::path file = m_outDir / name;
        TRY(platform::savePng(file.string(), image));
        m_result.screenshots.push_back(file);
        return core::Ok{};
    }

    core::Status expect(const std::string& screen) const {
        if (m_screen() != screen)
            return core::makeError(core::ErrorCode::InvalidArgument,
                                   "the demo expected the " + screen + " screen but is on " + m_screen());
        return core::Ok{};
    }
    core::Status tapTo(const std::string& target, const std::string& screen, float fx = 0.5f, float fy = 0.5f) {
        TRY(tap(target, fx, fy));
        return expect(screen);
    }

    [[nodiscard]] core::Language language() const { return m_language; }
    // Touches made so far (for counting what a flow takes), and reset.
    [[nodiscard]] int touches() const { return m_touches; }
    void resetTouches() { m_touches = 0; }
    // The last tap missed what it aimed at: it does not count.
    void uncountTouch() { --m_touches; }
    [[nodiscard]] DemoResult& result() { return m_result; }

private:
    platform::Window& m_window;
    core::Language m_language;
    std::filesystem::path m_outDir;
    std::string m_prefix;
    platform::DrawFn m_draw;
    const Targets* m_targets = nullptr;
    std::function<std::string()> m_screen;
    int m_shots = 0;
    int m_touches = 0;
    DemoResult m_result;
};

}  // namespace fangsiang
