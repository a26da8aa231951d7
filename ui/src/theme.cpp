#include "ui/theme.hpp"

namespace fangsiang::ui {

namespace {

constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) {
    return IM_COL32(r, g, b, a);
}

// The default is calm and light, as a counter's paper forms are; contrast of
// body text on the background is above 12:1.
const Theme kDefault{
    ThemeId::Default, "default", TextSize::Normal,
    rgb(246, 244, 239), rgb(255, 255, 255), rgb(214, 226, 240), rgb(196, 200, 206),
    rgb(28, 32, 38), rgb(104, 110, 120), rgb(20, 92, 160), rgb(255, 255, 255),
    rgb(176, 38, 38), rgb(20, 24, 30, 150), 1.0f, 10.0f,
};

// Black and white with yellow for focus and selection (the WCAG pairing that
// survives low vision and glare on a counter under a window).
const Theme kHighContrast{
    ThemeId::HighContrast, "high-contrast", TextSize::Normal,
    rgb(0, 0, 0), rgb(0, 0, 0), rgb(60, 60, 0), rgb(255, 255, 255),
    rgb(255, 255, 255), rgb(230, 230, 230), rgb(255, 230, 0), rgb(0, 0, 0),
    rgb(255, 120, 120), rgb(0, 0, 0, 200), 3.0f, 6.0f,
};

const Theme kLargeText{
    ThemeId::LargeText, "large-text", TextSize::Large,
    kDefault.background, kDefault.surface, kDefault.surfacePressed, kDefault.border,
    kDefault.text, kDefault.textMuted, kDefault.accent, kDefault.accentText,
    kDefault.danger, kDefault.overlay, 1.5f, kDefault.rounding,
};

}  // namespace

const Theme& theme(ThemeId id) {
    switch (id) {
        case ThemeId::HighContrast: return kHighContrast;
        case ThemeId::LargeText: return kLargeText;
        case ThemeId::Default: break;
    }
    return kDefault;
}

void applyToImGuiStyle(const Theme& t, float scale, ImGuiStyle& style) {
    style = ImGuiStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0.0f;
    style.WindowRounding = 0.0f;
    style.PopupRounding = t.rounding * scale;
    style.PopupBorderSize = t.borderWidth * scale;
    style.ItemSpacing = ImVec2(12.0f * scale, 12.0f * scale);
    style.ScrollbarSize = 0.0f;
    style.TouchExtraPadding = ImVec2(0, 0);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(t.background);
    c[ImGuiCol_PopupBg] = ImGui::ColorConvertU32ToFloat4(t.surface);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(t.border);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(t.text);
    c[ImGuiCol_ModalWindowDimBg] = ImGui::ColorConvertU32ToFloat4(t.overlay);
}

}  // namespace fangsiang::ui
