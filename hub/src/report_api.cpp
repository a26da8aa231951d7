// The reports' routes of the officers' API (report_api.hpp, docs/API.md "Reports").

#include "report_api.hpp"
#include "api_support.hpp"
#include "officer_json.hpp"

#include "hub/complaint_figures.hpp"
#include "hub/field_figures.hpp"
#include "hub/keyword_figures.hpp"
#include "hub/listening.hpp"
#include "hub/office_ranking.hpp"
#include "hub/report_content.hpp"
#include "hub/report_files.hpp"

#include <charconv>
#include <cstdio>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using core::TextPair;
using nlohmann::json;

namespace {

HubResponse answer(const json& body) {
    return HubResponse{200, "application/json", jsonText(body), {{"Cache-Control", "no-store"}}};
}

std::string param(const ApiRequest& r, const char* key) {
    auto it = r.query.find(key);
    return it == r.query.end() ? std::string() : it->second;
}

json pairJson(const TextPair& t) { return {{"th", t.th}, {"en", t.en}}; }

std::string monthText(int key) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", key / 100, key % 100);
    return text;
}

json facesJson(const Faces& f) {
    json j = {{"n", f.n()}, {"faces", f.faces}};
    if (f.n() == 0) {
        j["mean"] = nullptr;
        return j;
    }
    const Band band = bandOf(f.mean());
    j["mean"] = f.mean();
    j["sd"] = f.sd();
    j["band"] = {{"th", band.th}, {"en", band.en}};
    j["satisfiedPercent"] = f.satisfiedPercent();
    j["lowPercent"] = f.lowPercent();
    return j;
}

json dimensionsJson(const std::vector<DimensionFigure>& dims) {
    json list = json::array();
    for (const auto& d : dims) {
        json j = facesJson(d.faces);
        j["question"] = d.question;
        j["label"] = pairJson(d.label);
        j["pass"] = d.pass;
        list.push_back(std::move(j));
    }
    return list;
}

json tablesJson(const ReportDocument& doc) {
    json tables = json::array();
    for (const auto& t : doc.tables) {
        json columns = json::array(), rows = json::array();
        for (const auto& c : t.columns)
            columns.push_back(pairJson(c));
        for (const auto& r : t.rows) {
            json row = json::array();
            for (const auto& cell : r)
                row.push_back(cell.text);
            rows.push_back(std::move(row));
        }
        tables.push_back({{"title", pairJson(t.title)}, {"columns", columns}, {"rows", rows}});
    }
    return tables;
}

json satisfactionJson(const SatisfactionFigures& f, const Office& office, std::int64_t nowMs) {
    json services = json::array();
    for (const auto& s : f.services)
        services.push_back({{"service", s.service}, {"label", pairJson(s.label)}, {"responses", s.responses},
                            {"all", facesJson(s.all)}, {"pass", s.pass}, {"dimensions", dimensionsJson(s.dimensions)}});
    json trend = json::array();
    for (const auto& p : f.trend)
        trend.push_back({{"month", monthText(p.month)}, {"label", pairJson(monthName(p.month))},
                         {"all", facesJson(p.all)}, {"dimensions", dimensionsJson(p.dimensions)}});
    json heat = json::array();
    for (const auto& day : f.heat) {
        json hours = json::array();
        for (const auto& cell : day)
            hours.push_back({{"n", cell.n}, {"mean", cell.n ? json(cell.mean) : json(nullptr)},
                             {"lowPercent", cell.lowPercent}});
        heat.push_back(std::move(hours));
    }
    json alerts = json::array();
    for (const auto& a : f.alerts)
        alerts.push_back({{"kind", a.kind}, {"question", a.question}, {"label", pairJson(a.label)},
                          {"month", monthText(a.month)}, {"value", a.value}, {"baseline", a.baseline},
                          {"message", pairJson(a.message)}});
    return {{"office", officeJson(office)},
            {"survey", f.query.survey},
            {"from", monthText(f.query.period.from)},
            {"to", monthText(f.query.period.to)},
            {"service", f.query.service ? json(*f.query.service) : json(nullptr)},
            {"target", {{"satisfiedPercent", f.targets.satisfiedPercent}, {"alertMean", f.targets.alertMean}}},
            {"responses", f.responses},
            {"all", facesJson(f.all)},
            {"pass", f.pass},
            {"dimensions", dimensionsJson(f.dimensions)},
            {"services", services},
            {"trend", trend},
            {"heat", heat},  // [weekday 0 = Sunday][hour 0-23], office time
            {"alerts", alerts},
            {"tables", tablesJson(satisfactionDocument(f, office, nowMs))}};
}

json summaryJson(const AnswerSummary& s, bool choice) {
    json j = {{"n", s.n}};
    if (choice) {
        json options = json::array();
        for (const auto& o : s.options)
            options.push_back({{"id", o.id}, {"label", pairJson(o.label)}, {"n", o.n}, {"percent", o.percent}});
        j["options"] = options;
    } else if (s.n > 0) {
        j["mean"] = s.mean;
        j["median"] = s.median;
        j["sd"] = s.sd;
        j["min"] = s.min;
        j["max"] = s.max;
    }
    return j;
}

json fieldJson(const FieldFigures& f) {
    json questions = json::array();
    for (const auto& q : f.questions) {
        const bool choice = q.type == "single_choice" || q.type == "multiple_choice";
        json j = {{"id", q.id}, {"label", pairJson(q.label)}, {"type", q.type}, {"all", summaryJson(q.all, choice)}};
        if (!f.query.by.empty() && q.id != f.query.by) {
            json by = json::array();
            for (std::size_t i = 0; i < q.byOption.size() && i < f.byOptions.size(); ++i) {
                json cell = summaryJson(q.byOption[i], choice);
                cell["by"] = f.byOptions[i].id;
                by.push_back(std::move(cell));
            }
            j["byOption"] = by;
        }
        questions.push_back(std::move(j));
    }
    json j = {{"office", f.query.office},           {"survey", f.query.survey},
              {"title", pairJson(f.title)},         {"from", monthText(f.query.period.from)},
              {"to", monthText(f.query.period.to)}, {"responses", f.responses},
              {"questions", questions}};
    if (!f.query.by.empty()) {
        json options = json::array();
        for (const auto& o : f.byOptions)
            options.push_back({{"id", o.id}, {"label", pairJson(o.label)}, {"n", o.n}, {"percent", o.percent}});
        j["by"] = {{"question", f.query.by}, {"label", pairJson(f.byLabel)}, {"options", options}};
    }
    return j;
}

json countsJson(const std::vector<CountRow>& rows) {
    json list = json::array();
    for (const auto& r : rows)
        list.push_back({{"key", r.key}, {"label", pairJson(r.label)}, {"n", r.n}});
    return list;
}

json durationJson(const DurationFigure& d) {
    return {{"n", d.n}, {"medianHours", d.n ? json(d.medianHours) : json(nullptr)},
            {"p90Hours", d.n ? json(d.p90Hours) : json(nullptr)}};
}

json shareJson(const ShareFigure& s) { return {{"n", s.n}, {"met", s.met}, {"percent", s.percent()}}; }

json complaintJson(const ComplaintFigures& f, const Office& office) {
    json backlog = json::array();
    for (std::size_t i = 0; i < f.backlog.size(); ++i)
        backlog.push_back({{"fromDays", i == 0 ? 0 : kBacklogDays[i - 1] + 1},
                           {"toDays", i < kBacklogDays.size() ? json(kBacklogDays[i]) : json(nullptr)},
                           {"n", f.backlog[i]}});
    return {{"office", officeJson(office)},
            {"from", monthText(f.period.from)},
            {"to", monthText(f.period.to)},
            {"total", f.total},
            {"byCategory", countsJson(f.byCategory)},
            {"byState", countsJson(f.byState)},
            {"byUnit", countsJson(f.byUnit)},
            {"byVillage", countsJson(f.byVillage)},
            {"byMonth", countsJson(f.byMonth)},
            {"toAccept", durationJson(f.toAccept)},
            {"toFirstReply", durationJson(f.toFirstReply)},
            {"toResolve", durationJson(f.toResolve)},
            {"outcomeIn15Days", shareJson(f.outcomeIn15Days)},
            {"resolvedInTarget", shareJson(f.resolvedInTarget)},
            {"backlog", backlog}};
}

// The office asked for: the one named, else the caller's own (reports are
// per office; an admin names any).
core::Result<Office> officeAsked(OfficerService& officers, const Actor& actor, const ApiRequest& r) {
    std::string code = param(r, "office");
    if (code.empty())
        code = actor.officeCode;
    if (code.empty())
        return makeError(ErrorCode::BadRequest, "name the office: reports are made per office (office=CODE)");
    TRY(permit(actor, Permission::ReadReports, code));
    auto office = TRY(officers.storage().findOffice(code));
    if (!office)
        return makeError(ErrorCode::NotFound, "there is no office " + code.substr(0, 16) + " on this hub");
    return std::move(*office);
}

// period=..., or from=YYYY-MM[&to=YYYY-MM], or months=N (1-36); the last 12 months by default.
core::Result<MonthRange> periodAsked(const ApiRequest& r, std::int64_t nowMs) {
    if (auto p = param(r, "period"); !p.empty())
        return parsePeriod(p);
    const std::string from = param(r, "from"), to = param(r, "to");
    if (!from.empty())
        return parsePeriod(from + ".." + (to.empty() ? monthText(monthKeyOf(nowMs)) : to));
    if (!to.empty())
        return makeError(ErrorCode::BadRequest, "the parameter to needs a from");
    if (auto m = param(r, "months"); !m.empty()) {
        int months = 0;
        auto [ptr, ec] = std::from_chars(m.data(), m.data() + m.size(), months);
        if (ec != std::errc() || ptr != m.data() + m.size() || months < 1 || months > 36)
            return makeError(ErrorCode::BadRequest, "the parameter months must be a whole number from 1 to 36");
        return lastMonths(nowMs, months);
    }
    return lastMonths(nowMs, 12);
}

// A report file as a download named for what, whose and when.
HubResponse download(std::string bytes, ReportFormat format, const std::string& what, const Office& office,
                     MonthRange period) {
    const std::string name = what + "-" + office.code + "-" + monthText(period.from) + "-" + monthText(period.to) + "." +
                             reportExtension(format);
    return HubResponse{200, reportMediaType(format), std::move(bytes),
                       {{"Cache-Control", "no-store"},
                        {"Content-Disposition", "attachment; filename=\"" + name + "\""},
                        {"X-Content-Type-Options", "nosniff"}}};
}

core::Result<HubResponse> satisfaction(OfficerService& officers, const Actor& actor, const ApiRequest& r,
                                       std::optional<ReportFormat> format) {
    const Office office = TRY(officeAsked(officers, actor, r));
    const std::int64_t now = officers.options().clock();
    SatisfactionQuery q;
    q.office = office.code;
    q.period = TRY(periodAsked(r, now));
    if (auto survey = param(r, "survey"); !survey.empty())
        q.survey = survey;
    if (auto service = param(r, "service"); !service.empty())
        q.service = service;
    const auto content = TRY(reportContent(officers.storage(), office.code));
    const auto figures = TRY(officeSatisfaction(officers.storage(), content, q));
    if (!format)
        return answer(satisfactionJson(figures, office, now));
    return download(TRY(writeDocument(satisfactionDocument(figures, office, now), *format)), *format, "satisfaction",
                    office, q.period);
}

core::Result<HubResponse> complaints(OfficerService& officers, const Actor& actor, const ApiRequest& r,
                                     std::optional<ReportFormat> format) {
    const Office office = TRY(officeAsked(officers, actor, r));
    const std::int64_t now = officers.options().clock();
    const MonthRange period = TRY(periodAsked(r, now));
    const auto figures = TRY(officeComplaints(officers.storage(), office.code, period, now));
    if (!format)
        return answer(complaintJson(figures, office));
    return download(TRY(writeDocument(complaintDocument(figures, office, now), *format)), *format, "complaints", office,
                    period);
}

core::Result<HubResponse> field(OfficerService& officers, const Actor& actor, const ApiRequest& r) {
    const Office office = TRY(officeAsked(officers, actor, r));
    FieldQuery q;
    q.office = office.code;
    q.survey = param(r, "survey");
    if (q.survey.empty())
        return makeError(ErrorCode::BadRequest, "name the survey (survey=ID)");
    q.by = param(r, "by");
    q.period = TRY(periodAsked(r, officers.options().clock()));
    const auto content = TRY(reportContent(officers.storage(), office.code));
    json j = fieldJson(TRY(fieldFigures(officers.storage().reports(), q, content.survey(q.survey))));
    // The office's other surveys with responses, for choosing among them.
    json surveys = json::array();
    for (const auto& id : TRY(officers.storage().reports().surveys(office.code))) {
        if (id == kSatisfactionSurvey)
            continue;
        const core::SurveyDefinition* definition = content.survey(id);
        surveys.push_back({{"id", id}, {"title", definition ? pairJson(definition->title()) : pairJson({id, id})}});
    }
    j["surveys"] = surveys;
    return answer(j);
}

json rankedJson(const RankedFigure& f) {
    return {{"n", f.n},          {"value", f.n ? json(f.value) : json(nullptr)},
            {"low", f.n ? json(f.low) : json(nullptr)}, {"high", f.n ? json(f.high) : json(nullptr)},
            {"shrunk", f.shrunk}, {"rank", f.rank ? json(f.rank) : json(nullptr)}};
}

json rankingJson(const OfficeRanking& r) {
    json offices = json::array();
    for (const auto& o : r.offices) {
        json trend = json::array();
        for (const auto& t : o.trend)
            trend.push_back({{"month", monthText(t.month)},
                             {"label", pairJson(monthName(t.month))},
                             {"answers", t.answers},
                             {"satisfactionMean", t.answers ? json(t.satisfactionMean) : json(nullptr)},
                             {"complaints", t.complaints},
                             {"resolved", t.resolved}});
        offices.push_back({{"office", officeJson(o.office)},
                           {"satisfaction", rankedJson(o.satisfaction)},
                           {"inTarget", rankedJson(o.inTarget)},
                           {"toResolve", rankedJson(o.toResolve)},
                           {"coverage", rankedJson(o.coverage)},
                           {"trend", trend}});
    }
    return {{"from", monthText(r.period.from)},
            {"to", monthText(r.period.to)},
            {"priorWeight", r.options.priorWeight},
            {"minResponses", r.options.minResponses},
            {"minCases", r.options.minCases},
            {"hub",
             {{"satisfactionMean", r.hubSatisfactionMean},
              {"inTargetPercent", r.hubInTargetPercent},
              {"coveragePercent", r.hubCoveragePercent}}},
            {"offices", offices}};
}

core::Result<HubResponse> ranking(OfficerService& officers, const Actor& actor, const ApiRequest& r, bool csv) {
    TRY(permit(actor, Permission::ReadReports, actor.officeCode));
    const std::int64_t now = officers.options().clock();
    const MonthRange period = TRY(periodAsked(r, now));
    const auto figures = TRY(officeRanking(officers.storage(), period, now));
    if (!csv)
        return answer(rankingJson(figures));
    const std::string name = "ranking-" + monthText(period.from) + "-" + monthText(period.to) + ".csv";
    return HubResponse{200, reportMediaType(ReportFormat::Csv), documentCsv(rankingDocument(figures, now)),
                       {{"Cache-Control", "no-store"},
                        {"Content-Disposition", "attachment; filename=\"" + name + "\""},
                        {"X-Content-Type-Options", "nosniff"}}};
}

// [SECTION] What citizens talk about

// GET /api/v1/reports/keywords: the top terms of the period, each month's
// uses of them, and the terms rising against the same number of months
// before it; from the term counts kept at ingest (hidden complaints left out).
core::Result<HubResponse> keywords(OfficerService& officers, const Actor& actor, const ApiRequest& r) {
    const Office office = TRY(officeAsked(officers, actor, r));
    KeywordQuery q;
    q.office = office.code;
    q.period = TRY(periodAsked(r, officers.options().clock()));
    const std::string source = param(r, "source"), category = param(r, "category");
    if (source == "complaints")
        q.source = TextSource::Complaint;
    else if (source == "comments")
        q.source = TextSource::Comment;
    else if (!source.empty())
        return makeError(ErrorCode::BadRequest, "the parameter source must be complaints or comments");
    if (!category.empty())
        q.category = category;
    q.top = static_cast<std::size_t>(TRY(api::queryNumber(r, "top", 20, 1, 100)));
    int months = 0;
    for (int m = q.period.from; m <= q.period.to; m = addMonths(m, 1))
        ++months;
    q.baseline = MonthRange{addMonths(q.period.from, -months), addMonths(q.period.from, -1)};
    const auto f = TRY(keywordFigures(officers.storage().reports(), q));
    json top = json::array(), rising = json::array(), byMonth = json::array();
    for (const auto& t : f.top)
        top.push_back({{"term", t.term}, {"texts", t.documents}});
    for (const auto& t : f.rising)
        rising.push_back({{"term", t.term}, {"now", t.now}, {"baseline", t.baseline}, {"ratio", t.ratio}, {"g2", t.g2}});
    for (const auto& m : f.months)
        byMonth.push_back({{"month", monthText(m.month)}, {"texts", m.texts}, {"uses", m.uses}});
    return answer({{"office", officeJson(office)},
                   {"from", monthText(q.period.from)},
                   {"to", monthText(q.period.to)},
                   {"baselineFrom", monthText(f.baseline.from)},
                   {"baselineTo", monthText(f.baseline.to)},
                   {"source", source.empty() ? "all" : source},
                   {"category", category},
                   {"texts", f.texts},
                   {"baselineTexts", f.baselineTexts},
                   {"minCount", q.rising.minCount},
                   {"minRatio", q.rising.minRatio},
                   {"minG2", q.rising.minG2},
                   {"top", top},
                   {"months", byMonth},
                   {"rising", rising}});
}

// GET /api/v1/reports/comments: the survey comments of the period, newest
// first (of one survey= and service= when named), those with `q` in their
// text or terms, a page at a time. Their
// words only to those who may read the office's cases (a comment is a
// citizen's free text, which may name someone); a viewer gets the count,
// the times and the keywords.
core::Result<HubResponse> comments(OfficerService& officers, const Actor& actor, const ApiRequest& r) {
    const Office office = TRY(officeAsked(officers, actor, r));
    const MonthRange period = TRY(periodAsked(r, officers.options().clock()));
    const bool mayRead = permit(actor, Permission::ReadCases, office.code).ok();
    const std::string q = param(r, "q");
    if (!q.empty() && !mayRead)
        return makeError(ErrorCode::Forbidden, "a viewer may not search the comments' words; their keywords are shown");
    const auto limit = static_cast<std::size_t>(TRY(api::queryNumber(r, "limit", 25, 1, 100)));
    const auto page = static_cast<std::size_t>(TRY(api::queryNumber(r, "page", 1, 1, 100000)));
    const auto content = TRY(reportContent(officers.storage(), office.code));
    auto all = TRY(surveyComments(officers.storage(), content, office.code, monthStartMs(period.from),
                                  monthStartMs(addMonths(period.to, 1))));
    const std::string service = param(r, "service"), survey = param(r, "survey");
    std::vector<const ListenedText*> matching;
    for (const auto& c : all) {
        if ((!service.empty() && c.category != service) || (!survey.empty() && c.ref != survey))
            continue;
        if (!q.empty() && c.text.find(q) == std::string::npos &&
            std::find(c.terms.begin(), c.terms.end(), q) == c.terms.end())
            continue;
        matching.push_back(&c);
    }
    TermCounts counts;
    for (const auto* c : matching)
        counts.add(c->terms);
    json list = json::array(), top = json::array();
    for (std::size_t i = (page - 1) * limit; i < matching.size() && i < page * limit; ++i) {
        const auto& c = *matching[i];
        list.push_back({{"at", c.atMs},
                        {"survey", c.ref},
                        {"service", c.category},
                        {"question", c.question},
                        {"text", mayRead ? json(c.text) : json(nullptr)},
                        {"terms", mayRead ? json(c.terms) : json::array()}});
    }
    for (const auto& t : topTerms(counts, 20))
        top.push_back({{"term", t.term}, {"texts", t.documents}});
    return answer({{"office", officeJson(office)},
                   {"from", monthText(period.from)},
                   {"to", monthText(period.to)},
                   {"total", matching.size()},
                   {"page", page},
                   {"pages", (matching.size() + limit - 1) / limit},
                   {"textsShown", mayRead},
                   {"keywords", top},
                   {"comments", list}});
}

}  // namespace

HubResponse handleReportRoute(OfficerService& officers, const Actor& actor, const ApiRequest& r) {
    auto made = [&]() -> core::Result<HubResponse> {
        if (r.path == "/api/v1/reports/field")
            return field(officers, actor, r);
        if (r.path == "/api/v1/reports/keywords")
            return keywords(officers, actor, r);
        if (r.path == "/api/v1/reports/comments")
            return comments(officers, actor, r);
        if (r.path.starts_with("/api/v1/reports/ranking"))
            return ranking(officers, actor, r, r.path.ends_with(".csv"));
        std::optional<ReportFormat> format;
        if (const auto dot = r.path.rfind('.'); dot != std::string::npos)
            format = TRY(reportFormatFromName(std::string_view(r.path).substr(dot + 1)));
        if (r.path.starts_with("/api/v1/reports/complaints"))
            return complaints(officers, actor, r, format);
        return satisfaction(officers, actor, r, format);
    }();
    if (!made)
        return apiError(made.error());
    return std::move(*made);
}

}  // namespace fangsiang::hub
