// The webhooks' routes of the officers' API (webhook_api.hpp).

#include "webhook_api.hpp"
#include "api_support.hpp"

#include "core/crypto.hpp"

#include <charconv>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;
using namespace api;

namespace {

json hookJson(const Webhook& h) {
    json events = json::array();
    for (WebhookEvent e : h.events)
        events.push_back(std::string(webhookEventName(e)));
    return {{"id", h.id},          {"office", h.officeCode}, {"url", h.url}, {"events", events},
            {"withPersonalData", h.withPersonalData}, {"createdAt", h.createdAtMs}, {"createdBy", h.createdBy}};
}

json deliveryJson(const WebhookDelivery& d, const std::vector<WebhookAttempt>& attempts) {
    json tries = json::array();
    for (const auto& a : attempts)
        tries.push_back({{"at", a.atMs}, {"status", a.status}, {"error", a.error}, {"tookMs", a.tookMs}});
    return {{"id", d.id},
            {"delivery", d.deliveryId},
            {"hook", d.hookId},
            {"event", std::string(webhookEventName(d.event))},
            {"office", d.officeCode},
            {"ticket", d.ticket},
            {"state", std::string(deliveryStateName(d.state))},
            {"attempts", tries},
            {"createdAt", d.createdAtMs},
            {"nextAt", d.state == DeliveryState::Pending ? json(d.nextAtMs) : json(nullptr)},
            {"doneAt", d.doneAtMs ? json(d.doneAtMs) : json(nullptr)},
            {"lastOutcome", d.lastOutcome}};
}

core::Result<std::int64_t> hookIdOf(const std::string& text) {
    std::int64_t id = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || ptr != end || id <= 0)
        return makeError(ErrorCode::BadRequest, "\"" + text.substr(0, 40) + "\" is not a webhook's number");
    return id;
}

}  // namespace

core::Result<Webhook> parseWebhookBody(std::string_view body) {
    const core::Where where("the webhook", ErrorCode::BadRequest);
    const auto object = TRY(bodyObject(body, {"office", "events", "url", "withPersonalData"}, where));
    const core::JsonFields f(object, where);
    Webhook hook;
    hook.officeCode = TRY(f.string("office", 16));
    hook.url = TRY(f.string("url", 4096));
    hook.withPersonalData = TRY(f.optionalBoolean("withPersonalData")).value_or(false);
    const json* events = TRY(f.array("events", true, kWebhookEvents.size() * 2));
    for (std::size_t i = 0; i < events->size(); ++i) {
        const json& e = (*events)[i];
        const auto event = e.is_string() ? webhookEventFromName(e.get<std::string>()) : std::nullopt;
        if (!event)
            return where.field("events").index(i).error(
                "is not an event (case.created, case.state_changed or case.reply_sent)");
        hook.events.push_back(*event);
    }
    return hook;
}

HubResponse handleWebhookRoute(WebhookAdmin& admin, const Actor& actor, const ApiRequest& r, std::string_view path,
                               const std::string& id) {
    return orError([&]() -> core::Result<HubResponse> {
        if (path == "/api/v1/webhooks" && r.method == "GET") {
            json list = json::array();
            for (const auto& h : TRY(admin.list(actor, officeAsked(r, actor))))
                list.push_back(hookJson(h));
            return answer(200, list);
        }
        if (path == "/api/v1/webhooks") {
            auto hook = TRY(parseWebhookBody(r.body));
            auto made = TRY(admin.add(actor, std::move(hook), r.address));
            json j = hookJson(made.hook);
            j["secret"] = made.secret;  // the only time it is shown
            core::wipe(made.secret);
            return answer(201, j);
        }
        const std::int64_t hookId = TRY(hookIdOf(id));
        if (path == "/api/v1/webhooks/{name}") {
            if (!r.body.empty())
                TRY(bodyObject(r.body, {}, core::Where("the request body", ErrorCode::BadRequest)));
            return answer(200, hookJson(TRY(admin.remove(actor, hookId, r.address))));
        }
        // GET /api/v1/webhooks/{id}/deliveries
        DeliveryQuery query;
        query.hookId = hookId;
        query.limit = static_cast<std::size_t>(TRY(queryNumber(r, "limit", 50, 1, 500)));
        json list = json::array();
        for (const auto& d : TRY(admin.deliveries(actor, query)))
            list.push_back(deliveryJson(d, TRY(admin.attempts(actor, d.id))));
        return answer(200, list);
    });
}

}  // namespace fangsiang::hub
