// Field mode: the session's choices, the respondent loop and the drafts,
// with the session's counters always under the header.

#include "screens_internal.hpp"
#include "words_staff.hpp"

#include "screens/field_screens.hpp"

#include <ctime>

namespace fangsiang::ui {

namespace {

using kiosk::FieldFlow;
using kiosk::FieldScreen;
using detail::Area;
using detail::DrawCtx;
namespace w = words;

struct FieldCtx : DrawCtx {
    FieldCtx(Context& u, FieldFlow& f, FieldView& v, std::int64_t n) : DrawCtx{u, v.base, n}, flow(f), field(v) {}
    FieldFlow& flow;
    FieldView& field;
};

std::string clockText(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm at{};
    localtime_r(&t, &at);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d/%d %02d:%02d", at.tm_mday, at.tm_mon + 1, at.tm_hour, at.tm_min);
    return buf;
}

std::string numbered(std::string_view label, std::uint64_t n) { return std::string(label) + " " + std::to_string(n); }

// [SECTION] The frame: header, then the counters once a survey is chosen

// `lead` goes first on the counters' line (a question's number), so a
// question screen spends no line of its own on it.
Area frame(FieldCtx& c, std::string_view title, bool withBack = true, const std::string& lead = {}) {
    detail::HeaderTouches touched;
    Area a = detail::headerBar(c, title, withBack, c.flow.display(), touched, true);
    if (touched.language)
        c.flow.setLanguage(c.flow.display().language == core::Language::Thai ? core::Language::English
                                                                              : core::Language::Thai,
                           c.now);
    if (touched.back)
        c.flow.back(c.now);
    if (c.flow.survey() == nullptr)
        return a;
    const kiosk::FieldCounts& n = c.flow.counts();
    std::string line = lead.empty() ? std::string() : lead + "  ·  ";
    line += numbered(c.pick(w::kField.session), static_cast<std::uint64_t>(n.session)) + "  ·  " +
                       numbered(c.pick(w::kField.today), static_cast<std::uint64_t>(n.today)) + "  ·  " +
                       numbered(c.pick(w::kField.waiting), n.waiting) + "  ·  " + numbered(c.pick(w::kField.sent), n.sent);
    if (const kiosk::Enumerator* e = c.flow.enumerator())
        line += "  ·  " + e->name;
    const float h = c.text(ImVec2(a.left(), a.min.y + c.ui.px(2)), line, FontRole::Small, a.width(), Align::Left,
                           c.theme().textMuted);
    a.min.y += h + c.ui.px(2);
    c.draw()->AddRectFilled(ImVec2(a.left(), a.min.y), ImVec2(a.right(), a.min.y + c.ui.px(1)), c.theme().border);
    return a;
}

bool wideButton(FieldCtx& c, const std::string& id, std::string_view label, ImVec2 pos, float width, bool primary = false) {
    ImGui::SetCursorScreenPos(pos);
    const bool pressed = button(c.ui, id.c_str(), label, ImVec2(width, c.ui.px(kMinTarget + 8)), primary);
    c.mark(id);
    return pressed;
}

// [SECTION] The session

void enumeratorScreen(FieldCtx& c) {
    const Area a = frame(c, c.pick(w::kField.title), false);
    float y = a.min.y + a.pad * 0.5f;
    y += c.text(ImVec2(a.left(), y), c.pick(w::kField.whoCollects), FontRole::Title, a.width());
    std::vector<std::string_view> rows;
    for (const kiosk::Enumerator& e : c.flow.enumerators())
        rows.push_back(e.name);
    const float buttonsTop = a.max.y - a.pad - c.ui.px(kMinTarget + 8);
    const int tapped = detail::rowList(c, "enumerators", rows, ImVec2(a.left(), y), ImVec2(a.width(), buttonsTop - y - a.pad * 0.5f));
    if (tapped >= 0)
        c.flow.chooseEnumerator(c.flow.enumerators()[static_cast<std::size_t>(tapped)].id, c.now);
    const float half = (a.width() - c.ui.px(12)) * 0.5f;
    const std::string drafts = numbered(c.pick(w::kField.drafts), c.flow.drafts().size());
    if (wideButton(c, "drafts", drafts, ImVec2(a.left(), buttonsTop), half))
        c.flow.openDrafts(c.now);
    if (wideButton(c, "staff", c.pick(w::kField.staffMenu), ImVec2(a.right() - half, buttonsTop), half))
        c.field.staffRequested = true;
}

void surveyScreen(FieldCtx& c) {
    const Area a = frame(c, c.pick(w::kField.title));
    float y = a.min.y + a.pad * 0.5f;
    y += c.text(ImVec2(a.left(), y), c.pick(w::kField.whichSurvey), FontRole::Title, a.width());
    std::vector<std::string_view> rows;
    for (const core::SurveyDefinition* s : c.flow.surveys())
        rows.push_back(c.pick(s->title()));
    const int tapped = detail::rowList(c, "surveys", rows, ImVec2(a.left(), y), ImVec2(a.width(), a.max.y - a.pad - y));
    if (tapped >= 0)
        c.flow.chooseSurvey(c.flow.surveys()[static_cast<std::size_t>(tapped)]->id(), c.now);
}

// A question of the context or of the survey, with its counter and next.
void questionScreen(FieldCtx& c, std::string_view title, const core::TextPair& lastLabel) {
    const core::Question* q = c.flow.currentQuestion();
    const kiosk::StepInfo step = c.flow.step();
    const std::string counter = std::string(c.pick(w::kSurvey.questionOf)) + " " + std::to_string(step.current) +
                                " / " + std::to_string(step.total);
    const Area a = frame(c, title, true, counter);
    if (q == nullptr || c.flow.answers() == nullptr)
        return;
    float y = a.min.y + a.pad * 0.25f;
    // A typed answer needs the room above the keyboard: its question is in body text.
    y += c.text(ImVec2(a.left(), y), c.pick(q->label), detail::typedQuestion(*q) ? FontRole::Body : FontRole::Title,
                a.width());
    const core::TextPair& nextLabel =
        c.flow.typing() ? w::kFrame.done : c.flow.onLastQuestion() ? lastLabel : w::kFrame.next;
    const bool done = detail::questionBody(c, a, y, *q, c.flow.answers()->answerTo(q->id),
                                           [&](core::Answer answer) { c.flow.answer(std::move(answer), c.now); });
    if (detail::typedQuestion(*q)) {
        if (detail::buttonBesideField(c, a, "next", nextLabel, c.ui.px(140)) || done)
            c.flow.next(c.now);
    } else if (detail::primaryBottomButton(c, a, nextLabel, "next")) {
        c.flow.next(c.now);
    }
}

// A page of the survey: its questions together (field_page.cpp).
void pageScreen(FieldCtx& c, const core::TextPair& lastLabel) {
    const kiosk::StepInfo step = c.flow.step();
    const std::string counter = std::string(c.pick(w::kSurvey.questionOf)) + " " + std::to_string(step.current) +
                                " / " + std::to_string(step.total);
    const Area a = frame(c, c.flow.survey() != nullptr ? c.pick(c.flow.survey()->title()) : "", true, counter);
    if (c.flow.page() == nullptr)
        return;  // back was touched in the header
    if (detail::fieldPage(c, c.flow, c.field.page, a, c.flow.onLastQuestion() ? lastLabel : w::kFrame.next))
        c.flow.next(c.now);
}

void readyScreen(FieldCtx& c) {
    const core::SurveyDefinition* survey = c.flow.survey();
    const Area a = frame(c, c.pick(survey->title()));
    const Theme& t = c.theme();
    float y = a.min.y + a.pad * 0.5f;
    // The session's context, as answered once.
    if (const core::SurveyResponse* context = c.flow.sessionAnswers()) {
        std::string line;
        for (const core::Question& q : context->definition().questions()) {
            const core::Answer& given = context->answerTo(q.id);
            std::string value;
            if (const auto* id = std::get_if<std::string>(&given)) {
                value = *id;
                for (const core::ChoiceOption& o : q.options)
                    if (o.id == *id)
                        value = std::string(c.pick(o.label));
            } else if (const auto* n = std::get_if<std::int64_t>(&given)) {
                value = std::string(c.pick(q.label)) + " " + std::to_string(*n);
            }
            if (!value.empty())
                line += (line.empty() ? "" : "  ·  ") + value;
        }
        if (!line.empty())
            y += c.text(ImVec2(a.left(), y), line, FontRole::Title, a.width(), Align::Left, t.accent) + c.ui.px(4);
    }
    if (const core::Question* q = c.flow.quotaQuestion(); q != nullptr && !c.flow.quota().empty()) {
        y += c.text(ImVec2(a.left(), y), c.pick(w::kField.quota), FontRole::Body, a.width());
        for (const core::QuotaProgress& p : c.flow.quota()) {
            std::string label;
            if (const auto* id = std::get_if<std::string>(&p.value)) {
                label = *id;
                for (const core::ChoiceOption& o : q->options)
                    if (o.id == *id)
                        label = std::string(c.pick(o.label));
            } else if (const auto* n = std::get_if<std::int64_t>(&p.value)) {
                label = std::to_string(*n);
            }
            const std::string progress = std::to_string(p.done) + " / " + std::to_string(p.target) + "  " +
                                         (p.met ? std::string(c.pick(w::kField.met))
                                                : std::string(c.pick(w::kField.remaining)) + " " + std::to_string(p.remaining));
            const float rowW = a.width() * 0.62f;
            c.text(ImVec2(a.left(), y), label, FontRole::Small, rowW);
            const float progressW = c.ui.layout(progress, a.width() - rowW, FontRole::Small).width;
            const float h = c.text(ImVec2(a.right() - progressW, y), progress, FontRole::Small, progressW + 1.0f,
                                   Align::Left, p.met ? t.accent : t.text);
            // A bar of the share done.
            const float share = p.target > 0 ? std::min(1.0f, static_cast<float>(p.done) / static_cast<float>(p.target)) : 1.0f;
            const float barY = y + h;
            c.draw()->AddRectFilled(ImVec2(a.left(), barY), ImVec2(a.right(), barY + c.ui.px(4)), t.border);
            c.draw()->AddRectFilled(ImVec2(a.left(), barY), ImVec2(a.left() + a.width() * share, barY + c.ui.px(4)), t.accent);
            y = barY + c.ui.px(10);
        }
    }
    const float bh = c.ui.px(kMinTarget + 8);
    const float gap = c.ui.px(12);
    const float bottom = a.max.y - a.pad - bh;
    const float third = (a.width() - 2 * gap) / 3.0f;
    if (wideButton(c, "start-respondent", c.pick(w::kField.startRespondent), ImVec2(a.left(), bottom - bh - gap),
                   a.width(), true))
        c.flow.startRespondent(c.now);
    if (wideButton(c, "drafts", numbered(c.pick(w::kField.drafts), c.flow.drafts().size()), ImVec2(a.left(), bottom), third))
        c.flow.openDrafts(c.now);
    if (wideButton(c, "staff", c.pick(w::kField.staffMenu), ImVec2(a.left() + third + gap, bottom), third))
        c.field.staffRequested = true;
    if (wideButton(c, "end-session", c.pick(w::kField.endSession), ImVec2(a.right() - third, bottom), third))
        c.flow.endSession(c.now);
}

void draftsScreen(FieldCtx& c) {
    const Area a = frame(c, c.pick(w::kField.drafts));
    float y = a.min.y + a.pad * 0.5f;
    if (c.flow.drafts().empty()) {
        c.text(ImVec2(a.left(), y), c.pick(w::kField.noDrafts), FontRole::Body, a.width());
        return;
    }
    const float bw = c.ui.px(120);
    const float bh = c.ui.px(kMinTarget + 8);
    const float gap = c.ui.px(10);
    std::string resumeId, discardId;
    for (const kiosk::Draft& d : c.flow.drafts()) {
        if (y + bh > a.max.y - a.pad)
            break;  // the oldest wait below; resuming or discarding makes room
        std::string title = d.surveyId;
        for (const core::SurveyDefinition* s : c.flow.surveys())
            if (s->id() == d.surveyId)
                title = std::string(c.pick(s->title()));
        // No answer is shown: only when, by whom and how far.
        const std::string line = std::string(c.pick(w::kField.started)) + " " + clockText(d.startedMs) + " · " +
                                 std::string(c.pick(w::kField.answered)) + " " + std::to_string(d.answered) + " · " +
                                 d.enumeratorId;
        const float textW = a.width() - 2 * bw - 2 * gap;
        // One line of the title, ending in "…" at a word when it is longer.
        const float titleH = c.text(ImVec2(a.left(), y), c.ui.clampedLines(title, textW, FontRole::Small, 1).front(),
                                    FontRole::Small, textW + 1.0f);
        c.text(ImVec2(a.left(), y + titleH), line, FontRole::Small, textW, Align::Left, c.theme().textMuted);
        if (wideButton(c, "resume:" + d.id, c.pick(w::kField.resume), ImVec2(a.right() - 2 * bw - gap, y), bw, true))
            resumeId = d.id;
        if (wideButton(c, "discard:" + d.id, c.pick(w::kField.discard), ImVec2(a.right() - bw, y), bw))
            discardId = d.id;
        y += bh + gap;
    }
    // Acted on after the list is drawn: either changes the list.
    if (!resumeId.empty())
        c.flow.resumeDraft(resumeId, c.now);
    else if (!discardId.empty())
        c.flow.discardDraft(discardId, c.now);
}

// [SECTION] A respondent

void consentScreen(FieldCtx& c) {
    const Area a = frame(c, c.pick(w::kField.consentTitle));
    float y = a.min.y + a.pad * 0.5f;
    c.text(ImVec2(a.left(), y), c.pick(w::kField.consentBody), FontRole::Body, a.width());
    bool declined = false, agreed = false;
    detail::bottomButtons(c, a, &w::kField.decline, "decline", declined, w::kField.agree, "agree", agreed);
    if (agreed)
        c.flow.consent(true, c.now);
    else if (declined)
        c.flow.consent(false, c.now);
}

void submittedScreen(FieldCtx& c) {
    const Area a = frame(c, c.pick(w::kField.saved), false);
    float y = a.min.y + (a.max.y - a.min.y) * 0.12f;
    y += c.text(ImVec2(a.left(), y), c.pick(w::kField.saved), FontRole::Title, a.width(), Align::Centre);
    c.text(ImVec2(a.left(), y), c.pick(w::kField.savedBody), FontRole::Body, a.width(), Align::Centre);
    bool toSession = false, next = false;
    detail::bottomButtons(c, a, &w::kField.backToSession, "back-to-session", toSession, w::kField.nextRespondent,
                          "next-respondent", next);
    if (next)
        c.flow.startRespondent(c.now);
    else if (toSession)
        c.flow.back(c.now);
}

}  // namespace

void drawFieldScreen(Context& ui, FieldFlow& flow, FieldView& view, std::int64_t nowMs) {
    ui.setLanguage(flow.display().language);
    ui.setTheme(ThemeId::Default);
    detail::beginScreenWindow(ui, "##field");
    FieldCtx c{ui, flow, view, nowMs};
    view.base.targets.clear();

    // A new screen, question or respondent: the buffers show what the flow
    // holds, and nothing of the respondent before.
    const core::Question* question = flow.currentQuestion();
    if (flow.screen() != view.shownScreen || question != view.shownQuestion || flow.respondent() != view.shownRespondent) {
        if (flow.respondent() != view.shownRespondent)
            clearKioskView(view.base);
        view.shownScreen = flow.screen();
        view.shownQuestion = question;
        view.shownRespondent = flow.respondent();
        view.base.textArea = TextAreaState{};
        view.base.list = TouchListState{};
        view.base.keyboard.shift = false;
        view.base.keyboard.layout = KeyboardLayout::Thai;
        detail::enterQuestion(view.base, question,
                              question != nullptr ? flow.answers()->answerTo(question->id) : core::Answer{});
    }

    switch (flow.screen()) {
    case FieldScreen::Enumerator: enumeratorScreen(c); break;
    case FieldScreen::Survey: surveyScreen(c); break;
    case FieldScreen::Context: questionScreen(c, c.pick(w::kField.context), w::kFrame.next); break;
    case FieldScreen::Ready: readyScreen(c); break;
    case FieldScreen::Drafts: draftsScreen(c); break;
    case FieldScreen::Consent: consentScreen(c); break;
    case FieldScreen::Question:
        if (flow.page() != nullptr)
            pageScreen(c, w::kField.submit);
        else
            questionScreen(c, flow.survey() != nullptr ? c.pick(flow.survey()->title()) : "", w::kField.submit);
        break;
    case FieldScreen::Submitted: submittedScreen(c); break;
    }

    if (const auto& notice = flow.notice(); notice) {
        const std::string text(ui.pick(*notice));
        if (text != view.base.shownNotice) {
            view.base.shownNotice = text;
            view.base.toast.show(text, ImGui::GetTime(), 4.0);
        }
    } else {
        view.base.shownNotice.clear();
    }
    drawToast(ui, view.base.toast);
    detail::endScreenWindow();
}

}  // namespace fangsiang::ui
