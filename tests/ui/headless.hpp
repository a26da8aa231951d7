#pragma once
// A Dear ImGui context with the kiosk's fonts and no window: frames are
// built (NewFrame .. Render) without being drawn, and touches are simulated
// by setting the mouse state ImGui's SDL backend would set.

#include "ui/context.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

#include <imgui.h>

#include <memory>
#include <optional>
#include <stdexcept>

namespace fangsiang::test {

class Headless {
public:
    explicit Headless(ImVec2 display = ImVec2(800, 480)) {
        m_ctx = ImGui::CreateContext();
        ImGui::SetCurrentContext(m_ctx);
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = display;
        // 1.86 keys: index = whatever the backend says; tests use small ints.
        io.KeyMap[ImGuiKey_Backspace] = 8;
        io.KeyMap[ImGuiKey_LeftArrow] = 37;
        io.KeyMap[ImGuiKey_RightArrow] = 39;
        ui::FontConfig config;
        config.scale = std::min(display.x / 800.0f, display.y / 480.0f);
        auto fonts = ui::loadFonts(*io.Fonts, config);
        if (!fonts) throw std::runtime_error(fonts.error().describe());
        auto breaker = ui::thai::WordBreaker::create();
        if (!breaker) throw std::runtime_error(breaker.error().describe());
        m_breaker.emplace(std::move(breaker).value());
        m_ui = std::make_unique<ui::Context>(std::move(fonts).value(), *m_breaker);
        ui::applyToImGuiStyle(m_ui->theme(), config.scale, ImGui::GetStyle());
    }
    ~Headless() { ImGui::DestroyContext(m_ctx); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    ui::Context& ui() { return *m_ui; }

    // One frame; `draw` runs inside a full-screen window unless `bare`.
    template <typename F>
    void frame(F&& draw, bool bare = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        m_ui->beginFrame();
        if (bare) {
            draw(*m_ui);
        } else {
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(io.DisplaySize);
            ImGui::Begin("##test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
            draw(*m_ui);
            ImGui::End();
        }
        ImGui::Render();
    }

    void mouse(ImVec2 pos, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = pos;
        io.MouseDown[0] = down;
    }

    // Press and release at `pos`, drawing `draw` each frame.
    template <typename F>
    void tap(ImVec2 pos, F&& draw) {
        mouse(pos, true);
        frame(draw);
        mouse(pos, false);
        frame(draw);
        frame(draw);
    }

private:
    ImGuiContext* m_ctx = nullptr;
    std::optional<ui::thai::WordBreaker> m_breaker;
    std::unique_ptr<ui::Context> m_ui;
};

}  // namespace fangsiang::test
