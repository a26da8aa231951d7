#pragma once
// The hub's commands for offices, units and officers' accounts:
//   office set CODE --name-th T [--name-en E] | office list
//   unit add --office C --code U --name-th T [--name-en E] | unit list [--office C]
//   user add NAME --name N --role R --office C [--unit U] [--password-stdin]
//   user list [--office C] | user disable NAME | user reset NAME [--password-stdin]
// A password is never an argument (arguments show in `ps` and shell
// history): it is read from stdin with --password-stdin, or generated and
// printed once. hub_main.cpp registers these before parsing and runs them
// once the hub is open. Each change is audited as "console".

#include <memory>
#include <optional>

namespace CLI {
class App;
}

namespace fangsiang::hub {
class HubStorage;
}

struct HubOfficerCommands;

[[nodiscard]] std::shared_ptr<HubOfficerCommands> registerOfficerCommands(CLI::App& app);
// Whether one of these commands was chosen (before the hub is opened).
[[nodiscard]] bool officerCommandChosen(const HubOfficerCommands& commands);
// The exit code of the chosen command.
[[nodiscard]] int runOfficerCommands(HubOfficerCommands& commands, fangsiang::hub::HubStorage& storage);
