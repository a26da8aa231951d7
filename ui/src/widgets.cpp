#include "ui/widgets.hpp"

#include "ui/draw.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace fangsiang::ui {

namespace {

// [SECTION] Helpers

struct Press {
    bool pressed = false;
    bool held = false;
};

// Claims `bb` as one ImGui item and runs button behaviour on it. Nothing
// here reacts to hover: a touchscreen has none.
Press pressable(const ImRect& bb, ImGuiID id) {
    ImGui::ItemSize(bb);
    Press p;
    if (!ImGui::ItemAdd(bb, id)) return p;
    bool hovered = false;
    p.pressed = ImGui::ButtonBehavior(bb, id, &hovered, &p.held);
    return p;
}

ImRect placeItem(ImVec2 size) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ImRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));
}

ImVec2 centreOf(const ImRect& r) { return ImVec2((r.Min.x + r.Max.x) * 0.5f, (r.Min.y + r.Max.y) * 0.5f); }

void drawSurface(Context& ui, ImDrawList* list, const ImRect& bb, bool held, bool primary = false) {
    const Theme& t = ui.theme();
    const ImU32 fill = primary ? t.accent : (held ? t.surfacePressed : t.surface);
    fillRoundedRect(list, bb.Min, bb.Max, fill, ui.px(t.rounding));
    list->AddRect(bb.Min, bb.Max, primary ? t.accent : t.border, ui.px(t.rounding), 0, ui.px(t.borderWidth));
}

// Text centred in a box both ways.
void drawCentred(Context& ui, ImDrawList* list, const ImRect& box, std::string_view text, FontRole role,
                 ImU32 colour) {
    const float w = box.GetWidth();
    const TextLayout& l = ui.layout(text, w, role);
    const float y = box.Min.y + std::max(0.0f, (box.GetHeight() - l.height()) * 0.5f);
    drawLayout(list, ImVec2(box.Min.x, std::floor(y)), l, ui.font(role), ui.fontSize(role), colour,
               Align::Centre, w);
}

float clampDt(float dt) { return std::clamp(dt, 0.0f, 0.05f); }

}  // namespace

// [SECTION] Icons

void drawIcon(ImDrawList* list, Icon icon, ImVec2 c, float s, ImU32 col, ImU32 bg) {
    const float h = s * 0.5f;
    const float stroke = std::max(2.0f, s * 0.07f);
    switch (icon) {
        case Icon::Complaint: {  // speech bubble with an exclamation mark
            fillRoundedRect(list, ImVec2(c.x - h, c.y - h * 0.8f), ImVec2(c.x + h, c.y + h * 0.45f), col, s * 0.15f);
            list->AddTriangleFilled(ImVec2(c.x - h * 0.5f, c.y + h * 0.4f), ImVec2(c.x - h * 0.05f, c.y + h * 0.4f),
                                    ImVec2(c.x - h * 0.6f, c.y + h * 0.95f), col);
            list->AddLine(ImVec2(c.x, c.y - h * 0.55f), ImVec2(c.x, c.y - h * 0.05f), bg, stroke * 1.2f);
            list->AddCircleFilled(ImVec2(c.x, c.y + h * 0.17f), stroke * 0.7f, bg);
            break;
        }
        case Icon::Survey: {  // clipboard with ticked lines
            list->AddRect(ImVec2(c.x - h * 0.75f, c.y - h * 0.8f), ImVec2(c.x + h * 0.75f, c.y + h), col, s * 0.08f, 0,
                          stroke);
            list->AddRectFilled(ImVec2(c.x - h * 0.35f, c.y - h), ImVec2(c.x + h * 0.35f, c.y - h * 0.62f), col,
                                s * 0.05f);
            for (int i = 0; i < 3; ++i) {
                const float y = c.y - h * 0.3f + static_cast<float>(i) * h * 0.42f;
                list->AddLine(ImVec2(c.x - h * 0.5f, y), ImVec2(c.x - h * 0.35f, y + h * 0.12f), col, stroke);
                list->AddLine(ImVec2(c.x - h * 0.35f, y + h * 0.12f), ImVec2(c.x - h * 0.15f, y - h * 0.12f), col,
                              stroke);
                list->AddLine(ImVec2(c.x, y), ImVec2(c.x + h * 0.5f, y), col, stroke);
            }
            break;
        }
        case Icon::Services: {  // a public building: pediment, columns, base
            list->AddTriangleFilled(ImVec2(c.x - h, c.y - h * 0.35f), ImVec2(c.x + h, c.y - h * 0.35f),
                                    ImVec2(c.x, c.y - h), col);
            for (int i = 0; i < 4; ++i) {
                const float x = c.x - h * 0.7f + static_cast<float>(i) * h * 0.466f;
                list->AddRectFilled(ImVec2(x - stroke * 0.6f, c.y - h * 0.25f), ImVec2(x + stroke * 0.6f, c.y + h * 0.6f),
                                    col);
            }
            list->AddRectFilled(ImVec2(c.x - h, c.y + h * 0.7f), ImVec2(c.x + h, c.y + h * 0.9f), col);
            break;
        }
        case Icon::Status: {  // magnifying glass over a ticket
            list->AddCircle(ImVec2(c.x - h * 0.15f, c.y - h * 0.15f), h * 0.55f, col, 0, stroke * 1.2f);
            list->AddLine(ImVec2(c.x + h * 0.25f, c.y + h * 0.25f), ImVec2(c.x + h * 0.85f, c.y + h * 0.85f), col,
                          stroke * 1.8f);
            break;
        }
        case Icon::Info: {
            list->AddCircle(c, h * 0.9f, col, 0, stroke);
            list->AddCircleFilled(ImVec2(c.x, c.y - h * 0.42f), stroke * 0.8f, col);
            list->AddLine(ImVec2(c.x, c.y - h * 0.15f), ImVec2(c.x, c.y + h * 0.5f), col, stroke * 1.2f);
            break;
        }
        case Icon::Back: {
            list->AddLine(ImVec2(c.x - h * 0.7f, c.y), ImVec2(c.x + h * 0.7f, c.y), col, stroke * 1.2f);
            list->AddLine(ImVec2(c.x - h * 0.7f, c.y), ImVec2(c.x - h * 0.1f, c.y - h * 0.6f), col, stroke * 1.2f);
            list->AddLine(ImVec2(c.x - h * 0.7f, c.y), ImVec2(c.x - h * 0.1f, c.y + h * 0.6f), col, stroke * 1.2f);
            break;
        }
    }
}

// [SECTION] Buttons

bool tileButton(Context& ui, const char* id, Icon icon, std::string_view label, ImVec2 size) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImRect bb = placeItem(size);
    const Press p = pressable(bb, window->GetID(id));
    ImDrawList* list = window->DrawList;
    drawSurface(ui, list, bb, p.held);
    const Theme& t = ui.theme();
    const float pad = ui.px(12);
    const float iconSize = std::min({size.x * 0.5f, size.y * 0.42f, ui.px(110)});
    const float disc = iconSize * 1.24f;
    // Icon and label are centred as one group, so a tall tile does not
    // strand its label at the bottom.
    const TextLayout& l = ui.layout(label, size.x - pad * 2.0f, FontRole::Body);
    const float group = disc + ui.px(4) + l.height();
    const float top = bb.Min.y + std::max(pad, (size.y - group) * 0.5f);
    const ImVec2 iconCentre(centreOf(bb).x, top + disc * 0.5f);
    fillCircle(list, iconCentre, disc * 0.5f, t.surfacePressed);
    drawIcon(list, icon, iconCentre, iconSize * 0.8f, t.accent, t.surfacePressed);
    drawLayout(list, ImVec2(bb.Min.x + pad, std::floor(top + disc + ui.px(4))), l, ui.font(FontRole::Body),
               ui.fontSize(FontRole::Body), t.text, Align::Centre, size.x - pad * 2.0f);
    return p.pressed;
}

bool button(Context& ui, const char* id, std::string_view label, ImVec2 size, bool primary) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    size.y = std::max(size.y, ui.px(kMinTarget));
    const ImRect bb = placeItem(size);
    const Press p = pressable(bb, window->GetID(id));
    drawSurface(ui, window->DrawList, bb, p.held, primary);
    const ImRect inner(ImVec2(bb.Min.x + ui.px(8), bb.Min.y), ImVec2(bb.Max.x - ui.px(8), bb.Max.y));
    drawCentred(ui, window->DrawList, inner, label, FontRole::Body, primary ? ui.theme().accentText : ui.theme().text);
    return p.pressed;
}

// [SECTION] Touch-scrollable list

int touchList(Context& ui, const char* id, TouchListState& st, std::span<const std::string_view> items,
              ImVec2 size) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImGuiIO& io = ImGui::GetIO();
    const ImGuiID itemId = window->GetID(id);
    const ImRect bb = placeItem(size);
    ImGui::ItemSize(bb);
    if (!ImGui::ItemAdd(bb, itemId)) return -1;
    bool hovered = false;
    bool held = false;
    ImGui::ButtonBehavior(bb, itemId, &hovered, &held, ImGuiButtonFlags_PressedOnClick);

    const float rowH = ui.px(64);
    const float contentH = rowH * static_cast<float>(items.size());
    const float maxOffset = std::max(0.0f, contentH - size.y);
    const float dt = clampDt(io.DeltaTime);
    const float dragThreshold = ui.px(10);
    int tapped = -1;

    if (held) {
        if (!st.dragging && ImGui::IsMouseDragPastThreshold(ImGuiMouseButton_Left, dragThreshold)) st.dragging = true;
        if (st.dragging) {
            st.offset -= io.MouseDelta.y;
            if (dt > 0.0f) st.velocity = 0.6f * (-io.MouseDelta.y / dt) + 0.4f * st.velocity;
        } else {
            st.velocity = 0.0f;
        }
    } else if (st.held) {
        // Released this frame: a tap unless the finger moved.
        if (!st.dragging && bb.Contains(io.MousePos)) {
            const float y = io.MouseClickedPos[0].y - bb.Min.y + st.offset;
            const int row = static_cast<int>(std::floor(y / rowH));
            if (row >= 0 && static_cast<std::size_t>(row) < items.size()) tapped = row;
            st.velocity = 0.0f;
        }
        st.dragging = false;
        if (st.velocity != 0.0f) ui.requestFrame();
    } else if (std::fabs(st.velocity) > 1.0f) {
        // Momentum: friction halves the speed about every 0.17 s.
        st.offset += st.velocity * dt;
        st.velocity *= std::exp(-4.0f * dt);
        if (std::fabs(st.velocity) < ui.px(20)) st.velocity = 0.0f;
        ui.requestFrame();
    }
    st.held = held;
    if (hovered && io.MouseWheel != 0.0f) st.offset -= io.MouseWheel * rowH;
    if (st.offset < 0.0f || st.offset > maxOffset) {
        st.offset = std::clamp(st.offset, 0.0f, maxOffset);
        if (!held) st.velocity = 0.0f;
    }

    const Theme& t = ui.theme();
    ImDrawList* list = window->DrawList;
    fillRoundedRect(list, bb.Min, bb.Max, t.surface, ui.px(t.rounding));
    list->PushClipRect(bb.Min, bb.Max, true);
    const auto first = static_cast<std::size_t>(std::max(0.0f, std::floor(st.offset / rowH)));
    const float pad = ui.px(16);
    for (std::size_t i = first; i < items.size(); ++i) {
        const float y = bb.Min.y + static_cast<float>(i) * rowH - st.offset;
        if (y > bb.Max.y) break;
        const ImRect row(ImVec2(bb.Min.x, y), ImVec2(bb.Max.x, y + rowH));
        if (held && !st.dragging && row.Contains(io.MouseClickedPos[0]))
            list->AddRectFilled(row.Min, row.Max, t.surfacePressed);
        const TextLayout& l = ui.layout(items[i], 0.0f, FontRole::Body);
        const float ty = std::floor(y + (rowH - l.lineHeight) * 0.5f);
        drawLayout(list, ImVec2(row.Min.x + pad, ty), l, ui.font(FontRole::Body), ui.fontSize(FontRole::Body), t.text,
                   Align::Left, 0.0f);
        // A chevron says the row leads somewhere.
        const float cx = row.Max.x - pad - ui.px(6);
        const float cy = y + rowH * 0.5f;
        list->AddLine(ImVec2(cx - ui.px(6), cy - ui.px(8)), ImVec2(cx + ui.px(2), cy), t.textMuted, ui.px(2.5f));
        list->AddLine(ImVec2(cx + ui.px(2), cy), ImVec2(cx - ui.px(6), cy + ui.px(8)), t.textMuted, ui.px(2.5f));
        if (i + 1 < items.size())
            list->AddLine(ImVec2(row.Min.x + pad, row.Max.y), ImVec2(row.Max.x - pad, row.Max.y), t.border,
                          ui.px(1));
    }
    // Where we are in the list; a hint, not a target.
    if (maxOffset > 0.0f) {
        const float track = size.y - ui.px(16);
        const float thumb = std::max(ui.px(24), track * size.y / contentH);
        const float ty = bb.Min.y + ui.px(8) + (track - thumb) * (st.offset / maxOffset);
        list->AddRectFilled(ImVec2(bb.Max.x - ui.px(6), ty), ImVec2(bb.Max.x - ui.px(2), ty + thumb), t.textMuted,
                            ui.px(2));
    }
    list->PopClipRect();
    list->AddRect(bb.Min, bb.Max, t.border, ui.px(t.rounding), 0, ui.px(t.borderWidth));
    return tapped;
}

// [SECTION] Choices

bool smileyRating(Context& ui, const char* id, int& value, float width) {
    static const core::TextPair kLabels[5] = {
        {"ไม่พอใจมาก", "Very unhappy"}, {"ไม่พอใจ", "Unhappy"}, {"เฉย ๆ", "Neutral"},
        {"พอใจ", "Happy"},           {"พอใจมาก", "Very happy"},
    };
    // Red to green, darkened enough to carry white features.
    static constexpr ImU32 kFaces[5] = {IM_COL32(200, 56, 48, 255), IM_COL32(226, 120, 40, 255),
                                        IM_COL32(214, 170, 20, 255), IM_COL32(110, 170, 50, 255),
                                        IM_COL32(36, 140, 70, 255)};
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const Theme& t = ui.theme();
    const float cellW = width / 5.0f;
    const float face = std::min(cellW * 0.8f, ui.px(76));
    float labelH = 0.0f;
    for (const core::TextPair& label : kLabels)
        labelH = std::max(labelH, ui.layout(ui.pick(label), cellW - ui.px(4), FontRole::Small).height());
    const float height = face + ui.px(8) + labelH;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    bool changed = false;
    for (int i = 0; i < 5; ++i) {
        const ImRect cell(ImVec2(origin.x + cellW * static_cast<float>(i), origin.y),
                          ImVec2(origin.x + cellW * static_cast<float>(i + 1), origin.y + height));
        ImGui::SetCursorScreenPos(cell.Min);
        const Press p = pressable(cell, window->GetID(i));
        if (p.pressed && value != i + 1) {
            value = i + 1;
            changed = true;
        }
        ImDrawList* list = window->DrawList;
        const bool selected = value == i + 1;
        const ImVec2 c(centreOf(cell).x, cell.Min.y + face * 0.5f);
        const float r = face * 0.5f - ui.px(4);
        if (selected) list->AddCircle(c, r + ui.px(3), t.accent, 0, ui.px(4));
        fillCircle(list, c, p.held ? r * 0.94f : r, kFaces[i]);
        const ImU32 feature = IM_COL32(255, 255, 255, 255);
        list->AddCircleFilled(ImVec2(c.x - r * 0.35f, c.y - r * 0.25f), r * 0.11f, feature);
        list->AddCircleFilled(ImVec2(c.x + r * 0.35f, c.y - r * 0.25f), r * 0.11f, feature);
        // Mouth: a quadratic curve bending from a frown (i = 0) to a smile.
        const float bend = (static_cast<float>(i) - 2.0f) * 0.22f * r;
        const float my = c.y + r * 0.35f - bend * 0.3f;
        list->AddBezierQuadratic(ImVec2(c.x - r * 0.45f, my), ImVec2(c.x, my + bend * 1.6f), ImVec2(c.x + r * 0.45f, my),
                                 feature, std::max(2.0f, r * 0.1f));
        const ImRect labelBox(ImVec2(cell.Min.x + ui.px(2), cell.Min.y + face + ui.px(4)),
                              ImVec2(cell.Max.x - ui.px(2), cell.Max.y));
        const TextLayout& l = ui.layout(ui.pick(kLabels[i]), labelBox.GetWidth(), FontRole::Small);
        drawLayout(list, labelBox.Min, l, ui.font(FontRole::Small), ui.fontSize(FontRole::Small),
                   selected ? t.accent : t.text, Align::Centre, labelBox.GetWidth());
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(origin);
    ImGui::ItemSize(ImVec2(width, height));
    return changed;
}

bool choiceChips(Context& ui, const char* id, std::span<const std::string_view> options, int& selected,
                 float width) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const Theme& t = ui.theme();
    const float chipH = ui.px(kMinTarget);
    const float gap = ui.px(10);
    const float pad = ui.px(20);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float x = 0.0f;
    float y = 0.0f;
    bool changed = false;
    ImGui::PushID(id);
    for (std::size_t i = 0; i < options.size(); ++i) {
        const std::string_view label = options[i];
        const TextLayout& l = ui.layout(label, 0.0f, FontRole::Body);
        const float w = std::min(width, l.width + pad * 2.0f);
        if (x > 0.0f && x + w > width) {
            x = 0.0f;
            y += chipH + gap;
        }
        const ImRect bb(ImVec2(origin.x + x, origin.y + y), ImVec2(origin.x + x + w, origin.y + y + chipH));
        ImGui::SetCursorScreenPos(bb.Min);
        const Press p = pressable(bb, window->GetID(static_cast<int>(i)));
        if (p.pressed && selected != static_cast<int>(i)) {
            selected = static_cast<int>(i);
            changed = true;
        }
        const bool on = selected == static_cast<int>(i);
        ImDrawList* list = window->DrawList;
        fillRoundedRect(list, bb.Min, bb.Max, on ? t.accent : (p.held ? t.surfacePressed : t.surface), chipH * 0.5f);
        list->AddRect(bb.Min, bb.Max, on ? t.accent : t.border, chipH * 0.5f, 0, ui.px(t.borderWidth));
        drawCentred(ui, list, bb, label, FontRole::Body, on ? t.accentText : t.text);
        x += w + gap;
    }
    ImGui::PopID();
    ImGui::SetCursorScreenPos(origin);
    ImGui::ItemSize(ImVec2(width, y + chipH));
    return changed;
}

void stepIndicator(Context& ui, std::span<const std::string_view> steps, int current, float width) {
    if (steps.empty()) return;
    ImDrawList* list = ImGui::GetWindowDrawList();
    const Theme& t = ui.theme();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float cellW = width / static_cast<float>(steps.size());
    const float r = ui.px(16);
    const float cy = origin.y + r + ui.px(2);
    float labelH = 0.0f;
    for (const std::string_view step : steps)
        labelH = std::max(labelH, ui.layout(step, cellW - ui.px(4), FontRole::Small).height());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const float cx = origin.x + cellW * (static_cast<float>(i) + 0.5f);
        const int idx = static_cast<int>(i);
        if (i + 1 < steps.size())
            list->AddLine(ImVec2(cx + r + ui.px(4), cy), ImVec2(cx + cellW - r - ui.px(4), cy),
                          idx < current ? t.accent : t.border, ui.px(3));
        char digit[12];
        std::snprintf(digit, sizeof digit, "%d", idx + 1);
        if (idx < current) {
            fillCircle(list, ImVec2(cx, cy), r, t.accent);
            // A tick for a finished step.
            list->AddLine(ImVec2(cx - r * 0.45f, cy), ImVec2(cx - r * 0.1f, cy + r * 0.35f), t.accentText, ui.px(3));
            list->AddLine(ImVec2(cx - r * 0.1f, cy + r * 0.35f), ImVec2(cx + r * 0.5f, cy - r * 0.35f), t.accentText,
                          ui.px(3));
        } else if (idx == current) {
            fillCircle(list, ImVec2(cx, cy), r, t.accent);
            drawCentred(ui, list, ImRect(ImVec2(cx - r, cy - r), ImVec2(cx + r, cy + r)), digit, FontRole::Small,
                        t.accentText);
        } else {
            list->AddCircle(ImVec2(cx, cy), r, t.border, 0, ui.px(2));
            drawCentred(ui, list, ImRect(ImVec2(cx - r, cy - r), ImVec2(cx + r, cy + r)), digit, FontRole::Small,
                        t.textMuted);
        }
        const TextLayout& l = ui.layout(steps[i], cellW - ui.px(4), FontRole::Small);
        drawLayout(list, ImVec2(cx - cellW * 0.5f + ui.px(2), cy + r), l, ui.font(FontRole::Small),
                   ui.fontSize(FontRole::Small), idx == current ? t.text : t.textMuted, Align::Centre,
                   cellW - ui.px(4));
    }
    ImGui::ItemSize(ImVec2(width, r * 2.0f + ui.px(2) + labelH));
}

// [SECTION] Text field

void applyKeyInput(TextEditBuffer& buffer) {
    ImGuiIO& io = ImGui::GetIO();
    for (const ImWchar c : io.InputQueueCharacters) buffer.insert(static_cast<char32_t>(c));
    io.InputQueueCharacters.resize(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) buffer.backspace();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) buffer.moveLeft();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) buffer.moveRight();
}

bool textField(Context& ui, const char* id, TextEditBuffer& buffer, std::string_view placeholder, float width,
               bool& focused) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImGuiID itemId = window->GetID(id);
    const float height = ui.px(64);
    const ImRect bb = placeItem(ImVec2(width, height));
    const Press p = pressable(bb, itemId);
    if (p.pressed) focused = true;

    const unsigned before = buffer.revision();
    if (focused) {
        applyKeyInput(buffer);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home))) buffer.moveHome();
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End))) buffer.moveEnd();
    }
    const bool changed = buffer.revision() != before;

    // The caret's x offset depends only on the content and caret, so it is
    // measured when they change and kept in ImGui's per-window storage.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID revKey = itemId + 1;
    const ImGuiID caretKey = itemId + 2;
    const ImFont* font = ui.font(FontRole::Body);
    const float size = ui.fontSize(FontRole::Body);
    const int stamp = static_cast<int>(buffer.revision() * 4 + static_cast<unsigned>(ui.theme().textSize));
    if (storage->GetInt(revKey, -1) != stamp) {
        const std::string prefix = thai::encodeUtf8(std::u32string_view(buffer.codePoints()).substr(0, buffer.caret()));
        const std::string glyphs = thai::shapeUtf8(prefix);
        storage->SetFloat(caretKey,
                          font->CalcTextSizeA(size, FLT_MAX, 0.0f, glyphs.data(), glyphs.data() + glyphs.size()).x);
        storage->SetInt(revKey, stamp);
    }
    const float caretX = storage->GetFloat(caretKey);

    const Theme& t = ui.theme();
    ImDrawList* list = window->DrawList;
    fillRoundedRect(list, bb.Min, bb.Max, t.surface, ui.px(t.rounding));
    list->AddRect(bb.Min, bb.Max, focused ? t.accent : t.border, ui.px(t.rounding), 0,
                  focused ? ui.px(t.borderWidth + 2.0f) : ui.px(t.borderWidth));
    const float pad = ui.px(14);
    const float innerW = width - pad * 2.0f;
    const bool empty = buffer.empty();
    const TextLayout& l = ui.layout(empty ? placeholder : std::string_view(buffer.utf8()), 0.0f, FontRole::Body);
    // Keep the caret in view: scroll the text left once it passes the edge.
    const float scroll = std::max(0.0f, caretX - innerW);
    const float ty = std::floor(bb.Min.y + (height - l.lineHeight) * 0.5f);
    list->PushClipRect(ImVec2(bb.Min.x + pad * 0.5f, bb.Min.y), ImVec2(bb.Max.x - pad * 0.5f, bb.Max.y), true);
    drawLayout(list, ImVec2(bb.Min.x + pad - scroll, ty), l, font, size, empty ? t.textMuted : t.text, Align::Left,
               0.0f);
    if (focused) {
        const float x = std::floor(bb.Min.x + pad + caretX - scroll);
        list->AddRectFilled(ImVec2(x, ty + size * 0.25f), ImVec2(x + ui.px(2.5f), ty + l.lineHeight - size * 0.1f),
                            t.accent);
    }
    list->PopClipRect();
    return changed;
}

// [SECTION] Overlays

DialogResult confirmDialog(Context& ui, const char* id, bool& open, const DialogText& text) {
    if (!open) return DialogResult::None;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float w = std::min(display.x * 0.86f, ui.px(560));
    const float pad = ui.px(24);
    const float innerW = w - pad * 2.0f;
    const float titleH = ui.layout(text.title, innerW, FontRole::Title).height();
    const float bodyH = ui.layout(text.body, innerW, FontRole::Body).height();
    const float buttonH = ui.px(64);
    const float h = pad * 3.0f + titleH + bodyH + buttonH + ui.px(8);

    // A window over the whole screen, in front and focused every frame: it
    // takes every touch, so nothing behind the question can be pressed. It
    // is drawn at full strength at once (ImGui's own modal dimming fades in,
    // which would cost a dozen frames on a sleeping kiosk).
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(display);
    ImGui::SetNextWindowFocus();
    constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                                        ImGuiWindowFlags_NoScrollWithMouse;
    DialogResult result = DialogResult::None;
    if (ImGui::Begin(id, nullptr, kFlags)) {
        const Theme& t = ui.theme();
        ImDrawList* list = ImGui::GetWindowDrawList();
        list->AddRectFilled(ImVec2(0, 0), display, t.overlay);
        const ImVec2 pos(std::floor((display.x - w) * 0.5f), std::floor((display.y - h) * 0.5f));
        fillRoundedRect(list, pos, ImVec2(pos.x + w, pos.y + h), t.surface, ui.px(t.rounding));
        list->AddRect(pos, ImVec2(pos.x + w, pos.y + h), t.border, ui.px(t.rounding), 0, ui.px(t.borderWidth));
        float y = pos.y + pad;
        y += ui.drawText(list, ImVec2(pos.x + pad, y), text.title, FontRole::Title, t.text, innerW);
        y += ui.px(8);
        ui.drawText(list, ImVec2(pos.x + pad, y), text.body, FontRole::Body, t.text, innerW);
        const float bw = (innerW - ui.px(16)) * 0.5f;
        ImGui::SetCursorScreenPos(ImVec2(pos.x + pad, pos.y + h - pad - buttonH));
        if (button(ui, "##cancel", text.cancel, ImVec2(bw, buttonH))) result = DialogResult::Cancelled;
        ImGui::SetCursorScreenPos(ImVec2(pos.x + pad + bw + ui.px(16), pos.y + h - pad - buttonH));
        if (button(ui, "##confirm", text.confirm, ImVec2(bw, buttonH), true)) result = DialogResult::Confirmed;
    }
    ImGui::End();
    if (result != DialogResult::None) open = false;
    return result;
}

void drawToast(Context& ui, Toast& toast) {
    if (toast.message.empty()) return;
    const double now = ImGui::GetTime();
    if (now >= toast.until) {
        toast.message.clear();
        return;
    }
    ui.requestFrameAt(toast.until);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float maxW = std::min(display.x * 0.9f, ui.px(600));
    const float pad = ui.px(16);
    const TextLayout& l = ui.layout(toast.message, maxW - pad * 2.0f, FontRole::Body);
    const float w = l.width + pad * 2.0f;
    const float h = l.height() + pad;
    const ImVec2 min(std::floor((display.x - w) * 0.5f), std::floor(display.y - h - ui.px(20)));
    ImDrawList* list = ImGui::GetForegroundDrawList();
    const Theme& t = ui.theme();
    // Inverted colours stand apart from whatever is underneath.
    fillRoundedRect(list, min, ImVec2(min.x + w, min.y + h), t.text, ui.px(t.rounding));
    drawLayout(list, ImVec2(min.x + pad, min.y + pad * 0.5f), l, ui.font(FontRole::Body), ui.fontSize(FontRole::Body),
               t.background, Align::Centre, w - pad * 2.0f);
}

bool countdownBanner(Context& ui, double deadline, double totalSeconds, float width) {
    const double now = ImGui::GetTime();
    const double left = std::max(0.0, deadline - now);
    const int seconds = static_cast<int>(std::ceil(left));
    // Redraw when the number changes, not every frame.
    ui.requestFrameAt(deadline - static_cast<double>(seconds - 1));

    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (width <= 0.0f) width = ImGui::GetContentRegionAvail().x;
    const float height = ui.px(72);
    const ImRect bb = placeItem(ImVec2(width, height));
    const Press p = pressable(bb, window->GetID("##countdown"));
    const Theme& t = ui.theme();
    ImDrawList* list = window->DrawList;
    fillRoundedRect(list, bb.Min, bb.Max, t.danger, ui.px(t.rounding));
    const float frac = totalSeconds > 0.0 ? static_cast<float>(left / totalSeconds) : 0.0f;
    // The time left as a bar, kept clear of the rounded corners.
    const float inset = ui.px(t.rounding);
    list->AddRectFilled(ImVec2(bb.Min.x + inset, bb.Max.y - ui.px(8)),
                        ImVec2(bb.Min.x + inset + (width - inset * 2.0f) * frac, bb.Max.y - ui.px(4)),
                        IM_COL32(255, 255, 255, 200));
    // The words either side of the number of seconds.
    static const core::TextPair kBefore{"ไม่มีการใช้งาน จะกลับหน้าแรกใน ", "No activity: back to the start in "};
    static const core::TextPair kAfter{" วินาที แตะที่นี่เพื่อใช้งานต่อ", " s. Touch here to continue."};
    const std::string_view before = ui.pick(kBefore);
    const std::string_view after = ui.pick(kAfter);
    char message[256];
    std::snprintf(message, sizeof message, "%.*s%d%.*s", static_cast<int>(before.size()), before.data(), seconds,
                  static_cast<int>(after.size()), after.data());
    drawCentred(ui, list, ImRect(ImVec2(bb.Min.x + ui.px(12), bb.Min.y), ImVec2(bb.Max.x - ui.px(12), bb.Max.y - ui.px(6))),
                message, FontRole::Body, IM_COL32(255, 255, 255, 255));
    return p.pressed;
}

}  // namespace fangsiang::ui
