// The keyword figures from the term counts (keyword_figures.hpp).

#include "hub/keyword_figures.hpp"

#include <map>

namespace fangsiang::hub {

namespace {
constexpr int kBaselineMonths = 3;
}  // namespace

core::Result<KeywordFigures> keywordFigures(ReportSource& source, const KeywordQuery& query) {
    if (query.period.from == 0 || query.period.to < query.period.from)
        return core::makeError(core::ErrorCode::BadRequest, "the period of the keyword figures is empty");
    KeywordFigures out;
    out.query = query;
    if (query.baseline) {
        if (query.baseline->from == 0 || query.baseline->to < query.baseline->from)
            return core::makeError(core::ErrorCode::BadRequest, "the baseline of the keyword figures is empty");
        out.recent = query.period;
        out.baseline = *query.baseline;
    } else {
        out.recent = {query.period.to, query.period.to};
        out.baseline = {addMonths(query.period.to, -kBaselineMonths), addMonths(query.period.to, -1)};
    }

    TermFilter filter{query.office, std::min(query.period.from, out.baseline.from),
                      std::max(query.period.to, out.baseline.to), query.source, query.category};
    TermCounts period, recent, baseline;
    std::map<int, TermCounts> byMonth;
    auto inPeriod = [&](int month) { return month >= query.period.from && month <= query.period.to; };
    auto inRecent = [&](int month) { return month >= out.recent.from && month <= out.recent.to; };
    auto inBaseline = [&](int month) { return month >= out.baseline.from && month <= out.baseline.to; };
    for (const auto& t : TRY(source.textCounts(filter))) {
        const auto n = static_cast<std::uint64_t>(t.texts);
        if (inPeriod(t.month)) {
            period.total += n;
            byMonth[t.month].total += n;
        }
        if (inRecent(t.month))
            recent.total += n;
        if (inBaseline(t.month))
            baseline.total += n;
    }
    for (auto& t : TRY(source.termCounts(filter))) {
        const auto n = static_cast<std::uint64_t>(t.texts);
        if (inPeriod(t.month)) {
            period.documents[t.term] += n;
            byMonth[t.month].documents[t.term] += n;
        }
        if (inRecent(t.month))
            recent.documents[t.term] += n;
        if (inBaseline(t.month))
            baseline.documents[std::move(t.term)] += n;
    }

    out.texts = period.total;
    out.top = topTerms(period, query.top);
    for (int month = query.period.from; month <= query.period.to; month = addMonths(month, 1)) {
        KeywordMonth m;
        m.month = month;
        const TermCounts& counts = byMonth[month];
        m.texts = counts.total;
        for (const auto& t : out.top)
            m.uses.push_back(counts.of(t.term));
        out.months.push_back(std::move(m));
    }
    out.recentTexts = recent.total;
    out.baselineTexts = baseline.total;
    out.rising = risingTerms(recent, baseline, query.rising);
    return out;
}

}  // namespace fangsiang::hub
