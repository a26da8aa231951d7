// The satisfaction survey: one question at a time, drawn for its type, and
// the thanks at the end.

#include "screens_internal.hpp"

#include <algorithm>
#include <charconv>
#include <variant>

namespace fangsiang::ui::detail {

// [SECTION] Survey

bool typedQuestion(const core::Question& q) {
    return q.type == core::QuestionType::Text || q.type == core::QuestionType::Number ||
           q.type == core::QuestionType::Decimal;
}

bool questionBody(DrawCtx& c, const Area& a, float top, const core::Question& q, const core::Answer& given,
                  const std::function<void(core::Answer)>& give) {
    const Theme& t = c.theme();
    float y = top;
    bool keyboardDone = false;
    switch (q.type) {
    case core::QuestionType::Rating: {
        int value = std::holds_alternative<std::int64_t>(given) ? static_cast<int>(std::get<std::int64_t>(given)) : 0;
        ImGui::SetCursorScreenPos(ImVec2(a.left(), y + c.ui.px(8)));
        ImGui::BeginGroup();  // the target is the whole row of faces
        const bool rated = smileyRating(c.ui, "rating", value, a.width());
        ImGui::EndGroup();
        if (rated && value >= 1)
            give(std::int64_t{value});
        c.mark("rating");
        break;
    }
    case core::QuestionType::Likert: {
        int selected = std::holds_alternative<std::int64_t>(given) ? static_cast<int>(std::get<std::int64_t>(given)) - 1 : -1;
        ImGui::SetCursorScreenPos(ImVec2(a.left(), y + c.ui.px(8)));
        ImGui::BeginGroup();  // the target is every chip together
        const bool chosen = choiceChips(c.ui, "likert", c.ui.pickEach(words::kSurvey.likert), selected, a.width());
        ImGui::EndGroup();
        if (chosen && selected >= 0)
            give(std::int64_t{selected + 1});
        c.mark("likert");
        break;
    }
    case core::QuestionType::SingleChoice: {
        std::vector<std::string_view> options;
        int selected = -1;
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            options.push_back(c.pick(q.options[i].label));
            if (std::holds_alternative<std::string>(given) && std::get<std::string>(given) == q.options[i].id)
                selected = static_cast<int>(i);
        }
        if (options.size() > 6) {
            // Long lists (the office's services) scroll; the chosen one is named above.
            if (selected >= 0)
                y += c.text(ImVec2(a.left(), y), "• " + std::string(options[static_cast<std::size_t>(selected)]),
                            FontRole::Body, a.width(), Align::Left, t.accent);
            const float bottom = a.max.y - a.pad - c.ui.px(kMinTarget + 8) - a.pad * 0.5f;
            const int tapped = rowList(c, "options", options, ImVec2(a.left(), y), ImVec2(a.width(), bottom - y));
            if (tapped >= 0)
                give(q.options[static_cast<std::size_t>(tapped)].id);
        } else {
            ImGui::SetCursorScreenPos(ImVec2(a.left(), y + c.ui.px(8)));
            ImGui::BeginGroup();
            const bool chosen = choiceChips(c.ui, "options", options, selected, a.width());
            ImGui::EndGroup();
            if (chosen && selected >= 0)
                give(q.options[static_cast<std::size_t>(selected)].id);
            c.mark("options");
        }
        break;
    }
    case core::QuestionType::MultipleChoice: {
        std::vector<std::string> chosen;
        if (std::holds_alternative<std::vector<std::string>>(given))
            chosen = std::get<std::vector<std::string>>(given);
        const float gap = c.ui.px(8);
        const float w = (a.width() - gap) * 0.5f;
        const float h = c.ui.px(kMinTarget + 4);
        y += c.ui.px(8);
        for (std::size_t i = 0; i < q.options.size(); ++i) {
            const auto& option = q.options[i];
            const bool on = std::find(chosen.begin(), chosen.end(), option.id) != chosen.end();
            ImGui::SetCursorScreenPos(ImVec2(a.left() + static_cast<float>(i % 2) * (w + gap),
                                             y + static_cast<float>(i / 2) * (h + gap)));
            const std::string id = "option:" + option.id;
            if (button(c.ui, id.c_str(), std::string(on ? "• " : "") + std::string(c.pick(option.label)), ImVec2(w, h), on)) {
                auto next = chosen;
                if (on)
                    next.erase(std::find(next.begin(), next.end(), option.id));
                else
                    next.push_back(option.id);
                if (next.empty())
                    give(core::Answer{});  // refused: a choice needs at least one option
                else
                    give(next);
            }
            c.mark(id);
        }
        break;
    }
    case core::QuestionType::Text: {
        bool changed = false;
        keyboardDone = areaWithKeyboard(c, a, y, {}, "field", c.view.answerText, "", changed,
                                        a.width() - c.ui.px(150));
        if (changed && !c.view.answerText.empty())
            give(c.view.answerText.utf8());
        break;
    }
    case core::QuestionType::Number:
    case core::QuestionType::Decimal: {
        bool changed = false;
        keyboardDone = fieldWithKeyboard(c, a, y, {}, "field", c.view.answerNumber, "", changed, c.ui.px(200));
        const std::string& text = c.view.answerNumber.utf8();
        const char* textEnd = text.data() + text.size();
        std::int64_t whole = 0;
        double decimal = 0;
        if (q.type == core::QuestionType::Number) {
            auto [end, ec] = std::from_chars(text.data(), textEnd, whole);
            if (changed && ec == std::errc() && end == textEnd)
                give(whole);
        } else if (auto [end, ec] = std::from_chars(text.data(), textEnd, decimal); changed && ec == std::errc() && end == textEnd) {
            give(decimal);
        }
        break;
    }
    case core::QuestionType::Note: break;  // the label is all there is
    }
    return keyboardDone;
}

void surveyQuestionScreen(Ctx& c) {
    const core::Question* q = c.flow.currentQuestion();
    const Area a = header(c, c.pick(c.flow.survey().definition().title()));
    if (q == nullptr)
        return;
    const Theme& t = c.theme();
    const kiosk::StepInfo step = c.flow.step();
    float y = a.min.y + a.pad * 0.5f;
    const std::string counter = std::string(c.pick(words::kSurvey.questionOf)) + " " + std::to_string(step.current) + " / " +
                                std::to_string(step.total);
    y += c.text(ImVec2(a.left(), y), counter, FontRole::Small, a.width(), Align::Left, t.textMuted);
    y += c.text(ImVec2(a.left(), y), c.pick(q->label), FontRole::Title, a.width());
    const core::Answer& given = c.flow.survey().answerTo(q->id);
    const bool last = c.flow.survey().nextShown(c.flow.survey().definition().indexOf(q->id)) < 0;
    const core::TextPair& nextLabel = last ? words::kSurvey.sendAnswers : words::kFrame.next;
    const bool keyboardDone = questionBody(c, a, y, *q, given, [&](core::Answer answer) { c.flow.answer(std::move(answer), c.now); });
    if (typedQuestion(*q)) {
        if (buttonBesideField(c, a, "next", nextLabel, c.ui.px(140)) || keyboardDone)
            c.flow.next(c.now);
    } else if (primaryBottomButton(c, a, nextLabel, "next")) {
        c.flow.next(c.now);
    }
}

void surveyThanksScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kSurvey.thanks), false);
    float y = a.min.y + (a.max.y - a.min.y) * 0.25f;
    y += c.text(ImVec2(a.left(), y), c.pick(words::kSurvey.thanks), FontRole::Title, a.width(), Align::Centre);
    c.text(ImVec2(a.left(), y), c.pick(words::kSurvey.thanksBody), FontRole::Body, a.width(), Align::Centre);
    if (primaryBottomButton(c, a, words::kFrame.done, "done"))
        c.flow.finish(c.now);
}

}  // namespace fangsiang::ui::detail
