// XLSForm workbooks to the kiosk's survey format. Each row of the survey
// sheet becomes a question (or opens or closes a page), the choices sheet
// gives the options, the settings sheet the id, version and title. The
// result is validated by core::SurveyDefinition::parse like any survey; the
// converter itself refuses, by sheet, row and column, what the format has no
// place for.

#include "hub/xlsform.hpp"

#include "core/content_json.hpp"
#include "core/files.hpp"
#include "core/survey.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using Json = nlohmann::json;

namespace {

constexpr const char* kThai = "::Thai (th)";
constexpr const char* kEnglish = "::English (en)";

const std::set<std::string> kSurveyColumns = {
    "type", "name", "label::Thai (th)", "label::English (en)", "hint", "hint::Thai (th)", "hint::English (en)",
    "required", "relevant", "constraint", "constraint_message", "constraint_message::Thai (th)",
    "constraint_message::English (en)", "default", "parameters"};
const std::set<std::string> kChoiceColumns = {"list_name", "name", "label::Thai (th)", "label::English (en)"};
const std::set<std::string> kSettingsColumns = {"form_id", "version", "form_title", "form_title::Thai (th)",
                                                "form_title::English (en)"};

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

// A sheet with its header row: cells by column name.
class Table {
public:
    Table(const XlsxSheet& sheet, std::string file) : m_sheet(&sheet), m_file(std::move(file)) {
        if (!sheet.rows.empty())
            for (std::size_t c = 0; c < sheet.rows[0].size(); ++c)
                if (auto name = trim(sheet.rows[0][c]); !name.empty())
                    m_columns.emplace(name, static_cast<int>(c));
    }

    [[nodiscard]] std::size_t rowCount() const { return m_sheet->rows.size(); }
    [[nodiscard]] bool hasColumn(const std::string& name) const { return m_columns.contains(name); }
    [[nodiscard]] std::string cell(std::size_t row, const std::string& column) const {
        auto it = m_columns.find(column);
        if (it == m_columns.end() || row >= m_sheet->rows.size())
            return {};
        const auto& cells = m_sheet->rows[row];
        const auto c = static_cast<std::size_t>(it->second);
        return c < cells.size() ? trim(cells[c]) : std::string();
    }
    [[nodiscard]] bool blankRow(std::size_t row) const {
        const auto& cells = m_sheet->rows[row];
        return std::all_of(cells.begin(), cells.end(), [](const std::string& s) { return trim(s).empty(); });
    }
    // "buyer.xlsx: survey sheet, row 7, column relevant: why"; row is 0-based here.
    [[nodiscard]] core::Error fail(std::size_t row, const std::string& column, const std::string& why) const {
        std::string where = m_file + ": " + m_sheet->name + " sheet, row " + std::to_string(row + 1);
        if (!column.empty()) {
            auto it = m_columns.find(column);
            where += ", column " + (it != m_columns.end() ? columnName(it->second) + " (" + column + ")" : column);
        }
        return makeError(ErrorCode::InvalidArgument, where + ": " + why);
    }
    // An error for the first cell in a column this converter does not read.
    [[nodiscard]] core::Status onlyColumns(const std::set<std::string>& known) const {
        for (const auto& [name, index] : m_columns) {
            if (known.contains(name))
                continue;
            for (std::size_t r = 1; r < rowCount(); ++r)
                if (!cell(r, name).empty())
                    return fail(r, name, name.rfind("label", 0) == 0
                                             ? "labels are read from label::Thai (th) and label::English (en) only"
                                             : "the column \"" + name + "\" is not supported, and its values would be lost");
        }
        return core::Ok{};
    }

private:
    const XlsxSheet* m_sheet;
    std::string m_file;
    std::map<std::string, int> m_columns;
};

struct Choice {
    std::string name;
    core::TextPair label;
};

class Converter {
public:
    Converter(const std::vector<XlsxSheet>& sheets, std::string file) : m_file(std::move(file)) {
        for (const auto& s : sheets)
            m_sheets.emplace(s.name, &s);
    }

    core::Result<Json> convert() {
        for (const auto& [name, sheet] : m_sheets)
            if (name != "survey" && name != "choices" && name != "settings" && !sheet->rows.empty())
                return makeError(ErrorCode::InvalidArgument,
                                 m_file + ": the sheet \"" + name + "\" is not supported (only survey, choices and settings)");
        auto survey = m_sheets.find("survey");
        if (survey == m_sheets.end())
            return makeError(ErrorCode::InvalidArgument, m_file + ": the workbook has no survey sheet");
        Json doc = TRY(settings());
        TRY(readChoices());
        const Table table(*survey->second, m_file);
        TRY(table.onlyColumns(kSurveyColumns));
        for (const char* column : {"type", "name"})
            if (!table.hasColumn(column))
                return table.fail(0, "", std::string("the survey sheet has no \"") + column + "\" column");
        Json questions = Json::array();
        Json pages = Json::array();
        std::size_t openGroup = 0;  // the row of the open group's begin_group; 0 (the header): none
        std::size_t groupSize = 0;
        for (std::size_t r = 1; r < table.rowCount(); ++r) {
            if (table.blankRow(r))
                continue;
            const std::string type = table.cell(r, "type");
            if (type == "begin_group" || type == "begin group") {
                if (openGroup != 0)
                    return table.fail(r, "type", "groups inside groups are not supported");
                pages.push_back(TRY(page(table, r)));
                openGroup = r;
                groupSize = 0;
                continue;
            }
            if (type == "end_group" || type == "end group") {
                if (openGroup == 0)
                    return table.fail(r, "type", "end_group without a begin_group");
                if (groupSize == 0)
                    return table.fail(openGroup, "type", "the group has no questions");
                openGroup = 0;
                continue;
            }
            Json q = TRY(question(table, r));
            if (openGroup != 0) {
                q["page"] = pages.back()["id"];
                ++groupSize;
            }
            m_rows.push_back(r);
            questions.push_back(std::move(q));
        }
        if (openGroup != 0)
            return table.fail(openGroup, "type", "the group is not closed with end_group");
        if (questions.empty())
            return table.fail(0, "", "the survey sheet has no questions");
        doc["questions"] = std::move(questions);
        if (!pages.empty())
            doc["pages"] = std::move(pages);
        return doc;
    }

    // Which row of the survey sheet the i-th question came from (0-based).
    [[nodiscard]] std::size_t rowOfQuestion(std::size_t i) const { return i < m_rows.size() ? m_rows[i] : 0; }

private:
    core::Result<core::TextPair> pair(const Table& t, std::size_t r, const std::string& base, bool required,
                                      bool plainForBoth) {
        std::string th = t.cell(r, base + kThai);
        std::string en = t.cell(r, base + kEnglish);
        if (plainForBoth) {
            const std::string plain = t.cell(r, base);
            if (th.empty())
                th = plain;
            if (en.empty())
                en = plain;
        }
        if (th.empty() && en.empty() && !required)
            return core::TextPair{};
        if (th.empty())
            return t.fail(r, base + kThai, "is empty; the kiosk shows Thai first");
        if (en.empty())
            return t.fail(r, base + kEnglish, "is empty; the kiosk offers English at one touch");
        return core::TextPair{th, en};
    }

    core::Result<std::string> id(const Table& t, std::size_t r, const char* column) {
        const std::string name = t.cell(r, column);
        if (name.empty())
            return t.fail(r, column, "is empty");
        if (!core::content::isValidId(name))
            return t.fail(r, column, "\"" + name + "\" is not a valid name here (lower-case letters, digits, '-' or '_', "
                                     "starting with a letter, at most 64)");
        return name;
    }

    core::Result<Json> settings() {
        auto it = m_sheets.find("settings");
        if (it == m_sheets.end())
            return makeError(ErrorCode::InvalidArgument,
                             m_file + ": the workbook has no settings sheet (it gives form_id, version and form_title)");
        const Table t(*it->second, m_file);
        TRY(t.onlyColumns(kSettingsColumns));
        if (t.rowCount() < 2)
            return t.fail(1, "", "the settings sheet has no row of settings");
        Json doc = {{"format", 1}};
        doc["id"] = TRY(id(t, 1, "form_id"));
        const std::string version = t.cell(1, "version");
        char* end = nullptr;
        const long long v = std::strtoll(version.c_str(), &end, 10);
        if (version.empty() || *end != '\0' || v < 1 || v > 1'000'000)
            return t.fail(1, "version", "must be a whole number from 1 to 1000000, raised with every change");
        doc["version"] = v;
        const core::TextPair title = TRY(pair(t, 1, "form_title", true, true));
        doc["title"] = {{"th", title.th}, {"en", title.en}};
        return doc;
    }

    core::Status readChoices() {
        auto it = m_sheets.find("choices");
        if (it == m_sheets.end())
            return core::Ok{};
        const Table t(*it->second, m_file);
        TRY(t.onlyColumns(kChoiceColumns));
        for (std::size_t r = 1; r < t.rowCount(); ++r) {
            if (t.blankRow(r))
                continue;
            const std::string list = t.cell(r, "list_name");
            if (list.empty())
                return t.fail(r, "list_name", "is empty");
            // Each part read before the choice is built, so an early return leaves nothing half made.
            std::string name = TRY(id(t, r, "name"));
            core::TextPair label = TRY(pair(t, r, "label", true, false));
            Choice choice{std::move(name), std::move(label)};
            auto& choices = m_choices[list];
            if (std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.name == choice.name; }))
                return t.fail(r, "name", "\"" + choice.name + "\" is in the list " + list + " twice");
            choices.push_back(std::move(choice));
        }
        return core::Ok{};
    }

    core::Result<Json> page(const Table& t, std::size_t r) {
        for (const char* column : {"required", "constraint", "default"})
            if (!t.cell(r, column).empty())
                return t.fail(r, column, "a group takes no answer, so it cannot have one");
        const std::string name = TRY(id(t, r, "name"));
        Json page = {{"id", name}};
        const core::TextPair title = TRY(pair(t, r, "label", true, false));
        page["title"] = {{"th", title.th}, {"en", title.en}};
        if (auto relevant = t.cell(r, "relevant"); !relevant.empty())
            page["show_if"] = TRY(condition(t, r, "relevant", relevant, nullptr));
        return page;
    }

    core::Result<Json> typeFields(const Table& t, std::size_t r, const std::string& type, Json& q) {
        const auto space = type.find(' ');
        const std::string head = type.substr(0, space);
        if (head == "select_one" || head == "select_multiple") {
            const std::string rest = space == std::string::npos ? "" : trim(type.substr(space + 1));
            if (rest.find(' ') != std::string::npos)
                return t.fail(r, "type", "\"" + type + "\": or_other and other additions are not supported");
            if (rest.empty())
                return t.fail(r, "type", head + " needs the name of a choice list");
            auto list = m_choices.find(rest);
            if (list == m_choices.end())
                return t.fail(r, "type", "the choices sheet has no list \"" + rest + "\"");
            q["type"] = head == "select_one" ? "single_choice" : "multiple_choice";
            Json options = Json::array();
            for (const auto& c : list->second)
                options.push_back({{"id", c.name}, {"label", {{"th", c.label.th}, {"en", c.label.en}}}});
            q["options"] = std::move(options);
        } else if (type == "text") {
            q["type"] = "text";
        } else if (type == "integer") {
            q["type"] = "number";
            q["min"] = -1'000'000'000;
            q["max"] = 1'000'000'000;
        } else if (type == "decimal") {
            q["type"] = "decimal";
            q["min"] = -1e12;
            q["max"] = 1e12;
            q["decimals"] = 6;
        } else if (type == "note") {
            q["type"] = "note";
        } else if (type == "range") {
            TRY(range(t, r, q));
        } else {
            return t.fail(r, "type", "\"" + type + "\" is not supported (select_one, select_multiple, text, integer, "
                                     "decimal, note, range, begin_group, end_group)");
        }
        return q;
    }

    // parameters "start=1 end=10 step=1": a whole-number range.
    core::Status range(const Table& t, std::size_t r, Json& q) {
        long long start = 1, end = 10, step = 1;
        std::string params = t.cell(r, "parameters");
        std::replace(params.begin(), params.end(), ';', ' ');
        std::size_t i = 0;
        while (i < params.size()) {
            const auto next = std::min(params.find(' ', i), params.size());
            const std::string item = params.substr(i, next - i);
            i = next + 1;
            if (item.empty())
                continue;
            const auto eq = item.find('=');
            const std::string key = item.substr(0, eq);
            char* stop = nullptr;
            const long long value = eq == std::string::npos ? 0 : std::strtoll(item.c_str() + eq + 1, &stop, 10);
            if (eq == std::string::npos || *stop != '\0' || (key != "start" && key != "end" && key != "step"))
                return t.fail(r, "parameters", "\"" + item + "\" is not start=N, end=N or step=1 in whole numbers");
            (key == "start" ? start : key == "end" ? end : step) = value;
        }
        if (step != 1)
            return t.fail(r, "parameters", "only step=1 is supported");
        if (start > end || start < -1'000'000'000 || end > 1'000'000'000)
            return t.fail(r, "parameters", "start must not be above end");
        q["type"] = "number";
        q["min"] = start;
        q["max"] = end;
        return core::Ok{};
    }

    // The type of an earlier question, for checking and typing a condition's values.
    struct Known {
        std::string type;
    };

    core::Status fixLeaves(const Table& t, std::size_t r, const char* column, Json& c, const Json* self) {
        for (const char* group : {"all", "any"})
            if (c.contains(group)) {
                for (auto& child : c[group])
                    TRY(fixLeaves(t, r, column, child, self));
                return core::Ok{};
            }
        if (c.contains("not"))
            return fixLeaves(t, r, column, c["not"], self);
        std::string type;
        if (c.contains("question")) {
            const std::string name = c["question"];
            auto known = m_known.find(name);
            if (known == m_known.end())
                return t.fail(r, column, "${" + name + "} is not a question above this row" +
                                             (self != nullptr && name == (*self)["id"] ? " (use . for this answer)" : ""));
            type = known->second;
        } else {
            type = (*self)["type"];
        }
        for (auto& [key, value] : c.items())
            if (value.is_string() && key != "question" && (type == "number" || type == "decimal")) {
                const std::string text = value;
                char* end = nullptr;
                const double number = std::strtod(text.c_str(), &end);
                if (text.empty() || *end != '\0')
                    return t.fail(r, column, "'" + text + "' is not a number, and the question is a number");
                value = text.find('.') == std::string::npos ? Json(static_cast<long long>(number)) : Json(number);
            }
        return core::Ok{};
    }

    core::Result<Json> condition(const Table& t, std::size_t r, const char* column, const std::string& text,
                                 const Json* self) {
        auto converted = xlsformCondition(text, self != nullptr);
        if (!converted)
            return t.fail(r, column, "\"" + text + "\" " + converted.error().message);
        Json c = Json::parse(*converted);
        TRY(fixLeaves(t, r, column, c, self));
        return c;
    }

    core::Result<Json> defaultValue(const Table& t, std::size_t r, const Json& q, const std::string& text) {
        const std::string type = q["type"];
        if (type == "multiple_choice") {
            Json list = Json::array();
            std::size_t i = 0;
            while (i < text.size()) {
                const auto next = std::min(text.find(' ', i), text.size());
                if (next > i)
                    list.push_back(text.substr(i, next - i));
                i = next + 1;
            }
            return list;
        }
        if (type == "number" || type == "decimal") {
            char* end = nullptr;
            const double number = std::strtod(text.c_str(), &end);
            if (*end != '\0')
                return t.fail(r, "default", "'" + text + "' is not a number");
            return type == "number" ? Json(static_cast<long long>(number)) : Json(number);
        }
        return Json(text);
    }

    core::Result<Json> question(const Table& t, std::size_t r) {
        const std::string type = t.cell(r, "type");
        if (type.empty())
            return t.fail(r, "type", "is empty");
        const std::string name = TRY(id(t, r, "name"));
        Json q = {{"id", name}};
        if (m_known.contains(q["id"]))
            return t.fail(r, "name", "\"" + q["id"].get<std::string>() + "\" is used twice");
        TRY(typeFields(t, r, type, q));
        const core::TextPair label = TRY(pair(t, r, "label", true, false));
        q["label"] = {{"th", label.th}, {"en", label.en}};
        if (auto hint = TRY(pair(t, r, "hint", false, true)); !hint.th.empty())
            q["hint"] = {{"th", hint.th}, {"en", hint.en}};
        const bool note = q["type"] == "note";
        if (note)
            for (const char* column : {"required", "constraint", "constraint_message", "default"})
                if (!t.cell(r, column).empty())
                    return t.fail(r, column, "a note takes no answer, so it cannot have one");
        if (type.rfind("range", 0) != 0 && !t.cell(r, "parameters").empty())
            return t.fail(r, "parameters", "only a range takes parameters");
        const std::string required = t.cell(r, "required");
        if (required == "yes" || required == "true" || required == "TRUE" || required == "true()" || required == "1")
            q["required"] = true;
        else if (!required.empty() && required != "no" && required != "false" && required != "FALSE" &&
                 required != "false()" && required != "0")
            return t.fail(r, "required", "must be yes or no (a condition here is not supported)");
        if (auto relevant = t.cell(r, "relevant"); !relevant.empty())
            q["show_if"] = TRY(condition(t, r, "relevant", relevant, nullptr));
        if (auto constraint = t.cell(r, "constraint"); !constraint.empty())
            q["constraint"] = TRY(condition(t, r, "constraint", constraint, &q));
        const core::TextPair message = TRY(pair(t, r, "constraint_message", false, true));
        if (!message.th.empty()) {
            if (!q.contains("constraint"))
                return t.fail(r, "constraint_message", "is given without a constraint");
            q["constraint_message"] = {{"th", message.th}, {"en", message.en}};
        }
        if (auto value = t.cell(r, "default"); !value.empty())
            q["default"] = TRY(defaultValue(t, r, q, value));
        m_known.emplace(q["id"], q["type"]);
        return q;
    }

    std::string m_file;
    std::map<std::string, const XlsxSheet*> m_sheets;
    std::map<std::string, std::vector<Choice>> m_choices;
    std::map<std::string, std::string> m_known;  // earlier questions: name -> our type
    std::vector<std::size_t> m_rows;
};

// "buyer.xlsx: questions[3] (age): default: …" from the survey's own
// validation, said by the row the question came from.
core::Error byRow(const core::Error& error, const std::string& file, const Converter& converter) {
    const std::string& m = error.message;
    const std::string marker = file + ": questions[";
    if (m.rfind(marker, 0) != 0)
        return makeError(error.code, m);
    const std::size_t index = std::strtoul(m.c_str() + marker.size(), nullptr, 10);
    const auto close = m.find("): ");
    std::string rest = close == std::string::npos ? m : m.substr(close + 3);
    std::string where = file + ": survey sheet, row " + std::to_string(converter.rowOfQuestion(index) + 1);
    // The survey format's field, said as the XLSForm column it came from.
    static const std::vector<std::pair<std::string, std::string>> kColumns = {
        {"show_if: ", "relevant"}, {"constraint: ", "constraint"}, {"default: ", "default"}, {"options: ", "type"}};
    for (const auto& [field, column] : kColumns)
        if (rest.rfind(field, 0) == 0) {
            where += ", column " + column;
            rest = rest.substr(field.size());
            break;
        }
    return makeError(error.code, where + ": " + rest);
}

}  // namespace

core::Result<std::string> convertXlsForm(std::string_view bytes, const std::string& fileName) {
    auto sheets = readXlsx(bytes);
    if (!sheets)
        return makeError(sheets.error().code, fileName + ": " + sheets.error().message);
    Converter converter(*sheets, fileName);
    Json doc = TRY(converter.convert());
    std::string text = doc.dump(2);
    if (auto checked = core::SurveyDefinition::parse(text, fileName); !checked)
        return byRow(checked.error(), fileName, converter);
    return text;
}

core::Result<std::string> convertXlsFormFile(const std::filesystem::path& file) {
    auto bytes = TRY(core::readFile(file, XlsxLimits{}.maxFileBytes));
    return convertXlsForm(core::asText(bytes), file.filename().string());
}

}  // namespace fangsiang::hub
