#pragma once
// What the hub keeps, behind an interface so that a PostgreSQL backend can
// follow the SQLite one. The interface speaks in records and facts, never in
// SQL; every verification decision is made above it, in HubService, so a new
// backend only has to store and fetch faithfully and durably.
//
// Durability contract: when a call that writes returns success, what it wrote
// survives a crash of the process or a power cut.

#include "sync/protocol.hpp"

#include "kiosk/record.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::sync {

struct Office {
    std::string code;
    std::string name;
};

struct DeviceInfo {
    PublicKey key{};
    std::string officeCode;
    std::uint32_t number = 0;     // 1-9999 within the office
    std::string label;
    std::int64_t enrolledAtMs = 0;
    std::optional<std::int64_t> revokedAtMs;
    kiosk::ChainHead head;        // the last record of the unbroken chain the hub holds
    std::int64_t lastPushAtMs = 0;
};

// Something an officer should see: a gap, a broken chain, a conflict, a
// record refused, a skipped (device-quarantined) record.
struct Incident {
    std::int64_t id = 0;
    PublicKey device{};
    std::string kind;     // "gap", "broken-chain", "conflict", "refused", "skipped", ...
    std::uint64_t sequence = 0;
    std::string detail;   // plain words
    std::int64_t atMs = 0;
};

enum class RedeemResult { Enrolled, UnknownCode, Expired, AlreadyUsed, AlreadyEnrolled };

struct TicketRow {
    std::string id;
    PublicKey device{};
    std::uint64_t sequence = 0;
    std::string officeCode;
    TicketStatus status = TicketStatus::Received;
    std::string reply;
    std::int64_t updatedAtMs = 0;
};

// One device's chain, held for writing: the backend's write transaction and
// whatever lock it needs. Nothing is visible to others until commit();
// destroying an uncommitted session rolls it back.
class IngestSession {
public:
    virtual ~IngestSession() = default;
    [[nodiscard]] virtual const DeviceInfo& device() const = 0;
    [[nodiscard]] virtual kiosk::ChainHead head() const = 0;
    // The bytes held for a sequence at or below the head, if any.
    [[nodiscard]] virtual kiosk::Result<std::optional<Bytes>> recordAt(std::uint64_t sequence) = 0;
    // Stores a verified record and makes it the head. A complaint also opens
    // its ticket (status "received").
    [[nodiscard]] virtual Status append(const kiosk::Record& record, std::int64_t nowMs) = 0;
    [[nodiscard]] virtual Status commit() = 0;
};

class HubStorage {
public:
    virtual ~HubStorage() = default;

    // [SECTION] Devices and enrolment
    [[nodiscard]] virtual Status putOffice(const Office& office) = 0;
    [[nodiscard]] virtual Status putEnrolmentCode(const Hash& codeHash, const std::string& officeCode,
                                                  std::int64_t expiresAtMs, std::int64_t nowMs) = 0;
    // Atomically: the code exists, is unexpired and unused; the device is
    // recorded with the code's office and the office's next device number
    // (set in `numberOut`); the code is used up.
    [[nodiscard]] virtual kiosk::Result<RedeemResult> redeemEnrolmentCode(const Hash& codeHash, const PublicKey& device,
                                                                          const std::string& label, std::int64_t nowMs,
                                                                          Office& officeOut,
                                                                          std::uint32_t& numberOut) = 0;
    [[nodiscard]] virtual kiosk::Result<std::optional<DeviceInfo>> findDevice(const PublicKey& device) = 0;
    [[nodiscard]] virtual kiosk::Result<std::vector<DeviceInfo>> listDevices() = 0;
    [[nodiscard]] virtual kiosk::Result<std::optional<Office>> findOffice(const std::string& code) = 0;
    // False when there is no such device.
    [[nodiscard]] virtual kiosk::Result<bool> revokeDevice(const PublicKey& device, std::int64_t nowMs) = 0;

    // [SECTION] Records
    // NotFound when the device is not enrolled.
    [[nodiscard]] virtual kiosk::Result<std::unique_ptr<IngestSession>> beginIngest(const PublicKey& device) = 0;
    [[nodiscard]] virtual Status keepConflict(const PublicKey& device, std::uint64_t sequence, ByteView bytes,
                                              std::int64_t nowMs) = 0;
    [[nodiscard]] virtual Status logIncident(const Incident& incident) = 0;
    [[nodiscard]] virtual kiosk::Result<std::vector<Incident>> incidents(std::size_t limit) = 0;
    [[nodiscard]] virtual kiosk::Result<std::uint64_t> recordCount() = 0;
    [[nodiscard]] virtual kiosk::Result<std::uint64_t> recordCount(const PublicKey& device) = 0;
    [[nodiscard]] virtual kiosk::Result<std::uint64_t> conflictCount() = 0;
    [[nodiscard]] virtual kiosk::Result<std::optional<Bytes>> recordBytes(const PublicKey& device,
                                                                          std::uint64_t sequence) = 0;
    // Every sequence held for a device, ascending (tests and audits).
    [[nodiscard]] virtual kiosk::Result<std::vector<std::uint64_t>> sequences(const PublicKey& device) = 0;

    // [SECTION] Content
    [[nodiscard]] virtual kiosk::Result<std::uint64_t> latestBundleVersion() = 0;
    // Fails when `version` is already taken (two publishers at once).
    [[nodiscard]] virtual Status putBundle(std::uint64_t version, const std::string& envelope, std::int64_t nowMs) = 0;
    [[nodiscard]] virtual kiosk::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundle() = 0;

    // [SECTION] Tickets
    [[nodiscard]] virtual kiosk::Result<std::optional<TicketRow>> findTicket(const std::string& id) = 0;
    // The most recently changed tickets first.
    [[nodiscard]] virtual kiosk::Result<std::vector<TicketRow>> listTickets(std::size_t limit) = 0;
    [[nodiscard]] virtual kiosk::Result<TicketUpdate> updateTicket(const std::string& id, TicketStatus status,
                                                                   const std::string& reply, std::int64_t nowMs) = 0;
    // Updates of an office's tickets with an id above `after`, oldest first.
    [[nodiscard]] virtual kiosk::Result<std::vector<TicketUpdate>> ticketUpdates(const std::string& officeCode,
                                                                                 std::uint64_t after,
                                                                                 std::size_t limit) = 0;
};

// The default backend: one SQLite file, WAL, synchronous=FULL.
[[nodiscard]] kiosk::Result<std::unique_ptr<HubStorage>> openSqliteHubStorage(const std::filesystem::path& path);

}  // namespace fangsiang::sync
