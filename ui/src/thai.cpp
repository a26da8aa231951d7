#include "ui/thai.hpp"

#include <thai/thrend.h>
#include <thai/thwchar.h>

#include <algorithm>

namespace fangsiang::ui::thai {

namespace {

// Marks, sara am, mai yamok (ๆ) and paiyannoi (ฯ) belong to what precedes.
bool mayStartLine(char32_t cp) {
    return !isThaiCombining(cp) && cp != 0x0E33 && cp != 0x0E46 && cp != 0x0E2F;
}

}  // namespace

// [SECTION] Shaping

std::u32string shape(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size() + 4);
    std::vector<thglyph_t> glyphs;
    forEachThaiRun(
        text,
        [&](std::size_t, std::u32string_view run) {
            const auto tis = toTis620(run);
            // Each input character yields at most two glyphs (sara am splits
            // into nikhahit + sara aa; a lone mark gets a blank base), plus
            // the null.
            glyphs.assign(tis.size() * 2 + 2, 0);
            const int count = th_render_text_win(tis.c_str(), glyphs.data(), glyphs.size(), 1);
            for (int g = 0; g < count; ++g) {
                if (glyphs[static_cast<std::size_t>(g)] == TH_BLANK_BASE_GLYPH) {
                    out.push_back(kDottedCircle);
                    continue;
                }
                const thwchar_t wc = th_winthai2uni(glyphs[static_cast<std::size_t>(g)]);
                // A glyph code outside Windows-874 would be a libthai bug;
                // drawing nothing beats drawing a replacement box inside a word.
                if (wc > 0 && wc < 0x110000) out.push_back(static_cast<char32_t>(wc));
            }
        },
        [&](std::size_t index) { out.push_back(text[index]); });
    return out;
}

std::string shapeUtf8(std::string_view text) {
    return encodeUtf8(shape(decodeUtf8(text)));
}

// [SECTION] Line breaks

std::vector<bool> lineBreakOpportunities(std::u32string_view text, const WordBreaker& breaker) {
    std::vector<bool> can(text.size() + 1, false);
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char32_t prev = text[i - 1];
        const char32_t cur = text[i];
        if (!mayStartLine(cur)) continue;
        const Script a = scriptOf(prev);
        const Script b = scriptOf(cur);
        if ((a == Script::Space && b != Script::Space) || prev == 0x200B) {
            can[i] = true;
        } else if (a != b && a != Script::Space && b != Script::Space && a != Script::Other &&
                   b != Script::Other) {
            can[i] = true;
        }
    }
    std::vector<std::size_t> breaks;
    std::size_t i = 0;
    while (i < text.size()) {
        if (scriptOf(text[i]) != Script::Thai) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && scriptOf(text[end]) == Script::Thai) ++end;
        breaks.clear();
        breaker.findBreaks(text.substr(i, end - i), breaks);
        for (const std::size_t p : breaks)
            if (mayStartLine(text[i + p])) can[i + p] = true;
        i = end;
    }
    return can;
}

}  // namespace fangsiang::ui::thai
