#include "core/survey.hpp"

#include "core/catalogue.hpp"
#include "core/content_json.hpp"
#include "core/files.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <set>

namespace fangsiang::core {


const char* questionTypeName(QuestionType type) {
    switch (type) {
    case QuestionType::Rating: return "rating";
    case QuestionType::Likert: return "likert";
    case QuestionType::SingleChoice: return "single_choice";
    case QuestionType::MultipleChoice: return "multiple_choice";
    case QuestionType::Text: return "text";
    case QuestionType::Number: return "number";
    }
    return "unknown";
}

static std::optional<QuestionType> questionTypeFromName(std::string_view name) {
    for (auto type : {QuestionType::Rating, QuestionType::Likert, QuestionType::SingleChoice,
                      QuestionType::MultipleChoice, QuestionType::Text, QuestionType::Number})
        if (name == questionTypeName(type))
            return type;
    return std::nullopt;
}

// [SECTION] Loading definitions

namespace {

Result<std::vector<ChoiceOption>> parseOptions(const Json& item, const Where& where) {
    auto list = content::arrayField(item, "options", true, where);
    if (!list)
        return list.error();
    if ((*list)->size() < 2)
        return where.field("options").error("needs at least two options");
    std::vector<ChoiceOption> out;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*list)->size(); ++i) {
        const Json& option = (**list)[i];
        Where here = where.entry("options", i, content::idHint(option));
        if (!option.is_object())
            return here.error("must be an object { \"id\": …, \"label\": … }");
        auto id = content::requireId(option, "id", here);
        if (!id)
            return id.error();
        if (!ids.insert(*id).second)
            return here.field("id").error("\"" + *id + "\" is used twice");
        auto label = content::requirePair(option, "label", here);
        if (!label)
            return label.error();
        out.push_back(ChoiceOption{std::move(*id), std::move(*label)});
    }
    return out;
}

Result<ShowIf> parseShowIf(const Json& item, const Where& where, const std::vector<Question>& earlier) {
    const Where here = where.field("show_if");
    if (!item.is_object())
        return here.error(R"(must be {"question": ID, "equals"|"in"|"answered": …})");
    ShowIf showIf;
    auto question = content::requireText(item, "question", here);
    if (!question)
        return question.error();
    auto target = std::find_if(earlier.begin(), earlier.end(), [&](const Question& q) { return q.id == *question; });
    if (target == earlier.end())
        return here.field("question").error("\"" + *question + "\" is not an earlier question of this survey");
    showIf.question = *question;

    auto value = [&](const Json& v, const Where& at) -> Result<std::variant<std::int64_t, std::string>> {
        if (v.is_number_integer())
            return std::variant<std::int64_t, std::string>{v.get<std::int64_t>()};
        if (v.is_string())
            return std::variant<std::int64_t, std::string>{v.get<std::string>()};
        return at.error("must be a whole number or an option id");
    };
    const int forms = int(item.contains("equals")) + int(item.contains("in")) + int(item.contains("answered"));
    if (forms != 1)
        return here.error("give exactly one of \"equals\", \"in\" or \"answered\"");
    if (item.contains("equals")) {
        showIf.kind = ShowIf::Kind::Equals;
        auto v = value(item["equals"], here.field("equals"));
        if (!v)
            return v.error();
        showIf.values.push_back(*v);
    } else if (item.contains("in")) {
        showIf.kind = ShowIf::Kind::In;
        const Json& list = item["in"];
        if (!list.is_array() || list.empty())
            return here.field("in").error("must be a non-empty list");
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto v = value(list[i], here.field("in").index(i));
            if (!v)
                return v.error();
            showIf.values.push_back(*v);
        }
    } else {
        showIf.kind = ShowIf::Kind::Answered;
        if (!item["answered"].is_boolean() || !item["answered"].get<bool>())
            return here.field("answered").error("must be true");
    }
    return showIf;
}

Result<Question> parseQuestion(const Json& item, const Where& where, const std::vector<Question>& earlier) {
    if (!item.is_object())
        return where.error("must be an object { … }");
    Question q;
    auto id = content::requireId(item, "id", where);
    if (!id)
        return id.error();
    q.id = *id;
    auto typeName = content::requireText(item, "type", where);
    if (!typeName)
        return typeName.error();
    auto type = questionTypeFromName(*typeName);
    if (!type)
        return where.field("type").error("\"" + *typeName +
                                         "\" is not a question type (rating, likert, single_choice, multiple_choice, "
                                         "text, number)");
    q.type = *type;
    auto label = content::requirePair(item, "label", where);
    if (!label)
        return label.error();
    q.label = std::move(*label);
    if (auto it = item.find("required"); it != item.end()) {
        if (!it->is_boolean())
            return where.field("required").error("must be true or false");
        q.required = it->get<bool>();
    }

    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice: {
        auto from = content::optionalText(item, "options_from", where);
        if (!from)
            return from.error();
        if (from->has_value()) {
            if (**from != "services")
                return where.field("options_from").error("can only be \"services\"");
            if (item.contains("options"))
                return where.error("give either \"options\" or \"options_from\", not both");
            q.optionsFromServices = true;
        } else {
            auto options = parseOptions(item, where);
            if (!options)
                return options.error();
            q.options = std::move(*options);
        }
        if (q.type == QuestionType::MultipleChoice) {
            auto maxChoices = content::optionalInteger(item, "max_choices", 1, 100, where);
            if (!maxChoices)
                return maxChoices.error();
            q.maxChoices = static_cast<int>(maxChoices->value_or(0));
        }
        break;
    }
    case QuestionType::Text: {
        auto maxLength = content::optionalInteger(item, "max_length", 1, kMaxTextAnswerLength, where);
        if (!maxLength)
            return maxLength.error();
        q.maxLength = static_cast<int>(maxLength->value_or(500));
        break;
    }
    case QuestionType::Number: {
        auto min = content::requireInteger(item, "min", -1'000'000'000, 1'000'000'000, where);
        if (!min)
            return min.error();
        auto max = content::requireInteger(item, "max", -1'000'000'000, 1'000'000'000, where);
        if (!max)
            return max.error();
        if (*min > *max)
            return where.error("\"min\" is greater than \"max\"");
        q.min = *min;
        q.max = *max;
        break;
    }
    case QuestionType::Rating:
    case QuestionType::Likert:
        break;
    }

    if (auto it = item.find("show_if"); it != item.end()) {
        auto showIf = parseShowIf(*it, where, earlier);
        if (!showIf)
            return showIf.error();
        q.showIf = std::move(*showIf);
    }
    return q;
}

}  // namespace

Result<SurveyDefinition> SurveyDefinition::parse(std::string_view text, const std::string& fileName) {
    auto json = content::parseDocument(text, fileName, 1);
    if (!json)
        return json.error();
    const Where root(fileName);
    SurveyDefinition def;
    auto id = content::requireId(*json, "id", root);
    if (!id)
        return id.error();
    def.m_id = *id;
    auto version = content::requireInteger(*json, "version", 1, 1'000'000, root);
    if (!version)
        return version.error();
    def.m_version = static_cast<int>(*version);
    auto title = content::requirePair(*json, "title", root);
    if (!title)
        return title.error();
    def.m_title = std::move(*title);

    auto questions = content::arrayField(*json, "questions", true, root);
    if (!questions)
        return questions.error();
    if ((*questions)->empty())
        return root.field("questions").error("needs at least one question");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < (*questions)->size(); ++i) {
        const Json& item = (**questions)[i];
        Where here = root.entry("questions", i, content::idHint(item));
        auto question = parseQuestion(item, here, def.m_questions);
        if (!question)
            return question.error();
        if (!ids.insert(question->id).second)
            return here.field("id").error("\"" + question->id + "\" is used twice");
        def.m_questions.push_back(std::move(*question));
    }
    return def;
}

Result<SurveyDefinition> SurveyDefinition::load(const std::filesystem::path& file) {
    auto bytes = readFile(file, kMaxContentFileSize);
    if (!bytes)
        return bytes.error();
    return parse(asText(*bytes), file.filename().string());
}

Status SurveyDefinition::resolveOptions(const Catalogue& catalogue) {
    for (auto& q : m_questions) {
        if (!q.optionsFromServices)
            continue;
        if (catalogue.services().empty())
            return makeError(ErrorCode::InvalidArgument, "survey " + m_id + ": question " + q.id +
                                                             " lists the office's services, but the catalogue has none");
        q.options.clear();
        for (const auto& service : catalogue.services())
            q.options.push_back(ChoiceOption{service.id, service.name});
    }
    return Ok{};
}

const Question* SurveyDefinition::find(std::string_view id) const {
    int i = indexOf(id);
    return i < 0 ? nullptr : &m_questions[static_cast<std::size_t>(i)];
}

int SurveyDefinition::indexOf(std::string_view id) const {
    for (std::size_t i = 0; i < m_questions.size(); ++i)
        if (m_questions[i].id == id)
            return static_cast<int>(i);
    return -1;
}

// [SECTION] Responses

namespace {

bool hasOption(const Question& q, std::string_view id) {
    return std::any_of(q.options.begin(), q.options.end(), [&](const ChoiceOption& o) { return o.id == id; });
}

Status validateAnswer(const Question& q, const Answer& answer) {
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
    case QuestionType::Text: {
        const auto* v = std::get_if<std::string>(&answer);
        if (v == nullptr || !isValidUtf8(*v))
            return refuse("the answer must be text");
        if (v->find_first_not_of(" \t\r\n") == std::string::npos)
            return refuse("the answer is blank");
        if (codePointCount(*v) > static_cast<std::size_t>(q.maxLength))
            return refuse("the answer is longer than " + std::to_string(q.maxLength) + " characters");
        return Ok{};
    }
    }
    return refuse("unknown question type");
}

bool matches(const Answer& answer, const std::variant<std::int64_t, std::string>& value) {
    if (const auto* n = std::get_if<std::int64_t>(&answer))
        return std::holds_alternative<std::int64_t>(value) && std::get<std::int64_t>(value) == *n;
    if (const auto* s = std::get_if<std::string>(&answer))
        return std::holds_alternative<std::string>(value) && std::get<std::string>(value) == *s;
    if (const auto* list = std::get_if<std::vector<std::string>>(&answer))
        return std::holds_alternative<std::string>(value) &&
               std::find(list->begin(), list->end(), std::get<std::string>(value)) != list->end();
    return false;
}

}  // namespace

const Answer& SurveyResponse::answerTo(std::string_view questionId) const {
    static const Answer kNone;
    auto it = m_answers.find(questionId);
    return it == m_answers.end() ? kNone : it->second;
}

bool SurveyResponse::isShown(const Question& question) const {
    if (!question.showIf)
        return true;
    const ShowIf& cond = *question.showIf;
    // A question hangs on an earlier one; if that one is hidden, so is this.
    const Question* parent = m_definition->find(cond.question);
    if (parent == nullptr || !isShown(*parent))
        return false;
    const Answer& given = answerTo(cond.question);
    if (std::holds_alternative<std::monostate>(given))
        return false;
    if (cond.kind == ShowIf::Kind::Answered)
        return true;
    return std::any_of(cond.values.begin(), cond.values.end(), [&](const auto& v) { return matches(given, v); });
}

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
    TRY(validateAnswer(*q, value));
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
    if (q.required && isShown(q) && std::holds_alternative<std::monostate>(answerTo(q.id)))
        return makeError(ErrorCode::InvalidArgument, "question " + q.id + " needs an answer");
    return Ok{};
}

Status SurveyResponse::checkComplete() const {
    for (int i = 0; i < static_cast<int>(m_definition->questions().size()); ++i)
        TRY(checkQuestion(i));
    return Ok{};
}

Result<std::string> SurveyResponse::toPayload(std::string_view context) const {
    TRY(checkComplete());
    Json answers = Json::object();
    for (const auto& q : m_definition->questions()) {
        if (!isShown(q))
            continue;
        const Answer& a = answerTo(q.id);
        if (const auto* n = std::get_if<std::int64_t>(&a))
            answers[q.id] = *n;
        else if (const auto* s = std::get_if<std::string>(&a))
            answers[q.id] = *s;
        else if (const auto* list = std::get_if<std::vector<std::string>>(&a))
            answers[q.id] = *list;
    }
    Json payload = {{"survey", m_definition->id()}, {"version", m_definition->version()}, {"answers", answers}};
    if (!context.empty())
        payload["context"] = std::string(context);
    return payload.dump();
}

}  // namespace fangsiang::core
