#pragma once
// The sync protocol, version 1: message types and their codec, apart from any
// I/O. The client and the hub both build on this file; it depends on the
// record format of core/ and on nothing that opens a socket. The wire format
// is written down in docs/PROTOCOL.md; change both together and bump
// kProtocolVersion when an old peer could misread the new bytes.
//
// Two kinds of signed message travel:
//   - up: a *batch* of records, signed by the device (binary, zstd on the wire);
//   - down: a *signed envelope* (JSON) whose body is signed by the hub:
//     push acknowledgements, enrolment answers, content bundles, ticket updates.
// Every signature covers a domain string first, so a signature made for one
// kind of message can never be passed off as another.

#include "core/bytes.hpp"
#include "core/identity.hpp"
#include "core/record.hpp"
#include "core/result.hpp"
#include "core/secret_key.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::sync {

using core::Bytes;
using core::ByteView;
using core::Error;
using core::ErrorCode;
using core::Hash;
using core::PublicKey;
using core::Result;
using core::Signature;
using core::Status;

// [SECTION] Version and limits

inline constexpr int kProtocolVersion = 1;

inline constexpr std::size_t kMaxBatchRecords = 1000;
// Upper bound of a decompressed batch: checked against the zstd frame header
// before a single byte is decompressed.
inline constexpr std::size_t kMaxBatchBytes = 16u * 1024 * 1024;
inline constexpr std::size_t kMaxSkipped = 10000;
// Upper bound of a compressed request body the hub reads at all.
inline constexpr std::size_t kMaxRequestBytes = 16u * 1024 * 1024;
inline constexpr std::size_t kMaxJsonRequestBytes = 16u * 1024;
inline constexpr std::size_t kMaxBundleBytes = 32u * 1024 * 1024;
inline constexpr std::size_t kMaxEnvelopeBytes = kMaxBundleBytes + 1024 * 1024;
inline constexpr std::size_t kNonceSize = 16;
using Nonce = std::array<std::uint8_t, kNonceSize>;

// Media types. A response without the expected type is not an answer from a
// hub (a captive portal's login page, a proxy's error page).
inline constexpr const char* kBatchMediaType = "application/vnd.fangsiang.batch+zstd";
inline constexpr const char* kSignedMediaType = "application/vnd.fangsiang.signed+json";
inline constexpr const char* kSignedZstdMediaType = "application/vnd.fangsiang.signed+json+zstd";
inline constexpr const char* kErrorMediaType = "application/vnd.fangsiang.error+json";

// Request headers of device-authenticated requests.
inline constexpr const char* kHeaderDevice = "Fangsiang-Device";
inline constexpr const char* kHeaderNonce = "Fangsiang-Nonce";
inline constexpr const char* kHeaderTime = "Fangsiang-Time";  // the device's request time, ms since the epoch
inline constexpr const char* kHeaderSignature = "Fangsiang-Signature";
inline constexpr const char* kHeaderProtocol = "Fangsiang-Protocol";
inline constexpr const char* kHeaderContentVersion = "Fangsiang-Content-Version";

// Signature domains.
inline constexpr std::string_view kDomainBatch = "fangsiang/batch/v1";
inline constexpr std::string_view kDomainRequest = "fangsiang/request/v1";
inline constexpr std::string_view kDomainEnrol = "fangsiang/enrol/v1";
inline constexpr std::string_view kDomainClock = "fangsiang/clock/v1";
inline constexpr std::string_view kDomainStoreLost = "fangsiang/store-lost/v1";

// [SECTION] Error codes
// The protocol's reasons are core::ErrorCode values, the one vocabulary of
// failure: a client's Result carries the hub's reason in error().code. This
// table gives each the word it travels as, its HTTP status, and whether a
// record refused for it will be refused the same way every time. A code
// the table does not name (Io, Corrupt, ...) travels as "internal".

[[nodiscard]] const char* errorCodeWireName(ErrorCode code);
[[nodiscard]] std::optional<ErrorCode> fromWireName(std::string_view name);
[[nodiscard]] int httpStatusOf(ErrorCode code);
[[nodiscard]] bool isPermanent(ErrorCode code);

// {"protocol":1,"error":{"code":"unknown-device","message":"..."}}
[[nodiscard]] std::string encodeWireError(const Error& error);
// nullopt when the body is not a protocol error (a proxy's page, say).
[[nodiscard]] std::optional<Error> decodeWireError(std::string_view body);

// [SECTION] Compression
// zstd, one frame, with the decompressed size declared in the frame header
// and checked against `maxBytes` before anything is allocated.

[[nodiscard]] Bytes compress(ByteView input, int level = 9);
[[nodiscard]] Result<Bytes> decompress(ByteView frame, std::size_t maxBytes);

// [SECTION] Domain-separated signatures

[[nodiscard]] Bytes domainMessage(std::string_view domain, ByteView body);
[[nodiscard]] Signature signInDomain(std::string_view domain, ByteView body, const core::SecretKey<64>& secretKey);
[[nodiscard]] bool verifyInDomain(std::string_view domain, ByteView body, const Signature& signature,
                                  const PublicKey& publicKey);

[[nodiscard]] Nonce randomNonce();

// [SECTION] Batches (device -> hub)
// Binary, little-endian:
//   0   "FSBT"                magic
//   4   u16 protocol version
//   6   u16 flags (zero)
//   8   32  device public key
//   40  16  nonce (echoed by the acknowledgement)
//   56  u32 record count
//   60  u32 skipped count
//   64  u64 x skipped         sequences the device set aside (quarantined)
//   ..  (u32 length, record bytes) x count, in sequence order
//   end 64  Ed25519 signature by the device over kDomainBatch || all bytes above

inline constexpr std::array<std::uint8_t, 4> kBatchMagic = {'F', 'S', 'B', 'T'};

struct Batch {
    PublicKey device{};
    Nonce nonce{};
    std::vector<std::uint64_t> skipped;
    std::vector<Bytes> records;  // exact record bytes, never re-serialised
};

class BatchSigner {
public:
    virtual ~BatchSigner() = default;
    [[nodiscard]] virtual const PublicKey& publicKey() const = 0;
    [[nodiscard]] virtual Signature sign(ByteView message) const = 0;
};

// The device's own identity as a batch signer.
class IdentitySigner final : public BatchSigner {
public:
    explicit IdentitySigner(const core::DeviceIdentity& identity) : m_identity(identity) {}
    [[nodiscard]] const PublicKey& publicKey() const override { return m_identity.publicKey(); }
    [[nodiscard]] Signature sign(ByteView message) const override { return m_identity.sign(message); }

private:
    const core::DeviceIdentity& m_identity;
};

// Encodes and signs; the records must already be in sequence order.
[[nodiscard]] Result<Bytes> encodeBatch(const Batch& batch, const BatchSigner& signer);
// Structure and the device's batch signature. Records are only split out:
// each is verified on its own by the receiver.
[[nodiscard]] Result<Batch> decodeBatch(ByteView bytes);

// [SECTION] Signed envelopes (hub -> device)
// {"protocol":1,"type":"push-ack","body":"<JSON text>","signature":"<hex>"}
// The signature covers "fangsiang/<type>/v1" || 0x00 || body bytes. The body
// is carried as text so that the signed bytes are exactly the bytes received.

struct SignedEnvelope {
    std::string type;
    std::string body;
    Signature signature{};
};

[[nodiscard]] std::string envelopeDomain(std::string_view type);
[[nodiscard]] std::string signEnvelope(std::string_view type, std::string body, const core::SecretKey<64>& hubKey);
// Parses, checks the type and the hub's signature, and returns the body
// parsed as a JSON object (as text, for the typed decoders below).
[[nodiscard]] Result<std::string> openEnvelope(std::string_view text, std::string_view expectedType,
                                               const PublicKey& hubKey);
// Only parses; for a first contact that learns the key from the body.
[[nodiscard]] Result<SignedEnvelope> parseEnvelope(std::string_view text);

// [SECTION] Push acknowledgement

struct RecordVerdict {
    std::uint64_t sequence = 0;
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    bool permanent = false;
};

struct PushAck {
    PublicKey device{};
    Nonce nonce{};
    std::uint64_t held = 0;       // the highest sequence of the device's unbroken chain at the hub
    Hash headHash{};
    std::uint32_t accepted = 0;   // stored by this request
    std::uint32_t duplicates = 0; // already held, identical
    std::vector<RecordVerdict> refused;
    std::int64_t hubTimeMs = 0;
};

[[nodiscard]] std::string encodePushAckBody(const PushAck& ack);
[[nodiscard]] Result<PushAck> decodePushAckBody(std::string_view body);

// [SECTION] Enrolment

struct EnrolRequest {
    std::string code;  // as typed; normalised by normaliseEnrolmentCode
    PublicKey device{};
    Signature proof{}; // device's signature over enrolProofMessage(code, device)
    std::string label;
};

// Upper-case Crockford base32 without separators; I, L -> 1, O -> 0.
// nullopt when a character is not part of the alphabet.
[[nodiscard]] std::optional<std::string> normaliseEnrolmentCode(std::string_view code);
[[nodiscard]] Bytes enrolProofMessage(std::string_view normalisedCode, const PublicKey& device);
[[nodiscard]] std::string encodeEnrolRequest(const EnrolRequest& request);
[[nodiscard]] Result<EnrolRequest> decodeEnrolRequest(std::string_view body);

struct EnrolAnswer {
    PublicKey device{};
    std::string officeCode;
    std::string officeName;
    std::uint32_t deviceNumber = 0;  // 1-9999 within the office; part of ticket numbers
    PublicKey hubSigningKey{};
    core::BoxPublicKey hubBoxKey{};
    std::int64_t enrolledAtMs = 0;
};
[[nodiscard]] std::string encodeEnrolAnswerBody(const EnrolAnswer& answer);
[[nodiscard]] Result<EnrolAnswer> decodeEnrolAnswerBody(std::string_view body);

// [SECTION] Device-authenticated requests
// GET requests carry the device key, a fresh nonce, the device's time and
// the device's signature over
//   kDomainRequest || 0x00 || method 0x00 target 0x00 nonce(16) time(i64 LE, ms).
// The hub takes a request only within kRequestWindowMs of its own clock, and
// each nonce once: a captured request cannot be replayed. A refusal for
// time ("stale-request") carries the hub's time, signed for the request's
// device and nonce, from which a kiosk with a wrong clock (a Raspberry Pi
// has no real-time clock) learns its offset and tries once more.

inline constexpr std::int64_t kRequestWindowMs = 5 * 60 * 1000;

[[nodiscard]] Bytes requestMessage(std::string_view method, std::string_view target, const Nonce& nonce,
                                   std::int64_t timeMs);
// The Fangsiang-Time header: decimal digits, nothing else; nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parseRequestTime(std::string_view header);

// What the hub's signature in a stale-request refusal covers:
// kDomainClock || 0x00 || device(32) nonce(16) hubTime(i64 LE, ms).
[[nodiscard]] Bytes clockMessage(const PublicKey& device, const Nonce& nonce, std::int64_t hubTimeMs);
// {"protocol":1,"error":{"code":"stale-request","message":"...","hubTime":T,"clockSignature":"<hex>"}}
[[nodiscard]] std::string encodeStaleRequestError(const Error& error, const PublicKey& device, const Nonce& nonce,
                                                  std::int64_t hubTimeMs, const core::SecretKey<64>& hubKey);
// The hub's time from a stale-request refusal of the request (device,
// nonce), when the pinned hub key signed it; nullopt for any other body.
[[nodiscard]] std::optional<std::int64_t> hubTimeOfRefusal(std::string_view body, const PublicKey& device,
                                                           const Nonce& nonce, const PublicKey& hubKey);

// [SECTION] Content bundles

struct ContentBundle {
    std::uint64_t version = 0;
    std::int64_t publishedAtMs = 0;
    // file name -> UTF-8 text (JSON documents: services, surveys, announcements)
    std::vector<std::pair<std::string, std::string>> files;
};
[[nodiscard]] std::string encodeContentBody(const ContentBundle& bundle);
[[nodiscard]] Result<ContentBundle> decodeContentBody(std::string_view body);
// A bundle file name: [a-z0-9_-]{1,64}\.json, optionally in one folder of the
// same alphabet ("surveys/standard-satisfaction.json"); nothing that could
// climb out of a folder.
[[nodiscard]] bool isValidContentFileName(std::string_view name);

// [SECTION] Ticket status

// What a citizen reads of their complaint, as the hub's case workflow sets
// it (hub/case_workflow.hpp): received, accepted and assigned, in progress,
// resolved, closed; or an outcome other than a fix: forwarded to another
// office or agency, not within the office's authority, a duplicate of
// another case, rejected. Each change comes with the office's reply.
enum class TicketStatus { Received, Accepted, InProgress, Resolved, Closed, Forwarded, NotOurs, Duplicate, Rejected };
inline constexpr std::size_t kTicketStatusCount = 9;
[[nodiscard]] const char* ticketStatusName(TicketStatus status);
[[nodiscard]] std::optional<TicketStatus> ticketStatusFromName(std::string_view name);

// A complaint's ticket is core::Ticket's full text, e.g. "6340105-3-42-7":
// office, the device's number in the office, the record's sequence, a check
// digit. Printed on the receipt.
[[nodiscard]] bool isValidTicketId(std::string_view id);

struct TicketUpdate {
    std::uint64_t id = 0;  // the hub's update number: the cursor
    std::string ticket;
    TicketStatus status = TicketStatus::Received;
    std::string reply;     // the office's answer, may be empty
    std::int64_t updatedAtMs = 0;
};

struct TicketUpdates {
    PublicKey device{};
    Nonce nonce{};
    std::uint64_t cursor = 0;  // the highest update id included (or the one asked for)
    bool more = false;
    std::vector<TicketUpdate> updates;
};
[[nodiscard]] std::string encodeTicketUpdatesBody(const TicketUpdates& updates);
[[nodiscard]] Result<TicketUpdates> decodeTicketUpdatesBody(std::string_view body);

// [SECTION] The device's chain head (store loss)
// A kiosk whose store is new in an enrolled folder, or behind the hub, asks
// where its chain stands: GET /v1/head (device-signed) -> envelope "head".
// A kiosk recovering from a lost store reports it: POST /v1/store-lost with
// a StoreLostReport signed by the device -> envelope "store-lost", after the
// hub has recorded the loss as an incident. docs/PROTOCOL.md, "Store loss".

struct ChainHeadAnswer {
    PublicKey device{};
    Nonce nonce{};          // the request's, echoed
    std::uint64_t held = 0; // the highest sequence of the device's unbroken chain at the hub
    Hash headHash{};        // that record's hash; all zero when held is 0
    std::int64_t hubTimeMs = 0;
};
[[nodiscard]] std::string encodeChainHeadBody(const ChainHeadAnswer& answer);
[[nodiscard]] Result<ChainHeadAnswer> decodeChainHeadBody(std::string_view body);

struct StoreLostReport {
    PublicKey device{};
    Nonce nonce{};
    std::uint64_t held = 0;          // the hub's head the device anchors at (from a "head" answer)
    Hash headHash{};
    std::uint64_t localHead = 0;     // what the device's store still held when it noticed
    std::uint64_t resumeAfter = 0;   // the device's next record is resumeAfter + 1
    Signature proof{};               // the device's signature over storeLostMessage(report)
};
// kDomainStoreLost || 0x00 || device || nonce || held (u64 LE) || head hash
// || localHead (u64 LE) || resumeAfter (u64 LE).
[[nodiscard]] Bytes storeLostMessage(const StoreLostReport& report);
[[nodiscard]] std::string encodeStoreLostReport(const StoreLostReport& report);
// Structure only; the hub checks the proof against the device it names.
[[nodiscard]] Result<StoreLostReport> decodeStoreLostReport(std::string_view body);

struct StoreLostAnswer {
    PublicKey device{};
    Nonce nonce{};                 // the report's, echoed
    std::uint64_t held = 0;
    Hash headHash{};
    std::uint64_t resumeAfter = 0; // as reported: the hub expects resumeAfter + 1 next
    std::int64_t hubTimeMs = 0;
};
[[nodiscard]] std::string encodeStoreLostAnswerBody(const StoreLostAnswer& answer);
[[nodiscard]] Result<StoreLostAnswer> decodeStoreLostAnswerBody(std::string_view body);

// [SECTION] Export files (USB)
// "FSXF", u32 part count, then (u32 length, compressed batch) per part. Each
// part is a batch exactly as pushed online, signed by the device, so an
// import runs every check a push does.

inline constexpr std::array<std::uint8_t, 4> kExportMagic = {'F', 'S', 'X', 'F'};
inline constexpr std::size_t kMaxExportParts = 100000;
inline constexpr std::size_t kMaxExportFileBytes = 2ull * 1024 * 1024 * 1024;
[[nodiscard]] Bytes encodeExportFile(const std::vector<Bytes>& compressedBatches);
[[nodiscard]] Result<std::vector<Bytes>> decodeExportFile(ByteView file);

}  // namespace fangsiang::sync
