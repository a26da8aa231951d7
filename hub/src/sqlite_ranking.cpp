// The ranking's rows in the hub's SQLite store (schema 9, sqlite_reports.hpp):
// tables kept by triggers on cases, survey_responses and survey_counts, and
// the one read of them (docs/LISTENING.md, "Ranking offices").

#include "sqlite_reports.hpp"

#include <string>
#include <vector>

namespace fangsiang::hub::reports {

namespace sql = core::sql;

// [SECTION] The ranking's aggregates (schema 9)
namespace {

// The office-time month (yyyymm) of the time `at`, an SQL expression.
std::string monthSql(const std::string& at) {
    // Clamped to the years strftime knows (a stored time is always within them).
    return "CAST(strftime('%Y%m', (max(0, min(" + at + ", 253402300799999 - " + std::to_string(kOfficeUtcOffsetMs) +
           ")) + " + std::to_string(kOfficeUtcOffsetMs) + ") / 1000, 'unixepoch') AS INTEGER)";
}

// resolveBucketOf() of the case `row` ("NEW.", "OLD." or ""), an SQL expression.
std::string bucketSql(const std::string& row) {
    const std::string h = "max(0, (" + row + "resolved_at - " + row + "filed_at) / 3600000)";
    return "CASE WHEN " + h + " < 72 THEN " + h + " WHEN " + h + " < 336 THEN " + h + " - (" + h + " - 72) % 6 WHEN " +
           h + " < 2160 THEN " + h + " - (" + h + " - 336) % 24 ELSE " + h + " - (" + h + " - 2160) % 168 END";
}

constexpr const char* kOpenStates = "('received', 'accepted', 'in_progress')";

// What the case `row` adds to the three tables (`add`) or takes from them.
// An open case counts toward its target's day only while unresolved, as
// countInTarget() counts it.
std::string caseCountsSql(const std::string& row, bool add) {
    const std::string month = monthSql(row + "filed_at"), bucket = bucketSql(row);
    const std::string inTarget = "(" + row + "resolved_at > 0 AND " + row + "resolved_at <= " + row + "target_at)";
    const std::string open = row + "state IN " + kOpenStates + " AND " + row + "resolved_at = 0";
    const std::string day = row + "target_at / 86400000";
    const std::string at = "month = " + month + " AND office = " + row + "office";
    if (add)
        return "INSERT INTO case_months(month, office, filed, replied, resolved, in_target) VALUES (" + month + ", " +
               row + "office, 1, " + row + "first_reply_at > 0, " + row + "resolved_at > 0, " + inTarget +
               ") ON CONFLICT DO UPDATE SET filed = filed + excluded.filed, replied = replied + excluded.replied, "
               "resolved = resolved + excluded.resolved, in_target = in_target + excluded.in_target;\n"
               "INSERT INTO case_resolve_hours(month, office, hours, n) SELECT " + month + ", " + row + "office, " +
               bucket + ", 1 WHERE " + row + "resolved_at > 0 ON CONFLICT DO UPDATE SET n = n + 1;\n"
               "INSERT INTO case_open_targets(month, office, day, n) SELECT " + month + ", " + row + "office, " + day +
               ", 1 WHERE " + open + " ON CONFLICT DO UPDATE SET n = n + 1;\n";
    return "UPDATE case_months SET filed = filed - 1, replied = replied - (" + row + "first_reply_at > 0), "
           "resolved = resolved - (" + row + "resolved_at > 0), in_target = in_target - " + inTarget + " WHERE " + at +
           ";\nUPDATE case_resolve_hours SET n = n - 1 WHERE " + row + "resolved_at > 0 AND " + at + " AND hours = " +
           bucket + ";\nDELETE FROM case_resolve_hours WHERE " + at + " AND n <= 0;\n"
           "UPDATE case_open_targets SET n = n - 1 WHERE " + open + " AND " + at + " AND day = " + day +
           ";\nDELETE FROM case_open_targets WHERE " + at + " AND n <= 0;\n";
}

// survey_office_* add up survey_responses and survey_counts over services.
std::string surveyTriggersSql(const std::string& from, const std::string& to, const std::vector<std::string>& keys) {
    std::string list, newKeys, match;
    for (const std::string& k : keys) {
        list += (list.empty() ? "" : ", ") + k;
        newKeys += "NEW." + k + ", ";
        match += (match.empty() ? "" : " AND ") + k + " = OLD." + k;
    }
    const std::string insert = "INSERT INTO " + to + "(" + list + ", n) VALUES (" + newKeys +
                               "NEW.n) ON CONFLICT DO UPDATE SET n = n + excluded.n;\n";
    const std::string take = "UPDATE " + to + " SET n = n - OLD.n WHERE " + match + ";\nDELETE FROM " + to +
                             " WHERE " + match + " AND n <= 0;\n";
    return "CREATE TRIGGER " + to + "_added AFTER INSERT ON " + from + " BEGIN\n" + insert + "END;\n" +
           "CREATE TRIGGER " + to + "_changed AFTER UPDATE ON " + from + " BEGIN\n" + take + insert + "END;\n" +
           "CREATE TRIGGER " + to + "_removed AFTER DELETE ON " + from + " BEGIN\n" + take + "END;\n" +
           "INSERT INTO " + to + "(" + list + ", n) SELECT " + list + ", sum(n) FROM " + from + " GROUP BY " + list +
           ";\n";
}

}  // namespace

core::Status migrateToV9(sql::Database& db) {
    TRY(db.exec(R"sql(
CREATE TABLE case_months (
    month     INTEGER NOT NULL,         -- filed, yyyymm office time
    office    TEXT NOT NULL,
    filed     INTEGER NOT NULL,
    replied   INTEGER NOT NULL,         -- with a reply to the citizen
    resolved  INTEGER NOT NULL,
    in_target INTEGER NOT NULL,         -- resolved by their target
    PRIMARY KEY (month, office)
) STRICT, WITHOUT ROWID;
CREATE TABLE case_resolve_hours (
    month  INTEGER NOT NULL,
    office TEXT NOT NULL,
    hours  INTEGER NOT NULL,            -- the bucket's first hour (resolveBucketOf)
    n      INTEGER NOT NULL,
    PRIMARY KEY (month, office, hours)
) STRICT, WITHOUT ROWID;
CREATE TABLE case_open_targets (
    month  INTEGER NOT NULL,
    office TEXT NOT NULL,
    day    INTEGER NOT NULL,            -- the target's UTC day, target_at / 86400000
    n      INTEGER NOT NULL,
    PRIMARY KEY (month, office, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX cases_open_by_target ON cases(target_at) WHERE state IN ('received', 'accepted', 'in_progress');
CREATE TABLE survey_office_responses (
    survey TEXT NOT NULL,
    month  INTEGER NOT NULL,
    office TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (survey, month, office)
) STRICT, WITHOUT ROWID;
CREATE TABLE survey_office_counts (
    survey   TEXT NOT NULL,
    month    INTEGER NOT NULL,
    office   TEXT NOT NULL,
    question TEXT NOT NULL,
    number   INTEGER NOT NULL,
    value    TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (survey, month, office, question, number, value)
) STRICT, WITHOUT ROWID;
)sql"));
    TRY(db.exec("CREATE TRIGGER case_months_added AFTER INSERT ON cases BEGIN\n" + caseCountsSql("NEW.", true) +
                "END;\nCREATE TRIGGER case_months_changed AFTER UPDATE OF state, first_reply_at, resolved_at, "
                "target_at ON cases BEGIN\n" +
                caseCountsSql("OLD.", false) + caseCountsSql("NEW.", true) +
                "END;\nCREATE TRIGGER case_months_removed AFTER DELETE ON cases BEGIN\n" +
                caseCountsSql("OLD.", false) + "END;\n"));
    // The cases already held.
    const std::string month = monthSql("filed_at");
    TRY(db.exec("INSERT INTO case_months(month, office, filed, replied, resolved, in_target) SELECT " + month +
                ", office, count(*), sum(first_reply_at > 0), sum(resolved_at > 0), "
                "sum(resolved_at > 0 AND resolved_at <= target_at) FROM cases GROUP BY 1, 2;\n"
                "INSERT INTO case_resolve_hours(month, office, hours, n) SELECT " + month + ", office, " +
                bucketSql("") + ", count(*) FROM cases WHERE resolved_at > 0 GROUP BY 1, 2, 3;\n"
                "INSERT INTO case_open_targets(month, office, day, n) SELECT " + month +
                ", office, target_at / 86400000, count(*) FROM cases WHERE state IN " + kOpenStates +
                " AND resolved_at = 0 GROUP BY 1, 2, 3;\n"));
    TRY(db.exec(surveyTriggersSql("survey_responses", "survey_office_responses", {"survey", "month", "office"})));
    return db.exec(surveyTriggersSql("survey_counts", "survey_office_counts",
                                     {"survey", "month", "office", "question", "number", "value"}));
}

core::Result<RankingRows> SqliteReports::rankingRows(const std::string& survey, int fromMonth, int toMonth,
                                                     std::int64_t nowMs) {
    std::lock_guard lock(m_storeLock);
    RankingRows out;
    const auto from = static_cast<std::int64_t>(fromMonth), to = static_cast<std::int64_t>(toMonth);
    auto counts = [&](const char* text, auto&&... params) -> core::Result<std::vector<OfficeCount>> {
        auto stmt = TRY(m_db.query(text, params...));
        return stmt.template collect<OfficeCount>(
            [](const sql::Statement& s) { return OfficeCount{s.columnText(0), s.columnInt(1)}; });
    };
    out.responses = TRY(counts("SELECT office, sum(n) FROM survey_office_responses WHERE survey = ?1 AND month "
                               "BETWEEN ?2 AND ?3 GROUP BY office",
                               std::string_view(survey), from, to));
    auto answers = TRY(m_db.query("SELECT office, question, month, number, value, n FROM survey_office_counts "
                                  "WHERE survey = ?1 AND month BETWEEN ?2 AND ?3",
                                  std::string_view(survey), from, to));
    out.answers = TRY(answers.collect<OfficeAnswerCount>([](const sql::Statement& s) {
        return OfficeAnswerCount{s.columnText(0), s.columnText(1), static_cast<int>(s.columnInt(2)),
                                 s.columnInt(3) != 0, s.columnText(4), s.columnInt(5)};
    }));
    auto months = TRY(m_db.query("SELECT office, month, filed, replied, resolved, in_target FROM case_months "
                                 "WHERE month BETWEEN ?1 AND ?2",
                                 from, to));
    out.caseMonths = TRY(months.collect<CaseMonthCount>([](const sql::Statement& s) {
        return CaseMonthCount{s.columnText(0), static_cast<int>(s.columnInt(1)), s.columnInt(2), s.columnInt(3),
                              s.columnInt(4), s.columnInt(5)};
    }));
    // A row per month: adding them up in SQL sorts a temporary B-tree of
    // every row, several times slower than the scan itself.
    auto hours = TRY(m_db.query("SELECT office, hours, n FROM case_resolve_hours WHERE month BETWEEN ?1 AND ?2", from,
                                to));
    out.resolveHours = TRY(hours.collect<ResolveHoursCount>([](const sql::Statement& s) {
        return ResolveHoursCount{s.columnText(0), s.columnInt(1), s.columnInt(2)};
    }));
    // Targets of days before today's have passed; today's are read from the
    // open cases themselves (an index of open cases by target).
    const std::int64_t today = nowMs >= 0 ? nowMs / 86400000 : -((-nowMs + 86399999) / 86400000);
    out.openPastTarget = TRY(counts("SELECT office, sum(n) FROM case_open_targets WHERE month BETWEEN ?1 AND ?2 AND "
                                    "day < ?3 GROUP BY office",
                                    from, to, today));
    const auto todays = TRY(counts(
        "SELECT office, count(*) FROM cases WHERE state IN ('received', 'accepted', 'in_progress') AND "
        "resolved_at = 0 AND target_at >= ?1 AND target_at < ?2 AND filed_at >= ?3 AND filed_at < ?4 GROUP BY office",
        today * 86400000, nowMs, monthStartMs(fromMonth), monthStartMs(addMonths(toMonth, 1))));
    out.openPastTarget.insert(out.openPastTarget.end(), todays.begin(), todays.end());
    return out;
}

}  // namespace fangsiang::hub::reports
