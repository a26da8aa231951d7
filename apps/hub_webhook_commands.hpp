#pragma once
// fangsiang-hub's webhook commands, run on the hub's own machine as the
// console (an admin), through the same WebhookAdmin as /api/v1/webhooks:
//   webhook add --office CODE --event E [--event E...] --url URL [--with-personal-data]
//                                     prints the hook's secret, once
//   webhook list [--office CODE]
//   webhook remove ID
//   webhook deliveries [--hook ID] [--office CODE] [--limit N]
// `serve` sends the deliveries (hub/webhook_sender.hpp).

#include "hub/keys.hpp"
#include "hub/storage.hpp"

#include <memory>

namespace CLI {
class App;
}

struct HubWebhookCommands;

[[nodiscard]] std::shared_ptr<HubWebhookCommands> registerWebhookCommands(CLI::App& app);
[[nodiscard]] bool webhookCommandChosen(const HubWebhookCommands& commands);
[[nodiscard]] int runWebhookCommands(HubWebhookCommands& commands, fangsiang::hub::HubStorage& storage,
                                     const fangsiang::hub::HubKeys& keys);
