#pragma once
// fangsiang-hub's case commands, run on the hub's own machine as the
// console (hub/permissions.hpp: Actor::console()), through the same
// CaseService as the officers' API, so the workflow's rules, the timeline
// and the audit log hold for them too:
//   ticket ID --status S [--reply R] [--unit U --officer O] [--forwarded-to X] [--duplicate-of T]
//   case policy --office CODE FILE      the office's due-date policy (hub/due_dates.hpp)
//   case template --office CODE --category C --state S --th TEXT [--en TEXT]

#include "hub/storage.hpp"

#include <memory>

namespace CLI {
class App;
}

struct HubCaseCommands;

[[nodiscard]] std::shared_ptr<HubCaseCommands> registerCaseCommands(CLI::App& app);
[[nodiscard]] bool caseCommandChosen(const HubCaseCommands& commands);
[[nodiscard]] int runCaseCommands(HubCaseCommands& commands, fangsiang::hub::HubStorage& storage);
