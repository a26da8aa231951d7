#include "core/survey.hpp"

#include "core/content_json.hpp"
#include "core/utf8.hpp"
#include "survey_parse.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace fangsiang::core {

// [SECTION] Responses

namespace {

std::string formatDecimal(double value) {
    Json number = value;
    return number.dump();
}

bool hasOption(const Question& q, std::string_view id) {
    return std::any_of(q.options.begin(), q.options.end(), [&](const ChoiceOption& o) { return o.id == id; });
}

}  // namespace

Status detail::validateAnswer(const Question& q, const Answer& answer) {
    auto refuse = [&](const std::string& why) {
        return makeError(ErrorCode::InvalidArgument, "question " + q.id + ": " + why);
    };
    switch (q.type) {
    case QuestionType::Rating:
    case QuestionType::Likert: {
        const auto* v = std::get_if<std::int64_t>(&answer);
        if (v == nullptr || *v < 1 || *v > 5)
            return refuse("the answer must be a level from 1 to 5");
        return Ok{};
    }
    case QuestionType::Number: {
        const auto* v = std::get_if<std::int64_t>(&answer);
        if (v == nullptr || *v < q.min || *v > q.max)
            return refuse("the answer must be a number from " + std::to_string(q.min) + " to " + std::to_string(q.max));
        return Ok{};
    }
    case QuestionType::SingleChoice: {
        const auto* v = std::get_if<std::string>(&answer);
        if (v == nullptr || !hasOption(q, *v))
            return refuse("the answer must be one of the question's options");
        return Ok{};
    }
    case QuestionType::MultipleChoice: {
        const auto* v = std::get_if<std::vector<std::string>>(&answer);
        if (v == nullptr || v->empty())
            return refuse("choose at least one option");
        std::set<std::string> seen;
        for (const auto& id : *v)
            if (!hasOption(q, id) || !seen.insert(id).second)
                return refuse("\"" + id + "\" is not an option, or is chosen twice");
        if (q.maxChoices > 0 && static_cast<int>(v->size()) > q.maxChoices)
            return refuse("choose at most " + std::to_string(q.maxChoices));
        return Ok{};
    }
    case QuestionType::Decimal: {
        const auto* v = std::get_if<double>(&answer);
        if (v == nullptr || !std::isfinite(*v) || *v < q.lowest || *v > q.highest)
            return refuse("the answer must be a number from " + formatDecimal(q.lowest) + " to " +
                          formatDecimal(q.highest));
        const double scaled = *v * std::pow(10.0, q.decimals);
        if (std::abs(scaled - std::round(scaled)) > 1e-6 * std::max(1.0, std::abs(scaled)))
            return refuse("the answer may have at most " + std::to_string(q.decimals) + " digits after the point");
        return Ok{};
    }
    case QuestionType::Note: return refuse("a note takes no answer");
    case QuestionType::Text: {
        const auto* v = std::get_if<std::string>(&answer);
        if (v == nullptr || !isValidUtf8(*v))
            return refuse("the answer must be text");
        if (isBlank(*v))
            return refuse("the answer is blank");
        if (codePointCount(*v) > static_cast<std::size_t>(q.maxLength))
            return refuse("the answer is longer than " + std::to_string(q.maxLength) + " characters");
        return Ok{};
    }
    }
    return refuse("unknown question type");
}


const Answer& SurveyResponse::answerTo(std::string_view questionId) const {
    static const Answer kNone;
    auto it = m_answers.find(questionId);
    return it == m_answers.end() ? kNone : it->second;
}

SurveyResponse::SurveyResponse(const SurveyDefinition& definition) : m_definition(&definition) {
    for (const auto& q : definition.questions())
        if (!std::holds_alternative<std::monostate>(q.defaultAnswer) && isShown(q) &&
            meetsConstraint(q, q.defaultAnswer))
            m_answers.insert_or_assign(q.id, q.defaultAnswer);
}

// A hidden question never keeps an answer (dropHiddenAnswers), and conditions
// name only earlier questions, so a condition on a hidden question sees no
// answer: a question hanging on a hidden one is hidden too.
bool SurveyResponse::isShown(const Question& question) const {
    auto lookup = [this](std::string_view id) -> const Answer& { return answerTo(id); };
    if (question.page >= 0) {
        const SurveyPage& page = m_definition->pages()[static_cast<std::size_t>(question.page)];
        if (page.showIf && !evaluate(*page.showIf, lookup))
            return false;
    }
    return !question.showIf || evaluate(*question.showIf, lookup);
}

bool SurveyResponse::meetsConstraint(const Question& question, const Answer& answer) const {
    if (!question.constraint)
        return true;
    auto lookup = [&](std::string_view id) -> const Answer& {
        return id.empty() || id == question.id ? answer : answerTo(id);
    };
    return evaluate(*question.constraint, lookup);
}

namespace {

Error constraintRefusal(const Question& q, std::string_view what) {
    return makeError(ErrorCode::InvalidArgument,
                     "question " + q.id + ": " + std::string(what) +
                         (q.constraintMessage ? q.constraintMessage->en : "it is outside what the question allows"));
}

}  // namespace

void SurveyResponse::dropHiddenAnswers() {
    for (const auto& q : m_definition->questions())
        if (!isShown(q))
            m_answers.erase(q.id);
}

Status SurveyResponse::answer(std::string_view questionId, Answer value) {
    const Question* q = m_definition->find(questionId);
    if (q == nullptr)
        return makeError(ErrorCode::NotFound, "survey " + m_definition->id() + " has no question " +
                                                  std::string(questionId));
    if (!isShown(*q))
        return makeError(ErrorCode::InvalidArgument, "question " + q->id + " is not shown for the answers so far");
    if (const auto* whole = std::get_if<std::int64_t>(&value); whole != nullptr && q->type == QuestionType::Decimal)
        value = static_cast<double>(*whole);
    TRY(detail::validateAnswer(*q, value));
    if (!meetsConstraint(*q, value))
        return constraintRefusal(*q, "the answer is refused: ");
    m_answers.insert_or_assign(q->id, std::move(value));
    dropHiddenAnswers();
    return Ok{};
}

void SurveyResponse::clear(std::string_view questionId) {
    auto it = m_answers.find(questionId);
    if (it != m_answers.end())
        m_answers.erase(it);
    dropHiddenAnswers();
}

int SurveyResponse::nextShown(int index) const {
    const auto& qs = m_definition->questions();
    for (int i = index + 1; i < static_cast<int>(qs.size()); ++i)
        if (isShown(qs[static_cast<std::size_t>(i)]))
            return i;
    return -1;
}

int SurveyResponse::previousShown(int index) const {
    const auto& qs = m_definition->questions();
    for (int i = std::min(index, static_cast<int>(qs.size())) - 1; i >= 0; --i)
        if (isShown(qs[static_cast<std::size_t>(i)]))
            return i;
    return -1;
}

Status SurveyResponse::checkQuestion(int index) const {
    const auto& qs = m_definition->questions();
    if (index < 0 || index >= static_cast<int>(qs.size()))
        return makeError(ErrorCode::InvalidArgument, "no question " + std::to_string(index));
    const Question& q = qs[static_cast<std::size_t>(index)];
    if (!isShown(q))
        return Ok{};
    const Answer& given = answerTo(q.id);
    if (q.required && std::holds_alternative<std::monostate>(given))
        return makeError(ErrorCode::InvalidArgument, "question " + q.id + " needs an answer");
    if (!std::holds_alternative<std::monostate>(given) && !meetsConstraint(q, given))
        return constraintRefusal(q, "the answer no longer fits: ");
    return Ok{};
}

Status SurveyResponse::checkComplete() const {
    for (int i = 0; i < static_cast<int>(m_definition->questions().size()); ++i)
        TRY(checkQuestion(i));
    return Ok{};
}

namespace {

Json shownAnswers(const SurveyResponse& response) {
    Json answers = Json::object();
    for (const auto& q : response.definition().questions()) {
        if (!response.isShown(q))
            continue;
        const Answer& a = response.answerTo(q.id);
        if (const auto* n = std::get_if<std::int64_t>(&a))
            answers[q.id] = *n;
        else if (const auto* d = std::get_if<double>(&a))
            answers[q.id] = *d;
        else if (const auto* s = std::get_if<std::string>(&a))
            answers[q.id] = *s;
        else if (const auto* list = std::get_if<std::vector<std::string>>(&a))
            answers[q.id] = *list;
    }
    return answers;
}

}  // namespace

std::string SurveyResponse::answersJson() const {
    return shownAnswers(*this).dump();
}

Result<std::string> SurveyResponse::toPayload(std::string_view context, const SurveyResponse* session) const {
    TRY(checkComplete());
    Json payload = {{"survey", m_definition->id()},
                    {"version", m_definition->version()},
                    {"answers", shownAnswers(*this)}};
    if (!context.empty())
        payload["context"] = std::string(context);
    if (session != nullptr) {
        const SurveyDefinition* expected = m_definition->session();
        if (expected == nullptr || session->definition().id() != expected->id() ||
            session->definition().questions().size() != expected->questions().size())
            return makeError(ErrorCode::InvalidArgument, "survey " + m_definition->id() +
                                                             ": the session's answers are not for this survey");
        TRY(session->checkComplete());
        payload["session"] = shownAnswers(*session);
    }
    return payload.dump();
}

}  // namespace fangsiang::core
