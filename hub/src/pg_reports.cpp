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

#include "hub/listening.hpp"
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

core::Status SurveyTally::addText(std::string_view office, TextSource source, int month, const std::string& category,
                                  std::string_view text, const BrokenTexts* broken) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos || !storable(category))
        return Ok{};
    const TermExtractor* extract = TRY(listeningExtractor());
    const std::string o(office);
    const int s = static_cast<int>(source);
    ++m_texts[{o, s, month, category}];
    for (std::string& term : termsOf(*extract, text, broken))
        if (storable(term))
            ++m_terms[{o, s, month, category, std::move(term)}];
    return Ok{};
}

core::Status SurveyTally::addComplaint(std::string_view office, std::string_view payload, std::int64_t atMs,
                                      const BrokenTexts* broken) {
    const json root = json::parse(payload, nullptr, false);
    if (!root.is_object() || !root.contains("text") || !root["text"].is_string())
        return Ok{};
    std::string category;
    if (root.contains("category") && root["category"].is_string())
        category = root["category"].get<std::string>();
    // The case keeps the text with U+FFFD for any U+0000 (PostgreSQL's text
    // cannot hold it); its terms are counted from that same text, so that
    // hiding the case takes away exactly what was added.
    std::string text = root["text"].get<std::string>();
    for (std::size_t at = text.find('\0'); at != std::string::npos; at = text.find('\0', at + 3))
        text.replace(at, 1, "\xEF\xBF\xBD");
    return addText(office, TextSource::Complaint, monthKeyOf(atMs), category, text, broken);
}

core::Status SurveyTally::add(std::string_view office, std::string_view payload, std::int64_t atMs,
                             const BrokenTexts* broken) {
    auto response = reports::countedResponse(payload);
    if (!response || !storable(response->survey) || !storable(response->service))
        return Ok{};
    for (const std::string& comment : response->comments)
        TRY(addText(office, TextSource::Comment, monthKeyOf(atMs), response->survey, comment, broken));
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
        if (a.integer >= 1 && a.integer <= 5)  // the heat map is of faces
            ++m_hours[{head, a.question, t.weekday, t.hour}][static_cast<std::size_t>(a.integer - 1)];
    }
    // Every answer beside every option chosen in the same response.
    for (const CountedAnswer& by : counted) {
        if (by.number)
            continue;
        for (const CountedAnswer& a : counted)
            if (a.question != by.question)
                ++m_cross[{head, by.question, by.value, a.question, a.number, a.value}];
    }
    return Ok{};
}

core::Status SurveyTally::flush(Connection& conn) {
    if (m_responses.empty() && m_texts.empty())
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
    for (const auto& [k, f] : m_hours) {
        json r = headOf(std::get<0>(k));
        r.update({{"q", std::get<1>(k)}, {"wd", std::get<2>(k)}, {"h", std::get<3>(k)}, {"f1", f[0]}, {"f2", f[1]},
                  {"f3", f[2]}, {"f4", f[3]}, {"f5", f[4]}});
        rows.push_back(std::move(r));
    }
    TRY(upsert("INSERT INTO survey_hours(office, survey, month, question, weekday, hour, f1, f2, f3, f4, f5) "
               "SELECT x.o, x.s, x.m, x.q, x.wd, x.h, x.f1, x.f2, x.f3, x.f4, x.f5 "
               "FROM jsonb_to_recordset($1::text::jsonb) AS x(o text, s text, m bigint, q text, wd bigint, h bigint, "
               "f1 bigint, f2 bigint, f3 bigint, f4 bigint, f5 bigint) "
               "ON CONFLICT (office, survey, month, question, weekday, hour) DO UPDATE SET "
               "f1 = survey_hours.f1 + excluded.f1, f2 = survey_hours.f2 + excluded.f2, "
               "f3 = survey_hours.f3 + excluded.f3, f4 = survey_hours.f4 + excluded.f4, "
               "f5 = survey_hours.f5 + excluded.f5",
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
    rows = json::array();
    for (const auto& [k, n] : m_texts)
        rows.push_back({{"o", std::get<0>(k)}, {"src", std::get<1>(k)}, {"m", std::get<2>(k)}, {"c", std::get<3>(k)},
                        {"n", n}});
    TRY(upsert("INSERT INTO text_counts(office, source, month, category, texts) "
               "SELECT x.o, x.src, x.m, x.c, x.n FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, src bigint, m bigint, c text, n bigint) "
               "ON CONFLICT (office, month, source, category) DO UPDATE SET texts = text_counts.texts + excluded.texts",
               rows));
    rows = json::array();
    for (const auto& [k, n] : m_terms)
        rows.push_back({{"o", std::get<0>(k)}, {"src", std::get<1>(k)}, {"m", std::get<2>(k)}, {"c", std::get<3>(k)},
                        {"t", std::get<4>(k)}, {"n", n}});
    TRY(upsert("INSERT INTO term_counts(office, source, month, category, term, texts) "
               "SELECT x.o, x.src, x.m, x.c, x.t, x.n FROM jsonb_to_recordset($1::text::jsonb) "
               "AS x(o text, src bigint, m bigint, c text, t text, n bigint) "
               "ON CONFLICT (office, month, source, category, term) "
               "DO UPDATE SET texts = term_counts.texts + excluded.texts",
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
    f1 BIGINT NOT NULL, f2 BIGINT NOT NULL, f3 BIGINT NOT NULL, f4 BIGINT NOT NULL, f5 BIGINT NOT NULL,  -- the faces
    PRIMARY KEY (office, survey, month, question, weekday, hour)
);
CREATE TABLE survey_cross (
    office TEXT NOT NULL, survey TEXT NOT NULL, month BIGINT NOT NULL, by_question TEXT NOT NULL,
    by_value TEXT NOT NULL, question TEXT NOT NULL, number BOOLEAN NOT NULL, value TEXT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (office, survey, by_question, month, by_value, question, number, value)
);
CREATE TABLE term_counts (
    office TEXT NOT NULL,
    source BIGINT NOT NULL,            -- 0: complaint texts, 1: survey comments
    month BIGINT NOT NULL, category TEXT NOT NULL, term TEXT NOT NULL,
    texts BIGINT NOT NULL,             -- texts using the term (once each)
    PRIMARY KEY (office, month, source, category, term)
);
CREATE TABLE text_counts (
    office TEXT NOT NULL, source BIGINT NOT NULL, month BIGINT NOT NULL, category TEXT NOT NULL,
    texts BIGINT NOT NULL,
    PRIMARY KEY (office, month, source, category)
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
        auto page = TRY(conn.query("SELECT d.office, r.created_at, r.received_at, r.bytes, r.device, r.seq, r.kind "
                                   "FROM records r JOIN devices d ON d.key = r.device WHERE r.kind IN (1, 2) AND "
                                   "(r.device, r.seq) > ($1, $2) ORDER BY r.device, r.seq LIMIT 500",
                                   {core::ByteView(lastDevice), lastSeq}));
        SurveyTally tally;
        for (int i = 0; i < page.size(); ++i) {
            auto record = core::Record::parse(page.bytes(i, 3));
            const std::int64_t at = hubTimeOf(page.integer(i, 1), page.integer(i, 2));
            // A damaged record is the store check's to report; counting skips it.
            if (record && page.integer(i, 6) == static_cast<std::int64_t>(core::RecordKind::Complaint))
                TRY(tally.addComplaint(page.text(i, 0), record->payload(), at));
            else if (record)
                TRY(tally.add(page.text(i, 0), record->payload(), at));
            const auto key = page.bytes(i, 4);
            lastDevice.assign(key.begin(), key.end());
            lastSeq = page.integer(i, 5);
        }
        TRY(tally.flush(conn));
        if (page.size() < 500)
            return Ok{};
    }
}

// [SECTION] The ranking's aggregates (schema 7)
namespace {

// One statement-level trigger function per event over the cases' transition
// tables: `changed` holds each new row with s = 1 and each old row with
// s = -1, so one statement adds up a whole INSERT of a batch's complaints,
// in key order (concurrent batches of one office lock the rows in the same
// order). Rows a change leaves at nought are removed by the statement after
// (one statement may not change a row twice).
std::string caseTriggerFunction(const std::string& name, const std::string& changed) {
    const std::string with = "WITH changed AS (" + changed + ") ";
    const std::string open = "state IN ('received', 'accepted', 'in_progress') AND resolved_at = 0";
    const auto spent = [&](const std::string& table, const std::string& key, const std::string& where) {
        return with + "DELETE FROM " + table + " c USING (SELECT DISTINCT fangsiang_month(filed_at) AS month, office, " +
               key + " AS k FROM changed WHERE " + where + ") x WHERE c.month = x.month AND c.office = x.office AND c." +
               (table == "case_resolve_hours" ? "hours" : "day") + " = x.k AND c.n <= 0;\n";
    };
    return "CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $fn$\nBEGIN\n" + with +
           "INSERT INTO case_months AS t (month, office, filed, replied, resolved, in_target) "
           "SELECT fangsiang_month(filed_at), office, sum(s), sum(s * (first_reply_at > 0)::int), "
           "sum(s * (resolved_at > 0)::int), sum(s * (resolved_at > 0 AND resolved_at <= target_at)::int) "
           "FROM changed GROUP BY 1, 2 ORDER BY 1, 2 "
           "ON CONFLICT (month, office) DO UPDATE SET filed = t.filed + excluded.filed, "
           "replied = t.replied + excluded.replied, resolved = t.resolved + excluded.resolved, "
           "in_target = t.in_target + excluded.in_target;\n" +
           with +
           "INSERT INTO case_resolve_hours AS t (month, office, hours, n) "
           "SELECT fangsiang_month(filed_at), office, fangsiang_resolve_bucket(filed_at, resolved_at), sum(s) "
           "FROM changed WHERE resolved_at > 0 GROUP BY 1, 2, 3 HAVING sum(s) <> 0 ORDER BY 1, 2, 3 "
           "ON CONFLICT (month, office, hours) DO UPDATE SET n = t.n + excluded.n;\n" +
           spent("case_resolve_hours", "fangsiang_resolve_bucket(filed_at, resolved_at)", "resolved_at > 0") + with +
           "INSERT INTO case_open_targets AS t (month, office, day, n) "
           "SELECT fangsiang_month(filed_at), office, div(target_at, 86400000), sum(s) FROM changed WHERE " + open +
           " GROUP BY 1, 2, 3 HAVING sum(s) <> 0 ORDER BY 1, 2, 3 "
           "ON CONFLICT (month, office, day) DO UPDATE SET n = t.n + excluded.n;\n" +
           spent("case_open_targets", "div(target_at, 86400000)", open) + "RETURN NULL;\nEND\n$fn$;\n";
}

// survey_office_* add up `from` over services, by the same kind of triggers.
std::string surveyTriggers(const std::string& from, const std::string& to, const std::vector<std::string>& names) {
    std::string keys, match;
    for (const std::string& k : names) {
        keys += (keys.empty() ? "" : ", ") + k;
        match += (match.empty() ? "" : " AND ") + ("c." + k + " = x." + k);
    }
    std::string script;
    const auto function = [&](const std::string& event, const std::string& on, const std::string& tables,
                              const std::string& changed) {
        const std::string name = to + "_" + event, with = "WITH changed AS (" + changed + ") ";
        script += "CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $fn$\nBEGIN\n" + with +
                  "INSERT INTO " + to + " AS t (" + keys + ", n) SELECT " + keys + ", sum(s * n) FROM changed GROUP BY " +
                  keys + " HAVING sum(s * n) <> 0 ORDER BY " + keys + " ON CONFLICT (" + keys +
                  ") DO UPDATE SET n = t.n + excluded.n;\n" + with + "DELETE FROM " + to + " c USING (SELECT DISTINCT " +
                  keys + " FROM changed) x WHERE " + match + " AND c.n <= 0;\nRETURN NULL;\nEND\n$fn$;\n";
        script += "CREATE TRIGGER " + name + " AFTER " + on + " ON " + from + " REFERENCING " + tables +
                  " FOR EACH STATEMENT EXECUTE FUNCTION " + name + "();\n";
    };
    function("added", "INSERT", "NEW TABLE AS new_rows", "SELECT 1 AS s, * FROM new_rows");
    function("changed", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
             "SELECT 1 AS s, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows");
    function("removed", "DELETE", "OLD TABLE AS old_rows", "SELECT -1 AS s, * FROM old_rows");
    return script + "INSERT INTO " + to + " (" + keys + ", n) SELECT " + keys + ", sum(n) FROM " + from +
           " GROUP BY " + keys + ";\n";
}

}  // namespace

core::Status migrateRanking(Connection& conn) {
    TRY(conn.script(R"sql(
CREATE FUNCTION fangsiang_month(at BIGINT) RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT to_char(to_timestamp(div(least(greatest(at, 0), 253402300799999) + 25200000, 1000))
                   AT TIME ZONE 'UTC', 'YYYYMM')::bigint
$$;
CREATE FUNCTION fangsiang_resolve_bucket(filed BIGINT, resolved BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN h < 72 THEN h WHEN h < 336 THEN h - (h - 72) % 6 WHEN h < 2160 THEN h - (h - 336) % 24
                ELSE h - (h - 2160) % 168 END
    FROM (SELECT greatest(0, (resolved - filed) / 3600000) AS h) x
$$;
CREATE TABLE case_months (
    month BIGINT NOT NULL, office TEXT NOT NULL,   -- filed, yyyymm office time
    filed BIGINT NOT NULL, replied BIGINT NOT NULL, resolved BIGINT NOT NULL,
    in_target BIGINT NOT NULL,                     -- resolved by their target
    PRIMARY KEY (month, office)
);
CREATE TABLE case_resolve_hours (
    month BIGINT NOT NULL, office TEXT NOT NULL,
    hours BIGINT NOT NULL,                         -- the bucket's first hour (resolveBucketOf)
    n BIGINT NOT NULL,
    PRIMARY KEY (month, office, hours)
);
CREATE TABLE case_open_targets (
    month BIGINT NOT NULL, office TEXT NOT NULL,
    day BIGINT NOT NULL,                           -- the target's UTC day, target_at / 86400000
    n BIGINT NOT NULL,
    PRIMARY KEY (month, office, day)
);
CREATE INDEX cases_open_by_target ON cases(target_at) WHERE state IN ('received', 'accepted', 'in_progress');
CREATE TABLE survey_office_responses (
    survey TEXT NOT NULL, month BIGINT NOT NULL, office TEXT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (survey, month, office)
);
CREATE TABLE survey_office_counts (
    survey TEXT NOT NULL, month BIGINT NOT NULL, office TEXT NOT NULL, question TEXT NOT NULL,
    number BOOLEAN NOT NULL, value TEXT NOT NULL, n BIGINT NOT NULL,
    PRIMARY KEY (survey, month, office, question, number, value)
);
INSERT INTO case_months (month, office, filed, replied, resolved, in_target)
    SELECT fangsiang_month(filed_at), office, count(*), count(*) FILTER (WHERE first_reply_at > 0),
           count(*) FILTER (WHERE resolved_at > 0), count(*) FILTER (WHERE resolved_at > 0 AND resolved_at <= target_at)
    FROM cases GROUP BY 1, 2;
INSERT INTO case_resolve_hours (month, office, hours, n)
    SELECT fangsiang_month(filed_at), office, fangsiang_resolve_bucket(filed_at, resolved_at), count(*)
    FROM cases WHERE resolved_at > 0 GROUP BY 1, 2, 3;
INSERT INTO case_open_targets (month, office, day, n)
    SELECT fangsiang_month(filed_at), office, div(target_at, 86400000), count(*)
    FROM cases WHERE state IN ('received', 'accepted', 'in_progress') AND resolved_at = 0 GROUP BY 1, 2, 3;
)sql"));
    TRY(conn.script(caseTriggerFunction("case_months_added", "SELECT 1 AS s, * FROM new_rows") +
                    caseTriggerFunction("case_months_changed",
                                        "SELECT 1 AS s, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows") +
                    caseTriggerFunction("case_months_removed", "SELECT -1 AS s, * FROM old_rows") +
                    "CREATE TRIGGER case_months_added AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows "
                    "FOR EACH STATEMENT EXECUTE FUNCTION case_months_added();\n"
                    "CREATE TRIGGER case_months_changed AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows "
                    "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_months_changed();\n"
                    "CREATE TRIGGER case_months_removed AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows "
                    "FOR EACH STATEMENT EXECUTE FUNCTION case_months_removed();\n"));
    TRY(conn.script(surveyTriggers("survey_responses", "survey_office_responses", {"survey", "month", "office"})));
    return conn.script(surveyTriggers("survey_counts", "survey_office_counts",
                                      {"survey", "month", "office", "question", "number", "value"}));
}

core::Result<RankingRows> PgReports::rankingRows(const std::string& survey, int fromMonth, int toMonth,
                                                 std::int64_t nowMs) {
    const auto from = static_cast<std::int64_t>(fromMonth), to = static_cast<std::int64_t>(toMonth);
    const std::int64_t today = nowMs >= 0 ? nowMs / 86400000 : -((-nowMs + 86399999) / 86400000);
    return m_pool.run<RankingRows>([&](Connection& c) -> core::Result<RankingRows> {
        // One snapshot for every part.
        TRY(c.script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
        RankingRows out;
        const auto counts = [&](const char* sql, const std::vector<Param>& params)
            -> core::Result<std::vector<OfficeCount>> {
            auto r = TRY(c.query(sql, params));
            std::vector<OfficeCount> rows;
            for (int i = 0; i < r.size(); ++i)
                rows.push_back(OfficeCount{r.text(i, 0), r.integer(i, 1)});
            return rows;
        };
        out.responses = TRY(counts("SELECT office, sum(n)::bigint FROM survey_office_responses WHERE survey = $1 "
                                   "AND month BETWEEN $2 AND $3 GROUP BY office",
                                   {sv(survey), from, to}));
        auto answers = TRY(c.query("SELECT office, question, month, number, value, n FROM survey_office_counts "
                                   "WHERE survey = $1 AND month BETWEEN $2 AND $3",
                                   {sv(survey), from, to}));
        for (int i = 0; i < answers.size(); ++i)
            out.answers.push_back(OfficeAnswerCount{answers.text(i, 0), answers.text(i, 1),
                                                    static_cast<int>(answers.integer(i, 2)), answers.truth(i, 3),
                                                    answers.text(i, 4), answers.integer(i, 5)});
        auto months = TRY(c.query("SELECT office, month, filed, replied, resolved, in_target FROM case_months "
                                  "WHERE month BETWEEN $1 AND $2",
                                  {from, to}));
        for (int i = 0; i < months.size(); ++i)
            out.caseMonths.push_back(CaseMonthCount{months.text(i, 0), static_cast<int>(months.integer(i, 1)),
                                                    months.integer(i, 2), months.integer(i, 3), months.integer(i, 4),
                                                    months.integer(i, 5)});
        auto hours = TRY(c.query("SELECT office, hours, n FROM case_resolve_hours WHERE month BETWEEN $1 AND $2",
                                 {from, to}));
        for (int i = 0; i < hours.size(); ++i)
            out.resolveHours.push_back(ResolveHoursCount{hours.text(i, 0), hours.integer(i, 1), hours.integer(i, 2)});
        // Targets of days before today's have passed; today's are read from the open cases.
        out.openPastTarget = TRY(counts("SELECT office, sum(n)::bigint FROM case_open_targets WHERE month BETWEEN $1 "
                                        "AND $2 AND day < $3 GROUP BY office",
                                        {from, to, today}));
        const auto todays = TRY(counts("SELECT office, count(*) FROM cases WHERE state IN ('received', 'accepted', "
                                       "'in_progress') AND resolved_at = 0 AND target_at >= $1 AND target_at < $2 AND filed_at >= $3 "
                                       "AND filed_at < $4 GROUP BY office",
                                       {today * 86400000, nowMs, monthStartMs(fromMonth),
                                        monthStartMs(addMonths(toMonth, 1))}));
        out.openPastTarget.insert(out.openPastTarget.end(), todays.begin(), todays.end());
        TRY(c.script("COMMIT"));
        return out;
    });
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
    return m_pool.run<std::vector<HourCount>>([&](Connection& c) -> core::Result<std::vector<HourCount>> {
        auto r = TRY(c.query("SELECT question, weekday, hour, sum(f1)::bigint, sum(f2)::bigint, sum(f3)::bigint, "
                             "sum(f4)::bigint, sum(f5)::bigint FROM survey_hours "
                             "WHERE office = $1 AND survey = $2 AND month BETWEEN $3 AND $4 "
                             "GROUP BY question, weekday, hour",
                             {sv(filter.office), sv(filter.survey), static_cast<std::int64_t>(filter.fromMonth),
                              static_cast<std::int64_t>(filter.toMonth)}));
        std::vector<HourCount> out;
        for (int i = 0; i < r.size(); ++i)
            for (int face = 1; face <= 5; ++face)
                if (const std::int64_t n = r.integer(i, 2 + face); n > 0)
                    out.push_back(HourCount{r.text(i, 0), static_cast<int>(r.integer(i, 1)),
                                            static_cast<int>(r.integer(i, 2)), face, n});
        return out;
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

namespace {
constexpr const char* kTermWhere = " WHERE office = $1 AND month BETWEEN $2 AND $3 AND ($4::bigint IS NULL OR "
                                   "source = $4) AND ($5::text IS NULL OR category = $5)";

std::vector<Param> termParams(const TermFilter& f) {
    std::vector<Param> p{sv(f.office), static_cast<std::int64_t>(f.fromMonth), static_cast<std::int64_t>(f.toMonth)};
    if (f.source)
        p.emplace_back(static_cast<std::int64_t>(*f.source));
    else
        p.emplace_back(Null{});
    if (f.category)
        p.emplace_back(std::string_view(*f.category));
    else
        p.emplace_back(Null{});
    return p;
}

TextSource sourceOf(std::int64_t value) { return value == 1 ? TextSource::Comment : TextSource::Complaint; }
}  // namespace

core::Result<std::vector<TermRow>> PgReports::termCounts(const TermFilter& filter) {
    return rowsOf<TermRow>(m_pool, std::string("SELECT source, category, month, term, texts FROM term_counts") + kTermWhere,
                           termParams(filter), [](const Rows& r, int i) {
                               return TermRow{sourceOf(r.integer(i, 0)), r.text(i, 1), static_cast<int>(r.integer(i, 2)),
                                              r.text(i, 3), r.integer(i, 4)};
                           });
}

core::Result<std::vector<TextRow>> PgReports::textCounts(const TermFilter& filter) {
    return rowsOf<TextRow>(m_pool, std::string("SELECT source, category, month, texts FROM text_counts") + kTermWhere,
                           termParams(filter), [](const Rows& r, int i) {
                               return TextRow{sourceOf(r.integer(i, 0)), r.text(i, 1), static_cast<int>(r.integer(i, 2)),
                                              r.integer(i, 3)};
                           });
}

core::Status recountComplaint(Connection& conn, const std::string& office, const std::string& category,
                              std::int64_t filedAtMs, std::string_view text, int delta) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos || !storable(category))
        return Ok{};
    const TermExtractor* extract = TRY(listeningExtractor());
    const auto month = static_cast<std::int64_t>(monthKeyOf(filedAtMs));
    const auto source = static_cast<std::int64_t>(TextSource::Complaint);
    const auto d = static_cast<std::int64_t>(delta);
    TRY(conn.run("INSERT INTO text_counts(office, source, month, category, texts) VALUES($1, $2, $3, $4, $5) "
                 "ON CONFLICT (office, month, source, category) DO UPDATE SET texts = text_counts.texts + excluded.texts",
                 {sv(office), source, month, sv(category), d}));
    for (const std::string& term : extract->terms(text))
        if (storable(term))
            TRY(conn.run("INSERT INTO term_counts(office, source, month, category, term, texts) "
                         "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (office, month, source, category, term) "
                         "DO UPDATE SET texts = term_counts.texts + excluded.texts",
                         {sv(office), source, month, sv(category), sv(term), d}));
    // Rows a hidden text leaves at nought are removed, so that nothing of it stays.
    return conn.run("DELETE FROM term_counts WHERE office = $1 AND month = $2 AND source = $3 AND category = $4 "
                    "AND texts <= 0",
                    {sv(office), month, source, sv(category)});
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
