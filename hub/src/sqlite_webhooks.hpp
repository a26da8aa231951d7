#pragma once
// The webhooks' tables of the hub's SQLite store (schema version 7): the
// hooks (their secrets sealed), the outbox of deliveries that the cases'
// transactions write, and each delivery's attempts. Private to hub/src:
// SqliteHubStorage holds one under its own lock.

#include "hub/webhooks.hpp"
#include "store_lock.hpp"
#include "webhook_rows.hpp"

#include "core/sqlite.hpp"


namespace fangsiang::hub {

class SqliteWebhooks final : public WebhookStore {
public:
    SqliteWebhooks(StoreLock& lock, core::sql::Database& db) : m_storeLock(lock), m_db(db) {}

    core::Result<std::int64_t> addWebhook(const Webhook& hook, core::ByteView sealedSecret,
                                          const AuditEntry& audit) override;
    core::Result<std::vector<Webhook>> listWebhooks(const std::string& officeCode) override;
    core::Result<std::optional<Webhook>> findWebhook(std::int64_t id) override;
    core::Status removeWebhook(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) override;
    core::Result<std::vector<WebhookDelivery>> deliveries(const DeliveryQuery& query) override;
    core::Result<std::vector<WebhookAttempt>> attempts(std::int64_t deliveryRow) override;
    core::Result<std::vector<DueDelivery>> claimDue(std::int64_t nowMs, std::int64_t claimUntilMs,
                                                    std::size_t limit) override;
    core::Status recordAttempt(std::int64_t deliveryRow, const WebhookAttempt& attempt, DeliveryState state,
                               std::int64_t nextAtMs) override;

private:
    StoreLock& m_storeLock;
    core::sql::Database& m_db;
};

// In the caller's transaction: whether office `officeCode` has a hook in use
// for `event` (ingest asks once per batch before it reads a case back).
[[nodiscard]] core::Result<bool> sqliteHasWebhooks(core::sql::Database& db, const std::string& officeCode,
                                                   WebhookEvent event);
// In the caller's transaction: one delivery of each event to each of the
// office's hooks that takes it.
[[nodiscard]] core::Status queueSqliteWebhooks(core::sql::Database& db, const CaseRow& row,
                                               const std::vector<webhook_rows::OutboxEvent>& events,
                                               std::int64_t atMs);

// Schema 6 -> 7: the webhooks' tables (none of them holds anything yet).
[[nodiscard]] core::Status migrateWebhooksToV7(core::sql::Database& db);

}  // namespace fangsiang::hub
