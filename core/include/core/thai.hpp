#pragma once
// Thai text analysis with libthai, below any drawing: UTF-8 <-> UTF-32, code
// point classes, cells (the unit a caret moves by), normalisation for search
// and the dictionary word breaker. The kiosk's search, the hub's keyword
// figures and ui/'s line breaking and text editing all use it. Drawing
// (shaping into presentation glyphs) lives in ui/thai.hpp.

#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

typedef struct _ThBrk ThBrk;

namespace fangsiang::core::thai {

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

// A Thai-block code point that TIS-620 (libthai's encoding) can represent.
[[nodiscard]] bool isTisThai(char32_t cp);
// End of the run of TIS-620 Thai code points starting at `from`.
[[nodiscard]] std::size_t thaiRunEnd(std::u32string_view text, std::size_t from);
// A run of TIS-620 Thai code points in TIS-620.
[[nodiscard]] std::basic_string<unsigned char> toTis620(std::u32string_view run);
// Walks `text` in order as the pieces libthai works on: each maximal run of
// TIS-620 Thai code points whole, `thaiRun(start, run)`, and every other code
// point on its own, `other(index)`. Shaping, cells and normalisation all
// treat Thai runs this way and pass the rest through.
template <typename ThaiRun, typename Other>
void forEachThaiRun(std::u32string_view text, ThaiRun&& thaiRun, Other&& other) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isTisThai(text[i])) {
            other(i++);
            continue;
        }
        const std::size_t end = thaiRunEnd(text, i);
        thaiRun(i, text.substr(i, end - i));
        i = end;
    }
}

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
    [[nodiscard]] static Result<WordBreaker> create();
    // libthai's dictionary with `extraWords` added (an office's village
    // names and places, so "หนองบัวแดง" stays one word). Each word is Thai
    // letters only, at most kMaxExtraWordLength code points; at most
    // kMaxExtraWords of them. The combined dictionary is built in a private
    // temporary file that is removed once libthai has read it.
    [[nodiscard]] static Result<WordBreaker> create(const std::vector<std::string>& extraWords);
    static constexpr std::size_t kMaxExtraWords = 10'000;
    static constexpr std::size_t kMaxExtraWordLength = 64;

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

}  // namespace fangsiang::core::thai
