#include "hub_webhook_commands.hpp"

#include "hub/webhooks.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace fangsiang;
using namespace fangsiang::hub;

struct HubWebhookCommands {
    CLI::App* add = nullptr;
    CLI::App* list = nullptr;
    CLI::App* remove = nullptr;
    CLI::App* deliveries = nullptr;
    std::string office, url;
    std::vector<std::string> events;
    bool withPersonalData = false;
    std::int64_t id = 0;
    std::int64_t hook = 0;
    std::size_t limit = 20;
};

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}

std::string eventNames(const std::vector<WebhookEvent>& events) {
    std::string text;
    for (WebhookEvent e : events)
        text += (text.empty() ? "" : ",") + std::string(webhookEventName(e));
    return text;
}

std::string when(std::int64_t ms) { return ms == 0 ? "-" : core::utcText(ms, "%Y-%m-%d %H:%M:%S"); }

}  // namespace

std::shared_ptr<HubWebhookCommands> registerWebhookCommands(CLI::App& app) {
    auto c = std::make_shared<HubWebhookCommands>();
    auto* webhook = app.add_subcommand("webhook", "other systems told of an office's cases (signed HTTP POSTs)");
    webhook->require_subcommand(1);
    c->add = webhook->add_subcommand("add", "register a URL for an office's events; prints its secret once");
    c->add->add_option("--office", c->office, "office code")->required();
    c->add->add_option("--event", c->events, "case.created, case.state_changed or case.reply_sent (repeat or comma-separate)")
        ->required()
        ->delimiter(',');
    c->add->add_option("--url", c->url, "where deliveries are posted (http:// or https://, no credentials)")->required();
    c->add->add_flag("--with-personal-data", c->withPersonalData,
                     "include the citizen's contact (name, phone, address) in this hook's deliveries");
    c->list = webhook->add_subcommand("list", "the webhooks in use");
    c->list->add_option("--office", c->office, "one office's only");
    c->remove = webhook->add_subcommand("remove", "stop a webhook; its pending deliveries are given up");
    c->remove->add_option("ID", c->id, "the webhook's number (webhook list)")->required();
    c->deliveries = webhook->add_subcommand("deliveries", "deliveries and their outcomes, newest first");
    c->deliveries->add_option("--hook", c->hook, "one webhook's only");
    c->deliveries->add_option("--office", c->office, "one office's only");
    c->deliveries->add_option("--limit", c->limit, "how many")->capture_default_str();
    return c;
}

bool webhookCommandChosen(const HubWebhookCommands& c) { return *c.add || *c.list || *c.remove || *c.deliveries; }

int runWebhookCommands(HubWebhookCommands& c, HubStorage& storage, const HubKeys& keys) {
    WebhookAdmin admin(storage, keys);
    const Actor console = Actor::console();
    if (*c.add) {
        Webhook hook;
        hook.officeCode = c.office;
        hook.url = c.url;
        hook.withPersonalData = c.withPersonalData;
        for (const auto& name : c.events) {
            auto event = webhookEventFromName(name);
            if (!event)
                return fail("--event: \"" + name + "\" is not an event (case.created, case.state_changed or "
                            "case.reply_sent)");
            hook.events.push_back(*event);
        }
        auto made = admin.add(console, hook, "");
        if (!made)
            return fail(made.error().message);
        std::printf("webhook %lld for office %s: %s -> %s%s\n", static_cast<long long>(made->hook.id),
                    made->hook.officeCode.c_str(), eventNames(made->hook.events).c_str(), made->hook.url.c_str(),
                    made->hook.withPersonalData ? " (with the citizen's contact)" : "");
        std::printf("secret (shown this once; the receiver checks X-Fangsiang-Signature with it):\n%s\n",
                    made->secret.c_str());
        core::wipe(made->secret);
        return 0;
    }
    if (*c.list) {
        auto hooks = admin.list(console, c.office);
        if (!hooks)
            return fail(hooks.error().message);
        std::printf("%-5s %-10s %-45s %-8s %s\n", "id", "office", "events", "personal", "url");
        for (const auto& h : *hooks)
            std::printf("%-5lld %-10s %-45s %-8s %s\n", static_cast<long long>(h.id), h.officeCode.c_str(),
                        eventNames(h.events).c_str(), h.withPersonalData ? "yes" : "no", h.url.c_str());
        return 0;
    }
    if (*c.remove) {
        auto removed = admin.remove(console, c.id, "");
        if (!removed)
            return fail(removed.error().message);
        std::printf("webhook %lld removed: nothing more is sent to %s\n", static_cast<long long>(removed->id),
                    removed->url.c_str());
        return 0;
    }
    DeliveryQuery query;
    if (c.hook > 0)
        query.hookId = c.hook;
    query.officeCode = c.office;
    query.limit = c.limit;
    auto list = admin.deliveries(console, query);
    if (!list)
        return fail(list.error().message);
    std::printf("%-6s %-5s %-19s %-20s %-10s %8s  %-19s  %s\n", "id", "hook", "event", "ticket", "state", "attempts",
                "created (UTC)", "last outcome");
    for (const auto& d : *list)
        std::printf("%-6lld %-5lld %-19s %-20s %-10s %8d  %-19s  %s\n", static_cast<long long>(d.id),
                    static_cast<long long>(d.hookId), std::string(webhookEventName(d.event)).c_str(),
                    d.ticket.c_str(), std::string(deliveryStateName(d.state)).c_str(), d.attempts,
                    when(d.createdAtMs).c_str(), d.lastOutcome.c_str());
    return 0;
}
