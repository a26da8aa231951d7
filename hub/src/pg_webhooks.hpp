#pragma once
// The webhooks' tables of the hub's PostgreSQL store (schema version 5): the
// same rows as the SQLite store's (sqlite_webhooks.hpp). Private to hub/src.

#include "hub/webhooks.hpp"
#include "pg_connection.hpp"
#include "webhook_rows.hpp"

namespace fangsiang::hub::pg {

class PgWebhooks final : public WebhookStore {
public:
    explicit PgWebhooks(Pool& pool) : m_pool(pool) {}

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
    Pool& m_pool;
};

// In the caller's transaction, as sqliteHasWebhooks and queueSqliteWebhooks.
[[nodiscard]] core::Result<bool> hasWebhooks(Connection& conn, const std::string& officeCode, WebhookEvent event);
[[nodiscard]] core::Status queueWebhooks(Connection& conn, const CaseRow& row,
                                         const std::vector<webhook_rows::OutboxEvent>& events, std::int64_t atMs);

// Schema 4 -> 5: the webhooks' tables.
[[nodiscard]] core::Status migrateWebhooks(Connection& conn);

}  // namespace fangsiang::hub::pg
