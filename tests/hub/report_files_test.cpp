// The satisfaction report as CSV, XLSX and PDF, read back: the CSV and the
// workbook cell by cell against the figures, the PDF's text with pdftotext
// (Thai intact, the office on every page), its pages rendered with pdftoppm
// into report-pages/ beside the test for a person to look at; and the
// `fangsiang-hub report` command writing each.

#include "report_support.hpp"

#include "hub/report_content.hpp"
#include "hub/report_files.hpp"
#include "hub/xlsform.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <sstream>

using namespace fangsiang;
using Catch::Contains;
using test::kOffice;

namespace {

constexpr const char* kOfficeName = "เทศบาลตำบลบ้านสวน";

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        out.append(buffer, n);
    REQUIRE(::pclose(pipe) == 0);
    return out;
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

struct Seeded {
    test::TestHub hub;
    hub::SatisfactionFigures figures;
    Seeded() {
        auto id = test::seededIdentity(151);
        test::enrolIdentity(hub, id);
        core::ChainHead head;
        test::pushAll(hub, id, test::chainOf(id, head, test::satisfactionPayloads(900, 11)));
        hub::SatisfactionQuery q;
        q.office = kOffice;
        q.period = {202510, 202603};
        auto f = hub::officeSatisfaction(hub.storage(), {}, q);
        REQUIRE(f.ok());
        figures = std::move(*f);
    }
    hub::ReportDocument document() {
        auto office = hub.storage().findOffice(kOffice);
        REQUIRE(office.ok());
        REQUIRE(office->has_value());
        return hub::satisfactionDocument(figures, **office, test::officeMs(2026, 12, 1, 10));
    }
};

}  // namespace

TEST_CASE("the satisfaction report as CSV: UTF-8 with a byte order mark, the figures as computed", "[reports][files]") {
    Seeded s;
    const std::string csv = hub::documentCsv(s.document());
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    const auto lines = splitLines(csv.substr(3));
    CHECK(lines[0] == "รายงานผลการประเมินความพึงพอใจต่อการให้บริการ");
    CHECK(lines[1] == std::string(kOfficeName) + "," + kOffice);
    CHECK(lines[2] == "ระยะเวลา (Period),ต.ค. 2568 – มี.ค. 2569,October 2025 – March 2026");
    CHECK(lines[3] == "จัดทำเมื่อ (Made on),1 ธันวาคม 2569");
    // The dimension table: its heading, then one row per dimension.
    auto at = std::find(lines.begin(), lines.end(), "ผลการประเมินรายด้าน (By dimension)");
    REQUIRE(at != lines.end());
    CHECK_THAT(*(at + 1), Contains("ค่าเฉลี่ย (Mean)"));
    for (std::size_t i = 0; i < s.figures.dimensions.size(); ++i) {
        const auto& d = s.figures.dimensions[i];
        const std::string expected = d.label.th + "," + std::to_string(d.faces.n()) + "," + hub::fixed2(d.faces.mean()) +
                                     "," + hub::fixed2(d.faces.sd()) + "," + hub::bandOf(d.faces.mean()).th + "," +
                                     hub::fixed2(d.faces.satisfiedPercent()) + "," + (d.pass ? "ผ่าน" : "ไม่ผ่าน");
        CHECK(*(at + 2 + static_cast<long>(i)) == expected);
    }
    CHECK(std::find(lines.begin(), lines.end(), "แนวโน้มรายเดือน (Month by month)") != lines.end());
    CHECK(csv.find("เจ้าหน้าที่บริการดีมาก") == std::string::npos);  // comments never appear
}

TEST_CASE("the satisfaction report as XLSX reads back with every figure", "[reports][files]") {
    Seeded s;
    auto bytes = hub::documentXlsx(s.document());
    INFO((bytes ? std::string() : bytes.error().message));
    REQUIRE(bytes.ok());
    auto sheets = hub::readXlsx(*bytes);
    INFO((sheets ? std::string() : sheets.error().message));
    REQUIRE(sheets.ok());
    REQUIRE(sheets->size() == s.document().tables.size());
    CHECK((*sheets)[0].name == "1 ผลการประเมินรายด้าน");
    const auto& rows = (*sheets)[0].rows;
    REQUIRE(rows.size() >= 8 + s.figures.dimensions.size());
    CHECK(rows[0][0] == "รายงานผลการประเมินความพึงพอใจต่อการให้บริการ");
    CHECK(rows[1][0] == kOfficeName);
    CHECK(rows[6][2] == "ค่าเฉลี่ย (Mean)");
    for (std::size_t i = 0; i < s.figures.dimensions.size(); ++i) {
        const auto& d = s.figures.dimensions[i];
        const auto& row = rows[7 + i];
        INFO(d.question);
        CHECK(row[0] == d.label.th);
        CHECK(std::stoll(row[1]) == d.faces.n());
        CHECK(std::stod(row[2]) == Approx(d.faces.mean()).epsilon(1e-9));  // a number, not rounded text
        CHECK(std::stod(row[3]) == Approx(d.faces.sd()).epsilon(1e-9));
        CHECK(row[4] == hub::bandOf(d.faces.mean()).th);
        CHECK(std::stod(row[5]) == Approx(d.faces.satisfiedPercent()).epsilon(1e-9));
    }
    const auto& services = (*sheets)[1].rows;
    std::int64_t responses = 0;
    for (std::size_t r = 7; r < services.size(); ++r)
        responses += std::stoll(services[r][1]);
    CHECK(responses == s.figures.responses);
    CHECK((*sheets)[2].rows.size() == 7 + 6);  // six months
}

TEST_CASE("the satisfaction report as PDF: Thai text extracted back, the office on every page", "[reports][files][pdf]") {
    Seeded s;
    auto doc = s.document();
    // Long enough to run onto further pages: a service per row, many of them.
    for (int i = 0; i < 40; ++i)
        doc.tables[1].rows.push_back({{"บริการรับชำระภาษีที่ดินและสิ่งปลูกสร้าง จุดที่ " + std::to_string(i + 1), {}},
                                      {"12", 12.0}, {"4.00", 4.0}, {"0.80", 0.8}, {"มาก", {}}, {"75.00", 75.0},
                                      {"ผ่าน", {}}});
    auto pdf = hub::documentPdf(doc);
    INFO((pdf ? std::string() : pdf.error().message));
    REQUIRE(pdf.ok());
    REQUIRE(pdf->rfind("%PDF-", 0) == 0);
    test::TempDir dir;
    const auto file = dir / "report.pdf";
    REQUIRE(core::writeFileAtomically(file, core::asBytes(*pdf), 0644).ok());
        // -raw: the text in the order it is drawn. (The default layout mode
    // guesses word gaps from glyph positions and puts spaces inside Thai
    // words after some stacked marks, a guess of the extractor's.)
    const std::string text = run("pdftotext -raw -enc UTF-8 '" + file.string() + "' -");
    std::vector<std::string> pages;
    std::size_t start = 0;
    for (std::size_t ff; (ff = text.find('\f', start)) != std::string::npos; start = ff + 1)
        pages.push_back(text.substr(start, ff - start));
    REQUIRE(pages.size() >= 2);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        INFO("page " << p + 1);
        CHECK_THAT(pages[p], Contains(kOfficeName));
        CHECK_THAT(pages[p], Contains("หน้า " + std::to_string(p + 1)));
        CHECK_THAT(pages[p], Contains("1 ธันวาคม 2569"));
    }
    CHECK_THAT(pages[0], Contains("รายงานผลการประเมินความพึงพอใจต่อการให้บริการ"));
    CHECK_THAT(pages[0], Contains("ต.ค. 2568 – มี.ค. 2569"));
    CHECK_THAT(text, Contains("ขั้นตอนและระยะเวลาการให้บริการ"));
    CHECK_THAT(text, Contains("ความพึงพอใจโดยรวม"));
    CHECK_THAT(text, Contains("ส่วนเบี่ยงเบนมาตรฐาน"));
    CHECK_THAT(text, Contains(hub::fixed2(s.figures.all.mean())));
    CHECK_THAT(text, Contains("แนวโน้มรายเดือน"));
    // The pages as images, for a person to look at, in a folder of this
    // test's own (the complaint report's test writes beside it at the same time).
    const std::filesystem::path images = std::filesystem::path("report-pages") / "satisfaction";
    std::filesystem::remove_all(images);
    std::filesystem::create_directories(images);
    std::filesystem::copy_file(file, images / "satisfaction.pdf", std::filesystem::copy_options::overwrite_existing);
    run("pdftoppm -r 80 -png '" + file.string() + "' '" + (images / "satisfaction").string() + "'");
    CHECK(std::filesystem::exists(images / "satisfaction-1.png"));
}

TEST_CASE("fangsiang-hub report satisfaction writes each format, and bad arguments change nothing", "[reports][files][cli]") {
    test::HubDir dir;
    auto id = test::seededIdentity(152);
    core::ChainHead head;
    dir.seed(id, test::bytesOf(test::chainOf(id, head, test::satisfactionPayloads(120, 12))));
    const std::string d = dir.path().string();
    for (const char* format : {"csv", "xlsx", "pdf"}) {
        const auto out = dir.path() / (std::string("report.") + format);
        auto made = test::runHub({"--dir", d, "report", "satisfaction", "--office", kOffice, "--period",
                                  "2025-10..2026-03", "--format", format, "--out", out.string()},
                                 60);
        INFO(made.output);
        REQUIRE(made.exitCode == 0);
        CHECK_THAT(made.output, Contains("October 2025 to March 2026"));
        REQUIRE(std::filesystem::file_size(out) > 100);
    }
    auto csv = core::readFile(dir.path() / "report.csv", 1 << 20);
    REQUIRE(csv.ok());
    CHECK_THAT(std::string(csv->begin(), csv->end()), Contains("ผลการประเมินรายบริการ"));

    struct Bad {
        std::vector<std::string> args;
        const char* says;
    };
    const auto bad = GENERATE(
        Bad{{"--office", kOffice, "--period", "2026-13", "--format", "csv"}, "is not a month"},
        Bad{{"--office", kOffice, "--months", "6", "--format", "docx"}, "is not one of pdf, xlsx, csv"},
        Bad{{"--office", "9999999", "--months", "6", "--format", "csv"}, "there is no office 9999999"},
        Bad{{"--office", kOffice, "--months", "7", "--format", "csv"}, "--months"});
    std::vector<std::string> args = {"--dir", d, "report", "satisfaction", "--out", (dir.path() / "bad.csv").string()};
    args.insert(args.end(), bad.args.begin(), bad.args.end());
    auto refused = test::runHub(args, 60);
    INFO(refused.output);
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.output, Contains(bad.says));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "bad.csv"));

    SECTION("the target command sets what passes") {
        auto set = test::runHub({"--dir", d, "report", "target", "--office", kOffice, "--satisfied", "80"}, 60);
        INFO(set.output);
        CHECK(set.exitCode == 0);
        auto wrong = test::runHub({"--dir", d, "report", "target", "--office", kOffice, "--satisfied", "180"}, 60);
        CHECK(wrong.exitCode != 0);
        CHECK_THAT(wrong.output, Contains("percentage from 0 to 100"));
        dir.with([&](hub::HubService&, hub::HubStorage& storage, const hub::HubKeys&) {
            CHECK(storage.reports().targets(kOffice)->satisfiedPercent == Approx(80.0));
        });
    }
}
