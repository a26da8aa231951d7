#pragma once
// Reading a condition from a survey file, checked against the questions it
// may name. Shared by the survey's loader (survey.cpp) and the condition
// code (survey_condition.cpp); not part of core's interface.

#include "core/content_json.hpp"
#include "core/survey.hpp"

namespace fangsiang::core::detail {

struct ConditionScope {
    // The questions a condition may name: those before the question or page
    // it belongs to.
    const std::vector<Question>& earlier;
    // For a constraint, the question whose answer is checked (a leaf may
    // leave out "question" to mean it); null for show_if.
    const Question* self = nullptr;
};

[[nodiscard]] Result<Condition> parseCondition(const Json& item, const Where& where, const ConditionScope& scope);

// A value a condition or a default compares with, checked against the type of `question`.
[[nodiscard]] Result<ConditionValue> conditionValue(const Json& value, const Question& question, const Where& where);

// Whether `answer` fits `question`: its type, range, options and length.
[[nodiscard]] Status validateAnswer(const Question& question, const Answer& answer);

}  // namespace fangsiang::core::detail
