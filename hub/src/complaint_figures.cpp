// Complaint figures from the cases table (hub/complaint_figures.hpp).

#include "hub/complaint_figures.hpp"

#include "hub/case_workflow.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace fangsiang::hub {

using core::TextPair;

namespace {

constexpr double kHourMs = 3600000.0;

DurationFigure durationOf(std::vector<std::int64_t> ms) {
    DurationFigure d;
    d.n = static_cast<std::int64_t>(ms.size());
    if (ms.empty())
        return d;
    std::sort(ms.begin(), ms.end());
    const std::size_t n = ms.size();
    const double median = n % 2 ? static_cast<double>(ms[n / 2])
                                : (static_cast<double>(ms[n / 2 - 1]) + static_cast<double>(ms[n / 2])) / 2.0;
    const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n)));
    d.medianHours = median / kHourMs;
    d.p90Hours = static_cast<double>(ms[std::max<std::size_t>(rank, 1) - 1]) / kHourMs;
    return d;
}

std::vector<CountRow> rowsOf(const std::map<std::string, std::int64_t>& counts, TextPair (*label)(const std::string&)) {
    std::vector<CountRow> out;
    for (const auto& [key, n] : counts)
        out.push_back({key, label(key), n});
    std::stable_sort(out.begin(), out.end(), [](const CountRow& a, const CountRow& b) { return a.n > b.n; });
    return out;
}

TextPair plain(const std::string& key) { return key.empty() ? TextPair{"ไม่ระบุ", "none"} : TextPair{key, key}; }

TextPair stateLabel(const std::string& key) {
    if (auto state = sync::ticketStatusFromName(key))
        return caseStateName(*state);
    return plain(key);
}

}  // namespace

bool isOpenCaseState(std::string_view state) {
    return state == "received" || state == "accepted" || state == "in_progress";
}

void countInTarget(const CaseTimes& c, std::int64_t nowMs, ShareFigure& share) {
    if (c.resolvedAtMs > 0 || (isOpenCaseState(c.state) && nowMs > c.targetAtMs)) {
        ++share.n;
        share.met += c.resolvedAtMs > 0 && c.resolvedAtMs <= c.targetAtMs;
    }
}

core::Result<ComplaintFigures> complaintFigures(ReportSource& source, const std::string& office, MonthRange period,
                                                std::int64_t nowMs) {
    if (period.from == 0 || period.to < period.from)
        return core::makeError(core::ErrorCode::BadRequest, "the period of the report is empty");
    ComplaintFigures f;
    f.office = office;
    f.period = period;
    f.atMs = nowMs;
    const auto cases = TRY(source.caseTimes(office, monthStartMs(period.from), monthStartMs(addMonths(period.to, 1))));
    std::map<std::string, std::int64_t> category, state, unit, village;
    std::map<int, std::int64_t> month;
    std::vector<std::int64_t> accept, reply, resolve;
    for (const auto& c : cases) {
        ++f.total;
        ++category[c.category];
        ++state[c.state];
        ++unit[c.unit];
        ++village[c.village];
        ++month[monthKeyOf(c.filedAtMs)];
        if (c.acceptedAtMs > 0)
            accept.push_back(c.acceptedAtMs - c.filedAtMs);
        if (c.firstReplyAtMs > 0)
            reply.push_back(c.firstReplyAtMs - c.filedAtMs);
        if (c.resolvedAtMs > 0)
            resolve.push_back(c.resolvedAtMs - c.filedAtMs);
        if (c.outcomeAtMs > 0 || nowMs - c.filedAtMs > kOutcomePromiseMs) {
            ++f.outcomeIn15Days.n;
            f.outcomeIn15Days.met += c.outcomeAtMs > 0 && c.outcomeAtMs - c.filedAtMs <= kOutcomePromiseMs;
        }
        countInTarget(c, nowMs, f.resolvedInTarget);
        if (isOpenCaseState(c.state)) {
            const std::int64_t days = (nowMs - c.filedAtMs) / 86400000;
            std::size_t bucket = 0;
            while (bucket < kBacklogDays.size() && days > kBacklogDays[bucket])
                ++bucket;
            ++f.backlog[bucket];
        }
    }
    f.byCategory = rowsOf(category, plain);
    f.byState = rowsOf(state, stateLabel);
    f.byUnit = rowsOf(unit, plain);
    f.byVillage = rowsOf(village, plain);
    for (int m = period.from; m <= period.to; m = addMonths(m, 1)) {
        auto it = month.find(m);
        f.byMonth.push_back({std::to_string(m), monthName(m), it == month.end() ? 0 : it->second});
    }
    f.toAccept = durationOf(std::move(accept));
    f.toFirstReply = durationOf(std::move(reply));
    f.toResolve = durationOf(std::move(resolve));
    return f;
}

}  // namespace fangsiang::hub
