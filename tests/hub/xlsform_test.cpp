// XLSForm workbooks (written here with libxlsxwriter) converted to surveys:
// realistic forms, the expression parser, the .xlsx reader's cells, and every
// kind of broken or unsupported form with the exact error it gets.

#include "hub/xlsform.hpp"

#include "core/files.hpp"
#include "core/survey.hpp"
#include "test_support.hpp"
#include "xlsform_forms.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <zip.h>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Json = nlohmann::json;

namespace {

std::string bytesOf(const std::filesystem::path& file) {
    auto bytes = core::readFile(file, 64u << 20);
    REQUIRE(bytes.ok());
    return std::string(bytes->begin(), bytes->end());
}

core::Result<std::string> convert(const XlsForm& form, bool inlineStrings = false) {
    TempDir dir;
    writeWorkbook(dir / "form.xlsx", form, inlineStrings);
    return convertXlsForm(bytesOf(dir / "form.xlsx"), "form.xlsx");
}

Json converted(const XlsForm& form, bool inlineStrings = false) {
    auto text = convert(form, inlineStrings);
    INFO((text.ok() ? "" : text.error().message));
    REQUIRE(text.ok());
    return Json::parse(*text);
}

// A zip made by hand with libzip: what no spreadsheet program writes.
std::string zipOf(const std::vector<std::pair<std::string, std::string>>& entries) {
    TempDir dir;
    const auto path = dir / "hand.zip";
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(z != nullptr);
    for (const auto& [name, text] : entries) {
        zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
        REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE) >= 0);
    }
    REQUIRE(zip_close(z) == 0);
    return bytesOf(path);
}

XlsForm edited(XlsForm form, std::size_t sheet, std::size_t row, std::size_t column, XlsCell value) {
    auto& rows = form[sheet].rows;
    if (rows.size() <= row)
        rows.resize(row + 1);
    if (rows[row].size() <= column)
        rows[row].resize(column + 1, std::string());
    rows[row][column] = std::move(value);
    return form;
}

struct BadForm {
    const char* what;
    std::function<XlsForm()> form;
    std::string error;
};

}  // namespace

TEST_CASE("the standard satisfaction survey as XLSForm converts to the kiosk's survey", "[hub][xlsform]") {
    const Json doc = converted(standardSatisfactionForm());
    CHECK(doc["id"] == "standard-satisfaction");
    CHECK(doc["version"] == 1);
    CHECK(doc["title"] == Json({{"th", "แบบประเมินความพึงพอใจต่อการให้บริการ"}, {"en", "Service satisfaction survey"}}));
    const Json& q = doc["questions"];
    REQUIRE(q.size() == 6);
    CHECK(q[0]["type"] == "single_choice");
    CHECK(q[0]["required"] == true);
    CHECK(q[0]["options"][1] == Json({{"id", "land-tax"}, {"label", {{"th", "ภาษีที่ดินและสิ่งปลูกสร้าง"}, {"en", "Land and building tax"}}}}));
    CHECK(q[1]["type"] == "number");
    CHECK(q[1]["min"] == 1);
    CHECK(q[1]["max"] == 5);
    CHECK(q[4]["show_if"] == Json({{"question", "overall"}, {"at_most", 2}}));
    CHECK_FALSE(q[5].contains("required"));
    CHECK_FALSE(doc.contains("pages"));
}

TEST_CASE("the buyer survey as XLSForm keeps its groups, conditions, constraints and defaults", "[hub][xlsform]") {
    const Json doc = converted(buyerForm());
    auto def = core::SurveyDefinition::parse(doc.dump(), "product-buyer-xls.json");
    REQUIRE(def.ok());
    CHECK(def->find("welcome")->type == core::QuestionType::Note);
    CHECK(def->find("bought_at")->options.size() == 4);
    CHECK(def->find("price_paid")->type == core::QuestionType::Decimal);
    REQUIRE(def->pages().size() == 1);
    CHECK(def->pages()[0].id == "online");
    CHECK(def->pages()[0].count == 2);
    const Json& q = doc["questions"];
    CHECK(q[3]["constraint"] == Json::parse(R"({"all": [{"at_least": 10}, {"at_most": 99}]})"));
    CHECK(q[3]["constraint_message"] == Json({{"th", "อายุ 10 ถึง 99 ปี"}, {"en", "อายุ 10 ถึง 99 ปี"}}));
    CHECK(q[3]["hint"]["th"] == "ปีเต็ม");
    CHECK(q[4]["constraint"] == Json({{"greater_than", 0}}));
    CHECK(doc["pages"][0]["show_if"] == Json({{"question", "bought_at"}, {"equals", "online"}}));
    CHECK(q[6]["default"] == Json::array({"facebook"}));
    CHECK(q[8]["show_if"] == Json::parse(R"({"any": [{"question": "bought_at", "equals": "fair"},
                                                      {"question": "channels", "selected": "fair"}]})"));
    CHECK(q[9]["required"] == true);
    CHECK(q[10]["show_if"] == Json::parse(R"({"all": [{"not": {"question": "buy_again", "equals": "yes"}},
                                                       {"question": "age", "at_least": 18}]})"));

    // The converted survey works like any other: the page shows for online buyers only.
    core::SurveyResponse r(*def);
    CHECK_FALSE(r.isShown(*def->find("delivery")));
    REQUIRE(r.answer("bought_at", std::string("online")).ok());
    CHECK(r.isShown(*def->find("delivery")));
    CHECK_FALSE(r.answer("age", std::int64_t{9}).ok());
}

TEST_CASE("a household survey written in Thai converts the same from shared or inline strings", "[hub][xlsform]") {
    const Json shared = converted(householdForm());
    const Json inlined = converted(householdForm(), true);
    CHECK(shared == inlined);
    CHECK(shared["title"]["th"] == "แบบสำรวจข้อมูลครัวเรือน ปี 2570");
    CHECK(shared["pages"][0] == Json({{"id", "members_page"}, {"title", {{"th", "สมาชิกในครัวเรือน"}, {"en", "Household members"}}}}));
    const Json& q = shared["questions"];
    CHECK(q[1]["default"] == 0);  // a number cell
    CHECK(q[4]["show_if"] == Json({{"question", "income"}, {"selected", "farming"}}));
    CHECK(q[7]["show_if"] == Json::parse(R"({"all": [{"not": {"question": "water", "equals": "tap"}},
        {"any": [{"question": "members", "greater_than": 6}, {"question": "elders", "at_least": 2}]}]})"));
}

TEST_CASE("cells beyond column Z, numbers and empty cells are read where they are", "[hub][xlsform][xlsx]") {
    CHECK(columnIndex("A") == 0);
    CHECK(columnIndex("Z") == 25);
    CHECK(columnIndex("AA") == 26);
    CHECK(columnIndex("AZ") == 51);
    CHECK(columnIndex("XFD") == 16383);
    CHECK(columnIndex("a1") == -1);
    CHECK(columnName(27) == "AB");
    CHECK(columnName(701) == "ZZ");
    CHECK(columnName(702) == "AAA");

    // The whole form moved 28 columns right: its header starts at AC.
    XlsForm form = standardSatisfactionForm();
    for (auto& sheet : form)
        for (auto& row : sheet.rows)
            row.insert(row.begin(), 28, std::string());
    CHECK(converted(form) == converted(standardSatisfactionForm()));

    TempDir dir;
    writeWorkbook(dir / "cells.xlsx", {{"survey", {{"a", "", 2.5}, {}, {"", std::string("ข"), 18.0}}}});
    auto sheets = readXlsx(bytesOf(dir / "cells.xlsx"));
    REQUIRE(sheets.ok());
    REQUIRE(sheets->size() == 1);
    const auto& rows = (*sheets)[0].rows;
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"a", "", "2.5"});
    CHECK(rows[1].empty());
    CHECK(rows[2] == std::vector<std::string>{"", "ข", "18"});
}

TEST_CASE("XLSForm expressions become conditions, and what is not supported is refused", "[hub][xlsform][expression]") {
    struct Case {
        const char* expression;
        bool self;
        const char* result;  // JSON, or the error
    };
    const Case cases[] = {
        {"${q} = 'yes'", false, R"({"equals":"yes","question":"q"})"},
        {"${q} = 'yes' and ${age} >= 18", false,
         R"({"all":[{"equals":"yes","question":"q"},{"at_least":18,"question":"age"}]})"},
        {"selected(${q}, 'x')", false, R"({"question":"q","selected":"x"})"},
        {". <= 100", true, R"({"at_most":100})"},
        {"not(${a} != 2.5)", false, R"({"not":{"not_equals":2.5,"question":"a"}})"},
        {"18 <= ${age}", false, R"({"at_least":18,"question":"age"})"},
        {"${a} > 1 or ${a} < -1 or ${b} = ''", false,
         R"({"any":[{"greater_than":1,"question":"a"},{"less_than":-1,"question":"a"},{"not_answered":true,"question":"b"}]})"},
        {"(${a} = 1 or ${a} = 2) and ${b} != ''", false,
         R"({"all":[{"any":[{"equals":1,"question":"a"},{"equals":2,"question":"a"}]},{"answered":true,"question":"b"}]})"},
        {"${a} >= ", false, "at character 9: expected a value after >="},
        {"${a} = ${b}", false, "at character 1: compares two answers; only a comparison of an answer with a fixed value is supported"},
        {". > 3", false, "at character 1: \".\" (this answer) belongs in a constraint, not here"},
        {"string-length(.) > 3", true, "at character 1: \"string-length\" is not supported (only and, or, not(), selected(), comparisons with =, !=, <, <=, >, >=)"},
        {"${a} = 1 and", false, "at character 13: expected a condition before the end"},
        {"not ${a} = 1", false, "at character 5: expected \"(\" after not, not \"a\""},
        {"${a} == 1", false, "at character 6: XLSForm compares with a single \"=\""},
        {"(${a} = 1", false, "at character 10: expected \")\" before the end"},
        {"${a} = 'x", false, "at character 8: a text in quotes is not closed"},
        {"${a} = 1 + 2", false, "at character 10: \"+\" is not part of a condition"},
        {"1 = 1", false, "at character 1: compares two fixed values; one side must be an answer"},
        {"${a} < ''", false, "at character 8: an empty text can only be compared with = or !="},
    };
    for (const auto& c : cases) {
        INFO(c.expression);
        auto result = xlsformCondition(c.expression, c.self);
        if (c.result[0] == '{') {
            REQUIRE(result.ok());
            CHECK(Json::parse(*result) == Json::parse(c.result));
        } else {
            REQUIRE_FALSE(result.ok());
            CHECK(result.error().message == c.result);
        }
    }
    std::string deep = "${a} = 1";
    for (int i = 0; i < 20; ++i)
        deep = "not(" + deep + ")";
    CHECK_THAT(xlsformCondition(deep, false).error().message, Catch::Matchers::Contains("nests more than 16 deep"));
}

TEST_CASE("a broken or unsupported XLSForm is refused naming the sheet, row, column and reason", "[hub][xlsform]") {
    const std::vector<BadForm> forms = {
        {"no survey sheet", [] { XlsForm f = buyerForm(); f.erase(f.begin()); return f; },
         "form.xlsx: the workbook has no survey sheet"},
        {"no settings sheet", [] { XlsForm f = buyerForm(); f.pop_back(); return f; },
         "form.xlsx: the workbook has no settings sheet (it gives form_id, version and form_title)"},
        {"an unknown type", [] { return edited(buyerForm(), 0, 4, 0, std::string("date")); },
         "form.xlsx: survey sheet, row 5, column A (type): \"date\" is not supported (select_one, select_multiple, "
         "text, integer, decimal, note, range, begin_group, end_group)"},
        {"a repeat", [] { return edited(buyerForm(), 0, 6, 0, std::string("begin_repeat")); },
         "form.xlsx: survey sheet, row 7, column A (type): \"begin_repeat\" is not supported (select_one, "
         "select_multiple, text, integer, decimal, note, range, begin_group, end_group)"},
        {"a bad expression", [] { return edited(buyerForm(), 0, 11, 6, std::string("${bought_at} = 'fair' or")); },
         "form.xlsx: survey sheet, row 12, column G (relevant): \"${bought_at} = 'fair' or\" at character 25: "
         "expected a condition before the end"},
        {"a question not above the row", [] { return edited(buyerForm(), 0, 3, 6, std::string("${age} > 5")); },
         "form.xlsx: survey sheet, row 4, column G (relevant): ${age} is not a question above this row"},
        {"a choice list that does not exist", [] { return edited(buyerForm(), 0, 3, 0, std::string("select_one place")); },
         "form.xlsx: survey sheet, row 4, column A (type): the choices sheet has no list \"place\""},
        {"or_other", [] { return edited(buyerForm(), 0, 3, 0, std::string("select_one places or_other")); },
         "form.xlsx: survey sheet, row 4, column A (type): \"select_one places or_other\": or_other and other "
         "additions are not supported"},
        {"a column the kiosk cannot keep", [] { auto f = edited(buyerForm(), 0, 0, 11, std::string("appearance"));
                                                 return edited(f, 0, 3, 11, std::string("minimal")); },
         "form.xlsx: survey sheet, row 4, column L (appearance): the column \"appearance\" is not supported, and its "
         "values would be lost"},
        {"a label without its language", [] { auto f = edited(buyerForm(), 0, 0, 11, std::string("label"));
                                              return edited(f, 0, 2, 11, std::string("Product")); },
         "form.xlsx: survey sheet, row 3, column L (label): labels are read from label::Thai (th) and label::English "
         "(en) only"},
        {"an English label missing", [] { return edited(buyerForm(), 0, 2, 3, std::string("")); },
         "form.xlsx: survey sheet, row 3, column D (label::English (en)): is empty; the kiosk offers English at one touch"},
        {"a group in a group", [] { return edited(buyerForm(), 0, 7, 0, std::string("begin_group")); },
         "form.xlsx: survey sheet, row 8, column A (type): groups inside groups are not supported"},
        {"a group never closed", [] { return edited(buyerForm(), 0, 9, 0, std::string("")); },
         "form.xlsx: survey sheet, row 7, column A (type): the group is not closed with end_group"},
        {"a group with no questions", [] { auto f = buyerForm(); f[0].rows.erase(f[0].rows.begin() + 7, f[0].rows.begin() + 9); return f; },
         "form.xlsx: survey sheet, row 7, column A (type): the group has no questions"},
        {"required as a condition", [] { return edited(buyerForm(), 0, 2, 5, std::string("${age} > 3")); },
         "form.xlsx: survey sheet, row 3, column F (required): must be yes or no (a condition here is not supported)"},
        {"a constraint on a note", [] { return edited(buyerForm(), 0, 1, 7, std::string(". > 1")); },
         "form.xlsx: survey sheet, row 2, column H (constraint): a note takes no answer, so it cannot have one"},
        {"a name that is not an id", [] { return edited(buyerForm(), 0, 4, 1, std::string("Age")); },
         "form.xlsx: survey sheet, row 5, column B (name): \"Age\" is not a valid name here (lower-case letters, "
         "digits, '-' or '_', starting with a letter, at most 64)"},
        {"a text compared with a number", [] { return edited(buyerForm(), 0, 12, 6, std::string("${age} >= 'old'")); },
         "form.xlsx: survey sheet, row 13, column G (relevant): 'old' is not a number, and the question is a number"},
        {"a choice that is not in its list", [] { return edited(buyerForm(), 0, 11, 6, std::string("${bought_at} = 'temple'")); },
         "form.xlsx: survey sheet, row 12, column relevant: equals: \"temple\" is not an option of \"bought_at\""},
        {"a range with steps", [] { return edited(buyerForm(), 0, 7, 10, std::string("start=0 end=10 step=2")); },
         "form.xlsx: survey sheet, row 8, column K (parameters): only step=1 is supported"},
        {"a version too large", [] { return edited(buyerForm(), 2, 1, 1, 2024110101.0); },
         "form.xlsx: settings sheet, row 2, column B (version): must be a whole number from 1 to 1000000, raised "
         "with every change"},
        {"another sheet", [] { XlsForm f = buyerForm(); f.push_back({"external_choices", {{"list_name"}}}); return f; },
         "form.xlsx: the sheet \"external_choices\" is not supported (only survey, choices and settings)"},
        {"a choice named twice", [] { return edited(buyerForm(), 1, 4, 1, std::string("online")); },
         "form.xlsx: choices sheet, row 5, column B (name): \"online\" is in the list places twice"},
    };
    for (const auto& bad : forms) {
        INFO(bad.what);
        auto result = convert(bad.form());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message == bad.error);
    }
}

TEST_CASE("files that are not workbooks, and zip bombs, are refused before they are unpacked", "[hub][xlsform][xlsx]") {
    auto notZip = convertXlsForm("type,name\ntext,comment\n", "form.xlsx");
    REQUIRE_FALSE(notZip.ok());
    CHECK_THAT(notZip.error().message, Catch::Matchers::StartsWith("form.xlsx: not an .xlsx workbook: it does not open as a zip file"));

    auto noWorkbook = convertXlsForm(zipOf({{"hello.txt", "hi"}}), "form.xlsx");
    CHECK(noWorkbook.error().message == "form.xlsx: the workbook has no xl/workbook.xml (is it an .xlsx file?)");

    // 40 MiB of spaces packs into a few tens of kilobytes.
    const std::string bomb = zipOf({{"xl/workbook.xml", std::string(40u << 20, ' ')}});
    CHECK(bomb.size() < (1u << 20));
    auto exploded = convertXlsForm(bomb, "form.xlsx");
    REQUIRE_FALSE(exploded.ok());
    CHECK(exploded.error().code == core::ErrorCode::TooLarge);
    CHECK(exploded.error().message == "form.xlsx: xl/workbook.xml unpacks to more than 16777216 bytes; a form is far "
                                      "smaller (is the file a zip bomb?)");

    std::vector<std::pair<std::string, std::string>> many;
    for (int i = 0; i < 600; ++i)
        many.emplace_back("f" + std::to_string(i), "x");
    CHECK(convertXlsForm(zipOf(many), "form.xlsx").error().message ==
          "form.xlsx: the workbook holds 600 files; a form has far fewer than 512");

    auto entity = convertXlsForm(zipOf({{"xl/workbook.xml", R"(<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><a/>)"}}),
                                 "form.xlsx");
    CHECK(entity.error().message == "form.xlsx: xl/workbook.xml declares a document type, which a workbook never does");

    TempDir dir;
    writeWorkbook(dir / "form.xlsx", householdForm());
    XlsxLimits small;
    small.maxPartBytes = 2000;
    auto limited = readXlsx(bytesOf(dir / "form.xlsx"), small);
    REQUIRE_FALSE(limited.ok());
    CHECK_THAT(limited.error().message, Catch::Matchers::EndsWith("unpacks to more than 2000 bytes; a form is far smaller (is the file a zip bomb?)"));
}
