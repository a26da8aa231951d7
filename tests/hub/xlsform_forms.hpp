#pragma once
// XLSForm workbooks written by the tests themselves with libxlsxwriter, and
// the realistic forms they convert: the standard satisfaction survey, the
// buyer survey and a household survey written in Thai.

#include <xlsxwriter.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace fangsiang::test {

using XlsCell = std::variant<std::string, double>;  // "" leaves the cell empty
struct XlsSheetRows {
    std::string name;
    std::vector<std::vector<XlsCell>> rows;
};
using XlsForm = std::vector<XlsSheetRows>;

// constant_memory makes libxlsxwriter write inline strings instead of shared ones.
inline void writeWorkbook(const std::filesystem::path& file, const XlsForm& sheets, bool inlineStrings = false) {
    lxw_workbook_options options{};
    options.constant_memory = inlineStrings ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
    if (book == nullptr)
        throw std::runtime_error("could not start " + file.string());
    for (const auto& sheet : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
        for (std::size_t r = 0; r < sheet.rows.size(); ++r)
            for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
                const auto row = static_cast<lxw_row_t>(r);
                const auto col = static_cast<lxw_col_t>(c);
                if (const auto* text = std::get_if<std::string>(&sheet.rows[r][c])) {
                    if (!text->empty())
                        worksheet_write_string(ws, row, col, text->c_str(), nullptr);
                } else {
                    worksheet_write_number(ws, row, col, std::get<double>(sheet.rows[r][c]), nullptr);
                }
            }
    }
    if (workbook_close(book) != LXW_NO_ERROR)
        throw std::runtime_error("could not write " + file.string());
}

inline const std::vector<XlsCell> kSurveyHeader = {"type", "name", "label::Thai (th)", "label::English (en)", "hint",
                                                   "required", "relevant", "constraint", "constraint_message",
                                                   "default", "parameters"};
inline const std::vector<XlsCell> kChoicesHeader = {"list_name", "name", "label::Thai (th)", "label::English (en)"};

inline XlsSheetRows settings(const std::string& id, double version, const std::string& th, const std::string& en) {
    return {"settings", {{"form_id", "version", "form_title::Thai (th)", "form_title::English (en)"}, {id, version, th, en}}};
}

inline XlsForm standardSatisfactionForm() {
    return {
        {"survey",
         {kSurveyHeader,
          {"select_one services", "service", "ท่านมาใช้บริการใด", "Which service did you use?", "", "yes"},
          {"range", "process", "ขั้นตอนและระยะเวลาการให้บริการ", "Process and time taken", "", "yes", "", "", "", "",
           "start=1 end=5 step=1"},
          {"range", "staff", "เจ้าหน้าที่ผู้ให้บริการ", "Staff", "", "yes", "", "", "", "", "start=1 end=5"},
          {"range", "overall", "ความพึงพอใจโดยรวม", "Overall satisfaction", "", "yes", "", "", "", "", "start=1 end=5"},
          {"text", "why_low", "สิ่งที่ควรปรับปรุง", "What should we improve?", "", "", "${overall} <= 2"},
          {"text", "comment", "ข้อเสนอแนะอื่น ๆ", "Other suggestions"}}},
        {"choices",
         {kChoicesHeader,
          {"services", "civil-registration", "งานทะเบียนราษฎร", "Civil registration"},
          {"services", "land-tax", "ภาษีที่ดินและสิ่งปลูกสร้าง", "Land and building tax"},
          {"services", "waste", "การจัดเก็บขยะ", "Waste collection"}}},
        settings("standard-satisfaction", 1, "แบบประเมินความพึงพอใจต่อการให้บริการ", "Service satisfaction survey"),
    };
}

inline XlsForm buyerForm() {
    return {
        {"survey",
         {kSurveyHeader,
          {"note", "welcome", "ขอบคุณที่ช่วยตอบแบบสอบถาม", "Thank you for answering"},
          {"select_one products", "product", "ท่านซื้อสินค้าใด", "Which product did you buy?", "", "yes"},
          {"select_one places", "bought_at", "ท่านซื้อสินค้านี้จากที่ใด", "Where did you buy it?", "", "yes"},
          {"integer", "age", "อายุ (ปี)", "Your age (years)", "ปีเต็ม", "", "", ". >= 10 and . <= 99",
           "อายุ 10 ถึง 99 ปี", "", ""},
          {"decimal", "price_paid", "ราคาที่จ่าย (บาท)", "Amount paid (baht)", "", "", "", ". > 0"},
          {"begin_group", "online", "การซื้อออนไลน์", "Buying online", "", "", "${bought_at} = 'online'"},
          {"range", "delivery", "การจัดส่ง", "Delivery", "", "yes", "", "", "", "", "start=1 end=5"},
          {"select_multiple apps", "apps", "ช่องทางที่สั่ง", "Ordered through", "", "", "", "", "", "facebook"},
          {"end_group"},
          {"select_multiple channels", "channels", "รู้จักสินค้าจากช่องทางใด", "How did you hear of it?"},
          {"text", "fair_name", "ชื่องาน", "Which fair", "", "",
           "${bought_at} = 'fair' or selected(${channels}, 'fair')"},
          {"select_one yes_no", "buy_again", "จะซื้ออีกหรือไม่", "Would you buy again?", "", "true()"},
          {"text", "why_not", "เพราะเหตุใด", "Why not?", "", "", "not(${buy_again} = 'yes') and ${age} >= 18"}}},
        {"choices",
         {kChoicesHeader,
          {"products", "woven-cloth", "ผ้าทอมือ", "Hand-woven cloth"},
          {"products", "herbal-soap", "สบู่สมุนไพร", "Herbal soap"},
          {"places", "online", "ออนไลน์", "Online"},
          {"places", "shop", "ร้านค้า", "Shop"},
          {"places", "fair", "งานแสดงสินค้า", "Fair"},
          {"places", "market", "ตลาด", "Market"},
          {"apps", "facebook", "เฟซบุ๊ก", "Facebook"},
          {"apps", "line", "ไลน์", "LINE"},
          {"channels", "fair", "งานแสดงสินค้า", "Fair"},
          {"channels", "friends", "เพื่อนแนะนำ", "Friends"},
          {"yes_no", "yes", "ใช่", "Yes"},
          {"yes_no", "no", "ไม่ใช่", "No"}}},
        settings("product-buyer-xls", 3, "แบบสอบถามผู้ซื้อผลิตภัณฑ์ชุมชน", "Community product buyer survey"),
    };
}

inline XlsForm householdForm() {
    return {
        {"survey",
         {kSurveyHeader,
          {"begin group", "members_page", "สมาชิกในครัวเรือน", "Household members"},
          {"integer", "members", "จำนวนสมาชิกในครัวเรือน", "People in the household", "รวมตัวท่านเอง", "yes", "",
           ". >= 1 and . <= 30", "ต้องมีสมาชิก 1 ถึง 30 คน"},
          {"integer", "children", "จำนวนเด็กอายุต่ำกว่า 15 ปี", "Children under 15", "", "", "", ". >= 0", "", 0.0},
          {"integer", "elders", "จำนวนผู้สูงอายุ", "People over 60"},
          {"end group"},
          {"select_multiple incomes", "income", "แหล่งรายได้หลักของครัวเรือน", "Main sources of income", "", "yes"},
          {"decimal", "rai", "พื้นที่ทำการเกษตร (ไร่)", "Farm land (rai)", "", "", "selected(${income}, 'farming')",
           ". >= 0 and . <= 1000"},
          {"select_one water", "water", "น้ำดื่มมาจากที่ใด", "Drinking water comes from", "", "yes"},
          {"note", "help_note", "ครัวเรือนนี้อาจได้รับความช่วยเหลือ", "This household may get support", "", "",
           "${members} > 6 or ${children} >= 3 or ${elders} >= 2"},
          {"text", "needs", "ความต้องการความช่วยเหลือ", "Support needed", "", "",
           "not(${water} = 'tap') and (${members} > 6 or ${elders} >= 2)"}}},
        {"choices",
         {kChoicesHeader,
          {"incomes", "farming", "เกษตรกรรม", "Farming"},
          {"incomes", "trade", "ค้าขาย", "Trade"},
          {"incomes", "wages", "รับจ้างทั่วไป", "Wages"},
          {"water", "tap", "ประปาหมู่บ้าน", "Village tap water"},
          {"water", "well", "บ่อน้ำ", "Well"},
          {"water", "rain", "น้ำฝน", "Rain water"}}},
        settings("household-2570", 1, "แบบสำรวจข้อมูลครัวเรือน ปี 2570", "Household survey 2027"),
    };
}

}  // namespace fangsiang::test
