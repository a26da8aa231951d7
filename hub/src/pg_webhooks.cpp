// The webhooks' tables of the hub's PostgreSQL store (pg_webhooks.hpp).

#include "pg_webhooks.hpp"
#include "pg_accounts.hpp"

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;
using namespace webhook_rows;

namespace {

std::string_view sv(const std::string& s) { return s; }

Webhook hookFrom(const Rows& r, int i) {
    Webhook h;
    h.id = r.integer(i, 0);
    h.officeCode = r.text(i, 1);
    h.url = r.text(i, 2);
    h.events = eventsFrom(r.text(i, 3));
    h.withPersonalData = r.truth(i, 4);
    h.createdAtMs = r.integer(i, 5);
    h.createdBy = r.text(i, 6);
    return h;
}

WebhookDelivery deliveryFrom(const Rows& r, int i) {
    WebhookDelivery d;
    d.id = r.integer(i, 0);
    d.deliveryId = r.text(i, 1);
    d.hookId = r.integer(i, 2);
    d.event = eventFrom(r.text(i, 3));
    d.officeCode = r.text(i, 4);
    d.ticket = r.text(i, 5);
    d.payload = r.text(i, 6);
    d.state = stateFrom(r.text(i, 7));
    d.attempts = static_cast<int>(r.integer(i, 8));
    d.createdAtMs = r.integer(i, 9);
    d.nextAtMs = r.integer(i, 10);
    d.doneAtMs = r.integer(i, 11);
    d.lastOutcome = r.text(i, 12);
    return d;
}

template <typename T, typename From>
std::vector<T> allOf(const Rows& r, From&& from) {
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(r.size()));
    for (int i = 0; i < r.size(); ++i)
        out.push_back(from(r, i));
    return out;
}

}  // namespace

core::Status migrateWebhooks(Connection& conn) { return conn.script(tablesSql(true)); }

core::Result<bool> hasWebhooks(Connection& conn, const std::string& officeCode, WebhookEvent event) {
    const std::string pattern = eventPattern(event);
    auto r = TRY(conn.query("SELECT 1 FROM webhooks WHERE office = $1 AND removed_at IS NULL AND "
                            "strpos(events, $2) > 0 LIMIT 1",
                            {sv(officeCode), sv(pattern)}));
    return !r.empty();
}

core::Status queueWebhooks(Connection& conn, const CaseRow& row, const std::vector<OutboxEvent>& events,
                           std::int64_t atMs) {
    for (const OutboxEvent& e : events) {
        const std::string pattern = eventPattern(e.event);
        TRY(conn.run("INSERT INTO webhook_deliveries(delivery, hook, event, office, ticket, payload, state, "
                     "created_at, next_at) SELECT $1 || '-' || id::text, id, $2, office, $3, $4, 'pending', $5, $5 "
                     "FROM webhooks WHERE office = $6 AND removed_at IS NULL AND strpos(events, $7) > 0",
                     {sv(e.uid), webhookEventName(e.event), sv(row.ticket), sv(e.payload), atMs, sv(row.officeCode),
                      sv(pattern)}));
    }
    return Ok{};
}

core::Result<std::int64_t> PgWebhooks::addWebhook(const Webhook& h, core::ByteView sealedSecret,
                                                  const AuditEntry& audit) {
    return m_pool.run<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
        std::int64_t id = 0;
        auto add = [&]() -> core::Status {
            const std::string events = eventsText(h.events);
            auto r = TRY(c.query("INSERT INTO webhooks(office, url, events, personal, secret, created_at, created_by) "
                                 "VALUES($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                 {sv(h.officeCode), sv(h.url), sv(events), h.withPersonalData, sealedSecret,
                                  h.createdAtMs, sv(h.createdBy)}));
            id = r.integer(0, 0);
            AuditEntry entry = audit;
            entry.subject = "webhook " + std::to_string(id);
            return PgAccounts(c).appendAudit(entry);
        };
        TRY(transaction(c, add));
        return id;
    });
}

core::Result<std::vector<Webhook>> PgWebhooks::listWebhooks(const std::string& officeCode) {
    return m_pool.run<std::vector<Webhook>>([&](Connection& c) -> core::Result<std::vector<Webhook>> {
        auto r = TRY(c.query(std::string(kHookColumns) +
                                 " WHERE removed_at IS NULL AND ($1 = '' OR office = $1) ORDER BY office, id",
                             {sv(officeCode)}));
        return allOf<Webhook>(r, hookFrom);
    });
}

core::Result<std::optional<Webhook>> PgWebhooks::findWebhook(std::int64_t id) {
    return m_pool.run<std::optional<Webhook>>([&](Connection& c) -> core::Result<std::optional<Webhook>> {
        auto r = TRY(c.query(std::string(kHookColumns) + " WHERE id = $1 AND removed_at IS NULL", {id}));
        if (r.empty())
            return std::optional<Webhook>{};
        return std::optional<Webhook>(hookFrom(r, 0));
    });
}

core::Status PgWebhooks::removeWebhook(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) {
    auto done = m_pool.run<bool>([&](Connection& c) -> core::Result<bool> {
        auto remove = [&]() -> core::Status {
            TRY(c.run("UPDATE webhooks SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL", {id, nowMs}));
            if (c.changed() == 0)
                return makeError(ErrorCode::NotFound, "there is no webhook " + std::to_string(id) + " in use");
            TRY(c.run("UPDATE webhook_deliveries SET state = 'given-up', done_at = $2, "
                      "last_outcome = 'the webhook was removed' WHERE hook = $1 AND state = 'pending'",
                      {id, nowMs}));
            return PgAccounts(c).appendAudit(audit);
        };
        TRY(transaction(c, remove));
        return true;
    });
    if (!done)
        return done.error();
    return Ok{};
}

core::Result<std::vector<WebhookDelivery>> PgWebhooks::deliveries(const DeliveryQuery& q) {
    return m_pool.run<std::vector<WebhookDelivery>>([&](Connection& c) -> core::Result<std::vector<WebhookDelivery>> {
        auto r = TRY(c.query(std::string(kDeliveryColumns) +
                                 " FROM webhook_deliveries d WHERE ($1 = 0 OR d.hook = $1) AND ($2 = '' OR "
                                 "d.office = $2) ORDER BY d.id DESC LIMIT $3",
                             {q.hookId.value_or(0), sv(q.officeCode), static_cast<std::int64_t>(q.limit)}));
        return allOf<WebhookDelivery>(r, deliveryFrom);
    });
}

core::Result<std::vector<WebhookAttempt>> PgWebhooks::attempts(std::int64_t deliveryRow) {
    return m_pool.run<std::vector<WebhookAttempt>>([&](Connection& c) -> core::Result<std::vector<WebhookAttempt>> {
        auto r = TRY(c.query("SELECT at, status, error, took_ms FROM webhook_attempts WHERE delivery = $1 ORDER BY id",
                             {deliveryRow}));
        return allOf<WebhookAttempt>(r, [](const Rows& rows, int i) {
            return WebhookAttempt{rows.integer(i, 0), static_cast<int>(rows.integer(i, 1)), rows.text(i, 2),
                                  rows.integer(i, 3)};
        });
    });
}

core::Result<std::vector<DueDelivery>> PgWebhooks::claimDue(std::int64_t nowMs, std::int64_t claimUntilMs,
                                                            std::size_t limit) {
    return m_pool.run<std::vector<DueDelivery>>([&](Connection& c) -> core::Result<std::vector<DueDelivery>> {
        std::vector<DueDelivery> due;
        auto claim = [&]() -> core::Status {
            due.clear();
            // Rows another hub process has claimed are skipped, not waited for.
            auto r = TRY(c.query(std::string(kDeliveryColumns) +
                                     ", w.url, w.secret, w.personal FROM webhooks w JOIN webhook_deliveries d ON "
                                     "d.id = (SELECT min(p.id) FROM webhook_deliveries p WHERE p.hook = w.id AND "
                                     "p.state = 'pending') WHERE w.removed_at IS NULL AND d.next_at <= $1 "
                                     "ORDER BY d.next_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED",
                                 {nowMs, static_cast<std::int64_t>(limit)}));
            for (int i = 0; i < r.size(); ++i) {
                DueDelivery d;
                d.delivery = deliveryFrom(r, i);
                d.url = r.text(i, 13);
                const auto secret = r.bytes(i, 14);
                d.sealedSecret.assign(secret.begin(), secret.end());
                d.withPersonalData = r.truth(i, 15);
                TRY(c.run("UPDATE webhook_deliveries SET next_at = $2 WHERE id = $1", {d.delivery.id, claimUntilMs}));
                due.push_back(std::move(d));
            }
            return Ok{};
        };
        TRY(transaction(c, claim));
        return due;
    });
}

core::Status PgWebhooks::recordAttempt(std::int64_t deliveryRow, const WebhookAttempt& a, DeliveryState state,
                                       std::int64_t nextAtMs) {
    auto done = m_pool.run<bool>([&](Connection& c) -> core::Result<bool> {
        auto record = [&]() -> core::Status {
            TRY(c.run("INSERT INTO webhook_attempts(delivery, at, status, error, took_ms) VALUES($1, $2, $3, $4, $5)",
                      {deliveryRow, a.atMs, static_cast<std::int64_t>(a.status), sv(a.error), a.tookMs}));
            const std::string outcome = a.error.empty() ? "HTTP " + std::to_string(a.status) : a.error;
            return c.run("UPDATE webhook_deliveries SET attempts = attempts + 1, state = $2, next_at = $3, "
                         "done_at = $4, last_outcome = $5 WHERE id = $1",
                         {deliveryRow, deliveryStateName(state), nextAtMs,
                          state == DeliveryState::Pending ? std::int64_t{0} : a.atMs, sv(outcome)});
        };
        TRY(transaction(c, record));
        return true;
    });
    if (!done)
        return done.error();
    return Ok{};
}

}  // namespace fangsiang::hub::pg
