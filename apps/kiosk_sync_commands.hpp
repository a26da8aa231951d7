#pragma once
// The kiosk's sync commands for the command line: `enroll URL CODE`,
// `sync` (one pass, or a loop), `recover` (after a lost record store),
// `export --to DIR` (USB) and `ticket ID`.
// kiosk_main.cpp registers them before parsing and runs them after.

#include "core/result.hpp"
#include "sync/sync_client.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

struct KioskSyncCommands;

[[nodiscard]] std::shared_ptr<KioskSyncCommands> registerSyncCommands(CLI::App& app);
// The exit code when one of these commands was chosen, nullopt otherwise.
[[nodiscard]] std::optional<int> runSyncCommands(KioskSyncCommands& commands);

namespace fangsiang {

// What these commands and the staff menu (kiosk_staff.hpp) both run, with
// what happened in the words the CLI prints.
[[nodiscard]] core::Result<std::string> enrolTerminal(const std::filesystem::path& dataDir, const std::string& url,
                                                      const std::string& code, const sync::EnrolOptions& options);
struct SyncOnceReport {
    std::string pushed;  // what the push did
    std::string pulled;  // what the pull brought; empty without a pull
    bool storeWaits = false;  // the store takes no records: nothing was pushed (kiosk/store.hpp)
};
// One push and, with `pull`, one pull.
[[nodiscard]] core::Result<SyncOnceReport> syncOnce(const std::filesystem::path& dataDir,
                                                    const sync::ClientOptions& client, bool pull);
[[nodiscard]] core::Result<std::string> exportRecords(const std::filesystem::path& dataDir,
                                                      const std::filesystem::path& folder);

}  // namespace fangsiang
