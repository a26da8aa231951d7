#pragma once
// Field mode as the tests, the power-cut writer and the benchmark drive it:
// the demo's buyer survey, a store in a temporary folder, and a respondent
// who gives a valid answer to every question shown.

#include "kiosk/drafts.hpp"
#include "kiosk/field_backend.hpp"
#include "kiosk/field_flow.hpp"
#include "kiosk/store.hpp"

#include "core/files.hpp"
#include "core/survey.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace fangsiang::test {

inline core::SurveyDefinition buyerSurvey(const std::filesystem::path& assets) {
    return core::SurveyDefinition::load(assets / "content" / "surveys" / "product-buyer.json").value();
}

// The buyer survey without its pages: every question on a screen of its
// own, as a survey that declares no pages is asked.
inline core::SurveyDefinition buyerSurveyOnePerScreen(const std::filesystem::path& assets) {
    auto bytes = core::readFile(assets / "content" / "surveys" / "product-buyer.json", 1 << 20).value();
    auto json = nlohmann::json::parse(bytes.begin(), bytes.end());
    json.erase("pages");
    for (auto& q : json["questions"])
        q.erase("page");
    return core::SurveyDefinition::parse(json.dump(), "product-buyer-one-per-screen.json").value();
}

// A valid answer to `q` (the first option, the top of a scale, the least
// number); none for optional texts, which a respondent skips.
inline core::Answer someAnswer(const core::Question& q, int respondent) {
    switch (q.type) {
    case core::QuestionType::Rating: return std::int64_t{1 + respondent % 5};
    case core::QuestionType::Likert: return std::int64_t{1 + (respondent + 2) % 5};
    case core::QuestionType::SingleChoice:
        return q.options[static_cast<std::size_t>(respondent) % q.options.size()].id;
    case core::QuestionType::MultipleChoice: return std::vector<std::string>{q.options.front().id};
    case core::QuestionType::Text:
        if (!q.required)
            return {};
        return std::string("ok");
    case core::QuestionType::Number: return q.min + respondent % (q.max - q.min + 1);
    case core::QuestionType::Decimal: return q.lowest;
    case core::QuestionType::Note: return {};
    }
    return {};
}

// Answers the question on screen, or every question of the page on screen
// (in order, so a question an answer shows is answered too), and moves on;
// false when none is up.
inline bool answerOne(kiosk::FieldFlow& flow, int respondent, std::int64_t nowMs) {
    const core::Question* q = flow.currentQuestion();
    if (q == nullptr)
        return false;
    if (flow.page() != nullptr) {
        for (std::size_t i = 0; i < flow.pageQuestions().size(); ++i) {
            const core::Question* onPage = flow.pageQuestions()[i];
            core::Answer a = someAnswer(*onPage, respondent);
            if (!std::holds_alternative<std::monostate>(a))
                flow.answerOnPage(onPage->id, std::move(a), nowMs);
        }
        flow.next(nowMs);
        return true;
    }
    core::Answer a = someAnswer(*q, respondent);
    if (!std::holds_alternative<std::monostate>(a))
        flow.answer(std::move(a), nowMs);
    flow.next(nowMs);
    return true;
}

// The session's context of the buyer survey: at the Sunday market.
inline void chooseSundayMarket(kiosk::FieldFlow& flow, std::int64_t nowMs) {
    flow.answer(std::string("sunday-market"), nowMs);
    flow.next(nowMs);
    while (flow.screen() == kiosk::FieldScreen::Context)
        flow.next(nowMs);  // the optional producer group, left empty
}

}  // namespace fangsiang::test
