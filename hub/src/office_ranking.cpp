// Ranking the offices of one hub (hub/office_ranking.hpp).

#include "hub/office_ranking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>

namespace fangsiang::hub {

using core::TextPair;

namespace {

constexpr double kZ95 = 1.959963984540054;

double ratio(std::int64_t a, std::int64_t b) {
    return b == 0 ? 0 : static_cast<double>(a) / static_cast<double>(b);
}

// (n * value + k * prior) / (n + k)
double shrink(double value, std::int64_t n, double prior, double k) {
    const double w = static_cast<double>(n);
    return w + k <= 0 ? prior : (w * value + k * prior) / (w + k);
}

RankedFigure meanFigure(const Faces& answers, std::int64_t responses, double hubMean, const RankingOptions& o) {
    RankedFigure f;
    f.n = responses;
    if (answers.n() == 0 || responses == 0) {
        f.shrunk = hubMean;
        return f;
    }
    f.value = answers.mean();
    const double half = responses > 1 ? tQuantile95(responses - 1) * answers.sd() / std::sqrt(double(responses)) : 4.0;
    f.low = std::max(1.0, f.value - half);
    f.high = std::min(5.0, f.value + half);
    f.shrunk = shrink(f.value, responses, hubMean, o.priorWeight);
    return f;
}

RankedFigure shareFigure(std::int64_t met, std::int64_t n, double hubPercent, const RankingOptions& o) {
    RankedFigure f;
    f.n = n;
    f.value = 100.0 * ratio(met, n);
    std::tie(f.low, f.high) = wilsonPercent(met, n);
    f.shrunk = n == 0 ? hubPercent : shrink(f.value, n, hubPercent, o.priorWeight);
    return f;
}

// The median of the resolve times in `buckets` and its distribution-free
// 95% interval: the order statistics at n/2 -+ z*sqrt(n)/2 (1-based,
// rounded outward). Each time is its bucket's middle.
RankedFigure medianFigure(std::vector<ResolveHoursCount> buckets) {
    RankedFigure f;
    std::sort(buckets.begin(), buckets.end(),
              [](const ResolveHoursCount& a, const ResolveHoursCount& b) { return a.hours < b.hours; });
    for (const auto& b : buckets)
        f.n += std::max<std::int64_t>(b.n, 0);
    if (f.n == 0)
        return f;
    // The k-th smallest time (1-based).
    const auto at = [&](std::int64_t k) {
        std::int64_t seen = 0;
        for (const auto& b : buckets) {
            seen += std::max<std::int64_t>(b.n, 0);
            if (seen >= k)
                return static_cast<double>(b.hours) + static_cast<double>(resolveBucketWidth(b.hours)) / 2.0;
        }
        return static_cast<double>(buckets.back().hours);
    };
    const std::int64_t n = f.n;
    f.value = n % 2 ? at(n / 2 + 1) : (at(n / 2) + at(n / 2 + 1)) / 2.0;
    const double spread = kZ95 * std::sqrt(double(n)) / 2.0;
    const auto lowRank = static_cast<std::int64_t>(std::floor(double(n) / 2.0 - spread));
    const auto highRank = static_cast<std::int64_t>(std::ceil(1.0 + double(n) / 2.0 + spread));
    f.low = at(std::clamp<std::int64_t>(lowRank, 1, n));
    f.high = at(std::clamp<std::int64_t>(highRank, 1, n));
    f.shrunk = f.value;
    return f;
}

// Ranks 1.. among the offices with at least `minN`, best first; the rest 0.
void rankBy(std::vector<OfficeRank>& offices, RankedFigure OfficeRank::* figure, std::int64_t minN, bool higherBetter) {
    std::vector<OfficeRank*> ranked;
    for (auto& o : offices) {
        (o.*figure).rank = 0;
        if ((o.*figure).n >= std::max<std::int64_t>(minN, 1))
            ranked.push_back(&o);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const OfficeRank* a, const OfficeRank* b) {
        const double x = (a->*figure).shrunk, y = (b->*figure).shrunk;
        if (x != y)
            return higherBetter ? x > y : x < y;
        return a->office.code < b->office.code;
    });
    for (std::size_t i = 0; i < ranked.size(); ++i)
        (ranked[i]->*figure).rank = static_cast<int>(i + 1);
}

}  // namespace

std::pair<double, double> wilsonPercent(std::int64_t met, std::int64_t n) {
    if (n <= 0)
        return {0.0, 100.0};
    const double p = ratio(met, n), nn = static_cast<double>(n), z2 = kZ95 * kZ95;
    const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    const double half = kZ95 * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    return {100.0 * std::max(0.0, centre - half), 100.0 * std::min(1.0, centre + half)};
}

double tQuantile95(std::int64_t df) {
    // Two-sided 95% (0.975 quantile), df 1..30; beyond, Cornish-Fisher's
    // expansion around the normal quantile (within 0.001 from df 30 on).
    static constexpr std::array<double, 30> kTable = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120,  2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1)
        return kTable[0];
    if (df <= 30)
        return kTable[static_cast<std::size_t>(df - 1)];
    const double z = kZ95, d = static_cast<double>(df);
    return z + (z * z * z + z) / (4 * d) + (5 * std::pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * d * d);
}

OfficeRanking rankOffices(MonthRange period, std::vector<OfficeRankInput> inputs, const RankingOptions& options) {
    OfficeRanking r;
    r.period = period;
    r.options = options;
    Faces hubAnswers;
    std::int64_t inTargetMet = 0, inTargetN = 0, replied = 0, filed = 0;
    for (const auto& in : inputs) {
        hubAnswers.add(in.satisfaction);
        inTargetMet += in.inTarget.met;
        inTargetN += in.inTarget.n;
        for (const auto& m : in.caseMonths) {
            filed += m.filed;
            replied += m.replied;
        }
    }
    r.hubSatisfactionMean = hubAnswers.n() ? hubAnswers.mean() : 0;
    r.hubInTargetPercent = 100.0 * ratio(inTargetMet, inTargetN);
    r.hubCoveragePercent = 100.0 * ratio(replied, filed);

    for (auto& in : inputs) {
        OfficeRank o;
        o.office = std::move(in.office);
        o.satisfaction = meanFigure(in.satisfaction, in.responses, r.hubSatisfactionMean, options);
        o.inTarget = shareFigure(in.inTarget.met, in.inTarget.n, r.hubInTargetPercent, options);
        std::int64_t officeFiled = 0, officeReplied = 0;
        std::map<int, std::pair<std::int64_t, std::int64_t>> casesByMonth;  // filed, resolved
        for (const auto& m : in.caseMonths) {
            officeFiled += m.filed;
            officeReplied += m.replied;
            auto& month = casesByMonth[m.month];
            month.first += m.filed;
            month.second += m.resolved;
        }
        o.coverage = shareFigure(officeReplied, officeFiled, r.hubCoveragePercent, options);
        o.toResolve = medianFigure(std::move(in.resolveHours));
        std::map<int, const TrendPoint*> points;
        for (const auto& p : in.satisfactionTrend)
            points[p.month] = &p;
        for (int m = period.from; m != 0 && m <= period.to; m = addMonths(m, 1)) {
            OfficeTrendMonth t;
            t.month = m;
            if (auto it = points.find(m); it != points.end()) {
                t.answers = it->second->all.n();
                t.satisfactionMean = t.answers ? it->second->all.mean() : 0;
            }
            if (auto it = casesByMonth.find(m); it != casesByMonth.end())
                std::tie(t.complaints, t.resolved) = it->second;
            o.trend.push_back(t);
        }
        r.offices.push_back(std::move(o));
    }
    rankBy(r.offices, &OfficeRank::satisfaction, options.minResponses, true);
    rankBy(r.offices, &OfficeRank::inTarget, options.minCases, true);
    rankBy(r.offices, &OfficeRank::coverage, options.minCases, true);
    rankBy(r.offices, &OfficeRank::toResolve, options.minCases, false);
    std::stable_sort(r.offices.begin(), r.offices.end(), [](const OfficeRank& a, const OfficeRank& b) {
        const int x = a.satisfaction.rank ? a.satisfaction.rank : 1 << 30;
        const int y = b.satisfaction.rank ? b.satisfaction.rank : 1 << 30;
        return x != y ? x < y : a.office.code < b.office.code;
    });
    return r;
}

namespace {

// An office's standard-satisfaction faces, all and by month, as
// satisfactionFigures() counts them without a survey definition: only the
// questions answered with whole numbers 1 to 5 alone.
void addSatisfaction(const std::vector<const OfficeAnswerCount*>& counts, MonthRange period, OfficeRankInput& in) {
    std::map<std::string, bool> scale;
    for (const auto* c : counts) {
        auto [it, fresh] = scale.emplace(c->question, true);
        it->second = it->second && c->number && c->value.size() == 1 && c->value[0] >= '1' && c->value[0] <= '5';
    }
    std::map<int, Faces> byMonth;
    for (const auto* c : counts) {
        if (!scale[c->question])
            continue;
        const auto face = static_cast<std::size_t>(c->value[0] - '1');
        in.satisfaction.faces[face] += c->n;
        byMonth[c->month].faces[face] += c->n;
    }
    for (int m = period.from; m <= period.to; m = addMonths(m, 1)) {
        TrendPoint p;
        p.month = m;
        p.all = byMonth[m];
        in.satisfactionTrend.push_back(std::move(p));
    }
}

}  // namespace

core::Result<OfficeRanking> officeRanking(HubStorage& storage, MonthRange period, std::int64_t nowMs,
                                          const RankingOptions& options) {
    if (period.from == 0 || period.to < period.from)
        return core::makeError(core::ErrorCode::BadRequest, "the period of the ranking is empty");
    const auto offices = TRY(storage.listOffices());
    auto rows = TRY(storage.reports().rankingRows(kSatisfactionSurvey, period.from, period.to, nowMs));
    std::map<std::string, OfficeRankInput> byOffice;
    for (const auto& office : offices)
        byOffice[office.code].office = office;
    // Rows of an office the hub no longer lists are left out.
    const auto inputOf = [&](const std::string& code) -> OfficeRankInput* {
        auto it = byOffice.find(code);
        return it == byOffice.end() ? nullptr : &it->second;
    };
    for (const auto& r : rows.responses)
        if (auto* in = inputOf(r.office))
            in->responses += r.n;
    std::map<std::string, std::vector<const OfficeAnswerCount*>> answers;
    for (const auto& a : rows.answers)
        answers[a.office].push_back(&a);
    for (auto& [code, in] : byOffice)
        addSatisfaction(answers[code], period, in);
    for (auto& m : rows.caseMonths)
        if (auto* in = inputOf(m.office)) {
            in->inTarget.n += m.resolved;
            in->inTarget.met += m.resolvedInTarget;
            in->caseMonths.push_back(std::move(m));
        }
    for (auto& h : rows.resolveHours)
        if (auto* in = inputOf(h.office))
            in->resolveHours.push_back(std::move(h));
    for (const auto& open : rows.openPastTarget)
        if (auto* in = inputOf(open.office))
            in->inTarget.n += open.n;
    std::vector<OfficeRankInput> inputs;
    for (const auto& office : offices)
        inputs.push_back(std::move(byOffice[office.code]));
    return rankOffices(period, std::move(inputs), options);
}

// [SECTION] The document
namespace {

ReportCell text(std::string t) { return {std::move(t), std::nullopt}; }
ReportCell number(double v) { return {fixed2(v), v}; }
ReportCell whole(std::int64_t v) { return {std::to_string(v), static_cast<double>(v)}; }
ReportCell rankCell(int rank) { return rank ? whole(rank) : text("ไม่จัดอันดับ"); }

}  // namespace

ReportDocument rankingDocument(const OfficeRanking& r, std::int64_t madeAtMs) {
    ReportDocument d;
    d.title = {"การจัดอันดับหน่วยงาน", "Office ranking"};
    d.officeName = "ทุกหน่วยงานของศูนย์";
    const TextPair from = monthName(r.period.from), to = monthName(r.period.to);
    d.period = r.period.from == r.period.to ? from : TextPair{from.th + " – " + to.th, from.en + " – " + to.en};
    d.madeOn = thaiDate(madeAtMs);
    d.notes.push_back("จัดอันดับด้วยค่าเฉลี่ยแบบเบย์ (ถ่วงเข้าหาค่าของทั้งศูนย์ด้วยน้ำหนัก " + fixed2(r.options.priorWeight) +
                      ") ช่วงความเชื่อมั่น 95%");
    d.notes.push_back("ไม่จัดอันดับเมื่อผู้ตอบน้อยกว่า " + std::to_string(r.options.minResponses) +
                      " คน หรือเรื่องร้องเรียนน้อยกว่า " + std::to_string(r.options.minCases) + " เรื่อง");
    ReportTable t{{"อันดับหน่วยงาน", "Offices ranked"},
                  {{"หน่วยงาน", "Office"},
                   {"รหัส", "Code"},
                   {"อันดับความพึงพอใจ", "Satisfaction rank"},
                   {"ผู้ตอบ", "Responses"},
                   {"ค่าเฉลี่ย", "Mean"},
                   {"ช่วง 95%", "95% interval"},
                   {"ค่าเฉลี่ยถ่วง", "Shrunk mean"},
                   {"เรื่องที่นับ", "Cases counted"},
                   {"ร้อยละเสร็จตามกำหนด", "% within target"},
                   {"อันดับตามกำหนด", "Within-target rank"},
                   {"มัธยฐานชั่วโมงถึงเสร็จ", "Median hours to resolve"},
                   {"อันดับเวลา", "Time rank"},
                   {"ร้อยละได้รับคำตอบ", "% answered"},
                   {"อันดับการตอบ", "Coverage rank"}},
                  {3, 1.2, 1, 1, 1, 1.5, 1, 1, 1, 1, 1.2, 1, 1, 1},
                  {}};
    for (const auto& o : r.offices) {
        const auto& s = o.satisfaction;
        t.rows.push_back({text(o.office.name.empty() ? o.office.code : o.office.name), text(o.office.code),
                          rankCell(s.rank), whole(s.n), s.n ? number(s.value) : text("—"),
                          text(s.n ? fixed2(s.low) + "–" + fixed2(s.high) : "—"), number(s.shrunk),
                          whole(o.inTarget.n), o.inTarget.n ? number(o.inTarget.value) : text("—"),
                          rankCell(o.inTarget.rank), o.toResolve.n ? number(o.toResolve.value) : text("—"),
                          rankCell(o.toResolve.rank), o.coverage.n ? number(o.coverage.value) : text("—"),
                          rankCell(o.coverage.rank)});
    }
    d.tables.push_back(std::move(t));
    return d;
}

}  // namespace fangsiang::hub
