#pragma once
// What every widget needs besides ImGui's own state: the fonts, the current
// theme and language, the text caches, and when the next frame is due. The
// platform owns one Context per window and hands it to each screen.

#include "ui/fonts.hpp"
#include "ui/text_layout.hpp"
#include "ui/theme.hpp"

#include <core/text_pair.hpp>

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::ui {

class Context {
public:
    Context(FontSet fonts, const thai::WordBreaker& breaker) : m_fonts(std::move(fonts)), m_text(breaker) {}

    // Fonts were rebuilt (the window changed size): drop every measurement.
    void setFonts(FontSet fonts);
    // Called by the platform before each frame's screen is drawn.
    void beginFrame() { m_text.trimIfFull(); }

    [[nodiscard]] const Theme& theme() const { return *m_theme; }
    void setTheme(ThemeId id) { m_theme = &ui::theme(id); }
    // Words come in both languages (core::TextPair, Thai first); a widget is
    // given them already picked, in the language the citizen chose.
    [[nodiscard]] core::Language language() const { return m_language; }
    void setLanguage(core::Language language) { m_language = language; }
    [[nodiscard]] std::string_view pick(const core::TextPair& text) const { return text.in(m_language); }
    // Each word of a table, for the widgets that show several; on the
    // stack, so a steady frame still allocates nothing.
    template <std::size_t N>
    [[nodiscard]] std::array<std::string_view, N> pickEach(const core::TextPair (&texts)[N]) const {
        std::array<std::string_view, N> picked;
        for (std::size_t i = 0; i < N; ++i)
            picked[i] = pick(texts[i]);
        return picked;
    }

    // Lengths in the design's 800x480 pixels times this.
    [[nodiscard]] float scale() const { return m_fonts.scale(); }
    [[nodiscard]] float px(float designPixels) const { return designPixels * m_fonts.scale(); }

    [[nodiscard]] ImFont* font(FontRole role) const { return m_fonts.font(role, m_theme->textSize); }
    [[nodiscard]] float fontSize(FontRole role) const { return m_fonts.size(role, m_theme->textSize); }
    [[nodiscard]] const FontSet& fonts() const { return m_fonts; }
    [[nodiscard]] TextCache& text() { return m_text; }

    // Lays out `text` in `role`'s font for the current theme; cached.
    [[nodiscard]] const TextLayout& layout(std::string_view text, float maxWidth, FontRole role) {
        return m_text.layout(text, maxWidth, font(role), fontSize(role));
    }
    // Draws text laid out in a box of `boxWidth`, returns its height.
    float drawText(ImDrawList* list, ImVec2 pos, std::string_view text, FontRole role, ImU32 colour,
                   float boxWidth, Align align = Align::Left);
    // The lines of `text` in `boxWidth`, at most `maxLines` of them: when it
    // needs more, the last shown line ends at a word boundary (libthai's, as
    // every line break; a Thai cluster is never cut) followed by "…". Its
    // source texts, for drawing with drawText or measuring.
    [[nodiscard]] std::vector<std::string> clampedLines(std::string_view text, float boxWidth, FontRole role,
                                                        std::size_t maxLines);

    // [SECTION] Redraw scheduling
    // The platform sleeps until input arrives or the earliest of these is due.
    // An animation asks for the next frame; a countdown asks for a time.
    void requestFrame() { m_nextFrame = 0.0; }
    void requestFrameAt(double imguiTime) { m_nextFrame = std::min(m_nextFrame, imguiTime); }
    // Called by the platform once per frame, after the screen was drawn.
    [[nodiscard]] double takeNextFrameTime() {
        const double t = m_nextFrame;
        m_nextFrame = kNever;
        return t;
    }
    static constexpr double kNever = std::numeric_limits<double>::infinity();

private:
    FontSet m_fonts;
    TextCache m_text;
    const Theme* m_theme = &ui::theme(ThemeId::Default);
    core::Language m_language = core::Language::Thai;
    double m_nextFrame = kNever;
};

}  // namespace fangsiang::ui
