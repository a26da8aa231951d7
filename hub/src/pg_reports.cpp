// The survey aggregates on the hub's PostgreSQL store (pg_reports.hpp): the
// same rows as the SQLite store's (docs/LISTENING.md), counted in the ingest
// transaction. The responses of a batch are tallied in memory as they are
// stored, then added to the five tables with one statement each just before
// COMMIT: the tallies go as one JSON parameter that jsonb_to_recordset turns
// into rows, and ON CONFLICT adds them to the rows already there (one
// statement may not touch a row twice, hence the tally first). Concurrent
// pushes of one office add to the same rows safely: an upsert locks the row.

#include "pg_reports.hpp"
#include "pg_schema.hpp"
#include "survey_answers.hpp"

#include "hub/record_rules.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;
using nlohmann::json;
using reports::CountedAnswer;

namespace {

std::string_view sv(const std::string& s) { return s; }

bool storable(const std::string& text) { return text.find('\0') == std::string::npos; }

constexpr const char* kWhere =
    " WHERE office = $1 AND survey = $2 AND month BETWEEN $3 AND $4 AND ($5::text IS NULL OR service = $5)";

std::vector<Param> filterParams(const ReportFilter& f) {
    std::vector<Param> p{sv(f.office), sv(f.survey), static_cast<std::int64_t>(f.fromMonth),
                         static_cast<std::int64_t>(f.toMonth)};
    if (f.service)
        p.emplace_back(std::string_view(*f.service));
    else
        p.emplace_back(Null{});
    return p;
}

template <typename T, typename From>
core::Result<std::vector<T>> rowsOf(Pool& pool, const std::string& sql, const std::vector<Param>& params, From&& from) {
    return pool.run<std::vector<T>>([&](Connection& c) -> core::Result<std::vector<T>> {
        auto r = TRY(c.query(sql, params));
        std::vector<T> out;
        for (int i = 0; i < r.size(); ++i)
            out.push_back(from(r, i));
        return out;
    });
}

}  // namespace

void SurveyTally::add(std::string_view office, std::string_view payload, std::int64_t atMs) {
    auto response = reports::countedResponse(payload);
    if (!response || !storable(response->survey) || !storable(response->service))
        return;
    std::vector<CountedAnswer> counted;
    for (auto& a : response->answers)
        if (storable(a.question))
            counted.push_back(std::move(a));
    const OfficeTime t = officeTimeOf(atMs);
    const Head head{std::string(office), response->survey, monthKey(t.year, t.month)};
    const std::string& service = response->service;
    ++m_responses[{head, service}];
    for (const CountedAnswer& a : counted) {
        ++m_counts[{head, service, a.question, a.number, a.value}];
        if (!a.number)
            continue;
        if (std::llabs(a.integer) <= reports::kMaxSummed) {
            auto& [n, sum, sumsq] = m_stats[{head, service, a.question}];
            ++n;
            sum += a.integer;
            sumsq += a.integer * a.integer;
        }
        ++m_hours[{head, a.question, t.weekday, t.hour, a.integer}];
    }
    // Every answer beside every option chosen in the same response.
    for (const CountedAnswer& by : counted) {
        if (by.number)
            continue;
        for (const CountedAnswer& a : counted)
            if (a.question != by.question)
                ++m_cross[{head, by.question, by.value, a.question, a.number, a.value}];
    }
}

core::Status SurveyTally::flush(Connection& conn) {
    if (m_responses.empty())
        return Ok{};
    auto headOf = [](const Head& h) { return json{{"o", h.office}, {"s", h.survey}, {"m", h.month}}; };
    auto upsert = [&](const std::string& sql, const json& rows) -> core::Status {
        if (rows.empty())
            return Ok{};
        const std::string text = rows.dump();
        return conn.run(sql, {std::string_view(text)});
    };
    json rows = json::array();
    for (const auto& [k, n] : m_responses) {
        json r = headOf(k.first);
        r["svc"] = k.second;
        r["n"] = n;
        rows.push_back(std::move(r));
    }
    TRY(upsert("INSERT INTO survey_responses(office, survey, month, service, n) "
               "SELECT x.o, x.s, x.m, x.svc, x.n FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, s text, m bigint, svc text, n bigint) "
               "ON CONFLICT (office, survey, month, service) DO UPDATE SET n = survey_responses.n + excluded.n",
               rows));
    rows = json::array();
    for (const auto& [k, n] : m_counts) {
        json r = headOf(std::get<0>(k));
        r.update({{"svc", std::get<1>(k)}, {"q", std::get<2>(k)}, {"num", std::get<3>(k)}, {"v", std::get<4>(k)}, {"n", n}});
        rows.push_back(std::move(r));
    }
    TRY(upsert("INSERT INTO survey_counts(office, survey, month, service, question, number, value, n) "
               "SELECT x.o, x.s, x.m, x.svc, x.q, x.num, x.v, x.n FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, s text, m bigint, svc text, q text, num boolean, v text, n bigint) "
               "ON CONFLICT (office, survey, month, service, question, number, value) "
               "DO UPDATE SET n = survey_counts.n + excluded.n",
               rows));
    rows = json::array();
    for (const auto& [k, v] : m_stats) {
        json r = headOf(std::get<0>(k));
        r.update({{"svc", std::get<1>(k)}, {"q", std::get<2>(k)}, {"n", std::get<0>(v)}, {"sum", std::get<1>(v)},
                  {"ss", std::get<2>(v)}});
        rows.push_back(std::move(r));
    }
    TRY(upsert("INSERT INTO survey_stats(office, survey, month, service, question, n, sum, sumsq) "
               "SELECT x.o, x.s, x.m, x.svc, x.q, x.n, x.sum, x.ss FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, s text, m bigint, svc text, q text, n bigint, sum bigint, ss bigint) "
               "ON CONFLICT (office, survey, month, service, question) DO UPDATE SET "
               "n = survey_stats.n + excluded.n, sum = survey_stats.sum + excluded.sum, "
               "sumsq = survey_stats.sumsq + excluded.sumsq",
               rows));
    rows = json::array();
    for (const auto& [k, n] : m_hours) {
        json r = headOf(std::get<0>(k));
        r.update({{"q", std::get<1>(k)}, {"wd", std::get<2>(k)}, {"h", std::get<3>(k)}, {"v", std::get<4>(k)}, {"n", n}});
        rows.push_back(std::move(r));
    }
    TRY(upsert("INSERT INTO survey_hours(office, survey, month, question, weekday, hour, value, n) "
               "SELECT x.o, x.s, x.m, x.q, x.wd, x.h, x.v, x.n FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, s text, m bigint, q text, wd bigint, h bigint, v bigint, n bigint) "
               "ON CONFLICT (office, survey, month, question, weekday, hour, value) "
               "DO UPDATE SET n = survey_hours.n + excluded.n",
               rows));
    rows = json::array();
    for (const auto& [k, n] : m_cross) {
        json r = headOf(std::get<0>(k));
        r.update({{"bq", std::get<1>(k)}, {"bv", std::get<2>(k)}, {"q", std::get<3>(k)}, {"num", std::get<4>(k)},
                  {"v", std::get<5>(k)}, {"n", n}});
        rows.push_back(std::move(r));
    }
    TRY(upsert("INSERT INTO survey_cross(office, survey, month, by_question, by_value, question, number, value, n) "
               "SELECT x.o, x.s, x.m, x.bq, x.bv, x.q, x.num, x.v, x.n FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, s text, m bigint, bq text, bv text, q text, num boolean, v text, n bigint) "
               "ON CONFLICT (office, survey, by_question, month, by_value, question, number, value) "
               "DO UPDATE SET n = survey_cross.n + excluded.n",
               rows));
    *this = SurveyTally{};
    return Ok{};
}

core::Status migrateReports(Connection& conn) {
    TRY(conn.script(R"sql(
CREATE TABLE survey_responses (
    office  TEXT NOT NULL,
    survey  TEXT NOT NULL,
    month   BIGINT NOT NULL,           -- yyyymm, office time (UTC+7)
    service TEXT NOT NULL,             -- '' when the response names none
    n       BIGINT NOT NULL,
    PRIMARY KEY (office, survey, month, service)
);
CREATE TABLE survey_stats (
    office TEXT NOT NULL, survey TEXT NOT NULL, month BIGINT NOT NULL, service TEXT NOT NULL, question TEXT NOT NULL,
    n BIGINT NOT NULL, sum BIGINT NOT NULL, sumsq BIGINT NOT NULL,
    PRIMARY KEY (office, survey, month, service, question)
);
CREATE TABLE survey_counts (
    office TEXT NOT NULL, survey TEXT NOT NULL, month BIGINT NOT NULL, service TEXT NOT NULL, question TEXT NOT NULL,
    number BOOLEAN NOT NULL,           -- true: value is a whole number in decimal; false: an option id
    value TEXT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (office, survey, month, service, question, number, value)
);
CREATE TABLE survey_hours (
    office TEXT NOT NULL, survey TEXT NOT NULL, month BIGINT NOT NULL, question TEXT NOT NULL,
    weekday BIGINT NOT NULL,           -- 0 Sunday .. 6 Saturday, office time
    hour BIGINT NOT NULL,              -- 0..23, office time
    value BIGINT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (office, survey, month, question, weekday, hour, value)
);
CREATE TABLE survey_cross (
    office TEXT NOT NULL, survey TEXT NOT NULL, month BIGINT NOT NULL, by_question TEXT NOT NULL,
    by_value TEXT NOT NULL, question TEXT NOT NULL, number BOOLEAN NOT NULL, value TEXT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (office, survey, by_question, month, by_value, question, number, value)
);
CREATE TABLE report_targets (
    office           TEXT PRIMARY KEY REFERENCES offices(code),
    satisfied_bp     BIGINT NOT NULL,  -- the share satisfied that passes, in hundredths of a percent
    alert_mean_centi BIGINT NOT NULL   -- the mean under which a dimension alerts, in hundredths
);
)sql"));
    // The responses already stored, counted as ingest counts them now: in
    // pages by (device, seq), so memory stays at one page.
    core::Bytes lastDevice;
    std::int64_t lastSeq = 0;
    for (;;) {
        auto page = TRY(conn.query("SELECT d.office, r.created_at, r.received_at, r.bytes, r.device, r.seq "
                                   "FROM records r JOIN devices d ON d.key = r.device WHERE r.kind = 2 AND "
                                   "(r.device, r.seq) > ($1, $2) ORDER BY r.device, r.seq LIMIT 500",
                                   {core::ByteView(lastDevice), lastSeq}));
        SurveyTally tally;
        for (int i = 0; i < page.size(); ++i) {
            auto record = core::Record::parse(page.bytes(i, 3));
            if (record)  // a damaged record is the store check's to report; counting skips it
                tally.add(page.text(i, 0), record->payload(), hubTimeOf(page.integer(i, 1), page.integer(i, 2)));
            const auto key = page.bytes(i, 4);
            lastDevice.assign(key.begin(), key.end());
            lastSeq = page.integer(i, 5);
        }
        TRY(tally.flush(conn));
        if (page.size() < 500)
            return Ok{};
    }
}

// [SECTION] Reads

core::Result<std::vector<ResponseCount>> PgReports::responses(const ReportFilter& filter) {
    return rowsOf<ResponseCount>(m_pool, std::string("SELECT service, month, n FROM survey_responses") + kWhere,
                                 filterParams(filter), [](const Rows& r, int i) {
                                     return ResponseCount{r.text(i, 0), static_cast<int>(r.integer(i, 1)),
                                                          r.integer(i, 2)};
                                 });
}

core::Result<std::vector<AnswerStats>> PgReports::answerStats(const ReportFilter& filter) {
    return rowsOf<AnswerStats>(m_pool,
                               std::string("SELECT service, question, month, n, sum, sumsq FROM survey_stats") + kWhere,
                               filterParams(filter), [](const Rows& r, int i) {
                                   return AnswerStats{r.text(i, 0),    r.text(i, 1),    static_cast<int>(r.integer(i, 2)),
                                                      r.integer(i, 3), r.integer(i, 4), r.integer(i, 5)};
                               });
}

core::Result<std::vector<AnswerCount>> PgReports::answerCounts(const ReportFilter& filter) {
    return rowsOf<AnswerCount>(
        m_pool, std::string("SELECT service, question, month, number, value, n FROM survey_counts") + kWhere,
        filterParams(filter), [](const Rows& r, int i) {
            return AnswerCount{r.text(i, 0), r.text(i, 1), static_cast<int>(r.integer(i, 2)),
                               r.truth(i, 3), r.text(i, 4), r.integer(i, 5)};
        });
}

core::Result<std::vector<HourCount>> PgReports::hourCounts(const ReportFilter& filter) {
    // The heat map is kept per office and survey, not per service.
    return rowsOf<HourCount>(m_pool,
                             "SELECT question, weekday, hour, value, sum(n)::bigint FROM survey_hours "
                             "WHERE office = $1 AND survey = $2 AND month BETWEEN $3 AND $4 "
                             "GROUP BY question, weekday, hour, value",
                             {sv(filter.office), sv(filter.survey), static_cast<std::int64_t>(filter.fromMonth),
                              static_cast<std::int64_t>(filter.toMonth)},
                             [](const Rows& r, int i) {
                                 return HourCount{r.text(i, 0), static_cast<int>(r.integer(i, 1)),
                                                  static_cast<int>(r.integer(i, 2)), r.integer(i, 3), r.integer(i, 4)};
                             });
}

core::Result<std::vector<CrossCount>> PgReports::crossCounts(const ReportFilter& filter, const std::string& byQuestion) {
    return rowsOf<CrossCount>(m_pool,
                              "SELECT by_value, question, number, value, sum(n)::bigint FROM survey_cross "
                              "WHERE office = $1 AND survey = $2 AND by_question = $3 AND month BETWEEN $4 AND $5 "
                              "GROUP BY by_value, question, number, value",
                              {sv(filter.office), sv(filter.survey), sv(byQuestion),
                               static_cast<std::int64_t>(filter.fromMonth), static_cast<std::int64_t>(filter.toMonth)},
                              [](const Rows& r, int i) {
                                  return CrossCount{r.text(i, 0), r.text(i, 1), r.truth(i, 2), r.text(i, 3),
                                                    r.integer(i, 4)};
                              });
}

core::Result<std::vector<std::string>> PgReports::surveys(const std::string& office) {
    return rowsOf<std::string>(m_pool,
                               "SELECT DISTINCT survey COLLATE \"C\" FROM survey_responses WHERE office = $1 "
                               "ORDER BY 1",
                               {sv(office)}, [](const Rows& r, int i) { return r.text(i, 0); });
}

core::Result<std::vector<CaseTimes>> PgReports::caseTimes(const std::string& office, std::int64_t fromMs,
                                                          std::int64_t toMs) {
    return rowsOf<CaseTimes>(m_pool,
                             "SELECT category, state, unit, village, filed_at, accepted_at, first_reply_at, "
                             "outcome_at, resolved_at, closed_at, target_at FROM cases "
                             "WHERE office = $1 AND filed_at >= $2 AND filed_at < $3 ORDER BY id",
                             {sv(office), fromMs, toMs}, [](const Rows& r, int i) {
                                 return CaseTimes{r.text(i, 0),    r.text(i, 1),    r.text(i, 2),    r.text(i, 3),
                                                  r.integer(i, 4), r.integer(i, 5), r.integer(i, 6), r.integer(i, 7),
                                                  r.integer(i, 8), r.integer(i, 9), r.integer(i, 10)};
                             });
}

core::Result<OfficeTargets> PgReports::targets(const std::string& office) {
    return m_pool.run<OfficeTargets>([&](Connection& c) -> core::Result<OfficeTargets> {
        auto r = TRY(c.query("SELECT satisfied_bp, alert_mean_centi FROM report_targets WHERE office = $1", {sv(office)}));
        OfficeTargets t;
        if (!r.empty()) {
            t.satisfiedPercent = static_cast<double>(r.integer(0, 0)) / 100.0;
            t.alertMean = static_cast<double>(r.integer(0, 1)) / 100.0;
        }
        return t;
    });
}

core::Status PgReports::setTargets(const std::string& office, const OfficeTargets& targets) {
    if (!(targets.satisfiedPercent >= 0 && targets.satisfiedPercent <= 100))
        return makeError(ErrorCode::InvalidArgument, "the satisfied target must be a percentage from 0 to 100");
    if (!(targets.alertMean >= 1 && targets.alertMean <= 5))
        return makeError(ErrorCode::InvalidArgument, "the alert mean must be from 1 to 5");
    auto done = m_pool.run<bool>([&](Connection& c) -> core::Result<bool> {
        if (TRY(c.query("SELECT 1 FROM offices WHERE code = $1", {sv(office)})).empty())
            return makeError(ErrorCode::NotFound, "there is no office " + office + " on this hub");
        TRY(c.run("INSERT INTO report_targets(office, satisfied_bp, alert_mean_centi) VALUES($1, $2, $3) "
                  "ON CONFLICT (office) DO UPDATE SET satisfied_bp = excluded.satisfied_bp, "
                  "alert_mean_centi = excluded.alert_mean_centi",
                  {sv(office), static_cast<std::int64_t>(std::llround(targets.satisfiedPercent * 100)),
                   static_cast<std::int64_t>(std::llround(targets.alertMean * 100))}));
        return true;
    });
    if (!done)
        return done.error();
    return Ok{};
}

}  // namespace fangsiang::hub::pg
