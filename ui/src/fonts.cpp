#include "ui/fonts.hpp"

#include "ui/thai.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fangsiang::ui {

namespace {

constexpr const char* kFontPackage = "fonts-thai-tlwg";

// Pixel sizes at 800x480. Body text at 24 px keeps a Thai consonant about
// 2.5 mm tall on a 7-inch panel; large text adds a quarter.
constexpr float kBaseSizes[2][3] = {
    {18.0f, 24.0f, 32.0f},
    {23.0f, 30.0f, 40.0f},
};

core::Result<std::vector<std::uint8_t>> readFontFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!in || ec)
        return core::makeError(core::ErrorCode::NotFound,
                                "font file " + path + " cannot be read; it comes with the Debian package " +
                                    kFontPackage + " (apt-get install " + kFontPackage +
                                    "), or set another font path in the configuration");
    if (size > static_cast<std::uintmax_t>(64) * 1024 * 1024)
        return core::makeError(core::ErrorCode::TooLarge, "font file " + path + " is larger than 64 MiB");
    std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // stb_truetype asserts on data that is not a TrueType font; check the
    // sfnt version tag first so a wrong file is an error, not a crash.
    const bool trueType = data.size() >= 12 &&
                          ((data[0] == 0 && data[1] == 1 && data[2] == 0 && data[3] == 0) ||
                           (data[0] == 't' && data[1] == 'r' && data[2] == 'u' && data[3] == 'e'));
    if (!trueType)
        return core::makeError(core::ErrorCode::Corrupt,
                                "font file " + path + " is not a TrueType font; use a .ttf from " + kFontPackage);
    return data;
}

// Paints a dotted circle into the atlas rect of the U+25CC glyph and gives
// the glyph the box and advance of อ, so a lone mark sits where it would on
// a consonant.
void finishDottedCircle(ImFontAtlas& atlas, ImFont* font, int rectIndex) {
    const ImFontGlyph* o = font->FindGlyphNoFallback(0x0E2D);
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(rectIndex);
    if (o == nullptr || rect == nullptr || atlas.TexPixelsAlpha8 == nullptr) return;
    for (ImFontGlyph& g : font->Glyphs) {
        if (g.Codepoint != thai::kDottedCircle) continue;
        const float side = static_cast<float>(rect->Width);
        g.X0 = std::floor(o->X0 + ((o->X1 - o->X0) - side) * 0.5f);
        g.X1 = g.X0 + side;
        g.Y1 = o->Y1;
        g.Y0 = g.Y1 - side;
        g.AdvanceX = o->AdvanceX;
    }
    font->BuildLookupTable();

    const int side = rect->Width;
    const float centre = static_cast<float>(side) * 0.5f;
    const float dot = std::max(1.0f, static_cast<float>(side) * 0.08f);
    const float radius = centre - dot - 0.5f;
    constexpr int kDots = 10;
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            float cover = 0.0f;
            for (int k = 0; k < kDots; ++k) {
                const float angle = 6.2831853f * static_cast<float>(k) / kDots;
                const float dx = static_cast<float>(x) + 0.5f - (centre + radius * std::cos(angle));
                const float dy = static_cast<float>(y) + 0.5f - (centre + radius * std::sin(angle));
                cover = std::max(cover, std::clamp(dot + 0.5f - std::sqrt(dx * dx + dy * dy), 0.0f, 1.0f));
            }
            atlas.TexPixelsAlpha8[(rect->Y + y) * atlas.TexWidth + rect->X + x] =
                static_cast<unsigned char>(std::lround(cover * 255.0f));
        }
    }
}

}  // namespace

float baseFontSize(FontRole role, TextSize textSize) {
    return kBaseSizes[static_cast<std::size_t>(textSize)][static_cast<std::size_t>(role)];
}

const ImWchar* thaiGlyphRanges() {
    static const ImWchar ranges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
        0x0E00, 0x0E7F,  // Thai
        0x2000, 0x206F,  // General Punctuation (includes ZWSP U+200B)
        0xF700, 0xF71A,  // Thai presentation forms used by libthai's win renderer
        0,
    };
    return ranges;
}

core::Result<FontSet> loadFonts(ImFontAtlas& atlas, const FontConfig& config) {
    if (!(config.scale > 0.25f && config.scale < 8.0f))
        return core::makeError(core::ErrorCode::InvalidArgument, "font scale must be between 0.25 and 8");

    FontSet set;
    set.m_scale = config.scale;
    set.m_files.push_back(TRY(readFontFile(config.regularPath)));
    std::size_t boldIndex = 0;
    if (config.boldPath != config.regularPath) {
        set.m_files.push_back(TRY(readFontFile(config.boldPath)));
        boldIndex = 1;
    }

    atlas.Clear();
    // Only the rows used; halves the texture for most sizes.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;

    std::vector<std::pair<ImFont*, int>> circles;
    for (std::size_t ts = 0; ts < static_cast<std::size_t>(TextSize::Count); ++ts) {
        for (std::size_t role = 0; role < static_cast<std::size_t>(FontRole::Count); ++role) {
            const float px = std::round(kBaseSizes[ts][role] * config.scale);
            std::vector<std::uint8_t>& file = set.m_files[role == static_cast<std::size_t>(FontRole::Title) ? boldIndex : 0];
            ImFontConfig cfg;
            cfg.FontDataOwnedByAtlas = false;
            // Kiosk text is drawn at the size it was baked, at whole pixels:
            // oversampling would only triple the atlas.
            cfg.OversampleH = 1;
            cfg.OversampleV = 1;
            cfg.PixelSnapH = true;
            ImFont* font = atlas.AddFontFromMemoryTTF(file.data(), static_cast<int>(file.size()), px, &cfg,
                                                      thaiGlyphRanges());
            if (font == nullptr)
                return core::makeError(core::ErrorCode::Corrupt, "Dear ImGui could not add font " +
                                                                       config.regularPath);
            const int side = static_cast<int>(std::ceil(px * 0.42f));
            circles.emplace_back(font, atlas.AddCustomRectFontGlyph(font, static_cast<ImWchar>(thai::kDottedCircle),
                                                                   side, side, px * 0.5f));
            set.m_fonts[ts][role] = font;
            set.m_sizes[ts][role] = px;
        }
    }
    if (!atlas.Build())
        return core::makeError(core::ErrorCode::Corrupt,
                                "Dear ImGui could not build the font atlas from " + config.regularPath);
    for (const auto& [font, rect] : circles) finishDottedCircle(atlas, font, rect);
    return set;
}

}  // namespace fangsiang::ui
