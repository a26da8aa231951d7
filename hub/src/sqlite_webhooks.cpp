// The webhooks' tables of the hub's SQLite store (sqlite_webhooks.hpp).

#include "sqlite_webhooks.hpp"
#include "sqlite_accounts.hpp"

namespace fangsiang::hub {

namespace sql = core::sql;
using core::ErrorCode;
using core::makeError;
using core::Ok;
using namespace webhook_rows;

namespace {

Webhook hookFrom(const sql::Statement& s) {
    Webhook h;
    h.id = s.columnInt(0);
    h.officeCode = s.columnText(1);
    h.url = s.columnText(2);
    h.events = eventsFrom(s.columnText(3));
    h.withPersonalData = s.columnInt(4) != 0;
    h.createdAtMs = s.columnInt(5);
    h.createdBy = s.columnText(6);
    return h;
}

WebhookDelivery deliveryFrom(const sql::Statement& s) {
    WebhookDelivery d;
    d.id = s.columnInt(0);
    d.deliveryId = s.columnText(1);
    d.hookId = s.columnInt(2);
    d.event = eventFrom(s.columnText(3));
    d.officeCode = s.columnText(4);
    d.ticket = s.columnText(5);
    d.payload = s.columnText(6);
    d.state = stateFrom(s.columnText(7));
    d.attempts = static_cast<int>(s.columnInt(8));
    d.createdAtMs = s.columnInt(9);
    d.nextAtMs = s.columnInt(10);
    d.doneAtMs = s.columnInt(11);
    d.lastOutcome = s.columnText(12);
    return d;
}

}  // namespace

core::Status migrateWebhooksToV7(sql::Database& db) { return db.exec(tablesSql(false)); }

core::Result<bool> sqliteHasWebhooks(sql::Database& db, const std::string& officeCode, WebhookEvent event) {
    auto stmt = TRY(db.query("SELECT 1 FROM webhooks WHERE office = ?1 AND removed_at IS NULL AND "
                             "instr(events, ?2) > 0 LIMIT 1",
                             std::string_view(officeCode), std::string_view(eventPattern(event))));
    return TRY(stmt.step());
}

core::Status queueSqliteWebhooks(sql::Database& db, const CaseRow& row, const std::vector<OutboxEvent>& events,
                                 std::int64_t atMs) {
    for (const OutboxEvent& e : events)
        TRY(db.run("INSERT INTO webhook_deliveries(delivery, hook, event, office, ticket, payload, state, created_at, "
                   "next_at) SELECT ?1 || '-' || id, id, ?2, office, ?3, ?4, 'pending', ?5, ?5 FROM webhooks "
                   "WHERE office = ?6 AND removed_at IS NULL AND instr(events, ?7) > 0",
                   std::string_view(e.uid), webhookEventName(e.event), std::string_view(row.ticket),
                   std::string_view(e.payload), atMs, std::string_view(row.officeCode),
                   std::string_view(eventPattern(e.event))));
    return Ok{};
}

core::Result<std::int64_t> SqliteWebhooks::addWebhook(const Webhook& h, core::ByteView sealedSecret,
                                                      const AuditEntry& audit) {
    std::lock_guard lock(m_storeLock);
    auto tx = TRY(sql::Transaction::begin(m_db));
    TRY(m_db.run("INSERT INTO webhooks(office, url, events, personal, secret, created_at, created_by) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                 std::string_view(h.officeCode), std::string_view(h.url), std::string_view(eventsText(h.events)),
                 static_cast<std::int64_t>(h.withPersonalData), sealedSecret, h.createdAtMs,
                 std::string_view(h.createdBy)));
    const std::int64_t id = TRY(m_db.queryInt("SELECT last_insert_rowid()"));
    AuditEntry entry = audit;
    entry.subject = "webhook " + std::to_string(id);
    TRY(SqliteAccounts(m_db).appendAudit(entry));
    TRY(tx.commit());
    return id;
}

core::Result<std::vector<Webhook>> SqliteWebhooks::listWebhooks(const std::string& officeCode) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.query(std::string(kHookColumns) +
                                   " WHERE removed_at IS NULL AND (?1 = '' OR office = ?1) ORDER BY office, id",
                               std::string_view(officeCode)));
    return stmt.collect<Webhook>(hookFrom);
}

core::Result<std::optional<Webhook>> SqliteWebhooks::findWebhook(std::int64_t id) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.query(std::string(kHookColumns) + " WHERE id = ?1 AND removed_at IS NULL", id));
    return stmt.optionalRow<Webhook>(hookFrom);
}

core::Status SqliteWebhooks::removeWebhook(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) {
    std::lock_guard lock(m_storeLock);
    auto tx = TRY(sql::Transaction::begin(m_db));
    TRY(m_db.run("UPDATE webhooks SET removed_at = ?2 WHERE id = ?1 AND removed_at IS NULL", id, nowMs));
    if (m_db.changes() == 0)
        return makeError(ErrorCode::NotFound, "there is no webhook " + std::to_string(id) + " in use");
    TRY(m_db.run("UPDATE webhook_deliveries SET state = 'given-up', done_at = ?2, "
                 "last_outcome = 'the webhook was removed' WHERE hook = ?1 AND state = 'pending'",
                 id, nowMs));
    TRY(SqliteAccounts(m_db).appendAudit(audit));
    return tx.commit();
}

core::Result<std::vector<WebhookDelivery>> SqliteWebhooks::deliveries(const DeliveryQuery& q) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.query(std::string(kDeliveryColumns) +
                                   " FROM webhook_deliveries d WHERE (?1 = 0 OR d.hook = ?1) AND (?2 = '' OR "
                                   "d.office = ?2) ORDER BY d.id DESC LIMIT ?3",
                               q.hookId.value_or(0), std::string_view(q.officeCode),
                               static_cast<std::int64_t>(q.limit)));
    return stmt.collect<WebhookDelivery>(deliveryFrom);
}

core::Result<std::vector<WebhookAttempt>> SqliteWebhooks::attempts(std::int64_t deliveryRow) {
    std::lock_guard lock(m_storeLock);
    auto stmt = TRY(m_db.query("SELECT at, status, error, took_ms FROM webhook_attempts WHERE delivery = ?1 ORDER BY id",
                               deliveryRow));
    return stmt.collect<WebhookAttempt>([](const sql::Statement& s) {
        return WebhookAttempt{s.columnInt(0), static_cast<int>(s.columnInt(1)), s.columnText(2), s.columnInt(3)};
    });
}

core::Result<std::vector<DueDelivery>> SqliteWebhooks::claimDue(std::int64_t nowMs, std::int64_t claimUntilMs,
                                                                std::size_t limit) {
    std::lock_guard lock(m_storeLock);
    auto tx = TRY(sql::Transaction::begin(m_db));
    std::vector<DueDelivery> due;
    {
        auto stmt = TRY(m_db.query(std::string(kDeliveryColumns) +
                                       ", w.url, w.secret, w.personal FROM webhooks w JOIN webhook_deliveries d ON "
                                       "d.id = (SELECT min(id) FROM webhook_deliveries p WHERE p.hook = w.id AND "
                                       "p.state = 'pending') WHERE w.removed_at IS NULL AND d.next_at <= ?1 "
                                       "ORDER BY d.next_at, d.id LIMIT ?2",
                                   nowMs, static_cast<std::int64_t>(limit)));
        due = TRY(stmt.collect<DueDelivery>([](const sql::Statement& s) {
            DueDelivery d;
            d.delivery = deliveryFrom(s);
            d.url = s.columnText(13);
            const auto secret = s.columnBlob(14);
            d.sealedSecret.assign(secret.begin(), secret.end());
            d.withPersonalData = s.columnInt(15) != 0;
            return d;
        }));
    }
    for (const DueDelivery& d : due)
        TRY(m_db.run("UPDATE webhook_deliveries SET next_at = ?2 WHERE id = ?1", d.delivery.id, claimUntilMs));
    TRY(tx.commit());
    return due;
}

core::Status SqliteWebhooks::recordAttempt(std::int64_t deliveryRow, const WebhookAttempt& a, DeliveryState state,
                                           std::int64_t nextAtMs) {
    std::lock_guard lock(m_storeLock);
    auto tx = TRY(sql::Transaction::begin(m_db));
    TRY(m_db.run("INSERT INTO webhook_attempts(delivery, at, status, error, took_ms) VALUES(?1, ?2, ?3, ?4, ?5)",
                 deliveryRow, a.atMs, static_cast<std::int64_t>(a.status), std::string_view(a.error), a.tookMs));
    const std::string outcome = a.error.empty() ? "HTTP " + std::to_string(a.status) : a.error;
    TRY(m_db.run("UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?2, next_at = ?3, done_at = ?4, "
                 "last_outcome = ?5 WHERE id = ?1",
                 deliveryRow, deliveryStateName(state), nextAtMs,
                 state == DeliveryState::Pending ? std::int64_t{0} : a.atMs, std::string_view(outcome)));
    return tx.commit();
}

}  // namespace fangsiang::hub
