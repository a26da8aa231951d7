#pragma once
// Backups of the hub, taken while it serves, and their restore.
//
// A backup is a folder of its own, 0700, named by the time it was taken
// (fangsiang-hub-20261201T020000Z) inside the folder the operator names:
//
//   backup.json   what it holds: the backend, the store file's size and
//                 SHA-256, the hub's public signing key, and every device's
//                 chain head as the hub held it when the backup began
//   hub.db        SQLite: a consistent copy by SQLite's online backup
//   hub.pgdump    PostgreSQL: pg_dump's custom format, one snapshot
//   hub-signing.key, hub-box.key   only when asked for (--with-keys)
//
// Every record the hub had acknowledged when the backup began is in it: the
// heads in backup.json are read first, and the copy is one snapshot taken
// after. A restore checks the files against backup.json before it copies
// anything, never replaces a store, and is followed by a full check (every
// record's signature and link) and the comparison with those heads.

#include "hub/keys.hpp"
#include "hub/storage.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fangsiang::hub {

inline constexpr const char* kBackupManifestFile = "backup.json";

struct BackupDevice {
    core::PublicKey key{};
    std::string officeCode;
    std::uint64_t head = 0;  // the highest sequence of its unbroken chain
};

struct BackupManifest {
    std::int64_t takenAtMs = 0;
    std::string backend;    // "sqlite" or "postgresql"
    std::string storeFile;  // hub.db or hub.pgdump
    std::uint64_t storeBytes = 0;
    std::string storeSha256;  // hex
    core::PublicKey hubKey{};
    bool keysIncluded = false;
    std::uint64_t records = 0;         // at least this many
    std::uint64_t contentVersion = 0;  // at least this one
    std::vector<BackupDevice> devices;
};

struct BackupResult {
    std::filesystem::path folder;
    BackupManifest manifest;
};

// Takes a backup of `storage` into a new folder inside `into` (made 0700 if
// missing). With `withKeys`, the hub's key files from `hubDir` go with it.
// A failed backup leaves no folder that looks finished: backup.json is
// written last.
[[nodiscard]] core::Result<BackupResult> takeBackup(HubStorage& storage, const HubKeys& keys,
                                                    const std::filesystem::path& hubDir,
                                                    const std::filesystem::path& into, bool withKeys,
                                                    std::int64_t nowMs);

// Removes the oldest finished backups in `into` (folders named
// fangsiang-hub-<time> that hold backup.json) beyond the newest `keep`;
// what it removed, oldest first. Unfinished folders and other files stay.
[[nodiscard]] core::Result<std::vector<std::filesystem::path>> pruneBackups(const std::filesystem::path& into,
                                                                           std::size_t keep);

// Reads backup.json and checks every file it names against its size and
// hash: a damaged or partial backup is refused here, before a restore
// copies anything.
[[nodiscard]] core::Result<BackupManifest> readBackup(const std::filesystem::path& folder);

// Puts a checked backup's store in place for the hub of `hubDir`: the
// SQLite file as hubDir/hub.db, or the dump into the empty PostgreSQL
// database `databaseUrl` (then named in hubDir/database.url, 0600). The key
// files go with it when the backup holds them; keys already in hubDir must be
// the backup's hub's. Refuses, changing nothing, when hubDir already holds a
// store or the database has tables.
[[nodiscard]] core::Status restoreBackup(const std::filesystem::path& folder, const BackupManifest& manifest,
                                         const std::filesystem::path& hubDir, const std::string& databaseUrl);

// What a restored store lacks of what the backup promised: a device missing,
// or holding less of its chain than when the backup began; one line each.
[[nodiscard]] core::Result<std::vector<std::string>> compareWithBackup(HubStorage& storage,
                                                                       const BackupManifest& manifest);

}  // namespace fangsiang::hub
