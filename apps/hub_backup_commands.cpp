// The hub's backup commands (hub_backup_commands.hpp).

#include "hub_backup_commands.hpp"

#include "hub/backup.hpp"
#include "hub/store_check.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

using namespace fangsiang;
using namespace fangsiang::hub;
namespace fs = std::filesystem;

struct HubBackupCommands {
    CLI::App* backup = nullptr;
    CLI::App* restore = nullptr;
    fs::path to;
    fs::path from;
    bool withKeys = false;
    std::size_t keep = 0;
};

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}

std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

}  // namespace

std::shared_ptr<HubBackupCommands> registerBackupCommands(CLI::App& app) {
    auto c = std::make_shared<HubBackupCommands>();
    c->backup = app.add_subcommand("backup", "take a backup while the hub serves");
    c->backup->add_option("--to", c->to, "the folder to put the backup in (a new folder, named by the time)")
        ->required();
    c->backup->add_flag("--with-keys", c->withKeys,
                        "put the hub's secret keys in the backup too (keep such a backup as safe as the keys)");
    c->backup->add_option("--keep", c->keep,
                          "then remove the oldest backups in that folder beyond this many (default: keep all)");
    c->restore = app.add_subcommand("restore", "make this hub's store from a backup, then re-verify it");
    c->restore->add_option("--from", c->from, "the backup's folder (the one holding backup.json)")->required();
    return c;
}

bool backupChosen(const HubBackupCommands& commands) { return commands.backup->parsed(); }
bool restoreChosen(const HubBackupCommands& commands) { return commands.restore->parsed(); }

int runBackup(const HubBackupCommands& c, HubStorage& storage, const HubKeys& keys, const fs::path& hubDir,
              const std::string& storeName) {
    const auto started = std::chrono::steady_clock::now();
    auto taken = takeBackup(storage, keys, hubDir, c.to, c.withKeys, core::wallClockMs());
    if (!taken)
        return fail("the backup of " + storeName + " failed: " + taken.error().message);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto& m = taken->manifest;
    std::printf("backup of %s in %s\n  %s, %s, SHA-256 %.16s..., taken in %.1f s\n"
                "  %zu devices; %llu records, every one the hub had acknowledged when it began\n  %s\n",
                storeName.c_str(), taken->folder.c_str(), m.storeFile.c_str(), megabytes(m.storeBytes).c_str(),
                m.storeSha256.c_str(), seconds, m.devices.size(), static_cast<unsigned long long>(m.records),
                m.keysIncluded ? "the hub's secret keys are in it: keep it as safe as the keys"
                               : "the hub's keys are not in it: keep hub-signing.key and hub-box.key safe apart "
                                 "(or take backups --with-keys)");
    if (c.keep > 0) {
        auto removed = pruneBackups(c.to, c.keep);
        if (!removed)
            return fail(removed.error().message);
        for (const auto& old : *removed)
            std::printf("  removed the older backup %s\n", old.c_str());
    }
    return 0;
}

int runRestore(const HubBackupCommands& c, const fs::path& hubDir, const std::string& databaseUrl) {
    auto manifest = readBackup(c.from);
    if (!manifest)
        return fail(manifest.error().message);
    if (auto restored = restoreBackup(c.from, *manifest, hubDir, databaseUrl); !restored)
        return fail(restored.error().message);
    std::printf("restored the backup of %s (%s) into %s; checking every record...\n",
                core::utcText(manifest->takenAtMs).c_str(), manifest->backend.c_str(), hubDir.c_str());
    std::fflush(stdout);

    auto keys = loadHubKeys(hubDir);
    if (!keys)
        return fail(keys.error().message);
    auto storage = manifest->backend == "sqlite" ? openSqliteHubStorage(hubDir / "hub.db")
                                                 : openPostgresHubStorage(databaseUrl);
    if (!storage)
        return fail("the restored store cannot be opened: " + storage.error().message);
    auto report = checkHubStore(**storage, *keys, CheckDepth::Full);
    if (!report)
        return fail(report.error().message);
    auto missing = compareWithBackup(**storage, *manifest);
    if (!missing)
        return fail(missing.error().message);
    for (const auto& problem : report->problems)
        std::printf("problem: %s\n", problem.c_str());
    for (const auto& line : *missing)
        std::printf("missing: %s\n", line.c_str());
    std::printf("the hub holds %llu devices, %llu records and %llu content versions, every one verified\n",
                static_cast<unsigned long long>(report->devices),
                static_cast<unsigned long long>(report->recordsVerified),
                static_cast<unsigned long long>(report->bundlesVerified));
    if (!report->ok() || !missing->empty()) {
        std::printf("the restored store is NOT sound: do not serve it; restore another backup\n");
        return 1;
    }
    std::printf("every record the hub had acknowledged when the backup began is here, and verifies\n");
    return 0;
}
