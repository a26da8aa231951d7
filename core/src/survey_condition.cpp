#include "survey_parse.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace fangsiang::core {

namespace {

using Op = Condition::Op;

struct OpName {
    Op op;
    const char* name;
};

constexpr std::array<OpName, 13> kOpNames{{
    {Op::All, "all"},
    {Op::Any, "any"},
    {Op::Not, "not"},
    {Op::Equals, "equals"},
    {Op::NotEquals, "not_equals"},
    {Op::In, "in"},
    {Op::Less, "less_than"},
    {Op::AtMost, "at_most"},
    {Op::Greater, "greater_than"},
    {Op::AtLeast, "at_least"},
    {Op::Selected, "selected"},
    {Op::Answered, "answered"},
    {Op::NotAnswered, "not_answered"},
}};

std::optional<double> numberOf(const Answer& answer) {
    if (const auto* n = std::get_if<std::int64_t>(&answer))
        return static_cast<double>(*n);
    if (const auto* d = std::get_if<double>(&answer))
        return *d;
    return std::nullopt;
}

std::optional<double> numberOf(const ConditionValue& value) {
    if (const auto* n = std::get_if<std::int64_t>(&value))
        return static_cast<double>(*n);
    if (const auto* d = std::get_if<double>(&value))
        return *d;
    return std::nullopt;
}

bool matches(const Answer& answer, const ConditionValue& value) {
    if (auto n = numberOf(answer)) {
        auto v = numberOf(value);
        return v && *v == *n;
    }
    const auto* text = std::get_if<std::string>(&value);
    if (text == nullptr)
        return false;
    if (const auto* s = std::get_if<std::string>(&answer))
        return *s == *text;
    if (const auto* list = std::get_if<std::vector<std::string>>(&answer))
        return std::find(list->begin(), list->end(), *text) != list->end();
    return false;
}

bool compare(Op op, const Answer& answer, const ConditionValue& value) {
    auto a = numberOf(answer);
    auto v = numberOf(value);
    if (!a || !v)
        return false;
    switch (op) {
    case Op::Less: return *a < *v;
    case Op::AtMost: return *a <= *v;
    case Op::Greater: return *a > *v;
    case Op::AtLeast: return *a >= *v;
    default: return false;
    }
}

bool leafHolds(const Condition& c, const Answer& answer) {
    const bool answered = !std::holds_alternative<std::monostate>(answer);
    if (c.op == Op::Answered)
        return answered;
    if (c.op == Op::NotAnswered)
        return !answered;
    if (!answered || c.values.empty())
        return false;
    switch (c.op) {
    case Op::Equals:
    case Op::Selected: return matches(answer, c.values.front());
    case Op::NotEquals: return !matches(answer, c.values.front());
    case Op::In:
        return std::any_of(c.values.begin(), c.values.end(), [&](const auto& v) { return matches(answer, v); });
    default: return compare(c.op, answer, c.values.front());
    }
}

void collectQuestions(const Condition& c, std::vector<std::string>& out) {
    if (!c.question.empty() && std::find(out.begin(), out.end(), c.question) == out.end())
        out.push_back(c.question);
    for (const auto& child : c.children)
        collectQuestions(child, out);
}

}  // namespace

const char* conditionOpName(Condition::Op op) {
    for (const auto& entry : kOpNames)
        if (entry.op == op)
            return entry.name;
    return "unknown";
}

bool evaluate(const Condition& condition, const AnswerLookup& answers) {
    switch (condition.op) {
    case Op::All:
        return std::all_of(condition.children.begin(), condition.children.end(),
                           [&](const Condition& c) { return evaluate(c, answers); });
    case Op::Any:
        return std::any_of(condition.children.begin(), condition.children.end(),
                           [&](const Condition& c) { return evaluate(c, answers); });
    case Op::Not: return !condition.children.empty() && !evaluate(condition.children.front(), answers);
    default: return leafHolds(condition, answers(condition.question));
    }
}

std::vector<std::string> conditionQuestions(const Condition& condition) {
    std::vector<std::string> out;
    collectQuestions(condition, out);
    return out;
}

// [SECTION] Reading conditions

namespace detail {

namespace {

bool isNumeric(QuestionType type) {
    return type == QuestionType::Rating || type == QuestionType::Likert || type == QuestionType::Number ||
           type == QuestionType::Decimal;
}

bool isChoice(QuestionType type) {
    return type == QuestionType::SingleChoice || type == QuestionType::MultipleChoice;
}

std::string inQuotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

const char* kConditionShape =
    R"(must be a condition: {"question": ID, "equals": …}, {"all": […]}, {"any": […]} or {"not": {…}})";

class ConditionReader {
public:
    explicit ConditionReader(const ConditionScope& scope) : m_scope(scope) {}

    Result<Condition> read(const Json& item, const Where& where, int depth) {
        if (depth > kMaxConditionDepth)
            return where.error("nests conditions more than " + std::to_string(kMaxConditionDepth) + " deep");
        if (!item.is_object())
            return where.error(kConditionShape);
        for (Op op : {Op::All, Op::Any, Op::Not})
            if (item.contains(conditionOpName(op)))
                return readGroup(item, op, where, depth);
        return readLeaf(item, where);
    }

private:
    Result<Condition> readGroup(const Json& item, Op op, const Where& where, int depth) {
        const char* key = conditionOpName(op);
        if (item.size() != 1)
            return where.error(std::string("\"") + key + "\" stands alone: give nothing else beside it");
        const Json& inner = item[key];
        Condition c;
        c.op = op;
        if (op == Op::Not) {
            c.children.push_back(TRY(read(inner, where.field(key), depth + 1)));
            return c;
        }
        if (!inner.is_array() || inner.size() < 2)
            return where.field(key).error("must be a list of at least two conditions");
        for (std::size_t i = 0; i < inner.size(); ++i)
            c.children.push_back(TRY(read(inner[i], where.field(key).index(i), depth + 1)));
        return c;
    }

    Result<const Question*> target(const Json& item, const Where& where) {
        if (!item.contains("question")) {
            if (m_scope.self == nullptr)
                return where.field("question").error("is missing");
            return m_scope.self;
        }
        auto id = TRY(content::requireText(item, "question", where));
        for (const auto& q : m_scope.earlier)
            if (q.id == id)
                return &q;
        if (m_scope.self != nullptr && m_scope.self->id == id)
            return m_scope.self;
        return where.field("question").error(inQuotes(id) + " is not an earlier question of this survey");
    }

    Result<Condition> readLeaf(const Json& item, const Where& where) {
        if (++m_leaves > kMaxConditionLeaves)
            return where.error("the condition tests more than " + std::to_string(kMaxConditionLeaves) + " answers");
        std::optional<Op> found;
        int forms = 0;
        for (auto it = item.begin(); it != item.end(); ++it) {
            const std::string& key = it.key();
            if (key == "question")
                continue;
            auto entry = std::find_if(kOpNames.begin() + 3, kOpNames.end(), [&](const OpName& n) { return key == n.name; });
            if (entry == kOpNames.end())
                return where.field(key).error("is not part of a condition (equals, not_equals, in, less_than, at_most, "
                                              "greater_than, at_least, selected, answered, not_answered)");
            found = entry->op;
            ++forms;
        }
        if (forms != 1)
            return where.error("give exactly one of \"equals\", \"in\", \"answered\" or another test, beside "
                               "\"question\"");
        const Question* q = TRY(target(item, where));
        Condition c;
        c.op = *found;
        if (item.contains("question"))
            c.question = q->id;  // else: the answer a constraint checks
        const char* key = conditionOpName(c.op);
        const Where here = where.field(key);
        if (q->type == QuestionType::Note)
            return where.field("question").error(inQuotes(q->id) + " is a note and has no answer to test");
        switch (c.op) {
        case Op::Answered:
        case Op::NotAnswered: {
            auto flag = JsonFields(item, where).optionalBoolean(key);
            if (!flag || !flag->value_or(false))
                return here.error("must be true");
            return c;
        }
        case Op::In: {
            const Json& list = item[key];
            if (!list.is_array() || list.empty())
                return here.error("must be a non-empty list");
            for (std::size_t i = 0; i < list.size(); ++i)
                c.values.push_back(TRY(conditionValue(list[i], *q, here.index(i))));
            return c;
        }
        case Op::Less:
        case Op::AtMost:
        case Op::Greater:
        case Op::AtLeast:
            if (!isNumeric(q->type))
                return here.error(inQuotes(q->id) + " is a " + questionTypeName(q->type) +
                                  " question; only numbers can be compared (rating, likert, number, decimal)");
            break;
        case Op::Selected:
            if (!isChoice(q->type))
                return here.error(inQuotes(q->id) + " is a " + questionTypeName(q->type) +
                                  " question; only choices can be selected");
            break;
        default: break;
        }
        c.values.push_back(TRY(conditionValue(item[key], *q, here)));
        return c;
    }

    const ConditionScope& m_scope;
    std::size_t m_leaves = 0;
};

}  // namespace

Result<ConditionValue> conditionValue(const Json& value, const Question& q, const Where& where) {
    switch (q.type) {
    case QuestionType::Rating:
    case QuestionType::Likert:
    case QuestionType::Number:
        if (!value.is_number_integer())
            return where.error(inQuotes(q.id) + " is a " + questionTypeName(q.type) + " question: give a whole number");
        return ConditionValue{value.get<std::int64_t>()};
    case QuestionType::Decimal:
        if (value.is_number_integer())
            return ConditionValue{value.get<std::int64_t>()};
        if (!value.is_number() || !std::isfinite(value.get<double>()))
            return where.error(inQuotes(q.id) + " is a decimal question: give a number");
        return ConditionValue{value.get<double>()};
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice: {
        if (!value.is_string())
            return where.error(inQuotes(q.id) + " is a choice question: give one of its option ids");
        auto id = value.get<std::string>();
        const bool known = q.optionsFromServices || std::any_of(q.options.begin(), q.options.end(),
                                                                [&](const ChoiceOption& o) { return o.id == id; });
        if (!known)
            return where.error(inQuotes(id) + " is not an option of " + inQuotes(q.id));
        return ConditionValue{std::move(id)};
    }
    case QuestionType::Text:
        if (!value.is_string())
            return where.error(inQuotes(q.id) + " is a text question: give a text");
        return ConditionValue{value.get<std::string>()};
    case QuestionType::Note: break;
    }
    return where.error(inQuotes(q.id) + " is a note and has no answer to test");
}

Result<Condition> parseCondition(const Json& item, const Where& where, const ConditionScope& scope) {
    ConditionReader reader(scope);
    return reader.read(item, where, 1);
}

}  // namespace detail

}  // namespace fangsiang::core
