#pragma once
// The hub's behaviour, apart from HTTP: enrolment, verification and ingest of
// batches (online or from a USB file), content publishing, ticket status.
// HubServer binds these handlers to routes; `fangsiang-hub import` and the
// tests call them directly. Every request is checked in full before anything
// is stored, and answers are either a signed envelope or a protocol error
// (sync::encodeWireError).

#include "hub/keys.hpp"
#include "hub/request_window.hpp"
#include "hub/storage.hpp"
#include "sync/protocol.hpp"

#include "core/clock.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fangsiang::hub {

struct HubResponse {
    using Headers = std::vector<std::pair<std::string, std::string>>;
    HubResponse() = default;
    HubResponse(int status_, std::string contentType_, std::string body_, Headers headers_ = {})
        : status(status_), contentType(std::move(contentType_)), body(std::move(body_)), headers(std::move(headers_)) {}

    int status = 200;
    std::string contentType;
    std::string body;
    Headers headers;  // more headers: Set-Cookie, Cache-Control
};

// Who asked, for device-authenticated GET requests.
struct RequestAuth {
    std::string device;     // Fangsiang-Device header, hex
    std::string nonce;      // Fangsiang-Nonce header, hex
    std::string signature;  // Fangsiang-Signature header, hex
    std::string method;
    std::string target;     // path and query, exactly as sent
    std::string time;       // Fangsiang-Time header: the device's time, ms since the epoch
};

struct IngestResult {
    sync::PushAck ack;                 // what the device is told (unsigned form)
    std::vector<Incident> incidents;
};

// One part of a USB export file as `importFile` handled it: stored (wholly
// or up to a refused record), or refused whole with the reason.
struct ImportedPart {
    std::uint32_t index = 0;             // 1-based
    std::uint32_t of = 0;                // the file's part count
    std::optional<sync::PushAck> ack;    // when the batch was taken in (records may still be refused)
    std::optional<core::Error> refused;  // when the whole part was refused: nothing from it stored
    // Whether the import stops after this part: the part was refused whole,
    // or a record in it was refused in a way that leaves every later record
    // of the device waiting (anything but a conflict).
    [[nodiscard]] bool stops() const;
};

struct ImportSummary {
    std::uint32_t parts = 0;        // in the file
    std::uint32_t partsRead = 0;
    std::uint64_t accepted = 0;     // records stored by this import
    std::uint64_t duplicates = 0;   // already held
    std::uint64_t refusedRecords = 0;
    std::uint32_t partsRefused = 0; // refused whole
    [[nodiscard]] bool stoppedEarly() const { return partsRead < parts; }
    [[nodiscard]] bool clean() const { return refusedRecords == 0 && partsRefused == 0 && !stoppedEarly(); }
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
    // Wrong enrolment codes tolerated per minute *from one client address*
    // (an IPv6 address counts by its /64) before the hub stops looking codes
    // up for that address for the rest of the minute. Per address, so that
    // nobody can lock enrolment for everyone; 60-bit codes make guessing
    // hopeless whatever the number of addresses.
    int maxBadCodesPerMinute = 30;
    // Addresses tracked at once; past it, new addresses go uncounted until
    // the minute turns (memory stays bounded however many addresses try).
    std::size_t maxTrackedAddresses = 65536;
    // The nonces of device-signed requests held at once (replay defence).
    RequestWindowLimits requestLimits;
};

// Told that a pushed batch passed every check that needs no store, with
// about the bytes it holds while it waits for the store and is stored.
using VerifiedBatch = std::function<void(std::size_t heldBytes)>;

class HubService {
public:
    HubService(HubStorage& storage, const HubKeys& keys, HubServiceOptions options = {});

    // [SECTION] HTTP handlers
    // `clientAddress` is the peer's IP address as the HTTP server saw it
    // (httplib::Request::remote_addr); wrong codes are counted per address.
    [[nodiscard]] HubResponse handleEnrol(std::string_view body, std::string_view clientAddress = {});
    // `verified`, when given, hears that the batch is verified, with about
    // the bytes it holds from then on, before it waits for the store: the
    // server lets the next batch be verified meanwhile.
    [[nodiscard]] HubResponse handlePush(std::string_view contentType, core::ByteView body,
                                         const VerifiedBatch& verified = {});
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
    [[nodiscard]] core::Result<IngestResult> ingest(const sync::Batch& batch, std::string_view source,
                                                    const VerifiedBatch& verified = {});
    // One compressed batch as it travels on the wire.
    [[nodiscard]] core::Result<IngestResult> ingestWire(core::ByteView compressed, std::string_view source,
                                                        const VerifiedBatch& verified = {});
    // Ingests a USB export file part by part, reading one part at a time from
    // disk (hub/export_reader.hpp), and stops at the first part that cannot
    // be stored whole. `onPart` hears of each part read, as it is handled.
    // An error means the file was refused before anything from it was stored
    // (not an export, truncated, unreadable), or the hub failed on a part
    // (what `onPart` heard of before it stays stored).
    [[nodiscard]] core::Result<ImportSummary> importFile(const std::filesystem::path& file,
                                                         const std::function<void(const ImportedPart&)>& onPart);
    // Signs and publishes every *.json file of `dir` as the next content
    // version, refusing (and publishing nothing) what a kiosk would refuse:
    // each file against the kiosk's per-file limit, the signed envelope,
    // escaped as it travels, against sync::kMaxEnvelopeBytes.
    // With an office, the content is that office's alone: its kiosks take
    // the newest version published for it or for every office.
    [[nodiscard]] core::Result<std::uint64_t> publish(const std::filesystem::path& dir,
                                                      const std::string& officeCode = {});
    // The same for files given by name and text (the dashboard's upload),
    // checked exactly as publish checks a folder's.
    using ContentFiles = std::vector<std::pair<std::string, std::string>>;
    [[nodiscard]] core::Result<std::uint64_t> publishFiles(ContentFiles files, const std::string& officeCode = {});

    [[nodiscard]] const HubKeys& keys() const { return m_keys; }
    // The service's clock (the options' clock), for what is recorded beside its work.
    [[nodiscard]] std::int64_t nowMs() const { return now(); }
    [[nodiscard]] HubStorage& storage() { return m_storage; }

private:
    [[nodiscard]] std::int64_t now() const;
    void log(const std::string& line) const;
    [[nodiscard]] HubResponse error(core::ErrorCode code, std::string message) const;
    [[nodiscard]] HubResponse signedAnswer(std::string_view type, std::string body) const;
    // Checks the request signature, that the device is enrolled and not
    // revoked, and that the request is fresh (its time within the window,
    // its nonce unseen); fills `device` or returns the error answer.
    [[nodiscard]] std::optional<HubResponse> authenticate(const RequestAuth& auth, DeviceInfo& device,
                                                          sync::Nonce& nonce);
    // Counts a wrong code against an address; whether it is over its limit.
    [[nodiscard]] bool throttled(const std::string& addressKey);
    void countBadCode(const std::string& addressKey);
    // The "device-clock-wrong" incident, at most once per device per UTC day.
    void noteClockWrong(const sync::Batch& batch, std::uint64_t sequence, std::int64_t createdAtMs,
                        std::uint64_t count, std::int64_t atMs, std::string_view source);

    HubStorage& m_storage;
    const HubKeys& m_keys;
    HubServiceOptions m_options;
    std::mutex m_throttleMutex;
    std::int64_t m_throttleMinute = 0;
    std::unordered_map<std::string, int> m_badCodes;  // by address key, this minute
    bool m_trackingFull = false;
    std::mutex m_clockMutex;
    RequestWindow m_requests{m_options.clock(), m_options.requestLimits};
};

}  // namespace fangsiang::hub
