#include "kiosk/store.hpp"
#include "store_rows.hpp"

#include "kiosk/hub_pins.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace fangsiang::kiosk {

namespace fs = std::filesystem;

// [SECTION] Schema
// Each entry moves the schema from version i to i+1. Never edit a released
// step: add a new one. Steps run inside one transaction with the version bump.
namespace {

struct Migration {
    const char* sql;
};

constexpr std::array<Migration, kStoreSchemaVersion> kMigrations = {{
    // 0 -> 1: records and the metadata key/value table.
    {R"sql(
        CREATE TABLE records (
            seq        INTEGER PRIMARY KEY,   -- per-device sequence, 1, 2, 3, ...
            kind       INTEGER NOT NULL,
            created_at INTEGER NOT NULL,      -- ms since the Unix epoch, UTC
            hash       BLOB NOT NULL,         -- BLAKE2b-256 of bytes
            bytes      BLOB NOT NULL          -- the exact signed record
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
        CREATE TRIGGER records_append_only BEFORE UPDATE ON records
            BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
        CREATE TRIGGER records_no_delete BEFORE DELETE ON records
            BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
    )sql"},
    // 1 -> 2: acknowledgement times (for retention), pruning, quarantine.
    {R"sql(
        ALTER TABLE records ADD COLUMN acked_at INTEGER;  -- ms UTC, NULL until the hub holds it
        DROP TRIGGER records_append_only;
        DROP TRIGGER records_no_delete;
        UPDATE records SET acked_at = :now
            WHERE seq <= coalesce((SELECT value FROM meta WHERE key = 'acked_up_to'), 0);
        CREATE TRIGGER records_append_only BEFORE UPDATE OF seq, kind, created_at, hash, bytes ON records
            BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
        CREATE TRIGGER records_ack_once BEFORE UPDATE OF acked_at ON records WHEN OLD.acked_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a record is acknowledged once'); END;
        CREATE TRIGGER records_keep_unacknowledged BEFORE DELETE ON records WHEN OLD.acked_at IS NULL
            BEGIN SELECT RAISE(ABORT, 'an unacknowledged record cannot be deleted'); END;
        CREATE TABLE quarantine (
            seq    INTEGER PRIMARY KEY,
            reason TEXT NOT NULL,
            at     INTEGER NOT NULL
        );
    )sql"},
    // 2 -> 3: whether the store knows where its chain starts, and the
    // recoveries from a lost store. A store that holds (or held) records
    // counts as anchored: it was made before stores were anchored.
    {R"sql(
        CREATE TABLE recoveries (
            resume_seq INTEGER PRIMARY KEY,  -- the chain goes on after this sequence
            hub_held   INTEGER NOT NULL,     -- the hub's head then
            hub_hash   BLOB NOT NULL,        -- its hash: record resume_seq + 1 links to it
            local_head INTEGER NOT NULL,     -- what this store held then
            at         INTEGER NOT NULL
        );
        CREATE TRIGGER recoveries_append_only BEFORE UPDATE ON recoveries
            BEGIN SELECT RAISE(ABORT, 'recoveries are append-only'); END;
        CREATE TRIGGER recoveries_no_delete BEFORE DELETE ON recoveries
            BEGIN SELECT RAISE(ABORT, 'recoveries are append-only'); END;
        INSERT INTO meta(key, value) SELECT 'anchored', 'migration'
            WHERE EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM meta WHERE key IN ('device', 'anchor_seq'));
    )sql"},
}};

using core::sql::Statement;

core::Status runMigrations(core::sql::Database& db, int from, int to) {
    auto tx = TRY(core::sql::Transaction::begin(db));
    for (int v = from; v < to; ++v) {
        std::string sql = kMigrations[static_cast<std::size_t>(v)].sql;
        // The one parameter a step may use is the time of the migration.
        for (auto pos = sql.find(":now"); pos != std::string::npos; pos = sql.find(":now"))
            sql.replace(pos, 4, std::to_string(core::wallClockMs()));
        if (auto st = db.exec(sql); !st)
            return core::makeError(st.error().code, "upgrading the store to schema version " + std::to_string(v + 1) +
                                                  " failed: " + st.error().message);
    }
    TRY(db.exec("PRAGMA application_id = " + std::to_string(kStoreApplicationId)));
    TRY(db.exec("PRAGMA user_version = " + std::to_string(to)));
    return tx.commit();
}

// The first column of the first row `sql` returns, when it returns one.
core::Result<std::optional<std::string>> firstText(core::sql::Database& db, std::string_view sql) {
    auto stmt = TRY(db.prepare(sql));
    return stmt.optionalRow<std::string>([](const Statement& row) { return row.columnText(0); });
}

// Reads the header fields SQLite keeps in the first page. On a file that is
// not a database this is where SQLite first says so.
core::Status checkIdentity(core::sql::Database& db, std::int64_t& version) {
    auto header = [&](std::string_view sql) -> core::Result<std::int64_t> {
        auto value = db.queryInt(sql);
        if (!value)
            return core::makeError(core::ErrorCode::Corrupt, db.path().string() +
                                                     " is not a Fangsiang record store or is damaged (" +
                                                     value.error().message + "); it was left untouched");
        return value;
    };
    const auto appId = TRY(header("PRAGMA application_id"));
    const auto userVersion = TRY(header("PRAGMA user_version"));
    const auto tables = TRY(header("SELECT count(*) FROM sqlite_schema"));

    if (tables == 0 && userVersion == 0) {
        version = 0;  // a new, empty file
        return core::Ok{};
    }
    if (appId != kStoreApplicationId)
        return core::makeError(core::ErrorCode::InvalidArgument,
                         db.path().string() + " is an SQLite database of another program, not a Fangsiang record "
                                              "store; it was left untouched");
    if (userVersion > kStoreSchemaVersion)
        return core::makeError(core::ErrorCode::UnknownVersion,
                         db.path().string() + " was written by a newer Fangsiang (store schema " +
                             std::to_string(userVersion) + "; this build knows up to " +
                             std::to_string(kStoreSchemaVersion) + "); update this program");
    version = userVersion;
    return core::Ok{};
}

core::Status configureConnection(core::sql::Database& db) {
    // WAL + FULL: a commit is on disk when it returns; readers never block the writer.
    if (TRY(firstText(db, "PRAGMA journal_mode = WAL")) != "wal")
        return core::makeError(core::ErrorCode::Io, "the store at " + db.path().string() +
                                            " cannot use write-ahead logging (is the folder on a network share?)");
    TRY(db.exec("PRAGMA synchronous = FULL"));
    TRY(db.exec("PRAGMA foreign_keys = ON"));
    TRY(db.exec("PRAGMA trusted_schema = OFF"));
    return core::Ok{};
}

core::Status quickCheck(core::sql::Database& db) {
    auto answer = firstText(db, "PRAGMA quick_check");
    if (!answer)
        return core::makeError(core::ErrorCode::Corrupt, db.path().string() + " is damaged: " + answer.error().message);
    const std::string first = answer->value_or("no answer");
    if (first != "ok")
        return core::makeError(core::ErrorCode::Corrupt, db.path().string() + " is damaged (" + first +
                                                 "); it was left untouched. Keep a copy for the office's IT person.");
    return core::Ok{};
}

}  // namespace

core::Status createStoreAtSchemaVersion(const fs::path& path, int version) {
    if (version < 1 || version > kStoreSchemaVersion)
        return core::makeError(core::ErrorCode::InvalidArgument, "no store schema version " + std::to_string(version));
    auto db = TRY(core::sql::Database::open(path, core::sql::OpenMode::ReadWriteCreate));
    std::int64_t current = 0;
    TRY(checkIdentity(db, current));
    if (current != 0)
        return core::makeError(core::ErrorCode::InvalidArgument, path.string() + " is not empty");
    TRY(configureConnection(db));
    return runMigrations(db, 0, version);
}

// [SECTION] Opening

core::Result<Store> Store::open(const fs::path& path) {
    TRY(core::sodiumInit());
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (fs::exists(status) && !fs::is_regular_file(status))
        return core::makeError(core::ErrorCode::InvalidArgument, path.string() + " is not a file");
    if (!path.parent_path().empty() && !fs::is_directory(path.parent_path(), ec))
        return core::makeError(core::ErrorCode::NotFound, "the data folder " + path.parent_path().string() + " does not exist");

    auto db = TRY(core::sql::Database::open(path, core::sql::OpenMode::ReadWriteCreate));
    // Records hold no plaintext personal data, but the store is still the
    // office's: keep it to the kiosk's user.
    ::chmod(path.c_str(), 0600);

    std::int64_t version = 0;
    TRY(checkIdentity(db, version));
    if (version > 0)
        TRY(quickCheck(db));
    TRY(configureConnection(db));
    if (version < kStoreSchemaVersion)
        TRY(runMigrations(db, static_cast<int>(version), kStoreSchemaVersion));
    return Store(std::move(db));
}

// [SECTION] Rows and metadata: kiosk/src/store_rows.hpp

using namespace detail;

// [SECTION] Appending

core::Result<core::ChainHead> Store::headLocked() {
    // The chain goes on from the furthest of: the last record kept, the
    // latest recovery (which resumes past records this store never held),
    // and where pruning left it.
    auto last = TRY(m_db.prepare("SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1"));
    std::optional<core::ChainHead> head;
    if (auto row = TRY(last.optionalRow<core::Result<core::ChainHead>>(chainHeadFromRow)))
        head = TRY(std::move(*row));
    auto resumed = TRY(m_db.prepare("SELECT resume_seq, hub_hash FROM recoveries ORDER BY resume_seq DESC LIMIT 1"));
    if (auto row = TRY(resumed.optionalRow<core::Result<core::ChainHead>>(chainHeadFromRow))) {
        const core::ChainHead recovery = TRY(std::move(*row));
        if (!head || recovery.sequence >= head->sequence)
            head = recovery;
    }
    const Anchor anchor = TRY(readAnchor(m_db));
    if (anchor.sequence && !anchor.hashIsWhole())
        return core::makeError(core::ErrorCode::Corrupt, "the store's chain position is damaged");
    if (head && head->sequence >= anchor.position().sequence)
        return *head;
    return anchor.position();
}

core::Result<core::ChainHead> Store::head() { return headLocked(); }

core::Status Store::bindDevice(const core::DeviceIdentity& identity) {
    auto held = TRY(metaBlob(m_db, "device"));
    if (!held)
        return setMeta(m_db, "device", core::ByteView(identity.publicKey()));
    if (!std::equal(held->begin(), held->end(), identity.publicKey().begin(), identity.publicKey().end()))
        return core::makeError(core::ErrorCode::WrongDevice, "this store holds the records of device " +
                                                     core::toHex(*held).substr(0, 8) + ", not of device " +
                                                     identity.shortId() + "; was device.key replaced?");
    return core::Ok{};
}

core::Result<core::Record> Store::insertNext(Statement& insert, const core::DeviceIdentity& identity,
                                             const core::RecordDraft& draft, core::ChainHead& head, std::int64_t nowMs) {
    auto record = TRY(core::signValidatedDraft(draft, head, nowMs, identity));
    const core::Hash hash = record.hash();
    head = core::ChainHead{record.sequence(), hash};
    insert.bind(1, static_cast<std::int64_t>(record.sequence()))
        .bind(2, static_cast<std::int64_t>(record.kind()))
        .bind(3, record.createdAtMs())
        .bind(4, core::ByteView(hash))
        .bind(5, core::ByteView(record.bytes()));
    TRY(insert.run());
    return record;
}

core::Result<core::Record> Store::append(const core::DeviceIdentity& identity, const core::RecordDraft& draft, std::int64_t nowMs) {
    auto batch = TRY(appendBatch(identity, std::span<const core::RecordDraft>(&draft, 1), nowMs));
    return std::move(batch.front());
}

core::Result<std::vector<core::Record>> Store::appendBatch(const core::DeviceIdentity& identity, std::span<const core::RecordDraft> drafts,
                                               std::int64_t nowMs) {
    // Check everything before touching the database: a bad draft changes nothing.
    for (const auto& draft : drafts)
        TRY(core::validateDraft(draft));
    if (drafts.empty())
        return std::vector<core::Record>{};

    auto tx = TRY(core::sql::Transaction::begin(m_db));
    TRY(checkMayAppend());
    TRY(bindDevice(identity));
    auto position = TRY(headLocked());
    TRY(reserveThrough(position.sequence + drafts.size()));
    auto insert = TRY(m_db.prepare("INSERT INTO records(seq, kind, created_at, hash, bytes) VALUES(?1, ?2, ?3, ?4, ?5)"));
    std::vector<core::Record> out;
    out.reserve(drafts.size());
    for (const auto& draft : drafts)
        out.push_back(TRY(insertNext(insert, identity, draft, position, nowMs)));
    TRY(tx.commit());
    return out;
}

// [SECTION] Reading

core::Result<std::optional<core::Record>> Store::get(std::uint64_t sequence) {
    auto stmt = TRY(m_db.query("SELECT seq, bytes FROM records WHERE seq = ?1", static_cast<std::int64_t>(sequence)));
    auto row = TRY(stmt.optionalRow<core::Result<core::Record>>(recordFromRow));
    if (!row)
        return std::optional<core::Record>{};
    return std::optional<core::Record>{TRY(std::move(*row))};
}

core::Result<std::vector<core::Record>> Store::outbox(std::size_t limit, std::uint64_t afterSequence) {
    auto stmt = TRY(m_db.query("SELECT seq, bytes FROM records WHERE acked_at IS NULL AND seq > ?1 "
                               "AND seq NOT IN (SELECT seq FROM quarantine) ORDER BY seq LIMIT ?2",
                               static_cast<std::int64_t>(afterSequence), static_cast<std::int64_t>(limit)));
    std::vector<core::Record> out;
    while (TRY(stmt.step()))
        out.push_back(TRY(recordFromRow(stmt)));
    return out;
}

// [SECTION] Acknowledgements, quarantine, retention

core::Status Store::markAcknowledged(std::uint64_t sequence, std::int64_t nowMs) {
    auto tx = TRY(core::sql::Transaction::begin(m_db));
    const auto head = TRY(headLocked());
    if (sequence > head.sequence)
        return core::makeError(core::ErrorCode::InvalidArgument,
                         "the hub acknowledged record " + std::to_string(sequence) + ", but this device has made only " +
                             std::to_string(head.sequence) + "; the acknowledgement is not for this store");
    const std::int64_t previous = TRY(metaInt(m_db, "acked_up_to")).value_or(0);
    if (static_cast<std::int64_t>(sequence) <= previous)
        return core::Ok{};  // an old or repeated acknowledgement changes nothing
    TRY(m_db.run("UPDATE records SET acked_at = ?1 WHERE seq <= ?2 AND acked_at IS NULL", nowMs,
                 static_cast<std::int64_t>(sequence)));
    TRY(setMeta(m_db, "acked_up_to", static_cast<std::int64_t>(sequence)));
    // Quarantined records keep their reason: the hub may acknowledge past a
    // record it refused for good, and the device still shows why.
    return tx.commit();
}

core::Status Store::quarantine(std::uint64_t sequence, std::string_view reason, std::int64_t nowMs) {
    if (!TRY(get(sequence)))
        return core::makeError(core::ErrorCode::NotFound, "no record " + std::to_string(sequence) + " to set aside");
    return m_db.run("INSERT INTO quarantine(seq, reason, at) VALUES(?1, ?2, ?3) "
                    "ON CONFLICT(seq) DO UPDATE SET reason = excluded.reason, at = excluded.at",
                    static_cast<std::int64_t>(sequence), reason, nowMs);
}

namespace {

// The first record pruning must keep: the oldest that is unacknowledged,
// acknowledged after `cutoffMs`, or quarantined (evidence of a refusal is
// never pruned). Nullopt when every record may go.
core::Result<std::optional<std::uint64_t>> firstRecordToKeep(core::sql::Database& db, std::int64_t cutoffMs) {
    auto stmt = TRY(db.query("SELECT min(seq) FROM records WHERE acked_at IS NULL OR acked_at > ?1 "
                             "OR seq IN (SELECT seq FROM quarantine)",
                             cutoffMs));
    TRY(stmt.step());  // an aggregate: always one row, NULL when no record matches
    if (stmt.columnIsNull(0))
        return std::optional<std::uint64_t>{};
    return std::optional<std::uint64_t>{static_cast<std::uint64_t>(stmt.columnInt(0))};
}

// The last record before `sequence`, as the anchor pruning up to it leaves.
core::Result<std::optional<Anchor>> anchorBefore(core::sql::Database& db, std::uint64_t sequence) {
    auto stmt = TRY(db.query("SELECT seq, hash FROM records WHERE seq < ?1 ORDER BY seq DESC LIMIT 1",
                             static_cast<std::int64_t>(sequence)));
    return stmt.optionalRow<Anchor>([](const Statement& row) { return Anchor{row.columnInt(0), bytesOf(row.columnBlob(1))}; });
}

}  // namespace

core::Result<std::uint64_t> Store::pruneAcknowledged(std::int64_t retentionMs, std::int64_t nowMs) {
    if (retentionMs < 0)
        return core::makeError(core::ErrorCode::InvalidArgument, "the retention period cannot be negative");
    auto tx = TRY(core::sql::Transaction::begin(m_db));
    const auto head = TRY(headLocked());
    // Prune only a prefix of the chain, so the kept records still link to the
    // anchor and verify() can walk them.
    const std::uint64_t firstKept = TRY(firstRecordToKeep(m_db, nowMs - retentionMs)).value_or(head.sequence + 1);
    const auto anchor = TRY(anchorBefore(m_db, firstKept));
    if (!anchor)
        return std::uint64_t{0};
    TRY(m_db.run("DELETE FROM records WHERE seq <= ?1", *anchor->sequence));
    const auto deleted = static_cast<std::uint64_t>(m_db.changes());
    TRY(setMeta(m_db, "anchor_seq", *anchor->sequence));
    TRY(setMeta(m_db, "anchor_hash", core::ByteView(*anchor->hash)));
    TRY(tx.commit());
    return deleted;
}

core::Result<StoreCounts> Store::counts() {
    StoreCounts c;
    c.head = TRY(headLocked());
    c.records = static_cast<std::uint64_t>(TRY(m_db.queryInt("SELECT count(*) FROM records")));
    c.unacknowledged = static_cast<std::uint64_t>(TRY(m_db.queryInt("SELECT count(*) FROM records WHERE acked_at IS NULL")));
    c.quarantined = static_cast<std::uint64_t>(TRY(m_db.queryInt("SELECT count(*) FROM quarantine")));
    c.acknowledgedUpTo = static_cast<std::uint64_t>(TRY(metaInt(m_db, "acked_up_to")).value_or(0));
    return c;
}

// [SECTION] Where the chain stands

const char* chainStateName(ChainState state) {
    switch (state) {
    case ChainState::Anchored: return "anchored";
    case ChainState::Unanchored: return "unanchored";
    case ChainState::Lost: return "lost";
    }
    return "unknown";
}

namespace {

core::Result<std::optional<std::string>> metaText(core::sql::Database& db, std::string_view key) {
    return metaValue<std::string>(db, key, [](const Statement& row) { return row.columnText(0); });
}

core::Status deleteMeta(core::sql::Database& db, std::string_view key) {
    return db.run("DELETE FROM meta WHERE key = ?1", key);
}

// The highest sequence a reservation file names: "reserved N device HEX".
// An absent or unreadable file names none; what it would have said is then
// covered by kRecoveryMargin alone.
std::uint64_t readReservation(const fs::path& file) {
    auto raw = core::readFile(file, 512);
    if (!raw)
        return 0;
    const std::string text(raw->begin(), raw->end());
    unsigned long long reserved = 0;
    if (std::sscanf(text.c_str(), "reserved %llu", &reserved) != 1)
        return 0;
    return reserved;
}

std::string countOf(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " record" : " records"); }

}  // namespace

fs::path Store::reservationFile() const { return m_db.path().parent_path() / kSequenceReservationFile; }

bool Store::folderEnrolled() const {
    std::error_code ec;
    return fs::exists(fs::symlink_status(m_db.path().parent_path() / kHubPinsFile, ec));
}

core::Result<std::uint64_t> Store::reservedLocked() {
    const auto inStore = static_cast<std::uint64_t>(TRY(metaInt(m_db, "reserved")).value_or(0));
    return std::max(inStore, readReservation(reservationFile()));
}

core::Status Store::reserveThrough(std::uint64_t last) {
    const auto reserved = static_cast<std::uint64_t>(TRY(metaInt(m_db, "reserved")).value_or(0));
    if (last <= reserved)
        return core::Ok{};
    // On disk before the sequences are used: if the commit that follows
    // fails, a few sequences are skipped later, never given twice.
    const std::uint64_t next = std::max(last + kSequenceReservationBlock, readReservation(reservationFile()));
    const auto device = TRY(metaBlob(m_db, "device"));
    const std::string text = "reserved " + std::to_string(next) + " device " + (device ? core::toHex(*device) : "") + "\n";
    TRY(core::writeFileAtomically(reservationFile(), core::asBytes(text), 0600));
    return setMeta(m_db, "reserved", static_cast<std::int64_t>(next));
}

core::Result<ChainStanding> Store::standingLocked(bool withReserved) {
    ChainStanding s;
    s.local = TRY(headLocked());
    s.anchoredBy = TRY(metaText(m_db, "anchored")).value_or("");
    if (withReserved)
        s.reserved = TRY(reservedLocked());
    if (const auto held = TRY(metaInt(m_db, "lost_held"))) {
        s.state = ChainState::Lost;
        s.hubHeld = static_cast<std::uint64_t>(*held);
        if (const auto hash = TRY(metaBlob(m_db, "lost_hash")); hash && hash->size() == core::kHashSize)
            std::copy(hash->begin(), hash->end(), s.hubHash.begin());
    } else if (s.anchoredBy.empty() && folderEnrolled()) {
        s.state = ChainState::Unanchored;
    }
    return s;
}

core::Result<ChainStanding> Store::standing() { return standingLocked(); }

core::Result<std::optional<core::PublicKey>> Store::device() {
    const auto held = TRY(metaBlob(m_db, "device"));
    if (!held)
        return std::optional<core::PublicKey>{};
    auto key = fixedFrom<core::kPublicKeySize>(*held);
    if (!key)
        return core::makeError(core::ErrorCode::Corrupt, "the store's device id is damaged");
    return std::optional<core::PublicKey>{*key};
}

core::Status Store::checkMayAppend() {
    const ChainStanding s = TRY(standingLocked(false));
    switch (s.state) {
    case ChainState::Anchored:
        // A folder that is not enrolled: no hub holds anything of it, so its
        // chain starts here.
        if (s.anchoredBy.empty())
            return setMeta(m_db, "anchored", std::string_view("unenrolled"));
        return core::Ok{};
    case ChainState::Unanchored:
        return core::makeError(core::ErrorCode::Conflict,
                               "the record store " + path().string() +
                                   " is new in an enrolled data folder: it takes no record until the hub has said how "
                                   "many records it holds from this device (the next sync asks)");
    case ChainState::Lost:
        return core::makeError(core::ErrorCode::Conflict,
                               "this kiosk lost its record store: the hub holds " + countOf(s.hubHeld) +
                                   " from it and this store " +
                                   (s.local.sequence == 0 ? std::string("none")
                                                          : "only up to record " + std::to_string(s.local.sequence)) +
                                   "; it takes no record until `fangsiang-kiosk recover` has resumed the chain");
    }
    return core::Ok{};
}

core::Status Store::anchorAtEnrolment() {
    auto tx = TRY(core::sql::Transaction::begin(m_db));
    if (!TRY(metaText(m_db, "anchored")))
        TRY(setMeta(m_db, "anchored", std::string_view("enrolment")));
    return tx.commit();
}

core::Result<ChainStanding> Store::reconcile(const core::ChainHead& hub, std::int64_t nowMs) {
    auto tx = TRY(core::sql::Transaction::begin(m_db));
    const ChainStanding s = TRY(standingLocked());
    bool lost = false;
    if (s.anchoredBy.empty()) {
        // A new store: the chain starts here only when nothing of it exists
        // anywhere, at the hub or in sequences this folder handed out.
        lost = hub.sequence > 0 || s.reserved > 0 || s.local.sequence > 0;
    } else {
        lost = hub.sequence > s.local.sequence ||
               (hub.sequence == s.local.sequence && hub.sequence > 0 && hub.hash != s.local.hash);
    }
    if (lost) {
        TRY(setMeta(m_db, "lost_held", static_cast<std::int64_t>(hub.sequence)));
        TRY(setMeta(m_db, "lost_hash", core::ByteView(hub.hash)));
        TRY(setMeta(m_db, "lost_local", static_cast<std::int64_t>(s.local.sequence)));
        if (!TRY(metaInt(m_db, "lost_at")))
            TRY(setMeta(m_db, "lost_at", nowMs));
    } else {
        for (const char* key : {"lost_held", "lost_hash", "lost_local", "lost_at"})
            TRY(deleteMeta(m_db, key));
        if (s.anchoredBy.empty())
            TRY(setMeta(m_db, "anchored", std::string_view("hub-empty")));
    }
    TRY(tx.commit());
    return standingLocked();
}

core::Result<std::uint64_t> Store::resumePoint(const core::ChainHead& hub) {
    const ChainStanding s = TRY(standingLocked());
    return std::max({hub.sequence, s.local.sequence, s.reserved}) + kRecoveryMargin;
}

core::Status Store::recover(const core::ChainHead& hub, std::uint64_t resumeAfter, std::int64_t nowMs) {
    auto tx = TRY(core::sql::Transaction::begin(m_db));
    const ChainStanding s = TRY(standingLocked());
    if (s.state != ChainState::Lost)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "the record store is not lost (it is " + std::string(chainStateName(s.state)) +
                                   "): there is nothing to recover");
    if (resumeAfter < hub.sequence || resumeAfter < s.local.sequence)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "a recovered chain resumes after the hub's head and the store's, not at " +
                                   std::to_string(resumeAfter));
    TRY(m_db.run("INSERT INTO recoveries(resume_seq, hub_held, hub_hash, local_head, at) VALUES(?1, ?2, ?3, ?4, ?5)",
                 static_cast<std::int64_t>(resumeAfter), static_cast<std::int64_t>(hub.sequence),
                 core::ByteView(hub.hash), static_cast<std::int64_t>(s.local.sequence), nowMs));
    // The hub holds the chain up to its head: what this store still has of
    // it is acknowledged (and stays, as evidence, until pruned).
    TRY(m_db.run("UPDATE records SET acked_at = ?1 WHERE seq <= ?2 AND acked_at IS NULL", nowMs,
                 static_cast<std::int64_t>(hub.sequence)));
    const std::int64_t acked = TRY(metaInt(m_db, "acked_up_to")).value_or(0);
    TRY(setMeta(m_db, "acked_up_to", std::max(acked, static_cast<std::int64_t>(hub.sequence))));
    TRY(setMeta(m_db, "anchored", std::string_view("recovered")));
    for (const char* key : {"lost_held", "lost_hash", "lost_local", "lost_at"})
        TRY(deleteMeta(m_db, key));
    return tx.commit();
}

core::Result<std::vector<Recovery>> Store::recoveries() {
    auto stmt = TRY(m_db.prepare("SELECT resume_seq, hub_held, hub_hash, local_head, at FROM recoveries ORDER BY resume_seq"));
    std::vector<Recovery> out;
    while (TRY(stmt.step())) {
        Recovery r;
        r.resumeAfter = static_cast<std::uint64_t>(stmt.columnInt(0));
        r.hub.sequence = static_cast<std::uint64_t>(stmt.columnInt(1));
        auto hash = fixedFrom<core::kHashSize>(stmt.columnBlob(2));
        if (!hash)
            return core::makeError(core::ErrorCode::Corrupt, "the recovery at " + std::to_string(r.resumeAfter) +
                                                                 " has a damaged hash");
        r.hub.hash = *hash;
        r.localHead = static_cast<std::uint64_t>(stmt.columnInt(3));
        r.atMs = stmt.columnInt(4);
        out.push_back(r);
    }
    return out;
}

core::Result<bool> Store::lostInRecovery(std::uint64_t sequence) {
    auto stmt = TRY(m_db.query("SELECT count(*) FROM recoveries WHERE ?1 > hub_held AND ?1 <= resume_seq",
                               static_cast<std::int64_t>(sequence)));
    TRY(stmt.step());
    return stmt.columnInt(0) > 0;
}

}  // namespace fangsiang::kiosk
