#include "ui/text_edit.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;

using ui::EditResult;
using ui::TextEditBuffer;

namespace {

int toneMarks(const std::u32string& text) {
    int n = 0;
    for (const char32_t cp : text) n += (cp >= 0x0E48 && cp <= 0x0E4B) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("the input check never stores two tone marks on one consonant", "[edit][isc]") {
    TextEditBuffer buf;
    CHECK(buf.insert(U'ก') == EditResult::Inserted);
    CHECK(buf.insert(U'่') == EditResult::Inserted);
    const EditResult second = buf.insert(U'่');
    CHECK((second == EditResult::Refused || second == EditResult::Corrected));
    CHECK(toneMarks(buf.codePoints()) == 1);
    CHECK(buf.utf8() == "ก่");
    SECTION("nor a different second tone") {
        const EditResult other = buf.insert(U'้');
        CHECK(other != EditResult::Inserted);
        CHECK(toneMarks(buf.codePoints()) == 1);
    }
}

TEST_CASE("a vowel typed after the tone is put before it", "[edit][isc]") {
    TextEditBuffer buf;
    buf.insert(U'ก');
    buf.insert(U'่');
    CHECK(buf.insert(U'ิ') == EditResult::Corrected);
    CHECK(buf.utf8() == "กิ่");
    CHECK(buf.caret() == 3);
}

TEST_CASE("backspace removes a whole cell and leaves valid text", "[edit][cell]") {
    TextEditBuffer buf;
    CHECK(buf.insertUtf8("ที่กิ่") != EditResult::Refused);
    REQUIRE(buf.utf8() == "ที่กิ่");
    CHECK(buf.backspace());
    CHECK(buf.utf8() == "ที่");
    SECTION("what is left accepts the next key as if typed fresh") {
        CHECK(buf.insert(U'น') == EditResult::Inserted);
        CHECK(buf.insert(U'ี') == EditResult::Inserted);
        CHECK(buf.insert(U'่') == EditResult::Inserted);
        CHECK(buf.utf8() == "ที่นี่");
    }
    SECTION("backspace after กิ่ alone leaves an empty field") {
        TextEditBuffer one;
        one.insertUtf8("กิ่");
        CHECK(one.backspace());
        CHECK(one.utf8().empty());
        CHECK_FALSE(one.backspace());
    }
}

TEST_CASE("the caret moves by cell", "[edit][cell]") {
    TextEditBuffer buf;
    buf.insertUtf8("ที่นี่");
    CHECK(buf.caret() == 6);
    buf.moveLeft();
    CHECK(buf.caret() == 3);
    buf.moveLeft();
    CHECK(buf.caret() == 0);
    buf.moveLeft();
    CHECK(buf.caret() == 0);
    buf.moveRight();
    CHECK(buf.caret() == 3);
    SECTION("typing in the middle checks against the cell before the caret") {
        buf.moveHome();
        CHECK(buf.insert(U'่') != EditResult::Inserted);
        CHECK(buf.utf8() == "ที่นี่");
        CHECK(buf.insert(U'ก') == EditResult::Inserted);
        CHECK(buf.utf8() == "กที่นี่");
        CHECK(buf.caret() == 1);
    }
}

TEST_CASE("a field refuses what it cannot hold", "[edit]") {
    TextEditBuffer buf(4);
    CHECK(buf.insertUtf8("0812") == EditResult::Inserted);
    CHECK(buf.insert(U'3') == EditResult::TooLong);
    CHECK(buf.utf8() == "0812");
    SECTION("control characters are ignored") {
        TextEditBuffer other;
        CHECK(other.insert(U'\n') == EditResult::Ignored);
        CHECK(other.insert(0x7F) == EditResult::Ignored);
        CHECK(other.empty());
    }
    SECTION("Latin and digits are stored as typed") {
        TextEditBuffer other;
        CHECK(other.insertUtf8("Ab 9") == EditResult::Inserted);
        CHECK(other.utf8() == "Ab 9");
    }
}
