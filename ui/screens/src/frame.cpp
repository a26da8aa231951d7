// The frame of every screen: the header with its back button and display
// switches, the buttons along the bottom, a field with the keyboard under
// it, and the touch list.

#include "screens_internal.hpp"

#include <algorithm>
#include <cmath>

namespace fangsiang::ui::detail {

namespace {

// A square touch target drawn by `paint`; returns true when tapped.
template <typename Paint>
bool squareButton(DrawCtx& c, const char* id, ImVec2 pos, float size, Paint&& paint) {
    ImGui::SetCursorScreenPos(pos);
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(size, size));
    c.mark(id);
    paint(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), ImGui::IsItemActive());
    return pressed;
}

}  // namespace

// [SECTION] Header

float displaySwitches(DrawCtx& c, const kiosk::DisplaySettings& display, float right, float y, ImU32 ink, ImU32 paper,
                      HeaderTouches& touched, bool languageOnly) {
    const float pad = c.ui.px(12);
    const float target = c.ui.px(kMinTarget);
    ImDrawList* list = c.draw();
    float x = right + pad * 0.5f;
    if (!languageOnly) {
        x = right - target;
        if (squareButton(c, "contrast", ImVec2(x, y), target, [&](const ImRect& r, bool) {
                const ImVec2 ctr = r.GetCenter();
                const float rad = c.ui.px(13);
                if (display.highContrast) list->AddRectFilled(r.Min, r.Max, ink, c.ui.px(8));
                const ImU32 fg = display.highContrast ? paper : ink;
                list->AddCircle(ctr, rad, fg, 24, c.ui.px(2.5f));
                list->PathArcTo(ctr, rad, IM_PI * 0.5f, IM_PI * 1.5f, 16);
                list->PathFillConvex(fg);
            }))
            touched.contrast = true;
        x -= target + pad * 0.5f;
        if (squareButton(c, "larger-text", ImVec2(x, y), target, [&](const ImRect& r, bool) {
                if (display.largeText) list->AddRectFilled(r.Min, r.Max, ink, c.ui.px(8));
                const ImU32 fg = display.largeText ? paper : ink;
                const TextLayout& l = c.ui.layout("ก+", r.GetWidth(), FontRole::Title);
                drawLayout(list, ImVec2(r.Min.x, std::floor(r.Min.y + (r.GetHeight() - l.lineHeight) * 0.5f)), l,
                           c.ui.font(FontRole::Title), c.ui.fontSize(FontRole::Title), fg, Align::Centre, r.GetWidth());
            }))
            touched.largeText = true;
    }
    const float langW = c.ui.px(96);
    x -= langW + pad * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (ImGui::InvisibleButton("language", ImVec2(langW, target)))
        touched.language = true;
    c.mark("language");
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    list->AddRect(r.Min, r.Max, ink, r.GetHeight() * 0.5f, 0, c.ui.px(2));
    const TextLayout& l = c.ui.layout(c.pick(words::kFrame.languageSwitch), r.GetWidth(), FontRole::Body);
    drawLayout(list, ImVec2(r.Min.x, std::floor(r.Min.y + (r.GetHeight() - l.lineHeight) * 0.5f)), l,
               c.ui.font(FontRole::Body), c.ui.fontSize(FontRole::Body), ink, Align::Centre, r.GetWidth());
    return x;
}

Area headerBar(DrawCtx& c, std::string_view title, bool withBack, const kiosk::DisplaySettings& shown,
               HeaderTouches& touched, bool languageOnly) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const Theme& t = c.theme();
    const float pad = c.ui.px(12);
    const float target = c.ui.px(kMinTarget);
    const float barH = target + c.ui.px(16);
    const float y = c.ui.px(8);
    ImDrawList* list = c.draw();
    list->AddRectFilled(ImVec2(0, 0), ImVec2(display.x, barH), t.accent);

    float titleX = pad;
    if (withBack) {
        if (squareButton(c, "back", ImVec2(pad * 0.5f, y), target, [&](const ImRect& r, bool held) {
                if (held) list->AddRectFilled(r.Min, r.Max, t.surfacePressed, c.ui.px(8));
                drawIcon(list, Icon::Back, r.GetCenter(), c.ui.px(30), t.accentText, t.accent);
            }))
            touched.back = true;
        titleX = pad * 0.5f + target + pad * 0.5f;
    }

    const float x = displaySwitches(c, shown, display.x - pad * 0.5f, y, t.accentText, t.accent, touched, languageOnly);
    const float titleW = x - titleX - pad;
    // One line in the title's font when it fits; else two lines of the
    // largest smaller font that fits the bar, the second ending in "…" at
    // a word when even that is not enough (a long survey title at 800x480).
    const TextLayout& l = c.ui.layout(title, titleW, FontRole::Title);
    if (l.lines.size() <= 1) {
        drawLayout(list, ImVec2(titleX, std::floor((barH - l.lineHeight) * 0.5f)), l, c.ui.font(FontRole::Title),
                   c.ui.fontSize(FontRole::Title), t.accentText, Align::Left, titleW, 1);
    } else {
        FontRole role = FontRole::Small;
        if (c.ui.layout(title, titleW, FontRole::Body).lineHeight * 2.0f <= barH &&
            c.ui.layout(title, titleW, FontRole::Body).lines.size() <= 2)
            role = FontRole::Body;
        const std::vector<std::string> lines = c.ui.clampedLines(title, titleW, role, 2);
        const float lineH = c.ui.layout(title, titleW, role).lineHeight;
        float ly = std::floor((barH - lineH * static_cast<float>(lines.size())) * 0.5f);
        for (const std::string& line : lines)
            ly += c.ui.drawText(list, ImVec2(titleX, ly), line, role, t.accentText, titleW + 1.0f);
    }
    return Area{ImVec2(0, barH), display, pad};
}

namespace {

void applyHeader(Ctx& c, const HeaderTouches& touched) {
    if (touched.contrast)
        c.flow.toggleHighContrast(c.now);
    if (touched.largeText)
        c.flow.toggleLargeText(c.now);
    if (touched.language)
        c.flow.setLanguage(c.flow.display().language == core::Language::Thai ? core::Language::English
                                                                              : core::Language::Thai,
                           c.now);
    if (touched.back)
        c.flow.back(c.now);
}

}  // namespace

float displaySwitches(Ctx& c, float right, float y, ImU32 ink, ImU32 paper) {
    HeaderTouches touched;
    const float x = displaySwitches(c, c.flow.display(), right, y, ink, paper, touched, false);
    applyHeader(c, touched);
    return x;
}

Area header(Ctx& c, std::string_view title, bool withBack) {
    HeaderTouches touched;
    const Area a = headerBar(c, title, withBack, c.flow.display(), touched);
    applyHeader(c, touched);
    return a;
}

// [SECTION] Buttons along the bottom and beside a field

float bottomButtons(DrawCtx& c, const Area& area, const core::TextPair* left, const char* leftId, bool& leftPressed,
                    const core::TextPair& right, const char* rightId, bool& rightPressed) {
    const float h = c.ui.px(kMinTarget + 8);
    const float y = area.max.y - h - area.pad;
    const float gap = c.ui.px(12);
    const float w = left != nullptr ? (area.width() - gap) * 0.5f : area.width();
    leftPressed = rightPressed = false;
    if (left != nullptr) {
        ImGui::SetCursorScreenPos(ImVec2(area.left(), y));
        leftPressed = button(c.ui, leftId, c.pick(*left), ImVec2(w, h));
        c.mark(leftId);
    }
    ImGui::SetCursorScreenPos(ImVec2(area.right() - w, y));
    rightPressed = button(c.ui, rightId, c.pick(right), ImVec2(w, h), true);
    c.mark(rightId);
    return y;
}

bool primaryBottomButton(DrawCtx& c, const Area& area, const core::TextPair& label, const char* id) {
    bool unused = false;
    bool pressed = false;
    bottomButtons(c, area, nullptr, "", unused, label, id, pressed);
    return pressed;
}

bool buttonBesideField(DrawCtx& c, const Area& area, const char* id, const core::TextPair& label, float width) {
    const TargetRect field = c.view.targets["field"];
    ImGui::SetCursorScreenPos(ImVec2(area.right() - width, field.min.y));
    // As tall as a one-line field, however tall a text area beside it is.
    const float height = std::min(field.height(), c.ui.px(64));
    const bool pressed = button(c.ui, id, c.pick(label), ImVec2(width, height), true);
    c.mark(id);
    return pressed;
}

// [SECTION] A field and the keyboard

namespace {

// The keyboard along the bottom of `area`, typing into `buffer`; true when
// its Done key was pressed.
bool keyboardUnder(DrawCtx& c, const Area& area, TextEditBuffer& buffer, bool& changed) {
    const float kbH = keyboardHeight(c.ui);
    ImGui::SetCursorScreenPos(ImVec2(0, area.max.y - kbH));
    const unsigned before = buffer.revision();
    const KeyboardAction action =
        onScreenKeyboard(c.ui, "keyboard", c.view.keyboard, buffer, ImVec2(area.max.x, kbH));
    changed = changed || buffer.revision() != before;
    return action == KeyboardAction::Done;
}

float promptAbove(DrawCtx& c, const Area& area, float top, std::string_view prompt) {
    if (prompt.empty())
        return top;
    return top + c.text(ImVec2(area.left(), top), prompt, FontRole::Body, area.width());
}

}  // namespace

bool fieldWithKeyboard(DrawCtx& c, const Area& area, float top, std::string_view prompt, const char* id,
                       TextEditBuffer& buffer, std::string_view placeholder, bool& changed, float fieldWidth) {
    ImGui::SetCursorScreenPos(ImVec2(area.left(), promptAbove(c, area, top, prompt)));
    bool focused = true;
    changed = textField(c.ui, id, buffer, placeholder, fieldWidth > 0 ? fieldWidth : area.width(), focused);
    c.mark(id);
    return keyboardUnder(c, area, buffer, changed);
}

bool areaWithKeyboard(DrawCtx& c, const Area& area, float top, std::string_view prompt, const char* id,
                      TextEditBuffer& buffer, std::string_view placeholder, bool& changed, float width) {
    const float y = promptAbove(c, area, top, prompt);
    const float bottom = area.max.y - keyboardHeight(c.ui) - area.pad * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(area.left(), y));
    bool focused = true;
    changed = textArea(c.ui, id, buffer, c.view.textArea, placeholder, ImVec2(width, bottom - y), focused);
    c.mark(id);
    return keyboardUnder(c, area, buffer, changed);
}

// [SECTION] Touch list

int rowList(DrawCtx& c, const char* id, const std::vector<std::string_view>& rows, ImVec2 pos, ImVec2 size) {
    ImGui::SetCursorScreenPos(pos);
    const int tapped = touchList(c.ui, id, c.view.list, rows, size);
    c.mark(id);
    if (c.view.list.velocity != 0.0f || c.view.list.dragging)
        c.ui.requestFrame();  // momentum
    return tapped;
}

}  // namespace fangsiang::ui::detail
