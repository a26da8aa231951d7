#pragma once
// What both stores' webhook tables share (sqlite_webhooks.cpp,
// pg_webhooks.cpp): how a hook's events and a delivery's state are written
// in a column, and the outbox's rows a case change adds. Private to hub/src.

#include "hub/webhooks.hpp"

#include <array>
#include <string>
#include <vector>

namespace fangsiang::hub::webhook_rows {

// A hook's events as its column keeps them: ",case.created,case.reply_sent,",
// so that "does this hook take event E" is a search for ",E,".
[[nodiscard]] std::string eventsText(const std::vector<WebhookEvent>& events);
[[nodiscard]] std::vector<WebhookEvent> eventsFrom(std::string_view text);
[[nodiscard]] std::string eventPattern(WebhookEvent event);
[[nodiscard]] DeliveryState stateFrom(std::string_view name);
[[nodiscard]] WebhookEvent eventFrom(std::string_view name);

// The webhooks' tables, written once for both stores: SQLite's types
// (INTEGER, BLOB, STRICT) or PostgreSQL's (BIGINT, BYTEA, BOOLEAN,
// BIGSERIAL). IF NOT EXISTS: a store whose version number was set back (by
// hand, or by the tests that make "old" stores from new ones) keeps the
// webhooks it has.
[[nodiscard]] std::string tablesSql(bool postgres);
inline constexpr std::array<const char*, 3> kTables = {"webhooks", "webhook_deliveries", "webhook_attempts"};

// The columns both stores read a hook and a delivery by, in this order.
inline constexpr const char* kHookColumns =
    "SELECT id, office, url, events, personal, created_at, created_by FROM webhooks";
inline constexpr const char* kDeliveryColumns =
    "SELECT d.id, d.delivery, d.hook, d.event, d.office, d.ticket, d.payload, d.state, d.attempts, d.created_at, "
    "d.next_at, d.done_at, d.last_outcome";

// One event of the outbox before it is fanned out to the office's hooks:
// each hook's delivery id is `uid` + "-" + the hook's id.
struct OutboxEvent {
    WebhookEvent event;
    std::string uid;      // 32 random hex digits
    std::string payload;
};

// The events `action` causes on the case that was `before` and is `after`.
[[nodiscard]] std::vector<OutboxEvent> outboxEventsOf(const CaseRow& before, const CaseRow& after,
                                                      const CaseAction& action);
// The case.created event of a case just opened.
[[nodiscard]] OutboxEvent createdEventOf(const CaseRow& opened, std::int64_t atMs);

}  // namespace fangsiang::hub::webhook_rows
