#pragma once
// Webhooks: other systems of an office (a LINE bot, an SMS gateway) hear of
// its cases. An admin registers a URL per office for some events; the event
// is written to an outbox in the same transaction as the change that causes
// it (the case opened at ingest, the officer's move), so a crash neither
// loses nor invents one; a worker of `serve` (hub/webhook_sender.hpp) posts
// each delivery, signed with the hook's own secret, and retries with backoff.
// docs/API.md, "Webhooks", is the receiver's side of it.
//
// What a delivery carries is the case's public fields. Personal data (the
// citizen's contact, a hidden text) never goes unless the admin registered
// the hook "with personal data"; even then only the opened contact goes, put
// in at the moment of sending, and never the sealed bytes (docs/SECURITY.md).

#include "hub/accounts.hpp"
#include "hub/cases.hpp"
#include "hub/keys.hpp"
#include "hub/permissions.hpp"

#include "core/clock.hpp"
#include "core/result.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::hub {

class HubStorage;

// [SECTION] Events
//   case.created        a complaint arrived and its case was opened
//   case.state_changed  an officer moved the case to another state
//   case.reply_sent     a move carried a reply to the citizen (the ticket
//                       update the kiosks show: resolved, not ours, rejected,
//                       or any move an officer wrote a reply with)
enum class WebhookEvent : std::uint8_t { CaseCreated, StateChanged, ReplySent };
inline constexpr std::array<WebhookEvent, 3> kWebhookEvents = {WebhookEvent::CaseCreated, WebhookEvent::StateChanged,
                                                               WebhookEvent::ReplySent};
[[nodiscard]] std::string_view webhookEventName(WebhookEvent event);
[[nodiscard]] std::optional<WebhookEvent> webhookEventFromName(std::string_view name);

// The events one case action causes (none for a note, moderation or the
// contact shown; a reassignment within the office is not a state change).
[[nodiscard]] std::vector<WebhookEvent> webhookEventsOf(const CaseRow& before, const CaseAction& action);

// The delivery's body: the event, the case's public fields as they are
// after the change, and when. Never a name, phone, contact, officer or a
// hidden text.
[[nodiscard]] std::string webhookPayload(WebhookEvent event, const CaseRow& after,
                                         std::optional<CaseState> previous, std::int64_t atMs);

// [SECTION] Hooks, deliveries and their attempts, as the store keeps them
struct Webhook {
    std::int64_t id = 0;  // set by the store
    std::string officeCode;
    std::vector<WebhookEvent> events;
    std::string url;
    bool withPersonalData = false;
    std::int64_t createdAtMs = 0;
    std::string createdBy;
};

enum class DeliveryState { Pending, Delivered, GivenUp };
[[nodiscard]] std::string_view deliveryStateName(DeliveryState state);

struct WebhookDelivery {
    std::int64_t id = 0;       // the store's row
    std::string deliveryId;    // the X-Fangsiang-Delivery header: unique, the same on every retry
    std::int64_t hookId = 0;
    WebhookEvent event = WebhookEvent::CaseCreated;
    std::string officeCode;
    std::string ticket;
    std::string payload;       // JSON, as written with the change
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    std::int64_t createdAtMs = 0;
    std::int64_t nextAtMs = 0;  // the next attempt (pending)
    std::int64_t doneAtMs = 0;  // delivered or given up
    std::string lastOutcome;    // "HTTP 200", "HTTP 503", "timed out after 10 s", ...
};

struct WebhookAttempt {
    std::int64_t atMs = 0;
    int status = 0;        // the HTTP status; 0 when there was no answer
    std::string error;     // in words when it failed; "" when delivered
    std::int64_t tookMs = 0;
};

// A delivery due now, with what sending it takes.
struct DueDelivery {
    WebhookDelivery delivery;
    std::string url;
    core::Bytes sealedSecret;
    bool withPersonalData = false;
};

struct DeliveryQuery {
    std::optional<std::int64_t> hookId;
    std::string officeCode;  // empty: every office
    std::size_t limit = 50;
};

// Behind HubStorage::webhooks(); the outbox itself is written by the cases'
// own transactions in each backend.
class WebhookStore {
public:
    virtual ~WebhookStore() = default;
    // The new hook's id; `sealedSecret` is the secret as sealed by WebhookAdmin.
    [[nodiscard]] virtual core::Result<std::int64_t> addWebhook(const Webhook& hook, core::ByteView sealedSecret,
                                                                const AuditEntry& audit) = 0;
    // The hooks in use, of one office or of every office (empty).
    [[nodiscard]] virtual core::Result<std::vector<Webhook>> listWebhooks(const std::string& officeCode) = 0;
    [[nodiscard]] virtual core::Result<std::optional<Webhook>> findWebhook(std::int64_t id) = 0;
    // No more deliveries: the hook's pending ones are given up, its history kept.
    [[nodiscard]] virtual core::Status removeWebhook(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) = 0;
    // The newest first.
    [[nodiscard]] virtual core::Result<std::vector<WebhookDelivery>> deliveries(const DeliveryQuery& query) = 0;
    [[nodiscard]] virtual core::Result<std::vector<WebhookAttempt>> attempts(std::int64_t deliveryRow) = 0;
    // The deliveries due at `nowMs`: of each hook in use, its oldest pending
    // one, when due (a hook's deliveries go in order; one hook that fails
    // holds back only its own). Each is claimed until `claimUntilMs` so that
    // a second hub process on the same database does not send it too.
    [[nodiscard]] virtual core::Result<std::vector<DueDelivery>> claimDue(std::int64_t nowMs, std::int64_t claimUntilMs,
                                                                          std::size_t limit) = 0;
    // One attempt and what follows it: delivered, given up, or pending until `nextAtMs`.
    [[nodiscard]] virtual core::Status recordAttempt(std::int64_t deliveryRow, const WebhookAttempt& attempt,
                                                     DeliveryState state, std::int64_t nextAtMs) = 0;
};

// [SECTION] Checks
// Why `url` cannot be a hook's address (not http or https, credentials in
// it, no host, spaces or control characters, too long); nothing when it can.
[[nodiscard]] std::optional<std::string> refuseWebhookUrl(std::string_view url);

// The headers a delivery is signed with (docs/API.md, "Webhooks").
inline constexpr const char* kWebhookTimestampHeader = "X-Fangsiang-Timestamp";
inline constexpr const char* kWebhookSignatureHeader = "X-Fangsiang-Signature";
inline constexpr const char* kWebhookDeliveryHeader = "X-Fangsiang-Delivery";
inline constexpr const char* kWebhookEventHeader = "X-Fangsiang-Event";
// "v1=" and the hex HMAC-SHA256, keyed by the secret as printed, of
// "<timestamp>.<body>" (the timestamp in whole seconds since 1970).
[[nodiscard]] std::string webhookSignature(std::string_view secret, std::int64_t timestampSeconds,
                                           std::string_view body);

// [SECTION] The admin's side: fangsiang-hub webhook and /api/v1/webhooks
struct NewWebhook {
    Webhook hook;
    std::string secret;  // shown once; the caller wipes it
};

class WebhookAdmin {
public:
    WebhookAdmin(HubStorage& storage, const HubKeys& keys, core::Clock clock = core::systemClock());

    // Checks the URL, events and office, makes the hook's secret and keeps it
    // sealed by a key derived from the hub's own (hub-box.key).
    [[nodiscard]] core::Result<NewWebhook> add(const Actor& actor, Webhook hook, const std::string& address);
    [[nodiscard]] core::Result<std::vector<Webhook>> list(const Actor& actor, const std::string& officeCode);
    [[nodiscard]] core::Result<Webhook> remove(const Actor& actor, std::int64_t id, const std::string& address);
    // A hook's deliveries (or every hook's, with no id), newest first.
    [[nodiscard]] core::Result<std::vector<WebhookDelivery>> deliveries(const Actor& actor, DeliveryQuery query);
    [[nodiscard]] core::Result<std::vector<WebhookAttempt>> attempts(const Actor& actor, std::int64_t deliveryRow);

private:
    HubStorage& m_storage;
    const HubKeys& m_keys;
    core::Clock m_clock;
};

// The hook secret as kept in the store, and back (the worker's side).
[[nodiscard]] core::Bytes sealWebhookSecret(std::string_view secret, const HubKeys& keys);
[[nodiscard]] core::Result<std::string> openWebhookSecret(core::ByteView sealed, const HubKeys& keys);

}  // namespace fangsiang::hub
