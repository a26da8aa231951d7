#include "kiosk/store.hpp"

#include "core/crypto.hpp"
#include "core/identity.hpp"

#include <sys/stat.h>

#include <ctime>

#include <array>

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
}};

std::int64_t wallClockMs() {
    struct timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

core::Status runMigrations(core::sql::Database& db, int from, int to) {
    auto tx = core::sql::Transaction::begin(db);
    if (!tx)
        return tx.error();
    for (int v = from; v < to; ++v) {
        std::string sql = kMigrations[static_cast<std::size_t>(v)].sql;
        // The one parameter a step may use is the time of the migration.
        for (auto pos = sql.find(":now"); pos != std::string::npos; pos = sql.find(":now"))
            sql.replace(pos, 4, std::to_string(wallClockMs()));
        if (auto st = db.exec(sql); !st)
            return core::makeError(st.error().code, "upgrading the store to schema version " + std::to_string(v + 1) +
                                                  " failed: " + st.error().message);
    }
    TRY(db.exec("PRAGMA application_id = " + std::to_string(kStoreApplicationId)));
    TRY(db.exec("PRAGMA user_version = " + std::to_string(to)));
    return tx->commit();
}

// Reads the header fields SQLite keeps in the first page. On a file that is
// not a database this is where SQLite first says so.
core::Status checkIdentity(core::sql::Database& db, std::int64_t& version) {
    auto damaged = [&](const core::Error& e) {
        return core::makeError(core::ErrorCode::Corrupt, db.path().string() +
                                                 " is not a Fangsiang record store or is damaged (" + e.message +
                                                 "); it was left untouched");
    };
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId)
        return damaged(appId.error());
    auto userVersion = db.queryInt("PRAGMA user_version");
    if (!userVersion)
        return damaged(userVersion.error());
    auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
    if (!tables)
        return damaged(tables.error());

    if (*tables == 0 && *userVersion == 0) {
        version = 0;  // a new, empty file
        return core::Ok{};
    }
    if (*appId != kStoreApplicationId)
        return core::makeError(core::ErrorCode::InvalidArgument,
                         db.path().string() + " is an SQLite database of another program, not a Fangsiang record "
                                              "store; it was left untouched");
    if (*userVersion > kStoreSchemaVersion)
        return core::makeError(core::ErrorCode::UnknownVersion,
                         db.path().string() + " was written by a newer Fangsiang (store schema " +
                             std::to_string(*userVersion) + "; this build knows up to " +
                             std::to_string(kStoreSchemaVersion) + "); update this program");
    version = *userVersion;
    return core::Ok{};
}

core::Status configureConnection(core::sql::Database& db) {
    // WAL + FULL: a commit is on disk when it returns; readers never block the writer.
    {
        auto mode = db.prepare("PRAGMA journal_mode = WAL");
        if (!mode)
            return mode.error();
        auto row = mode->step();
        if (!row)
            return row.error();
        if (!*row || mode->columnText(0) != "wal")
            return core::makeError(core::ErrorCode::Io, "the store at " + db.path().string() +
                                                " cannot use write-ahead logging (is the folder on a network share?)");
    }
    TRY(db.exec("PRAGMA synchronous = FULL"));
    TRY(db.exec("PRAGMA foreign_keys = ON"));
    TRY(db.exec("PRAGMA trusted_schema = OFF"));
    return core::Ok{};
}

core::Status quickCheck(core::sql::Database& db) {
    auto stmt = db.prepare("PRAGMA quick_check");
    if (!stmt)
        return core::makeError(core::ErrorCode::Corrupt, db.path().string() + " is damaged: " + stmt.error().message);
    auto row = stmt->step();
    if (!row)
        return core::makeError(core::ErrorCode::Corrupt, db.path().string() + " is damaged: " + row.error().message);
    std::string first = *row ? stmt->columnText(0) : "no answer";
    if (first != "ok")
        return core::makeError(core::ErrorCode::Corrupt, db.path().string() + " is damaged (" + first +
                                                 "); it was left untouched. Keep a copy for the office's IT person.");
    return core::Ok{};
}

}  // namespace

core::Status createStoreAtSchemaVersion(const fs::path& path, int version) {
    if (version < 1 || version > kStoreSchemaVersion)
        return core::makeError(core::ErrorCode::InvalidArgument, "no store schema version " + std::to_string(version));
    auto db = core::sql::Database::open(path, core::sql::OpenMode::ReadWriteCreate);
    if (!db)
        return db.error();
    std::int64_t current = 0;
    TRY(checkIdentity(*db, current));
    if (current != 0)
        return core::makeError(core::ErrorCode::InvalidArgument, path.string() + " is not empty");
    TRY(configureConnection(*db));
    return runMigrations(*db, 0, version);
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

    auto db = core::sql::Database::open(path, core::sql::OpenMode::ReadWriteCreate);
    if (!db)
        return db.error();
    // Records hold no plaintext personal data, but the store is still the
    // office's: keep it to the kiosk's user.
    ::chmod(path.c_str(), 0600);

    std::int64_t version = 0;
    TRY(checkIdentity(*db, version));
    if (version > 0)
        TRY(quickCheck(*db));
    TRY(configureConnection(*db));
    if (version < kStoreSchemaVersion)
        TRY(runMigrations(*db, static_cast<int>(version), kStoreSchemaVersion));
    return Store(std::move(*db));
}

// [SECTION] Metadata helpers

namespace {

core::Result<std::optional<std::int64_t>> metaInt(core::sql::Database& db, std::string_view key) {
    auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{stmt->columnInt(0)};
}

core::Result<std::optional<core::Bytes>> metaBlob(core::sql::Database& db, std::string_view key) {
    auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<core::Bytes>{};
    core::ByteView blob = stmt->columnBlob(0);
    return std::optional<core::Bytes>{core::Bytes(blob.begin(), blob.end())};
}

template <typename T>
core::Status setMeta(core::sql::Database& db, std::string_view key, const T& value) {
    auto stmt = db.prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, key).bind(2, value);
    return stmt->run();
}

}  // namespace

// [SECTION] Appending

core::Result<core::ChainHead> Store::headLocked() {
    auto stmt = m_db.prepare("SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (*row) {
        core::ChainHead head;
        head.sequence = static_cast<std::uint64_t>(stmt->columnInt(0));
        core::ByteView hash = stmt->columnBlob(1);
        if (hash.size() != core::kHashSize)
            return core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(head.sequence) + " has a damaged hash");
        std::copy(hash.begin(), hash.end(), head.hash.begin());
        return head;
    }
    // No records kept: the chain goes on from where pruning left it.
    auto anchorSeq = metaInt(m_db, "anchor_seq");
    if (!anchorSeq)
        return anchorSeq.error();
    auto anchorHash = metaBlob(m_db, "anchor_hash");
    if (!anchorHash)
        return anchorHash.error();
    core::ChainHead head;
    if (anchorSeq->has_value()) {
        if (!anchorHash->has_value() || (*anchorHash)->size() != core::kHashSize)
            return core::makeError(core::ErrorCode::Corrupt, "the store's chain position is damaged");
        head.sequence = static_cast<std::uint64_t>(**anchorSeq);
        std::copy((*anchorHash)->begin(), (*anchorHash)->end(), head.hash.begin());
    }
    return head;
}

core::Result<core::ChainHead> Store::head() { return headLocked(); }

core::Status Store::bindDevice(const core::DeviceIdentity& identity) {
    auto device = metaBlob(m_db, "device");
    if (!device)
        return device.error();
    if (!device->has_value())
        return setMeta(m_db, "device", core::ByteView(identity.publicKey()));
    const core::Bytes& held = **device;
    if (!std::equal(held.begin(), held.end(), identity.publicKey().begin(), identity.publicKey().end()))
        return core::makeError(core::ErrorCode::WrongDevice, "this store holds the records of device " +
                                                     core::toHex(held).substr(0, 8) + ", not of device " +
                                                     identity.shortId() + "; was device.key replaced?");
    return core::Ok{};
}

core::Result<core::Record> Store::insertNext(core::sql::Statement& insert, const core::DeviceIdentity& identity, const core::RecordDraft& draft,
                                 core::ChainHead& head, std::int64_t nowMs) {
    auto record = core::signValidatedDraft(draft, head, nowMs, identity);
    if (!record)
        return record.error();
    const core::Hash hash = record->hash();
    head = core::ChainHead{record->sequence(), hash};
    insert.bind(1, static_cast<std::int64_t>(record->sequence()))
        .bind(2, static_cast<std::int64_t>(record->kind()))
        .bind(3, record->createdAtMs())
        .bind(4, core::ByteView(hash))
        .bind(5, core::ByteView(record->bytes()));
    TRY(insert.run());
    return record;
}

core::Result<core::Record> Store::append(const core::DeviceIdentity& identity, const core::RecordDraft& draft, std::int64_t nowMs) {
    auto batch = appendBatch(identity, std::span<const core::RecordDraft>(&draft, 1), nowMs);
    if (!batch)
        return batch.error();
    return std::move(batch->front());
}

core::Result<std::vector<core::Record>> Store::appendBatch(const core::DeviceIdentity& identity, std::span<const core::RecordDraft> drafts,
                                               std::int64_t nowMs) {
    // Check everything before touching the database: a bad draft changes nothing.
    for (const auto& draft : drafts)
        TRY(core::validateDraft(draft));
    if (drafts.empty())
        return std::vector<core::Record>{};

    auto tx = core::sql::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    TRY(bindDevice(identity));
    auto head = headLocked();
    if (!head)
        return head.error();
    auto insert = m_db.prepare("INSERT INTO records(seq, kind, created_at, hash, bytes) VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!insert)
        return insert.error();
    std::vector<core::Record> out;
    out.reserve(drafts.size());
    core::ChainHead position = *head;
    for (const auto& draft : drafts) {
        auto record = insertNext(*insert, identity, draft, position, nowMs);
        if (!record)
            return record.error();
        out.push_back(std::move(*record));
    }
    TRY(tx->commit());
    return out;
}

// [SECTION] Reading

core::Result<std::optional<core::Record>> Store::get(std::uint64_t sequence) {
    auto stmt = m_db.prepare("SELECT bytes FROM records WHERE seq = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, static_cast<std::int64_t>(sequence));
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<core::Record>{};
    auto record = core::Record::parse(stmt->columnBlob(0));
    if (!record)
        return core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(sequence) + " is damaged: " +
                                                 record.error().message);
    return std::optional<core::Record>{std::move(*record)};
}

core::Result<std::vector<core::Record>> Store::outbox(std::size_t limit, std::uint64_t afterSequence) {
    auto stmt = m_db.prepare(
        "SELECT seq, bytes FROM records WHERE acked_at IS NULL AND seq > ?1 "
        "AND seq NOT IN (SELECT seq FROM quarantine) ORDER BY seq LIMIT ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, static_cast<std::int64_t>(afterSequence)).bind(2, static_cast<std::int64_t>(limit));
    std::vector<core::Record> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        auto record = core::Record::parse(stmt->columnBlob(1));
        if (!record)
            return core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(stmt->columnInt(0)) + " is damaged: " +
                                                     record.error().message);
        out.push_back(std::move(*record));
    }
    return out;
}

// [SECTION] Acknowledgements, quarantine, retention

core::Status Store::markAcknowledged(std::uint64_t sequence, std::int64_t nowMs) {
    auto tx = core::sql::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto head = headLocked();
    if (!head)
        return head.error();
    if (sequence > head->sequence)
        return core::makeError(core::ErrorCode::InvalidArgument,
                         "the hub acknowledged record " + std::to_string(sequence) + ", but this device has made only " +
                             std::to_string(head->sequence) + "; the acknowledgement is not for this store");
    auto held = metaInt(m_db, "acked_up_to");
    if (!held)
        return held.error();
    std::int64_t previous = held->value_or(0);
    if (static_cast<std::int64_t>(sequence) <= previous)
        return core::Ok{};  // an old or repeated acknowledgement changes nothing
    auto stmt = m_db.prepare("UPDATE records SET acked_at = ?1 WHERE seq <= ?2 AND acked_at IS NULL");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, nowMs).bind(2, static_cast<std::int64_t>(sequence));
    TRY(stmt->run());
    TRY(setMeta(m_db, "acked_up_to", static_cast<std::int64_t>(sequence)));
    // Quarantined records keep their reason: the hub may acknowledge past a
    // record it refused for good, and the device still shows why.
    return tx->commit();
}

core::Status Store::quarantine(std::uint64_t sequence, std::string_view reason, std::int64_t nowMs) {
    auto record = get(sequence);
    if (!record)
        return record.error();
    if (!record->has_value())
        return core::makeError(core::ErrorCode::NotFound, "no record " + std::to_string(sequence) + " to set aside");
    auto stmt = m_db.prepare("INSERT INTO quarantine(seq, reason, at) VALUES(?1, ?2, ?3) "
                             "ON CONFLICT(seq) DO UPDATE SET reason = excluded.reason, at = excluded.at");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, static_cast<std::int64_t>(sequence)).bind(2, reason).bind(3, nowMs);
    return stmt->run();
}

core::Result<std::uint64_t> Store::pruneAcknowledged(std::int64_t retentionMs, std::int64_t nowMs) {
    if (retentionMs < 0)
        return core::makeError(core::ErrorCode::InvalidArgument, "the retention period cannot be negative");
    auto tx = core::sql::Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto head = headLocked();
    if (!head)
        return head.error();
    // Prune only a prefix of the chain, so the kept records still link to the
    // anchor and verify() can walk them.
    // Quarantined records are evidence of a refusal and are never pruned.
    auto keep = m_db.prepare("SELECT min(seq) FROM records WHERE acked_at IS NULL OR acked_at > ?1 "
                             "OR seq IN (SELECT seq FROM quarantine)");
    if (!keep)
        return keep.error();
    keep->bind(1, nowMs - retentionMs);
    auto row = keep->step();
    if (!row)
        return row.error();
    std::uint64_t firstKept = keep->columnIsNull(0) ? head->sequence + 1 : static_cast<std::uint64_t>(keep->columnInt(0));
    keep->reset();

    auto last = m_db.prepare("SELECT seq, hash FROM records WHERE seq < ?1 ORDER BY seq DESC LIMIT 1");
    if (!last)
        return last.error();
    last->bind(1, static_cast<std::int64_t>(firstKept));
    row = last->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::uint64_t{0};
    std::int64_t anchorSeq = last->columnInt(0);
    core::Bytes anchorHash(last->columnBlob(1).begin(), last->columnBlob(1).end());
    last->reset();

    auto del = m_db.prepare("DELETE FROM records WHERE seq <= ?1");
    if (!del)
        return del.error();
    del->bind(1, anchorSeq);
    TRY(del->run());
    auto deleted = static_cast<std::uint64_t>(m_db.changes());
    TRY(setMeta(m_db, "anchor_seq", anchorSeq));
    TRY(setMeta(m_db, "anchor_hash", core::ByteView(anchorHash)));
    TRY(tx->commit());
    return deleted;
}

core::Result<StoreCounts> Store::counts() {
    StoreCounts c;
    auto head = headLocked();
    if (!head)
        return head.error();
    c.head = *head;
    auto records = m_db.queryInt("SELECT count(*) FROM records");
    if (!records)
        return records.error();
    c.records = static_cast<std::uint64_t>(*records);
    auto pending = m_db.queryInt("SELECT count(*) FROM records WHERE acked_at IS NULL");
    if (!pending)
        return pending.error();
    auto quarantined = m_db.queryInt("SELECT count(*) FROM quarantine");
    if (!quarantined)
        return quarantined.error();
    c.quarantined = static_cast<std::uint64_t>(*quarantined);
    c.unacknowledged = static_cast<std::uint64_t>(*pending);
    auto acked = metaInt(m_db, "acked_up_to");
    if (!acked)
        return acked.error();
    c.acknowledgedUpTo = static_cast<std::uint64_t>(acked->value_or(0));
    return c;
}

// [SECTION] Verification

core::Result<VerifyReport> Store::verify() {
    VerifyReport report;
    // The walk starts where pruning left the chain (or at the beginning).
    auto anchorSeq = metaInt(m_db, "anchor_seq");
    if (!anchorSeq)
        return anchorSeq.error();
    auto anchorHash = metaBlob(m_db, "anchor_hash");
    if (!anchorHash)
        return anchorHash.error();
    if (anchorSeq->has_value()) {
        report.head.sequence = static_cast<std::uint64_t>(**anchorSeq);
        if (anchorHash->has_value() && (*anchorHash)->size() == core::kHashSize)
            std::copy((*anchorHash)->begin(), (*anchorHash)->end(), report.head.hash.begin());
    }
    auto device = metaBlob(m_db, "device");
    if (!device)
        return device.error();
    core::PublicKey expected{};
    if (device->has_value() && (*device)->size() == core::kPublicKeySize)
        std::copy((*device)->begin(), (*device)->end(), expected.begin());

    auto stmt = m_db.prepare("SELECT seq, kind, created_at, hash, bytes FROM records ORDER BY seq");
    if (!stmt)
        return stmt.error();
    auto fail = [&](std::uint64_t seq, core::Error error) {
        report.firstBadSequence = seq;
        report.problem = std::move(error);
        return report;
    };
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        auto seq = static_cast<std::uint64_t>(stmt->columnInt(0));
        if (!device->has_value())
            return fail(seq, core::makeError(core::ErrorCode::Corrupt, "the store holds records but no device id"));
        auto record = core::verifyNext(stmt->columnBlob(4), expected, report.head);
        if (!record)
            return fail(seq, record.error());
        core::ByteView storedHash = stmt->columnBlob(3);
        core::Hash hash = record->hash();
        if (record->sequence() != seq || static_cast<std::int64_t>(record->kind()) != stmt->columnInt(1) ||
            record->createdAtMs() != stmt->columnInt(2) ||
            !std::equal(storedHash.begin(), storedHash.end(), hash.begin(), hash.end()))
            return fail(seq, core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(seq) +
                                                               "'s index columns do not match its signed bytes"));
        report.head = core::ChainHead{record->sequence(), hash};
        ++report.checked;
    }
    return report;
}

core::Result<std::string> Store::integrityCheck() {
    auto stmt = m_db.prepare("PRAGMA integrity_check");
    if (!stmt)
        return stmt.error();
    std::string out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        if (!out.empty())
            out += "; ";
        out += stmt->columnText(0);
    }
    return out;
}

}  // namespace fangsiang::kiosk
