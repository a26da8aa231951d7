#pragma once
// Colours and text size of the three themes. A theme is plain data: widgets
// read it every frame, so switching is instant and needs no rebuild.

#include "ui/fonts.hpp"

#include <imgui.h>

#include <string_view>

namespace fangsiang::ui {

enum class ThemeId { Default, HighContrast, LargeText };

struct Theme {
    ThemeId id = ThemeId::Default;
    std::string_view name;
    TextSize textSize = TextSize::Normal;
    ImU32 background = 0;
    ImU32 surface = 0;         // tiles, keys, list rows
    ImU32 surfacePressed = 0;
    ImU32 border = 0;
    ImU32 text = 0;
    ImU32 textMuted = 0;       // placeholders, secondary labels
    ImU32 accent = 0;          // selection, current step, primary action
    ImU32 accentText = 0;      // text drawn on accent
    ImU32 danger = 0;
    ImU32 overlay = 0;         // dims the screen behind a dialog
    float borderWidth = 1.0f;  // at scale 1
    float rounding = 10.0f;    // at scale 1
};

[[nodiscard]] const Theme& theme(ThemeId id);
inline constexpr ThemeId kAllThemes[] = {ThemeId::Default, ThemeId::HighContrast, ThemeId::LargeText};

// Sets ImGui's own style colours (popups, scrollbars) to match.
void applyToImGuiStyle(const Theme& theme, float scale, ImGuiStyle& style);

}  // namespace fangsiang::ui
