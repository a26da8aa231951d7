#pragma once
// The survey engine. A survey is data (docs/CONTENT.md): questions of eight
// types with required flags, show-if conditions on earlier answers,
// constraints with their messages, pages that group questions shown
// together, and the questions a field session asks once (its context) with
// optional quotas. A SurveyResponse holds one respondent's answers, refuses
// answers that do not fit their question, knows which questions are shown,
// and turns a finished response into the payload of a signed record.

#include "core/result.hpp"
#include "core/survey_condition.hpp"
#include "core/text_pair.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fangsiang::core {

class Catalogue;

// Note shows its label and takes no answer; Decimal answers are doubles.
enum class QuestionType { Rating, Likert, SingleChoice, MultipleChoice, Text, Number, Decimal, Note };

[[nodiscard]] const char* questionTypeName(QuestionType type);

struct ChoiceOption {
    std::string id;
    TextPair label;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::Rating;
    TextPair label;
    bool required = false;
    std::vector<ChoiceOption> options;
    bool optionsFromServices = false;  // filled from the catalogue by resolveOptions()
    int maxChoices = 0;                // multiple choice; 0 = any number
    int maxLength = 500;               // text, in characters (code points)
    std::int64_t min = 0, max = 0;     // number
    double lowest = 0, highest = 0;    // decimal
    int decimals = 2;                  // decimal: digits after the point at most
    std::optional<TextPair> hint;
    std::optional<Condition> showIf;
    std::optional<Condition> constraint;  // what an answer must satisfy
    std::optional<TextPair> constraintMessage;
    Answer defaultAnswer;  // given before the respondent answers; monostate for none
    int page = -1;         // index into SurveyDefinition::pages(), -1 for none
};

// Questions shown together on one screen: consecutive questions naming the
// page. Its show_if hides them all.
struct SurveyPage {
    std::string id;
    TextPair title;
    std::optional<Condition> showIf;
    int first = 0;  // index of its first question
    int count = 0;
};

// A target number of responses for each value of one session question
// ("40 at the Sunday market, 25 at the fair").
struct Quota {
    std::string question;  // a session question: single choice, text or number
    std::vector<std::pair<ConditionValue, int>> targets;
};

struct QuotaProgress {
    ConditionValue value;
    int target = 0;
    int done = 0;
    int remaining = 0;  // target - done, never below 0
    bool met = false;
};

// Responses counted so far for each value of the quota's question (as the
// store counts them); values without a target are ignored.
[[nodiscard]] std::vector<QuotaProgress> quotaProgress(const Quota& quota,
                                                       const std::vector<std::pair<ConditionValue, int>>& counts);
// All targets of the quota met.
[[nodiscard]] bool quotaMet(const std::vector<QuotaProgress>& progress);

inline constexpr int kMaxTextAnswerLength = 2000;

class SurveyDefinition {
public:
    [[nodiscard]] static Result<SurveyDefinition> parse(std::string_view json, const std::string& fileName);
    [[nodiscard]] static Result<SurveyDefinition> load(const std::filesystem::path& file);

    // Fills the options of `options_from: "services"` questions from the
    // catalogue. Fails when the catalogue has no services.
    [[nodiscard]] Status resolveOptions(const Catalogue& catalogue);

    [[nodiscard]] const std::string& id() const { return m_id; }
    [[nodiscard]] int version() const { return m_version; }
    [[nodiscard]] const TextPair& title() const { return m_title; }
    [[nodiscard]] const std::vector<Question>& questions() const { return m_questions; }
    [[nodiscard]] const Question* find(std::string_view id) const;
    [[nodiscard]] int indexOf(std::string_view id) const;  // -1 when absent
    [[nodiscard]] const std::vector<SurveyPage>& pages() const { return m_pages; }

    // The questions a field session asks once (village, market, product…),
    // as a survey of their own whose answers go with every response; null
    // when the survey declares none.
    [[nodiscard]] const SurveyDefinition* session() const { return m_session.empty() ? nullptr : &m_session.front(); }
    [[nodiscard]] const std::vector<Quota>& quotas() const { return m_quotas; }

private:
    friend struct SurveyParser;
    std::string m_id;
    int m_version = 0;
    TextPair m_title;
    std::vector<Question> m_questions;
    std::vector<SurveyPage> m_pages;
    std::vector<SurveyDefinition> m_session;  // none or one
    std::vector<Quota> m_quotas;
};

class SurveyResponse {
public:
    // Starts with the questions' defaults (those shown).
    explicit SurveyResponse(const SurveyDefinition& definition);

    // Validates `answer` against the question (type, range, options, length,
    // then its constraint) and stores it; a bad answer is refused and the
    // previous one kept.
    // Answers to questions that depend on this one and are now hidden are
    // dropped, so a hidden question never carries a stale answer.
    [[nodiscard]] Status answer(std::string_view questionId, Answer answer);
    void clear(std::string_view questionId);
    [[nodiscard]] const Answer& answerTo(std::string_view questionId) const;
    // Whether `answer` to `question` satisfies its constraint (true when it
    // has none); the flow shows the constraint's message when it does not.
    [[nodiscard]] bool meetsConstraint(const Question& question, const Answer& answer) const;

    [[nodiscard]] bool isShown(const Question& question) const;
    // Index of the first shown question after `index` (-1 for the start), or
    // -1 when there is none. previousShown likewise backwards.
    [[nodiscard]] int nextShown(int index) const;
    [[nodiscard]] int previousShown(int index) const;
    // Whether the flow may leave question `index`: not when it is required,
    // shown and unanswered, nor when its answer no longer meets its
    // constraint (an earlier answer it compares with changed).
    [[nodiscard]] Status checkQuestion(int index) const;
    // Every shown required question answered; the error names the first that is not.
    [[nodiscard]] Status checkComplete() const;

    // {"survey": id, "version": n, "answers": {...}} with shown answers only;
    // with `session`, its answers as "session": {...} (it must be complete
    // and answer this survey's session questions).
    [[nodiscard]] Result<std::string> toPayload(std::string_view context = {},
                                                const SurveyResponse* session = nullptr) const;
    // The shown answers as a JSON object text, by question id.
    [[nodiscard]] std::string answersJson() const;
    [[nodiscard]] const SurveyDefinition& definition() const { return *m_definition; }

private:
    void dropHiddenAnswers();
    const SurveyDefinition* m_definition;
    std::map<std::string, Answer, std::less<>> m_answers;
};

}  // namespace fangsiang::core
