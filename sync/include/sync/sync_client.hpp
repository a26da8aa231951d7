#pragma once
// The kiosk's side of sync: enrolment, pushing the outbox, pulling content
// and ticket status, and the USB export. One SyncClient is used by one thread
// (it owns a Store connection and a curl handle); SyncWorker runs one on a
// background thread.
//
// Nothing the network says is trusted until verified: an acknowledgement
// counts only when it is signed by the pinned hub key, names this device and
// echoes this request's nonce; content replaces the old only when its
// signature verifies and its version is newer.

#include "sync/http_client.hpp"
#include "sync/protocol.hpp"

#include "core/clock.hpp"
#include "core/identity.hpp"
#include "kiosk/hub_pins.hpp"
#include "kiosk/store.hpp"

#include <filesystem>
#include <optional>

namespace fangsiang::sync {

inline constexpr const char* kRecordsFile = "records.db";
inline constexpr const char* kContentFile = "content.json";
inline constexpr const char* kTicketsFile = "tickets.json";

struct ClientOptions {
    std::size_t batchRecords = 250;
    HttpOptions http;
    // Stamps quarantine and acknowledgement times, and dates signed requests
    // (plus the offset to the hub's clock learnt from a refusal for time).
    core::Clock clock = core::systemClock();
};

struct EnrolOptions {
    std::string label;
    std::string fingerprint;  // optional: the hub key fingerprint shown with the code
    HttpOptions http;
};

// Enrols the device of `dataDir` (its key made now for a new folder) with the
// hub at `url`, anchors its record store (the chain starts here: the hub
// holds nothing of a device it has just enrolled) and pins the hub's keys in
// `<dataDir>/hub.json`.
[[nodiscard]] core::Result<kiosk::HubPins> enrol(const std::filesystem::path& dataDir, const std::string& url,
                                                  const std::string& code, const EnrolOptions& options = {});

struct PushReport {
    std::uint64_t batches = 0;
    std::uint64_t sent = 0;
    std::uint64_t accepted = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t quarantined = 0;
    std::uint64_t held = 0;  // what the hub's last signed ack said
};

// What `fangsiang-kiosk recover` did (docs/PROTOCOL.md, "Store loss").
struct RecoveryReport {
    bool recovered = false;          // false: the store was not lost, nothing changed
    kiosk::ChainState found = kiosk::ChainState::Anchored;  // the standing before
    std::uint64_t hubHeld = 0;       // the hub's head, signed
    std::uint64_t localHead = 0;     // what the store held
    std::uint64_t resumeAfter = 0;   // new records continue at resumeAfter + 1
};

// The staff's words for a store that takes no records, or empty when it takes them.
[[nodiscard]] std::string describeStanding(const kiosk::ChainStanding& standing);

struct PullReport {
    bool contentChanged = false;
    std::uint64_t contentVersion = 0;
    std::size_t ticketUpdates = 0;
};

class SyncClient {
public:
    [[nodiscard]] static core::Result<SyncClient> open(const std::filesystem::path& dataDir, ClientOptions options = {});

    // Sends the outbox in batches until it is empty, the hub refuses, or the
    // link fails. Safe to call again at any moment: it resumes from the last
    // signed acknowledgement. A failure says why in error().code: the hub's
    // reason (UnknownDevice, Gap, ...), Network when no answer came, or
    // NotAHubAnswer when the answer was not a verified hub answer.
    //
    // Before sending, and whenever the outbox is empty, it asks the hub
    // where this device's chain stands (a store that does not know, or one
    // restored from an old copy, must not go on from the wrong place). A
    // store that is lost (the hub holds more of the chain than it) sends
    // nothing and fails with Conflict and the words of describeStanding().
    [[nodiscard]] core::Result<PushReport> push();
    [[nodiscard]] core::Result<PullReport> pull();
    // Asks the hub for this device's chain head (signed, echoing a fresh
    // nonce) and reconciles the store with it.
    [[nodiscard]] core::Result<kiosk::ChainStanding> checkChain();
    // The explicit recovery of a lost store: the hub's signed head, the loss
    // reported to the hub (it records a "store-lost" incident) and, once the
    // hub has confirmed it, the chain resumed past every sequence this device
    // may have used. Changes nothing when the store is not lost.
    [[nodiscard]] core::Result<RecoveryReport> recover();

    [[nodiscard]] core::Result<kiosk::StoreCounts> counts() { return m_store.counts(); }
    [[nodiscard]] const kiosk::HubPins& pins() const { return m_pins; }
    [[nodiscard]] kiosk::Store& store() { return m_store; }
    [[nodiscard]] const core::DeviceIdentity& identity() const { return m_identity; }
    [[nodiscard]] HttpClient& http() { return m_http; }
    // What this device adds to its own clock to date its signed requests in
    // the hub's time: learnt from a refusal for time, 0 until then.
    [[nodiscard]] std::int64_t clockOffsetMs() const { return m_clockOffsetMs; }

private:
    SyncClient(std::filesystem::path dataDir, core::DeviceIdentity identity, kiosk::HubPins pins, kiosk::Store store,
               ClientOptions options);
    [[nodiscard]] std::int64_t now() const;
    // A signed answer (the envelope as received, and its verified body), or
    // why the response is not one.
    struct SignedText {
        std::string envelope;
        std::string body;
    };
    [[nodiscard]] core::Result<SignedText> signedBody(const core::Result<HttpResponse>& response,
                                                        std::string_view expectedType, bool compressed);
    [[nodiscard]] HttpClient::Headers authHeaders(std::string_view method, const std::string& target, const Nonce& nonce);
    // A device-signed GET of `target` with `extra` headers. When the hub
    // refuses it for its time and signs its own time for this request, the
    // offset to the hub's clock is learnt and kept, and the request is sent
    // once more with a fresh nonce: the nonce of the answer returned.
    [[nodiscard]] core::Result<HttpResponse> signedGet(const std::string& target, const HttpClient::Headers& extra,
                                                       Nonce& nonce);
    [[nodiscard]] core::Result<PullReport> pullContent();
    [[nodiscard]] core::Result<ChainHeadAnswer> fetchHead();
    [[nodiscard]] core::Result<std::size_t> pullTickets();

    std::filesystem::path m_dataDir;
    core::DeviceIdentity m_identity;
    kiosk::HubPins m_pins;
    kiosk::Store m_store;
    ClientOptions m_options;
    HttpClient m_http;
    std::int64_t m_clockOffsetMs = 0;
};

// [SECTION] What the kiosk shows from the pulled data

// The current content, verified again against the pinned key. NotFound when
// none has arrived yet.
[[nodiscard]] core::Result<ContentBundle> loadContent(const std::filesystem::path& dataDir,
                                                       const core::PublicKey& hubKey);
// A ticket's latest status as last pulled; nullopt when unknown here.
[[nodiscard]] core::Result<std::optional<TicketUpdate>> lookupTicket(const std::filesystem::path& dataDir,
                                                                      const std::string& ticket);

// [SECTION] USB export
// One file holding every unacknowledged record as signed batches (see
// docs/PROTOCOL.md, "Export files"). Records stay in the outbox: they are
// acknowledged only by a signed hub answer, never by writing a file.

struct ExportReport {
    std::filesystem::path file;
    std::uint64_t records = 0;
    std::uint64_t firstSequence = 0;
    std::uint64_t lastSequence = 0;
};
[[nodiscard]] core::Result<ExportReport> exportOutbox(const std::filesystem::path& dataDir,
                                                       const std::filesystem::path& toDir);

}  // namespace fangsiang::sync
