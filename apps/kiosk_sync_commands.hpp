#pragma once
// The kiosk's sync commands for the command line: `enroll URL CODE`,
// `sync` (one pass, or a loop), `recover` (after a lost record store),
// `export --to DIR` (USB) and `ticket ID`.
// kiosk_main.cpp registers them before parsing and runs them after.

#include <memory>
#include <optional>

namespace CLI {
class App;
}

struct KioskSyncCommands;

[[nodiscard]] std::shared_ptr<KioskSyncCommands> registerSyncCommands(CLI::App& app);
// The exit code when one of these commands was chosen, nullopt otherwise.
[[nodiscard]] std::optional<int> runSyncCommands(KioskSyncCommands& commands);
