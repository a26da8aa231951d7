#pragma once
// The hub's behaviour, apart from HTTP: enrolment, verification and ingest of
// batches (online or from a USB file), content publishing, ticket status.
// HubServer binds these handlers to routes; `fangsiang-hub import` and the
// tests call them directly. Every request is checked in full before anything
// is stored, and answers are either a signed envelope or a protocol error
// (sync::encodeWireError).

#include "hub/keys.hpp"
#include "hub/storage.hpp"
#include "sync/protocol.hpp"

#include "core/clock.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>

namespace fangsiang::hub {

struct HubResponse {
    int status = 200;
    std::string contentType;
    std::string body;
};

// Who asked, for device-authenticated GET requests.
struct RequestAuth {
    std::string device;     // Fangsiang-Device header, hex
    std::string nonce;      // Fangsiang-Nonce header, hex
    std::string signature;  // Fangsiang-Signature header, hex
    std::string method;
    std::string target;     // path and query, exactly as sent
};

struct IngestResult {
    sync::PushAck ack;                 // what the device is told (unsigned form)
    std::vector<Incident> incidents;
};

struct EnrolmentCode {
    std::string code;      // "ABCD-EFGH-JKMN": what a person types
    Office office;
    std::int64_t expiresAtMs = 0;
    std::string hubFingerprint;
};

struct HubServiceOptions {
    core::Clock clock = core::systemClock();        // ms since the epoch; tests set their own
    std::function<void(const std::string&)> log;    // one line per event; stderr when empty
    // Wrong enrolment codes tolerated per minute before the hub stops
    // looking codes up for the rest of the minute (guessing defence).
    int maxBadCodesPerMinute = 30;
};

class HubService {
public:
    HubService(HubStorage& storage, const HubKeys& keys, HubServiceOptions options = {});

    // [SECTION] HTTP handlers
    [[nodiscard]] HubResponse handleEnrol(std::string_view body);
    [[nodiscard]] HubResponse handlePush(std::string_view contentType, core::ByteView body);
    [[nodiscard]] HubResponse handleContent(const RequestAuth& auth, std::string_view haveVersion);
    [[nodiscard]] HubResponse handleTickets(const RequestAuth& auth, std::string_view after);
    // GET /v1/head (device-signed): where the device's chain stands here,
    // envelope "head". A kiosk whose store is new or lost asks it.
    [[nodiscard]] HubResponse handleHead(const RequestAuth& auth);
    // POST /v1/store-lost: a kiosk recovering from a lost store reports it
    // (signed by the device, naming the hub's current head); the hub records
    // a "store-lost" incident and answers with envelope "store-lost".
    [[nodiscard]] HubResponse handleStoreLost(std::string_view body);

    // [SECTION] Operations (CLI, import, tests)
    [[nodiscard]] core::Result<EnrolmentCode> createEnrolmentCode(const std::string& officeCode,
                                                                   const std::string& officeName,
                                                                   std::chrono::seconds lifetime);
    // Verifies a decoded batch and stores what may be stored, durably.
    // Errors are for the whole batch (unknown or revoked device, storage
    // failure); per-record refusals are in the acknowledgement.
    [[nodiscard]] core::Result<IngestResult> ingest(const sync::Batch& batch, std::string_view source);
    // One compressed batch as it travels on the wire.
    [[nodiscard]] core::Result<IngestResult> ingestWire(core::ByteView compressed, std::string_view source);
    // Signs and publishes every *.json file of `dir` as the next content version.
    [[nodiscard]] core::Result<std::uint64_t> publish(const std::filesystem::path& dir);
    [[nodiscard]] core::Result<sync::TicketUpdate> setTicketStatus(const std::string& ticket, sync::TicketStatus status,
                                                              const std::string& reply);

    [[nodiscard]] const HubKeys& keys() const { return m_keys; }
    [[nodiscard]] HubStorage& storage() { return m_storage; }

private:
    [[nodiscard]] std::int64_t now() const;
    void log(const std::string& line) const;
    [[nodiscard]] HubResponse error(core::ErrorCode code, std::string message) const;
    [[nodiscard]] HubResponse signedAnswer(std::string_view type, std::string body) const;
    // Checks the request signature and that the device is enrolled and not
    // revoked; fills `device` or returns the error answer.
    [[nodiscard]] std::optional<HubResponse> authenticate(const RequestAuth& auth, DeviceInfo& device,
                                                          sync::Nonce& nonce);

    HubStorage& m_storage;
    const HubKeys& m_keys;
    HubServiceOptions m_options;
    std::mutex m_throttleMutex;
    std::int64_t m_throttleMinute = 0;
    int m_badCodes = 0;
};

}  // namespace fangsiang::hub
