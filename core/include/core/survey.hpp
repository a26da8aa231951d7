#pragma once
// The survey engine. A survey is data (docs/CONTENT.md): questions of six
// types with required flags and show-if conditions on earlier answers. A
// SurveyResponse holds one respondent's answers, refuses answers that do not
// fit their question, knows which questions are shown, and turns a finished
// response into the payload of a signed record.

#include "core/result.hpp"
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

enum class QuestionType { Rating, Likert, SingleChoice, MultipleChoice, Text, Number };

[[nodiscard]] const char* questionTypeName(QuestionType type);

struct ChoiceOption {
    std::string id;
    TextPair label;
};

// An answer: none yet, a whole number (rating, likert, number), a text or an
// option id (text, single choice), or option ids (multiple choice).
using Answer = std::variant<std::monostate, std::int64_t, std::string, std::vector<std::string>>;

struct ShowIf {
    enum class Kind { Equals, In, Answered };
    std::string question;
    Kind kind = Kind::Answered;
    std::vector<std::variant<std::int64_t, std::string>> values;  // Equals: one; In: one or more
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
    std::optional<ShowIf> showIf;
};

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

private:
    std::string m_id;
    int m_version = 0;
    TextPair m_title;
    std::vector<Question> m_questions;
};

class SurveyResponse {
public:
    explicit SurveyResponse(const SurveyDefinition& definition) : m_definition(&definition) {}

    // Validates `answer` against the question (type, range, options, length)
    // and stores it; a bad answer is refused and the previous one kept.
    // Answers to questions that depend on this one and are now hidden are
    // dropped, so a hidden question never carries a stale answer.
    [[nodiscard]] Status answer(std::string_view questionId, Answer answer);
    void clear(std::string_view questionId);
    [[nodiscard]] const Answer& answerTo(std::string_view questionId) const;

    [[nodiscard]] bool isShown(const Question& question) const;
    // Index of the first shown question after `index` (-1 for the start), or
    // -1 when there is none. previousShown likewise backwards.
    [[nodiscard]] int nextShown(int index) const;
    [[nodiscard]] int previousShown(int index) const;
    // Whether the flow may leave question `index`: not when it is required,
    // shown and unanswered.
    [[nodiscard]] Status checkQuestion(int index) const;
    // Every shown required question answered; the error names the first that is not.
    [[nodiscard]] Status checkComplete() const;

    // {"survey": id, "version": n, "answers": {...}} with shown answers only.
    [[nodiscard]] Result<std::string> toPayload(std::string_view context = {}) const;
    [[nodiscard]] const SurveyDefinition& definition() const { return *m_definition; }

private:
    void dropHiddenAnswers();
    const SurveyDefinition* m_definition;
    std::map<std::string, Answer, std::less<>> m_answers;
};

}  // namespace fangsiang::core
