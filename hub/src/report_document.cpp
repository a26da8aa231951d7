// The report documents and their CSV and XLSX files (hub/report_files.hpp).

#include "hub/report_files.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using core::TextPair;

std::string fixed2(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

core::Result<ReportFormat> reportFormatFromName(std::string_view name) {
    if (name == "pdf")
        return ReportFormat::Pdf;
    if (name == "xlsx")
        return ReportFormat::Xlsx;
    if (name == "csv")
        return ReportFormat::Csv;
    return makeError(ErrorCode::BadRequest,
                     "the format \"" + std::string(name.substr(0, 16)) + "\" is not one of pdf, xlsx, csv");
}

const char* reportMediaType(ReportFormat format) {
    switch (format) {
        case ReportFormat::Pdf: return "application/pdf";
        case ReportFormat::Xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case ReportFormat::Csv: return "text/csv; charset=utf-8";
    }
    return "application/octet-stream";
}

const char* reportExtension(ReportFormat format) {
    switch (format) {
        case ReportFormat::Pdf: return "pdf";
        case ReportFormat::Xlsx: return "xlsx";
        case ReportFormat::Csv: return "csv";
    }
    return "bin";
}

core::Result<std::string> writeDocument(const ReportDocument& document, ReportFormat format) {
    switch (format) {
        case ReportFormat::Pdf: return documentPdf(document);
        case ReportFormat::Xlsx: return documentXlsx(document);
        case ReportFormat::Csv: return documentCsv(document);
    }
    return makeError(ErrorCode::InvalidArgument, "unknown report format");
}

// [SECTION] The satisfaction report

namespace {

ReportCell text(std::string t) { return ReportCell{std::move(t), std::nullopt}; }
ReportCell number(double v) { return ReportCell{fixed2(v), v}; }
ReportCell count(std::int64_t v) { return ReportCell{std::to_string(v), static_cast<double>(v)}; }

void periodOf(ReportDocument& d, MonthRange period, const Office& office, std::int64_t madeAtMs) {
    d.officeName = office.name.empty() ? office.code : office.name;
    d.officeCode = office.code;
    const TextPair from = monthName(period.from), to = monthName(period.to);
    d.period = period.from == period.to ? from : TextPair{from.th + " – " + to.th, from.en + " – " + to.en};
    d.madeOn = thaiDate(madeAtMs);
}

const TextPair kPass{"ผ่าน", "pass"};
const TextPair kFail{"ไม่ผ่าน", "fail"};

std::vector<ReportCell> facesRow(std::string label, const Faces& f, bool pass) {
    if (f.n() == 0)
        return {text(std::move(label)), count(0), text("–"), text("–"), text("–"), text("–"), text("–")};
    return {text(std::move(label)), count(f.n()), number(f.mean()), number(f.sd()),
            text(bandOf(f.mean()).th), number(f.satisfiedPercent()), text(pass ? kPass.th : kFail.th)};
}

const std::vector<TextPair> kFacesColumns = {{"ด้าน", "Dimension"},
                                             {"จำนวนคำตอบ", "Answers"},
                                             {"ค่าเฉลี่ย", "Mean"},
                                             {"S.D.", "S.D."},
                                             {"ระดับความพึงพอใจ", "Level"},
                                             {"ร้อยละผู้พึงพอใจ (4–5)", "% satisfied (4-5)"},
                                             {"ผลตามเกณฑ์", "Target"}};
const std::vector<double> kFacesWidths = {3.2, 1.2, 1.1, 1.4, 1.4, 1.5, 1.1};

}  // namespace

ReportDocument satisfactionDocument(const SatisfactionFigures& f, const Office& office, std::int64_t madeAtMs) {
    ReportDocument d;
    d.title = {"รายงานผลการประเมินความพึงพอใจต่อการให้บริการ", "Service satisfaction report"};
    periodOf(d, f.query.period, office, madeAtMs);
    d.notes.push_back("ระยะเวลา " + d.period.th + " (" + std::to_string(f.trend.size()) + " เดือน)  ผู้ตอบแบบประเมิน " +
                      std::to_string(f.responses) + " คน");
    d.notes.push_back("เกณฑ์: ร้อยละผู้พึงพอใจ (ให้คะแนน 4 หรือ 5) ไม่น้อยกว่า " + fixed2(f.targets.satisfiedPercent));
    d.notes.push_back("ระดับ: 4.21–5.00 มากที่สุด, 3.41–4.20 มาก, 2.61–3.40 ปานกลาง, 1.81–2.60 น้อย, 1.00–1.80 น้อยที่สุด");
    d.notes.push_back("S.D. = ส่วนเบี่ยงเบนมาตรฐาน");
    if (f.query.service)
        d.notes.push_back("เฉพาะบริการ " + *f.query.service);

    ReportTable dims{{"ผลการประเมินรายด้าน", "By dimension"}, kFacesColumns, kFacesWidths, {}};
    for (const auto& dim : f.dimensions)
        dims.rows.push_back(facesRow(dim.label.th, dim.faces, dim.pass));
    dims.rows.push_back(facesRow("รวมทุกด้าน", f.all, f.pass));
    d.tables.push_back(std::move(dims));

    ReportTable services{{"ผลการประเมินรายบริการ", "By service"},
                         {{"บริการ", "Service"},
                          {"ผู้ตอบ", "Responses"},
                          {"ค่าเฉลี่ย", "Mean"},
                          {"S.D.", "S.D."},
                          {"ระดับความพึงพอใจ", "Level"},
                          {"ร้อยละผู้พึงพอใจ (4–5)", "% satisfied (4-5)"},
                          {"ผลตามเกณฑ์", "Target"}},
                         kFacesWidths,
                         {}};
    for (const auto& s : f.services) {
        auto row = facesRow(s.label.th, s.all, s.pass);
        row[1] = count(s.responses);
        services.rows.push_back(std::move(row));
    }
    d.tables.push_back(std::move(services));

    ReportTable trend{{"แนวโน้มรายเดือน", "Month by month"},
                      {{"เดือน", "Month"},
                       {"จำนวนคำตอบ", "Answers"},
                       {"ค่าเฉลี่ย", "Mean"},
                       {"ระดับความพึงพอใจ", "Level"},
                       {"ร้อยละผู้พึงพอใจ (4–5)", "% satisfied (4-5)"},
                       {"ร้อยละผู้ให้ 1–2", "% answering 1-2"}},
                      {1.4, 1.6, 1.1, 1.5, 1.8, 1.8},
                      {}};
    for (const auto& p : f.trend) {
        if (p.all.n() == 0) {
            trend.rows.push_back({text(monthName(p.month).th), count(0), text("–"), text("–"), text("–"), text("–")});
            continue;
        }
        trend.rows.push_back({text(monthName(p.month).th), count(p.all.n()), number(p.all.mean()),
                              text(bandOf(p.all.mean()).th), number(p.all.satisfiedPercent()),
                              number(p.all.lowPercent())});
    }
    d.tables.push_back(std::move(trend));

    if (!f.alerts.empty()) {
        ReportTable alerts{{"ข้อสังเกตที่ควรติดตาม", "Alerts"}, {{"เดือน", "Month"}, {"ข้อสังเกต", "Alert"}}, {1.5, 6.5}, {}};
        for (const auto& a : f.alerts)
            alerts.rows.push_back({text(monthName(a.month).th), text(a.message.th)});
        d.tables.push_back(std::move(alerts));
    }
    return d;
}

// [SECTION] The complaint report

namespace {


ReportTable countTable(TextPair title, TextPair what, const std::vector<CountRow>& rows, std::int64_t total) {
    ReportTable t{std::move(title), {std::move(what), {"จำนวน (เรื่อง)", "Cases"}, {"ร้อยละ", "%"}}, {4, 1.5, 1.5}, {}};
    for (const auto& r : rows)
        t.rows.push_back({text(r.label.th), count(r.n),
                          number(total == 0 ? 0 : 100.0 * static_cast<double>(r.n) / static_cast<double>(total))});
    return t;
}

std::vector<ReportCell> durationRow(std::string what, const DurationFigure& d) {
    if (d.n == 0)
        return {text(std::move(what)), count(0), text("–"), text("–")};
    return {text(std::move(what)), count(d.n), number(d.medianHours / 24.0), number(d.p90Hours / 24.0)};
}

}  // namespace

ReportDocument complaintDocument(const ComplaintFigures& f, const Office& office, std::int64_t madeAtMs) {
    ReportDocument d;
    d.title = {"รายงานผลการดำเนินการเรื่องร้องเรียน", "Complaint handling report"};
    periodOf(d, f.period, office, madeAtMs);
    d.notes.push_back("ระยะเวลา " + d.period.th + "  เรื่องร้องเรียนทั้งหมด " + std::to_string(f.total) + " เรื่อง");
    d.notes.push_back("แจ้งผลแก่ผู้ร้องภายใน 15 วัน ร้อยละ " + fixed2(f.outcomeIn15Days.percent()) + " (" +
                      std::to_string(f.outcomeIn15Days.met) + " จาก " + std::to_string(f.outcomeIn15Days.n) + " เรื่อง)");
    d.notes.push_back("ดำเนินการแล้วเสร็จภายในเวลาที่กำหนด ร้อยละ " + fixed2(f.resolvedInTarget.percent()) + " (" +
                      std::to_string(f.resolvedInTarget.met) + " จาก " + std::to_string(f.resolvedInTarget.n) + " เรื่อง)");
    d.tables.push_back(countTable({"จำนวนเรื่องตามประเภท", "By category"}, {"ประเภท", "Category"}, f.byCategory, f.total));
    d.tables.push_back(countTable({"จำนวนเรื่องตามสถานะ", "By state"}, {"สถานะ", "State"}, f.byState, f.total));
    d.tables.push_back(countTable({"จำนวนเรื่องตามหน่วยงาน", "By unit"}, {"หน่วยงาน", "Unit"}, f.byUnit, f.total));
    d.tables.push_back(countTable({"จำนวนเรื่องตามหมู่บ้าน", "By village"}, {"หมู่บ้าน", "Village"}, f.byVillage, f.total));
    d.tables.push_back(countTable({"จำนวนเรื่องรายเดือน", "By month"}, {"เดือน", "Month"}, f.byMonth, f.total));
    ReportTable times{{"ระยะเวลาดำเนินการ (วัน)", "Times (days)"},
                      {{"ขั้นตอน", "Step"}, {"จำนวน (เรื่อง)", "Cases"}, {"มัธยฐาน", "Median"}, {"เปอร์เซ็นไทล์ที่ 90", "90th percentile"}},
                      {3.5, 1.5, 1.5, 2},
                      {}};
    times.rows.push_back(durationRow("รับเรื่อง", f.toAccept));
    times.rows.push_back(durationRow("ตอบกลับครั้งแรก", f.toFirstReply));
    times.rows.push_back(durationRow("ดำเนินการแล้วเสร็จ", f.toResolve));
    d.tables.push_back(std::move(times));
    ReportTable backlog{{"เรื่องค้างดำเนินการตามอายุเรื่อง", "Open cases by age"},
                        {{"อายุเรื่อง", "Age"}, {"จำนวน (เรื่อง)", "Cases"}},
                        {4, 2},
                        {}};
    const std::array<const char*, kBacklogDays.size() + 1> ages = {"ไม่เกิน 7 วัน", "8–15 วัน", "16–30 วัน", "31–60 วัน",
                                                                  "เกิน 60 วัน"};
    for (std::size_t i = 0; i < ages.size(); ++i)
        backlog.rows.push_back({text(ages[i]), count(f.backlog[i])});
    d.tables.push_back(std::move(backlog));
    return d;
}

// [SECTION] CSV

namespace {

std::string csvField(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string out = "\"";
    for (char c : value)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string heading(const TextPair& t) { return t.en.empty() || t.en == t.th ? t.th : t.th + " (" + t.en + ")"; }

}  // namespace

std::string documentCsv(const ReportDocument& d) {
    std::string out = "\xEF\xBB\xBF";  // the byte order mark: Excel then reads UTF-8
    auto line = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            out += (i ? "," : "") + csvField(fields[i]);
        out += "\r\n";
    };
    line({d.title.th});
    line({d.officeName, d.officeCode});
    line({"ระยะเวลา (Period)", d.period.th, d.period.en});
    line({"จัดทำเมื่อ (Made on)", d.madeOn});
    for (const auto& note : d.notes)
        line({note});
    for (const auto& t : d.tables) {
        out += "\r\n";
        line({heading(t.title)});
        std::vector<std::string> head;
        for (const auto& c : t.columns)
            head.push_back(heading(c));
        line(head);
        for (const auto& row : t.rows) {
            std::vector<std::string> fields;
            for (const auto& cell : row)
                fields.push_back(cell.text);
            line(fields);
        }
    }
    return out;
}

// [SECTION] XLSX

core::Result<std::string> documentXlsx(const ReportDocument& d) {
    // libxlsxwriter writes a file; it is made in a private temporary folder
    // and read back.
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec) /
                     ("fangsiang-report-" + std::to_string(std::random_device{}()) + std::to_string(::getpid()));
    if (ec || !std::filesystem::create_directory(dir, ec))
        return makeError(ErrorCode::Io, "could not make a temporary folder for the workbook");
    struct Remove {
        std::filesystem::path dir;
        ~Remove() {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } remove{dir};
    const auto file = (dir / "report.xlsx").string();
    lxw_workbook* book = workbook_new(file.c_str());
    if (book == nullptr)
        return makeError(ErrorCode::Io, "could not start the workbook");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* title = workbook_add_format(book);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* figure = workbook_add_format(book);
    format_set_num_format(figure, "0.00");
    int sheetNumber = 0;
    for (const auto& t : d.tables) {
        // Excel takes at most 31 characters (code points) in a sheet's name.
        std::string name = std::to_string(++sheetNumber) + " " + t.title.th;
        std::size_t codePoints = 0, cut = 0;
        for (; cut < name.size(); ++cut)
            if ((static_cast<unsigned char>(name[cut]) & 0xC0) != 0x80 && ++codePoints > 31)
                break;
        name.resize(cut);
        lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
        if (sheet == nullptr)
            sheet = workbook_add_worksheet(book, nullptr);
        worksheet_write_string(sheet, 0, 0, d.title.th.c_str(), title);
        worksheet_write_string(sheet, 1, 0, d.officeName.c_str(), bold);
        worksheet_write_string(sheet, 2, 0, ("ระยะเวลา " + d.period.th).c_str(), nullptr);
        worksheet_write_string(sheet, 3, 0, ("จัดทำเมื่อ " + d.madeOn).c_str(), nullptr);
        worksheet_write_string(sheet, 5, 0, heading(t.title).c_str(), bold);
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            worksheet_write_string(sheet, 6, static_cast<lxw_col_t>(c), heading(t.columns[c]).c_str(), bold);
            worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                 c < t.widths.size() ? 9.0 * t.widths[c] : 14.0, nullptr);
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r)
            for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
                const auto& cell = t.rows[r][c];
                const auto row = static_cast<lxw_row_t>(7 + r);
                const auto col = static_cast<lxw_col_t>(c);
                if (cell.number)
                    worksheet_write_number(sheet, row, col, *cell.number, figure);
                else
                    worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr);
            }
    }
    if (const lxw_error err = workbook_close(book); err != LXW_NO_ERROR)
        return makeError(ErrorCode::Io, std::string("could not write the workbook: ") + lxw_strerror(err));
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in)
        return makeError(ErrorCode::Io, "could not read the workbook back");
    return bytes.str();
}

}  // namespace fangsiang::hub
