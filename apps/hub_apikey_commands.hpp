#pragma once
// fangsiang-hub's Open311 key commands (hub/open311.hpp), run on the hub's
// own machine and audited as the console:
//   apikey add --office CODE --partner NAME   print a new key once (only its hash is kept)
//   apikey list                               every key: id, office, partner, state
//   apikey revoke ID                          refuse the key from now on

#include "hub/storage.hpp"

#include <memory>

namespace CLI {
class App;
}

struct HubApiKeyCommands;

[[nodiscard]] std::shared_ptr<HubApiKeyCommands> registerApiKeyCommands(CLI::App& app);
[[nodiscard]] bool apiKeyCommandChosen(const HubApiKeyCommands& commands);
[[nodiscard]] int runApiKeyCommands(HubApiKeyCommands& commands, fangsiang::hub::HubStorage& storage);
