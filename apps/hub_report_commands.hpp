#pragma once
// The hub's report commands (docs/LISTENING.md):
//   report satisfaction --office C (--months 6|12 | --period P) [--service S]
//                       --format pdf|xlsx|csv --out FILE
//   report complaints   --office C (--months 6|12 | --period P) --format pdf|xlsx|csv --out FILE
//   report target --office C --satisfied PERCENT [--alert-mean M]
// hub_main.cpp registers these before parsing and runs them once the hub
// is open, as it does the officers' commands.

#include <memory>

namespace CLI {
class App;
}

namespace fangsiang::hub {
class HubStorage;
}

struct HubReportCommands;

[[nodiscard]] std::shared_ptr<HubReportCommands> registerReportCommands(CLI::App& app);
[[nodiscard]] bool reportCommandChosen(const HubReportCommands& commands);
[[nodiscard]] int runReportCommands(HubReportCommands& commands, fangsiang::hub::HubStorage& storage);
