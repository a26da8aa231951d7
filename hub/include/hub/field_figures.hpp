#pragma once
// Field-survey figures from the aggregates (hub/report_store.hpp,
// docs/LISTENING.md "Field surveys"): per question, counts and shares for
// choices, mean, median and spread for numbers and ratings; and the
// cross-tabulation of every question by one choice question (product by
// where it was bought: online, shop, fair or market).

#include "hub/report_store.hpp"
#include "hub/satisfaction.hpp"

#include "core/survey.hpp"
#include "core/text_pair.hpp"

#include <string>
#include <vector>

namespace fangsiang::hub {

struct OptionFigure {
    std::string id;
    core::TextPair label;
    std::int64_t n = 0;
    double percent = 0;  // of the question's answers (a multiple choice: of the responses)
};

// What a set of answers to one question comes to.
struct AnswerSummary {
    std::int64_t n = 0;               // answers (a multiple choice: options chosen)
    std::vector<OptionFigure> options;  // choices
    double mean = 0, median = 0, sd = 0;  // numbers and ratings
    std::int64_t min = 0, max = 0;
};

struct QuestionFigures {
    std::string id;
    core::TextPair label;
    std::string type;  // "single_choice", "multiple_choice", "rating", "likert", "number"
    AnswerSummary all;
    // With a cross-tabulation: the same per option of the "by" question, in its order.
    std::vector<AnswerSummary> byOption;
};

struct FieldQuery {
    std::string office;
    std::string survey;
    MonthRange period;
    std::string by;  // a choice question to tabulate by; empty for none
};

struct FieldFigures {
    FieldQuery query;
    core::TextPair title;
    std::int64_t responses = 0;
    std::vector<OptionFigure> byOptions;  // the "by" question's options, with their counts
    core::TextPair byLabel;
    std::vector<QuestionFigures> questions;  // the survey's order, session questions first; texts left out
};

// BadRequest when `by` is not a choice question of the survey.
[[nodiscard]] core::Result<FieldFigures> fieldFigures(ReportSource& source, const FieldQuery& query,
                                                      const core::SurveyDefinition* definition);

}  // namespace fangsiang::hub
