#include "ui/thai.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace fangsiang;

using ui::thai::shape;
using ui::thai::decodeUtf8;

namespace {

std::u32string shaped(const char* utf8) { return shape(decodeUtf8(utf8)); }

// A text, what it shapes to, and why.
struct ShapeCase {
    const char* why;
    const char* text;
    std::u32string glyphs;
};

void checkShapes(const ShapeCase& c) {
    INFO(c.why << ": " << c.text);
    CHECK(shaped(c.text) == c.glyphs);
}

}  // namespace

TEST_CASE("shaping gives libthai's positioned glyphs for stacked Thai", "[thai][shape]") {
    checkShapes(GENERATE(values<ShapeCase>({
        {"a tone mark on a tall consonant with a lower vowel moves left and down", "ปู่", U"\u0E1B\u0E39\uF705"},
        {"an upper vowel and tone on ฟ shift left; the tone rides above the vowel", "ฟื้น",
         U"\u0E1F\uF704\uF714\u0E19"},
        {"an upper vowel and tone on ป shift left", "ปี่", U"\u0E1B\uF702\uF713"},
        {"ญ loses its descender under a lower vowel", "ญุ", U"\uF70F\u0E38"},
        {"ฐ loses its descender under a lower vowel", "ฐุ", U"\uF700\u0E38"},
        {"a lower vowel under ฎ moves below its descender", "ฎุ", U"\u0E0E\uF718"},
        {"sara am is decomposed so the tone sits above the nikhahit", "น้ำ", U"\u0E19\u0E4D\u0E49\u0E32"},
        {"a tone without an upper vowel is lowered", "น่", U"\u0E19\uF70A"},
        {"a tone over an upper vowel stays high", "ที่นี่", U"\u0E17\u0E35\u0E48\u0E19\u0E35\u0E48"},
        {"a tone over mai han-akat stays high", "กั้น", U"\u0E01\u0E31\u0E49\u0E19"},
        {"a lone mark sits on a dotted circle", "่", U"\u25CC\uF70A"},
    })));
}

TEST_CASE("shaping leaves non-Thai text exactly as it was", "[thai][shape]") {
    checkShapes(GENERATE(values<ShapeCase>({
        {"Latin, digits and punctuation", "Hello, world! 2026 (a+b)", U"Hello, world! 2026 (a+b)"},
        {"accented Latin and typographic marks", "Ünïcödé — “quotes”", U"Ünïcödé — “quotes”"},
        {"mixed Thai, Latin and digits shape only the Thai runs", "ปู่ABC 123", U"\u0E1B\u0E39\uF705ABC 123"},
        {"mixed Thai, Latin and digits shape only the Thai runs", "COVID-19 ฟื้น 2566",
         U"COVID-19 \u0E1F\uF704\uF714\u0E19 2566"},
        {"mixed Thai, Latin and digits shape only the Thai runs", "โทร 02-123-4567 ปี่",
         U"\u0E42\u0E17\u0E23 02-123-4567 \u0E1B\uF702\uF713"},
        {"Thai digits and punctuation pass through", "๒๕๖๖ ฯ", U"\u0E52\u0E55\u0E56\u0E56 \u0E2F"},
        {"invalid UTF-8 becomes U+FFFD and never stops shaping", "\xff" "ปู่", U"\uFFFD\u0E1B\u0E39\uF705"},
    })));
}

TEST_CASE("UTF-8 round-trips and reports byte offsets", "[thai][utf8]") {
    const std::string text = "กa€😀";
    std::vector<std::size_t> offsets;
    const auto cps = decodeUtf8(text, &offsets);
    CHECK(cps == U"กa€😀");
    CHECK(offsets == std::vector<std::size_t>{0, 3, 4, 7, 11});
    CHECK(ui::thai::encodeUtf8(cps) == text);
    SECTION("overlong forms and surrogates are rejected") {
        CHECK(decodeUtf8("\xC0\xAF") == U"\uFFFD\uFFFD");
        CHECK(decodeUtf8("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");
    }
}

TEST_CASE("cells group a consonant with its marks", "[thai][cell]") {
    CHECK(ui::thai::cellBoundaries(U"ที่นี่") == std::vector<std::size_t>{0, 3, 6});
    CHECK(ui::thai::cellBoundaries(U"น้ำa1") == std::vector<std::size_t>{0, 3, 4, 5});
    CHECK(ui::thai::cellBoundaries(U"เกี่ยว") == std::vector<std::size_t>{0, 1, 4, 5, 6});
    CHECK(ui::thai::cellBoundaries(U"") == std::vector<std::size_t>{0});
}

TEST_CASE("search normalisation folds the ways ำ can be typed", "[thai][normalize]") {
    using ui::thai::normalizeForSearch;
    CHECK(normalizeForSearch("น้ำ") == "น้ำ");
    SECTION("nikhahit + tone + sara aa becomes tone + sara am") {
        CHECK(normalizeForSearch("น\u0E4D\u0E49\u0E32") == "น้ำ");
    }
    SECTION("tone + nikhahit + sara aa too") {
        CHECK(normalizeForSearch("น\u0E49\u0E4D\u0E32") == "น้ำ");
    }
    SECTION("nikhahit + sara aa becomes sara am") {
        CHECK(normalizeForSearch("ก\u0E4D\u0E32") == "กำ");
    }
    SECTION("marks typed in the wrong order are put in canonical order") {
        CHECK(normalizeForSearch("ก\u0E48\u0E34") == "กิ่");
    }
    SECTION("non-Thai text is unchanged") {
        CHECK(normalizeForSearch("Water 2566") == "Water 2566");
    }
}

TEST_CASE("line-break opportunities follow words, spaces and scripts", "[thai][break]") {
    auto breaker = ui::thai::WordBreaker::create();
    REQUIRE(breaker.ok());
    auto starts = [&](std::u32string_view text) {
        const auto can = ui::thai::lineBreakOpportunities(text, *breaker);
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < can.size(); ++i)
            if (can[i]) out.push_back(i);
        return out;
    };
    SECTION("dictionary words inside a Thai run") {
        // ร้องเรียน | ได้ | ที่ | นี่
        CHECK(starts(U"ร้องเรียนได้ที่นี่") == std::vector<std::size_t>{9, 12, 15});
    }
    SECTION("script changes between Thai, Latin and digits") {
        CHECK(starts(U"ห้องA12") == std::vector<std::size_t>{4, 5});
    }
    SECTION("after spaces, never before punctuation or mai yamok") {
        CHECK(starts(U"hello world.") == std::vector<std::size_t>{6});
        CHECK(starts(U"เด็กๆ") == std::vector<std::size_t>{});
    }
}
