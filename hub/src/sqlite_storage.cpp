// The hub's SQLite backend. One connection guarded by a mutex: SQLite has a
// single writer anyway, and the expensive part of ingest (Ed25519
// verification) happens above this layer, in parallel, before the lock is
// taken. Other processes (the `fangsiang-hub enroll` command while `serve`
// runs) share the file through SQLite's own locking.

#include "hub/storage.hpp"

#include "core/sqlite.hpp"
#include "core/ticket.hpp"

#include <mutex>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ChainHead;
using core::ErrorCode;
using core::makeError;
using core::Ok;
namespace sql = core::sql;

namespace {

constexpr std::int64_t kHubApplicationId = 0x46534831;  // "FSH1"
constexpr int kHubSchemaVersion = 1;

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE offices (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;
CREATE TABLE enrolment_codes (
    code_hash  BLOB PRIMARY KEY,       -- BLAKE2b of the normalised code: the code itself is never stored
    office     TEXT NOT NULL REFERENCES offices(code),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    BLOB
) STRICT;
CREATE TABLE devices (
    key          BLOB PRIMARY KEY CHECK (length(key) = 32),
    office       TEXT NOT NULL REFERENCES offices(code),
    number       INTEGER NOT NULL CHECK (number BETWEEN 1 AND 9999),
    label        TEXT NOT NULL DEFAULT '',
    enrolled_at  INTEGER NOT NULL,
    revoked_at   INTEGER,
    head_seq     INTEGER NOT NULL DEFAULT 0,
    head_hash    BLOB NOT NULL,
    last_push_at INTEGER NOT NULL DEFAULT 0,
    UNIQUE (office, number)
) STRICT;
CREATE TABLE records (
    device      BLOB NOT NULL REFERENCES devices(key),
    seq         INTEGER NOT NULL,
    kind        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER records_immutable BEFORE UPDATE ON records
    BEGIN SELECT RAISE(ABORT, 'a record at the hub is never changed'); END;
CREATE TRIGGER records_kept BEFORE DELETE ON records
    BEGIN SELECT RAISE(ABORT, 'a record at the hub is never deleted'); END;
CREATE TABLE conflicts (
    id          INTEGER PRIMARY KEY,
    device      BLOB NOT NULL,
    seq         INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;
CREATE TABLE incidents (
    id     INTEGER PRIMARY KEY,
    device BLOB NOT NULL,
    kind   TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    detail TEXT NOT NULL,
    at     INTEGER NOT NULL
) STRICT;
CREATE TABLE bundles (
    version      INTEGER PRIMARY KEY,
    envelope     TEXT NOT NULL,
    published_at INTEGER NOT NULL
) STRICT;
CREATE TABLE tickets (
    id         TEXT PRIMARY KEY,
    device     BLOB NOT NULL,
    seq        INTEGER NOT NULL,
    office     TEXT NOT NULL,
    status     TEXT NOT NULL,
    reply      TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE ticket_updates (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket TEXT NOT NULL REFERENCES tickets(id),
    office TEXT NOT NULL,
    status TEXT NOT NULL,
    reply  TEXT NOT NULL,
    at     INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_updates_by_office ON ticket_updates(office, id);
)sql";

core::PublicKey keyFrom(core::ByteView blob) {
    core::PublicKey key{};
    if (blob.size() == key.size())
        std::copy(blob.begin(), blob.end(), key.begin());
    return key;
}

core::Hash hashFrom(core::ByteView blob) {
    core::Hash hash{};
    if (blob.size() == hash.size())
        std::copy(blob.begin(), blob.end(), hash.begin());
    return hash;
}

class SqliteHubStorage;

class SqliteIngestSession final : public IngestSession {
public:
    SqliteIngestSession(std::unique_lock<std::mutex> lock, sql::Database& db, sql::Transaction tx, DeviceInfo device)
        : m_lock(std::move(lock)), m_db(db), m_tx(std::move(tx)), m_device(std::move(device)), m_head(m_device.head) {}

    const DeviceInfo& device() const override { return m_device; }
    ChainHead head() const override { return m_head; }

    core::Result<std::optional<core::Bytes>> recordAt(std::uint64_t sequence) override {
        auto stmt = m_db.prepare("SELECT bytes FROM records WHERE device = ?1 AND seq = ?2");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(m_device.key)).bind(2, static_cast<std::int64_t>(sequence));
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<core::Bytes>{};
        auto blob = stmt->columnBlob(0);
        return std::optional<core::Bytes>(core::Bytes(blob.begin(), blob.end()));
    }

    core::Status append(const core::Record& record, std::int64_t nowMs) override {
        if (!m_insert) {
            auto stmt = m_db.prepare("INSERT INTO records(device, seq, kind, created_at, received_at, bytes) "
                                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
            if (!stmt)
                return stmt.error();
            m_insert = std::move(*stmt);
        }
        m_insert->bind(1, core::ByteView(m_device.key))
            .bind(2, static_cast<std::int64_t>(record.sequence()))
            .bind(3, static_cast<std::int64_t>(record.kind()))
            .bind(4, record.createdAtMs())
            .bind(5, nowMs)
            .bind(6, core::ByteView(record.bytes()));
        TRY(m_insert->run());
        if (record.kind() == core::RecordKind::Complaint)
            TRY(openTicket(record, nowMs));
        m_head = record.asHead();
        m_pushed = nowMs;
        return Ok{};
    }

    core::Status commit() override {
        auto stmt = m_db.prepare("UPDATE devices SET head_seq = ?2, head_hash = ?3, last_push_at = max(last_push_at, ?4) "
                                 "WHERE key = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(m_device.key))
            .bind(2, static_cast<std::int64_t>(m_head.sequence))
            .bind(3, core::ByteView(m_head.hash))
            .bind(4, m_pushed);
        TRY(stmt->run());
        m_insert.reset();  // finalise before COMMIT so nothing holds the statement open
        return m_tx.commit();
    }

private:
    core::Status openTicket(const core::Record& record, std::int64_t nowMs) {
        const std::string id =
            core::Ticket{m_device.officeCode, m_device.number, record.sequence()}.text();
        auto ticket = m_db.prepare("INSERT INTO tickets(id, device, seq, office, status, reply, updated_at) "
                                   "VALUES(?1, ?2, ?3, ?4, 'received', '', ?5)");
        if (!ticket)
            return ticket.error();
        ticket->bind(1, id).bind(2, core::ByteView(m_device.key)).bind(3, static_cast<std::int64_t>(record.sequence()));
        ticket->bind(4, m_device.officeCode).bind(5, nowMs);
        TRY(ticket->run());
        auto update = m_db.prepare("INSERT INTO ticket_updates(ticket, office, status, reply, at) "
                                   "VALUES(?1, ?2, 'received', '', ?3)");
        if (!update)
            return update.error();
        update->bind(1, id).bind(2, m_device.officeCode).bind(3, nowMs);
        return update->run();
    }

    std::unique_lock<std::mutex> m_lock;  // declared first: released last
    sql::Database& m_db;
    sql::Transaction m_tx;
    DeviceInfo m_device;
    ChainHead m_head;
    std::int64_t m_pushed = 0;
    std::optional<sql::Statement> m_insert;
};

class SqliteHubStorage final : public HubStorage {
public:
    explicit SqliteHubStorage(sql::Database db) : m_db(std::move(db)) {}

    core::Status putOffice(const Office& office) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("INSERT INTO offices(code, name) VALUES(?1, ?2) "
                                 "ON CONFLICT(code) DO UPDATE SET name = CASE WHEN excluded.name = '' THEN name "
                                 "ELSE excluded.name END");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, office.code).bind(2, office.name);
        return stmt->run();
    }

    core::Status putEnrolmentCode(const core::Hash& codeHash, const std::string& officeCode, std::int64_t expiresAtMs,
                            std::int64_t nowMs) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("INSERT INTO enrolment_codes(code_hash, office, created_at, expires_at) "
                                 "VALUES(?1, ?2, ?3, ?4)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(codeHash)).bind(2, officeCode).bind(3, nowMs).bind(4, expiresAtMs);
        return stmt->run();
    }

    core::Result<RedeemResult> redeemEnrolmentCode(const core::Hash& codeHash, const core::PublicKey& device,
                                                    const std::string& label, std::int64_t nowMs,
                                                    Office& officeOut, std::uint32_t& numberOut) override {
        std::lock_guard lock(m_mutex);
        auto tx = sql::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        auto code = m_db.prepare("SELECT c.office, c.expires_at, c.used_at, o.name FROM enrolment_codes c "
                                 "JOIN offices o ON o.code = c.office WHERE c.code_hash = ?1");
        if (!code)
            return code.error();
        code->bind(1, core::ByteView(codeHash));
        auto row = code->step();
        if (!row)
            return row.error();
        if (!*row)
            return RedeemResult::UnknownCode;
        officeOut.code = code->columnText(0);
        officeOut.name = code->columnText(3);
        if (!code->columnIsNull(2))
            return RedeemResult::AlreadyUsed;
        if (code->columnInt(1) <= nowMs)
            return RedeemResult::Expired;
        code->reset();

        auto existing = m_db.prepare("SELECT 1 FROM devices WHERE key = ?1");
        if (!existing)
            return existing.error();
        existing->bind(1, core::ByteView(device));
        auto found = existing->step();
        if (!found)
            return found.error();
        if (*found)
            return RedeemResult::AlreadyEnrolled;

        auto next = m_db.prepare("SELECT coalesce(max(number), 0) + 1 FROM devices WHERE office = ?1");
        if (!next)
            return next.error();
        next->bind(1, officeOut.code);
        auto got = next->step();
        if (!got)
            return got.error();
        const std::int64_t number = next->columnInt(0);
        if (number > 9999)
            return makeError(core::ErrorCode::TooLarge, "office " + officeOut.code + " has 9999 devices already");
        numberOut = static_cast<std::uint32_t>(number);
        auto insert = m_db.prepare("INSERT INTO devices(key, office, number, label, enrolled_at, head_seq, head_hash) "
                                   "VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6)");
        if (!insert)
            return insert.error();
        core::Hash zero{};
        insert->bind(1, core::ByteView(device)).bind(2, officeOut.code).bind(3, number).bind(4, label).bind(5, nowMs);
        insert->bind(6, core::ByteView(zero));
        TRY(insert->run());
        auto use = m_db.prepare("UPDATE enrolment_codes SET used_at = ?2, used_by = ?3 WHERE code_hash = ?1");
        if (!use)
            return use.error();
        use->bind(1, core::ByteView(codeHash)).bind(2, nowMs).bind(3, core::ByteView(device));
        TRY(use->run());
        TRY(tx->commit());
        return RedeemResult::Enrolled;
    }

    core::Result<std::optional<DeviceInfo>> findDevice(const core::PublicKey& device) override {
        std::lock_guard lock(m_mutex);
        return findDeviceLocked(device);
    }

    core::Result<std::vector<DeviceInfo>> listDevices() override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare(std::string(kDeviceColumns) + " ORDER BY enrolled_at, key");
        if (!stmt)
            return stmt.error();
        return stmt->collect<DeviceInfo>([&](sql::Statement& s) { return deviceFromRow(s); });
    }

    core::Result<std::optional<Office>> findOffice(const std::string& code) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT code, name FROM offices WHERE code = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, code);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<Office>{};
        return std::optional<Office>(Office{stmt->columnText(0), stmt->columnText(1)});
    }

    core::Result<bool> revokeDevice(const core::PublicKey& device, std::int64_t nowMs) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE key = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(device)).bind(2, nowMs);
        TRY(stmt->run());
        return m_db.changes() > 0;
    }

    core::Result<std::unique_ptr<IngestSession>> beginIngest(const core::PublicKey& device) override {
        std::unique_lock lock(m_mutex);
        auto tx = sql::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        // Read inside the transaction: the head cannot move under us.
        auto info = findDeviceLocked(device);
        if (!info)
            return info.error();
        if (!info->has_value())
            return makeError(core::ErrorCode::NotFound, "the device " + core::toHex(device).substr(0, 8) + " is not enrolled");
        return std::unique_ptr<IngestSession>(
            std::make_unique<SqliteIngestSession>(std::move(lock), m_db, std::move(*tx), std::move(**info)));
    }

    core::Status keepConflict(const core::PublicKey& device, std::uint64_t sequence, core::ByteView bytes, std::int64_t nowMs) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("INSERT INTO conflicts(device, seq, bytes, received_at) VALUES(?1, ?2, ?3, ?4)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(device)).bind(2, static_cast<std::int64_t>(sequence)).bind(3, bytes).bind(4, nowMs);
        return stmt->run();
    }

    core::Status logIncident(const Incident& incident) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("INSERT INTO incidents(device, kind, seq, detail, at) VALUES(?1, ?2, ?3, ?4, ?5)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(incident.device))
            .bind(2, incident.kind)
            .bind(3, static_cast<std::int64_t>(incident.sequence))
            .bind(4, incident.detail)
            .bind(5, incident.atMs);
        return stmt->run();
    }

    core::Result<std::vector<Incident>> incidents(std::size_t limit) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT id, device, kind, seq, detail, at FROM incidents ORDER BY id DESC LIMIT ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, static_cast<std::int64_t>(limit));
        return stmt->collect<Incident>([&](sql::Statement& s) {
            return Incident{s.columnInt(0), keyFrom(s.columnBlob(1)), s.columnText(2),
                            static_cast<std::uint64_t>(s.columnInt(3)), s.columnText(4), s.columnInt(5)};
        });
    }

    core::Result<std::uint64_t> recordCount() override {
        std::lock_guard lock(m_mutex);
        auto n = m_db.queryInt("SELECT count(*) FROM records");
        if (!n)
            return n.error();
        return static_cast<std::uint64_t>(*n);
    }

    core::Result<std::uint64_t> recordCount(const core::PublicKey& device) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT count(*) FROM records WHERE device = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(device));
        auto row = stmt->step();
        if (!row)
            return row.error();
        return static_cast<std::uint64_t>(stmt->columnInt(0));
    }

    core::Result<std::uint64_t> conflictCount() override {
        std::lock_guard lock(m_mutex);
        auto n = m_db.queryInt("SELECT count(*) FROM conflicts");
        if (!n)
            return n.error();
        return static_cast<std::uint64_t>(*n);
    }

    core::Result<std::optional<core::Bytes>> recordBytes(const core::PublicKey& device, std::uint64_t sequence) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT bytes FROM records WHERE device = ?1 AND seq = ?2");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(device)).bind(2, static_cast<std::int64_t>(sequence));
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<core::Bytes>{};
        auto blob = stmt->columnBlob(0);
        return std::optional<core::Bytes>(core::Bytes(blob.begin(), blob.end()));
    }

    core::Result<std::vector<std::uint64_t>> sequences(const core::PublicKey& device) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT seq FROM records WHERE device = ?1 ORDER BY seq");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(device));
        return stmt->collect<std::uint64_t>(
            [](sql::Statement& s) { return static_cast<std::uint64_t>(s.columnInt(0)); });
    }

    core::Result<std::uint64_t> latestBundleVersion() override {
        std::lock_guard lock(m_mutex);
        auto n = m_db.queryInt("SELECT coalesce(max(version), 0) FROM bundles");
        if (!n)
            return n.error();
        return static_cast<std::uint64_t>(*n);
    }

    core::Status putBundle(std::uint64_t version, const std::string& envelope, std::int64_t nowMs) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("INSERT INTO bundles(version, envelope, published_at) VALUES(?1, ?2, ?3)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, static_cast<std::int64_t>(version)).bind(2, envelope).bind(3, nowMs);
        return stmt->run();
    }

    core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundle() override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT version, envelope FROM bundles ORDER BY version DESC LIMIT 1");
        if (!stmt)
            return stmt.error();
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<std::pair<std::uint64_t, std::string>>{};
        return std::optional(std::pair(static_cast<std::uint64_t>(stmt->columnInt(0)), stmt->columnText(1)));
    }

    core::Result<std::optional<TicketRow>> findTicket(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        return findTicketLocked(id);
    }

    core::Result<std::vector<TicketRow>> listTickets(std::size_t limit) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT id, device, seq, office, status, reply, updated_at FROM tickets "
                                 "ORDER BY updated_at DESC, id LIMIT ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, static_cast<std::int64_t>(limit));
        return stmt->collect<TicketRow>([&](sql::Statement& s) { return ticketFromRow(s); });
    }

    core::Result<sync::TicketUpdate> updateTicket(const std::string& id, sync::TicketStatus status, const std::string& reply,
                                             std::int64_t nowMs) override {
        std::lock_guard lock(m_mutex);
        auto tx = sql::Transaction::begin(m_db);
        if (!tx)
            return tx.error();
        auto ticket = findTicketLocked(id);
        if (!ticket)
            return ticket.error();
        if (!ticket->has_value())
            return makeError(core::ErrorCode::NotFound, "there is no ticket " + id);
        auto set = m_db.prepare("UPDATE tickets SET status = ?2, reply = ?3, updated_at = ?4 WHERE id = ?1");
        if (!set)
            return set.error();
        set->bind(1, id).bind(2, std::string_view(sync::ticketStatusName(status))).bind(3, reply).bind(4, nowMs);
        TRY(set->run());
        auto add = m_db.prepare("INSERT INTO ticket_updates(ticket, office, status, reply, at) VALUES(?1, ?2, ?3, ?4, ?5)");
        if (!add)
            return add.error();
        add->bind(1, id).bind(2, (*ticket)->officeCode).bind(3, std::string_view(sync::ticketStatusName(status)));
        add->bind(4, reply).bind(5, nowMs);
        TRY(add->run());
        auto updateId = m_db.queryInt("SELECT last_insert_rowid()");
        if (!updateId)
            return updateId.error();
        TRY(tx->commit());
        return sync::TicketUpdate{static_cast<std::uint64_t>(*updateId), id, status, reply, nowMs};
    }

    core::Result<std::vector<sync::TicketUpdate>> ticketUpdates(const std::string& officeCode, std::uint64_t after,
                                                           std::size_t limit) override {
        std::lock_guard lock(m_mutex);
        auto stmt = m_db.prepare("SELECT id, ticket, status, reply, at FROM ticket_updates "
                                 "WHERE office = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, officeCode).bind(2, static_cast<std::int64_t>(after)).bind(3, static_cast<std::int64_t>(limit));
        return stmt->collect<sync::TicketUpdate>([&](sql::Statement& s) {
            return sync::TicketUpdate{static_cast<std::uint64_t>(s.columnInt(0)), s.columnText(1),
                                sync::ticketStatusFromName(s.columnText(2)).value_or(sync::TicketStatus::Received),
                                s.columnText(3), s.columnInt(4)};
        });
    }

private:
    static constexpr const char* kDeviceColumns =
        "SELECT key, office, label, enrolled_at, revoked_at, head_seq, head_hash, last_push_at, number FROM devices";

    static DeviceInfo deviceFromRow(const sql::Statement& stmt) {
        DeviceInfo d;
        d.key = keyFrom(stmt.columnBlob(0));
        d.officeCode = stmt.columnText(1);
        d.label = stmt.columnText(2);
        d.enrolledAtMs = stmt.columnInt(3);
        if (!stmt.columnIsNull(4))
            d.revokedAtMs = stmt.columnInt(4);
        d.head.sequence = static_cast<std::uint64_t>(stmt.columnInt(5));
        d.head.hash = hashFrom(stmt.columnBlob(6));
        d.lastPushAtMs = stmt.columnInt(7);
        d.number = static_cast<std::uint32_t>(stmt.columnInt(8));
        return d;
    }

    core::Result<std::optional<DeviceInfo>> findDeviceLocked(const core::PublicKey& device) {
        auto stmt = m_db.prepare(std::string(kDeviceColumns) + " WHERE key = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, core::ByteView(device));
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<DeviceInfo>{};
        return std::optional<DeviceInfo>(deviceFromRow(*stmt));
    }

    core::Result<std::optional<TicketRow>> findTicketLocked(const std::string& id) {
        auto stmt = m_db.prepare("SELECT id, device, seq, office, status, reply, updated_at FROM tickets WHERE id = ?1");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return std::optional<TicketRow>{};
        return std::optional<TicketRow>(ticketFromRow(*stmt));
    }

    static TicketRow ticketFromRow(const sql::Statement& stmt) {
        TicketRow t;
        t.id = stmt.columnText(0);
        t.device = keyFrom(stmt.columnBlob(1));
        t.sequence = static_cast<std::uint64_t>(stmt.columnInt(2));
        t.officeCode = stmt.columnText(3);
        t.status = sync::ticketStatusFromName(stmt.columnText(4)).value_or(sync::TicketStatus::Received);
        t.reply = stmt.columnText(5);
        t.updatedAtMs = stmt.columnInt(6);
        return t;
    }

    std::mutex m_mutex;
    sql::Database m_db;
};

core::Status migrate(sql::Database& db) {
    auto appId = db.queryInt("PRAGMA application_id");
    if (!appId)
        return appId.error();
    auto version = db.queryInt("PRAGMA user_version");
    if (!version)
        return version.error();
    if (*appId == 0 && *version == 0) {
        auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
        if (!tables)
            return tables.error();
        if (*tables != 0)
            return makeError(core::ErrorCode::Corrupt, db.path().string() + " is a database, but not a Fangsiang hub store");
        auto tx = sql::Transaction::begin(db);
        if (!tx)
            return tx.error();
        TRY(db.exec(kSchemaV1));
        TRY(db.exec("PRAGMA application_id = " + std::to_string(kHubApplicationId)));
        TRY(db.exec("PRAGMA user_version = " + std::to_string(kHubSchemaVersion)));
        return tx->commit();
    }
    if (*appId != kHubApplicationId)
        return makeError(core::ErrorCode::Corrupt, db.path().string() + " is not a Fangsiang hub store");
    if (*version > kHubSchemaVersion)
        return makeError(core::ErrorCode::UnknownVersion, db.path().string() + " was made by a newer hub (schema " +
                                                        std::to_string(*version) + ")");
    return Ok{};
}

}  // namespace

core::Result<std::unique_ptr<HubStorage>> openSqliteHubStorage(const fs::path& path) {
    auto db = sql::Database::open(path, sql::OpenMode::ReadWriteCreate);
    if (!db)
        return db.error();
    auto mode = db->prepare("PRAGMA journal_mode = WAL");
    if (!mode)
        return mode.error();
    auto row = mode->step();
    if (!row)
        return row.error();
    if (mode->columnText(0) != "wal")
        return makeError(core::ErrorCode::Io, "the hub store " + path.string() + " could not switch to WAL mode");
    mode->reset();
    // A batch is acknowledged only after COMMIT returns; FULL makes COMMIT
    // mean "on disk" in WAL mode too.
    TRY(db->exec("PRAGMA synchronous = FULL"));
    TRY(db->exec("PRAGMA foreign_keys = ON"));
    TRY(db->exec("PRAGMA trusted_schema = OFF"));
    TRY(migrate(*db));
    return std::unique_ptr<HubStorage>(std::make_unique<SqliteHubStorage>(std::move(*db)));
}

}  // namespace fangsiang::hub
