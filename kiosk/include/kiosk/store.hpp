#pragma once
// The device's record store: one SQLite file, append-only, durable.
//
// Durability: WAL journal with synchronous=FULL, so when append() returns the
// record is on disk; a power cut at any moment loses nothing that was
// acknowledged to the citizen and never leaves a broken database.
//
// Thread contract: a Store is one SQLite connection and is used by one thread.
// Each thread opens its own Store on the same file. The UI thread appends; the
// sync thread reads the outbox and marks acknowledgements. WAL lets the reader
// work while the writer commits; writers serialise on SQLite's lock (each
// write transaction begins IMMEDIATE, waiting up to 5 s for the lock).

#include "core/record.hpp"
#include "core/sqlite.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <vector>

namespace fangsiang::core {
class DeviceIdentity;
}

namespace fangsiang::kiosk {

inline constexpr int kStoreSchemaVersion = 2;
inline constexpr std::int64_t kStoreApplicationId = 0x46535331;  // "FSS1"

struct VerifyReport {
    std::uint64_t checked = 0;      // records that passed
    core::ChainHead head;                 // the last good position
    std::optional<std::uint64_t> firstBadSequence;
    std::optional<core::Error> problem;   // why firstBadSequence failed
    [[nodiscard]] bool ok() const { return !problem.has_value(); }
};

struct StoreCounts {
    std::uint64_t records = 0;         // kept on the device
    std::uint64_t unacknowledged = 0;  // waiting for the hub
    std::uint64_t quarantined = 0;
    std::uint64_t acknowledgedUpTo = 0;
    core::ChainHead head;
};

class Store {
public:
    // Opens the store at `path`, creating it when absent. A file that is not
    // a Fangsiang store, is damaged, or was made by a newer schema is refused
    // with a clear error and left exactly as it was.
    [[nodiscard]] static core::Result<Store> open(const std::filesystem::path& path);

    // Signs `draft` as the next record of `identity`'s chain and commits it.
    // Refuses an identity other than the one whose records the store holds.
    [[nodiscard]] core::Result<core::Record> append(const core::DeviceIdentity& identity, const core::RecordDraft& draft, std::int64_t nowMs);
    // The same for many drafts in one transaction: all are stored, or none.
    [[nodiscard]] core::Result<std::vector<core::Record>> appendBatch(const core::DeviceIdentity& identity,
                                                          std::span<const core::RecordDraft> drafts, std::int64_t nowMs);

    [[nodiscard]] core::Result<core::ChainHead> head();
    [[nodiscard]] core::Result<std::optional<core::Record>> get(std::uint64_t sequence);

    // Records the hub has not acknowledged, oldest first, after `afterSequence`,
    // skipping quarantined ones.
    [[nodiscard]] core::Result<std::vector<core::Record>> outbox(std::size_t limit, std::uint64_t afterSequence = 0);
    // The hub holds everything up to `sequence`. Acknowledging more than the
    // device has made is refused: that acknowledgement is not for this store.
    [[nodiscard]] core::Status markAcknowledged(std::uint64_t sequence, std::int64_t nowMs);
    // Sets aside a record the hub can never accept, with the hub's reason.
    // The reason stays after acknowledgements move past it, and the record
    // is never pruned.
    [[nodiscard]] core::Status quarantine(std::uint64_t sequence, std::string_view reason, std::int64_t nowMs);

    // Deletes acknowledged records acknowledged more than `retentionMs` ago,
    // oldest first and up to the first record that must stay (unacknowledged,
    // recent or quarantined), keeping the chain position so appends and
    // verify go on.
    // Returns how many were deleted.
    [[nodiscard]] core::Result<std::uint64_t> pruneAcknowledged(std::int64_t retentionMs, std::int64_t nowMs);

    [[nodiscard]] core::Result<StoreCounts> counts();
    // Walks the chain on disk: structure, signatures, links, and the index
    // columns against the bytes. Names the first bad record.
    [[nodiscard]] core::Result<VerifyReport> verify();
    // SQLite's own `PRAGMA integrity_check`: "ok" or its findings.
    [[nodiscard]] core::Result<std::string> integrityCheck();

    [[nodiscard]] const std::filesystem::path& path() const { return m_db.path(); }
    [[nodiscard]] core::sql::Database& database() { return m_db; }

private:
    explicit Store(core::sql::Database db) : m_db(std::move(db)) {}
    [[nodiscard]] core::Result<core::ChainHead> headLocked();
    [[nodiscard]] core::Status bindDevice(const core::DeviceIdentity& identity);
    // Signs a validated draft after `head`, inserts it, and moves `head` on.
    [[nodiscard]] core::Result<core::Record> insertNext(core::sql::Statement& insert, const core::DeviceIdentity& identity,
                                            const core::RecordDraft& draft, core::ChainHead& head, std::int64_t nowMs);
    core::sql::Database m_db;
};

// Creates an empty store at an older schema version. Exists so tests can
// prove that migration from every earlier version keeps every record.
[[nodiscard]] core::Status createStoreAtSchemaVersion(const std::filesystem::path& path, int version);

}  // namespace fangsiang::kiosk
