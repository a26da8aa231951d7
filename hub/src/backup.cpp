// Backups of the hub and their restore (hub/backup.hpp).

#include "hub/backup.hpp"

#include "store_copy.hpp"

#include "core/clock.hpp"
#include "core/files.hpp"
#include "core/json_fields.hpp"

#include <sodium.h>

#include <algorithm>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::Json;
using core::makeError;
using core::Ok;

namespace {

constexpr int kManifestFormat = 1;
constexpr std::size_t kManifestMaxBytes = 64 << 20;  // a line per device: room for a national hub's
constexpr std::array<const char*, 2> kKeyFiles = {kHubSigningKeyFile, kHubBoxKeyFile};

// SHA-256 of what passes through, in hex.
class Sha256 {
public:
    Sha256() { crypto_hash_sha256_init(&m_state); }
    void add(core::ByteView bytes) { crypto_hash_sha256_update(&m_state, bytes.data(), bytes.size()); }
    [[nodiscard]] std::string hex() {
        std::array<std::uint8_t, crypto_hash_sha256_BYTES> out{};
        crypto_hash_sha256_final(&m_state, out.data());
        return core::toHex(out);
    }

private:
    crypto_hash_sha256_state m_state{};
};

core::Result<std::string> sha256Of(const fs::path& file) {
    Sha256 hash;
    TRY(core::readFileChunks(file, [&](core::ByteView chunk) { hash.add(chunk); }));
    return hash.hex();
}

// A new folder of its own inside `into`, named by the time.
core::Result<fs::path> newBackupFolder(const fs::path& into, std::int64_t nowMs) {
    TRY(core::ensureDirectory(into));
    const std::string base = "fangsiang-hub-" + core::utcText(nowMs, "%Y%m%dT%H%M%SZ");
    for (int n = 1; n < 100; ++n) {
        const fs::path folder = into / (n == 1 ? base : base + "-" + std::to_string(n));
        std::error_code ec;
        if (fs::exists(fs::symlink_status(folder, ec)))
            continue;
        TRY(core::ensureDirectory(folder));
        return folder;
    }
    return makeError(ErrorCode::Io, "too many backups named " + base + " in " + into.string());
}

Json manifestJson(const BackupManifest& m, const std::vector<std::pair<std::string, std::string>>& keyHashes) {
    Json devices = Json::array();
    for (const auto& d : m.devices)
        devices.push_back({{"device", core::toHex(d.key)}, {"office", d.officeCode}, {"head", d.head}});
    Json keys = Json::object();
    for (const auto& [file, hash] : keyHashes)
        keys[file] = hash;
    return {{"fangsiang_hub_backup", kManifestFormat},
            {"taken_at_ms", m.takenAtMs},
            {"backend", m.backend},
            {"store_file", m.storeFile},
            {"store_bytes", m.storeBytes},
            {"store_sha256", m.storeSha256},
            {"hub_key", core::toHex(m.hubKey)},
            {"key_files", keys},
            {"records", m.records},
            {"content_version", m.contentVersion},
            {"devices", devices}};
}

// A file of the backup is what backup.json says it is.
core::Status checkFile(const fs::path& folder, const std::string& name, std::optional<std::uint64_t> bytes,
                       const std::string& sha256) {
    const fs::path file = folder / name;
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(file, ec)))
        return makeError(ErrorCode::Corrupt, "the backup in " + folder.string() + " lacks " + name +
                                                 ": it is incomplete; restore another backup");
    if (bytes && fs::file_size(file, ec) != *bytes)
        return makeError(ErrorCode::Corrupt, "the backup's " + name + " is " + std::to_string(fs::file_size(file, ec)) +
                                                 " bytes, but " + std::to_string(*bytes) +
                                                 " were written: it is damaged; restore another backup");
    if (TRY(sha256Of(file)) != sha256)
        return makeError(ErrorCode::Corrupt, "the backup's " + name +
                                                 " is not what was written (its SHA-256 differs): it is damaged; "
                                                 "restore another backup");
    return Ok{};
}

core::Status requireNoStore(const fs::path& hubDir) {
    for (const char* name : {"hub.db", "database.url"}) {
        std::error_code ec;
        if (fs::exists(fs::symlink_status(hubDir / name, ec)))
            return makeError(ErrorCode::InvalidArgument,
                             (hubDir / name).string() +
                                 " exists: this folder holds a hub store already, and a restore never replaces one "
                                 "(restore into a new folder, or move the old store away first)");
    }
    return Ok{};
}

}  // namespace

core::Result<BackupResult> takeBackup(HubStorage& storage, const HubKeys& keys, const fs::path& hubDir,
                                      const fs::path& into, bool withKeys, std::int64_t nowMs) {
    BackupManifest m;
    m.takenAtMs = nowMs;
    m.hubKey = keys.signing.publicKey;
    m.keysIncluded = withKeys;
    // What the hub holds now: the copy, taken after, holds at least this.
    for (const auto& d : TRY(storage.listDevices()))
        m.devices.push_back({d.key, d.officeCode, d.head.sequence});
    m.records = TRY(storage.recordCount());
    m.contentVersion = TRY(storage.latestBundleVersion());

    const fs::path folder = TRY(newBackupFolder(into, nowMs));
    const auto copy = TRY(storage.copyStoreInto(folder));
    m.backend = copy.backend;
    m.storeFile = copy.file;
    std::error_code ec;
    m.storeBytes = fs::file_size(folder / copy.file, ec);
    m.storeSha256 = TRY(sha256Of(folder / copy.file));
    std::vector<std::pair<std::string, std::string>> keyHashes;
    if (withKeys) {
        for (const char* name : kKeyFiles) {
            TRY(core::checkPrivateFile(hubDir / name));
            Sha256 hash;
            TRY(core::copyFileDurably(hubDir / name, folder / name, core::kPrivateFileMode,
                                      [&](core::ByteView chunk) { hash.add(chunk); }));
            keyHashes.emplace_back(name, hash.hex());
        }
    }
    const std::string text = manifestJson(m, keyHashes).dump(1) + "\n";
    TRY(core::writeFileAtomically(folder / kBackupManifestFile, core::asBytes(text), core::kPrivateFileMode));
    return BackupResult{folder, std::move(m)};
}

core::Result<std::vector<fs::path>> pruneBackups(const fs::path& into, std::size_t keep) {
    std::vector<fs::path> finished;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(into, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("fangsiang-hub-", 0) == 0 && entry.is_directory(ec) && !entry.is_symlink(ec) &&
            fs::is_regular_file(entry.path() / kBackupManifestFile, ec))
            finished.push_back(entry.path());
    }
    if (ec)
        return makeError(ErrorCode::Io, "cannot list the backups in " + into.string() + ": " + ec.message());
    // The names sort by the time they were taken.
    std::sort(finished.begin(), finished.end());
    std::vector<fs::path> removed;
    while (finished.size() > keep) {
        // backup.json first: a removal cut short leaves a folder no restore takes for whole.
        fs::remove(finished.front() / kBackupManifestFile, ec);
        fs::remove_all(finished.front(), ec);
        if (ec)
            return makeError(ErrorCode::Io, "cannot remove the old backup " + finished.front().string() + ": " +
                                                ec.message());
        removed.push_back(finished.front());
        finished.erase(finished.begin());
    }
    return removed;
}

core::Result<BackupManifest> readBackup(const fs::path& folder) {
    const fs::path file = folder / kBackupManifestFile;
    auto bytes = core::readFile(file, kManifestMaxBytes);
    if (!bytes) {
        if (bytes.error().code == ErrorCode::NotFound)
            return makeError(ErrorCode::NotFound, folder.string() + " holds no " + kBackupManifestFile +
                                                      ": it is not a finished Fangsiang hub backup");
        return bytes.error();
    }
    const core::Where where(file.string(), ErrorCode::Corrupt);
    const Json json = TRY(core::parseJsonObject(core::asText(*bytes), where));
    const core::JsonFields f(json, where);
    if (TRY(f.integer("fangsiang_hub_backup", 1)) != kManifestFormat)
        return where.error("is a backup of a newer format than this hub reads; restore it with that hub's build");
    BackupManifest m;
    m.takenAtMs = TRY(f.integer("taken_at_ms", 0));
    m.backend = TRY(f.string("backend", 16));
    if (m.backend != "sqlite" && m.backend != "postgresql")
        return where.error("backend: must be sqlite or postgresql");
    m.storeFile = TRY(f.string("store_file", 64));
    if (m.storeFile != (m.backend == "sqlite" ? kSqliteCopyFile : kPostgresDumpFile))
        return where.error("store_file: is not the file a " + m.backend + " backup holds");
    m.storeBytes = TRY(f.unsignedInteger("store_bytes"));
    m.storeSha256 = TRY(f.string("store_sha256", 64));
    m.hubKey = TRY(f.hex<32>("hub_key"));
    m.records = TRY(f.unsignedInteger("records"));
    m.contentVersion = TRY(f.unsignedInteger("content_version"));
    const Json* keyFiles = f.find("key_files");
    if (!keyFiles || !keyFiles->is_object())
        return where.field("key_files").error("must be an object");
    m.keysIncluded = !keyFiles->empty();
    const Json* devices = TRY(f.array("devices"));
    for (std::size_t i = 0; i < devices->size(); ++i) {
        const auto& entry = (*devices)[i];
        if (!entry.is_object())
            return where.field("devices").index(i).error("must be an object");
        const core::JsonFields d(entry, where.field("devices").index(i));
        m.devices.push_back({TRY(d.hex<32>("device")), TRY(d.string("office", 64)), TRY(d.unsignedInteger("head"))});
    }

    TRY(checkFile(folder, m.storeFile, m.storeBytes, m.storeSha256));
    if (m.keysIncluded) {
        for (const char* name : kKeyFiles) {
            const Json* hash = keyFiles->contains(name) ? &(*keyFiles)[name] : nullptr;
            if (!hash || !hash->is_string())
                return where.field("key_files").field(name).error("is missing");
            TRY(checkFile(folder, name, std::nullopt, hash->get<std::string>()));
        }
    }
    return m;
}

core::Status restoreBackup(const fs::path& folder, const BackupManifest& m, const fs::path& hubDir,
                           const std::string& databaseUrl) {
    if (m.backend == "postgresql" && !isPostgresUrl(databaseUrl))
        return makeError(ErrorCode::InvalidArgument,
                         "this backup is of a PostgreSQL hub: name the empty database to restore it into with --db "
                         "postgresql://...");
    if (m.backend == "sqlite" && !databaseUrl.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "this backup is of a SQLite hub: it is restored as hub.db in the folder, without --db");
    TRY(core::ensureDirectory(hubDir));
    TRY(requireNoStore(hubDir));
    // The keys first: a folder whose keys are another hub's takes nothing.
    std::error_code ec;
    const bool hasKeys = fs::exists(hubDir / kHubSigningKeyFile, ec) || fs::exists(hubDir / kHubBoxKeyFile, ec);
    if (hasKeys) {
        const HubKeys present = TRY(loadHubKeys(hubDir));
        if (present.signing.publicKey != m.hubKey)
            return makeError(ErrorCode::InvalidArgument,
                             "the keys in " + hubDir.string() + " are another hub's (" +
                                 core::keyFingerprint(present.signing.publicKey) + "; the backup is of hub " +
                                 core::keyFingerprint(m.hubKey) + "); nothing was restored");
    } else if (!m.keysIncluded) {
        return makeError(ErrorCode::NotFound,
                         "the backup holds no keys (it was taken without --with-keys): put the hub's " +
                             std::string(kHubSigningKeyFile) + " and " + kHubBoxKeyFile + " in " + hubDir.string() +
                             " (mode 0600) first; nothing was restored");
    } else {
        for (const char* name : kKeyFiles)
            TRY(core::copyFileDurably(folder / name, hubDir / name));
        const HubKeys copied = TRY(loadHubKeys(hubDir));
        if (copied.signing.publicKey != m.hubKey)
            return makeError(ErrorCode::Corrupt, "the backup's keys are not those of the hub it names; it is damaged");
    }

    if (m.backend == "sqlite")
        return core::copyFileDurably(folder / m.storeFile, hubDir / kSqliteCopyFile);
    TRY(restorePostgresDump(folder / m.storeFile, databaseUrl));
    return core::writeFileAtomically(hubDir / "database.url", core::asBytes(databaseUrl + "\n"),
                                     core::kPrivateFileMode);
}

core::Result<std::vector<std::string>> compareWithBackup(HubStorage& storage, const BackupManifest& m) {
    std::vector<std::string> missing;
    for (const auto& d : m.devices) {
        auto held = TRY(storage.findDevice(d.key));
        const std::string name = "device " + core::keyFingerprint(d.key) + " (office " + d.officeCode + ")";
        if (!held)
            missing.push_back(name + " is not in the restored store");
        else if (held->head.sequence < d.head)
            missing.push_back(name + " holds records up to " + std::to_string(held->head.sequence) +
                              ", but the hub had acknowledged up to " + std::to_string(d.head) +
                              " when the backup began");
    }
    const std::uint64_t records = TRY(storage.recordCount());
    if (records < m.records)
        missing.push_back("the restored store holds " + std::to_string(records) + " records, the hub held " +
                          std::to_string(m.records) + " when the backup began");
    return missing;
}

}  // namespace fangsiang::hub
