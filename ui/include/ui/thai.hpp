#pragma once
// Thai text for drawing: shaping into the presentation glyphs every
// fonts-thai-tlwg font carries, and where a line may break. Nothing here
// touches ImGui, so it is tested on its own.

#include <core/thai.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::ui::thai {

// The analysis half (UTF-8, classes, cells, normalisation, word breaking)
// is in the core, so the hub and the kiosk's search share it.
using namespace core::thai;

// [SECTION] Shaping
// First code point of the presentation forms libthai's "win" renderer maps
// to (shifted-left tone marks, descender-less ญ/ฐ, lowered below vowels...).
inline constexpr char32_t kPresentationFirst = 0xF700;
inline constexpr char32_t kPresentationLast = 0xF71A;
// A mark typed or shown without a consonant (a key label such as ◌่) sits on
// a dotted circle, which the font loader adds to the atlas.
inline constexpr char32_t kDottedCircle = 0x25CC;

// Returns the string to draw: Thai runs become positioned glyph code points
// (th_render_text_win with sara am decomposed, then th_winthai2uni); every
// other code point passes through unchanged. For drawing only: never store,
// compare or hash the result.
[[nodiscard]] std::u32string shape(std::u32string_view text);
[[nodiscard]] std::string shapeUtf8(std::string_view text);

// [SECTION] Line breaks
// Where a line may start, as a flag per index 0..size() of `text`: after a
// space or a zero-width space, where the script changes between Thai, Latin
// and digits, and at the dictionary's word boundaries inside Thai runs.
// Never before a combining mark. Index 0 and size() are always false.
[[nodiscard]] std::vector<bool> lineBreakOpportunities(std::u32string_view text,
                                                       const WordBreaker& breaker);

}  // namespace fangsiang::ui::thai
