#include "ui/text_area.hpp"

#include "ui/draw.hpp"
#include "ui/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace fangsiang::ui {

// [SECTION] Caret geometry

namespace {

std::size_t utf8Length(char32_t cp) {
    if (cp < 0x80) return 1;
    if (cp < 0x800) return 2;
    if (cp < 0x10000) return 3;
    return 4;
}

}  // namespace

TextAreaLines::TextAreaLines(std::u32string_view text, const TextLayout& layout, const ImFont* font, float size)
    : m_text(text), m_font(font), m_size(size), m_cells(thai::cellBoundaries(text)) {
    // The layout names its lines by byte; the caret counts code points.
    std::vector<std::size_t> bytes;
    bytes.reserve(text.size() + 1);
    std::size_t offset = 0;
    for (const char32_t cp : text) {
        bytes.push_back(offset);
        offset += utf8Length(cp);
    }
    bytes.push_back(offset);
    auto toCaret = [&](std::size_t byte) {
        return static_cast<std::size_t>(std::lower_bound(bytes.begin(), bytes.end(), byte) - bytes.begin());
    };
    for (const TextLine& line : layout.lines)
        m_lines.push_back(Line{toCaret(line.sourceBegin), toCaret(line.sourceEnd)});
    if (m_lines.empty()) m_lines.push_back(Line{});
}

float TextAreaLines::width(std::size_t from, std::size_t to) const {
    if (to <= from) return 0.0f;
    return measureGlyphs(m_font, m_size, thai::encodeUtf8(thai::shape(m_text.substr(from, to - from))));
}

std::size_t TextAreaLines::lineOf(std::size_t caret) const {
    const auto after = std::upper_bound(m_lines.begin(), m_lines.end(), caret,
                                        [](std::size_t c, const Line& l) { return c < l.begin; });
    return after == m_lines.begin() ? 0 : static_cast<std::size_t>(after - m_lines.begin()) - 1;
}

float TextAreaLines::xOf(std::size_t caret) const { return width(m_lines[lineOf(caret)].begin, caret); }

std::size_t TextAreaLines::caretAt(std::size_t line, float x) const {
    line = std::min(line, m_lines.size() - 1);
    const Line& l = m_lines[line];
    const bool endIsNextLine = line + 1 < m_lines.size() && m_lines[line + 1].begin <= l.end;
    std::size_t best = l.begin;
    float bestDistance = std::fabs(x);
    for (auto it = std::upper_bound(m_cells.begin(), m_cells.end(), l.begin); it != m_cells.end(); ++it) {
        const std::size_t c = *it;
        if (c > l.end || (c == l.end && endIsNextLine)) break;
        const float distance = std::fabs(width(l.begin, c) - x);
        if (distance > bestDistance) break;  // widths only grow along a line
        best = c;
        bestDistance = distance;
    }
    return best;
}

std::size_t TextAreaLines::vertical(std::size_t caret, int delta, float x) const {
    const std::size_t line = lineOf(caret);
    if (delta < 0 && line == 0) return 0;
    if (delta > 0 && line + 1 >= m_lines.size()) return m_text.size();
    return caretAt(delta < 0 ? line - 1 : line + 1, x);
}

// [SECTION] Characters left

std::optional<std::size_t> charactersLeftToShow(std::size_t length, std::size_t max) {
    const std::size_t left = length >= max ? 0 : max - length;
    if (left > std::max<std::size_t>(20, max / 10)) return std::nullopt;
    return left;
}

core::TextPair charactersLeftWords(std::size_t left) {
    const std::string n = std::to_string(left);
    return {"เหลืออีก " + n + " ตัวอักษร", left == 1 ? "1 character left" : n + " characters left"};
}

// [SECTION] The widget

namespace {

bool keyPressed(ImGuiKey_ key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); }

}  // namespace

bool textArea(Context& ui, const char* id, TextEditBuffer& buffer, TextAreaState& s, std::string_view placeholder,
              ImVec2 size, bool& focused) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiID itemId = window->GetID(id);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    size.y = std::max(size.y, ui.px(kMinTarget));
    const ImRect bb(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    ImGui::ItemSize(bb);
    if (!ImGui::ItemAdd(bb, itemId)) return false;

    const Theme& t = ui.theme();
    const ImFont* font = ui.font(FontRole::Body);
    const float fontSize = ui.fontSize(FontRole::Body);
    const float pad = ui.px(14);
    const float barW = ui.px(8);
    const ImRect inner(ImVec2(bb.Min.x + pad, bb.Min.y + pad * 0.5f),
                       ImVec2(bb.Max.x - pad - barW, bb.Max.y - pad * 0.5f));
    const float textW = inner.GetWidth();

    // Touch: a tap puts the caret where it landed, a drag scrolls.
    bool hovered = false;
    bool held = false;
    const bool released = ImGui::ButtonBehavior(bb, itemId, &hovered, &held);
    if (held && !s.held) {
        s.pressY = io.MousePos.y;
        s.pressScroll = s.scroll;
        s.dragging = false;
    }
    if (held && std::fabs(io.MousePos.y - s.pressY) > ui.px(12)) s.dragging = true;
    if (held && s.dragging) s.scroll = s.pressScroll - (io.MousePos.y - s.pressY);
    const bool tapped = released && !s.dragging;
    s.held = held;
    if (tapped) focused = true;
    if (hovered && io.MouseWheel != 0.0f) s.scroll -= io.MouseWheel * fontSize * kLineSpacing * 3.0f;

    const unsigned before = buffer.revision();
    if (focused) applyKeyInput(buffer);
    const bool changed = buffer.revision() != before;

    const TextLayout& l = ui.layout(buffer.utf8(), textW, FontRole::Body);
    const float lineH = l.lineHeight;
    std::optional<TextAreaLines> lines;
    auto geometry = [&]() -> const TextAreaLines& {
        if (!lines) lines.emplace(buffer.codePoints(), l, font, fontSize);
        return *lines;
    };
    // The caret's line and x, measured only when the text, the caret, the
    // width or the font changed since they were.
    auto placeCaret = [&] {
        if (s.caretRevision == buffer.revision() && s.caretWidth == textW && s.caretFont == font) return;
        s.caretLine = geometry().lineOf(buffer.caret());
        s.caretX = geometry().xOf(buffer.caret());
        s.caretRevision = buffer.revision();
        s.caretWidth = textW;
        s.caretFont = font;
    };
    placeCaret();
    bool vertical = false;
    if (focused) {
        const float x = s.stickyX >= 0.0f ? s.stickyX : s.caretX;
        if (keyPressed(ImGuiKey_UpArrow)) {
            buffer.moveTo(geometry().caretAbove(buffer.caret(), x));
            vertical = true;
        } else if (keyPressed(ImGuiKey_DownArrow)) {
            buffer.moveTo(geometry().caretBelow(buffer.caret(), x));
            vertical = true;
        }
        if (vertical) s.stickyX = x;
        if (keyPressed(ImGuiKey_Home)) buffer.moveTo(geometry().lineBegin(s.caretLine));
        if (keyPressed(ImGuiKey_End)) buffer.moveTo(geometry().lineEnd(s.caretLine));
    }
    if (tapped) {
        const float y = io.MousePos.y - inner.Min.y + s.scroll;
        const auto line = static_cast<std::size_t>(std::max(0.0f, std::floor(y / lineH)));
        buffer.moveTo(geometry().caretAt(line, io.MousePos.x - inner.Min.x));
    }
    if (buffer.revision() != before && !vertical) s.stickyX = -1.0f;
    placeCaret();

    // What is left to type, once the limit is near, takes the last line.
    const auto left = charactersLeftToShow(buffer.codePoints().size(), buffer.maxCodePoints());
    const core::TextPair leftPair = left ? charactersLeftWords(*left) : core::TextPair{};
    const std::string_view leftWords = ui.pick(leftPair);
    const TextLayout* counter = left ? &ui.layout(leftWords, 0.0f, FontRole::Small) : nullptr;
    // Whole lines only: a line cut at the top edge would lose its tone marks.
    const float room = inner.GetHeight() - (counter ? counter->lineHeight : 0.0f);
    const float viewH = lineH * std::max(1.0f, std::floor(room / lineH));

    // Keep the caret in view after it moved or the text changed; then
    // keep the scroll inside the text.
    if (s.shownRevision != buffer.revision()) {
        const float top = static_cast<float>(s.caretLine) * lineH;
        if (top < s.scroll) s.scroll = top;
        if (top + lineH > s.scroll + viewH) s.scroll = top + lineH - viewH;
        s.shownRevision = buffer.revision();
    }
    const float maxScroll = std::max(0.0f, l.height() - viewH);
    if (!held) s.scroll = std::round(s.scroll / lineH) * lineH;  // a drag ends on a whole line
    s.scroll = std::clamp(s.scroll, 0.0f, maxScroll);

    // Drawing.
    ImDrawList* list = window->DrawList;
    fillRoundedRect(list, bb.Min, bb.Max, t.surface, ui.px(t.rounding));
    list->AddRect(bb.Min, bb.Max, focused ? t.accent : t.border, ui.px(t.rounding), 0,
                  focused ? ui.px(t.borderWidth + 2.0f) : ui.px(t.borderWidth));
    const ImVec2 clipMin(inner.Min.x - pad * 0.5f, inner.Min.y);
    const ImVec2 clipMax(inner.Max.x + pad * 0.5f, inner.Min.y + viewH);
    list->PushClipRect(clipMin, clipMax, true);
    const float top = std::floor(inner.Min.y - s.scroll);
    if (buffer.empty()) {
        drawLayout(list, ImVec2(inner.Min.x, top), ui.layout(placeholder, textW, FontRole::Body), font, fontSize,
                   t.textMuted, Align::Left, textW);
    } else {
        drawLayout(list, ImVec2(inner.Min.x, top), l, font, fontSize, t.text, Align::Left, textW);
    }
    if (focused) {
        const float x = std::floor(inner.Min.x + std::min(s.caretX, textW));
        const float y = top + static_cast<float>(s.caretLine) * lineH;
        list->AddRectFilled(ImVec2(x, y + fontSize * 0.25f), ImVec2(x + ui.px(2.5f), y + lineH - fontSize * 0.1f),
                            t.accent);
    }
    list->PopClipRect();

    if (maxScroll > 0.0f) {
        // Where the view is in the text; the whole area drags.
        const float trackX = bb.Max.x - pad * 0.5f - barW;
        const float thumbH = std::max(ui.px(24), viewH * viewH / l.height());
        const float thumbY = inner.Min.y + (viewH - thumbH) * (s.scroll / maxScroll);
        list->AddRectFilled(ImVec2(trackX, inner.Min.y), ImVec2(trackX + barW, inner.Min.y + viewH), t.background,
                            barW * 0.5f);
        list->AddRectFilled(ImVec2(trackX, thumbY), ImVec2(trackX + barW, thumbY + thumbH), t.textMuted, barW * 0.5f);
    }
    if (counter != nullptr) {
        const ImU32 colour = *left == 0 ? t.danger : t.textMuted;
        drawLayout(list, ImVec2(inner.Max.x - counter->width, inner.Min.y + viewH), *counter, ui.font(FontRole::Small),
                   ui.fontSize(FontRole::Small), colour, Align::Left, counter->width);
    }
    return changed;
}

}  // namespace fangsiang::ui
