#pragma once
// Fonts from fonts-thai-tlwg, baked into the ImGui atlas at the sizes every
// theme needs, so switching theme or text size never rebuilds anything.

#include <core/result.hpp>

#include <imgui.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fangsiang::ui {

enum class FontRole { Small, Body, Title, Count };
enum class TextSize { Normal, Large, Count };

// Waree is the default. Among the fonts-thai-tlwg faces it has the largest
// Thai x-height at a given pixel size, so 24 px body text reads biggest on a
// 7-inch 800x480 panel; its heads are looped, which older readers tell apart
// more easily than loopless shapes (Sawasdee); its Latin and figures come
// from DejaVu Sans, drawn for screens; and it has a bold for titles.
// Laksaman (the free TH Sarabun New of official documents) is the formal
// choice but small on screen; Loma and Garuda read smaller too.
inline constexpr const char* kDefaultRegularFont = "/usr/share/fonts/truetype/tlwg/Waree.ttf";
inline constexpr const char* kDefaultBoldFont = "/usr/share/fonts/truetype/tlwg/Waree-Bold.ttf";

struct FontConfig {
    std::string regularPath = kDefaultRegularFont;
    std::string boldPath = kDefaultBoldFont;  // titles; may equal regularPath
    // 1.0 at 800x480; the platform derives it from the window size.
    float scale = 1.0f;
};

// Pixel size of a role at scale 1.
[[nodiscard]] float baseFontSize(FontRole role, TextSize textSize);

class FontSet {
public:
    FontSet() = default;
    // Move-only: the atlas points into m_files, whose buffers a move keeps
    // and a copy would not.
    FontSet(const FontSet&) = delete;
    FontSet& operator=(const FontSet&) = delete;
    FontSet(FontSet&&) noexcept = default;
    FontSet& operator=(FontSet&&) noexcept = default;
    ~FontSet() = default;

    [[nodiscard]] ImFont* font(FontRole role, TextSize textSize) const {
        return m_fonts[static_cast<std::size_t>(textSize)][static_cast<std::size_t>(role)];
    }
    [[nodiscard]] float size(FontRole role, TextSize textSize) const {
        return m_sizes[static_cast<std::size_t>(textSize)][static_cast<std::size_t>(role)];
    }
    [[nodiscard]] float scale() const { return m_scale; }

private:
    friend core::Result<FontSet> loadFonts(ImFontAtlas& atlas, const FontConfig& config);

    using PerRole = std::array<ImFont*, static_cast<std::size_t>(FontRole::Count)>;
    using SizePerRole = std::array<float, static_cast<std::size_t>(FontRole::Count)>;
    std::array<PerRole, static_cast<std::size_t>(TextSize::Count)> m_fonts{};
    std::array<SizePerRole, static_cast<std::size_t>(TextSize::Count)> m_sizes{};
    float m_scale = 1.0f;
    // The atlas reads the TTF data while it builds and keeps pointers to it;
    // one copy per file serves every size.
    std::vector<std::vector<std::uint8_t>> m_files;
};

// Clears `atlas` and bakes every role and text size at config.scale: Latin-1,
// Thai (U+0E00-0E7F), general punctuation (U+2000-206F), the Thai
// presentation forms (U+F700-F71A) and a dotted circle for lone marks. A
// missing or unreadable font file is an error naming the path and the
// Debian package. The FontSet must outlive the atlas's use of its fonts.
[[nodiscard]] core::Result<FontSet> loadFonts(ImFontAtlas& atlas, const FontConfig& config);

// The glyph ranges above, zero-terminated, for ImFontConfig::GlyphRanges.
[[nodiscard]] const ImWchar* thaiGlyphRanges();

}  // namespace fangsiang::ui
