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

using content::EntryNames;
using ShowIfValue = std::variant<std::int64_t, std::string>;

Result<std::vector<ChoiceOption>> parseOptions(const Json& item, const Where& where) {
    auto list = TRY(content::arrayField(item, "options", true, where));
    if (list->size() < 2)
        return where.field("options").error("needs at least two options");
    content::UniqueIds ids;
    auto parseOption = [&](const Json& option, const Where& here) -> Result<ChoiceOption> {
        TRY(content::requireObject(option, here, "{ \"id\": …, \"label\": … }"));
        auto id = TRY(ids.take(option, here));
        auto label = TRY(content::requirePair(option, "label", here));
        return ChoiceOption{std::move(id), std::move(label)};
    };
    return content::parseEntries<ChoiceOption>(*list, "options", where, EntryNames::WithId, parseOption);
}

// A value a show-if condition compares an answer with.
Result<ShowIfValue> showIfValue(const Json& value, const Where& where) {
    if (value.is_number_integer())
        return ShowIfValue{value.get<std::int64_t>()};
    if (value.is_string())
        return ShowIfValue{value.get<std::string>()};
    return where.error("must be a whole number or an option id");
}

Result<ShowIf> parseShowIf(const Json& item, const Where& where, const std::vector<Question>& earlier) {
    const Where here = where.field("show_if");
    if (!item.is_object())
        return here.error(R"(must be {"question": ID, "equals"|"in"|"answered": …})");
    ShowIf showIf;
    showIf.question = TRY(content::requireText(item, "question", here));
    if (std::none_of(earlier.begin(), earlier.end(), [&](const Question& q) { return q.id == showIf.question; }))
        return here.field("question").error("\"" + showIf.question + "\" is not an earlier question of this survey");

    const int forms = int(item.contains("equals")) + int(item.contains("in")) + int(item.contains("answered"));
    if (forms != 1)
        return here.error("give exactly one of \"equals\", \"in\" or \"answered\"");
    if (item.contains("equals")) {
        showIf.kind = ShowIf::Kind::Equals;
        showIf.values.push_back(TRY(showIfValue(item["equals"], here.field("equals"))));
    } else if (item.contains("in")) {
        showIf.kind = ShowIf::Kind::In;
        const Json& list = item["in"];
        if (!list.is_array() || list.empty())
            return here.field("in").error("must be a non-empty list");
        showIf.values = TRY(content::parseEntries<ShowIfValue>(list, "in", here, EntryNames::ByIndex, showIfValue));
    } else {
        showIf.kind = ShowIf::Kind::Answered;
        // Only `true` makes sense; anything else, even `false`, is refused in those words.
        auto answered = JsonFields(item, here).optionalBoolean("answered");
        if (!answered || !answered->value_or(false))
            return here.field("answered").error("must be true");
    }
    return showIf;
}

Result<Question> parseQuestion(const Json& item, const Where& where, const std::vector<Question>& earlier) {
    TRY(content::requireObject(item, where));
    Question q;
    q.id = TRY(content::requireId(item, "id", where));
    auto typeName = TRY(content::requireText(item, "type", where));
    auto type = questionTypeFromName(typeName);
    if (!type)
        return where.field("type").error("\"" + typeName +
                                         "\" is not a question type (rating, likert, single_choice, multiple_choice, "
                                         "text, number)");
    q.type = *type;
    q.label = TRY(content::requirePair(item, "label", where));
    q.required = TRY(JsonFields(item, where).optionalBoolean("required")).value_or(false);

    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice: {
        if (auto from = TRY(content::optionalText(item, "options_from", where))) {
            if (*from != "services")
                return where.field("options_from").error("can only be \"services\"");
            if (item.contains("options"))
                return where.error("give either \"options\" or \"options_from\", not both");
            q.optionsFromServices = true;
        } else {
            q.options = TRY(parseOptions(item, where));
        }
        if (q.type == QuestionType::MultipleChoice)
            q.maxChoices = static_cast<int>(TRY(content::optionalInteger(item, "max_choices", 1, 100, where)).value_or(0));
        break;
    }
    case QuestionType::Text:
        q.maxLength = static_cast<int>(
            TRY(content::optionalInteger(item, "max_length", 1, kMaxTextAnswerLength, where)).value_or(500));
        break;
    case QuestionType::Number: {
        q.min = TRY(content::requireInteger(item, "min", -1'000'000'000, 1'000'000'000, where));
        q.max = TRY(content::requireInteger(item, "max", -1'000'000'000, 1'000'000'000, where));
        if (q.min > q.max)
            return where.error("\"min\" is greater than \"max\"");
        break;
    }
    case QuestionType::Rating:
    case QuestionType::Likert:
        break;
    }

    if (auto it = item.find("show_if"); it != item.end())
        q.showIf = TRY(parseShowIf(*it, where, earlier));
    return q;
}

}  // namespace

Result<SurveyDefinition> SurveyDefinition::parse(std::string_view text, const std::string& fileName) {
    const auto [json, root] = TRY(content::parseDocument(text, fileName, 1));
    SurveyDefinition def;
    def.m_id = TRY(content::requireId(json, "id", root));
    def.m_version = static_cast<int>(TRY(content::requireInteger(json, "version", 1, 1'000'000, root)));
    def.m_title = TRY(content::requirePair(json, "title", root));

    auto questions = TRY(content::arrayField(json, "questions", true, root));
    if (questions->empty())
        return root.field("questions").error("needs at least one question");
    // Each question is read knowing those before it, which its show-if may name.
    content::UniqueIds ids;
    auto parseOne = [&](const Json& item, const Where& here) -> Status {
        auto question = TRY(parseQuestion(item, here, def.m_questions));
        TRY(ids.add(question.id, here));
        def.m_questions.push_back(std::move(question));
        return Ok{};
    };
    TRY(content::forEachEntry(*questions, "questions", root, EntryNames::WithId, parseOne));
    return def;
}

Result<SurveyDefinition> SurveyDefinition::load(const std::filesystem::path& file) {
    auto bytes = TRY(readFile(file, kMaxContentFileSize));
    return parse(asText(bytes), file.filename().string());
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
        if (isBlank(*v))
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
