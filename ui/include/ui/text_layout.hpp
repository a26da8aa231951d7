#pragma once
// Thai-aware line layout measured with ImGui, and the caches that make a
// steady screen cost nothing: shaping and layout run once per distinct
// (text, width, font, size) and frames only draw the cached glyph strings.

#include "ui/thai.hpp"

#include <imgui.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fangsiang::ui {

enum class Align { Left, Centre };

struct TextLine {
    std::string glyphs;        // shaped UTF-8, for drawing only
    float width = 0.0f;        // measured with the font, trailing spaces excluded
    std::size_t sourceBegin = 0;  // byte range of the line in the source text
    std::size_t sourceEnd = 0;
};

struct TextLayout {
    std::vector<TextLine> lines;
    float width = 0.0f;        // widest line
    float lineHeight = 0.0f;   // includes room for stacked marks
    [[nodiscard]] float height() const { return lineHeight * static_cast<float>(lines.size()); }
};

// Line pitch as a multiple of the font size. Thai stacks an upper vowel and a
// tone mark above the cap height and a lower vowel below the baseline; 1.5
// keeps ฟื้น on one line clear of ญุ on the next.
inline constexpr float kLineSpacing = 1.5f;
// Glyphs are drawn this far (times the size) below the top of their line so
// the highest stacked mark is never clipped by a box edge.
inline constexpr float kMarkRoom = 0.2f;

// Width of shaped glyphs (thai::shape's output) drawn on one line.
[[nodiscard]] float measureGlyphs(const ImFont* font, float size, std::string_view glyphs);

// Breaks `text` into lines no wider than `maxWidth` (see
// thai::lineBreakOpportunities for where), '\n' forces a break, and a word
// alone wider than the line is broken between cells. maxWidth <= 0 means
// one line per paragraph.
[[nodiscard]] TextLayout layoutText(std::string_view text, float maxWidth, const ImFont* font,
                                    float size, const thai::WordBreaker& breaker);

// Draws a layout with its top-left at `pos`, each line aligned in `boxWidth`;
// at most `maxLines` lines (the rest is cut at a line break, for boxes that
// show only the start of a text).
void drawLayout(ImDrawList* list, ImVec2 pos, const TextLayout& layout, const ImFont* font,
                float size, ImU32 colour, Align align, float boxWidth,
                std::size_t maxLines = std::numeric_limits<std::size_t>::max());

class TextCache {
public:
    explicit TextCache(const thai::WordBreaker& breaker) : m_breaker(&breaker) {}

    // The shaped form of `text`, computed once. References returned here and
    // by layout() stay valid until trimIfFull() or clear().
    [[nodiscard]] const std::string& shaped(std::string_view text);
    [[nodiscard]] const TextLayout& layout(std::string_view text, float maxWidth, const ImFont* font,
                                           float size);
    // Width of `text` drawn on one line.
    [[nodiscard]] float width(std::string_view text, const ImFont* font, float size);

    // Fonts were rebuilt: every measurement is stale.
    void clear();
    // Drops everything once the cache holds kMaxEntries; called between
    // frames, when no reference into it is held.
    void trimIfFull();
    [[nodiscard]] std::size_t entries() const { return m_shaped.size() + m_layouts.size(); }
    [[nodiscard]] const thai::WordBreaker& breaker() const { return *m_breaker; }

    // A screen shows far fewer distinct strings than this; typing creates a
    // new one per key, so past the bound everything is dropped between frames
    // and rebuilt lazily rather than growing without end.
    static constexpr std::size_t kMaxEntries = 4096;

private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct LayoutKeyView {
        std::string_view text;
        float maxWidth;
        const ImFont* font;
        float size;
    };
    struct LayoutKey {
        std::string text;
        float maxWidth;
        const ImFont* font;
        float size;
        operator LayoutKeyView() const { return {text, maxWidth, font, size}; }  // NOLINT
    };
    struct LayoutHash {
        using is_transparent = void;
        std::size_t operator()(const LayoutKeyView& k) const noexcept;
        std::size_t operator()(const LayoutKey& k) const noexcept { return (*this)(LayoutKeyView(k)); }
    };
    struct LayoutEq {
        using is_transparent = void;
        static bool same(const LayoutKeyView& a, const LayoutKeyView& b) {
            return a.text == b.text && a.maxWidth == b.maxWidth && a.font == b.font && a.size == b.size;
        }
        bool operator()(const LayoutKey& a, const LayoutKey& b) const { return same(a, b); }
        bool operator()(const LayoutKeyView& a, const LayoutKey& b) const { return same(a, b); }
        bool operator()(const LayoutKey& a, const LayoutKeyView& b) const { return same(a, b); }
    };

    const thai::WordBreaker* m_breaker;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_shaped;
    std::unordered_map<LayoutKey, TextLayout, LayoutHash, LayoutEq> m_layouts;
};

}  // namespace fangsiang::ui
