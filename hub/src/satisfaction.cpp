// Satisfaction figures from the aggregates (hub/satisfaction.hpp, docs/LISTENING.md).

#include "hub/satisfaction.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using core::TextPair;

namespace {

constexpr std::array<const char*, 12> kMonthsTh = {"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                                                   "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<const char*, 12> kMonthsShortTh = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                                                        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
constexpr std::array<const char*, 12> kMonthsEn = {"January", "February", "March",     "April",   "May",      "June",
                                                   "July",    "August",   "September", "October", "November", "December"};
constexpr int kBuddhistEraOffset = 543;

// The standard survey's dimensions, for a hub whose content lacks it.
struct StandardDimension {
    const char* id;
    const char* th;
    const char* en;
};
constexpr std::array<StandardDimension, 5> kStandardDimensions = {{
    {"process", "ด้านขั้นตอนและระยะเวลาการให้บริการ", "Process and time taken"},
    {"staff", "ด้านเจ้าหน้าที่ผู้ให้บริการ", "Staff"},
    {"facilities", "ด้านสิ่งอำนวยความสะดวก", "Facilities"},
    {"information", "ด้านข้อมูลที่ได้รับ", "Information"},
    {"overall", "ความพึงพอใจโดยรวม", "Overall satisfaction"},
}};

// Alerts (docs/LISTENING.md): the recent month against the office's mean
// threshold; the share of the two lowest faces against the three months
// before, a rise of at least 10 points that a two-proportion z-test puts
// at z >= 2, with at least 10 answers on each side.
constexpr std::int64_t kMinAlertAnswers = 5;
constexpr std::int64_t kMinRiseAnswers = 10;
constexpr int kBaselineMonths = 3;
constexpr double kMinRisePoints = 10.0;
constexpr double kMinRiseZ = 2.0;

core::Result<int> parseMonth(std::string_view text, std::string_view whole) {
    int year = 0, month = 0;
    const char* end = text.data() + text.size();
    auto bad = [&] {
        return makeError(ErrorCode::BadRequest, "the period \"" + std::string(whole.substr(0, 40)) +
                                                    "\" is not a month like 2026-10, a range like 2026-10..2027-03, a "
                                                    "fiscal year like fy2570 or a quarter like fy2570-q1");
    };
    if (text.size() != 7 || text[4] != '-')
        return bad();
    auto y = std::from_chars(text.data(), text.data() + 4, year);
    auto m = std::from_chars(text.data() + 5, end, month);
    if (y.ec != std::errc() || y.ptr != text.data() + 4 || m.ec != std::errc() || m.ptr != end || year < 2000 ||
        year > 2200 || month < 1 || month > 12)
        return bad();
    return monthKey(year, month);
}

}  // namespace

// [SECTION] Periods

core::Result<MonthRange> parsePeriod(std::string_view text) {
    if (text.starts_with("fy")) {
        int year = 0, quarter = 0;
        const char* end = text.data() + text.size();
        auto y = std::from_chars(text.data() + 2, end, year);
        const bool hasQuarter = y.ptr + 2 < end && y.ptr[0] == '-' && y.ptr[1] == 'q';
        if (hasQuarter) {
            auto q = std::from_chars(y.ptr + 2, end, quarter);
            if (q.ec != std::errc() || q.ptr != end || quarter < 1 || quarter > 4)
                return makeError(ErrorCode::BadRequest, "the quarter in \"" + std::string(text.substr(0, 40)) +
                                                            "\" must be q1 to q4 (q1 is October to December)");
        } else if (y.ptr != end) {
            year = 0;
        }
        if (y.ec != std::errc() || year < 2543 || year > 2743)
            return makeError(ErrorCode::BadRequest, "the fiscal year in \"" + std::string(text.substr(0, 40)) +
                                                        "\" must be a Buddhist-era year such as fy2570");
        const int start = monthKey(year - kBuddhistEraOffset - 1, 10);
        if (!hasQuarter)
            return MonthRange{start, addMonths(start, 11)};
        const int first = addMonths(start, (quarter - 1) * 3);
        return MonthRange{first, addMonths(first, 2)};
    }
    const auto dots = text.find("..");
    if (dots == std::string_view::npos) {
        const int month = TRY(parseMonth(text, text));
        return MonthRange{month, month};
    }
    const int from = TRY(parseMonth(text.substr(0, dots), text));
    const int to = TRY(parseMonth(text.substr(dots + 2), text));
    if (to < from)
        return makeError(ErrorCode::BadRequest, "the period \"" + std::string(text.substr(0, 40)) + "\" ends before it starts");
    return MonthRange{from, to};
}

MonthRange lastMonths(std::int64_t nowMs, int months) {
    const int to = monthKeyOf(nowMs);
    return MonthRange{addMonths(to, -(std::max(months, 1) - 1)), to};
}

TextPair monthName(int key) {
    const int year = key / 100, month = key % 100;
    if (month < 1 || month > 12)
        return {std::to_string(key), std::to_string(key)};
    return {std::string(kMonthsShortTh[month - 1]) + " " + std::to_string(year + kBuddhistEraOffset),
            std::string(kMonthsEn[month - 1]) + " " + std::to_string(year)};
}

std::string thaiDate(std::int64_t utcMs) {
    const OfficeTime t = officeTimeOf(utcMs);
    return std::to_string(t.day) + " " + kMonthsTh[t.month - 1] + " " + std::to_string(t.year + kBuddhistEraOffset);
}

int fiscalYearOf(int key) {
    const int year = key / 100, month = key % 100;
    return year + kBuddhistEraOffset + (month >= 10 ? 1 : 0);
}

// [SECTION] Figures

Band bandOf(double mean) {
    const double m = std::round(mean * 100.0) / 100.0;
    if (m >= 4.21)
        return {"มากที่สุด", "highest"};
    if (m >= 3.41)
        return {"มาก", "high"};
    if (m >= 2.61)
        return {"ปานกลาง", "moderate"};
    if (m >= 1.81)
        return {"น้อย", "low"};
    return {"น้อยที่สุด", "lowest"};
}

std::int64_t Faces::n() const {
    std::int64_t total = 0;
    for (auto c : faces)
        total += c;
    return total;
}

double Faces::mean() const {
    const auto count = n();
    if (count == 0)
        return 0;
    double sum = 0;
    for (int v = 1; v <= 5; ++v)
        sum += static_cast<double>(v) * static_cast<double>(faces[v - 1]);
    return sum / static_cast<double>(count);
}

double Faces::sd() const {
    const auto count = n();
    if (count < 2)
        return 0;
    const double m = mean();
    double squares = 0;
    for (int v = 1; v <= 5; ++v)
        squares += static_cast<double>(faces[v - 1]) * (v - m) * (v - m);
    return std::sqrt(squares / static_cast<double>(count - 1));
}

double Faces::satisfiedPercent() const {
    const auto count = n();
    return count == 0 ? 0 : 100.0 * static_cast<double>(faces[3] + faces[4]) / static_cast<double>(count);
}

double Faces::lowPercent() const {
    const auto count = n();
    return count == 0 ? 0 : 100.0 * static_cast<double>(faces[0] + faces[1]) / static_cast<double>(count);
}

void Faces::add(const Faces& other) {
    for (std::size_t i = 0; i < faces.size(); ++i)
        faces[i] += other.faces[i];
}

namespace {

struct Dimension {
    std::string id;
    TextPair label;
};

// The rating and likert questions of the survey; without its definition,
// the standard dimensions first, then any question answered only with 1..5.
std::vector<Dimension> dimensionsOf(const core::SurveyDefinition* definition, const std::vector<AnswerCount>& counts) {
    std::vector<Dimension> out;
    if (definition != nullptr) {
        for (const auto& q : definition->questions())
            if (q.type == core::QuestionType::Rating || q.type == core::QuestionType::Likert)
                out.push_back({q.id, q.label});
        return out;
    }
    std::map<std::string, bool> scale;  // question -> every answer a whole number 1..5
    for (const auto& c : counts) {
        auto [it, fresh] = scale.emplace(c.question, true);
        it->second = it->second && c.number && c.value.size() == 1 && c.value[0] >= '1' && c.value[0] <= '5';
    }
    for (const auto& d : kStandardDimensions)
        if (auto it = scale.find(d.id); it != scale.end() && it->second) {
            out.push_back({d.id, {d.th, d.en}});
            scale.erase(it);
        }
    for (const auto& [id, ok] : scale)
        if (ok)
            out.push_back({id, {id, id}});
    return out;
}

int faceOf(const AnswerCount& c) {
    if (!c.number || c.value.size() != 1 || c.value[0] < '1' || c.value[0] > '5')
        return 0;
    return c.value[0] - '0';
}

std::vector<DimensionFigure> figuresOf(const std::vector<Dimension>& dims, const std::map<std::string, Faces>& faces,
                                       double target) {
    std::vector<DimensionFigure> out;
    for (const auto& d : dims) {
        DimensionFigure f{d.id, d.label, {}, false};
        if (auto it = faces.find(d.id); it != faces.end())
            f.faces = it->second;
        f.pass = f.faces.n() > 0 && f.faces.satisfiedPercent() >= target;
        out.push_back(std::move(f));
    }
    return out;
}

Faces together(const std::vector<DimensionFigure>& dims) {
    Faces all;
    for (const auto& d : dims)
        all.add(d.faces);
    return all;
}

std::string oneDecimal(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v);
    return text;
}

void addAlerts(SatisfactionFigures& out, const std::vector<Dimension>& dims, const std::vector<AnswerCount>& counts) {
    const int recent = out.query.period.to;
    const int baselineFrom = addMonths(recent, -kBaselineMonths);
    for (const auto& d : dims) {
        Faces now, before;
        for (const auto& c : counts) {
            const int face = faceOf(c);
            if (c.question != d.id || face == 0)
                continue;
            if (c.month == recent)
                now.faces[face - 1] += c.n;
            else if (c.month >= baselineFrom && c.month < recent)
                before.faces[face - 1] += c.n;
        }
        if (now.n() >= kMinAlertAnswers && now.mean() < out.targets.alertMean)
            out.alerts.push_back(Alert{"mean-below", d.id, d.label, recent, now.mean(), out.targets.alertMean,
                                       {d.label.th + ": ค่าเฉลี่ยเดือนล่าสุด " + oneDecimal(now.mean()) +
                                            " ต่ำกว่าเกณฑ์ " + oneDecimal(out.targets.alertMean),
                                        d.label.en + ": the latest month's mean " + oneDecimal(now.mean()) +
                                            " is below the threshold " + oneDecimal(out.targets.alertMean)}});
        if (now.n() < kMinRiseAnswers || before.n() < kMinRiseAnswers)
            continue;
        const double p1 = now.lowPercent() / 100.0, p0 = before.lowPercent() / 100.0;
        const double pooled = static_cast<double>(now.faces[0] + now.faces[1] + before.faces[0] + before.faces[1]) /
                              static_cast<double>(now.n() + before.n());
        const double se = std::sqrt(pooled * (1 - pooled) *
                                    (1.0 / static_cast<double>(now.n()) + 1.0 / static_cast<double>(before.n())));
        const double z = se > 0 ? (p1 - p0) / se : 0;
        if ((p1 - p0) * 100.0 >= kMinRisePoints && z >= kMinRiseZ)
            out.alerts.push_back(Alert{"low-rising", d.id, d.label, recent, p1 * 100.0, p0 * 100.0,
                                       {d.label.th + ": สัดส่วนผู้ให้คะแนน 1–2 เพิ่มจาก " + oneDecimal(p0 * 100) +
                                            "% เป็น " + oneDecimal(p1 * 100) + "%",
                                        d.label.en + ": the share answering 1 or 2 rose from " +
                                            oneDecimal(p0 * 100) + "% to " + oneDecimal(p1 * 100) + "%"}});
    }
}

}  // namespace

core::Result<SatisfactionFigures> satisfactionFigures(ReportSource& source, const SatisfactionQuery& query,
                                                      const core::SurveyDefinition* definition,
                                                      const std::map<std::string, TextPair>& serviceNames) {
    if (query.period.from == 0 || query.period.to < query.period.from)
        return makeError(ErrorCode::BadRequest, "the period of the report is empty");
    SatisfactionFigures out;
    out.query = query;
    out.targets = TRY(source.targets(query.office));
    ReportFilter filter{query.office, query.survey, query.period.from, query.period.to, query.service};
    // The alerts look back three months before the period's last.
    ReportFilter wide = filter;
    wide.fromMonth = std::min(filter.fromMonth, addMonths(filter.toMonth, -kBaselineMonths));
    const auto counts = TRY(source.answerCounts(wide));
    const auto responses = TRY(source.responses(filter));
    const auto dims = dimensionsOf(definition, counts);
    std::set<std::string> dimIds;
    for (const auto& d : dims)
        dimIds.insert(d.id);

    std::map<std::string, Faces> total;
    std::map<std::string, std::map<std::string, Faces>> byService;
    std::map<int, std::map<std::string, Faces>> byMonth;
    for (const auto& c : counts) {
        const int face = faceOf(c);
        if (face == 0 || !dimIds.count(c.question) || c.month < filter.fromMonth)
            continue;
        total[c.question].faces[face - 1] += c.n;
        byService[c.service][c.question].faces[face - 1] += c.n;
        byMonth[c.month][c.question].faces[face - 1] += c.n;
    }
    const double target = out.targets.satisfiedPercent;
    out.dimensions = figuresOf(dims, total, target);
    out.all = together(out.dimensions);
    out.pass = out.all.n() > 0 && out.all.satisfiedPercent() >= target;

    std::map<std::string, std::int64_t> serviceResponses;
    for (const auto& r : responses) {
        out.responses += r.n;
        serviceResponses[r.service] += r.n;
    }
    for (const auto& [service, n] : serviceResponses) {
        ServiceFigures s;
        s.service = service;
        if (auto it = serviceNames.find(service); it != serviceNames.end())
            s.label = it->second;
        else
            s.label = service.empty() ? TextPair{"ไม่ระบุบริการ", "No service named"} : TextPair{service, service};
        s.responses = n;
        s.dimensions = figuresOf(dims, byService[service], target);
        s.all = together(s.dimensions);
        s.pass = s.all.n() > 0 && s.all.satisfiedPercent() >= target;
        out.services.push_back(std::move(s));
    }
    std::stable_sort(out.services.begin(), out.services.end(),
                     [](const ServiceFigures& a, const ServiceFigures& b) { return a.responses > b.responses; });

    for (int month = filter.fromMonth; month <= filter.toMonth; month = addMonths(month, 1)) {
        TrendPoint p;
        p.month = month;
        p.dimensions = figuresOf(dims, byMonth[month], target);
        p.all = together(p.dimensions);
        out.trend.push_back(std::move(p));
    }

    // The heat map: "overall" when the survey asks it, else every dimension.
    const bool hasOverall = dimIds.count("overall") > 0;
    std::array<std::array<Faces, 24>, 7> heat{};
    for (const auto& h : TRY(source.hourCounts(filter))) {
        if (h.value < 1 || h.value > 5 || h.weekday < 0 || h.weekday > 6 || h.hour < 0 || h.hour > 23)
            continue;
        if (hasOverall ? h.question != "overall" : !dimIds.count(h.question))
            continue;
        heat[h.weekday][h.hour].faces[h.value - 1] += h.n;
    }
    for (int d = 0; d < 7; ++d)
        for (int hr = 0; hr < 24; ++hr)
            out.heat[d][hr] = HeatCell{heat[d][hr].n(), heat[d][hr].mean(), heat[d][hr].lowPercent()};

    addAlerts(out, dims, counts);
    return out;
}

}  // namespace fangsiang::hub
