#pragma once
// Thai text below the drawing layer: code point classes, shaping into the
// presentation glyphs every fonts-thai-tlwg font carries, cells (the unit a
// caret moves by), dictionary line-break opportunities and normalisation for
// search. Nothing here touches ImGui, so it is tested on its own.

#include <kiosk/result.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

typedef struct _ThBrk ThBrk;

namespace ui::thai {

// [SECTION] UTF-8 <-> UTF-32
// Invalid UTF-8 decodes to U+FFFD per bad byte, so text from a file or the
// network can never derail layout; valid text round-trips exactly.
// When `byteOffsets` is given it receives, per code point, the offset of its
// first byte, plus text.size() at the end.
[[nodiscard]] std::u32string decodeUtf8(std::string_view text,
                                        std::vector<std::size_t>* byteOffsets = nullptr);
void appendUtf8(std::string& out, char32_t cp);
[[nodiscard]] std::string encodeUtf8(std::u32string_view text);

// [SECTION] Classes
[[nodiscard]] constexpr bool isThaiBlock(char32_t cp) { return cp >= 0x0E00 && cp <= 0x0E7F; }
[[nodiscard]] constexpr bool isThaiDigit(char32_t cp) { return cp >= 0x0E50 && cp <= 0x0E59; }
// Above/below vowels, tone marks and other signs that sit on a base consonant.
[[nodiscard]] constexpr bool isThaiCombining(char32_t cp) {
    return cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E);
}
[[nodiscard]] constexpr bool isThaiTone(char32_t cp) { return cp >= 0x0E48 && cp <= 0x0E4B; }

// The classes between which a line may break even without a space.
enum class Script { Thai, Latin, Digit, Space, Other };
[[nodiscard]] Script scriptOf(char32_t cp);

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

// [SECTION] Cells
// Cell boundaries of `text` as indices 0 = b0 < b1 < ... < bn = size(): a
// Thai cell is a base with its marks (libthai th_next_cell); any other code
// point is a cell of its own.
[[nodiscard]] std::vector<std::size_t> cellBoundaries(std::u32string_view text);

// [SECTION] Normalisation for search
// Canonical order of marks (th_normalize), nikhahit + tone + sara aa folded
// to tone + sara am, and ำ composed, so that text typed two ways matches.
// Non-Thai text is returned unchanged.
[[nodiscard]] std::string normalizeForSearch(std::string_view text);

// [SECTION] Word breaking
// libthai's dictionary word breaker. Loading the dictionary takes a few
// milliseconds and a few megabytes, so one instance serves the whole program.
class WordBreaker {
public:
    // Fails with a readable reason when libthai's dictionary (Debian package
    // libthai-data) cannot be loaded.
    [[nodiscard]] static kiosk::Result<WordBreaker> create();

    WordBreaker(WordBreaker&&) noexcept = default;
    WordBreaker& operator=(WordBreaker&&) noexcept = default;
    ~WordBreaker();

    // Positions inside `thaiRun` (a run of Thai code points) where a word
    // starts, excluding 0 and size(). Appends to `out`.
    void findBreaks(std::u32string_view thaiRun, std::vector<std::size_t>& out) const;

private:
    struct Deleter { void operator()(ThBrk* brk) const; };
    explicit WordBreaker(ThBrk* brk) : m_brk(brk) {}
    std::unique_ptr<ThBrk, Deleter> m_brk;
};

// Where a line may start, as a flag per index 0..size() of `text`: after a
// space or a zero-width space, where the script changes between Thai, Latin
// and digits, and at the dictionary's word boundaries inside Thai runs.
// Never before a combining mark. Index 0 and size() are always false.
[[nodiscard]] std::vector<bool> lineBreakOpportunities(std::u32string_view text,
                                                       const WordBreaker& breaker);

}  // namespace ui::thai
