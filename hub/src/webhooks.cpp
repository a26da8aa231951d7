// Webhooks: events, payloads, the checks of a hook and the admin's side
// (hub/webhooks.hpp). The worker that sends is in webhook_sender.cpp.

#include "hub/webhooks.hpp"
#include "hub/storage.hpp"
#include "officer_json.hpp"
#include "webhook_rows.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 3> kEventNames = {"case.created", "case.state_changed", "case.reply_sent"};
constexpr std::array<std::string_view, 3> kStateNames = {"pending", "delivered", "given-up"};
constexpr std::size_t kMaxUrlBytes = 2000;
// What derives the key that seals hook secrets from the hub's X25519 key.
constexpr std::string_view kSecretContext = "fangsiang-hub webhook secrets v1";
constexpr std::string_view kSecretPrefix = "fswh_";

std::string hookJsonText(const Webhook& h) {
    json events = json::array();
    for (WebhookEvent e : h.events)
        events.push_back(std::string(webhookEventName(e)));
    return jsonText({{"office", h.officeCode}, {"url", h.url}, {"events", events},
                     {"withPersonalData", h.withPersonalData}});
}

std::string randomHex(std::size_t bytes) {
    core::Bytes b(bytes);
    core::randomBytes(b);
    return core::toHex(b);
}

}  // namespace

std::string_view webhookEventName(WebhookEvent event) { return kEventNames[static_cast<std::size_t>(event)]; }

std::optional<WebhookEvent> webhookEventFromName(std::string_view name) {
    for (WebhookEvent e : kWebhookEvents)
        if (webhookEventName(e) == name)
            return e;
    return std::nullopt;
}

std::string_view deliveryStateName(DeliveryState state) { return kStateNames[static_cast<std::size_t>(state)]; }

std::vector<WebhookEvent> webhookEventsOf(const CaseRow& before, const CaseAction& action) {
    std::vector<WebhookEvent> events;
    if (action.event.kind != "state")
        return events;
    if (action.to && *action.to != before.state)
        events.push_back(WebhookEvent::StateChanged);
    // The citizen reads a new reply: the move publishes it to the kiosks.
    if (action.publish && action.reply && !action.reply->empty())
        events.push_back(WebhookEvent::ReplySent);
    return events;
}

std::string webhookPayload(WebhookEvent event, const CaseRow& c, std::optional<CaseState> previous,
                           std::int64_t atMs) {
    json j = {{"event", std::string(webhookEventName(event))},
              {"at", atMs},
              {"ticket", c.ticket},
              {"office", c.officeCode},
              {"state", std::string(sync::ticketStatusName(c.state))},
              {"category", c.category},
              {"village", c.village},
              {"landmark", c.landmark},
              {"anonymous", c.anonymous},
              {"unit", c.unit},
              {"reply", c.reply},
              {"filedAt", c.filedAtMs},
              {"updatedAt", c.updatedAtMs},
              {"dueAt", c.dueAtMs},
              {"replyBy", c.replyByMs}};
    if (previous)
        j["previousState"] = std::string(sync::ticketStatusName(*previous));
    // A hidden text was hidden to protect someone: it never leaves the hub.
    if (c.hidden)
        j["textHidden"] = true;
    else
        j["text"] = c.text;
    if (!c.forwardedTo.empty())
        j["forwardedTo"] = c.forwardedTo;
    if (!c.duplicateOf.empty())
        j["duplicateOf"] = c.duplicateOf;
    if (c.resolvedAtMs)
        j["resolvedAt"] = c.resolvedAtMs;
    if (c.closedAtMs)
        j["closedAt"] = c.closedAtMs;
    return jsonText(j);
}

std::optional<std::string> refuseWebhookUrl(std::string_view url) {
    if (url.empty())
        return "a webhook needs its URL (https://... or http://...)";
    if (url.size() > kMaxUrlBytes)
        return "the URL is longer than " + std::to_string(kMaxUrlBytes) + " bytes";
    for (unsigned char ch : url)
        if (ch <= 0x20 || ch >= 0x7f)
            return "the URL has a space, a control character or a character outside ASCII (give a Thai domain name in its "
               "xn-- form and percent-encode the rest)";
    std::string_view rest;
    if (url.starts_with("https://"))
        rest = url.substr(8);
    else if (url.starts_with("http://"))
        rest = url.substr(7);
    else
        return "the URL \"" + std::string(url.substr(0, 60)) +
               "\" is not http:// or https://; a webhook is posted over HTTP only";
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos)
        return "the URL carries a user name or password (before @); put no credentials in a webhook's URL: "
               "the delivery's signature is what proves it comes from this hub";
    const std::string_view host = authority.substr(0, authority.starts_with('[') ? authority.find(']') + 1
                                                                                   : authority.find(':'));
    if (host.empty() || host == "[]")
        return "the URL names no host";
    if (const auto colon = authority.rfind(':'); colon != std::string_view::npos && colon + 1 > host.size()) {
        const std::string_view port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
            std::stoi(std::string(port)) == 0 || std::stoi(std::string(port)) > 65535)
            return "the URL's port \"" + std::string(port) + "\" is not a number from 1 to 65535";
    }
    return std::nullopt;
}

std::string webhookSignature(std::string_view secret, std::int64_t timestampSeconds, std::string_view body) {
    std::string message = std::to_string(timestampSeconds) + ".";
    message += body;
    const auto mac = core::hmacSha256(core::asBytes(secret), core::asBytes(message));
    return "v1=" + core::toHex(mac);
}

core::Bytes sealWebhookSecret(std::string_view secret, const HubKeys& keys) {
    const auto key = core::deriveKey(keys.box.secretKey, kSecretContext);
    return core::secretBoxSeal(core::asBytes(secret), key);
}

core::Result<std::string> openWebhookSecret(core::ByteView sealed, const HubKeys& keys) {
    const auto key = core::deriveKey(keys.box.secretKey, kSecretContext);
    auto opened = TRY(core::secretBoxOpen(sealed, key));
    std::string secret(opened.begin(), opened.end());
    core::wipe(opened);
    return secret;
}

// [SECTION] The admin's side

WebhookAdmin::WebhookAdmin(HubStorage& storage, const HubKeys& keys, core::Clock clock)
    : m_storage(storage), m_keys(keys), m_clock(std::move(clock)) {}

core::Result<NewWebhook> WebhookAdmin::add(const Actor& actor, Webhook hook, const std::string& address) {
    TRY(permit(actor, Permission::ManageWebhooks, hook.officeCode));
    if (hook.officeCode.empty())
        return makeError(ErrorCode::BadRequest, "a webhook is registered for one office: name it (--office)");
    if (!TRY(m_storage.findOffice(hook.officeCode)))
        return makeError(ErrorCode::NotFound, "office " + hook.officeCode + " is not on this hub");
    if (auto why = refuseWebhookUrl(hook.url))
        return makeError(ErrorCode::BadRequest, *why);
    if (hook.events.empty())
        return makeError(ErrorCode::BadRequest, "a webhook needs at least one event: case.created, "
                                                "case.state_changed or case.reply_sent");
    std::sort(hook.events.begin(), hook.events.end());
    hook.events.erase(std::unique(hook.events.begin(), hook.events.end()), hook.events.end());
    hook.createdAtMs = m_clock();
    hook.createdBy = actor.username;
    NewWebhook made{hook, std::string(kSecretPrefix) + randomHex(32)};
    const core::Bytes sealed = sealWebhookSecret(made.secret, m_keys);
    AuditEntry audit{0, hook.createdAtMs, actor.username, hook.officeCode, "webhook-add", hook.url, "",
                     hookJsonText(hook), address};
    auto id = m_storage.webhooks().addWebhook(hook, sealed, audit);
    if (!id) {
        core::wipe(made.secret);
        return id.error();
    }
    made.hook.id = *id;
    return made;
}

core::Result<std::vector<Webhook>> WebhookAdmin::list(const Actor& actor, const std::string& officeCode) {
    TRY(permit(actor, Permission::ManageWebhooks, officeCode));
    return m_storage.webhooks().listWebhooks(officeCode);
}

core::Result<Webhook> WebhookAdmin::remove(const Actor& actor, std::int64_t id, const std::string& address) {
    auto found = TRY(m_storage.webhooks().findWebhook(id));
    if (!found)
        return makeError(ErrorCode::NotFound, "there is no webhook " + std::to_string(id) + " in use");
    TRY(permit(actor, Permission::ManageWebhooks, found->officeCode));
    const std::int64_t now = m_clock();
    AuditEntry audit{0, now, actor.username, found->officeCode, "webhook-remove", std::to_string(id),
                     hookJsonText(*found), "", address};
    TRY(m_storage.webhooks().removeWebhook(id, now, audit));
    return std::move(*found);
}

core::Result<std::vector<WebhookDelivery>> WebhookAdmin::deliveries(const Actor& actor, DeliveryQuery query) {
    if (query.hookId) {
        auto found = TRY(m_storage.webhooks().findWebhook(*query.hookId));
        if (!found)
            return makeError(ErrorCode::NotFound, "there is no webhook " + std::to_string(*query.hookId) + " in use");
        query.officeCode = found->officeCode;
    }
    TRY(permit(actor, Permission::ManageWebhooks, query.officeCode));
    query.limit = std::clamp<std::size_t>(query.limit, 1, 500);
    return m_storage.webhooks().deliveries(query);
}

core::Result<std::vector<WebhookAttempt>> WebhookAdmin::attempts(const Actor& actor, std::int64_t deliveryRow) {
    TRY(permit(actor, Permission::ManageWebhooks, ""));
    return m_storage.webhooks().attempts(deliveryRow);
}

// [SECTION] Rows both stores write

namespace webhook_rows {

std::string eventsText(const std::vector<WebhookEvent>& events) {
    std::string text = ",";
    for (WebhookEvent e : events)
        text += std::string(webhookEventName(e)) + ",";
    return text;
}

std::vector<WebhookEvent> eventsFrom(std::string_view text) {
    std::vector<WebhookEvent> out;
    for (WebhookEvent e : kWebhookEvents)
        if (text.find(eventPattern(e)) != std::string_view::npos)
            out.push_back(e);
    return out;
}

std::string tablesSql(bool postgres) {
    std::string sql = R"sql(
CREATE TABLE IF NOT EXISTS webhooks (
    id         {serial},
    office     TEXT NOT NULL REFERENCES offices(code),
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,              -- ',case.created,case.reply_sent,'
    personal   {bool} NOT NULL,            -- the admin allowed the citizen's contact in its deliveries
    secret     {bytes} NOT NULL,           -- sealed by a key derived from hub-box.key (docs/SECURITY.md)
    created_at {int} NOT NULL,
    created_by TEXT NOT NULL,
    removed_at {int}
){strict};
CREATE INDEX IF NOT EXISTS webhooks_in_use ON webhooks(office) WHERE removed_at IS NULL;
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id           {serial},
    delivery     TEXT NOT NULL UNIQUE,
    hook         {int} NOT NULL REFERENCES webhooks(id),
    event        TEXT NOT NULL,
    office       TEXT NOT NULL,
    ticket       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'given-up')),
    attempts     {int} NOT NULL DEFAULT 0,
    created_at   {int} NOT NULL,
    next_at      {int} NOT NULL,
    done_at      {int} NOT NULL DEFAULT 0,
    last_outcome TEXT NOT NULL DEFAULT ''
){strict};
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending ON webhook_deliveries(hook, id) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_office ON webhook_deliveries(office, id);
CREATE TABLE IF NOT EXISTS webhook_attempts (
    id       {serial},
    delivery {int} NOT NULL REFERENCES webhook_deliveries(id),
    at       {int} NOT NULL,
    status   {int} NOT NULL,
    error    TEXT NOT NULL,
    took_ms  {int} NOT NULL
){strict};
CREATE INDEX IF NOT EXISTS webhook_attempts_by_delivery ON webhook_attempts(delivery, id);
)sql";
    const std::pair<std::string_view, std::string_view> types[] = {
        {"{serial}", postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"},
        {"{int}", postgres ? "BIGINT" : "INTEGER"},
        {"{bool}", postgres ? "BOOLEAN" : "INTEGER"},
        {"{bytes}", postgres ? "BYTEA" : "BLOB"},
        {"{strict}", postgres ? "" : " STRICT"}};
    for (const auto& [slot, type] : types)
        for (auto at = sql.find(slot); at != std::string::npos; at = sql.find(slot, at))
            sql.replace(at, slot.size(), type);
    return sql;
}

std::string eventPattern(WebhookEvent event) { return "," + std::string(webhookEventName(event)) + ","; }

DeliveryState stateFrom(std::string_view name) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == name)
            return static_cast<DeliveryState>(i);
    return DeliveryState::GivenUp;
}

WebhookEvent eventFrom(std::string_view name) { return webhookEventFromName(name).value_or(WebhookEvent::CaseCreated); }

std::vector<OutboxEvent> outboxEventsOf(const CaseRow& before, const CaseRow& after, const CaseAction& action) {
    std::vector<OutboxEvent> out;
    for (WebhookEvent e : webhookEventsOf(before, action))
        out.push_back({e, randomHex(16), webhookPayload(e, after, before.state, action.event.atMs)});
    return out;
}

OutboxEvent createdEventOf(const CaseRow& opened, std::int64_t atMs) {
    return {WebhookEvent::CaseCreated, randomHex(16),
            webhookPayload(WebhookEvent::CaseCreated, opened, std::nullopt, atMs)};
}

}  // namespace webhook_rows

}  // namespace fangsiang::hub
