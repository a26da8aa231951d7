#pragma once
// What both stores' webhook tables share (sqlite_webhooks.cpp,
// pg_webhooks.cpp): how a hook's events and a delivery's state are written
// in a column, and the outbox's rows a case change adds. Private to hub/src.

#include "hub/webhooks.hpp"

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
