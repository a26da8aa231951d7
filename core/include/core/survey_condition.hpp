#pragma once
// Conditions of a survey: when a question or page is shown (`show_if`) and
// what an answer must satisfy (`constraint`). A condition is a small tree:
// all / any / not over leaves that test one question's answer. Written in
// JSON (docs/CONTENT.md), checked against the survey's questions when the
// survey is loaded, and evaluated against the answers given so far.

#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fangsiang::core {

// An answer: none yet, a whole number (rating, likert, number), a text or an
// option id (text, single choice), option ids (multiple choice), or a
// decimal number (decimal).
using Answer = std::variant<std::monostate, std::int64_t, std::string, std::vector<std::string>, double>;

// A value a condition compares an answer with: a number or an option id / text.
using ConditionValue = std::variant<std::int64_t, double, std::string>;

struct Condition {
    enum class Op {
        All,          // every child holds
        Any,          // at least one child holds
        Not,          // the one child does not hold
        Equals,       // the answer is the value (for multiple choice: the value is among those chosen)
        NotEquals,    // answered, and not the value
        In,           // the answer is one of the values
        Less,         // numbers: answer < value
        AtMost,       // answer <= value
        Greater,      // answer > value
        AtLeast,      // answer >= value
        Selected,     // choice questions: the option is chosen
        Answered,     // the question has an answer
        NotAnswered,  // the question has none (or is hidden)
    };
    Op op = Op::Answered;
    // The question a leaf tests; empty in a constraint: the answer being checked.
    std::string question;
    std::vector<ConditionValue> values;  // one, or for In one or more
    std::vector<Condition> children;     // All and Any: two or more; Not: one
};

// The JSON key of each operator ("all", "equals", "at_most", …).
[[nodiscard]] const char* conditionOpName(Condition::Op op);

inline constexpr int kMaxConditionDepth = 16;
inline constexpr std::size_t kMaxConditionLeaves = 64;

// The answer to a question by id (a monostate when there is none); an empty
// id asks for the answer a constraint is checking.
using AnswerLookup = std::function<const Answer&(std::string_view questionId)>;

// A comparison on a question that has no answer is false; not_answered is
// true. `not` inverts whatever its child gives.
[[nodiscard]] bool evaluate(const Condition& condition, const AnswerLookup& answers);

// Every question a condition names, in the order it names them (no repeats).
[[nodiscard]] std::vector<std::string> conditionQuestions(const Condition& condition);

}  // namespace fangsiang::core
