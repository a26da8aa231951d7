#pragma once
// A text area for what is longer than a line (a complaint, a survey
// comment): the text wraps exactly as every label does (layoutText, so
// Thai breaks at the dictionary's word boundaries), the area takes the
// space it is given and scrolls beyond it, and the caret moves by cell and
// by line. TextAreaLines is the caret geometry alone, tested without a
// window; textArea() is the widget.

#include "ui/context.hpp"
#include "ui/text_edit.hpp"
#include "ui/text_layout.hpp"

#include <core/text_pair.hpp>

#include <imgui.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::ui {

// [SECTION] Caret geometry

// Where caret positions (code-point indices on cell boundaries) fall in a
// wrapped text, and back. Built from the text and its layout; measures with
// the layout's font.
class TextAreaLines {
public:
    TextAreaLines(std::u32string_view text, const TextLayout& layout, const ImFont* font, float size);

    [[nodiscard]] std::size_t lineCount() const { return m_lines.size(); }
    // The line a caret is drawn on: the last line starting at or before it,
    // so a caret at a wrap point is at the start of the next line.
    [[nodiscard]] std::size_t lineOf(std::size_t caret) const;
    // The caret's distance from the left edge of its line.
    [[nodiscard]] float xOf(std::size_t caret) const;
    // The cell boundary on `line` nearest to `x`. A line's own last position
    // is left out when it is where the next line starts, so moving up and
    // down never lands on another line than the one asked for.
    [[nodiscard]] std::size_t caretAt(std::size_t line, float x) const;
    // Up (delta -1) or down (+1) from `caret`, keeping `x`: from the first
    // line up goes to the start, from the last line down to the end.
    [[nodiscard]] std::size_t caretAbove(std::size_t caret, float x) const { return vertical(caret, -1, x); }
    [[nodiscard]] std::size_t caretBelow(std::size_t caret, float x) const { return vertical(caret, +1, x); }
    // First and last caret position of a line (code points).
    [[nodiscard]] std::size_t lineBegin(std::size_t line) const { return m_lines[line].begin; }
    [[nodiscard]] std::size_t lineEnd(std::size_t line) const { return m_lines[line].end; }

private:
    struct Line {
        std::size_t begin = 0;  // first code point
        std::size_t end = 0;    // past the last drawn code point (trailing spaces excluded)
    };
    [[nodiscard]] std::size_t vertical(std::size_t caret, int delta, float x) const;
    [[nodiscard]] float width(std::size_t from, std::size_t to) const;

    std::u32string_view m_text;
    const ImFont* m_font;
    float m_size;
    std::vector<Line> m_lines;
    std::vector<std::size_t> m_cells;
};

// [SECTION] Characters left
// How many more characters a field takes, once that is worth saying: when
// at most a tenth of the limit (and never fewer than 20) is left.
[[nodiscard]] std::optional<std::size_t> charactersLeftToShow(std::size_t length, std::size_t max);
// "เหลืออีก 120 ตัวอักษร" / "120 characters left".
[[nodiscard]] core::TextPair charactersLeftWords(std::size_t left);

// [SECTION] The widget
struct TextAreaState {
    float scroll = 0.0f;      // pixels scrolled from the top of the text
    float stickyX = -1.0f;    // the x that up and down keep; < 0: where the caret is
    bool held = false;        // pressed inside the area
    bool dragging = false;    // moved past the tap threshold while held
    float pressY = 0.0f;
    float pressScroll = 0.0f;
    unsigned shownRevision = ~0u;  // the buffer's revision the caret was last kept in view for
    // The caret's place, measured when the text, caret, width or font change.
    unsigned caretRevision = ~0u;
    float caretWidth = 0.0f;
    const ImFont* caretFont = nullptr;
    std::size_t caretLine = 0;
    float caretX = 0.0f;
};

// Shows `buffer` wrapped in a box of `size`. A tap focuses it and puts the
// caret at the touched cell; a drag scrolls (and a scroll bar shows where
// the view is). While focused, SDL text input, Backspace, the arrows (up
// and down keep the caret's x), Home and End edit it, and the on-screen
// keyboard may feed the same buffer. The caret does not blink, so an idle
// kiosk draws nothing. Returns true when the content changed this frame.
bool textArea(Context& ui, const char* id, TextEditBuffer& buffer, TextAreaState& state,
              std::string_view placeholder, ImVec2 size, bool& focused);

}  // namespace fangsiang::ui
