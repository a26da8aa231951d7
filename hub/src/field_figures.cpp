// Field-survey figures from the aggregates (hub/field_figures.hpp).

#include "hub/field_figures.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using core::QuestionType;
using core::TextPair;

namespace {

struct Asked {
    std::string id;
    TextPair label;
    std::string type;
    std::vector<core::ChoiceOption> options;
};

const char* typeName(QuestionType type) {
    switch (type) {
        case QuestionType::SingleChoice: return "single_choice";
        case QuestionType::MultipleChoice: return "multiple_choice";
        case QuestionType::Rating: return "rating";
        case QuestionType::Likert: return "likert";
        case QuestionType::Number: return "number";
        default: return nullptr;  // texts, notes and decimals are not counted
    }
}

bool isChoice(const std::string& type) { return type == "single_choice" || type == "multiple_choice"; }

// The questions figures are made for: the definition's (session first), or
// what the counts show (numbers, else single choices).
std::vector<Asked> askedQuestions(const core::SurveyDefinition* definition, const std::vector<AnswerCount>& counts) {
    std::vector<Asked> out;
    if (definition != nullptr) {
        auto addAll = [&](const core::SurveyDefinition& d) {
            for (const auto& q : d.questions())
                if (const char* type = typeName(q.type))
                    out.push_back({q.id, q.label, type, q.options});
        };
        if (definition->session() != nullptr)
            addAll(*definition->session());
        addAll(*definition);
        return out;
    }
    std::map<std::string, bool> numeric;
    for (const auto& c : counts) {
        auto [it, fresh] = numeric.emplace(c.question, c.number);
        it->second = it->second && c.number;
    }
    for (const auto& [id, number] : numeric)
        out.push_back({id, {id, id}, number ? "number" : "single_choice", {}});
    return out;
}

// One question's answers as the counts hold them: value -> n.
struct Tally {
    std::map<std::string, std::int64_t> choices;
    std::map<std::int64_t, std::int64_t> numbers;
};

AnswerSummary summarise(const Asked& q, const Tally& t, std::int64_t denominator) {
    AnswerSummary s;
    if (isChoice(q.type)) {
        for (const auto& [value, n] : t.choices)
            s.n += n;
        const double base = static_cast<double>(q.type == "multiple_choice" ? denominator : s.n);
        auto add = [&](const std::string& id, const TextPair& label) {
            auto it = t.choices.find(id);
            const std::int64_t n = it == t.choices.end() ? 0 : it->second;
            s.options.push_back({id, label, n, base > 0 ? 100.0 * static_cast<double>(n) / base : 0});
        };
        for (const auto& o : q.options)
            add(o.id, o.label);
        for (const auto& choice : t.choices) {
            const auto& value = choice.first;  // named: clang 14 lambdas cannot capture a structured binding
            if (std::none_of(q.options.begin(), q.options.end(), [&](const auto& o) { return o.id == value; }))
                add(value, {value, value});
        }
        return s;
    }
    double sum = 0;
    for (const auto& [value, n] : t.numbers) {
        s.n += n;
        sum += static_cast<double>(value) * static_cast<double>(n);
    }
    if (s.n == 0)
        return s;
    s.min = t.numbers.begin()->first;
    s.max = t.numbers.rbegin()->first;
    s.mean = sum / static_cast<double>(s.n);
    double squares = 0;
    for (const auto& [value, n] : t.numbers)
        squares += static_cast<double>(n) * (static_cast<double>(value) - s.mean) * (static_cast<double>(value) - s.mean);
    s.sd = s.n > 1 ? std::sqrt(squares / static_cast<double>(s.n - 1)) : 0;
    // The median from the counts: the middle answer, or the mean of the two middle ones.
    auto nth = [&](std::int64_t k) {  // 0-based
        for (const auto& [value, n] : t.numbers) {
            if (k < n)
                return value;
            k -= n;
        }
        return t.numbers.rbegin()->first;
    };
    s.median = s.n % 2 == 1 ? static_cast<double>(nth(s.n / 2))
                            : (static_cast<double>(nth(s.n / 2 - 1)) + static_cast<double>(nth(s.n / 2))) / 2.0;
    return s;
}

void count(Tally& t, bool number, const std::string& value, std::int64_t n) {
    if (!number) {
        t.choices[value] += n;
        return;
    }
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec == std::errc() && ptr == value.data() + value.size())
        t.numbers[v] += n;
}

}  // namespace

core::Result<FieldFigures> fieldFigures(ReportSource& source, const FieldQuery& query,
                                        const core::SurveyDefinition* definition) {
    if (query.period.from == 0 || query.period.to < query.period.from)
        return makeError(ErrorCode::BadRequest, "the period of the report is empty");
    FieldFigures out;
    out.query = query;
    out.title = definition != nullptr ? definition->title() : TextPair{query.survey, query.survey};
    const ReportFilter filter{query.office, query.survey, query.period.from, query.period.to, std::nullopt};
    for (const auto& r : TRY(source.responses(filter)))
        out.responses += r.n;
    const auto counts = TRY(source.answerCounts(filter));
    const auto asked = askedQuestions(definition, counts);

    std::map<std::string, Tally> tallies;
    for (const auto& c : counts)
        count(tallies[c.question], c.number, c.value, c.n);
    // Numbers' means and spreads from the kept sums (the medians need the counts).
    std::map<std::string, AnswerStats> stats;
    for (const auto& s : TRY(source.answerStats(filter))) {
        auto& into = stats[s.question];
        into.n += s.n;
        into.sum += s.sum;
        into.sumSquares += s.sumSquares;
    }

    const Asked* by = nullptr;
    if (!query.by.empty()) {
        for (const auto& q : asked)
            if (q.id == query.by)
                by = &q;
        if (by == nullptr || !isChoice(by->type))
            return makeError(ErrorCode::BadRequest, "the survey " + query.survey + " has no choice question \"" +
                                                        query.by.substr(0, 64) + "\" to tabulate by");
        out.byLabel = by->label;
        out.byOptions = summarise(*by, tallies[by->id], out.responses).options;
    }
    std::map<std::string, std::map<std::string, Tally>> cross;  // question -> by option -> tally
    if (by != nullptr)
        for (const auto& c : TRY(source.crossCounts(filter, by->id)))
            count(cross[c.question][c.byValue], c.number, c.value, c.n);

    for (const auto& q : asked) {
        QuestionFigures f{q.id, q.label, q.type, summarise(q, tallies[q.id], out.responses), {}};
        if (auto it = stats.find(q.id); it != stats.end() && !isChoice(q.type) && it->second.n > 0) {
            const auto& s = it->second;
            const double n = static_cast<double>(s.n);
            f.all.mean = static_cast<double>(s.sum) / n;
            const double var = s.n > 1 ? (static_cast<double>(s.sumSquares) - static_cast<double>(s.sum) * f.all.mean) / (n - 1) : 0;
            f.all.sd = std::sqrt(std::max(var, 0.0));
        }
        if (by != nullptr && q.id != by->id)
            for (const auto& option : out.byOptions)
                f.byOption.push_back(summarise(q, cross[q.id][option.id], option.n));
        out.questions.push_back(std::move(f));
    }
    return out;
}

}  // namespace fangsiang::hub
