#include "core/record.hpp"

#include "core/crypto.hpp"
#include "core/identity.hpp"
#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

namespace fangsiang::core {

// [SECTION] Layout
// Offsets of the version-1 header. All integers are little-endian.
namespace layout {
constexpr std::size_t kMagic = 0;         // 4  "FSRC"
constexpr std::size_t kVersion = 4;       // 1
constexpr std::size_t kKind = 5;          // 1
constexpr std::size_t kReserved = 6;      // 2  zero
constexpr std::size_t kDevice = 8;        // 32 Ed25519 public key
constexpr std::size_t kSequence = 40;     // 8  u64, first record is 1
constexpr std::size_t kCreatedAt = 48;    // 8  i64, ms since the Unix epoch, UTC
constexpr std::size_t kPrevHash = 56;     // 32 BLAKE2b-256 of the previous record
constexpr std::size_t kPayloadSize = 88;  // 4  u32
constexpr std::size_t kSealedSize = 92;   // 4  u32
constexpr std::size_t kBody = 96;         // payload, then sealed data, then the 64-byte signature
static_assert(kBody == kRecordHeaderSize);
}  // namespace layout

// [SECTION] Kinds

const char* recordKindName(RecordKind kind) {
    switch (kind) {
    case RecordKind::Complaint: return "complaint";
    case RecordKind::SurveyResponse: return "survey_response";
    case RecordKind::DeviceEvent: return "device_event";
    }
    return "unknown";
}

std::optional<RecordKind> recordKindFromByte(std::uint8_t value) {
    switch (value) {
    case 1: return RecordKind::Complaint;
    case 2: return RecordKind::SurveyResponse;
    case 3: return RecordKind::DeviceEvent;
    default: return std::nullopt;
    }
}

// [SECTION] Drafts

Result<Bytes> sealPersonalData(std::string_view personalJson, const BoxPublicKey& hubBoxKey) {
    if (personalJson.empty())
        return makeError(ErrorCode::InvalidArgument, "personal data is empty; leave it out instead");
    if (personalJson.size() + kSealOverhead > kMaxSealedSize)
        return makeError(ErrorCode::TooLarge, "personal data is " + std::to_string(personalJson.size()) +
                                                  " bytes; at most " + std::to_string(kMaxSealedSize - kSealOverhead) +
                                                  " are allowed");
    if (!isValidUtf8(personalJson))
        return makeError(ErrorCode::InvalidArgument, "personal data is not valid UTF-8 text");
    if (std::all_of(hubBoxKey.begin(), hubBoxKey.end(), [](std::uint8_t b) { return b == 0; }))
        return makeError(ErrorCode::InvalidArgument, "no hub key to seal personal data to: enrol the device first");
    return sealTo(asBytes(personalJson), hubBoxKey);
}

Status validateDraft(const RecordDraft& draft) {
    if (draft.payload.size() > kMaxPayloadSize)
        return makeError(ErrorCode::TooLarge, "the record's content is " + std::to_string(draft.payload.size()) +
                                                  " bytes; at most " + std::to_string(kMaxPayloadSize) + " are allowed");
    if (draft.sealedPersonalData.size() > kMaxSealedSize)
        return makeError(ErrorCode::TooLarge, "the sealed personal data is " +
                                                  std::to_string(draft.sealedPersonalData.size()) + " bytes; at most " +
                                                  std::to_string(kMaxSealedSize) + " are allowed");
    if (!draft.sealedPersonalData.empty() && draft.sealedPersonalData.size() <= kSealOverhead)
        return makeError(ErrorCode::InvalidArgument, "the personal data is not sealed");
    if (!recordKindFromByte(static_cast<std::uint8_t>(draft.kind)))
        return makeError(ErrorCode::InvalidArgument, "unknown record kind");
    if (!isValidUtf8(draft.payload))
        return makeError(ErrorCode::InvalidArgument, "the record's content is not valid UTF-8 text");
    // accept() checks the grammar without building a document; a valid JSON
    // text whose first token is '{' is an object.
    auto first = draft.payload.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || draft.payload[first] != '{' || !nlohmann::json::accept(draft.payload))
        return makeError(ErrorCode::InvalidArgument, "the record's content must be a JSON object");
    return Ok{};
}

Result<Record> signRecord(const RecordDraft& draft, const ChainHead& head, std::int64_t createdAtMs,
                          const DeviceIdentity& identity) {
    TRY(validateDraft(draft));
    return signValidatedDraft(draft, head, createdAtMs, identity);
}

Result<Record> signValidatedDraft(const RecordDraft& draft, const ChainHead& head, std::int64_t createdAtMs,
                                  const DeviceIdentity& identity) {
    if (createdAtMs < 0)
        return makeError(ErrorCode::InvalidArgument, "the creation time is before 1970; is the clock set?");

    const std::size_t payloadSize = draft.payload.size();
    const std::size_t sealedSize = draft.sealedPersonalData.size();
    Bytes bytes(layout::kBody + payloadSize + sealedSize + kSignatureSize);
    std::uint8_t* p = bytes.data();
    std::copy(kRecordMagic.begin(), kRecordMagic.end(), p + layout::kMagic);
    p[layout::kVersion] = kRecordVersion;
    p[layout::kKind] = static_cast<std::uint8_t>(draft.kind);
    storeLittleEndian<std::uint16_t>(p + layout::kReserved, 0);
    std::copy(identity.publicKey().begin(), identity.publicKey().end(), p + layout::kDevice);
    storeLittleEndian<std::uint64_t>(p + layout::kSequence, head.sequence + 1);
    storeLittleEndian<std::uint64_t>(p + layout::kCreatedAt, static_cast<std::uint64_t>(createdAtMs));
    std::copy(head.hash.begin(), head.hash.end(), p + layout::kPrevHash);
    storeLittleEndian<std::uint32_t>(p + layout::kPayloadSize, static_cast<std::uint32_t>(payloadSize));
    storeLittleEndian<std::uint32_t>(p + layout::kSealedSize, static_cast<std::uint32_t>(sealedSize));
    if (payloadSize != 0)
        std::memcpy(p + layout::kBody, draft.payload.data(), payloadSize);
    if (sealedSize != 0)
        std::memcpy(p + layout::kBody + payloadSize, draft.sealedPersonalData.data(), sealedSize);

    const std::size_t signedSize = bytes.size() - kSignatureSize;
    Signature sig = identity.sign(ByteView(bytes).first(signedSize));
    std::copy(sig.begin(), sig.end(), p + signedSize);
    return Record::parse(bytes);
}

// [SECTION] Parsing

Result<Record> Record::parse(ByteView bytes) {
    auto malformed = [](std::string why) { return makeError(ErrorCode::Malformed, std::move(why)); };
    if (bytes.size() < kMinRecordSize)
        return malformed("a record is at least " + std::to_string(kMinRecordSize) + " bytes; this one is " +
                         std::to_string(bytes.size()));
    if (bytes.size() > kMaxRecordSize)
        return malformed("a record is at most " + std::to_string(kMaxRecordSize) + " bytes; this one is " +
                         std::to_string(bytes.size()));
    const std::uint8_t* p = bytes.data();
    if (!std::equal(kRecordMagic.begin(), kRecordMagic.end(), p + layout::kMagic))
        return malformed("not a Fangsiang record (wrong magic bytes)");
    if (p[layout::kVersion] != kRecordVersion)
        return makeError(ErrorCode::UnknownVersion, "record format version " + std::to_string(p[layout::kVersion]) +
                                                        " is not known; this build reads version " +
                                                        std::to_string(kRecordVersion));
    auto kind = recordKindFromByte(p[layout::kKind]);
    if (!kind)
        return malformed("unknown record kind " + std::to_string(p[layout::kKind]));
    if (loadLittleEndian<std::uint16_t>(p + layout::kReserved) != 0)
        return malformed("reserved header bytes are not zero");

    Record r;
    r.m_kind = *kind;
    std::copy_n(p + layout::kDevice, kPublicKeySize, r.m_device.begin());
    r.m_sequence = loadLittleEndian<std::uint64_t>(p + layout::kSequence);
    r.m_createdAtMs = static_cast<std::int64_t>(loadLittleEndian<std::uint64_t>(p + layout::kCreatedAt));
    std::copy_n(p + layout::kPrevHash, kHashSize, r.m_previousHash.begin());
    r.m_payloadSize = loadLittleEndian<std::uint32_t>(p + layout::kPayloadSize);
    r.m_sealedSize = loadLittleEndian<std::uint32_t>(p + layout::kSealedSize);

    if (r.m_sequence == 0)
        return malformed("sequence numbers start at 1");
    if (r.m_createdAtMs < 0)
        return malformed("creation time is negative");
    if (r.m_payloadSize > kMaxPayloadSize || r.m_sealedSize > kMaxSealedSize)
        return malformed("declared sizes exceed the format's limits");
    if (bytes.size() != layout::kBody + r.m_payloadSize + r.m_sealedSize + kSignatureSize)
        return malformed("declared sizes (" + std::to_string(r.m_payloadSize) + " + " + std::to_string(r.m_sealedSize) +
                         ") do not match the record's length " + std::to_string(bytes.size()));
    if (r.m_sealedSize != 0 && r.m_sealedSize <= kSealOverhead)
        return malformed("sealed personal data is shorter than a sealed box");
    r.m_bytes.assign(bytes.begin(), bytes.end());
    if (!isValidUtf8(r.payload()))
        return malformed("content is not valid UTF-8");
    return r;
}

std::string_view Record::payload() const {
    return asText(ByteView(m_bytes).subspan(layout::kBody, m_payloadSize));
}

ByteView Record::sealedPersonalData() const {
    return ByteView(m_bytes).subspan(layout::kBody + m_payloadSize, m_sealedSize);
}

Signature Record::signature() const {
    Signature sig{};
    std::copy_n(m_bytes.end() - kSignatureSize, kSignatureSize, sig.begin());
    return sig;
}

Hash Record::hash() const { return hashBytes(m_bytes); }

// [SECTION] Verification

Status verifySignature(const Record& record) {
    if (!verifyDetached(record.signedPart(), record.signature(), record.device()))
        return makeError(ErrorCode::BadSignature, "record " + std::to_string(record.sequence()) +
                                                      " is not signed by the device it names");
    return Ok{};
}

Status checkLink(const ChainHead& head, const Record& next) {
    const std::uint64_t seq = next.sequence();
    if (seq <= head.sequence)
        return makeError(ErrorCode::Duplicate, "record " + std::to_string(seq) + " is already held (last held is " +
                                                   std::to_string(head.sequence) + ")");
    if (seq != head.sequence + 1)
        return makeError(ErrorCode::Gap, "record " + std::to_string(seq) + " follows record " +
                                             std::to_string(head.sequence) + "; records " +
                                             std::to_string(head.sequence + 1) + " to " + std::to_string(seq - 1) +
                                             " are missing");
    if (next.previousHash() != head.hash)
        return makeError(ErrorCode::BrokenChain, "record " + std::to_string(seq) +
                                                     " does not link to record " + std::to_string(head.sequence) +
                                                     " (the chain was altered or forked)");
    return Ok{};
}

Result<Record> verifyNext(ByteView bytes, const PublicKey& expectedDevice, const ChainHead& head) {
    auto record = TRY(Record::parse(bytes));
    if (record.device() != expectedDevice)
        return makeError(ErrorCode::WrongDevice, "record " + std::to_string(record.sequence()) +
                                                     " belongs to device " + toHex(record.device()).substr(0, 8) +
                                                     ", not " + toHex(expectedDevice).substr(0, 8));
    TRY(verifySignature(record));
    TRY(checkLink(head, record));
    return record;
}

}  // namespace fangsiang::core
