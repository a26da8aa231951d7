// The survey aggregates in SQLite (sqlite_reports.hpp, docs/LISTENING.md).

#include "sqlite_reports.hpp"

#include "hub/record_rules.hpp"

#include "core/content_json.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <map>

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

int monthKeyOf(std::int64_t utcMs) {
    const OfficeTime t = officeTimeOf(utcMs);
    return monthKey(t.year, t.month);
}

std::int64_t monthStartMs(int key) {
    return daysFromCivil(key / 100, key % 100, 1) * 86400000 - kOfficeUtcOffsetMs;
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

// The aggregates are derived from the records alone, so migration 5 makes
// them afresh even where a copy of them is found (a store put back to an
// older version by hand keeps tables that version never had).
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
CREATE TABLE survey_hours (
    office   TEXT NOT NULL,
    survey   TEXT NOT NULL,
    month    INTEGER NOT NULL,
    question TEXT NOT NULL,
    weekday  INTEGER NOT NULL,          -- 0 Sunday .. 6 Saturday, office time
    hour     INTEGER NOT NULL,          -- 0..23, office time
    value    INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (office, survey, month, question, weekday, hour, value)
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

// Whole-number answers beyond this are counted but kept out of the sums, so
// a sum of squares cannot overflow (every number question has a range far
// inside it).
constexpr std::int64_t kMaxSummed = 1'000'000'000;

// One answer as the aggregates count it.
struct Counted {
    std::string question;
    bool number = false;
    std::string value;
    std::int64_t integer = 0;
};

std::vector<Counted> countedAnswers(const json& answers, const json* session) {
    std::vector<Counted> out;
    auto add = [&](const std::string& question, const json& answer) {
        if (answer.is_number_integer()) {
            const auto v = answer.get<std::int64_t>();
            out.push_back({question, true, std::to_string(v), v});
        } else if (answer.is_string()) {
            // An option id; free text (comments) is never kept here.
            const auto& text = answer.get_ref<const std::string&>();
            if (core::content::isValidId(text))
                out.push_back({question, false, text, 0});
        } else if (answer.is_array()) {
            for (const auto& option : answer)
                if (option.is_string() && core::content::isValidId(option.get_ref<const std::string&>()))
                    out.push_back({question, false, option.get<std::string>(), 0});
        }
    };
    for (const auto& [question, answer] : answers.items())
        add(question, answer);
    if (session != nullptr && session->is_object())
        for (const auto& [question, answer] : session->items())
            if (!answers.contains(question))
                add(question, answer);
    return out;
}

template <typename... Args>
core::Status upsert(std::optional<sql::Statement>& stmt, const Args&... args) {
    [[maybe_unused]] int index = 0;
    (stmt->bind(++index, args), ...);
    return stmt->run();
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

constexpr const char* kWhere =
    " WHERE office = ?1 AND survey = ?2 AND month BETWEEN ?3 AND ?4 AND (?5 IS NULL OR service = ?5)";

}  // namespace

struct SqliteReports::Statements {
    std::optional<sql::Statement> response, stats, count, hour, cross;
};

core::Result<SqliteReports::Statements*> SqliteReports::statements() {
    if (!m_statements) {
        auto s = std::make_shared<Statements>();
        s->response = TRY(m_db.prepare(
            "INSERT INTO survey_responses(office, survey, month, service, n) VALUES(?1, ?2, ?3, ?4, 1) "
            "ON CONFLICT DO UPDATE SET n = n + 1"));
        s->stats = TRY(m_db.prepare(
            "INSERT INTO survey_stats(office, survey, month, service, question, n, sum, sumsq) "
            "VALUES(?1, ?2, ?3, ?4, ?5, 1, ?6, ?7) "
            "ON CONFLICT DO UPDATE SET n = n + 1, sum = sum + excluded.sum, sumsq = sumsq + excluded.sumsq"));
        s->count = TRY(m_db.prepare(
            "INSERT INTO survey_counts(office, survey, month, service, question, number, value, n) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) ON CONFLICT DO UPDATE SET n = n + 1"));
        s->hour = TRY(m_db.prepare(
            "INSERT INTO survey_hours(office, survey, month, question, weekday, hour, value, n) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) ON CONFLICT DO UPDATE SET n = n + 1"));
        s->cross = TRY(m_db.prepare(
            "INSERT INTO survey_cross(office, survey, month, by_question, by_value, question, number, value, n) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1) ON CONFLICT DO UPDATE SET n = n + 1"));
        m_statements = std::move(s);
    }
    return m_statements.get();
}

void SqliteReports::release() { m_statements.reset(); }

core::Status SqliteReports::noteSurvey(std::string_view office, std::string_view payload, std::int64_t atMs) {
    const json root = json::parse(payload, nullptr, false);
    if (!root.is_object() || !root.contains("survey") || !root["survey"].is_string() || !root.contains("answers") ||
        !root["answers"].is_object())
        return Ok{};
    const std::string survey = root["survey"].get<std::string>();
    const json& answers = root["answers"];
    std::string service;
    if (root.contains("service") && root["service"].is_string())
        service = root["service"].get<std::string>();
    else if (answers.contains("service") && answers["service"].is_string() &&
             core::content::isValidId(answers["service"].get_ref<const std::string&>()))
        service = answers["service"].get<std::string>();
    const auto counted = countedAnswers(answers, root.contains("session") ? &root["session"] : nullptr);

    Statements* s = TRY(statements());
    const OfficeTime t = officeTimeOf(atMs);
    const auto month = static_cast<std::int64_t>(monthKey(t.year, t.month));
    const std::string_view o = office, sv = survey, svc = service;
    TRY(upsert(s->response, o, sv, month, svc));
    for (const Counted& a : counted) {
        const std::string_view q = a.question, value = a.value;
        TRY(upsert(s->count, o, sv, month, svc, q, static_cast<std::int64_t>(a.number), value));
        if (!a.number)
            continue;
        if (std::llabs(a.integer) <= kMaxSummed)
            TRY(upsert(s->stats, o, sv, month, svc, q, a.integer, a.integer * a.integer));
        TRY(upsert(s->hour, o, sv, month, q, static_cast<std::int64_t>(t.weekday), static_cast<std::int64_t>(t.hour),
                   a.integer));
    }
    // Every answer beside every option chosen in the same response.
    for (const Counted& by : counted) {
        if (by.number)
            continue;
        for (const Counted& a : counted) {
            if (a.question == by.question)
                continue;
            TRY(upsert(s->cross, o, sv, month, std::string_view(by.question), std::string_view(by.value),
                       std::string_view(a.question), static_cast<std::int64_t>(a.number), std::string_view(a.value)));
        }
    }
    return Ok{};
}

core::Status migrate(sql::Database& db) {
    TRY(db.exec(kSchemaV5));
    std::mutex unused;
    SqliteReports tally(unused, db);
    auto rows = TRY(db.prepare("SELECT d.office, r.created_at, r.received_at, r.bytes FROM records r "
                               "JOIN devices d ON d.key = r.device WHERE r.kind = 2 ORDER BY r.device, r.seq"));
    while (TRY(rows.step())) {
        auto record = core::Record::parse(rows.columnBlob(3));
        if (!record)
            continue;  // the store's check reports a damaged record; counting skips it
        TRY(tally.noteSurvey(rows.columnText(0), record->payload(), hubTimeOf(rows.columnInt(1), rows.columnInt(2))));
    }
    tally.release();
    return Ok{};
}

// [SECTION] Reads

core::Result<std::vector<ResponseCount>> SqliteReports::responses(const ReportFilter& filter) {
    std::lock_guard lock(m_mutex);
    auto stmt = TRY(m_db.prepare(std::string("SELECT service, month, n FROM survey_responses") + kWhere));
    bindFilter(stmt, filter);
    return stmt.collect<ResponseCount>([](const sql::Statement& s) {
        return ResponseCount{s.columnText(0), static_cast<int>(s.columnInt(1)), s.columnInt(2)};
    });
}

core::Result<std::vector<AnswerStats>> SqliteReports::answerStats(const ReportFilter& filter) {
    std::lock_guard lock(m_mutex);
    auto stmt = TRY(m_db.prepare(std::string("SELECT service, question, month, n, sum, sumsq FROM survey_stats") + kWhere));
    bindFilter(stmt, filter);
    return stmt.collect<AnswerStats>([](const sql::Statement& s) {
        return AnswerStats{s.columnText(0), s.columnText(1), static_cast<int>(s.columnInt(2)),
                           s.columnInt(3),  s.columnInt(4),  s.columnInt(5)};
    });
}

core::Result<std::vector<AnswerCount>> SqliteReports::answerCounts(const ReportFilter& filter) {
    std::lock_guard lock(m_mutex);
    auto stmt = TRY(m_db.prepare(std::string("SELECT service, question, month, number, value, n FROM survey_counts") +
                                 kWhere));
    bindFilter(stmt, filter);
    return stmt.collect<AnswerCount>([](const sql::Statement& s) {
        return AnswerCount{s.columnText(0), s.columnText(1), static_cast<int>(s.columnInt(2)),
                           s.columnInt(3) != 0, s.columnText(4), s.columnInt(5)};
    });
}

core::Result<std::vector<HourCount>> SqliteReports::hourCounts(const ReportFilter& filter) {
    std::lock_guard lock(m_mutex);
    // The heat map is kept per office and survey, not per service.
    auto stmt = TRY(m_db.prepare("SELECT question, weekday, hour, value, sum(n) FROM survey_hours "
                                 "WHERE office = ?1 AND survey = ?2 AND month BETWEEN ?3 AND ?4 "
                                 "GROUP BY question, weekday, hour, value"));
    stmt.bind(1, std::string_view(filter.office))
        .bind(2, std::string_view(filter.survey))
        .bind(3, static_cast<std::int64_t>(filter.fromMonth))
        .bind(4, static_cast<std::int64_t>(filter.toMonth));
    return stmt.collect<HourCount>([](const sql::Statement& s) {
        return HourCount{s.columnText(0), static_cast<int>(s.columnInt(1)), static_cast<int>(s.columnInt(2)),
                         s.columnInt(3), s.columnInt(4)};
    });
}

core::Result<std::vector<CrossCount>> SqliteReports::crossCounts(const ReportFilter& filter,
                                                                 const std::string& byQuestion) {
    std::lock_guard lock(m_mutex);
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
    std::lock_guard lock(m_mutex);
    auto stmt = TRY(m_db.prepare("SELECT DISTINCT survey FROM survey_responses WHERE office = ?1 ORDER BY survey"));
    stmt.bind(1, std::string_view(office));
    return stmt.collect<std::string>([](const sql::Statement& s) { return s.columnText(0); });
}

core::Result<std::vector<CaseTimes>> SqliteReports::caseTimes(const std::string& office, std::int64_t fromMs,
                                                               std::int64_t toMs) {
    std::lock_guard lock(m_mutex);
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

core::Result<OfficeTargets> SqliteReports::targets(const std::string& office) {
    std::lock_guard lock(m_mutex);
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
    std::lock_guard lock(m_mutex);
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
