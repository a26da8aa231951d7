// The text area's caret geometry on real wrapped text (no window), and the
// widget under a headless ImGui frame: taps, keys, scrolling, the counter.

#include "fonts_fixture.hpp"
#include "headless.hpp"
#include "ui/text_area.hpp"

#include "../support/long_complaint.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace fangsiang;

namespace {

using test::Fonts;

const ImFont* bodyFont() { return Fonts::get().set.font(ui::FontRole::Body, ui::TextSize::Normal); }
float bodySize() { return Fonts::get().set.size(ui::FontRole::Body, ui::TextSize::Normal); }

ui::TextLayout lay(const ui::TextEditBuffer& buffer, float width) {
    return ui::layoutText(buffer.utf8(), width, bodyFont(), bodySize(), *Fonts::get().breaker);
}

ui::TextEditBuffer typed(const char* text, std::size_t max = 2000) {
    ui::TextEditBuffer buffer(max);
    buffer.insertUtf8(text);
    return buffer;
}

bool isMark(char32_t cp) { return ui::thai::isThaiCombining(cp); }

}  // namespace

TEST_CASE("a long Thai complaint wraps at word boundaries and every caret maps to its line", "[textarea]") {
    const ui::TextEditBuffer buffer = typed(test::kLongComplaintThai);
    REQUIRE(buffer.codePoints().size() > 600);
    const std::u32string& text = buffer.codePoints();
    const float width = 520.0f;
    const ui::TextLayout layout = lay(buffer, width);
    REQUIRE(layout.lines.size() >= 8);
    const ui::TextAreaLines lines(text, layout, bodyFont(), bodySize());
    REQUIRE(lines.lineCount() == layout.lines.size());
    const auto can = ui::thai::lineBreakOpportunities(text, *Fonts::get().breaker);
    for (std::size_t i = 0; i < lines.lineCount(); ++i) {
        CAPTURE(i);
        CHECK(layout.lines[i].width <= width);
        if (i > 0) {
            CHECK(can[lines.lineBegin(i)]);  // a line starts only where a word may
            CHECK_FALSE(isMark(text[lines.lineBegin(i)]));
        }
        CHECK(lines.lineOf(lines.lineBegin(i)) == i);
        CHECK(lines.xOf(lines.lineBegin(i)) == 0.0f);
    }
    // Every cell boundary is on the line it belongs to, left of the next one.
    const auto cells = ui::thai::cellBoundaries(text);
    for (std::size_t k = 1; k < cells.size(); ++k) {
        const std::size_t a = cells[k - 1];
        const std::size_t b = cells[k];
        if (lines.lineOf(a) == lines.lineOf(b))
            CHECK(lines.xOf(a) < lines.xOf(b));
        else
            CHECK(lines.lineOf(b) == lines.lineOf(a) + 1);
    }
}

TEST_CASE("the caret moves by cell and never stops inside a Thai cluster", "[textarea][edit]") {
    // ที่ and น้ำ and กิ่ง: a consonant with its vowel and tone is one cell.
    ui::TextEditBuffer buffer = typed("ที่น้ำกิ่ง");
    const std::u32string text = buffer.codePoints();
    const auto cells = ui::thai::cellBoundaries(text);
    buffer.moveHome();
    std::vector<std::size_t> visited{buffer.caret()};
    for (int i = 0; i < 20; ++i) {
        buffer.moveRight();
        if (buffer.caret() != visited.back()) visited.push_back(buffer.caret());
    }
    CHECK(visited == cells);
    SECTION("a caret put inside a cluster goes to its start") {
        buffer.moveTo(1);  // between ท and ี
        CHECK(buffer.caret() == 0);
        buffer.moveTo(2);  // between ี and ่
        CHECK(buffer.caret() == 0);
        buffer.moveTo(4);  // inside น้ำ
        CHECK(buffer.caret() == 3);
    }
    SECTION("backspace in the middle takes the whole cell before the caret") {
        buffer.moveTo(3);
        REQUIRE(buffer.backspace());
        CHECK(buffer.utf8() == "น้ำกิ่ง");
        CHECK(buffer.caret() == 0);
    }
    SECTION("typing in the middle goes in at the caret") {
        buffer.moveTo(3);
        buffer.insertUtf8("ดิน");
        CHECK(buffer.utf8() == "ที่ดินน้ำกิ่ง");
        CHECK(buffer.caret() == 6);
    }
}

TEST_CASE("up and down move by line and keep the caret's x", "[textarea]") {
    const ui::TextEditBuffer buffer = typed(test::kLongComplaintThai);
    const std::u32string& text = buffer.codePoints();
    const ui::TextLayout layout = lay(buffer, 400.0f);
    const ui::TextAreaLines lines(text, layout, bodyFont(), bodySize());
    REQUIRE(lines.lineCount() >= 4);
    // Halfway along the second line.
    const std::size_t start = lines.caretAt(1, 200.0f);
    REQUIRE(lines.lineOf(start) == 1);
    const float x = lines.xOf(start);
    CHECK(std::fabs(x - 200.0f) < bodySize() * 1.5f);

    const std::size_t down = lines.caretBelow(start, x);
    CHECK(lines.lineOf(down) == 2);
    CHECK(std::fabs(lines.xOf(down) - x) < bodySize() * 1.5f);
    const std::size_t downAgain = lines.caretBelow(down, x);
    CHECK(lines.lineOf(downAgain) == 3);
    const std::size_t up = lines.caretAbove(down, x);
    CHECK(lines.lineOf(up) == 1);
    CHECK(std::fabs(lines.xOf(up) - x) < bodySize() * 1.5f);

    SECTION("beyond the first and last lines are the start and the end") {
        CHECK(lines.caretAbove(lines.caretAt(0, 100.0f), 100.0f) == 0);
        CHECK(lines.caretBelow(lines.caretAt(lines.lineCount() - 1, 10.0f), 10.0f) == text.size());
    }
    SECTION("far right of a line is its end, still on that line") {
        for (std::size_t i = 0; i < lines.lineCount(); ++i) {
            const std::size_t end = lines.caretAt(i, 10000.0f);
            CHECK(lines.lineOf(end) == i);
        }
    }
    SECTION("every position reached is a cell boundary") {
        const auto cells = ui::thai::cellBoundaries(text);
        std::size_t caret = 0;
        for (std::size_t i = 0; i + 1 < lines.lineCount(); ++i) {
            caret = lines.caretBelow(caret, 150.0f);
            CHECK(std::binary_search(cells.begin(), cells.end(), caret));
        }
    }
}

TEST_CASE("the limit: nothing past it is stored, and what is left is said near it", "[textarea][edit]") {
    ui::TextEditBuffer buffer(30);
    buffer.insertUtf8("abcdefghijklmnopqrstuvwxyz");
    CHECK(buffer.insertUtf8("1234567") == ui::EditResult::TooLong);
    CHECK(buffer.codePoints().size() <= 30);

    CHECK_FALSE(ui::charactersLeftToShow(1000, 2000).has_value());
    CHECK_FALSE(ui::charactersLeftToShow(1799, 2000).has_value());
    CHECK(ui::charactersLeftToShow(1800, 2000) == std::optional<std::size_t>(200));
    CHECK(ui::charactersLeftToShow(2000, 2000) == std::optional<std::size_t>(0));
    CHECK(ui::charactersLeftToShow(450, 500) == std::optional<std::size_t>(50));
    CHECK(ui::charactersLeftToShow(85, 100) == std::optional<std::size_t>(15));  // never fewer than 20
    CHECK(ui::charactersLeftWords(120).th == "เหลืออีก 120 ตัวอักษร");
    CHECK(ui::charactersLeftWords(120).en == "120 characters left");
    CHECK(ui::charactersLeftWords(1).en == "1 character left");
}

TEST_CASE("the text area: a tap places the caret, keys move it, a drag scrolls", "[textarea][widget]") {
    test::Headless h;
    ui::TextEditBuffer buffer = typed(test::kLongComplaintThai);
    ui::TextAreaState state;
    bool focused = false;
    const ImVec2 origin(20, 40);
    const ImVec2 size(600, 200);
    auto screen = [&](ui::Context& ui) {
        ImGui::SetCursorScreenPos(origin);
        ui::textArea(ui, "area", buffer, state, "", size, focused);
    };
    h.frame(screen);
    // The caret was at the end: the view scrolled to show it.
    CHECK(state.scroll > 0.0f);
    CHECK_FALSE(focused);

    h.tap(ImVec2(origin.x + 200, origin.y + 60), screen);
    CHECK(focused);
    const ui::Context& ui = h.ui();
    const float lineH = std::ceil(ui.fontSize(ui::FontRole::Body) * ui::kLineSpacing);
    const auto line = static_cast<std::size_t>((60.0f - ui.px(7) + state.scroll) / lineH);
    CHECK(state.caretLine == line);
    CHECK(std::fabs(state.caretX - (200.0f - ui.px(14))) < ui.fontSize(ui::FontRole::Body));
    const std::size_t tappedCaret = buffer.caret();

    SECTION("typing goes in where the caret was put") {
        ImGui::GetIO().AddInputCharactersUTF8("ก");
        h.frame(screen);
        CHECK(buffer.codePoints()[tappedCaret] == U'ก');
        CHECK(buffer.caret() == tappedCaret + 1);
    }
    SECTION("the down and up keys move a line and come back to the same x") {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_UpArrow] = 38;
        io.KeyMap[ImGuiKey_DownArrow] = 40;
        auto press = [&](int key) {
            io.KeysDown[key] = true;
            h.frame(screen);
            io.KeysDown[key] = false;
            h.frame(screen);
        };
        const float x = state.caretX;
        press(40);
        CHECK(state.caretLine == line + 1);
        CHECK(std::fabs(state.caretX - x) < ui.fontSize(ui::FontRole::Body));
        press(38);
        CHECK(state.caretLine == line);
        CHECK(buffer.caret() == tappedCaret);  // the x kept, so the same cell again
    }
    SECTION("a drag scrolls and does not move the caret") {
        // The view is at the end: pulling the text down shows its start.
        const float before = state.scroll;
        h.mouse(ImVec2(origin.x + 300, origin.y + 40), true);
        h.frame(screen);
        h.mouse(ImVec2(origin.x + 300, origin.y + 150), true);
        h.frame(screen);
        h.mouse(ImVec2(origin.x + 300, origin.y + 150), false);
        h.frame(screen);
        // ...by the distance dragged, ending on a whole line.
        CHECK(state.scroll == Approx(std::max(0.0f, std::round((before - 110.0f) / lineH) * lineH)));
        CHECK(std::fmod(state.scroll, lineH) == Approx(0.0f).margin(0.01));
        CHECK(buffer.caret() == tappedCaret);
    }
}

TEST_CASE("the text area says how many characters are left near the limit", "[textarea][widget]") {
    test::Headless h;
    auto verticesFor = [&](std::size_t max) {
        ui::TextEditBuffer buffer(max);
        buffer.insertUtf8(std::string(90, 'a'));
        ui::TextAreaState state;
        bool focused = true;
        h.frame([&](ui::Context& ui) {
            ImGui::SetCursorScreenPos(ImVec2(0, 0));
            ui::textArea(ui, "area", buffer, state, "", ImVec2(600, 200), focused);
        });
        return ImGui::GetDrawData()->TotalVtxCount;
    };
    // The same text drawn with "10 characters left" under it, and without.
    CHECK(verticesFor(100) > verticesFor(1000));
}
