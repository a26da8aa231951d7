// The cases' tables of the hub's PostgreSQL store (pg_cases.hpp).
//
// Concurrency, at READ COMMITTED: a case is changed only with its row held
// (SELECT ... FOR UPDATE), so two officers acting at once are serialised and
// the second sees the first's state (ErrorCode::Conflict, as on SQLite). Two
// orders matter beyond one row, and each has an advisory lock held to the
// end of its transaction:
// - ticket updates are read by kiosks as "id above the last I saw", so ids
//   must become visible in the order they were drawn; a per-office lock
//   taken before each insert makes one office's updates commit in id order;
// - a new case policy re-dates the office's open cases, so ingest reads the
//   policy under the same office's lock taken shared: a case opened by the
//   old policy is committed before the new one re-dates, or opened by the new.

#include "pg_cases.hpp"
#include "pg_webhooks.hpp"
#include "pg_reports.hpp"
#include "pg_accounts.hpp"

#include "core/ticket.hpp"
#include "core/utf8.hpp"

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr const char* kCaseColumns =
    "SELECT c.ticket, c.office, c.device, c.seq, c.state, c.category, c.village, c.landmark, c.text, c.anonymous, "
    "c.has_contact, c.unit, c.officer, c.reply, c.forwarded_to, c.duplicate_of, c.hidden, c.hidden_reason, "
    "c.filed_at, c.received_at, c.updated_at, c.target_at, c.reply_by, c.due_at, c.accepted_at, c.first_reply_at, "
    "c.outcome_at, c.resolved_at, c.closed_at FROM cases c";

constexpr const char* kOpenStates = "('received', 'accepted', 'in_progress')";

std::string_view sv(const std::string& s) { return s; }

CaseState stateFrom(const std::string& name) { return sync::ticketStatusFromName(name).value_or(CaseState::Received); }

std::optional<CaseState> optionalState(const std::string& name) {
    if (name.empty())
        return std::nullopt;
    return sync::ticketStatusFromName(name);
}

std::string_view nameOf(const std::optional<CaseState>& state) {
    return state ? sync::ticketStatusName(*state) : std::string_view();
}

CaseRow caseFrom(const Rows& r, int row) {
    CaseRow c;
    int i = 0;
    c.ticket = r.text(row, i++);
    c.officeCode = r.text(row, i++);
    const auto key = r.bytes(row, i++);
    if (key.size() == c.device.size())
        std::copy(key.begin(), key.end(), c.device.begin());
    c.sequence = static_cast<std::uint64_t>(r.integer(row, i++));
    c.state = stateFrom(r.text(row, i++));
    c.category = r.text(row, i++);
    c.village = r.text(row, i++);
    c.landmark = r.text(row, i++);
    c.text = r.text(row, i++);
    c.anonymous = r.truth(row, i++);
    c.hasContact = r.truth(row, i++);
    c.unit = r.text(row, i++);
    c.officer = r.text(row, i++);
    c.reply = r.text(row, i++);
    c.forwardedTo = r.text(row, i++);
    c.duplicateOf = r.text(row, i++);
    c.hidden = r.truth(row, i++);
    c.hiddenReason = r.text(row, i++);
    for (std::int64_t* t : {&c.filedAtMs, &c.receivedAtMs, &c.updatedAtMs, &c.targetAtMs, &c.replyByMs, &c.dueAtMs,
                            &c.acceptedAtMs, &c.firstReplyAtMs, &c.outcomeAtMs, &c.resolvedAtMs, &c.closedAtMs})
        *t = r.integer(row, i++);
    return c;
}

// A list's conditions and the values bound to them, in order. The values
// are owned here: the parameters point into them.
struct Where {
    std::string sql;
    std::vector<std::variant<std::int64_t, std::string>> values;

    void add(const std::string& condition) { sql += (sql.empty() ? " WHERE " : " AND ") + condition; }
    std::string next(std::variant<std::int64_t, std::string> value) {
        values.push_back(std::move(value));
        return "$" + std::to_string(values.size());
    }
    [[nodiscard]] std::vector<Param> params() const {
        std::vector<Param> out;
        for (const auto& v : values) {
            if (std::holds_alternative<std::int64_t>(v))
                out.emplace_back(std::get<std::int64_t>(v));
            else
                out.emplace_back(std::string_view(std::get<std::string>(v)));
        }
        return out;
    }
};

// LIKE's own characters taken literally.
std::string likeLiteral(const std::string& text) {
    std::string out = "%";
    for (char ch : text) {
        if (ch == '%' || ch == '_' || ch == '\\')
            out += '\\';
        out += ch;
    }
    return out + "%";
}

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
        // As the SQLite store answers: three characters or more through the
        // trigram index, ignoring case as FTS5's trigram tokenizer does;
        // shorter text exactly, in every case's text.
        if (core::codePointCount(q.text) >= 3)
            w.add("c.text ILIKE " + w.next(likeLiteral(q.text)));
        else
            w.add("strpos(c.text, " + w.next(q.text) + ") > 0");
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

// PostgreSQL's text cannot hold U+0000, which JSON can: the copy beside
// the case shows U+FFFD there (the record keeps the bytes as signed).
void withoutNul(CaseOpening& o) {
    for (std::string* field : {&o.category, &o.text, &o.village, &o.landmark})
        for (auto at = field->find('\0'); at != std::string::npos; at = field->find('\0', at))
            field->replace(at, 1, "\xEF\xBF\xBD");
}

// "INSERT INTO table(columns) VALUES ($1, …), (…), …" for `rows` rows of `columns` parameters each.
std::string insertRows(std::string_view head, std::size_t rows, std::size_t columns) {
    std::string sql(head);
    sql += " VALUES ";
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r ? ",(" : "(";
        for (std::size_t c = 1; c <= columns; ++c)
            sql += "$" + std::to_string(r * columns + c) + (c < columns ? "," : ")");
    }
    return sql;
}

}  // namespace

core::Status addTicketUpdate(Connection& conn, std::string_view ticket, std::string_view office,
                             std::string_view status, std::string_view reply, std::int64_t atMs) {
    TRY(conn.run("SELECT pg_advisory_xact_lock(hashtextextended('ticket-updates/' || $1, 0))", {office}));
    return conn.run("INSERT INTO ticket_updates(ticket, office, status, reply, at) VALUES($1, $2, $3, $4, $5)",
                    {ticket, office, status, reply, atMs});
}

core::Status openCasesOfTickets(Connection& conn) {
    auto tickets = TRY(conn.query(
        "SELECT t.id, t.office, t.status, t.reply, t.updated_at, t.filed_at, r.bytes, d.key, d.number, r.received_at "
        "FROM tickets t JOIN records r ON r.device = t.device AND r.seq = t.seq JOIN devices d ON d.key = t.device "
        "ORDER BY t.filed_at, t.id"));
    PgCases cases(conn);
    for (int i = 0; i < tickets.size(); ++i) {
        const std::string ticket = tickets.text(i, 0);
        DeviceInfo device;
        device.officeCode = tickets.text(i, 1);
        const auto key = tickets.bytes(i, 7);
        if (key.size() == device.key.size())
            std::copy(key.begin(), key.end(), device.key.begin());
        device.number = static_cast<std::uint32_t>(tickets.integer(i, 8));
        auto record = core::Record::parse(tickets.bytes(i, 6));
        if (!record)
            return makeError(ErrorCode::Corrupt,
                             "the record of ticket " + ticket + " does not read: " + record.error().message);
        TRY(cases.open(ticket, device, *record, CasePolicy{}, tickets.integer(i, 9), tickets.integer(i, 5)));
        const std::string status = tickets.text(i, 2);
        if (status == "received")
            continue;
        const std::int64_t at = tickets.integer(i, 4);
        const std::string reply = tickets.text(i, 3);
        const bool outcome = isOutcome(stateFrom(status));
        TRY(conn.run("UPDATE cases SET state = $2, reply = $3, updated_at = $4, "
                     "first_reply_at = CASE WHEN $3 <> '' THEN $4 ELSE 0 END, "
                     "outcome_at = CASE WHEN $5 THEN $4 ELSE 0 END, "
                     "resolved_at = CASE WHEN $2 = 'resolved' THEN $4 ELSE 0 END, "
                     "closed_at = CASE WHEN $2 = 'closed' THEN $4 ELSE 0 END WHERE ticket = $1",
                     {sv(ticket), sv(status), sv(reply), at, outcome}));
        TRY(conn.run("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, officer, text, "
                     "internal) VALUES($1, $2, 'console', 'state', 'received', $3, '', '', $4, false)",
                     {sv(ticket), at, sv(status), sv(reply)}));
    }
    return Ok{};
}

core::Result<CasePolicy> PgCases::policyOf(const std::string& officeCode) {
    TRY(m_conn.run("SELECT pg_advisory_xact_lock_shared(hashtextextended('case-policy/' || $1, 0))", {sv(officeCode)}));
    auto text = TRY(policyText(officeCode));
    if (!text)
        return CasePolicy{};
    return parseCasePolicy(*text, "the case policy of office " + officeCode);
}

core::Status PgCases::open(const std::string& ticket, const DeviceInfo& device, const core::Record& record,
                           const CasePolicy& policy, std::int64_t receivedAtMs, std::int64_t filedAtMs) {
    CaseOpening o = caseOpeningFor(record, policy, filedAtMs);
    withoutNul(o);
    TRY(m_conn.run("INSERT INTO cases(ticket, office, device, seq, state, category, village, landmark, text, "
                   "anonymous, has_contact, filed_at, received_at, updated_at, target_at, reply_by, due_at) "
                   "VALUES($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $15, $15, $12, $13, $14)",
                   {sv(ticket), sv(device.officeCode), core::ByteView(device.key),
                    static_cast<std::int64_t>(record.sequence()), sv(o.category), sv(o.village), sv(o.landmark),
                    sv(o.text), o.anonymous, o.hasContact, filedAtMs, o.due.targetMs, o.due.replyByMs, o.due.dueMs(),
                    receivedAtMs}));
    CaseEvent filed;
    filed.ticket = ticket;
    filed.atMs = filedAtMs;
    filed.kind = "filed";
    filed.to = CaseState::Received;
    return appendEvent(filed);
}

core::Status PgCases::appendEvent(const CaseEvent& e) {
    return m_conn.run("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, officer, text, "
                      "internal) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                      {sv(e.ticket), e.atMs, sv(e.actor), sv(e.kind), nameOf(e.from), nameOf(e.to), sv(e.unit),
                       sv(e.officer), sv(e.text), e.internal});
}

core::Status PgCases::openMany(const DeviceInfo& device, std::vector<TicketToOpen> tickets) {
    // 15 parameters a case: 3,000 of PostgreSQL's 65,535 a statement.
    constexpr std::size_t kPerStatement = 200;
    const std::string_view office = device.officeCode;
    if (!tickets.empty())  // the office's update numbers in commit order, as addTicketUpdate takes them
        TRY(m_conn.run("SELECT pg_advisory_xact_lock(hashtextextended('ticket-updates/' || $1, 0))", {office}));
    for (std::size_t from = 0; from < tickets.size(); from += kPerStatement) {
        const std::size_t n = std::min(kPerStatement, tickets.size() - from);
        std::vector<Param> t, u, c, e;
        for (std::size_t i = from; i < from + n; ++i) {
            TicketToOpen& k = tickets[i];
            withoutNul(k.opening);
            const CaseOpening& o = k.opening;
            const auto seq = static_cast<std::int64_t>(k.sequence);
            t.insert(t.end(), {sv(k.ticket), core::ByteView(device.key), seq, office, "received", "",
                               k.receivedAtMs, k.filedAtMs});
            u.insert(u.end(), {sv(k.ticket), office, "received", "", k.receivedAtMs});
            c.insert(c.end(), {sv(k.ticket), office, core::ByteView(device.key), seq, "received", sv(o.category),
                               sv(o.village), sv(o.landmark), sv(o.text), o.anonymous, o.hasContact, k.filedAtMs,
                               k.receivedAtMs, k.receivedAtMs, o.due.targetMs, o.due.replyByMs, o.due.dueMs()});
            e.insert(e.end(), {sv(k.ticket), k.filedAtMs, "", "filed", nameOf(std::nullopt), nameOf(CaseState::Received), "", "",
                               "", false});
        }
        TRY(m_conn.run(insertRows("INSERT INTO tickets(id, device, seq, office, status, reply, updated_at, filed_at)", n, 8),
                       t));
        TRY(m_conn.run(insertRows("INSERT INTO ticket_updates(ticket, office, status, reply, at)", n, 5), u));
        TRY(m_conn.run(insertRows("INSERT INTO cases(ticket, office, device, seq, state, category, village, landmark, "
                                  "text, anonymous, has_contact, filed_at, received_at, updated_at, target_at, "
                                  "reply_by, due_at)",
                                  n, 17),
                       c));
        TRY(m_conn.run(insertRows("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, "
                                  "officer, text, internal)",
                                  n, 10),
                       e));
    }
    return Ok{};
}

core::Result<CasePage> PgCases::list(const CaseQuery& query) {
    const Where w = whereOf(query);
    const auto params = w.params();
    CasePage page;
    auto count = TRY(m_conn.query("SELECT count(*) FROM cases c" + w.sql, params));
    page.total = static_cast<std::uint64_t>(count.integer(0, 0));
    const std::string order = query.sort == CaseSort::SoonestDue ? " ORDER BY c.due_at, c.filed_at, c.id"
                                                                  : " ORDER BY c.filed_at DESC, c.id DESC";
    const auto at = params.size();
    auto withPage = params;
    withPage.emplace_back(static_cast<std::int64_t>(query.limit));
    withPage.emplace_back(static_cast<std::int64_t>(query.offset));
    auto rows = TRY(m_conn.query(std::string(kCaseColumns) + w.sql + order + " LIMIT $" + std::to_string(at + 1) +
                                     " OFFSET $" + std::to_string(at + 2),
                                 withPage));
    for (int i = 0; i < rows.size(); ++i)
        page.cases.push_back(caseFrom(rows, i));
    return page;
}

core::Result<std::optional<CaseRow>> PgCases::find(const std::string& ticket, bool forUpdate) {
    auto r = TRY(m_conn.query(std::string(kCaseColumns) + " WHERE c.ticket = $1" + (forUpdate ? " FOR UPDATE" : ""),
                              {sv(ticket)}));
    if (r.empty())
        return std::optional<CaseRow>{};
    return std::optional<CaseRow>(caseFrom(r, 0));
}

core::Result<std::vector<CaseEvent>> PgCases::events(const std::string& ticket) {
    auto r = TRY(m_conn.query("SELECT id, ticket, at, actor, kind, from_state, to_state, unit, officer, text, internal "
                              "FROM case_events WHERE ticket = $1 ORDER BY id",
                              {sv(ticket)}));
    std::vector<CaseEvent> out;
    for (int i = 0; i < r.size(); ++i) {
        CaseEvent e;
        e.id = r.integer(i, 0);
        e.ticket = r.text(i, 1);
        e.atMs = r.integer(i, 2);
        e.actor = r.text(i, 3);
        e.kind = r.text(i, 4);
        e.from = optionalState(r.text(i, 5));
        e.to = optionalState(r.text(i, 6));
        e.unit = r.text(i, 7);
        e.officer = r.text(i, 8);
        e.text = r.text(i, 9);
        e.internal = r.truth(i, 10);
        out.push_back(std::move(e));
    }
    return out;
}

core::Result<CaseRow> PgCases::act(const CaseAction& a) {
    CaseRow c;
    auto change = [&]() -> core::Status {
        auto found = TRY(find(a.ticket, true));  // held to COMMIT: the other officer waits, then sees this state
        if (!found)
            return makeError(ErrorCode::NotFound, "there is no case " + a.ticket);
        const CaseRow before = *found;
        c = std::move(*found);
        const bool wasHidden = c.hidden;
        if (c.state != a.expected)
            return makeError(ErrorCode::Conflict, "case " + a.ticket + " changed meanwhile: it is now " +
                                                      std::string(sync::ticketStatusName(c.state)) +
                                                      "; reload it and try again");
        applyCaseAction(c, a);
        const std::int64_t at = a.event.atMs;
        TRY(m_conn.run("UPDATE cases SET state = $2, unit = $3, officer = $4, reply = $5, forwarded_to = $6, "
                       "duplicate_of = $7, hidden = $8, hidden_reason = $9, updated_at = $10, accepted_at = $11, "
                       "first_reply_at = $12, outcome_at = $13, resolved_at = $14, closed_at = $15 WHERE ticket = $1",
                       {sv(c.ticket), sync::ticketStatusName(c.state), sv(c.unit), sv(c.officer), sv(c.reply),
                        sv(c.forwardedTo), sv(c.duplicateOf), c.hidden, sv(c.hiddenReason), at, c.acceptedAtMs,
                        c.firstReplyAtMs, c.outcomeAtMs, c.resolvedAtMs, c.closedAtMs}));
        TRY(appendEvent(a.event));
        if (c.hidden != wasHidden)  // a hidden text is left out of what citizens talk about
            TRY(recountComplaint(m_conn, c.officeCode, c.category, c.filedAtMs, c.text, c.hidden ? -1 : 1));
        if (a.publish) {
            const std::string_view status = sync::ticketStatusName(c.state);
            TRY(m_conn.run("UPDATE tickets SET status = $2, reply = $3, updated_at = $4 WHERE id = $1",
                           {sv(c.ticket), status, sv(c.reply), at}));
            TRY(addTicketUpdate(m_conn, c.ticket, c.officeCode, status, c.reply, at));
        }
        if (!a.audit.action.empty())
            TRY(PgAccounts(m_conn).appendAudit(a.audit));
        // What other systems hear of it, in the same transaction (hub/webhooks.hpp).
        return queueWebhooks(m_conn, c, webhook_rows::outboxEventsOf(before, c, a), at);
    };
    TRY(transaction(m_conn, change));
    return c;
}

core::Result<std::optional<std::string>> PgCases::policyText(const std::string& officeCode) {
    auto r = TRY(m_conn.query("SELECT policy FROM case_policies WHERE office = $1", {sv(officeCode)}));
    if (r.empty())
        return std::optional<std::string>{};
    return std::optional<std::string>(r.text(0, 0));
}

core::Status PgCases::putPolicy(const std::string& officeCode, const std::string& policyJson, std::int64_t nowMs,
                                const AuditEntry& audit) {
    const CasePolicy policy = TRY(parseCasePolicy(policyJson, "the case policy"));
    return transaction(m_conn, [&]() -> core::Status {
        TRY(m_conn.run("SELECT pg_advisory_xact_lock(hashtextextended('case-policy/' || $1, 0))", {sv(officeCode)}));
        TRY(m_conn.run("INSERT INTO case_policies(office, policy, updated_at) VALUES($1, $2, $3) "
                       "ON CONFLICT(office) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at",
                       {sv(officeCode), sv(policyJson), nowMs}));
        // The open cases are due as the new policy counts; a case with its
        // answer keeps the dates it was held to.
        auto open = TRY(m_conn.query(std::string("SELECT ticket, category, filed_at FROM cases WHERE office = $1 AND "
                                                 "state IN ") + kOpenStates + " FOR UPDATE",
                                     {sv(officeCode)}));
        for (int i = 0; i < open.size(); ++i) {
            const CaseDue due = dueFor(policy, open.text(i, 1), open.integer(i, 2));
            TRY(m_conn.run("UPDATE cases SET target_at = $2, reply_by = $3, due_at = $4 WHERE ticket = $1",
                           {open.text(i, 0), due.targetMs, due.replyByMs, due.dueMs()}));
        }
        return PgAccounts(m_conn).appendAudit(audit);
    });
}

core::Status PgCases::putTemplate(const ReplyTemplate& r, const AuditEntry& audit) {
    return transaction(m_conn, [&]() -> core::Status {
        TRY(m_conn.run("INSERT INTO reply_templates(office, category, state, th, en) VALUES($1, $2, $3, $4, $5) "
                       "ON CONFLICT(office, category, state) DO UPDATE SET th = excluded.th, en = excluded.en",
                       {sv(r.officeCode), sv(r.category), sync::ticketStatusName(r.state), sv(r.th), sv(r.en)}));
        return PgAccounts(m_conn).appendAudit(audit);
    });
}

core::Result<std::vector<ReplyTemplate>> PgCases::templates(const std::string& officeCode) {
    auto r = TRY(m_conn.query("SELECT office, category, state, th, en FROM reply_templates WHERE office = $1 "
                              "ORDER BY category = '*', category COLLATE \"C\", state COLLATE \"C\"",
                              {sv(officeCode)}));
    std::vector<ReplyTemplate> out;
    for (int i = 0; i < r.size(); ++i)
        out.push_back(ReplyTemplate{r.text(i, 0), r.text(i, 1), stateFrom(r.text(i, 2)), r.text(i, 3), r.text(i, 4)});
    return out;
}

}  // namespace fangsiang::hub::pg
