// A page of field mode's survey: every shown question of the page on one
// screen, one under the other, scrolling by drag when they do not fit
// (800x480 holds two or three). Choices and ratings are answered in place;
// a typed answer is a box that opens its question on a screen of its own
// with the keyboard. Which questions are shown follows the answers as they
// are given, and the question "next" found wanting is scrolled to and
// marked with its message.

#include "screens_internal.hpp"
#include "words_staff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace fangsiang::ui::detail {

namespace {

// What a typed answer shows in its box on the page.
std::string typedText(const core::Answer& given) {
    if (const auto* s = std::get_if<std::string>(&given))
        return *s;
    if (const auto* n = std::get_if<std::int64_t>(&given))
        return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&given)) {
        char buf[64];
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        return ec == std::errc() ? std::string(buf, end) : std::string();
    }
    return {};
}

// Runs `draw` (which marks targets under their plain names: "rating",
// "options"…) and files what it marked as "<question>:<name>", so two
// ratings on one page are two targets.
template <typename Draw>
void underQuestion(DrawCtx& c, const std::string& id, Draw&& draw) {
    std::map<std::string, TargetRect> kept;
    kept.swap(c.view.targets);
    ImGui::PushID(id.c_str());
    draw();
    ImGui::PopID();
    for (auto& [name, rect] : c.view.targets)
        kept[id + ":" + name] = rect;
    kept.swap(c.view.targets);
}

// As far as the page scrolls: to its end, and always far enough to put
// its last question at the top.
float maxScroll(const PageView& pv) {
    float lastTop = 0.0f;
    for (const auto& [id, place] : pv.placed)
        lastTop = std::max(lastTop, place.first);
    return std::max({0.0f, pv.contentHeight - pv.viewHeight, lastTop});
}

}  // namespace

bool fieldPage(DrawCtx& c, kiosk::FieldFlow& flow, PageView& pv, const Area& a, const core::TextPair& nextLabel) {
    const core::SurveyPage* page = flow.page();
    const core::SurveyResponse* answers = flow.answers();
    if (page == nullptr || answers == nullptr)
        return false;
    const Theme& t = c.theme();
    if (pv.shownPage != page) {
        pv = PageView{};
        pv.shownPage = page;
    }
    float top = a.min.y + a.pad * 0.25f;
    top += c.text(ImVec2(a.left(), top), c.pick(page->title), FontRole::Title, a.width());
    const float buttonH = c.ui.px(kMinTarget + 8);
    // Room under the view for the line that says more questions are below.
    const float hintH = c.ui.layout(c.pick(words::kPage.moreBelow), a.width(), FontRole::Small).height();
    const float bottom = a.max.y - a.pad - buttonH - a.pad * 0.25f - hintH;
    pv.viewHeight = std::max(1.0f, bottom - top);
    pv.viewTop = top;
    pv.viewBottom = bottom;

    // A drag that began on the page scrolls it.
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 pressedAt = io.MouseClickedPos[0];
    const bool inView = pressedAt.x >= a.min.x && pressedAt.x <= a.max.x && pressedAt.y >= top && pressedAt.y <= bottom;
    if (inView && ImGui::IsMouseDragging(0, c.ui.px(10))) {
        pv.scroll -= io.MouseDelta.y;
        pv.dragging = true;
    } else if (pv.dragging && !io.MouseDown[0]) {
        // Let go: the view settles with a question at its top edge, so no
        // row is left cut through its Thai marks.
        pv.dragging = false;
        float nearest = pv.scroll;
        for (const auto& [id, place] : pv.placed)
            if (std::abs(place.first - pv.scroll) < std::abs(nearest - pv.scroll) || nearest == pv.scroll)
                nearest = place.first;
        pv.scroll = nearest;
    }
    // "Next" found a question wanting: bring it into view, once.
    if (flow.wanting() != pv.shownWanting) {
        pv.shownWanting = flow.wanting();
        if (auto it = pv.placed.find(flow.wanting()); it != pv.placed.end()) {
            const auto [qTop, qBottom] = it->second;
            if (qTop < pv.scroll || qBottom > pv.scroll + pv.viewHeight)
                pv.scroll = qTop;
        }
    }
    pv.scroll = std::clamp(pv.scroll, 0.0f, maxScroll(pv));

    // Drawn and touched only inside the view (ImGui clips hovering as well).
    ImGui::PushClipRect(ImVec2(a.min.x, top), ImVec2(a.max.x, bottom), true);
    const float gap = c.ui.px(14);
    float y = 0.0f;  // in the page's content
    pv.placed.clear();
    for (const core::Question* q : flow.pageQuestions()) {
        const float qTop = y;
        const float sy = top + y - pv.scroll;
        const bool wanting = q->id == flow.wanting();
        const std::string label = std::string(c.pick(q->label)) + (q->required ? " *" : "");
        float h = c.text(ImVec2(a.left(), sy), label, FontRole::Body, a.width(), Align::Left, wanting ? t.danger : t.text);
        if (wanting && flow.notice())
            h += c.text(ImVec2(a.left(), sy + h), c.pick(*flow.notice()), FontRole::Small, a.width(), Align::Left, t.danger);
        if (q->hint)
            h += c.text(ImVec2(a.left(), sy + h), c.pick(*q->hint), FontRole::Small, a.width(), Align::Left, t.textMuted);
        const core::Answer& given = answers->answerTo(q->id);
        float bodyBottom = sy + h;
        if (typedQuestion(*q)) {
            // A box with the answer so far; a touch opens it with the keyboard.
            const std::string shown = typedText(given);
            const std::string id = q->id + ":field";
            ImGui::SetCursorScreenPos(ImVec2(a.left(), sy + h + c.ui.px(4)));
            const std::string text = shown.empty() ? std::string(c.pick(words::kPage.tapToType)) : shown;
            if (button(c.ui, id.c_str(), text, ImVec2(a.width(), c.ui.px(kMinTarget + 8)))) {
                pv.follow = q->id;  // once typed, the question after it comes into view
                pv.followFrames = 2;
                flow.typeOnPage(q->id, c.now);
            }
            c.mark(id);
            bodyBottom = ImGui::GetItemRectMax().y;
        } else if (q->type != core::QuestionType::Note) {
            // A long list keeps five rows on the page and scrolls within them.
            Area qa = a;
            qa.min.y = sy + h;
            qa.max.y = sy + h + c.ui.px(kMinTarget + 8) * 5.0f + a.pad * 1.5f + c.ui.px(kMinTarget + 8);
            const float listTop = sy + h;
            underQuestion(c, q->id, [&] {
                (void)questionBody(c, qa, listTop, *q, given, [&](core::Answer answer) {
                    flow.answerOnPage(q->id, std::move(answer), c.now);
                    pv.follow = q->id;
                    pv.followFrames = 2;
                });
            });
            bodyBottom = std::max(sy + h, ImGui::GetItemRectMax().y);
        }
        y = bodyBottom - top + pv.scroll + gap;
        pv.placed.emplace(q->id, std::make_pair(qTop, y - gap));
    }
    ImGui::PopClipRect();
    pv.contentHeight = std::max(0.0f, y - gap);
    // After an answer, the next question of the page comes into view by
    // itself (one it has just shown too), so answering top to bottom needs
    // no drag. Done once this frame has placed what the answer showed.
    if (!pv.follow.empty() && !flow.typing()) {
        const std::pair<float, float>* following = nullptr;
        if (auto it = pv.placed.find(pv.follow); it != pv.placed.end()) {
            const float after = it->second.first;
            for (const auto& [id, place] : pv.placed)
                if (place.first > after && (following == nullptr || place.first < following->first))
                    following = &place;
        }
        if (following != nullptr) {
            if (following->second > pv.scroll + pv.viewHeight) {
                // The highest question top that still shows all of the next one.
                float to = following->first;
                for (const auto& [id, place] : pv.placed)
                    if (place.first >= following->second - pv.viewHeight && place.first < to)
                        to = place.first;
                pv.scroll = std::clamp(to, 0.0f, maxScroll(pv));
            }
            pv.follow.clear();
        } else if (--pv.followFrames <= 0) {
            pv.follow.clear();  // the last question of the page: nothing follows
        }
        c.ui.requestFrame();
    }
    // More below or above: a bar at the right edge shows where the view is.
    if (pv.contentHeight > pv.viewHeight + 1.0f) {
        const float barX = a.max.x - c.ui.px(6);
        const float total = std::max(pv.contentHeight, pv.scroll + pv.viewHeight);
        const float share = pv.viewHeight / total;
        const float barTop = top + (bottom - top) * (pv.scroll / total);
        c.draw()->AddRectFilled(ImVec2(barX, top), ImVec2(barX + c.ui.px(4), bottom), t.border, c.ui.px(2));
        c.draw()->AddRectFilled(ImVec2(barX, barTop), ImVec2(barX + c.ui.px(4), barTop + (bottom - top) * share), t.accent,
                                c.ui.px(2));
        if (pv.scroll + pv.viewHeight < pv.contentHeight - 1.0f)
            c.text(ImVec2(a.left(), bottom), c.pick(words::kPage.moreBelow), FontRole::Small, a.width(),
                   Align::Left, t.textMuted);
    }
    return primaryBottomButton(c, a, nextLabel, "next");
}

}  // namespace fangsiang::ui::detail
