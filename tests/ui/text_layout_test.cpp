#include "fonts_fixture.hpp"
#include "ui/text_layout.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

using namespace fangsiang;

namespace {

using test::Fonts;

ui::TextLayout lay(std::string_view text, float width, ui::FontRole role = ui::FontRole::Body) {
    Fonts& f = Fonts::get();
    return ui::layoutText(text, width, f.set.font(role, ui::TextSize::Normal),
                          f.set.size(role, ui::TextSize::Normal), *f.breaker);
}

// Byte offsets where the dictionary, spaces or a script change allow a line
// to start.
std::vector<std::size_t> allowedStarts(std::string_view text) {
    std::vector<std::size_t> offsets;
    const auto cps = ui::thai::decodeUtf8(text, &offsets);
    const auto can = ui::thai::lineBreakOpportunities(cps, *Fonts::get().breaker);
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < can.size(); ++i)
        if (can[i]) out.push_back(offsets[i]);
    return out;
}

std::string withoutSpaces(std::string_view s) {
    std::string out;
    for (const char c : s)
        if (c != ' ') out.push_back(c);
    return out;
}

const char* const kSentences[] = {
    "ยื่นเรื่องร้องเรียนได้ที่เคาน์เตอร์นี้ตลอดเวลาทำการของเทศบาล",
    "กรุณาประเมินความพึงพอใจต่อการให้บริการของเจ้าหน้าที่องค์การบริหารส่วนตำบล",
    "ติดต่อสอบถามโทร 02-123-4567 หรือ LINE @fangsiang ในวันและเวลาราชการ",
    "ข้อมูลส่วนบุคคลของท่านจะถูกเก็บไว้เป็นความลับ และใช้เพื่อติดตามเรื่องร้องเรียนเท่านั้น",
    "Residents can file a complaint here in Thai or English, 24 hours a day.",
};

// Words libthai's dictionary keeps whole; a line must never start inside one.
const char* const kWords[] = {
    "ร้องเรียน", "เคาน์เตอร์", "พึงพอใจ", "เจ้าหน้าที่", "ตลอด", "ประเมิน", "ติดต่อ", "สอบถาม",
    "ส่วนบุคคล", "ความลับ", "complaint", "fangsiang", "4567",
};

}  // namespace

TEST_CASE("wrapped Thai lines fit and break only between words", "[layout]") {
    const float widths[] = {140.0f, 200.0f, 333.0f, 480.0f, 760.0f};
    for (const char* sentence : kSentences) {
        const std::string_view text(sentence);
        const auto allowed = allowedStarts(text);
        for (const float width : widths) {
            CAPTURE(sentence, width);
            const ui::TextLayout layout = lay(text, width);
            REQUIRE_FALSE(layout.lines.empty());
            std::string joined;
            for (std::size_t i = 0; i < layout.lines.size(); ++i) {
                const ui::TextLine& line = layout.lines[i];
                CAPTURE(i, std::string(text.substr(line.sourceBegin, line.sourceEnd - line.sourceBegin)));
                CHECK(line.width <= width);
                if (i > 0)
                    CHECK(std::binary_search(allowed.begin(), allowed.end(), line.sourceBegin));
                for (const char* word : kWords) {
                    for (std::size_t at = text.find(word); at != std::string_view::npos;
                         at = text.find(word, at + 1)) {
                        CHECK_FALSE((line.sourceBegin > at && line.sourceBegin < at + std::strlen(word)));
                    }
                }
                joined += text.substr(line.sourceBegin, line.sourceEnd - line.sourceBegin);
            }
            // Nothing is lost or repeated; only the spaces at breaks go.
            CHECK(withoutSpaces(joined) == withoutSpaces(text));
            CHECK(layout.width <= width);
        }
    }
}

TEST_CASE("a line is filled before it wraps", "[layout]") {
    const std::string_view text = kSentences[0];
    const float width = 333.0f;
    const ui::TextLayout layout = lay(text, width);
    REQUIRE(layout.lines.size() >= 2);
    // Adding the next word to any line but the last would overflow it.
    for (std::size_t i = 0; i + 1 < layout.lines.size(); ++i) {
        const auto& line = layout.lines[i];
        const auto& next = layout.lines[i + 1];
        const auto starts = allowedStarts(text);
        auto it = std::upper_bound(starts.begin(), starts.end(), next.sourceBegin);
        const std::size_t nextWordEnd = it == starts.end() ? text.size() : *it;
        const ui::TextLayout longer = lay(text.substr(line.sourceBegin, nextWordEnd - line.sourceBegin), 0.0f);
        CHECK(longer.width > width);
    }
}

TEST_CASE("a token wider than the line still wraps", "[layout]") {
    SECTION("a long address breaks anywhere and keeps every character") {
        const std::string_view url = "https://www.example.go.th/services/complaints/track?ticket=0123456789";
        const ui::TextLayout layout = lay(url, 160.0f);
        CHECK(layout.lines.size() >= 3);
        std::string joined;
        for (const auto& line : layout.lines) {
            CHECK(line.width <= 160.0f);
            joined += url.substr(line.sourceBegin, line.sourceEnd - line.sourceBegin);
        }
        CHECK(joined == url);
    }
    SECTION("a long Thai word breaks between cells, never before a mark") {
        const std::string_view word = "ประชาสัมพันธ์";
        const ui::TextLayout layout = lay(word, 50.0f);
        CHECK(layout.lines.size() >= 2);
        for (const auto& line : layout.lines) {
            CHECK(line.width <= 50.0f);
            const auto first = ui::thai::decodeUtf8(word.substr(line.sourceBegin))[0];
            CHECK_FALSE(ui::thai::isThaiCombining(first));
        }
    }
}

TEST_CASE("newlines force breaks and empty lines keep their height", "[layout]") {
    const ui::TextLayout layout = lay("หนึ่ง\n\nสาม", 0.0f);
    REQUIRE(layout.lines.size() == 3);
    CHECK(layout.lines[1].glyphs.empty());
    CHECK(layout.height() == Approx(3 * layout.lineHeight));
}

TEST_CASE("layouts are cached by text, width, font and size", "[layout][cache]") {
    Fonts& f = Fonts::get();
    ui::TextCache cache(*f.breaker);
    ImFont* body = f.set.font(ui::FontRole::Body, ui::TextSize::Normal);
    ImFont* title = f.set.font(ui::FontRole::Title, ui::TextSize::Normal);
    const float size = f.set.size(ui::FontRole::Body, ui::TextSize::Normal);
    const ui::TextLayout& a = cache.layout(kSentences[1], 300.0f, body, size);
    CHECK(&cache.layout(kSentences[1], 300.0f, body, size) == &a);
    CHECK(&cache.layout(kSentences[1], 301.0f, body, size) != &a);
    CHECK(&cache.layout(kSentences[1], 300.0f, title, size) != &a);
    CHECK(&cache.layout(kSentences[1], 300.0f, body, size + 1.0f) != &a);
    CHECK(&cache.shaped("ปู่") == &cache.shaped("ปู่"));
    CHECK(cache.shaped("ปู่") == "\u0E1B\u0E39\uF705");
}

TEST_CASE("the cache is bounded, and trimmed only between frames", "[layout][cache]") {
    Fonts& f = Fonts::get();
    ui::TextCache cache(*f.breaker);
    ImFont* body = f.set.font(ui::FontRole::Body, ui::TextSize::Normal);
    const ui::TextLayout& first = cache.layout("แรก", 0.0f, body, 24.0f);
    for (std::size_t i = 0; i < ui::TextCache::kMaxEntries; ++i)
        (void)cache.layout(std::to_string(i), 0.0f, body, 24.0f);
    // Within a frame nothing is dropped, so `first` is still valid.
    CHECK(cache.entries() > ui::TextCache::kMaxEntries);
    CHECK(first.lines.size() == 1);
    CHECK(first.lines[0].glyphs == "แรก");
    cache.trimIfFull();
    CHECK(cache.entries() == 0);
    cache.trimIfFull();
    (void)cache.layout("หลัง", 0.0f, body, 24.0f);
    cache.trimIfFull();
    CHECK(cache.entries() == 1);
}

TEST_CASE("the atlas has every glyph shaping can produce", "[fonts]") {
    Fonts& f = Fonts::get();
    for (std::size_t ts = 0; ts < 2; ++ts) {
        for (std::size_t role = 0; role < 3; ++role) {
            const ImFont* font = f.set.font(static_cast<ui::FontRole>(role), static_cast<ui::TextSize>(ts));
            for (ImWchar c = 0x0E01; c <= 0x0E3A; ++c) CHECK(font->FindGlyphNoFallback(c) != nullptr);
            for (ImWchar c = 0xF700; c <= 0xF71A; ++c) CHECK(font->FindGlyphNoFallback(c) != nullptr);
            CHECK(font->FindGlyphNoFallback(0x25CC) != nullptr);
            CHECK(font->FindGlyphNoFallback(0x00E9) != nullptr);
        }
    }
}

TEST_CASE("a missing font file is a clear error", "[fonts]") {
    ImFontAtlas atlas;
    ui::FontConfig config;
    config.regularPath = "/nonexistent/Loma.ttf";
    auto set = ui::loadFonts(atlas, config);
    REQUIRE_FALSE(set.ok());
    CHECK_THAT(set.error().message, Catch::Contains("/nonexistent/Loma.ttf"));
    CHECK_THAT(set.error().message, Catch::Contains("fonts-thai-tlwg"));
    SECTION("so is a file that is not a font") {
        config.regularPath = "/etc/hostname";
        auto bad = ui::loadFonts(atlas, config);
        REQUIRE_FALSE(bad.ok());
        CHECK_THAT(bad.error().message, Catch::Contains("not a TrueType font"));
    }
}
