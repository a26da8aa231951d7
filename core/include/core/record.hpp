#pragma once
// The signed record: the one format a kiosk stores, sends and the hub
// verifies. Bytes are never re-serialised after signing: the exact bytes made
// here are stored, sent and hashed. The layout is in docs/PROTOCOL.md.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::core {

class DeviceIdentity;

inline constexpr std::uint8_t kRecordVersion = 1;
inline constexpr std::array<std::uint8_t, 4> kRecordMagic = {'F', 'S', 'R', 'C'};
inline constexpr std::size_t kRecordHeaderSize = 96;
inline constexpr std::size_t kMaxPayloadSize = 64 * 1024;
inline constexpr std::size_t kMaxSealedSize = 16 * 1024;
inline constexpr std::size_t kMaxRecordSize = kRecordHeaderSize + kMaxPayloadSize + kMaxSealedSize + kSignatureSize;
inline constexpr std::size_t kMinRecordSize = kRecordHeaderSize + kSignatureSize;

enum class RecordKind : std::uint8_t {
    Complaint = 1,
    SurveyResponse = 2,
    DeviceEvent = 3,  // enrolment, content updates and the like
};

[[nodiscard]] const char* recordKindName(RecordKind kind);
[[nodiscard]] std::optional<RecordKind> recordKindFromByte(std::uint8_t value);

// What the application asks to record. `sealedPersonalData` is already
// sealed to the hub (see sealPersonalData): plaintext never reaches a record.
struct RecordDraft {
    RecordKind kind = RecordKind::DeviceEvent;
    std::string payload;  // a UTF-8 JSON object
    Bytes sealedPersonalData;
};

// Seals a citizen's personal data (UTF-8 JSON) to the hub's X25519 key.
[[nodiscard]] Result<Bytes> sealPersonalData(std::string_view personalJson, const BoxPublicKey& hubBoxKey);

// The position of a device's chain: the last record's sequence and the hash of
// its bytes. An empty chain is sequence 0 with an all-zero hash.
struct ChainHead {
    std::uint64_t sequence = 0;
    Hash hash{};
    bool operator==(const ChainHead&) const = default;
};

// A record parsed from its bytes. Owns the bytes; the accessors are views
// into them. Parsing checks the structure only; verifySignature() and
// checkLink() check the rest.
class Record {
public:
    [[nodiscard]] static Result<Record> parse(ByteView bytes);

    [[nodiscard]] const Bytes& bytes() const { return m_bytes; }
    [[nodiscard]] std::uint8_t version() const { return m_bytes[4]; }
    [[nodiscard]] RecordKind kind() const { return m_kind; }
    [[nodiscard]] const PublicKey& device() const { return m_device; }
    [[nodiscard]] std::uint64_t sequence() const { return m_sequence; }
    [[nodiscard]] std::int64_t createdAtMs() const { return m_createdAtMs; }
    [[nodiscard]] const Hash& previousHash() const { return m_previousHash; }
    [[nodiscard]] std::string_view payload() const;
    [[nodiscard]] ByteView sealedPersonalData() const;
    [[nodiscard]] bool hasPersonalData() const { return m_sealedSize != 0; }
    // The signed part: everything but the trailing signature.
    [[nodiscard]] ByteView signedPart() const { return ByteView(m_bytes).first(m_bytes.size() - kSignatureSize); }
    [[nodiscard]] Signature signature() const;
    // BLAKE2b-256 of the whole record: what the next record links to.
    [[nodiscard]] Hash hash() const;
    [[nodiscard]] ChainHead asHead() const { return ChainHead{m_sequence, hash()}; }

private:
    Record() = default;
    Bytes m_bytes;
    RecordKind m_kind = RecordKind::DeviceEvent;
    PublicKey m_device{};
    std::uint64_t m_sequence = 0;
    std::int64_t m_createdAtMs = 0;
    Hash m_previousHash{};
    std::uint32_t m_payloadSize = 0;
    std::uint32_t m_sealedSize = 0;
};

// Builds and signs the record that follows `head`. Checks the draft against
// the format's rules (sizes, UTF-8, JSON object) first.
[[nodiscard]] Result<Record> signRecord(const RecordDraft& draft, const ChainHead& head,
                                        std::int64_t createdAtMs, const DeviceIdentity& identity);

// signRecord without the draft checks, for a caller that has just run
// validateDraft on the same draft (a batch validates all before it begins).
[[nodiscard]] Result<Record> signValidatedDraft(const RecordDraft& draft, const ChainHead& head,
                                                std::int64_t createdAtMs, const DeviceIdentity& identity);

// Checks the payload rules alone (size, UTF-8, a JSON object), for callers
// that want to reject a draft before doing anything else.
[[nodiscard]] Status validateDraft(const RecordDraft& draft);

// Ed25519 signature of the record by the device it names.
[[nodiscard]] Status verifySignature(const Record& record);

// Whether `next` may follow `head` in a device's chain:
//   Duplicate   - next.sequence <= head.sequence (a resend, or a fork when
//                 its bytes differ from what is held: the caller compares)
//   Gap         - next.sequence > head.sequence + 1
//   BrokenChain - right sequence, but it does not link to head's hash
[[nodiscard]] Status checkLink(const ChainHead& head, const Record& next);

// Parse + signature + device + link, in that order: the full check a
// receiver applies to each record of a stream it already has the head of.
[[nodiscard]] Result<Record> verifyNext(ByteView bytes, const PublicKey& expectedDevice, const ChainHead& head);

}  // namespace fangsiang::core
