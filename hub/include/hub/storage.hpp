#pragma once
// What the hub keeps, behind an interface so that a PostgreSQL backend can
// follow the SQLite one. The interface speaks in records and facts, never in
// SQL; every verification decision is made above it, in HubService, so a new
// backend only has to store and fetch faithfully and durably.
//
// Durability contract: when a call that writes returns success, what it wrote
// survives a crash of the process or a power cut.

#include "hub/accounts.hpp"
#include "hub/cases.hpp"
#include "hub/open311.hpp"
#include "hub/report_store.hpp"
#include "hub/webhooks.hpp"
#include "sync/protocol.hpp"

#include "core/record.hpp"

#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

class BrokenTexts;  // hub/keywords.hpp

struct Office {
    std::string code;
    std::string name;    // Thai, as citizens read it
    std::string nameEn;  // may be empty
};

struct DeviceInfo {
    core::PublicKey key{};
    std::string officeCode;
    std::uint32_t number = 0;     // 1-9999 within the office
    std::string label;
    std::int64_t enrolledAtMs = 0;
    std::optional<std::int64_t> revokedAtMs;
    core::ChainHead head;        // the last record of the unbroken chain the hub holds
    std::int64_t lastPushAtMs = 0;
};

// Something an officer should see: a gap, a broken chain, a conflict, a
// record refused, a skipped (device-quarantined) record.
struct Incident {
    std::int64_t id = 0;
    core::PublicKey device{};
    std::string kind;     // "gap", "broken-chain", "conflict", "refused", "skipped", "store-lost", "device-clock-wrong", ...
    std::uint64_t sequence = 0;
    std::string detail;   // plain words
    std::int64_t atMs = 0;
};

enum class RedeemResult { Enrolled, UnknownCode, Expired, AlreadyUsed, AlreadyEnrolled };

struct TicketRow {
    std::string id;
    core::PublicKey device{};
    std::uint64_t sequence = 0;
    std::string officeCode;
    sync::TicketStatus status = sync::TicketStatus::Received;
    std::string reply;
    std::int64_t updatedAtMs = 0;
    // When the citizen filed it as far as the hub can tell: the record's
    // creation time when plausible, else the hub's receive time (the
    // impossible-time rule, docs/PROTOCOL.md). Due dates count from here.
    std::int64_t filedAtMs = 0;
};

// One stored record with the columns the store keeps beside its bytes.
struct StoredRecord {
    std::uint64_t sequence = 0;
    std::uint8_t kind = 0;
    std::int64_t createdAtMs = 0;   // the device's claim, copied from the signed bytes
    std::int64_t receivedAtMs = 0;  // the hub's clock when it stored the record
    core::ByteView bytes;           // valid during the callback only
};

// Which incidents to count: a device's incidents of one kind, optionally at
// one sequence, at or after a time.
struct IncidentQuery {
    core::PublicKey device{};
    std::string kind;
    std::optional<std::uint64_t> sequence;
    std::int64_t sinceMs = std::numeric_limits<std::int64_t>::min();
};

// One device's chain, held for writing: the backend's write transaction and
// whatever lock it needs. Nothing is visible to others until commit();
// destroying an uncommitted session rolls it back.
class IngestSession {
public:
    virtual ~IngestSession() = default;
    [[nodiscard]] virtual const DeviceInfo& device() const = 0;
    [[nodiscard]] virtual core::ChainHead head() const = 0;
    // The bytes held for a sequence at or below the head, if any.
    [[nodiscard]] virtual core::Result<std::optional<core::Bytes>> recordAt(std::uint64_t sequence) = 0;
    // Stores a verified record and makes it the head, with the hub's receive
    // time beside it. A complaint also opens its ticket (status "received")
    // and its case, filed at `filedAtMs` (decided above the interface: see
    // TicketRow), due as the office's case policy counts.
    // `broken`: the record's texts broken into their terms already
    // (breakRecordTexts, hub/listening.hpp), or nothing: broken here.
    [[nodiscard]] virtual core::Status append(const core::Record& record, std::int64_t receivedAtMs,
                                              std::int64_t filedAtMs, const BrokenTexts* broken) = 0;
    [[nodiscard]] core::Status append(const core::Record& record, std::int64_t receivedAtMs, std::int64_t filedAtMs) {
        return append(record, receivedAtMs, filedAtMs, nullptr);
    }
    // Ok only once the session's work is durable. SQLite may COMMIT it
    // together with other devices' sessions that arrived at the same time
    // (hub/src/store_lock.hpp); an error means none of it is stored.
    [[nodiscard]] virtual core::Status commit() = 0;
};

class HubStorage {
public:
    virtual ~HubStorage() = default;

    // [SECTION] Devices and enrolment
    [[nodiscard]] virtual core::Status putOffice(const Office& office) = 0;
    [[nodiscard]] virtual core::Status putEnrolmentCode(const core::Hash& codeHash, const std::string& officeCode,
                                                  std::int64_t expiresAtMs, std::int64_t nowMs) = 0;
    // Atomically: the code exists, is unexpired and unused; the device is
    // recorded with the code's office and the office's next device number
    // (set in `numberOut`); the code is used up.
    [[nodiscard]] virtual core::Result<RedeemResult> redeemEnrolmentCode(const core::Hash& codeHash, const core::PublicKey& device,
                                                                          const std::string& label, std::int64_t nowMs,
                                                                          Office& officeOut,
                                                                          std::uint32_t& numberOut) = 0;
    [[nodiscard]] virtual core::Result<std::optional<DeviceInfo>> findDevice(const core::PublicKey& device) = 0;
    // The device as ingest checks it before its batch's session: its office
    // and whether it is revoked. Its head may be one not yet committed
    // (beginIngest reads the head again, inside the session).
    [[nodiscard]] virtual core::Result<std::optional<DeviceInfo>> findDeviceForIngest(const core::PublicKey& device) {
        return findDevice(device);
    }
    [[nodiscard]] virtual core::Result<std::vector<DeviceInfo>> listDevices() = 0;
    [[nodiscard]] virtual core::Result<std::optional<Office>> findOffice(const std::string& code) = 0;
    // False when there is no such device.
    [[nodiscard]] virtual core::Result<bool> revokeDevice(const core::PublicKey& device, std::int64_t nowMs) = 0;

    // [SECTION] Records
    // NotFound when the device is not enrolled.
    [[nodiscard]] virtual core::Result<std::unique_ptr<IngestSession>> beginIngest(const core::PublicKey& device) = 0;
    [[nodiscard]] virtual core::Status keepConflict(const core::PublicKey& device, std::uint64_t sequence, core::ByteView bytes,
                                              std::int64_t nowMs) = 0;
    [[nodiscard]] virtual core::Status logIncident(const Incident& incident) = 0;
    [[nodiscard]] virtual core::Result<std::vector<Incident>> incidents(std::size_t limit) = 0;
    [[nodiscard]] virtual core::Result<std::uint64_t> countIncidents(const IncidentQuery& query) = 0;
    [[nodiscard]] virtual core::Result<std::uint64_t> recordCount() = 0;
    [[nodiscard]] virtual core::Result<std::uint64_t> recordCount(const core::PublicKey& device) = 0;
    [[nodiscard]] virtual core::Result<std::uint64_t> conflictCount() = 0;
    [[nodiscard]] virtual core::Result<std::optional<core::Bytes>> recordBytes(const core::PublicKey& device,
                                                                          std::uint64_t sequence) = 0;
    // Every sequence held for a device, ascending (tests and audits).
    [[nodiscard]] virtual core::Result<std::vector<std::uint64_t>> sequences(const core::PublicKey& device) = 0;
    // The highest sequence held for a device; 0 when none.
    [[nodiscard]] virtual core::Result<std::uint64_t> highestSequence(const core::PublicKey& device) = 0;
    // Every record of a device in sequence order, one at a time (memory stays
    // at one record whatever the store's size); stops at the first error
    // `visit` returns and returns it.
    [[nodiscard]] virtual core::Status forEachRecord(const core::PublicKey& device,
                                                     const std::function<core::Status(const StoredRecord&)>& visit) = 0;

    // [SECTION] Content
    // Versions count up across the hub, whichever office they are for.
    [[nodiscard]] virtual core::Result<std::uint64_t> latestBundleVersion() = 0;
    // Fails when `version` is already taken (two publishers at once). An
    // empty office: the content of every office of the hub.
    [[nodiscard]] virtual core::Status putBundle(std::uint64_t version, const std::string& officeCode,
                                                 const std::string& envelope, std::int64_t nowMs) = 0;
    // The newest version of all (store checks).
    [[nodiscard]] virtual core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundle() = 0;
    // What an office's kiosks receive: the newest version published for that
    // office or for every office.
    [[nodiscard]] virtual core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundleFor(
        const std::string& officeCode) = 0;
    // Every published version, oldest first, one at a time (audits).
    [[nodiscard]] virtual core::Status forEachBundle(
        const std::function<core::Status(std::uint64_t version, const std::string& envelope)>& visit) = 0;

    // [SECTION] Tickets
    [[nodiscard]] virtual core::Result<std::optional<TicketRow>> findTicket(const std::string& id) = 0;
    // The most recently changed tickets first.
    [[nodiscard]] virtual core::Result<std::vector<TicketRow>> listTickets(std::size_t limit) = 0;
    // Updates of an office's tickets with an id above `after`, oldest first.
    [[nodiscard]] virtual core::Result<std::vector<sync::TicketUpdate>> ticketUpdates(const std::string& officeCode,
                                                                                 std::uint64_t after,
                                                                                 std::size_t limit) = 0;

    // [SECTION] Cases (hub/cases.hpp): a complaint's case is opened by
    // IngestSession::append with its ticket.
    [[nodiscard]] virtual core::Result<CasePage> listCases(const CaseQuery& query) = 0;
    [[nodiscard]] virtual core::Result<std::optional<CaseRow>> findCase(const std::string& ticket) = 0;
    // The case's timeline, oldest first.
    [[nodiscard]] virtual core::Result<std::vector<CaseEvent>> caseEvents(const std::string& ticket) = 0;
    // Does what `action` says in one transaction (see CaseAction); the case
    // as it is after.
    [[nodiscard]] virtual core::Result<CaseRow> actOnCase(const CaseAction& action) = 0;
    // An office's case policy (hub/due_dates.hpp, checked here too): the
    // office's open cases are then due as it counts.
    [[nodiscard]] virtual core::Status putCasePolicy(const std::string& officeCode, const std::string& policyJson,
                                                     std::int64_t nowMs, const AuditEntry& audit) = 0;
    // The policy's text; nothing when the office has set none (the defaults).
    [[nodiscard]] virtual core::Result<std::optional<std::string>> casePolicy(const std::string& officeCode) = 0;
    [[nodiscard]] virtual core::Status putReplyTemplate(const ReplyTemplate& reply, const AuditEntry& audit) = 0;
    // An office's templates, those of one category before those for every category ("*").
    [[nodiscard]] virtual core::Result<std::vector<ReplyTemplate>> replyTemplates(const std::string& officeCode) = 0;

    // [SECTION] Offices, units and officers
    // Every call that changes something here appends `audit` to the audit
    // log in the same transaction: either both are stored or neither.
    [[nodiscard]] virtual core::Result<std::vector<Office>> listOffices() = 0;
    // NotFound when the office is not on this hub, Duplicate when the unit
    // code is taken in it.
    [[nodiscard]] virtual core::Status addUnit(const Unit& unit, const AuditEntry& audit) = 0;
    // One office's units, or every office's when `officeCode` is empty.
    [[nodiscard]] virtual core::Result<std::vector<Unit>> listUnits(const std::string& officeCode) = 0;
    [[nodiscard]] virtual core::Result<std::optional<Unit>> findUnit(const std::string& officeCode,
                                                                     const std::string& code) = 0;
    // The new officer's id; Duplicate when the username is taken.
    [[nodiscard]] virtual core::Result<std::int64_t> addOfficer(const Officer& officer, const std::string& passwordHash,
                                                                const AuditEntry& audit) = 0;
    [[nodiscard]] virtual core::Result<std::optional<Officer>> findOfficer(const std::string& username) = 0;
    [[nodiscard]] virtual core::Result<std::optional<Officer>> findOfficerById(std::int64_t id) = 0;
    [[nodiscard]] virtual core::Result<std::optional<std::string>> passwordHashOf(std::int64_t officerId) = 0;
    // One office's officers, or everyone when `officeCode` is empty, by username.
    [[nodiscard]] virtual core::Result<std::vector<Officer>> listOfficers(const std::string& officeCode) = 0;
    // Disables the account and ends its sessions.
    [[nodiscard]] virtual core::Status disableOfficer(std::int64_t officerId, std::int64_t nowMs,
                                                      const AuditEntry& audit) = 0;
    // A new password: the account is enabled again, its sessions end, its
    // failed sign-ins and lock are forgotten.
    [[nodiscard]] virtual core::Status resetPassword(std::int64_t officerId, const std::string& passwordHash,
                                                     const AuditEntry& audit) = 0;

    // [SECTION] Sessions and sign-in attempts
    // Stores a new session and forgets the officer's failed sign-ins.
    [[nodiscard]] virtual core::Status openSession(const SessionRow& session, const std::string& username,
                                                   const AuditEntry& audit) = 0;
    [[nodiscard]] virtual core::Result<std::optional<SessionRow>> findSession(const core::Hash& tokenHash) = 0;
    // Ends every session unused since `idleBeforeMs` or opened before
    // `openedBeforeMs` (expired ones nobody presented again); how many.
    [[nodiscard]] virtual core::Result<std::uint64_t> endExpiredSessions(std::int64_t idleBeforeMs,
                                                                         std::int64_t openedBeforeMs) = 0;
    [[nodiscard]] virtual core::Status touchSession(const core::Hash& tokenHash, std::int64_t nowMs) = 0;
    // Ends a session; `audit` is written only when there was one to end
    // (an empty action writes nothing: a session that simply expired).
    [[nodiscard]] virtual core::Status closeSession(const core::Hash& tokenHash, const AuditEntry& audit) = 0;
    // Records a failed sign-in (and forgets those older than `forgetBeforeMs`).
    [[nodiscard]] virtual core::Status addLoginFailure(const std::string& username, const std::string& address,
                                                       std::int64_t forgetBeforeMs, const AuditEntry& audit) = 0;
    [[nodiscard]] virtual core::Result<std::uint64_t> countLoginFailures(const LoginFailureQuery& query) = 0;
    // Locks a username (whether or not such an officer exists) until a time.
    [[nodiscard]] virtual core::Status lockAccount(const std::string& username, std::int64_t untilMs,
                                                   const AuditEntry& audit) = 0;
    [[nodiscard]] virtual core::Result<std::optional<std::int64_t>> accountLockedUntil(const std::string& username) = 0;

    // [SECTION] Audit log
    // Append-only: the store itself refuses to change or delete an entry.
    [[nodiscard]] virtual core::Status appendAudit(const AuditEntry& entry) = 0;
    [[nodiscard]] virtual core::Result<std::vector<AuditEntry>> listAudit(const AuditQuery& query) = 0;

    // [SECTION] Reports: the survey aggregates kept as records arrive (hub/report_store.hpp)
    [[nodiscard]] virtual ReportSource& reports() = 0;

    // [SECTION] Backups (hub/backup.hpp)
    // Writes one consistent snapshot of the whole store into `folder` while
    // others keep reading and writing, fsynced; the file's name and the
    // backend's ("sqlite" or "postgresql").
    struct StoreCopy {
        std::string backend;
        std::string file;
    };
    [[nodiscard]] virtual core::Result<StoreCopy> copyStoreInto(const std::filesystem::path& folder) = 0;
    // [SECTION] Webhooks (hub/webhooks.hpp): their outbox is written by
    // IngestSession::append and actOnCase in their own transactions.
    [[nodiscard]] virtual WebhookStore& webhooks() = 0;
    // [SECTION] Open311: partners' keys and the requests they file (hub/open311.hpp)
    [[nodiscard]] virtual Open311Store& open311() = 0;
};

// The default backend: one SQLite file, WAL, synchronous=FULL.
//
// A store is made once, by `fangsiang-hub init`, and from then on only
// opened: opening never creates, replaces or re-creates one. A missing or
// empty file, another program's database, a store from a newer build, or
// one that fails SQLite's own check (PRAGMA quick_check) or lacks its tables
// is refused with ErrorCode::Corrupt (NotFound when missing) and a message
// that says to restore it from a backup; nothing is written to it. An older
// schema that passes is migrated forward in one transaction. Whether the
// records in it still verify is checked above the interface
// (hub/store_check.hpp), since that is a verification decision.
[[nodiscard]] core::Result<std::unique_ptr<HubStorage>> openSqliteHubStorage(const std::filesystem::path& path);
// Makes a new, empty store; refuses when `path` exists at all (even empty).
[[nodiscard]] core::Result<std::unique_ptr<HubStorage>> createSqliteHubStorage(const std::filesystem::path& path);

// The backend for hubs that serve many offices: a PostgreSQL database named
// by a libpq connection string or URL (postgresql://user@host/db; a password
// in it is never printed). Opening checks the store's identity and schema
// version, refuses a newer one and migrates an older one in one transaction;
// it never creates one. Create makes the tables in an empty database and
// refuses one that has tables. While the server is away, calls fail with
// ErrorCode::Busy and the next call connects again.
[[nodiscard]] core::Result<std::unique_ptr<HubStorage>> openPostgresHubStorage(const std::string& conninfo);
[[nodiscard]] core::Result<std::unique_ptr<HubStorage>> createPostgresHubStorage(const std::string& conninfo);
// Loads a dump made by copyStoreInto into the empty database `conninfo`
// (pg_restore, in one transaction); refuses a database that has tables.
[[nodiscard]] core::Status restorePostgresDump(const std::filesystem::path& dump, const std::string& conninfo);
// Whether `db` names a PostgreSQL database (postgresql:// or postgres://).
[[nodiscard]] bool isPostgresUrl(std::string_view db);
// The URL or connection string with any password replaced by ***, for messages.
[[nodiscard]] std::string redactedDatabaseUrl(const std::string& conninfo);

}  // namespace fangsiang::hub
