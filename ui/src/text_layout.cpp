#include "ui/text_layout.hpp"

#include <cfloat>
#include <cmath>
#include <functional>

namespace fangsiang::ui {

float measureGlyphs(const ImFont* font, float size, std::string_view glyphs) {
    if (glyphs.empty()) return 0.0f;
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, glyphs.data(), glyphs.data() + glyphs.size()).x;
}

namespace {

bool isSpace(char32_t cp) { return thai::scriptOf(cp) == thai::Script::Space; }

// Lays out one paragraph (no '\n') whose first byte is at `base` in the
// source text.
void layoutParagraph(std::string_view para, std::size_t base, float maxWidth, const ImFont* font,
                     float size, const thai::WordBreaker& breaker, TextLayout& out) {
    std::vector<std::size_t> offsets;
    const std::u32string cps = thai::decodeUtf8(para, &offsets);
    const std::size_t n = cps.size();
    if (n == 0) {
        out.lines.push_back(TextLine{{}, 0.0f, base, base});
        return;
    }
    const std::vector<bool> can = thai::lineBreakOpportunities(cps, breaker);
    const std::vector<std::size_t> cells = thai::cellBoundaries(cps);
    const std::u32string_view view(cps);

    auto trimEnd = [&](std::size_t from, std::size_t to) {
        while (to > from && isSpace(cps[to - 1])) --to;
        return to;
    };
    auto widthOf = [&](std::size_t from, std::size_t to) {
        return measureGlyphs(font, size, thai::encodeUtf8(thai::shape(view.substr(from, to - from))));
    };
    auto emit = [&](std::size_t from, std::size_t to) {
        const std::size_t end = trimEnd(from, to);
        TextLine line;
        line.glyphs = thai::encodeUtf8(thai::shape(view.substr(from, end - from)));
        line.width = measureGlyphs(font, size, line.glyphs);
        line.sourceBegin = base + offsets[from];
        line.sourceEnd = base + offsets[end];
        out.width = std::max(out.width, line.width);
        out.lines.push_back(std::move(line));
    };

    if (maxWidth <= 0.0f) {
        emit(0, n);
        return;
    }

    std::size_t lineStart = 0;
    std::size_t lineEnd = 0;  // end of what fits so far; == lineStart when empty
    std::size_t segStart = 0;
    while (segStart < n) {
        std::size_t segEnd = segStart + 1;
        while (segEnd < n && !can[segEnd]) ++segEnd;

        if (widthOf(lineStart, trimEnd(lineStart, segEnd)) <= maxWidth) {
            lineEnd = segEnd;
            segStart = segEnd;
            continue;
        }
        if (lineEnd > lineStart) {
            // The segment moves to a fresh line and is tried again there.
            emit(lineStart, lineEnd);
            lineStart = lineEnd = segStart;
            continue;
        }
        // A word alone is wider than the line: break it between cells, taking
        // as many as fit and always at least one so layout progresses.
        const std::size_t wordEnd = trimEnd(segStart, segEnd);
        std::size_t cut = segStart;
        for (const std::size_t c : cells) {
            if (c <= segStart) continue;
            if (c > wordEnd) break;
            if (cut != segStart && widthOf(segStart, c) > maxWidth) break;
            cut = c;
        }
        if (cut >= wordEnd) cut = segEnd;  // only trailing spaces overflowed
        emit(segStart, cut);
        lineStart = lineEnd = segStart = cut;
    }
    if (lineEnd > lineStart) emit(lineStart, lineEnd);
}

}  // namespace

TextLayout layoutText(std::string_view text, float maxWidth, const ImFont* font, float size,
                      const thai::WordBreaker& breaker) {
    TextLayout layout;
    layout.lineHeight = std::ceil(size * kLineSpacing);
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = text.find('\n', start);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
        layoutParagraph(text.substr(start, end - start), start, maxWidth, font, size, breaker, layout);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return layout;
}

void drawLayout(ImDrawList* list, ImVec2 pos, const TextLayout& layout, const ImFont* font, float size,
                ImU32 colour, Align align, float boxWidth, std::size_t maxLines) {
    float y = pos.y + std::floor(size * kMarkRoom);
    const std::size_t count = std::min(maxLines, layout.lines.size());
    for (std::size_t i = 0; i < count; ++i) {
        const TextLine& line = layout.lines[i];
        float x = pos.x;
        if (align == Align::Centre) x += (boxWidth - line.width) * 0.5f;
        if (!line.glyphs.empty())
            list->AddText(font, size, ImVec2(std::floor(x), std::floor(y)), colour, line.glyphs.data(),
                          line.glyphs.data() + line.glyphs.size());
        y += layout.lineHeight;
    }
}

// [SECTION] TextCache

std::size_t TextCache::LayoutHash::operator()(const LayoutKeyView& k) const noexcept {
    std::size_t h = std::hash<std::string_view>{}(k.text);
    auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(std::hash<float>{}(k.maxWidth));
    mix(std::hash<const void*>{}(k.font));
    mix(std::hash<float>{}(k.size));
    return h;
}

void TextCache::trimIfFull() {
    if (entries() >= kMaxEntries) clear();
}

const std::string& TextCache::shaped(std::string_view text) {
    if (auto it = m_shaped.find(text); it != m_shaped.end()) return it->second;
    return m_shaped.emplace(std::string(text), thai::shapeUtf8(text)).first->second;
}

const TextLayout& TextCache::layout(std::string_view text, float maxWidth, const ImFont* font, float size) {
    const LayoutKeyView key{text, maxWidth, font, size};
    if (auto it = m_layouts.find(key); it != m_layouts.end()) return it->second;
    return m_layouts
        .emplace(LayoutKey{std::string(text), maxWidth, font, size},
                 layoutText(text, maxWidth, font, size, *m_breaker))
        .first->second;
}

float TextCache::width(std::string_view text, const ImFont* font, float size) {
    return layout(text, 0.0f, font, size).width;
}

void TextCache::clear() {
    m_shaped.clear();
    m_layouts.clear();
}

}  // namespace fangsiang::ui
