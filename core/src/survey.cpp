#include "core/survey.hpp"

#include "core/catalogue.hpp"
#include "core/files.hpp"
#include "survey_parse.hpp"

#include <algorithm>
#include <cmath>
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
    case QuestionType::Decimal: return "decimal";
    case QuestionType::Note: return "note";
    }
    return "unknown";
}

static std::optional<QuestionType> questionTypeFromName(std::string_view name) {
    for (auto type : {QuestionType::Rating, QuestionType::Likert, QuestionType::SingleChoice,
                      QuestionType::MultipleChoice, QuestionType::Text, QuestionType::Number, QuestionType::Decimal,
                      QuestionType::Note})
        if (name == questionTypeName(type))
            return type;
    return std::nullopt;
}

// [SECTION] Loading definitions

namespace {

using content::EntryNames;

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

Result<double> decimalBound(const Json& item, const char* key, const Where& where) {
    const Json* value = JsonFields(item, where).find(key);
    if (value == nullptr)
        return where.field(key).error("is missing");
    if (!value->is_number() || !std::isfinite(value->get<double>()) || std::abs(value->get<double>()) > 1e12)
        return where.field(key).error("must be a number between -1000000000000 and 1000000000000");
    return value->get<double>();
}

Status parseTypeFields(const Json& item, const Where& where, Question& q) {
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
    case QuestionType::Number:
        q.min = TRY(content::requireInteger(item, "min", -1'000'000'000, 1'000'000'000, where));
        q.max = TRY(content::requireInteger(item, "max", -1'000'000'000, 1'000'000'000, where));
        if (q.min > q.max)
            return where.error("\"min\" is greater than \"max\"");
        break;
    case QuestionType::Decimal:
        q.lowest = TRY(decimalBound(item, "min", where));
        q.highest = TRY(decimalBound(item, "max", where));
        q.decimals = static_cast<int>(TRY(content::optionalInteger(item, "decimals", 0, 6, where)).value_or(2));
        if (q.lowest > q.highest)
            return where.error("\"min\" is greater than \"max\"");
        break;
    case QuestionType::Rating:
    case QuestionType::Likert:
    case QuestionType::Note:
        break;
    }
    return Ok{};
}

// A default is written as the answer would be: a number, an option id, or a
// list of option ids for multiple choice.
Result<Answer> parseDefault(const Json& value, const Question& q, const Where& where) {
    Answer answer;
    if (q.type == QuestionType::MultipleChoice) {
        if (!value.is_array())
            return where.error("must be a list of option ids");
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < value.size(); ++i)
            ids.push_back(std::get<std::string>(TRY(detail::conditionValue(value[i], q, where.index(i)))));
        answer = std::move(ids);
    } else {
        auto v = TRY(detail::conditionValue(value, q, where));
        if (const auto* n = std::get_if<std::int64_t>(&v))
            answer = q.type == QuestionType::Decimal ? Answer{static_cast<double>(*n)} : Answer{*n};
        else if (const auto* d = std::get_if<double>(&v))
            answer = *d;
        else
            answer = std::get<std::string>(v);
    }
    if (auto ok = detail::validateAnswer(q, answer); !ok)
        return where.error(ok.error().message);
    return answer;
}

// What a note may not have, since it takes no answer.
Status noteFieldsRefused(const Json& item, const Where& where) {
    for (const char* key : {"required", "constraint", "constraint_message", "default"})
        if (item.contains(key))
            return where.field(key).error("a note takes no answer, so it cannot have one");
    return Ok{};
}

struct PageNames {
    std::vector<SurveyPage>* pages = nullptr;  // null where pages are not allowed (session questions)
};

Result<Question> parseQuestion(const Json& item, const Where& where, const std::vector<Question>& earlier,
                               const PageNames& pageNames) {
    TRY(content::requireObject(item, where));
    Question q;
    q.id = TRY(content::requireId(item, "id", where));
    auto typeName = TRY(content::requireText(item, "type", where));
    auto type = questionTypeFromName(typeName);
    if (!type)
        return where.field("type").error("\"" + typeName +
                                         "\" is not a question type (rating, likert, single_choice, multiple_choice, "
                                         "text, number, decimal, note)");
    q.type = *type;
    q.label = TRY(content::requirePair(item, "label", where));
    q.hint = TRY(content::optionalPair(item, "hint", where));
    if (q.type == QuestionType::Note)
        TRY(noteFieldsRefused(item, where));
    q.required = TRY(JsonFields(item, where).optionalBoolean("required")).value_or(false);
    TRY(parseTypeFields(item, where, q));

    if (auto it = item.find("show_if"); it != item.end())
        q.showIf = TRY(detail::parseCondition(*it, where.field("show_if"), {earlier, nullptr}));
    if (auto it = item.find("constraint"); it != item.end())
        q.constraint = TRY(detail::parseCondition(*it, where.field("constraint"), {earlier, &q}));
    q.constraintMessage = TRY(content::optionalPair(item, "constraint_message", where));
    if (q.constraintMessage && !q.constraint)
        return where.field("constraint_message").error("is given without a constraint");
    if (auto it = item.find("default"); it != item.end() && !it->is_null())
        q.defaultAnswer = TRY(parseDefault(*it, q, where.field("default")));

    if (auto page = TRY(content::optionalText(item, "page", where))) {
        if (pageNames.pages == nullptr)
            return where.field("page").error("session questions are asked on one screen and have no pages");
        const auto& pages = *pageNames.pages;
        auto found = std::find_if(pages.begin(), pages.end(), [&](const SurveyPage& p) { return p.id == *page; });
        if (found == pages.end())
            return where.field("page").error("\"" + *page + "\" is not one of the survey's pages");
        q.page = static_cast<int>(found - pages.begin());
    }
    return q;
}

// Reads a list of questions, each knowing those before it, which its
// conditions may name; ids are unique in `ids` (shared with the session's).
Result<std::vector<Question>> parseQuestions(const Json& list, const char* key, const Where& root,
                                             content::UniqueIds& ids, const PageNames& pageNames) {
    std::vector<Question> out;
    auto parseOne = [&](const Json& item, const Where& here) -> Status {
        auto question = TRY(parseQuestion(item, here, out, pageNames));
        TRY(ids.add(question.id, here));
        out.push_back(std::move(question));
        return Ok{};
    };
    TRY(content::forEachEntry(list, key, root, EntryNames::WithId, parseOne));
    return out;
}

// The pages' ids and titles, before the questions that name them.
Result<std::vector<SurveyPage>> parsePageNames(const Json& json, const Where& root) {
    auto list = TRY(content::arrayField(json, "pages", false, root));
    content::UniqueIds ids;
    auto parsePage = [&](const Json& page, const Where& here) -> Result<SurveyPage> {
        TRY(content::requireObject(page, here, R"({ "id": …, "title": … })"));
        SurveyPage p;
        p.id = TRY(ids.take(page, here));
        p.title = TRY(content::requirePair(page, "title", here));
        return p;
    };
    return content::parseEntries<SurveyPage>(*list, "pages", root, EntryNames::WithId, parsePage);
}

// Where each page's questions are, that they sit together, and the pages'
// conditions, which may name the questions before the page.
Status placePages(const Json& json, const Where& root, std::vector<SurveyPage>& pages,
                  const std::vector<Question>& questions) {
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const int page = questions[i].page;
        if (page < 0)
            continue;
        SurveyPage& p = pages[static_cast<std::size_t>(page)];
        if (p.count > 0 && p.first + p.count != static_cast<int>(i))
            return root.entry("questions", i, questions[i].id)
                .field("page")
                .error("the questions of page \"" + p.id + "\" must come one after another");
        if (p.count == 0)
            p.first = static_cast<int>(i);
        ++p.count;
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
        SurveyPage& p = pages[i];
        const Where here = root.entry("pages", i, p.id);
        if (p.count == 0)
            return here.error("no question is on this page");
        const Json& page = json.at("pages").at(i);
        if (auto it = page.find("show_if"); it != page.end()) {
            const std::vector<Question> before(questions.begin(), questions.begin() + p.first);
            p.showIf = TRY(detail::parseCondition(*it, here.field("show_if"), {before, nullptr}));
        }
    }
    return Ok{};
}

Result<Quota> parseQuota(const Json& item, const Where& where, const std::vector<Question>& session) {
    TRY(content::requireObject(item, where, R"({ "question": …, "targets": [{"value": …, "count": …}] })"));
    Quota quota;
    quota.question = TRY(content::requireText(item, "question", where));
    auto q = std::find_if(session.begin(), session.end(), [&](const Question& s) { return s.id == quota.question; });
    if (q == session.end())
        return where.field("question").error("\"" + quota.question + "\" is not a session question");
    if (q->type != QuestionType::SingleChoice && q->type != QuestionType::Text && q->type != QuestionType::Number)
        return where.field("question").error("a quota counts responses by one value: use a single_choice, text or "
                                             "number session question");
    auto list = TRY(content::arrayField(item, "targets", true, where));
    if (list->empty())
        return where.field("targets").error("needs at least one target");
    auto parseTarget = [&](const Json& target, const Where& here) -> Status {
        TRY(content::requireObject(target, here, R"({ "value": …, "count": … })"));
        if (!target.contains("value"))
            return here.field("value").error("is missing");
        auto value = TRY(detail::conditionValue(target["value"], *q, here.field("value")));
        for (const auto& [seen, count] : quota.targets)
            if (seen == value)
                return here.field("value").error("has a target already");
        const int count = static_cast<int>(TRY(content::requireInteger(target, "count", 1, 1'000'000, here)));
        quota.targets.emplace_back(std::move(value), count);
        return Ok{};
    };
    TRY(content::forEachEntry(*list, "targets", where, EntryNames::ByIndex, parseTarget));
    return quota;
}

}  // namespace

struct SurveyParser {
    static Status session(const Json& json, const Where& root, SurveyDefinition& def, content::UniqueIds& ids) {
        auto it = json.find("session");
        if (it == json.end())
            return Ok{};
        const Where here = root.field("session");
        TRY(content::requireObject(*it, here, R"({ "questions": […], "quotas": […] })"));
        auto questions = TRY(content::arrayField(*it, "questions", true, here));
        if (questions->empty())
            return here.field("questions").error("needs at least one question");
        SurveyDefinition session;
        session.m_id = def.m_id;
        session.m_version = def.m_version;
        session.m_title = def.m_title;
        session.m_questions = TRY(parseQuestions(*questions, "questions", here, ids, PageNames{}));
        auto quotas = TRY(content::arrayField(*it, "quotas", false, here));
        def.m_quotas = TRY(content::parseEntries<Quota>(
            *quotas, "quotas", here, EntryNames::ByIndex,
            [&](const Json& item, const Where& at) { return parseQuota(item, at, session.m_questions); }));
        def.m_session.push_back(std::move(session));
        return Ok{};
    }
};

Result<SurveyDefinition> SurveyDefinition::parse(std::string_view text, const std::string& fileName) {
    const auto [json, root] = TRY(content::parseDocument(text, fileName, 1));
    SurveyDefinition def;
    def.m_id = TRY(content::requireId(json, "id", root));
    def.m_version = static_cast<int>(TRY(content::requireInteger(json, "version", 1, 1'000'000, root)));
    def.m_title = TRY(content::requirePair(json, "title", root));

    content::UniqueIds ids;  // one set for the session's questions and the respondent's
    TRY(SurveyParser::session(json, root, def, ids));
    def.m_pages = TRY(parsePageNames(json, root));
    auto questions = TRY(content::arrayField(json, "questions", true, root));
    if (questions->empty())
        return root.field("questions").error("needs at least one question");
    def.m_questions = TRY(parseQuestions(*questions, "questions", root, ids, PageNames{&def.m_pages}));
    TRY(placePages(json, root, def.m_pages, def.m_questions));
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
    for (auto& session : m_session)
        TRY(session.resolveOptions(catalogue));
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

// [SECTION] Quotas

std::vector<QuotaProgress> quotaProgress(const Quota& quota, const std::vector<std::pair<ConditionValue, int>>& counts) {
    std::vector<QuotaProgress> out;
    for (const auto& [value, target] : quota.targets) {
        QuotaProgress p{value, target, 0, 0, false};
        for (const auto& [counted, n] : counts)
            if (counted == value)
                p.done += std::max(n, 0);
        p.remaining = std::max(target - p.done, 0);
        p.met = p.done >= target;
        out.push_back(std::move(p));
    }
    return out;
}

bool quotaMet(const std::vector<QuotaProgress>& progress) {
    return std::all_of(progress.begin(), progress.end(), [](const QuotaProgress& p) { return p.met; });
}

}  // namespace fangsiang::core
