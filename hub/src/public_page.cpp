// The public transparency page of each office (hub/public_page.hpp).

#include "hub/public_page.hpp"
#include "hub/case_workflow.hpp"
#include "hub/complaint_figures.hpp"
#include "hub/report_content.hpp"
#include "hub/report_files.hpp"
#include "hub/satisfaction.hpp"

#include "core/complaint_categories.hpp"
#include "core/text_pair.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace fangsiang::hub {

using core::TextPair;
using nlohmann::json;

namespace {

constexpr const char* kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

// [SECTION] The figures, as tables
struct PublicTable {
    std::string id;
    TextPair title;
    std::vector<TextPair> columns;
    std::vector<std::vector<std::string>> rows;
    int chartColumn = 1;     // the column the bars show
    double chartMax = 0;     // 0: the largest value
};

struct PublicFigures {
    Office office;
    TextPair period;
    std::int64_t responses = 0;
    std::int64_t complaints = 0;
    std::vector<PublicTable> tables;
};

std::string num(double v, int digits = 2) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", digits, v);
    return text;
}

TextPair categoryName(const std::string& id) {
    if (const TextPair* name = core::complaintCategoryName(id))
        return *name;
    return {"อื่น ๆ", "other"};  // never the record's own words
}

TextPair stateName(const std::string& id) {
    if (auto state = sync::ticketStatusFromName(id))
        return caseStateName(*state);
    return {"อื่น ๆ", "other"};
}

// Rows of counts merged by their public name (unknown ids become "other").
std::vector<std::vector<std::string>> countRows(const std::vector<CountRow>& rows, TextPair (*name)(const std::string&),
                                                bool th, std::int64_t total) {
    std::vector<std::pair<TextPair, std::int64_t>> merged;
    for (const auto& r : rows) {
        const TextPair label = name(r.key);
        auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& m) { return m.first.th == label.th; });
        if (it == merged.end())
            merged.emplace_back(label, r.n);
        else
            it->second += r.n;
    }
    std::stable_sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::vector<std::string>> out;
    for (const auto& [label, n] : merged)
        out.push_back({th ? label.th : label.en, std::to_string(n),
                       total ? num(100.0 * double(n) / double(total), 1) : "0.0"});
    return out;
}

core::Result<PublicFigures> figuresOf(HubStorage& storage, const Office& office, std::int64_t nowMs, int months,
                                      bool th) {
    PublicFigures p;
    p.office = office;
    const MonthRange period = lastMonths(nowMs, months);
    const TextPair from = monthName(period.from), to = monthName(period.to);
    p.period = {from.th + " – " + to.th, from.en + " – " + to.en};
    const auto pick = [th](const TextPair& t) { return th || t.en.empty() ? t.th : t.en; };

    const auto content = TRY(reportContent(storage, office.code));
    SatisfactionQuery q;
    q.office = office.code;
    q.period = period;
    const auto s = TRY(officeSatisfaction(storage, content, q));
    p.responses = s.responses;
    const TextPair kPass{"ผ่าน", "pass"}, kFail{"ไม่ผ่าน", "fail"};
    PublicTable dims{"satisfaction-dimensions",
                     {"ความพึงพอใจรายด้าน (คะแนนเต็ม 5)", "Satisfaction by dimension (out of 5)"},
                     {{"ด้าน", "Dimension"}, {"ค่าเฉลี่ย", "Mean"}, {"ผู้ตอบ", "Answers"}, {"ระดับ", "Level"},
                      {"ร้อยละพึงพอใจ", "% satisfied"}, {"เกณฑ์ร้อยละ " + num(s.targets.satisfiedPercent, 0),
                                                        "Target " + num(s.targets.satisfiedPercent, 0) + "%"}},
                     {}, 1, 5};
    auto facesRow = [&](const std::string& label, const Faces& f, bool pass) {
        if (f.n() == 0)
            return std::vector<std::string>{label, "—", "0", "—", "—", "—"};
        const Band band = bandOf(f.mean());
        return std::vector<std::string>{label, num(f.mean()), std::to_string(f.n()), th ? band.th : band.en,
                                        num(f.satisfiedPercent(), 1), pick(pass ? kPass : kFail)};
    };
    for (const auto& d : s.dimensions)
        dims.rows.push_back(facesRow(pick(d.label), d.faces, d.pass));
    dims.rows.push_back(facesRow(th ? "รวมทุกด้าน" : "All dimensions", s.all, s.pass));
    p.tables.push_back(std::move(dims));
    PublicTable trend{"satisfaction-months",
                      {"ความพึงพอใจรายเดือน", "Satisfaction by month"},
                      {{"เดือน", "Month"}, {"ค่าเฉลี่ย", "Mean"}, {"ผู้ตอบ", "Answers"}, {"ร้อยละพึงพอใจ", "% satisfied"}},
                      {}, 1, 5};
    for (const auto& t : s.trend)
        trend.rows.push_back({pick(monthName(t.month)), t.all.n() ? num(t.all.mean()) : "—", std::to_string(t.all.n()),
                              t.all.n() ? num(t.all.satisfiedPercent(), 1) : "—"});
    p.tables.push_back(std::move(trend));

    const auto c = TRY(officeComplaints(storage, office.code, period, nowMs));
    p.complaints = c.total;
    const std::vector<TextPair> countColumns = {{"รายการ", "Item"}, {"จำนวน", "Count"}, {"ร้อยละ", "%"}};
    p.tables.push_back({"complaints-categories", {"เรื่องร้องเรียนตามประเภท", "Complaints by category"}, countColumns,
                        countRows(c.byCategory, categoryName, th, c.total)});
    p.tables.push_back({"complaints-outcomes", {"ผลการดำเนินการ", "Outcomes"}, countColumns,
                        countRows(c.byState, stateName, th, c.total)});
    PublicTable byMonth{"complaints-months", {"เรื่องร้องเรียนรายเดือน", "Complaints by month"},
                        {{"เดือน", "Month"}, {"จำนวน", "Count"}}, {}};
    for (const auto& m : c.byMonth)
        byMonth.rows.push_back({pick(m.label), std::to_string(m.n)});
    p.tables.push_back(std::move(byMonth));
    PublicTable times{"complaints-times", {"ระยะเวลาดำเนินการ (ชั่วโมง)", "Times (hours)"},
                      {{"ขั้นตอน", "Step"}, {"มัธยฐาน", "Median"}, {"จำนวนเรื่อง", "Cases"}, {"เปอร์เซ็นไทล์ 90", "90th percentile"}},
                      {}};
    const std::pair<TextPair, const DurationFigure*> steps[] = {{{"ถึงรับเรื่อง", "To accept"}, &c.toAccept},
                                                                {{"ถึงตอบครั้งแรก", "To first reply"}, &c.toFirstReply},
                                                                {{"ถึงแล้วเสร็จ", "To resolve"}, &c.toResolve}};
    for (const auto& [label, d] : steps)
        times.rows.push_back({pick(label), d->n ? num(d->medianHours, 1) : "—", std::to_string(d->n),
                              d->n ? num(d->p90Hours, 1) : "—"});
    p.tables.push_back(std::move(times));
    PublicTable promises{"complaints-promises", {"การแจ้งผลและความตรงเวลา", "Told in time, resolved in time"},
                         {{"ตัวชี้วัด", "Measure"}, {"ร้อยละ", "%"}, {"เรื่องที่นับ", "Cases counted"}, {"ผ่าน", "Met"}},
                         {}, 1, 100};
    promises.rows.push_back({th ? "แจ้งผลภายใน 15 วัน" : "Told the outcome within 15 days",
                             num(c.outcomeIn15Days.percent(), 1), std::to_string(c.outcomeIn15Days.n),
                             std::to_string(c.outcomeIn15Days.met)});
    promises.rows.push_back({th ? "แล้วเสร็จตามกำหนด" : "Resolved within target", num(c.resolvedInTarget.percent(), 1),
                             std::to_string(c.resolvedInTarget.n), std::to_string(c.resolvedInTarget.met)});
    p.tables.push_back(std::move(promises));
    return p;
}

// [SECTION] Writing it out
std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += ch;
        }
    }
    return out;
}

double valueOf(const std::string& cell) {
    try {
        return cell == "—" ? 0 : std::stod(cell);
    } catch (...) {
        return 0;
    }
}

// Bars, one row each: the label as text (so Thai wraps as Thai does), the
// bar as SVG with presentation attributes only (the CSP allows no inline
// style), the figure.
std::string barsHtml(const PublicTable& t) {
    if (t.rows.empty())
        return {};
    const auto column = static_cast<std::size_t>(t.chartColumn);
    double max = t.chartMax;
    for (const auto& r : t.rows)
        max = std::max(max, valueOf(r[column]));
    if (max <= 0)
        max = 1;
    std::string out = "<div class=\"bars\" aria-hidden=\"true\">";
    for (const auto& r : t.rows)
        out += "<div class=\"bar-row\"><span class=\"bar-name\">" + escape(r[0]) +
               "</span><svg class=\"bar-track\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\"><rect x=\"0\" "
               "y=\"0\" height=\"10\" width=\"" +
               num(100.0 * valueOf(r[column]) / max, 1) + "\" class=\"bar\"/></svg><span class=\"bar-value\">" +
               escape(r[column]) + "</span></div>";
    return out + "</div>";
}

std::string tableCsv(const PublicTable& t, bool th) {
    auto cell = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos)
            return s;
        std::string out = "\"";
        for (char ch : s)
            out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return out + "\"";
    };
    std::string csv = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        csv += (i ? "," : "") + cell(th ? t.columns[i].th : t.columns[i].en);
    csv += "\r\n";
    for (const auto& r : t.rows) {
        for (std::size_t i = 0; i < r.size(); ++i)
            csv += (i ? "," : "") + cell(r[i]);
        csv += "\r\n";
    }
    return csv;
}

json figuresJson(const PublicFigures& p, bool th) {
    json tables = json::array();
    for (const auto& t : p.tables) {
        json columns = json::array();
        for (const auto& c : t.columns)
            columns.push_back(th ? c.th : c.en);
        tables.push_back({{"id", t.id}, {"title", th ? t.title.th : t.title.en}, {"columns", columns}, {"rows", t.rows},
                          {"csv", "/public/" + p.office.code + "/" + t.id + ".csv" + (th ? "" : "?lang=en")}});
    }
    return {{"office", {{"code", p.office.code}, {"nameTh", p.office.name}, {"nameEn", p.office.nameEn}}},
            {"period", th ? p.period.th : p.period.en},
            {"responses", p.responses},
            {"complaints", p.complaints},
            {"tables", tables}};
}

std::string pageHtml(const PublicFigures& p, bool th, std::int64_t nowMs) {
    const std::string name = th || p.office.nameEn.empty() ? p.office.name : p.office.nameEn;
    const std::string base = "/public/" + p.office.code;
    const std::string langQuery = th ? "" : "?lang=en";
    std::string h = "<!doctype html>\n<html lang=\"" + std::string(th ? "th" : "en") +
                    "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
                    "initial-scale=1\"><title>" +
                    escape(name) + (th ? " · ผลการดำเนินงาน" : " · Transparency") +
                    "</title><link rel=\"stylesheet\" href=\"/public/public.css\"></head><body><header><h1>" +
                    escape(name) + "</h1><p>" +
                    (th ? "ผลการรับฟังความคิดเห็นและเรื่องร้องเรียน " : "Satisfaction and complaints, ") +
                    "<span class=\"period\">" + escape(th ? p.period.th : p.period.en) + "</span></p><p class=\"meta\">" + (th ? "ข้อมูล ณ " : "As of ") + escape(thaiDate(nowMs)) +
                    " · <a href=\"" + base + (th ? "?lang=en\">English" : "\">ภาษาไทย") + "</a> · <a href=\"" + base +
                    ".json" + langQuery + "\">JSON</a></p></header><main>";
    h += "<section class=\"cards\"><div class=\"card\"><b>" + std::to_string(p.responses) + "</b>" +
         (th ? "ผู้ตอบแบบประเมินความพึงพอใจ" : "satisfaction responses") + "</div><div class=\"card\"><b>" +
         std::to_string(p.complaints) + "</b>" + (th ? "เรื่องร้องเรียน" : "complaints") + "</div></section>";
    for (const auto& t : p.tables) {
        h += "<section class=\"figure\" id=\"" + escape(t.id) + "\"><h2>" + escape(th ? t.title.th : t.title.en) +
             "</h2>" + barsHtml(t) + "<div class=\"table-wrap\"><table><thead><tr>";
        for (const auto& c : t.columns)
            h += "<th>" + escape(th ? c.th : c.en) + "</th>";
        h += "</tr></thead><tbody>";
        for (const auto& r : t.rows) {
            h += "<tr>";
            for (std::size_t i = 0; i < r.size(); ++i)
                h += (i ? "<td class=\"num\">" : "<td>") + escape(r[i]) + "</td>";
            h += "</tr>";
        }
        if (t.rows.empty())
            h += "<tr><td colspan=\"" + std::to_string(t.columns.size()) + "\">" + (th ? "ยังไม่มีข้อมูล" : "No data yet") +
                 "</td></tr>";
        h += "</tbody></table></div><p><a class=\"csv\" href=\"" + base + "/" + escape(t.id) + ".csv" + langQuery +
             "\" download>CSV</a></p></section>";
    }
    h += std::string("</main><footer>") +
         (th ? "หน้านี้แสดงเฉพาะตัวเลขสรุป ไม่มีข้อความหรือข้อมูลส่วนบุคคลของผู้ร้องเรียน"
             : "Figures only: no text or personal data of any complainant") +
         "</footer></body></html>\n";
    return h;
}

constexpr const char* kCss =
    "@font-face{font-family:'Loma';src:url('/static/fonts/Loma.woff') format('woff');font-weight:400}\n"
    "body{margin:0;font:1rem/1.6 'Loma','Tahoma','Noto Sans Thai',sans-serif;color:#1b2430;background:#f3f5f8}\n"
    "header{background:#1d5c8f;color:#fff;padding:1rem 1.2rem}header h1{margin:0;font-size:1.5rem}\n"
    "header p{margin:.2rem 0}header a{color:#fff}.meta{font-size:.9rem;opacity:.9}\n"
    "main{max-width:960px;margin:0 auto;padding:1rem}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.8rem;margin-bottom:1rem}\n"
    ".card{background:#fff;border:1px solid #d6dce4;border-radius:8px;padding:.6rem 1rem}.card b{display:block;"
    "font-size:1.6rem}\n"
    ".figure{background:#fff;border:1px solid #d6dce4;border-radius:8px;padding:.8rem 1rem;margin-bottom:1rem}\n"
    ".figure h2{font-size:1.15rem;margin:0 0 .5rem}.bars{display:flex;flex-direction:column;gap:.3rem;margin-bottom:.7rem}\n"
    ".bar-row{display:grid;grid-template-columns:minmax(7rem,15rem) 1fr minmax(3.5rem,max-content);gap:.6rem;"
    "align-items:center}\n"
    ".bar-value{text-align:right;font-variant-numeric:tabular-nums}svg.bar-track{width:100%;height:1rem;"
    "background:#eef2f6}.bar{fill:#1d5c8f}\n"
    "table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid "
    "#d6dce4}\n"
    "th{background:#eef2f6;font-size:.9rem}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".csv{display:inline-block;border:1px solid #1d5c8f;border-radius:6px;padding:.1rem .6rem;text-decoration:none;"
    "color:#1d5c8f}\n"
    "footer{max-width:960px;margin:0 auto;padding:0 1rem 2rem;color:#5b6675;font-size:.9rem}\n"
    ".table-wrap{overflow-x:auto}th{white-space:nowrap}.period{white-space:nowrap}\n"
    "@media(max-width:600px){th,td{font-size:.85rem;padding:.3rem}.bar-row{grid-template-columns:1fr max-content}"
    ".bar-row svg{grid-column:1/-1;grid-row:2}}\n";

HubResponse plain(int status, std::string message) {
    return HubResponse{status, "text/plain; charset=utf-8", std::move(message),
                       {{"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}}};
}

// [SECTION] The pages
struct Cached {
    std::int64_t atMs = 0;
    PublicFigures figures;
};

}  // namespace

struct PublicPages::Impl {
    Impl(HubStorage& s, std::function<std::int64_t()> c, PublicPageOptions o)
        : storage(s), clock(std::move(c)), options(o) {}
    HubStorage& storage;
    std::function<std::int64_t()> clock;
    PublicPageOptions options;
    std::mutex mutex;
    std::map<std::pair<std::string, bool>, Cached> cache;  // (office, Thai)
    std::map<std::string, std::pair<std::int64_t, int>> asked;  // address: (minute, answers)
};

PublicPages::PublicPages(HubStorage& storage, std::function<std::int64_t()> clock, PublicPageOptions options)
    : m_impl(std::make_unique<Impl>(storage, std::move(clock), options)) {}

PublicPages::~PublicPages() = default;

bool PublicPages::serves(std::string_view path) { return path.starts_with("/public/"); }

HubResponse PublicPages::answer(const std::string& path, const std::multimap<std::string, std::string>& query,
                                const std::string& address) {
    Impl& m = *m_impl;
    const std::int64_t now = m.clock();
    std::string rest = path.substr(std::string_view("/public/").size());
    if (rest == "public.css")
        return HubResponse{200, "text/css; charset=utf-8", kCss,
                           {{"Cache-Control", "public, max-age=86400"}, {"X-Content-Type-Options", "nosniff"}}};
    std::string table;
    enum class Kind { Page, Json, Csv } kind = Kind::Page;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        table = rest.substr(slash + 1);
        rest.resize(slash);
        if (!table.ends_with(".csv"))
            return plain(404, "no such page: a table is named TABLE.csv");
        table.resize(table.size() - 4);
        kind = Kind::Csv;
    } else if (rest.ends_with(".json")) {
        rest.resize(rest.size() - 5);
        kind = Kind::Json;
    }
    if (rest.empty() || rest.size() > 16 ||
        !std::all_of(rest.begin(), rest.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        return plain(404, "no such office: the page is /public/ and the office's code in digits");
    const auto lang = query.find("lang");
    const bool th = lang == query.end() || lang->second != "en";

    std::unique_lock lock(m.mutex);
    const std::int64_t thisMinute = now / 60000;
    if (m.asked.size() > 10000)  // an address table that only grew would be a memory attack of its own
        std::erase_if(m.asked, [&](const auto& a) { return a.second.first != thisMinute; });
    auto& [minute, count] = m.asked[address];
    if (minute != thisMinute) {
        minute = thisMinute;
        count = 0;
    }
    if (++count > m.options.perMinute)
        return HubResponse{429, "text/plain; charset=utf-8", "too many requests from this address; try again in a minute",
                           {{"Retry-After", "60"}, {"Cache-Control", "no-store"}}};
    auto& cached = m.cache[{rest, th}];
    if (cached.atMs == 0 || now - cached.atMs >= m.options.cacheMs) {
        auto office = m.storage.findOffice(rest);
        if (!office)
            return plain(500, "the hub could not read its store");
        if (!*office) {
            m.cache.erase({rest, th});
            return plain(404, "there is no office " + rest + " on this hub");
        }
        auto figures = figuresOf(m.storage, **office, now, m.options.months, th);
        if (!figures)
            return plain(500, "the figures could not be made: " + figures.error().message);
        cached = Cached{now, std::move(*figures)};
    }
    const PublicFigures& p = cached.figures;
    const HubResponse::Headers headers = {{"Cache-Control", "public, max-age=300"},
                                          {"Content-Security-Policy", kCsp},
                                          {"X-Content-Type-Options", "nosniff"},
                                          {"Referrer-Policy", "no-referrer"}};
    switch (kind) {
    case Kind::Page: return HubResponse{200, "text/html; charset=utf-8", pageHtml(p, th, cached.atMs), headers};
    case Kind::Json: return HubResponse{200, "application/json", figuresJson(p, th).dump(), headers};
    case Kind::Csv:
        for (const auto& t : p.tables)
            if (t.id == table) {
                auto h = headers;
                h.emplace_back("Content-Disposition", "attachment; filename=\"" + t.id + "-" + p.office.code + ".csv\"");
                return HubResponse{200, "text/csv; charset=utf-8", tableCsv(t, th), h};
            }
        return plain(404, "no such table: " + table.substr(0, 40));
    }
    return plain(404, "no such page");
}

}  // namespace fangsiang::hub
