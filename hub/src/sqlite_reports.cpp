// The survey aggregates in SQLite (sqlite_reports.hpp, docs/LISTENING.md).

#include "sqlite_reports.hpp"

#include "hub/listening.hpp"
#include "hub/record_rules.hpp"

#include "survey_answers.hpp"

#include "core/content_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

namespace fangsiang::hub {

// [SECTION] Office time

namespace {
// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civilFromDays(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

// A civil date to days since 1970-01-01 (the same algorithm, inverted).
std::int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}
}  // namespace

OfficeTime officeTimeOf(std::int64_t utcMs) {
    const std::int64_t local = utcMs + kOfficeUtcOffsetMs;
    const std::int64_t days = floorDiv(local, 86400000);
    const std::int64_t msOfDay = local - days * 86400000;
    OfficeTime t;
    civilFromDays(days, t.year, t.month, t.day);
    t.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    t.hour = static_cast<int>(msOfDay / 3600000);
    return t;
}

int monthKey(int year, int month) { return year * 100 + month; }

const char* textSourceName(TextSource source) { return source == TextSource::Comment ? "comment" : "complaint"; }

int monthKeyOf(std::int64_t utcMs) {
    const OfficeTime t = officeTimeOf(utcMs);
    return monthKey(t.year, t.month);
}

std::int64_t monthStartMs(int key) {
    return daysFromCivil(key / 100, key % 100, 1) * 86400000 - kOfficeUtcOffsetMs;
}

// The buckets' edges; the SQL of both stores spells the same rule
// (kResolveBucketSql here, pg_reports.cpp's fangsiang_resolve_bucket).
std::int64_t resolveBucketOf(std::int64_t hours) {
    if (hours < 72)
        return std::max<std::int64_t>(hours, 0);
    if (hours < 336)
        return hours - (hours - 72) % 6;
    if (hours < 2160)
        return hours - (hours - 336) % 24;
    return hours - (hours - 2160) % 168;
}

std::int64_t resolveBucketWidth(std::int64_t firstHour) {
    return firstHour < 72 ? 1 : firstHour < 336 ? 6 : firstHour < 2160 ? 24 : 168;
}

int addMonths(int key, int count) {
    const int index = (key / 100) * 12 + (key % 100 - 1) + count;
    return monthKey(index / 12, index % 12 + 1);
}

}  // namespace fangsiang::hub

namespace fangsiang::hub::reports {

namespace sql = core::sql;
using core::Ok;
using nlohmann::json;

namespace {

// The heat map as version 6 keeps it: one row per hour with the five faces.
constexpr const char* kHoursTable = R"sql(
CREATE TABLE survey_hours (
    office   TEXT NOT NULL,
    survey   TEXT NOT NULL,
    month    INTEGER NOT NULL,
    question TEXT NOT NULL,
    weekday  INTEGER NOT NULL,          -- 0 Sunday .. 6 Saturday, office time
    hour     INTEGER NOT NULL,          -- 0..23, office time
    f1       INTEGER NOT NULL,          -- the answers of each face, 1 (the lowest) .. 5
    f2       INTEGER NOT NULL,
    f3       INTEGER NOT NULL,
    f4       INTEGER NOT NULL,
    f5       INTEGER NOT NULL,
    PRIMARY KEY (office, survey, month, question, weekday, hour)
) STRICT, WITHOUT ROWID;
)sql";

// The terms of the texts (version 6), made afresh: they are derived from the
// records alone.
constexpr const char* kTermTablesSql = R"sql(
DROP TABLE IF EXISTS term_counts;
DROP TABLE IF EXISTS text_counts;
CREATE TABLE term_counts (
    office   TEXT NOT NULL,
    source   INTEGER NOT NULL,          -- 0: complaint texts, 1: survey comments
    month    INTEGER NOT NULL,
    category TEXT NOT NULL,             -- the complaint's category, or the comment's survey
    term     TEXT NOT NULL,
    texts    INTEGER NOT NULL,          -- texts using the term (once each)
    PRIMARY KEY (office, month, source, category, term)
) STRICT, WITHOUT ROWID;
CREATE TABLE text_counts (
    office   TEXT NOT NULL,
    source   INTEGER NOT NULL,
    month    INTEGER NOT NULL,
    category TEXT NOT NULL,
    texts    INTEGER NOT NULL,
    PRIMARY KEY (office, month, source, category)
) STRICT, WITHOUT ROWID;
)sql";

// The aggregates are derived from the records alone, so migration 5 makes
// them afresh even where a copy of them is found (a store put back to an
// older version by hand keeps tables that version never had). The heat map
// is in the shape of version 6: one row per hour with the five faces side by
// side, a fifth of the rows of version 5's row per face.
constexpr const char* kSchemaV5 = R"sql(
DROP TABLE IF EXISTS survey_responses;
DROP TABLE IF EXISTS survey_stats;
DROP TABLE IF EXISTS survey_counts;
DROP TABLE IF EXISTS survey_hours;
DROP TABLE IF EXISTS survey_cross;
CREATE TABLE survey_responses (
    office  TEXT NOT NULL,
    survey  TEXT NOT NULL,
    month   INTEGER NOT NULL,           -- yyyymm, office time (UTC+7)
    service TEXT NOT NULL,              -- '' when the response names none
    n       INTEGER NOT NULL,
    PRIMARY KEY (office, survey, month, service)
) STRICT, WITHOUT ROWID;
CREATE TABLE survey_stats (
    office   TEXT NOT NULL,
    survey   TEXT NOT NULL,
    month    INTEGER NOT NULL,
    service  TEXT NOT NULL,
    question TEXT NOT NULL,
    n        INTEGER NOT NULL,
    sum      INTEGER NOT NULL,
    sumsq    INTEGER NOT NULL,
    PRIMARY KEY (office, survey, month, service, question)
) STRICT, WITHOUT ROWID;
CREATE TABLE survey_counts (
    office   TEXT NOT NULL,
    survey   TEXT NOT NULL,
    month    INTEGER NOT NULL,
    service  TEXT NOT NULL,
    question TEXT NOT NULL,
    number   INTEGER NOT NULL,          -- 1: value is a whole number in decimal; 0: an option id
    value    TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (office, survey, month, service, question, number, value)
) STRICT, WITHOUT ROWID;
CREATE TABLE survey_cross (
    office      TEXT NOT NULL,
    survey      TEXT NOT NULL,
    month       INTEGER NOT NULL,
    by_question TEXT NOT NULL,
    by_value    TEXT NOT NULL,
    question    TEXT NOT NULL,
    number      INTEGER NOT NULL,
    value       TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (office, survey, by_question, month, by_value, question, number, value)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS report_targets (
    office            TEXT PRIMARY KEY REFERENCES offices(code),
    satisfied_bp      INTEGER NOT NULL,   -- the share satisfied that passes, in hundredths of a percent
    alert_mean_centi  INTEGER NOT NULL    -- the mean under which a dimension alerts, in hundredths
) STRICT, WITHOUT ROWID;
)sql";

// Version 5 kept the heat map as a row per face (any whole number answered,
// not only the faces); version 6 keeps the faces of an hour in one row, and
// adds the terms of the texts (counted from the records by the migration).
constexpr const char* kHoursV5ToV6 = R"sql(
INSERT INTO survey_hours
    SELECT office, survey, month, question, weekday, hour,
           sum(CASE value WHEN 1 THEN n ELSE 0 END), sum(CASE value WHEN 2 THEN n ELSE 0 END),
           sum(CASE value WHEN 3 THEN n ELSE 0 END), sum(CASE value WHEN 4 THEN n ELSE 0 END),
           sum(CASE value WHEN 5 THEN n ELSE 0 END)
    FROM survey_hours_v5 WHERE value BETWEEN 1 AND 5
    GROUP BY office, survey, month, question, weekday, hour;
DROP TABLE survey_hours_v5;
)sql";

std::string_view bound(const std::string& text) { return text; }
std::int64_t bound(std::int64_t number) { return number; }

// Binds `args` to ?1.. in order and runs the statement.
template <typename... Args>
core::Status upsert(sql::Statement& stmt, const Args&... args) {
    [[maybe_unused]] int index = 0;
    (stmt.bind(++index, bound(args)), ...);
    return stmt.run();
}

// Binds the filter's office, survey, months and service to ?1..?5.
void bindFilter(sql::Statement& stmt, const ReportFilter& f) {
    stmt.bind(1, std::string_view(f.office))
        .bind(2, std::string_view(f.survey))
        .bind(3, static_cast<std::int64_t>(f.fromMonth))
        .bind(4, static_cast<std::int64_t>(f.toMonth));
    if (f.service)
        stmt.bind(5, std::string_view(*f.service));
    else
        stmt.bindNull(5);
}

// A count of texts, and of a term's texts, added to (or taken from).
constexpr const char* kAddTexts =
    "INSERT INTO text_counts(office, source, month, category, texts) VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT DO UPDATE SET texts = texts + excluded.texts";
constexpr const char* kAddTerms =
    "INSERT INTO term_counts(office, source, month, category, term, texts) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT DO UPDATE SET texts = texts + excluded.texts";

constexpr const char* kWhere =
    " WHERE office = ?1 AND survey = ?2 AND month BETWEEN ?3 AND ?4 AND (?5 IS NULL OR service = ?5)";

}  // namespace

// What a transaction's survey responses add to the aggregates, one entry per
// row they touch: a batch of 500 responses of one office touches a few
// hundred rows, not 500 × 21.
struct SqliteReports::Pending {
    using Service = std::tuple<std::string, std::string, std::int64_t, std::string>;  // office, survey, month, service
    using Question = std::tuple<std::string, std::string, std::int64_t, std::string, std::string>;
    using Value = std::tuple<std::string, std::string, std::int64_t, std::string, std::string, std::int64_t, std::string>;
    using Hour = std::tuple<std::string, std::string, std::int64_t, std::string, std::int64_t, std::int64_t>;
    using Cross = std::tuple<std::string, std::string, std::int64_t, std::string, std::string, std::string,
                             std::int64_t, std::string>;
    struct Sums {
        std::int64_t n = 0, sum = 0, sumsq = 0;
    };
    std::map<Service, std::int64_t> responses;
    std::map<Question, Sums> stats;
    std::map<Value, std::int64_t> counts;
    std::map<Hour, std::array<std::int64_t, 5>> hours;
    std::map<Cross, std::int64_t> cross;
    using Text = std::tuple<std::string, std::int64_t, std::int64_t, std::string>;  // office, source, month, category
    using Term = std::tuple<std::string, std::int64_t, std::int64_t, std::string, std::string>;
    std::map<Text, std::int64_t> texts;
    std::map<Term, std::int64_t> terms;
};

SqliteReports::SqliteReports(StoreLock& lock, core::sql::Database& db)
    : m_storeLock(lock), m_db(db), m_pending(std::make_unique<Pending>()) {}

SqliteReports::~SqliteReports() = default;

core::Status SqliteReports::noteText(std::string_view office, TextSource source, int month, const std::string& category,
                                     std::string_view text, const BrokenTexts* broken) {
    const TermExtractor* terms = TRY(listeningExtractor());
    Pending& p = *m_pending;
    const std::string o(office);
    const auto s = static_cast<std::int64_t>(source);
    ++p.texts[{o, s, month, category}];
    for (std::string& term : termsOf(*terms, text, broken))
        ++p.terms[{o, s, month, category, std::move(term)}];
    return Ok{};
}

core::Status SqliteReports::recountComplaint(std::string_view office, const std::string& category,
                                            std::int64_t filedAtMs, std::string_view text, int delta) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return Ok{};
    const TermExtractor* extract = TRY(listeningExtractor());
    const auto month = static_cast<std::int64_t>(monthKeyOf(filedAtMs));
    const auto source = static_cast<std::int64_t>(TextSource::Complaint);
    const auto d = static_cast<std::int64_t>(delta);
    const std::string o(office);
    auto texts = TRY(m_db.prepare(
        kAddTexts));
    TRY(upsert(texts, o, source, month, category, d));
    auto terms = TRY(m_db.prepare(
        kAddTerms));
    for (const std::string& term : extract->terms(text))
        TRY(upsert(terms, o, source, month, category, term, d));
    // Rows a hidden text leaves at nought are removed, so that nothing of it stays.
    return m_db.run("DELETE FROM term_counts WHERE office = ?1 AND month = ?2 AND source = ?3 AND category = ?4 "
                    "AND texts <= 0",
                    std::string_view(o), month, source, std::string_view(category));
}

core::Status SqliteReports::noteComplaint(std::string_view office, std::string_view payload, std::int64_t atMs,
                                          const BrokenTexts* broken) {
    const json root = json::parse(payload, nullptr, false);
    if (!root.is_object() || !root.contains("text") || !root["text"].is_string())
        return Ok{};
    const std::string& text = root["text"].get_ref<const std::string&>();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return Ok{};
    std::string category;
    if (root.contains("category") && root["category"].is_string())
        category = root["category"].get<std::string>();
    return noteText(office, TextSource::Complaint, monthKeyOf(atMs), category, text, broken);
}

core::Status SqliteReports::noteSurvey(std::string_view office, std::string_view payload, std::int64_t atMs,
                                       bool countsToo, const BrokenTexts* broken) {
    const auto response = countedResponse(payload);
    if (!response)
        return Ok{};
    const std::string& survey = response->survey;
    const std::string& service = response->service;
    const OfficeTime t = officeTimeOf(atMs);
    const auto month = static_cast<std::int64_t>(monthKey(t.year, t.month));
    for (const std::string& comment : response->comments)
        TRY(noteText(office, TextSource::Comment, static_cast<int>(month), survey, comment, broken));
    if (!countsToo)
        return Ok{};

    Pending& p = *m_pending;
    const std::string o(office);
    ++p.responses[{o, survey, month, service}];
    for (const CountedAnswer& a : response->answers) {
        ++p.counts[{o, survey, month, service, a.question, a.number ? 1 : 0, a.value}];
        if (!a.number)
            continue;
        if (std::llabs(a.integer) <= kMaxSummed) {
            auto& sums = p.stats[{o, survey, month, service, a.question}];
            ++sums.n;
            sums.sum += a.integer;
            sums.sumsq += a.integer * a.integer;
        }
        if (a.integer >= 1 && a.integer <= 5)  // the heat map is of faces
            ++p.hours[{o, survey, month, a.question, t.weekday, t.hour}][static_cast<std::size_t>(a.integer - 1)];
    }
    // Every answer beside every option chosen in the same response.
    for (const CountedAnswer& by : response->answers) {
        if (by.number)
            continue;
        for (const CountedAnswer& a : response->answers)
            if (a.question != by.question)
                ++p.cross[{o, survey, month, by.question, by.value, a.question, a.number ? 1 : 0, a.value}];
    }
    return Ok{};
}

core::Status SqliteReports::flush() {
    Pending& p = *m_pending;
    {
        auto response = TRY(m_db.prepare(
            "INSERT INTO survey_responses(office, survey, month, service, n) VALUES(?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT DO UPDATE SET n = n + excluded.n"));
        for (const auto& row : p.responses) {
            const auto& n = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(response, key..., n); }, row.first));
        }
        auto stats = TRY(m_db.prepare(
            "INSERT INTO survey_stats(office, survey, month, service, question, n, sum, sumsq) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
            "ON CONFLICT DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum, sumsq = sumsq + excluded.sumsq"));
        for (const auto& row : p.stats) {
            const auto& v = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(stats, key..., v.n, v.sum, v.sumsq); }, row.first));
        }
        auto count = TRY(m_db.prepare(
            "INSERT INTO survey_counts(office, survey, month, service, question, number, value, n) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO UPDATE SET n = n + excluded.n"));
        for (const auto& row : p.counts) {
            const auto& n = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(count, key..., n); }, row.first));
        }
        auto hour = TRY(m_db.prepare(
            "INSERT INTO survey_hours(office, survey, month, question, weekday, hour, f1, f2, f3, f4, f5) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO UPDATE SET "
            "f1 = f1 + excluded.f1, f2 = f2 + excluded.f2, f3 = f3 + excluded.f3, f4 = f4 + excluded.f4, "
            "f5 = f5 + excluded.f5"));
        for (const auto& row : p.hours) {
            const auto& f = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(hour, key..., f[0], f[1], f[2], f[3], f[4]); }, row.first));
        }
        auto cross = TRY(m_db.prepare(
            "INSERT INTO survey_cross(office, survey, month, by_question, by_value, question, number, value, n) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO UPDATE SET n = n + excluded.n"));
        for (const auto& row : p.cross) {
            const auto& n = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(cross, key..., n); }, row.first));
        }
        auto texts = TRY(m_db.prepare(
            kAddTexts));
        for (const auto& row : p.texts) {
            const auto& n = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(texts, key..., n); }, row.first));
        }
        auto terms = TRY(m_db.prepare(
            kAddTerms));
        for (const auto& row : p.terms) {
            const auto& n = row.second;
            TRY(std::apply([&](const auto&... key) { return upsert(terms, key..., n); }, row.first));
        }
    }  // the statements are finalised here, before the caller's COMMIT
    discard();
    return Ok{};
}

void SqliteReports::discard() { *m_pending = Pending{}; }

namespace {
// Counts the records already stored: every survey response's answers (when
// `counts`) and comments, and every complaint's text.
core::Status tallyStored(sql::Database& db, bool counts) {
    StoreLock unused(db);
    SqliteReports tally(unused, db);
    auto rows = TRY(db.prepare("SELECT d.office, r.kind, r.created_at, r.received_at, r.bytes FROM records r "
                               "JOIN devices d ON d.key = r.device WHERE r.kind IN (1, 2) ORDER BY r.device, r.seq"));
    while (TRY(rows.step())) {
        auto record = core::Record::parse(rows.columnBlob(4));
        if (!record)
            continue;  // the store's check reports a damaged record; counting skips it
        const std::int64_t at = hubTimeOf(rows.columnInt(2), rows.columnInt(3));
        if (rows.columnInt(1) == static_cast<std::int64_t>(core::RecordKind::Complaint))
            TRY(tally.noteComplaint(rows.columnText(0), record->payload(), at));
        else
            TRY(tally.noteSurvey(rows.columnText(0), record->payload(), at, counts));
    }
    return tally.flush();
}
}  // namespace

core::Status migrateToV6(sql::Database& db) {
    TRY(db.exec("ALTER TABLE survey_hours RENAME TO survey_hours_v5"));
    TRY(db.exec(kHoursTable));
    TRY(db.exec(kHoursV5ToV6));
    TRY(db.exec(kTermTablesSql));
    return tallyStored(db, false);
}

core::Status migrate(sql::Database& db) {
    TRY(db.exec(kSchemaV5));
    TRY(db.exec(kHoursTable));
    TRY(db.exec(kTermTablesSql));
    return tallyStored(db, true);
}

// [SECTION] Reads

core::Result<std::vector<ResponseCount>> SqliteReports::responses(const ReportFilter& filter) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare(std::string("SELECT service, month, n FROM survey_responses") + kWhere));
    bindFilter(stmt, filter);
    return stmt.collect<ResponseCount>([](const sql::Statement& s) {
        return ResponseCount{s.columnText(0), static_cast<int>(s.columnInt(1)), s.columnInt(2)};
    });
}

core::Result<std::vector<AnswerStats>> SqliteReports::answerStats(const ReportFilter& filter) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare(std::string("SELECT service, question, month, n, sum, sumsq FROM survey_stats") + kWhere));
    bindFilter(stmt, filter);
    return stmt.collect<AnswerStats>([](const sql::Statement& s) {
        return AnswerStats{s.columnText(0), s.columnText(1), static_cast<int>(s.columnInt(2)),
                           s.columnInt(3),  s.columnInt(4),  s.columnInt(5)};
    });
}

core::Result<std::vector<AnswerCount>> SqliteReports::answerCounts(const ReportFilter& filter) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare(std::string("SELECT service, question, month, number, value, n FROM survey_counts") +
                                 kWhere));
    bindFilter(stmt, filter);
    return stmt.collect<AnswerCount>([](const sql::Statement& s) {
        return AnswerCount{s.columnText(0), s.columnText(1), static_cast<int>(s.columnInt(2)),
                           s.columnInt(3) != 0, s.columnText(4), s.columnInt(5)};
    });
}

core::Result<std::vector<HourCount>> SqliteReports::hourCounts(const ReportFilter& filter) {
    std::lock_guard lock(m_storeLock);
    // The heat map is kept per office and survey, not per service.
    auto stmt = TRY(m_db.prepare("SELECT question, weekday, hour, sum(f1), sum(f2), sum(f3), sum(f4), sum(f5) "
                                 "FROM survey_hours WHERE office = ?1 AND survey = ?2 AND month BETWEEN ?3 AND ?4 "
                                 "GROUP BY question, weekday, hour"));
    stmt.bind(1, std::string_view(filter.office))
        .bind(2, std::string_view(filter.survey))
        .bind(3, static_cast<std::int64_t>(filter.fromMonth))
        .bind(4, static_cast<std::int64_t>(filter.toMonth));
    std::vector<HourCount> out;
    while (TRY(stmt.step())) {
        const std::string question = stmt.columnText(0);
        const auto weekday = static_cast<int>(stmt.columnInt(1));
        const auto hour = static_cast<int>(stmt.columnInt(2));
        for (int face = 1; face <= 5; ++face)
            if (const std::int64_t n = stmt.columnInt(2 + face); n > 0)
                out.push_back(HourCount{question, weekday, hour, face, n});
    }
    return out;
}

core::Result<std::vector<CrossCount>> SqliteReports::crossCounts(const ReportFilter& filter,
                                                                 const std::string& byQuestion) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare("SELECT by_value, question, number, value, sum(n) FROM survey_cross "
                                 "WHERE office = ?1 AND survey = ?2 AND by_question = ?3 AND month BETWEEN ?4 AND ?5 "
                                 "GROUP BY by_value, question, number, value"));
    stmt.bind(1, std::string_view(filter.office))
        .bind(2, std::string_view(filter.survey))
        .bind(3, std::string_view(byQuestion))
        .bind(4, static_cast<std::int64_t>(filter.fromMonth))
        .bind(5, static_cast<std::int64_t>(filter.toMonth));
    return stmt.collect<CrossCount>([](const sql::Statement& s) {
        return CrossCount{s.columnText(0), s.columnText(1), s.columnInt(2) != 0, s.columnText(3), s.columnInt(4)};
    });
}

core::Result<std::vector<std::string>> SqliteReports::surveys(const std::string& office) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare("SELECT DISTINCT survey FROM survey_responses WHERE office = ?1 ORDER BY survey"));
    stmt.bind(1, std::string_view(office));
    return stmt.collect<std::string>([](const sql::Statement& s) { return s.columnText(0); });
}

core::Result<std::vector<CaseTimes>> SqliteReports::caseTimes(const std::string& office, std::int64_t fromMs,
                                                               std::int64_t toMs) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare("SELECT category, state, unit, village, filed_at, accepted_at, first_reply_at, "
                                 "outcome_at, resolved_at, closed_at, target_at FROM cases "
                                 "WHERE office = ?1 AND filed_at >= ?2 AND filed_at < ?3"));
    stmt.bind(1, std::string_view(office)).bind(2, fromMs).bind(3, toMs);
    return stmt.collect<CaseTimes>([](const sql::Statement& s) {
        return CaseTimes{s.columnText(0), s.columnText(1), s.columnText(2), s.columnText(3), s.columnInt(4),
                         s.columnInt(5),  s.columnInt(6),  s.columnInt(7),  s.columnInt(8),  s.columnInt(9),
                         s.columnInt(10)};
    });
}

namespace {
// Binds a term filter to ?1..?5: office, months, source, category.
void bindTerms(sql::Statement& stmt, const TermFilter& f) {
    stmt.bind(1, std::string_view(f.office))
        .bind(2, static_cast<std::int64_t>(f.fromMonth))
        .bind(3, static_cast<std::int64_t>(f.toMonth));
    if (f.source)
        stmt.bind(4, static_cast<std::int64_t>(*f.source));
    else
        stmt.bindNull(4);
    if (f.category)
        stmt.bind(5, std::string_view(*f.category));
    else
        stmt.bindNull(5);
}

constexpr const char* kTermWhere =
    " WHERE office = ?1 AND month BETWEEN ?2 AND ?3 AND (?4 IS NULL OR source = ?4) AND (?5 IS NULL OR category = ?5)";

TextSource sourceOf(std::int64_t value) { return value == 1 ? TextSource::Comment : TextSource::Complaint; }
}  // namespace

core::Result<std::vector<TermRow>> SqliteReports::termCounts(const TermFilter& filter) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare(std::string("SELECT source, category, month, term, texts FROM term_counts") + kTermWhere));
    bindTerms(stmt, filter);
    return stmt.collect<TermRow>([](const sql::Statement& s) {
        return TermRow{sourceOf(s.columnInt(0)), s.columnText(1), static_cast<int>(s.columnInt(2)), s.columnText(3),
                       s.columnInt(4)};
    });
}

core::Result<std::vector<TextRow>> SqliteReports::textCounts(const TermFilter& filter) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare(std::string("SELECT source, category, month, texts FROM text_counts") + kTermWhere));
    bindTerms(stmt, filter);
    return stmt.collect<TextRow>([](const sql::Statement& s) {
        return TextRow{sourceOf(s.columnInt(0)), s.columnText(1), static_cast<int>(s.columnInt(2)), s.columnInt(3)};
    });
}

core::Result<OfficeTargets> SqliteReports::targets(const std::string& office) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.prepare("SELECT satisfied_bp, alert_mean_centi FROM report_targets WHERE office = ?1"));
    stmt.bind(1, std::string_view(office));
    OfficeTargets t;
    if (TRY(stmt.step())) {
        t.satisfiedPercent = static_cast<double>(stmt.columnInt(0)) / 100.0;
        t.alertMean = static_cast<double>(stmt.columnInt(1)) / 100.0;
    }
    return t;
}

core::Status SqliteReports::setTargets(const std::string& office, const OfficeTargets& targets) {
    if (!(targets.satisfiedPercent >= 0 && targets.satisfiedPercent <= 100))
        return core::makeError(core::ErrorCode::InvalidArgument, "the satisfied target must be a percentage from 0 to 100");
    if (!(targets.alertMean >= 1 && targets.alertMean <= 5))
        return core::makeError(core::ErrorCode::InvalidArgument, "the alert mean must be from 1 to 5");
    std::lock_guard lock(m_storeLock);
    auto exists = TRY(m_db.prepare("SELECT 1 FROM offices WHERE code = ?1"));
    exists.bind(1, std::string_view(office));
    if (!TRY(exists.step()))
        return core::makeError(core::ErrorCode::NotFound, "there is no office " + office + " on this hub");
    exists.reset();
    auto stmt = TRY(m_db.prepare("INSERT INTO report_targets(office, satisfied_bp, alert_mean_centi) VALUES(?1, ?2, ?3) "
                                 "ON CONFLICT DO UPDATE SET satisfied_bp = excluded.satisfied_bp, "
                                 "alert_mean_centi = excluded.alert_mean_centi"));
    stmt.bind(1, std::string_view(office))
        .bind(2, static_cast<std::int64_t>(std::llround(targets.satisfiedPercent * 100)))
        .bind(3, static_cast<std::int64_t>(std::llround(targets.alertMean * 100)));
    return stmt.run();
}

}  // namespace fangsiang::hub::reports
