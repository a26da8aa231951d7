// Welcome (the greeting, the start target and the office's announcements)
// and Home (a tile per flow).

#include "screens_internal.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace fangsiang::ui::detail {

namespace {

constexpr Icon kTileIcons[4] = {Icon::Services, Icon::Complaint, Icon::Survey, Icon::Status};

// [SECTION] Announcements

// The office's announcements as cards between `min` and `max`. When they do
// not all fit, they take turns: a new set every kAnnouncementTurnMs, with
// dots in the first card's corner saying how many there are. A long body is
// cut at a line (offices keep them short: docs/CONTENT.md).
constexpr std::int64_t kAnnouncementTurnMs = 12'000;
constexpr int kAnnouncementBodyLines = 3;

void announcementCards(Ctx& c, ImVec2 min, ImVec2 max) {
    const auto& all = c.view.announcements;
    const Theme& t = c.theme();
    ImDrawList* list = c.draw();
    const float pad = c.ui.px(10);
    const float bar = c.ui.px(6);
    const float gap = c.ui.px(10);
    const float dotStep = c.ui.px(14);
    const float textX = min.x + bar + pad * 1.5f;
    const float textW = max.x - pad - textX;

    auto layoutOf = [&](const core::Announcement& a, float titleW) {
        return std::pair<const TextLayout*, const TextLayout*>(&c.ui.layout(c.pick(a.title), titleW, FontRole::Body),
                                                               &c.ui.layout(c.pick(a.body), textW, FontRole::Small));
    };
    float total = 0.0f;
    for (const auto& a : all) {
        auto [title, body] = layoutOf(a, textW);
        const int lines = std::min(kAnnouncementBodyLines, static_cast<int>(body->lines.size()));
        total += 2.0f * pad + title->height() + static_cast<float>(lines) * body->lineHeight + gap;
    }
    const bool turns = total - gap > max.y - min.y;
    const float dotsW = turns ? dotStep * static_cast<float>(all.size()) + pad : 0.0f;
    const std::size_t first =
        turns ? static_cast<std::size_t>((c.now / kAnnouncementTurnMs) % static_cast<std::int64_t>(all.size())) : 0;

    float y = min.y;
    std::size_t shown = 0;  // cards drawn: all[first], all[first + 1], ... (wrapping)
    for (std::size_t k = 0; k < all.size(); ++k) {
        const core::Announcement& a = all[(first + k) % all.size()];
        // The first card leaves room in its corner for the dots.
        auto [title, body] = layoutOf(a, k == 0 ? textW - dotsW : textW);
        const int wanted = std::min(kAnnouncementBodyLines, static_cast<int>(body->lines.size()));
        const float room = max.y - y - 2.0f * pad - title->height();
        const int lines = std::min(wanted, static_cast<int>(std::floor(room / std::max(body->lineHeight, 1.0f))));
        if (lines < 1 || (k > 0 && lines < wanted))
            break;  // the first card may be cut short; the others show whole or wait their turn
        const float h = 2.0f * pad + title->height() + static_cast<float>(lines) * body->lineHeight;
        list->AddRectFilled(ImVec2(min.x, y), ImVec2(max.x, y + h), t.surface, c.ui.px(8));
        list->AddRect(ImVec2(min.x, y), ImVec2(max.x, y + h), t.border, c.ui.px(8), 0, c.ui.px(t.borderWidth));
        list->AddRectFilled(ImVec2(min.x, y), ImVec2(min.x + bar, y + h), t.accent, c.ui.px(8),
                            ImDrawFlags_RoundCornersLeft);
        drawLayout(list, ImVec2(textX, y + pad), *title, c.ui.font(FontRole::Body), c.ui.fontSize(FontRole::Body),
                   t.accent, Align::Left, title->width);
        drawLayout(list, ImVec2(textX, y + pad + title->height()), *body, c.ui.font(FontRole::Small),
                   c.ui.fontSize(FontRole::Small), t.text, Align::Left, textW, static_cast<std::size_t>(lines));
        ++shown;
        y += h + gap;
    }
    if (!turns || shown == 0)
        return;  // all on screen, or no room for any
    // One dot per announcement in the first card's corner, filled for those
    // on screen now.
    const float r = c.ui.px(4);
    const float dy = min.y + pad + c.ui.layout(c.pick(all[first].title), textW - dotsW, FontRole::Body).lineHeight * 0.5f;
    float dx = max.x - pad - dotStep * static_cast<float>(all.size()) + dotStep * 0.5f;
    for (std::size_t i = 0; i < all.size(); ++i, dx += dotStep) {
        if ((i + all.size() - first) % all.size() < shown)
            list->AddCircleFilled(ImVec2(dx, dy), r, t.accent, 12);
        else
            list->AddCircle(ImVec2(dx, dy), r, t.textMuted, 12, c.ui.px(1.5f));
    }
    const std::int64_t next = (c.now / kAnnouncementTurnMs + 1) * kAnnouncementTurnMs;
    c.ui.requestFrameAt(ImGui::GetTime() + static_cast<double>(next - c.now) / 1000.0);
}

}  // namespace

// [SECTION] Welcome and Home

constexpr float kStaffPressSeconds = 3.0f;

void welcomeScreen(Ctx& c) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const Theme& t = c.theme();
    // The switches come before the full-screen start target, so a touch on
    // one of them is theirs (ImGui gives a point to the first item there).
    displaySwitches(c, display.x - c.ui.px(6), c.ui.px(8), t.accent, t.background);
    float bottom = display.y;
    if (!c.view.status.th.empty()) {
        // For the office's staff: whether records are reaching the hub.
        const float w = display.x - c.ui.px(24);
        const TextLayout& l = c.ui.layout(c.pick(c.view.status), w, FontRole::Small);
        bottom -= l.height() + c.ui.px(8);
        c.text(ImVec2(c.ui.px(12), bottom), c.pick(c.view.status), FontRole::Small, w, Align::Centre, t.textMuted);
    }
    const bool notices = !c.view.announcements.empty();
    const float w = display.x - c.ui.px(64);
    const float x = c.ui.px(32);
    // With announcements the greeting moves to the top (beside the
    // switches, which sit at the right) to leave them room.
    float y = notices ? c.ui.px(12) : display.y * 0.22f;
    const core::TextPair& office = c.flow.catalogue().office().name;
    const float officeY = y + c.ui.layout(inBoth(words::kHome.welcome, "  "), w, FontRole::Body).height() + c.ui.px(8);
    // For the office's staff: holding the office's name for 3 seconds asks
    // for the staff PIN; a short touch there starts like anywhere else.
    ImGui::SetCursorScreenPos(ImVec2(x, officeY));
    const bool officeTapped =
        ImGui::InvisibleButton("office", ImVec2(w, c.ui.layout(office.th, w, FontRole::Title).height()));
    c.mark("office");
    if (ImGui::IsItemActive()) {
        if (ImGui::GetIO().MouseDownDuration[0] >= kStaffPressSeconds && !c.view.staffRequested)
            c.view.staffRequested = true;
        c.ui.requestFrame();  // keep counting the press
    }
    if (officeTapped && !c.view.staffRequested)
        c.flow.start(c.now);
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("start", display))
        c.flow.start(c.now);
    c.mark("start");
    y += c.text(ImVec2(x, y), inBoth(words::kHome.welcome, "  "), FontRole::Body, w, Align::Centre, t.textMuted);
    y += c.ui.px(8);
    y += c.text(ImVec2(x, y), office.th, FontRole::Title, w, Align::Centre);
    y += c.text(ImVec2(x, y), office.en, FontRole::Body, w, Align::Centre, t.textMuted);
    y += c.ui.px(notices ? 24 : 40);
    // The start button grows with the text size.
    const TextLayout& startTh = c.ui.layout(words::kHome.start.th, w * 0.7f, FontRole::Title);
    const TextLayout& startEn = c.ui.layout(words::kHome.start.en, w * 0.7f, FontRole::Small);
    const float bh = std::max(c.ui.px(88), c.ui.px(20) + startTh.height() + startEn.height());
    c.draw()->AddRectFilled(ImVec2(x + w * 0.15f, y), ImVec2(x + w * 0.85f, y + bh), t.accent, c.ui.px(16));
    float ty = y + (bh - startTh.height() - startEn.height()) * 0.5f;
    ty += c.text(ImVec2(x + w * 0.15f, ty), words::kHome.start.th, FontRole::Title, w * 0.7f, Align::Centre, t.accentText);
    c.text(ImVec2(x + w * 0.15f, ty), words::kHome.start.en, FontRole::Small, w * 0.7f, Align::Centre, t.accentText);
    if (notices)
        announcementCards(c, ImVec2(x, y + bh + c.ui.px(14)), ImVec2(x + w, bottom - c.ui.px(6)));
}

void homeScreen(Ctx& c) {
    const Area a = header(c, c.pick(c.flow.catalogue().office().name), true);
    const float gap = c.ui.px(12);
    const int cols = a.width() > c.ui.px(900) ? 4 : 2;
    const int rows = 4 / cols;
    const float top = a.min.y + a.pad;
    const float tileW = (a.width() - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float tileH = (a.max.y - top - a.pad - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    static const char* kIds[4] = {"tile:services", "tile:complaint", "tile:survey", "tile:ticket"};
    for (int i = 0; i < 4; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(a.left() + static_cast<float>(i % cols) * (tileW + gap),
                                         top + static_cast<float>(i / cols) * (tileH + gap)));
        const bool pressed = tileButton(c.ui, kIds[i], kTileIcons[i], c.pick(words::kHome.tiles[i]), ImVec2(tileW, tileH));
        c.mark(kIds[i]);
        if (!pressed)
            continue;
        switch (i) {
        case 0: c.flow.openServices(c.now); break;
        case 1: c.flow.openComplaint(c.now); break;
        case 2: c.flow.openSurvey(c.now); break;
        default: c.flow.openTicketCheck(c.now); break;
        }
    }
}

}  // namespace fangsiang::ui::detail
