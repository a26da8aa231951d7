#include "headless.hpp"
#include "ui/gallery.hpp"
#include "ui/keyboard.hpp"
#include "ui/widgets.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

using namespace fangsiang;

// [SECTION] Allocation counting
// Every operator new in this program goes through here, so a test can say
// "this frame allocated nothing".
namespace {
std::atomic<long> g_allocations{0};
std::atomic<bool> g_counting{false};

void* countedAlloc(std::size_t n) {
    if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
}  // namespace

// All of the replaceable forms, so that no pairing reaches the sanitizer's
// own operator new and is freed here.
void* operator new(std::size_t n) { return countedAlloc(n); }
void* operator new[](std::size_t n) { return countedAlloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return countedAlloc(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using test::Headless;

constexpr float kKeyboardTop = 200.0f;

struct KeyboardScreen {
    ui::KeyboardState state;
    ui::TextEditBuffer buffer{40};
    ui::KeyboardAction last = ui::KeyboardAction::None;

    void operator()(ui::Context& ui) {
        ImGui::SetCursorScreenPos(ImVec2(0, kKeyboardTop));
        const auto action = ui::onScreenKeyboard(ui, "kb", state, buffer, ImVec2(800, ui::keyboardHeight(ui)));
        if (action != ui::KeyboardAction::None) last = action;
    }

    // The centre of the key that types `c` (or of the special key `kind`).
    ImVec2 keyCentre(ui::Context& ui, char32_t c, ui::KeyKind kind = ui::KeyKind::Character) {
        std::vector<ui::KeyRect> keys;
        ui::keyboardGeometry(state.layout, state.shift, ImVec2(0, kKeyboardTop), ImVec2(800, ui::keyboardHeight(ui)),
                             ui.px(5), keys);
        for (const auto& k : keys)
            if (k.key->kind == kind && (kind != ui::KeyKind::Character || k.key->character == c))
                return ImVec2((k.min.x + k.max.x) * 0.5f, (k.min.y + k.max.y) * 0.5f);
        FAIL("no such key on this layer");
        return {};
    }
};

}  // namespace

TEST_CASE("the on-screen keyboard types through the Thai input check", "[keyboard]") {
    Headless h;
    KeyboardScreen screen;
    h.frame(screen);
    auto type = [&](char32_t c) { h.tap(screen.keyCentre(h.ui(), c), screen); };

    type(U'ก');
    type(U'่');
    type(U'่');
    CHECK(screen.buffer.utf8() == "ก่");
    type(U'ิ');
    CHECK(screen.buffer.utf8() == "กิ่");
    h.tap(screen.keyCentre(h.ui(), 0, ui::KeyKind::Backspace), screen);
    CHECK(screen.buffer.utf8().empty());

    SECTION("shift reaches the second layer for one key") {
        h.tap(screen.keyCentre(h.ui(), 0, ui::KeyKind::Shift), screen);
        REQUIRE(screen.state.shift);
        type(U'๑');
        CHECK(screen.buffer.utf8() == "๑");
        CHECK_FALSE(screen.state.shift);
    }
    SECTION("one key switches Thai, English and digits") {
        h.tap(screen.keyCentre(h.ui(), 0, ui::KeyKind::Switch), screen);
        CHECK(screen.state.layout == ui::KeyboardLayout::English);
        type(U'a');
        h.tap(screen.keyCentre(h.ui(), 0, ui::KeyKind::Switch), screen);
        CHECK(screen.state.layout == ui::KeyboardLayout::Digits);
        type(U'0');
        type(U'8');
        h.tap(screen.keyCentre(h.ui(), 0, ui::KeyKind::Switch), screen);
        CHECK(screen.state.layout == ui::KeyboardLayout::Thai);
        CHECK(screen.buffer.utf8() == "a08");
    }
    SECTION("done is reported") {
        h.tap(screen.keyCentre(h.ui(), 0, ui::KeyKind::Done), screen);
        CHECK(screen.last == ui::KeyboardAction::Done);
    }
}

TEST_CASE("Kedmanee has every Thai consonant, vowel and tone mark", "[keyboard]") {
    std::u32string all;
    for (const bool shift : {false, true})
        for (const auto& row : ui::keyboardRows(ui::KeyboardLayout::Thai, shift))
            for (const auto& key : row)
                if (key.kind == ui::KeyKind::Character) all.push_back(key.character);
    for (char32_t c = 0x0E01; c <= 0x0E2E; ++c) CHECK(all.find(c) != std::u32string::npos);  // ก..ฮ
    for (char32_t c = 0x0E30; c <= 0x0E3A; ++c) CHECK(all.find(c) != std::u32string::npos);  // vowels, phinthu
    for (char32_t c = 0x0E40; c <= 0x0E4D; ++c) CHECK(all.find(c) != std::u32string::npos);  // เ..ํ
    for (char32_t c = 0x0E50; c <= 0x0E59; ++c) CHECK(all.find(c) != std::u32string::npos);  // Thai digits
}

TEST_CASE("every touch target is at least 48 px at 800x480", "[targets]") {
    Headless h;
    const float min = ui::kMinTarget;
    SECTION("every key of every layer") {
        for (const auto layout : {ui::KeyboardLayout::Thai, ui::KeyboardLayout::English, ui::KeyboardLayout::Digits}) {
            for (const bool shift : {false, true}) {
                std::vector<ui::KeyRect> keys;
                ui::keyboardGeometry(layout, shift, ImVec2(0, 200), ImVec2(800, ui::keyboardHeight(h.ui())),
                                     h.ui().px(5), keys);
                REQUIRE_FALSE(keys.empty());
                for (const auto& k : keys) {
                    CAPTURE(static_cast<int>(layout), shift, k.key->label);
                    CHECK(k.max.x - k.min.x >= min);
                    CHECK(k.max.y - k.min.y >= min);
                }
            }
        }
    }
    SECTION("buttons, chips, tiles, faces and the text field, in every theme") {
        for (const auto theme : ui::kAllThemes) {
            h.ui().setTheme(theme);
            h.frame([&](ui::Context& ui) {
                ui::button(ui, "b", "ตกลง", ImVec2(120, 0));
                CHECK(ImGui::GetItemRectSize().y >= min);
                ui::tileButton(ui, "t", ui::Icon::Survey, "ประเมิน", ImVec2(180, 140));
                CHECK(ImGui::GetItemRectSize().y >= min);
                int chip = 0;
                static constexpr std::string_view kOne[] = {"ใช่"};
                ui::choiceChips(ui, "c", kOne, chip, 700);
                CHECK(ImGui::GetItemRectSize().y >= min);
                CHECK(ImGui::GetItemRectSize().x >= min);
                int rating = 0;
                ui::smileyRating(ui, "r", rating, 760);
                CHECK(ImGui::GetItemRectSize().y >= min);
                ui::TextEditBuffer buf;
                bool focused = false;
                ui::textField(ui, "f", buf, "", 700, focused);
                CHECK(ImGui::GetItemRectSize().y >= min);
            });
        }
    }
}

TEST_CASE("the touch list scrolls by drag, coasts, and tells a tap from a drag", "[list]") {
    Headless h;
    static constexpr std::string_view kRows[] = {"หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "สิบ"};
    ui::TouchListState state;
    int tapped = -1;
    auto screen = [&](ui::Context& ui) {
        ImGui::SetCursorScreenPos(ImVec2(0, 0));
        const int t = ui::touchList(ui, "list", state, kRows, ImVec2(400, 300));
        if (t >= 0) tapped = t;
    };
    h.frame(screen);

    SECTION("a tap chooses the row under the finger") {
        h.tap(ImVec2(100, 64 * 2 + 20), screen);
        CHECK(tapped == 2);
    }
    SECTION("a drag scrolls and is not a tap") {
        h.mouse(ImVec2(100, 250), true);
        h.frame(screen);
        for (int y = 240; y >= 100; y -= 20) {
            h.mouse(ImVec2(100, static_cast<float>(y)), true);
            h.frame(screen);
        }
        const float dragged = state.offset;
        CHECK(dragged > 100.0f);
        h.mouse(ImVec2(100, 100), false);
        h.frame(screen);
        CHECK(tapped == -1);
        // Released while moving: the list coasts and asks for frames...
        (void)h.ui().takeNextFrameTime();
        h.frame(screen);
        CHECK(h.ui().takeNextFrameTime() <= ImGui::GetTime());
        CHECK(state.offset > dragged);
        // ...until friction stops it (or the end of the list), then it rests.
        for (int i = 0; i < 600 && state.velocity != 0.0f; ++i) h.frame(screen);
        CHECK(state.velocity == 0.0f);
        (void)h.ui().takeNextFrameTime();
        h.frame(screen);
        CHECK(h.ui().takeNextFrameTime() == ui::Context::kNever);
        CHECK(state.offset <= 64.0f * 10 - 300.0f);
    }
}

TEST_CASE("a confirm dialog takes every touch until answered", "[dialog]") {
    Headless h;
    bool open = true;
    int behind = 0;
    ui::DialogResult result = ui::DialogResult::None;
    auto screen = [&](ui::Context& ui) {
        ImGui::SetCursorScreenPos(ImVec2(10, 400));
        if (ui::button(ui, "behind", "ข้างหลัง", ImVec2(200, 60))) ++behind;
        const auto r = ui::confirmDialog(ui, "##ask", open, {"ยืนยัน?", "แน่ใจหรือไม่", "ยืนยัน", "ยกเลิก"});
        if (r != ui::DialogResult::None) result = r;
    };
    h.frame(screen);
    h.frame(screen);
    h.tap(ImVec2(100, 430), screen);
    CHECK(behind == 0);
    CHECK(open);
    // The confirm button is the right half of the dialog's bottom row.
    h.tap(ImVec2(400 + 120, 240 + 70), screen);
    CHECK(result == ui::DialogResult::Confirmed);
    CHECK_FALSE(open);
    h.tap(ImVec2(100, 430), screen);
    CHECK(behind == 1);
}

TEST_CASE("a text field takes typed text through the same input check", "[field]") {
    Headless h;
    ui::TextEditBuffer buffer{20};
    bool focused = false;
    auto screen = [&](ui::Context& ui) {
        ImGui::SetCursorScreenPos(ImVec2(20, 20));
        ui::textField(ui, "field", buffer, "พิมพ์ที่นี่", 600, focused);
    };
    h.frame(screen);
    ImGui::GetIO().AddInputCharactersUTF8("ก");
    h.frame(screen);
    CHECK(buffer.empty());  // not focused: the keys went nowhere
    h.tap(ImVec2(100, 50), screen);
    REQUIRE(focused);
    ImGui::GetIO().AddInputCharactersUTF8("ก่่ิ");
    h.frame(screen);
    CHECK(buffer.utf8() == "กิ่");
    ImGui::GetIO().KeysDown[8] = true;
    h.frame(screen);
    ImGui::GetIO().KeysDown[8] = false;
    h.frame(screen);
    CHECK(buffer.empty());
}

TEST_CASE("a steady screen allocates nothing per frame", "[alloc]") {
    Headless h;
    ui::GalleryState state;
    for (const auto page : ui::kGalleryPages) {
        for (const auto lang : {core::Language::Thai, core::Language::English}) {
            for (const auto theme : ui::kAllThemes) {
                CAPTURE(std::string(ui::galleryPageName(page)), static_cast<int>(lang), static_cast<int>(theme));
                h.ui().setLanguage(lang);
                h.ui().setTheme(theme);
                ui::prepareGalleryShot(state, page, lang, ImGui::GetTime());
                auto draw = [&](ui::Context& ui) { ui::drawGallery(ui, state, page); };
                for (int i = 0; i < 3; ++i) h.frame(draw, true);
                g_allocations = 0;
                g_counting = true;
                h.frame(draw, true);
                g_counting = false;
                CHECK(g_allocations == 0);
            }
        }
    }
}

TEST_CASE("switching theme swaps colours and baked fonts without rebuilding", "[theme]") {
    Headless h;
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const int fonts = atlas->Fonts.Size;
    const ImFont* body = h.ui().font(ui::FontRole::Body);
    h.ui().setTheme(ui::ThemeId::LargeText);
    CHECK(h.ui().font(ui::FontRole::Body) != body);
    CHECK(h.ui().fontSize(ui::FontRole::Body) > 24.0f);
    h.ui().setTheme(ui::ThemeId::HighContrast);
    CHECK(h.ui().theme().background == IM_COL32(0, 0, 0, 255));
    CHECK(h.ui().font(ui::FontRole::Body) == body);
    CHECK(atlas->Fonts.Size == fonts);
}

TEST_CASE("a text longer than its lines ends in an ellipsis at a word, never inside a Thai cluster", "[layout][widgets]") {
    Headless h;
    ui::Context& u = h.ui();
    const std::string title = "แบบสอบถามความพึงพอใจของผู้ซื้อผลิตภัณฑ์ชุมชน (OTOP) ตำบลบ้านสวนดอกไม้ อำเภอเมือง จังหวัดนครปฐม";
    const float width = 200.0f;
    const ui::TextLayout& all = u.layout(title, width, ui::FontRole::Small);
    REQUIRE(all.lines.size() > 2);
    const std::vector<std::string> lines = u.clampedLines(title, width, ui::FontRole::Small, 2);
    REQUIRE(lines.size() == 2);
    // The first line is the layout's own; the second ends in "…".
    CHECK(lines[0] == title.substr(all.lines[0].sourceBegin, all.lines[0].sourceEnd - all.lines[0].sourceBegin));
    const std::string ellipsis = "\u2026";
    REQUIRE(lines[1].size() > ellipsis.size());
    CHECK(lines[1].substr(lines[1].size() - ellipsis.size()) == ellipsis);
    const std::string kept = lines[1].substr(0, lines[1].size() - ellipsis.size());
    // What is kept is the start of the rest of the title, cut where a line may break.
    const std::size_t restBegin = all.lines[1].sourceBegin;
    REQUIRE(title.compare(restBegin, kept.size(), kept) == 0);
    const std::size_t cut = restBegin + kept.size();
    // A cut between words: where libthai allows a line break (or before a
    // space), so no vowel or tone mark is left without its consonant.
    std::vector<std::size_t> offsets;
    const auto cps = ui::thai::decodeUtf8(title, &offsets);
    const auto can = ui::thai::lineBreakOpportunities(cps, u.text().breaker());
    bool atBreak = title[cut] == ' ';
    for (std::size_t i = 0; i < offsets.size() && i < can.size(); ++i)
        atBreak = atBreak || (can[i] && offsets[i] == cut);
    CHECK(atBreak);
    // Both lines fit the box, the ellipsis included.
    for (const std::string& line : lines)
        CHECK(u.layout(line, 0.0f, ui::FontRole::Small).width <= width);
    // A text that fits is given back whole, with no ellipsis.
    CHECK(u.clampedLines("ตลาดนัด", width, ui::FontRole::Small, 2) == std::vector<std::string>{"ตลาดนัด"});
}
