#pragma once
// The hub's backup commands (docs/INSTALL.md, "Backups"):
//   backup --to DIR [--with-keys]    a backup folder inside DIR, taken while the hub serves
//   restore --from FOLDER [--db URL] that backup as this hub's store, then every record re-verified
// hub_main.cpp registers these before parsing; `backup` runs on the opened
// hub, `restore` before any store exists.

#include <filesystem>
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace fangsiang::hub {
class HubStorage;
struct HubKeys;
}  // namespace fangsiang::hub

struct HubBackupCommands;

[[nodiscard]] std::shared_ptr<HubBackupCommands> registerBackupCommands(CLI::App& app);
[[nodiscard]] bool backupChosen(const HubBackupCommands& commands);
[[nodiscard]] bool restoreChosen(const HubBackupCommands& commands);
[[nodiscard]] int runBackup(const HubBackupCommands& commands, fangsiang::hub::HubStorage& storage,
                            const fangsiang::hub::HubKeys& keys, const std::filesystem::path& hubDir,
                            const std::string& storeName);
[[nodiscard]] int runRestore(const HubBackupCommands& commands, const std::filesystem::path& hubDir,
                             const std::string& databaseUrl);
