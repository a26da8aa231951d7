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

inline constexpr int kStoreSchemaVersion = 3;
inline constexpr std::int64_t kStoreApplicationId = 0x46535331;  // "FSS1"

// Beside the store, in the data folder: the highest sequence this folder
// has handed out or may have (sequences are reserved in blocks before they
// are used). It outlives a deleted or emptied records.db, so the chain that
// follows never reuses a sequence, and so never a ticket number.
inline constexpr const char* kSequenceReservationFile = "sequences.reserved";
inline constexpr std::uint64_t kSequenceReservationBlock = 100;
// How far past everything known a recovered chain resumes: room for the
// records a store restored from an old backup cannot know of.
inline constexpr std::uint64_t kRecoveryMargin = 100;

// Whether the store knows where its device's chain stands, and so may append.
enum class ChainState {
    // Appends go on from the store's head. A store in a folder that is not
    // enrolled (no hub.json) counts as anchored: no hub can hold its records.
    Anchored,
    // A store in an enrolled folder that does not know where the chain
    // starts: made after enrolment (records.db deleted, emptied, replaced).
    // No append until the hub has said what it holds.
    Unanchored,
    // The hub holds more of this device's chain than the store (or another
    // record at the store's head): the store was lost or is an old copy. No
    // append until `fangsiang-kiosk recover` resumes the chain past it.
    Lost,
};
[[nodiscard]] const char* chainStateName(ChainState state);

struct ChainStanding {
    ChainState state = ChainState::Anchored;
    core::ChainHead local;         // the store's head
    std::string anchoredBy;        // "enrolment", "hub-empty", "unenrolled", "migration", "recovered"; empty when not anchored
    std::uint64_t hubHeld = 0;     // Lost: what the hub holds of this device
    core::Hash hubHash{};
    std::uint64_t reserved = 0;    // the highest sequence this folder may have used
    [[nodiscard]] bool takesRecords() const { return state == ChainState::Anchored; }
};

// One recovery from a lost store: the chain resumed after `resumeAfter`,
// linking to the hub's head; sequences in (hubHeld, resumeAfter] were never
// made here, or were lost before they reached the hub.
struct Recovery {
    std::uint64_t resumeAfter = 0;
    core::ChainHead hub;
    std::uint64_t localHead = 0;
    std::int64_t atMs = 0;
};

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
    // Refuses an identity other than the one whose records the store holds,
    // and any append while the store does not know where the chain stands
    // (standing() is not Anchored): no sequence, and so no ticket number, is
    // ever given twice.
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

    // [SECTION] Where the chain stands (docs/PROTOCOL.md, "Store loss")
    [[nodiscard]] core::Result<ChainStanding> standing();
    // The device id the store's records belong to, once it has one.
    [[nodiscard]] core::Result<std::optional<core::PublicKey>> device();
    // Enrolment: the hub holds nothing of this device yet, so the chain
    // starts here. Nothing changes for a store anchored already.
    [[nodiscard]] core::Status anchorAtEnrolment();
    // The hub's signed word on this device's chain (a "head" answer or a
    // push acknowledgement). Anchors an unanchored store when the hub holds
    // nothing and this folder never used a sequence; marks the store lost
    // when the hub holds more than it (or another record at its head); and
    // lifts a lost mark the hub's word no longer supports.
    [[nodiscard]] core::Result<ChainStanding> reconcile(const core::ChainHead& hub, std::int64_t nowMs);
    // Where a recovery at the hub's head `hub` resumes the chain: past the
    // hub's head, the store's head and every reserved sequence, plus
    // kRecoveryMargin.
    [[nodiscard]] core::Result<std::uint64_t> resumePoint(const core::ChainHead& hub);
    // The explicit recovery of a lost store: the chain goes on after
    // `resumeAfter` (at least the hub's head and this store's), linking to
    // the hub's head; everything up to the hub's head counts as acknowledged.
    // Records kept here stay, as evidence.
    [[nodiscard]] core::Status recover(const core::ChainHead& hub, std::uint64_t resumeAfter, std::int64_t nowMs);
    [[nodiscard]] core::Result<std::vector<Recovery>> recoveries();
    // True when `sequence` fell in the gap of a recovery: a record of it was
    // lost before it reached the hub, or never made.
    [[nodiscard]] core::Result<bool> lostInRecovery(std::uint64_t sequence);
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
    // `withReserved`: also read the reservation file (not needed to append).
    [[nodiscard]] core::Result<ChainStanding> standingLocked(bool withReserved = true);
    // Refuses an append while the chain's position is not known.
    [[nodiscard]] core::Status checkMayAppend();
    // Reserves sequences up to `last` (and a block beyond) in the file beside
    // the store, before they are used.
    [[nodiscard]] core::Status reserveThrough(std::uint64_t last);
    [[nodiscard]] core::Result<std::uint64_t> reservedLocked();
    [[nodiscard]] std::filesystem::path reservationFile() const;
    [[nodiscard]] bool folderEnrolled() const;
    // Signs a validated draft after `head`, inserts it, and moves `head` on.
    [[nodiscard]] core::Result<core::Record> insertNext(core::sql::Statement& insert, const core::DeviceIdentity& identity,
                                            const core::RecordDraft& draft, core::ChainHead& head, std::int64_t nowMs);
    core::sql::Database m_db;
};

// Creates an empty store at an older schema version. Exists so tests can
// prove that migration from every earlier version keeps every record.
[[nodiscard]] core::Status createStoreAtSchemaVersion(const std::filesystem::path& path, int version);

}  // namespace fangsiang::kiosk
