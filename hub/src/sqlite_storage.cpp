// The hub's SQLite backend. One connection guarded by a mutex: SQLite has a
// single writer anyway, and the expensive part of ingest (Ed25519
// verification) happens above this layer, in parallel, before the lock is
// taken. Other processes (the `fangsiang-hub enroll` command while `serve`
// runs) share the file through SQLite's own locking.

#include "hub/storage.hpp"
#include "sqlite_accounts.hpp"
#include "sqlite_cases.hpp"
#include "open311_store.hpp"
#include "sqlite_reports.hpp"
#include "sqlite_schema.hpp"
#include "store_copy.hpp"
#include "store_lock.hpp"
#include "sqlite_webhooks.hpp"

#include "core/sqlite.hpp"
#include "core/ticket.hpp"

#include <array>
#include <cstdio>
#include <mutex>
#include <set>
#include <system_error>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ChainHead;
using core::ErrorCode;
using core::makeError;
using core::Ok;
namespace sql = core::sql;

using namespace schema;

namespace {


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

// Prepares `text` with `args` bound to ?1, ?2, ... in order: every query of
// this backend is one statement with positional parameters.
template <typename... Args>
core::Result<sql::Statement> prepareBound(sql::Database& db, std::string_view text, const Args&... args) {
    auto stmt = TRY(db.prepare(text));
    [[maybe_unused]] int index = 0;
    (stmt.bind(++index, args), ...);
    return stmt;
}

// Runs a statement that returns no rows.
template <typename... Args>
core::Status execute(sql::Database& db, std::string_view text, const Args&... args) {
    auto stmt = TRY(prepareBound(db, text, args...));
    return stmt.run();
}

core::Bytes bytesFromRow(const sql::Statement& stmt) {
    auto blob = stmt.columnBlob(0);
    return core::Bytes(blob.begin(), blob.end());
}

core::Result<std::optional<core::Bytes>> findRecordBytes(sql::Database& db, const core::PublicKey& device,
                                                         std::uint64_t sequence) {
    auto stmt = TRY(prepareBound(db, "SELECT bytes FROM records WHERE device = ?1 AND seq = ?2", core::ByteView(device),
                                 static_cast<std::int64_t>(sequence)));
    return stmt.optionalRow<core::Bytes>(bytesFromRow);
}

class SqliteHubStorage;

class SqliteIngestSession final : public IngestSession {
public:
    SqliteIngestSession(IngestTurn turn, sql::Database& db, DeviceInfo device, reports::SqliteReports& reports)
        : m_turn(std::move(turn)), m_db(db), m_device(std::move(device)), m_head(m_device.head), m_reports(reports) {}

    const DeviceInfo& device() const override { return m_device; }
    ChainHead head() const override { return m_head; }

    core::Result<std::optional<core::Bytes>> recordAt(std::uint64_t sequence) override {
        return findRecordBytes(m_db, m_device.key, sequence);
    }

    core::Status append(const core::Record& record, std::int64_t nowMs, std::int64_t filedAtMs,
                        const BrokenTexts* broken) override {
        if (!m_insert)
            m_insert = TRY(m_db.prepare("INSERT INTO records(device, seq, kind, created_at, received_at, bytes) "
                                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
        m_insert->bind(1, core::ByteView(m_device.key))
            .bind(2, static_cast<std::int64_t>(record.sequence()))
            .bind(3, static_cast<std::int64_t>(record.kind()))
            .bind(4, record.createdAtMs())
            .bind(5, nowMs)
            .bind(6, core::ByteView(record.bytes()));
        TRY(m_insert->run());
        if (record.kind() == core::RecordKind::Complaint) {
            TRY(openTicket(record, nowMs, filedAtMs));
            TRY(m_reports.noteComplaint(m_device.officeCode, record.payload(), filedAtMs, broken));
        }
        if (record.kind() == core::RecordKind::SurveyResponse)
            TRY(m_reports.noteSurvey(m_device.officeCode, record.payload(), filedAtMs, true, broken));
        m_head = record.asHead();
        m_pushed = nowMs;
        return Ok{};
    }

    core::Status commit() override {
        TRY(execute(m_db,
                    "UPDATE devices SET head_seq = ?2, head_hash = ?3, last_push_at = max(last_push_at, ?4) "
                    "WHERE key = ?1",
                    core::ByteView(m_device.key), static_cast<std::int64_t>(m_head.sequence),
                    core::ByteView(m_head.hash), m_pushed));
        m_insert.reset();  // finalise before COMMIT so nothing holds the statement open
        TRY(m_reports.flush());
        m_committed = true;
        // Returns once the COMMIT this batch shares with others has returned
        // (store_lock.hpp).
        return m_turn.commit();
    }

    ~SqliteIngestSession() override {
        if (!m_committed)
            m_reports.discard();  // the session rolls back: so does what it counted
    }

private:
    core::Status openTicket(const core::Record& record, std::int64_t nowMs, std::int64_t filedAtMs) {
        const std::string id = core::Ticket{m_device.officeCode, m_device.number, record.sequence()}.text();
        TRY(execute(m_db,
                    "INSERT INTO tickets(id, device, seq, office, status, reply, updated_at, filed_at) "
                    "VALUES(?1, ?2, ?3, ?4, 'received', '', ?5, ?6)",
                    std::string_view(id), core::ByteView(m_device.key), static_cast<std::int64_t>(record.sequence()),
                    std::string_view(m_device.officeCode), nowMs, filedAtMs));
        TRY(execute(m_db,
                    "INSERT INTO ticket_updates(ticket, office, status, reply, at) "
                    "VALUES(?1, ?2, 'received', '', ?3)",
                    std::string_view(id), std::string_view(m_device.officeCode), nowMs));
        SqliteCases cases(m_db);
        if (!m_policy)  // read once per batch, not once per complaint
            m_policy = TRY(cases.policyOf(m_device.officeCode));
        TRY(cases.open(id, m_device, record, *m_policy, nowMs, filedAtMs));
        // The office's webhooks hear of it in this same transaction.
        if (!m_hooked)
            m_hooked = TRY(sqliteHasWebhooks(m_db, m_device.officeCode, WebhookEvent::CaseCreated));
        if (!*m_hooked)
            return Ok{};
        auto opened = TRY(cases.find(id));
        if (!opened)
            return makeError(ErrorCode::Io, "the case of ticket " + id + " was not stored");
        return queueSqliteWebhooks(m_db, *opened, {webhook_rows::createdEventOf(*opened, nowMs)}, nowMs);
    }

    IngestTurn m_turn;  // declared first: released last
    sql::Database& m_db;
    DeviceInfo m_device;
    ChainHead m_head;
    std::int64_t m_pushed = 0;
    std::optional<sql::Statement> m_insert;
    std::optional<CasePolicy> m_policy;  // the device's office's, once a complaint needs it
    std::optional<bool> m_hooked;        // whether the office has a webhook for new cases, likewise
    reports::SqliteReports& m_reports;
    bool m_committed = false;
};

class SqliteHubStorage final : public HubStorage {
public:
    explicit SqliteHubStorage(sql::Database db) : m_db(std::move(db)) {}

    core::Status putOffice(const Office& office) override {
        std::lock_guard lock(m_storeLock);
        // An empty name keeps the one stored.
        return execute(m_db,
                       "INSERT INTO offices(code, name, name_en) VALUES(?1, ?2, ?3) "
                       "ON CONFLICT(code) DO UPDATE SET name = CASE WHEN excluded.name = '' THEN name "
                       "ELSE excluded.name END, name_en = CASE WHEN excluded.name_en = '' THEN name_en "
                       "ELSE excluded.name_en END",
                       std::string_view(office.code), std::string_view(office.name), std::string_view(office.nameEn));
    }

    core::Status putEnrolmentCode(const core::Hash& codeHash, const std::string& officeCode, std::int64_t expiresAtMs,
                                  std::int64_t nowMs) override {
        std::lock_guard lock(m_storeLock);
        return execute(m_db,
                       "INSERT INTO enrolment_codes(code_hash, office, created_at, expires_at) "
                       "VALUES(?1, ?2, ?3, ?4)",
                       core::ByteView(codeHash), std::string_view(officeCode), nowMs, expiresAtMs);
    }

    core::Result<RedeemResult> redeemEnrolmentCode(const core::Hash& codeHash, const core::PublicKey& device,
                                                   const std::string& label, std::int64_t nowMs, Office& officeOut,
                                                   std::uint32_t& numberOut) override {
        std::lock_guard lock(m_storeLock);
        auto tx = TRY(sql::Transaction::begin(m_db));
        auto code = TRY(prepareBound(m_db,
                                     "SELECT c.office, c.expires_at, c.used_at, o.name FROM enrolment_codes c "
                                     "JOIN offices o ON o.code = c.office WHERE c.code_hash = ?1",
                                     core::ByteView(codeHash)));
        if (!TRY(code.step()))
            return RedeemResult::UnknownCode;
        officeOut.code = code.columnText(0);
        officeOut.name = code.columnText(3);
        if (!code.columnIsNull(2))
            return RedeemResult::AlreadyUsed;
        if (code.columnInt(1) <= nowMs)
            return RedeemResult::Expired;
        code.reset();

        auto existing = TRY(prepareBound(m_db, "SELECT 1 FROM devices WHERE key = ?1", core::ByteView(device)));
        if (TRY(existing.step()))
            return RedeemResult::AlreadyEnrolled;

        auto next = TRY(prepareBound(m_db, "SELECT coalesce(max(number), 0) + 1 FROM devices WHERE office = ?1",
                                     std::string_view(officeOut.code)));
        TRY(next.step());
        const std::int64_t number = next.columnInt(0);
        if (number > 9999)
            return makeError(ErrorCode::TooLarge, "office " + officeOut.code + " has 9999 devices already");
        numberOut = static_cast<std::uint32_t>(number);
        const core::Hash zero{};
        TRY(execute(m_db,
                    "INSERT INTO devices(key, office, number, label, enrolled_at, head_seq, head_hash) "
                    "VALUES(?1, ?2, ?3, ?4, ?5, 0, ?6)",
                    core::ByteView(device), std::string_view(officeOut.code), number, std::string_view(label), nowMs,
                    core::ByteView(zero)));
        TRY(execute(m_db, "UPDATE enrolment_codes SET used_at = ?2, used_by = ?3 WHERE code_hash = ?1",
                    core::ByteView(codeHash), nowMs, core::ByteView(device)));
        TRY(tx.commit());
        return RedeemResult::Enrolled;
    }

    core::Result<std::optional<DeviceInfo>> findDevice(const core::PublicKey& device) override {
        std::lock_guard lock(m_storeLock);
        return findDeviceLocked(device);
    }

    core::Result<std::optional<DeviceInfo>> findDeviceForIngest(const core::PublicKey& device) override {
        m_storeLock.lockPeek();  // no ingest changes what is read here but the head, which ingest reads again
        std::lock_guard lock(m_storeLock, std::adopt_lock);
        return findDeviceLocked(device);
    }

    core::Result<std::vector<DeviceInfo>> listDevices() override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.prepare(std::string(kDeviceColumns) + " ORDER BY enrolled_at, key"));
        return stmt.collect<DeviceInfo>(deviceFromRow);
    }

    core::Result<std::optional<Office>> findOffice(const std::string& code) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db, "SELECT code, name, name_en FROM offices WHERE code = ?1",
                                     std::string_view(code)));
        return stmt.optionalRow<Office>(
            [](const sql::Statement& s) { return Office{s.columnText(0), s.columnText(1), s.columnText(2)}; });
    }

    core::Result<bool> revokeDevice(const core::PublicKey& device, std::int64_t nowMs) override {
        std::lock_guard lock(m_storeLock);
        TRY(execute(m_db, "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE key = ?1",
                    core::ByteView(device), nowMs));
        return m_db.changes() > 0;
    }

    core::Result<std::unique_ptr<IngestSession>> beginIngest(const core::PublicKey& device) override {
        TRY(m_storeLock.beginIngest());
        IngestTurn turn(m_storeLock);
        // Read inside the transaction: the head cannot move under us.
        auto info = TRY(findDeviceLocked(device));
        if (!info)
            return makeError(ErrorCode::NotFound, "the device " + core::toHex(device).substr(0, 8) + " is not enrolled");
        return std::unique_ptr<IngestSession>(
            std::make_unique<SqliteIngestSession>(std::move(turn), m_db, std::move(*info), m_reports));
    }

    core::Status keepConflict(const core::PublicKey& device, std::uint64_t sequence, core::ByteView bytes,
                              std::int64_t nowMs) override {
        std::lock_guard lock(m_storeLock);
        return execute(m_db, "INSERT INTO conflicts(device, seq, bytes, received_at) VALUES(?1, ?2, ?3, ?4)",
                       core::ByteView(device), static_cast<std::int64_t>(sequence), bytes, nowMs);
    }

    core::Status logIncident(const Incident& incident) override {
        std::lock_guard lock(m_storeLock);
        return execute(m_db, "INSERT INTO incidents(device, kind, seq, detail, at) VALUES(?1, ?2, ?3, ?4, ?5)",
                       core::ByteView(incident.device), std::string_view(incident.kind),
                       static_cast<std::int64_t>(incident.sequence), std::string_view(incident.detail), incident.atMs);
    }

    core::Result<std::vector<Incident>> incidents(std::size_t limit) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db, "SELECT id, device, kind, seq, detail, at FROM incidents ORDER BY id DESC LIMIT ?1",
                                     static_cast<std::int64_t>(limit)));
        return stmt.collect<Incident>([](const sql::Statement& s) {
            return Incident{s.columnInt(0), keyFrom(s.columnBlob(1)), s.columnText(2),
                            static_cast<std::uint64_t>(s.columnInt(3)), s.columnText(4), s.columnInt(5)};
        });
    }

    core::Result<std::uint64_t> countIncidents(const IncidentQuery& query) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db,
                                     "SELECT count(*) FROM incidents WHERE device = ?1 AND kind = ?2 AND at >= ?3 "
                                     "AND (?4 IS NULL OR seq = ?4)",
                                     core::ByteView(query.device), std::string_view(query.kind), query.sinceMs));
        if (query.sequence)
            stmt.bind(4, static_cast<std::int64_t>(*query.sequence));
        else
            stmt.bindNull(4);
        TRY(stmt.step());
        return static_cast<std::uint64_t>(stmt.columnInt(0));
    }

    core::Result<std::uint64_t> recordCount() override { return count("SELECT count(*) FROM records"); }

    core::Result<std::uint64_t> recordCount(const core::PublicKey& device) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db, "SELECT count(*) FROM records WHERE device = ?1", core::ByteView(device)));
        TRY(stmt.step());
        return static_cast<std::uint64_t>(stmt.columnInt(0));
    }

    core::Result<std::uint64_t> conflictCount() override { return count("SELECT count(*) FROM conflicts"); }

    core::Result<std::optional<core::Bytes>> recordBytes(const core::PublicKey& device, std::uint64_t sequence) override {
        std::lock_guard lock(m_storeLock);
        return findRecordBytes(m_db, device, sequence);
    }

    core::Result<std::vector<std::uint64_t>> sequences(const core::PublicKey& device) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db, "SELECT seq FROM records WHERE device = ?1 ORDER BY seq", core::ByteView(device)));
        return stmt.collect<std::uint64_t>(
            [](const sql::Statement& s) { return static_cast<std::uint64_t>(s.columnInt(0)); });
    }

    core::Result<std::uint64_t> highestSequence(const core::PublicKey& device) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db, "SELECT coalesce(max(seq), 0) FROM records WHERE device = ?1",
                                     core::ByteView(device)));
        TRY(stmt.step());
        return static_cast<std::uint64_t>(stmt.columnInt(0));
    }

    core::Status forEachRecord(const core::PublicKey& device,
                               const std::function<core::Status(const StoredRecord&)>& visit) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db,
                                     "SELECT seq, kind, created_at, received_at, bytes FROM records "
                                     "WHERE device = ?1 ORDER BY seq",
                                     core::ByteView(device)));
        while (TRY(stmt.step())) {
            StoredRecord row;
            row.sequence = static_cast<std::uint64_t>(stmt.columnInt(0));
            row.kind = static_cast<std::uint8_t>(stmt.columnInt(1));
            row.createdAtMs = stmt.columnInt(2);
            row.receivedAtMs = stmt.columnInt(3);
            row.bytes = stmt.columnBlob(4);
            TRY(visit(row));
        }
        return Ok{};
    }

    core::Status forEachBundle(
        const std::function<core::Status(std::uint64_t version, const std::string& envelope)>& visit) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.prepare("SELECT version, envelope FROM bundles ORDER BY version"));
        while (TRY(stmt.step()))
            TRY(visit(static_cast<std::uint64_t>(stmt.columnInt(0)), stmt.columnText(1)));
        return Ok{};
    }

    core::Result<std::uint64_t> latestBundleVersion() override {
        return count("SELECT coalesce(max(version), 0) FROM bundles");
    }

    core::Status putBundle(std::uint64_t version, const std::string& officeCode, const std::string& envelope,
                           std::int64_t nowMs) override {
        std::lock_guard lock(m_storeLock);
        return execute(m_db, "INSERT INTO bundles(version, envelope, published_at, office) VALUES(?1, ?2, ?3, ?4)",
                       static_cast<std::int64_t>(version), std::string_view(envelope), nowMs,
                       std::string_view(officeCode));
    }

    core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundle() override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(m_db.prepare("SELECT version, envelope FROM bundles ORDER BY version DESC LIMIT 1"));
        return stmt.optionalRow<std::pair<std::uint64_t, std::string>>(bundleFromRow);
    }

    core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundleFor(
        const std::string& officeCode) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db,
                                     "SELECT version, envelope FROM bundles WHERE office IN ('', ?1) "
                                     "ORDER BY version DESC LIMIT 1",
                                     std::string_view(officeCode)));
        return stmt.optionalRow<std::pair<std::uint64_t, std::string>>(bundleFromRow);
    }

    core::Result<std::optional<TicketRow>> findTicket(const std::string& id) override {
        std::lock_guard lock(m_storeLock);
        return findTicketLocked(id);
    }

    core::Result<std::vector<TicketRow>> listTickets(std::size_t limit) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db, std::string(kTicketColumns) + " ORDER BY updated_at DESC, id LIMIT ?1",
                                     static_cast<std::int64_t>(limit)));
        return stmt.collect<TicketRow>(ticketFromRow);
    }

    core::Result<std::vector<sync::TicketUpdate>> ticketUpdates(const std::string& officeCode, std::uint64_t after,
                                                                std::size_t limit) override {
        std::lock_guard lock(m_storeLock);
        auto stmt = TRY(prepareBound(m_db,
                                     // Not a partner's (Open311) case: see docs/CASES.md.
                                     "SELECT id, ticket, status, reply, at FROM ticket_updates "
                                     "WHERE office = ?1 AND id > ?2 AND ticket NOT LIKE ?1 || '-0-%' "
                                     "ORDER BY id LIMIT ?3",
                                     std::string_view(officeCode), static_cast<std::int64_t>(after),
                                     static_cast<std::int64_t>(limit)));
        return stmt.collect<sync::TicketUpdate>([](const sql::Statement& s) {
            return sync::TicketUpdate{static_cast<std::uint64_t>(s.columnInt(0)), s.columnText(1),
                                      sync::ticketStatusFromName(s.columnText(2)).value_or(sync::TicketStatus::Received),
                                      s.columnText(3), s.columnInt(4)};
        });
    }

    // [SECTION] Cases: sqlite_cases.cpp, under this connection's lock
    core::Result<CasePage> listCases(const CaseQuery& query) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.list(query);
    }
    core::Result<std::optional<CaseRow>> findCase(const std::string& ticket) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.find(ticket);
    }
    core::Result<std::vector<CaseEvent>> caseEvents(const std::string& ticket) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.events(ticket);
    }
    core::Result<CaseRow> actOnCase(const CaseAction& action) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.act(action);
    }
    core::Status putCasePolicy(const std::string& officeCode, const std::string& policyJson, std::int64_t nowMs,
                               const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.putPolicy(officeCode, policyJson, nowMs, audit);
    }
    core::Result<std::optional<std::string>> casePolicy(const std::string& officeCode) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.policyText(officeCode);
    }
    core::Status putReplyTemplate(const ReplyTemplate& reply, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.putTemplate(reply, audit);
    }
    core::Result<std::vector<ReplyTemplate>> replyTemplates(const std::string& officeCode) override {
        std::lock_guard lock(m_storeLock);
        return m_cases.templates(officeCode);
    }

    // [SECTION] Officers: sqlite_accounts.cpp, under this connection's lock
    core::Result<std::vector<Office>> listOffices() override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.listOffices();
    }
    core::Status addUnit(const Unit& unit, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.addUnit(unit, audit);
    }
    core::Result<std::vector<Unit>> listUnits(const std::string& officeCode) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.listUnits(officeCode);
    }
    core::Result<std::optional<Unit>> findUnit(const std::string& officeCode, const std::string& code) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.findUnit(officeCode, code);
    }
    core::Result<std::int64_t> addOfficer(const Officer& officer, const std::string& passwordHash, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.addOfficer(officer, passwordHash, audit);
    }
    core::Result<std::optional<Officer>> findOfficer(const std::string& username) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.findOfficer(username);
    }
    core::Result<std::optional<Officer>> findOfficerById(std::int64_t id) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.findOfficerById(id);
    }
    core::Result<std::optional<std::string>> passwordHashOf(std::int64_t officerId) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.passwordHashOf(officerId);
    }
    core::Result<std::vector<Officer>> listOfficers(const std::string& officeCode) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.listOfficers(officeCode);
    }
    core::Status disableOfficer(std::int64_t officerId, std::int64_t nowMs, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.disableOfficer(officerId, nowMs, audit);
    }
    core::Status resetPassword(std::int64_t officerId, const std::string& passwordHash, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.resetPassword(officerId, passwordHash, audit);
    }
    core::Status openSession(const SessionRow& session, const std::string& username, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.openSession(session, username, audit);
    }
    core::Result<std::optional<SessionRow>> findSession(const core::Hash& tokenHash) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.findSession(tokenHash);
    }
    core::Result<std::uint64_t> endExpiredSessions(std::int64_t idleBeforeMs, std::int64_t openedBeforeMs) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.endExpiredSessions(idleBeforeMs, openedBeforeMs);
    }
    core::Status touchSession(const core::Hash& tokenHash, std::int64_t nowMs) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.touchSession(tokenHash, nowMs);
    }
    core::Status closeSession(const core::Hash& tokenHash, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.closeSession(tokenHash, audit);
    }
    core::Status addLoginFailure(const std::string& username, const std::string& address, std::int64_t forgetBeforeMs, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.addLoginFailure(username, address, forgetBeforeMs, audit);
    }
    core::Result<std::uint64_t> countLoginFailures(const LoginFailureQuery& query) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.countLoginFailures(query);
    }
    core::Status lockAccount(const std::string& username, std::int64_t untilMs, const AuditEntry& audit) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.lockAccount(username, untilMs, audit);
    }
    core::Result<std::optional<std::int64_t>> accountLockedUntil(const std::string& username) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.accountLockedUntil(username);
    }
    core::Status appendAudit(const AuditEntry& entry) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.appendAudit(entry);
    }
    core::Result<std::vector<AuditEntry>> listAudit(const AuditQuery& query) override {
        std::lock_guard lock(m_storeLock);
        return m_accounts.listAudit(query);
    }

private:
    static constexpr const char* kDeviceColumns =
        "SELECT key, office, label, enrolled_at, revoked_at, head_seq, head_hash, last_push_at, number FROM devices";
    static constexpr const char* kTicketColumns =
        "SELECT id, device, seq, office, status, reply, updated_at, filed_at FROM tickets";

    // The single count a query returns.
    core::Result<std::uint64_t> count(std::string_view query) {
        std::lock_guard lock(m_storeLock);
        return static_cast<std::uint64_t>(TRY(m_db.queryInt(query)));
    }

    static std::pair<std::uint64_t, std::string> bundleFromRow(const sql::Statement& s) {
        return {static_cast<std::uint64_t>(s.columnInt(0)), s.columnText(1)};
    }

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
        auto stmt = TRY(prepareBound(m_db, std::string(kDeviceColumns) + " WHERE key = ?1", core::ByteView(device)));
        return stmt.optionalRow<DeviceInfo>(deviceFromRow);
    }

    core::Result<std::optional<TicketRow>> findTicketLocked(const std::string& id) {
        auto stmt = TRY(prepareBound(m_db, std::string(kTicketColumns) + " WHERE id = ?1", std::string_view(id)));
        return stmt.optionalRow<TicketRow>(ticketFromRow);
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
        t.filedAtMs = stmt.columnInt(7);
        return t;
    }

    sql::Database m_db;
    StoreLock m_storeLock{m_db};
    SqliteAccounts m_accounts{m_db};
    reports::SqliteReports m_reports{m_storeLock, m_db};
    SqliteCases m_cases{m_db, &m_reports};
    SqliteWebhooks m_webhooks{m_storeLock, m_db};

public:
    std::unique_ptr<Open311Store> m_open311 = open311_store::sqliteStore(m_storeLock, m_db, m_reports);

public:
    ReportSource& reports() override { return m_reports; }

    core::Result<StoreCopy> copyStoreInto(const fs::path& folder) override {
        std::lock_guard lock(m_storeLock);
        TRY(copySqliteStore(m_db, folder / kSqliteCopyFile));
        return StoreCopy{"sqlite", kSqliteCopyFile};
    }
    WebhookStore& webhooks() override { return m_webhooks; }
    Open311Store& open311() override { return *m_open311; }
};

}  // namespace

core::Result<std::unique_ptr<HubStorage>> openSqliteHubStorage(const fs::path& path) {
    TRY(checkFile(path));
    auto db = TRY(sql::Database::open(path, sql::OpenMode::ReadWrite));
    TRY(configure(db));
    const std::int64_t version = TRY(checkStructure(db, path));
    TRY(useWal(db, path));
    if (version < kHubSchemaVersion) {
        auto tx = TRY(sql::Transaction::begin(db));
        TRY(migrateFrom(db, version));
        TRY(tx.commit());
    }
    return std::unique_ptr<HubStorage>(std::make_unique<SqliteHubStorage>(std::move(db)));
}

core::Result<std::unique_ptr<HubStorage>> createSqliteHubStorage(const fs::path& path) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec)))
        return makeError(ErrorCode::InvalidArgument,
                         path.string() + " exists already; a hub store is never replaced (move it away first if "
                                         "it really is to be discarded)");
    auto db = TRY(sql::Database::open(path, sql::OpenMode::ReadWriteCreate));
    TRY(configure(db));
    TRY(useWal(db, path));
    auto tx = TRY(sql::Transaction::begin(db));
    TRY(createSchema(db));
    TRY(tx.commit());
    return std::unique_ptr<HubStorage>(std::make_unique<SqliteHubStorage>(std::move(db)));
}

}  // namespace fangsiang::hub
