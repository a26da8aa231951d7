// The cases' tables of the hub's SQLite store (sqlite_cases.hpp).

#include "sqlite_cases.hpp"
#include "sqlite_reports.hpp"
#include "sqlite_accounts.hpp"
#include "sqlite_webhooks.hpp"

#include "core/ticket.hpp"
#include "core/utf8.hpp"

#include <variant>

namespace fangsiang::hub {

namespace sql = core::sql;
using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kCasesSchema = R"sql(
ALTER TABLE bundles ADD COLUMN office TEXT NOT NULL DEFAULT '';
CREATE TABLE cases (
    ticket         TEXT PRIMARY KEY REFERENCES tickets(id),
    office         TEXT NOT NULL,
    device         BLOB NOT NULL,
    seq            INTEGER NOT NULL,
    state          TEXT NOT NULL,
    category       TEXT NOT NULL,
    village        TEXT NOT NULL,
    landmark       TEXT NOT NULL,
    text           TEXT NOT NULL,
    anonymous      INTEGER NOT NULL,
    has_contact    INTEGER NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    officer        TEXT NOT NULL DEFAULT '',
    reply          TEXT NOT NULL DEFAULT '',
    forwarded_to   TEXT NOT NULL DEFAULT '',
    duplicate_of   TEXT NOT NULL DEFAULT '',
    hidden         INTEGER NOT NULL DEFAULT 0,
    hidden_reason  TEXT NOT NULL DEFAULT '',
    filed_at       INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    target_at      INTEGER NOT NULL,
    reply_by       INTEGER NOT NULL,
    due_at         INTEGER NOT NULL,
    accepted_at    INTEGER NOT NULL DEFAULT 0,
    first_reply_at INTEGER NOT NULL DEFAULT 0,
    outcome_at     INTEGER NOT NULL DEFAULT 0,
    resolved_at    INTEGER NOT NULL DEFAULT 0,
    closed_at      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX cases_by_office ON cases(office, filed_at);
CREATE INDEX cases_by_state ON cases(office, state, due_at);
CREATE INDEX cases_by_unit ON cases(office, unit, state, due_at);
CREATE INDEX cases_by_category ON cases(office, category, filed_at);
CREATE INDEX cases_by_village ON cases(office, village, filed_at);
CREATE INDEX cases_open_by_due ON cases(office, due_at) WHERE state IN ('received', 'accepted', 'in_progress');
CREATE TRIGGER cases_text_kept BEFORE UPDATE OF text, device, seq, office, filed_at, received_at ON cases
    BEGIN SELECT RAISE(ABORT, 'what a complaint record says is never changed'); END;
CREATE VIRTUAL TABLE case_text USING fts5(text, content='cases', content_rowid='rowid', tokenize='trigram');
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket     TEXT NOT NULL REFERENCES cases(ticket),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    unit       TEXT NOT NULL,
    officer    TEXT NOT NULL,
    text       TEXT NOT NULL,
    internal   INTEGER NOT NULL
) STRICT;
CREATE INDEX case_events_by_ticket ON case_events(ticket, id);
CREATE TRIGGER case_events_unchanged BEFORE UPDATE ON case_events
    BEGIN SELECT RAISE(ABORT, 'a line of a case''s timeline is never changed'); END;
CREATE TRIGGER case_events_kept BEFORE DELETE ON case_events
    BEGIN SELECT RAISE(ABORT, 'a line of a case''s timeline is never deleted'); END;
CREATE TABLE case_policies (
    office     TEXT PRIMARY KEY,
    policy     TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE reply_templates (
    office   TEXT NOT NULL,
    category TEXT NOT NULL,
    state    TEXT NOT NULL,
    th       TEXT NOT NULL,
    en       TEXT NOT NULL,
    PRIMARY KEY (office, category, state)
) STRICT, WITHOUT ROWID;
)sql";

constexpr const char* kCaseColumns =
    "SELECT c.ticket, c.office, c.device, c.seq, c.state, c.category, c.village, c.landmark, c.text, c.anonymous, "
    "c.has_contact, c.unit, c.officer, c.reply, c.forwarded_to, c.duplicate_of, c.hidden, c.hidden_reason, "
    "c.filed_at, c.received_at, c.updated_at, c.target_at, c.reply_by, c.due_at, c.accepted_at, c.first_reply_at, c.outcome_at, "
    "c.resolved_at, c.closed_at FROM cases c";

CaseState stateFrom(const std::string& name) {
    return sync::ticketStatusFromName(name).value_or(CaseState::Received);
}

std::optional<CaseState> optionalState(const std::string& name) {
    if (name.empty())
        return std::nullopt;
    return sync::ticketStatusFromName(name);
}

std::string_view nameOf(const std::optional<CaseState>& state) {
    return state ? sync::ticketStatusName(*state) : std::string_view();
}

CaseRow caseFromRow(const sql::Statement& s) {
    CaseRow c;
    int i = 0;
    c.ticket = s.columnText(i++);
    c.officeCode = s.columnText(i++);
    const auto key = s.columnBlob(i++);
    if (key.size() == c.device.size())
        std::copy(key.begin(), key.end(), c.device.begin());
    c.sequence = static_cast<std::uint64_t>(s.columnInt(i++));
    c.state = stateFrom(s.columnText(i++));
    c.category = s.columnText(i++);
    c.village = s.columnText(i++);
    c.landmark = s.columnText(i++);
    c.text = s.columnText(i++);
    c.anonymous = s.columnInt(i++) != 0;
    c.hasContact = s.columnInt(i++) != 0;
    c.unit = s.columnText(i++);
    c.officer = s.columnText(i++);
    c.reply = s.columnText(i++);
    c.forwardedTo = s.columnText(i++);
    c.duplicateOf = s.columnText(i++);
    c.hidden = s.columnInt(i++) != 0;
    c.hiddenReason = s.columnText(i++);
    for (std::int64_t* t : {&c.filedAtMs, &c.receivedAtMs, &c.updatedAtMs, &c.targetAtMs, &c.replyByMs, &c.dueAtMs, &c.acceptedAtMs,
                            &c.firstReplyAtMs, &c.outcomeAtMs, &c.resolvedAtMs, &c.closedAtMs})
        *t = s.columnInt(i++);
    return c;
}

// A list's conditions and the values bound to them, in order.
struct Where {
    std::string sql;
    std::vector<std::variant<std::int64_t, std::string>> values;

    void add(std::string condition) { sql += (sql.empty() ? " WHERE " : " AND ") + condition; }
    std::string next(std::variant<std::int64_t, std::string> value) {
        values.push_back(std::move(value));
        return "?" + std::to_string(values.size());
    }
    void bind(sql::Statement& stmt, int from = 1) const {
        for (const auto& v : values) {
            if (std::holds_alternative<std::int64_t>(v))
                stmt.bind(from++, std::get<std::int64_t>(v));
            else
                stmt.bind(from++, std::string_view(std::get<std::string>(v)));
        }
    }
};

constexpr const char* kOpenStates = "('received', 'accepted', 'in_progress')";

Where whereOf(const CaseQuery& q) {
    Where w;
    if (!q.officeCode.empty())
        w.add("c.office = " + w.next(q.officeCode));
    if (!q.states.empty()) {
        std::string in;
        for (CaseState s : q.states)
            in += (in.empty() ? "" : ", ") + w.next(std::string(sync::ticketStatusName(s)));
        w.add("c.state IN (" + in + ")");
    }
    if (q.unit)
        w.add("c.unit = " + w.next(*q.unit));
    if (!q.category.empty())
        w.add("c.category = " + w.next(q.category));
    if (!q.village.empty())
        w.add("c.village = " + w.next(q.village));
    if (q.filedFromMs)
        w.add("c.filed_at >= " + w.next(*q.filedFromMs));
    if (q.filedToMs)
        w.add("c.filed_at <= " + w.next(*q.filedToMs));
    if (!q.text.empty()) {
        // The trigram index answers three characters or more; shorter text
        // is looked for in every case's text.
        if (core::codePointCount(q.text) >= 3) {
            std::string phrase = "\"";
            for (char ch : q.text)
                phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            phrase += "\"";
            w.add("c.rowid IN (SELECT rowid FROM case_text WHERE case_text MATCH " + w.next(phrase) + ")");
        } else {
            w.add("instr(c.text, " + w.next(q.text) + ") > 0");
        }
    }
    if (q.openOnly || q.due != DueFilter::Any)
        w.add(std::string("c.state IN ") + kOpenStates);
    if (q.due == DueFilter::Overdue)
        w.add("c.due_at < " + w.next(q.nowMs));
    if (q.due == DueFilter::Soon) {
        w.add("c.due_at >= " + w.next(q.nowMs));
        w.add("c.due_at <= " + w.next(q.soonUntilMs));
    }
    return w;
}

}  // namespace

core::Status migrateCasesToV4(sql::Database& db) {
    TRY(db.exec(kCasesSchema));
    // Every ticket already held gets its case, opened as ingest opens one now.
    SqliteCases cases(db);
    auto tickets = TRY(db.prepare(
        "SELECT t.id, t.office, t.status, t.reply, t.updated_at, t.filed_at, r.bytes, d.key, d.number, r.received_at "
        "FROM tickets t JOIN records r ON r.device = t.device AND r.seq = t.seq JOIN devices d ON d.key = t.device"));
    while (TRY(tickets.step())) {
        const std::string ticket = tickets.columnText(0);
        DeviceInfo device;
        device.officeCode = tickets.columnText(1);
        const auto key = tickets.columnBlob(7);
        if (key.size() == device.key.size())
            std::copy(key.begin(), key.end(), device.key.begin());
        device.number = static_cast<std::uint32_t>(tickets.columnInt(8));
        auto record = core::Record::parse(tickets.columnBlob(6));
        if (!record)
            return makeError(ErrorCode::Corrupt, "the record of ticket " + ticket + " does not read: " +
                                                     record.error().message);
        TRY(cases.open(ticket, device, *record, CasePolicy{}, tickets.columnInt(9), tickets.columnInt(5)));
        const std::string status = tickets.columnText(2);
        if (status != "received") {
            const std::int64_t at = tickets.columnInt(4);
            const bool outcome = isOutcome(stateFrom(status));
            TRY(db.run("UPDATE cases SET state = ?2, reply = ?3, updated_at = ?4, "
                       "first_reply_at = CASE WHEN ?3 <> '' THEN ?4 ELSE 0 END, "
                       "outcome_at = CASE WHEN ?5 THEN ?4 ELSE 0 END, "
                       "resolved_at = CASE WHEN ?2 = 'resolved' THEN ?4 ELSE 0 END, "
                       "closed_at = CASE WHEN ?2 = 'closed' THEN ?4 ELSE 0 END WHERE ticket = ?1",
                       std::string_view(ticket), std::string_view(status), std::string_view(tickets.columnText(3)),
                       at, static_cast<std::int64_t>(outcome)));
            TRY(db.run("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, officer, text, "
                       "internal) VALUES(?1, ?2, 'console', 'state', 'received', ?3, '', '', ?4, 0)",
                       std::string_view(ticket), at, std::string_view(status), std::string_view(tickets.columnText(3))));
        }
    }
    return Ok{};
}

core::Result<CasePolicy> SqliteCases::policyOf(const std::string& officeCode) {
    auto text = TRY(policyText(officeCode));
    if (!text)
        return CasePolicy{};
    return parseCasePolicy(*text, "the case policy of office " + officeCode);
}

core::Status SqliteCases::open(const std::string& ticket, const DeviceInfo& device, const core::Record& record,
                               const CasePolicy& policy, std::int64_t receivedAtMs, std::int64_t filedAtMs) {
    const CaseOpening o = caseOpeningFor(record, policy, filedAtMs);
    TRY(m_db.run("INSERT INTO cases(ticket, office, device, seq, state, category, village, landmark, text, anonymous, "
                 "has_contact, filed_at, received_at, updated_at, target_at, reply_by, due_at) "
                 "VALUES(?1, ?2, ?3, ?4, 'received', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?15, ?15, ?12, ?13, ?14)",
                 std::string_view(ticket), std::string_view(device.officeCode), core::ByteView(device.key),
                 static_cast<std::int64_t>(record.sequence()), std::string_view(o.category),
                 std::string_view(o.village), std::string_view(o.landmark), std::string_view(o.text),
                 static_cast<std::int64_t>(o.anonymous), static_cast<std::int64_t>(o.hasContact), filedAtMs,
                 o.due.targetMs, o.due.replyByMs, o.due.dueMs(), receivedAtMs));
    TRY(m_db.run("INSERT INTO case_text(rowid, text) VALUES(last_insert_rowid(), ?1)", std::string_view(o.text)));
    CaseEvent filed;
    filed.ticket = ticket;
    filed.atMs = filedAtMs;
    filed.kind = "filed";
    filed.to = CaseState::Received;
    return appendEvent(filed);
}

core::Status SqliteCases::appendEvent(const CaseEvent& e) {
    return m_db.run("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, officer, text, "
                    "internal) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    std::string_view(e.ticket), e.atMs, std::string_view(e.actor), std::string_view(e.kind),
                    nameOf(e.from), nameOf(e.to), std::string_view(e.unit), std::string_view(e.officer),
                    std::string_view(e.text), static_cast<std::int64_t>(e.internal));
}

core::Result<CasePage> SqliteCases::list(const CaseQuery& query) {
    const Where w = whereOf(query);
    CasePage page;
    {
        auto count = TRY(m_db.prepare("SELECT count(*) FROM cases c" + w.sql));
        w.bind(count);
        TRY(count.step());
        page.total = static_cast<std::uint64_t>(count.columnInt(0));
    }
    const std::string order = query.sort == CaseSort::SoonestDue ? " ORDER BY c.due_at, c.filed_at, c.rowid"
                                                                  : " ORDER BY c.filed_at DESC, c.rowid DESC";
    const auto at = static_cast<int>(w.values.size());
    auto rows = TRY(m_db.prepare(std::string(kCaseColumns) + w.sql + order + " LIMIT ?" + std::to_string(at + 1) +
                                 " OFFSET ?" + std::to_string(at + 2)));
    w.bind(rows);
    rows.bind(at + 1, static_cast<std::int64_t>(query.limit)).bind(at + 2, static_cast<std::int64_t>(query.offset));
    page.cases = TRY(rows.collect<CaseRow>(caseFromRow));
    return page;
}

core::Result<std::optional<CaseRow>> SqliteCases::find(const std::string& ticket) {
    auto stmt = TRY(m_db.query(std::string(kCaseColumns) + " WHERE c.ticket = ?1", std::string_view(ticket)));
    return stmt.optionalRow<CaseRow>(caseFromRow);
}

core::Result<std::vector<CaseEvent>> SqliteCases::events(const std::string& ticket) {
    auto stmt = TRY(m_db.query("SELECT id, ticket, at, actor, kind, from_state, to_state, unit, officer, text, internal "
                               "FROM case_events WHERE ticket = ?1 ORDER BY id",
                               std::string_view(ticket)));
    return stmt.collect<CaseEvent>([](const sql::Statement& s) {
        CaseEvent e;
        e.id = s.columnInt(0);
        e.ticket = s.columnText(1);
        e.atMs = s.columnInt(2);
        e.actor = s.columnText(3);
        e.kind = s.columnText(4);
        e.from = optionalState(s.columnText(5));
        e.to = optionalState(s.columnText(6));
        e.unit = s.columnText(7);
        e.officer = s.columnText(8);
        e.text = s.columnText(9);
        e.internal = s.columnInt(10) != 0;
        return e;
    });
}

core::Result<CaseRow> SqliteCases::act(const CaseAction& a) {
    auto tx = TRY(sql::Transaction::begin(m_db));
    auto found = TRY(find(a.ticket));
    if (!found)
        return makeError(ErrorCode::NotFound, "there is no case " + a.ticket);
    const CaseRow before = *found;
    CaseRow c = std::move(*found);
    const bool wasHidden = c.hidden;
    if (c.state != a.expected)
        return makeError(ErrorCode::Conflict,
                         "case " + a.ticket + " changed meanwhile: it is now " +
                             std::string(sync::ticketStatusName(c.state)) + "; reload it and try again");
    const std::int64_t at = a.event.atMs;
    applyCaseAction(c, a);
    TRY(m_db.run("UPDATE cases SET state = ?2, unit = ?3, officer = ?4, reply = ?5, forwarded_to = ?6, "
                 "duplicate_of = ?7, hidden = ?8, hidden_reason = ?9, updated_at = ?10, accepted_at = ?11, "
                 "first_reply_at = ?12, outcome_at = ?13, resolved_at = ?14, closed_at = ?15 WHERE ticket = ?1",
                 std::string_view(c.ticket), sync::ticketStatusName(c.state), std::string_view(c.unit),
                 std::string_view(c.officer), std::string_view(c.reply), std::string_view(c.forwardedTo),
                 std::string_view(c.duplicateOf), static_cast<std::int64_t>(c.hidden),
                 std::string_view(c.hiddenReason), at, c.acceptedAtMs, c.firstReplyAtMs, c.outcomeAtMs,
                 c.resolvedAtMs, c.closedAtMs));
    TRY(appendEvent(a.event));
    if (m_reports != nullptr && c.hidden != wasHidden)  // a hidden text is left out of what citizens talk about
        TRY(m_reports->recountComplaint(c.officeCode, c.category, c.filedAtMs, c.text, c.hidden ? -1 : 1));
    if (a.publish) {
        const std::string_view status = sync::ticketStatusName(c.state);
        TRY(m_db.run("UPDATE tickets SET status = ?2, reply = ?3, updated_at = ?4 WHERE id = ?1",
                     std::string_view(c.ticket), status, std::string_view(c.reply), at));
        TRY(m_db.run("INSERT INTO ticket_updates(ticket, office, status, reply, at) VALUES(?1, ?2, ?3, ?4, ?5)",
                     std::string_view(c.ticket), std::string_view(c.officeCode), status, std::string_view(c.reply),
                     at));
    }
    if (!a.audit.action.empty())
        TRY(SqliteAccounts(m_db).appendAudit(a.audit));
    // What other systems hear of it, in the same transaction (hub/webhooks.hpp).
    TRY(queueSqliteWebhooks(m_db, c, webhook_rows::outboxEventsOf(before, c, a), at));
    TRY(tx.commit());
    return c;
}

core::Result<std::optional<std::string>> SqliteCases::policyText(const std::string& officeCode) {
    auto stmt = TRY(m_db.query("SELECT policy FROM case_policies WHERE office = ?1", std::string_view(officeCode)));
    return stmt.optionalRow<std::string>([](const sql::Statement& s) { return s.columnText(0); });
}

core::Status SqliteCases::putPolicy(const std::string& officeCode, const std::string& policyJson, std::int64_t nowMs,
                                    const AuditEntry& audit) {
    const CasePolicy policy = TRY(parseCasePolicy(policyJson, "the case policy"));
    auto tx = TRY(sql::Transaction::begin(m_db));
    TRY(m_db.run("INSERT INTO case_policies(office, policy, updated_at) VALUES(?1, ?2, ?3) "
                 "ON CONFLICT(office) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at",
                 std::string_view(officeCode), std::string_view(policyJson), nowMs));
    // The open cases are due as the new policy counts; a case with its
    // answer keeps the dates it was held to.
    std::vector<std::tuple<std::string, std::string, std::int64_t>> open;
    {
        auto stmt = TRY(m_db.query(std::string("SELECT ticket, category, filed_at FROM cases WHERE office = ?1 AND "
                                               "state IN ") + kOpenStates,
                                   std::string_view(officeCode)));
        while (TRY(stmt.step()))
            open.emplace_back(stmt.columnText(0), stmt.columnText(1), stmt.columnInt(2));
    }
    for (const auto& [ticket, category, filed] : open) {
        const CaseDue due = dueFor(policy, category, filed);
        TRY(m_db.run("UPDATE cases SET target_at = ?2, reply_by = ?3, due_at = ?4 WHERE ticket = ?1",
                     std::string_view(ticket), due.targetMs, due.replyByMs, due.dueMs()));
    }
    TRY(SqliteAccounts(m_db).appendAudit(audit));
    return tx.commit();
}

core::Status SqliteCases::putTemplate(const ReplyTemplate& r, const AuditEntry& audit) {
    auto tx = TRY(sql::Transaction::begin(m_db));
    TRY(m_db.run("INSERT INTO reply_templates(office, category, state, th, en) VALUES(?1, ?2, ?3, ?4, ?5) "
                 "ON CONFLICT(office, category, state) DO UPDATE SET th = excluded.th, en = excluded.en",
                 std::string_view(r.officeCode), std::string_view(r.category), sync::ticketStatusName(r.state),
                 std::string_view(r.th), std::string_view(r.en)));
    TRY(SqliteAccounts(m_db).appendAudit(audit));
    return tx.commit();
}

core::Result<std::vector<ReplyTemplate>> SqliteCases::templates(const std::string& officeCode) {
    auto stmt = TRY(m_db.query("SELECT office, category, state, th, en FROM reply_templates WHERE office = ?1 "
                               "ORDER BY category = '*', category, state",
                               std::string_view(officeCode)));
    return stmt.collect<ReplyTemplate>([](const sql::Statement& s) {
        return ReplyTemplate{s.columnText(0), s.columnText(1), stateFrom(s.columnText(2)), s.columnText(3),
                             s.columnText(4)};
    });
}

}  // namespace fangsiang::hub
