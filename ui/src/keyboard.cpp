#include "ui/keyboard.hpp"

#include "ui/draw.hpp"
#include "ui/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace fangsiang::ui {

namespace {

// [SECTION] Layout tables

KeyRow characters(std::u32string_view chars) {
    KeyRow row;
    for (const char32_t c : chars) {
        Key k;
        k.character = c;
        k.label = thai::encodeUtf8(std::u32string_view(&c, 1));
        row.push_back(std::move(k));
    }
    return row;
}

Key special(KeyKind kind, float width) {
    Key k;
    k.kind = kind;
    k.width = width;
    return k;
}

KeyRow withEnds(KeyRow row, Key left, Key right) {
    row.insert(row.begin(), std::move(left));
    row.push_back(std::move(right));
    return row;
}

KeyRow controlRow(bool withSpace) {
    KeyRow row;
    row.push_back(special(KeyKind::Switch, 2.0f));
    if (withSpace) row.push_back(special(KeyKind::Space, 8.5f));
    row.push_back(special(KeyKind::Done, 2.5f));
    return row;
}

struct Layers {
    std::vector<KeyRow> thai;
    std::vector<KeyRow> thaiShift;
    std::vector<KeyRow> english;
    std::vector<KeyRow> englishShift;
    std::vector<KeyRow> digits;
};

// A layer of letters: four rows of characters, Shift and Backspace either
// side of the last, and the control row with the space bar.
std::vector<KeyRow> letters(std::u32string_view row1, std::u32string_view row2, std::u32string_view row3,
                            std::u32string_view row4) {
    return {
        characters(row1),
        characters(row2),
        characters(row3),
        withEnds(characters(row4), special(KeyKind::Shift, 1.5f), special(KeyKind::Backspace, 1.5f)),
        controlRow(true),
    };
}

// Kedmanee as printed on Thai keyboards, without the backquote key (which
// only types '_' and '%').
const Layers& layers() {
    static const Layers kLayers = [] {
        Layers l;
        l.thai = letters(U"ๅ/-ภถุึคตจขช", U"ๆไำพะัีรนยบลฃ", U"ฟหกดเ้่าสวง", U"ผปแอิืทมใฝ");
        l.thaiShift = letters(U"+๑๒๓๔ู฿๕๖๗๘๙", U"๐\"ฎฑธํ๊ณฯญฐ,ฅ", U"ฤฆฏโฌ็๋ษศซ.", U"()ฉฮฺ์?ฒฬฦ");
        l.english = letters(U"1234567890", U"qwertyuiop", U"asdfghjkl@", U"zxcvbnm.-");
        l.englishShift = letters(U"!#$%&*()_+", U"QWERTYUIOP", U"ASDFGHJKL'", U"ZXCVBNM,/");
        KeyRow last = characters(U"-0");
        last.push_back(special(KeyKind::Backspace, 1.0f));
        l.digits = {
            characters(U"123"), characters(U"456"), characters(U"789"), std::move(last), controlRow(false),
        };
        return l;
    }();
    return kLayers;
}

// Key units across the widest row of each layout.
float unitsAcross(std::span<const KeyRow> rows) {
    float widest = 0.0f;
    for (const KeyRow& row : rows) {
        float w = 0.0f;
        for (const Key& k : row) w += k.width;
        widest = std::max(widest, w);
    }
    return widest;
}

KeyboardLayout nextLayout(KeyboardLayout l) {
    switch (l) {
        case KeyboardLayout::Thai: return KeyboardLayout::English;
        case KeyboardLayout::English: return KeyboardLayout::Digits;
        case KeyboardLayout::Digits: break;
    }
    return KeyboardLayout::Thai;
}

// Labels of the special keys: the switch key names the layout it leads to.
std::string_view specialLabel(const Context& ui, const Key& key, const KeyboardState& state) {
    static const core::TextPair kSpace{"เว้นวรรค", "space"};
    static const core::TextPair kDone{"เสร็จ", "Done"};
    switch (key.kind) {
        case KeyKind::Space: return ui.pick(kSpace);
        case KeyKind::Done: return ui.pick(kDone);
        case KeyKind::Switch:
            switch (nextLayout(state.layout)) {
                case KeyboardLayout::Thai: return "ไทย";
                case KeyboardLayout::English: return "ABC";
                case KeyboardLayout::Digits: return "123";
            }
            return {};
        case KeyKind::Character:
        case KeyKind::Shift:
        case KeyKind::Backspace: break;
    }
    return {};
}

void drawShiftArrow(ImDrawList* list, ImVec2 c, float s, ImU32 col, bool filled) {
    const ImVec2 pts[7] = {
        {c.x, c.y - s * 0.5f},          {c.x + s * 0.45f, c.y},        {c.x + s * 0.2f, c.y},
        {c.x + s * 0.2f, c.y + s * 0.45f}, {c.x - s * 0.2f, c.y + s * 0.45f}, {c.x - s * 0.2f, c.y},
        {c.x - s * 0.45f, c.y},
    };
    if (filled) list->AddConvexPolyFilled(pts, 7, col);
    else list->AddPolyline(pts, 7, col, ImDrawFlags_Closed, std::max(2.0f, s * 0.08f));
}

void drawBackspace(ImDrawList* list, ImVec2 c, float s, ImU32 col) {
    const float t = std::max(2.0f, s * 0.08f);
    const ImVec2 pts[5] = {
        {c.x - s * 0.55f, c.y}, {c.x - s * 0.25f, c.y - s * 0.35f}, {c.x + s * 0.5f, c.y - s * 0.35f},
        {c.x + s * 0.5f, c.y + s * 0.35f}, {c.x - s * 0.25f, c.y + s * 0.35f},
    };
    list->AddPolyline(pts, 5, col, ImDrawFlags_Closed, t);
    list->AddLine(ImVec2(c.x - s * 0.05f, c.y - s * 0.15f), ImVec2(c.x + s * 0.25f, c.y + s * 0.15f), col, t);
    list->AddLine(ImVec2(c.x - s * 0.05f, c.y + s * 0.15f), ImVec2(c.x + s * 0.25f, c.y - s * 0.15f), col, t);
}

}  // namespace

// [SECTION] Public API

std::span<const KeyRow> keyboardRows(KeyboardLayout layout, bool shift) {
    const Layers& l = layers();
    switch (layout) {
        case KeyboardLayout::Thai: return shift ? l.thaiShift : l.thai;
        case KeyboardLayout::English: return shift ? l.englishShift : l.english;
        case KeyboardLayout::Digits: break;
    }
    return l.digits;
}

void keyboardGeometry(KeyboardLayout layout, bool shift, ImVec2 origin, ImVec2 size, float gap,
                      std::vector<KeyRect>& out) {
    const auto rows = keyboardRows(layout, shift);
    out.clear();
    if (rows.empty()) return;
    // The digit pad is only as wide as it needs to be, centred.
    float width = size.x;
    if (layout == KeyboardLayout::Digits) width = std::min(size.x, size.y * 1.6f);
    const float left = origin.x + (size.x - width) * 0.5f;
    const float units = unitsAcross(rows);
    const float unit = (width - gap * (units + 1.0f)) / units;
    const float rowH = (size.y - gap * static_cast<float>(rows.size() + 1)) / static_cast<float>(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        float rowUnits = 0.0f;
        for (const Key& k : rows[r]) rowUnits += k.width;
        const float rowW = rowUnits * unit + (rowUnits - 1.0f) * gap;
        // Shorter rows are centred, as on a printed keyboard; the control
        // row stretches its widest key to the full width instead.
        const bool stretch = r + 1 == rows.size();
        float extra = stretch ? (width - gap * 2.0f - rowW) : 0.0f;
        float x = left + gap + (stretch ? 0.0f : (width - gap * 2.0f - rowW) * 0.5f);
        const float y = origin.y + gap + static_cast<float>(r) * (rowH + gap);
        for (const Key& k : rows[r]) {
            float w = k.width * unit + (k.width - 1.0f) * gap;
            if (stretch && (k.kind == KeyKind::Space || (rows[r].size() == 2 && k.kind == KeyKind::Done))) {
                w += extra;
                extra = 0.0f;
            }
            out.push_back(KeyRect{&k, ImVec2(std::floor(x), std::floor(y)), ImVec2(std::floor(x + w), std::floor(y + rowH))});
            x += w + gap;
        }
    }
}

// Five rows of 50 px keys with 5 px gaps leave 206 px of an 800x480 screen
// for the header, the question and the field.
float keyboardHeight(const Context& ui) { return ui.px(5.0f * 50.0f + 6.0f * 5.0f); }

KeyboardAction onScreenKeyboard(Context& ui, const char* id, KeyboardState& state, TextEditBuffer& buffer,
                                ImVec2 size) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const Theme& t = ui.theme();
    ImDrawList* list = window->DrawList;
    list->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), t.surfacePressed);

    KeyboardAction action = KeyboardAction::None;
    ImGui::PushID(id);
    // A few dozen rectangles, recomputed per frame into reused storage.
    keyboardGeometry(state.layout, state.shift, origin, size, ui.px(5), state.keys);
    int index = 0;
    for (const KeyRect& kr : state.keys) {
        const ImRect bb(kr.min, kr.max);
        ImGui::SetCursorScreenPos(bb.Min);
        ImGui::ItemSize(bb);
        const ImGuiID keyId = window->GetID(index++);
        if (!ImGui::ItemAdd(bb, keyId)) continue;
        bool hovered = false;
        bool held = false;
        const bool pressed = ImGui::ButtonBehavior(bb, keyId, &hovered, &held);
        const Key& key = *kr.key;
        const bool accentKey = key.kind == KeyKind::Done || (key.kind == KeyKind::Shift && state.shift);
        fillRoundedRect(list, bb.Min, bb.Max, accentKey ? t.accent : (held ? t.surfacePressed : t.surface),
                        ui.px(t.rounding * 0.6f));
        list->AddRect(bb.Min, bb.Max, accentKey ? t.accent : t.border, ui.px(t.rounding * 0.6f), 0,
                      ui.px(t.borderWidth));
        const ImU32 ink = accentKey ? t.accentText : t.text;
        const ImVec2 c((bb.Min.x + bb.Max.x) * 0.5f, (bb.Min.y + bb.Max.y) * 0.5f);
        const float glyph = std::min(bb.GetWidth(), bb.GetHeight()) * 0.5f;
        switch (key.kind) {
            case KeyKind::Character: {
                // Key labels use the title size: they are read at arm's length.
                const TextLayout& l = ui.layout(key.label, 0.0f, FontRole::Title);
                const float ty = std::floor(bb.Min.y + (bb.GetHeight() - l.lineHeight) * 0.5f);
                drawLayout(list, ImVec2(bb.Min.x, ty), l, ui.font(FontRole::Title), ui.fontSize(FontRole::Title), ink,
                           Align::Centre, bb.GetWidth());
                break;
            }
            case KeyKind::Shift: drawShiftArrow(list, c, glyph, ink, state.shift); break;
            case KeyKind::Backspace: drawBackspace(list, c, glyph, ink); break;
            case KeyKind::Space:
            case KeyKind::Switch:
            case KeyKind::Done: {
                const TextLayout& l = ui.layout(specialLabel(ui, key, state), 0.0f, FontRole::Body);
                const float ty = std::floor(bb.Min.y + (bb.GetHeight() - l.lineHeight) * 0.5f);
                drawLayout(list, ImVec2(bb.Min.x, ty), l, ui.font(FontRole::Body), ui.fontSize(FontRole::Body), ink,
                           Align::Centre, bb.GetWidth());
                break;
            }
        }
        if (!pressed) continue;
        switch (key.kind) {
            case KeyKind::Character: {
                const EditResult r = buffer.insert(key.character);
                action = (r == EditResult::Inserted || r == EditResult::Corrected) ? KeyboardAction::Typed
                                                                                   : KeyboardAction::Refused;
                state.shift = false;
                break;
            }
            case KeyKind::Shift: state.shift = !state.shift; break;
            case KeyKind::Backspace:
                if (buffer.backspace()) action = KeyboardAction::Typed;
                break;
            case KeyKind::Space:
                if (buffer.insert(U' ') == EditResult::Inserted) action = KeyboardAction::Typed;
                break;
            case KeyKind::Switch:
                state.layout = nextLayout(state.layout);
                state.shift = false;
                break;
            case KeyKind::Done: action = KeyboardAction::Done; break;
        }
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(origin);
    ImGui::ItemSize(size);
    return action;
}

}  // namespace fangsiang::ui
