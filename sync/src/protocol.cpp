#include "sync/protocol.hpp"
#include "protocol_internal.hpp"

#include "core/crypto.hpp"
#include "core/json_fields.hpp"
#include "core/ticket.hpp"

#include <nlohmann/json.hpp>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <limits>

namespace fangsiang::sync {

using nlohmann::json;
using core::makeError;

// [SECTION] Little helpers: sync/src/protocol_internal.hpp

using namespace detail;

// [SECTION] Error codes

namespace {
struct WireCode {
    ErrorCode code;
    const char* name;
    int http;
    bool permanent;
};
constexpr WireCode kWireCodes[] = {
    {ErrorCode::BadRequest, "bad-request", 400, false},
    {ErrorCode::UnsupportedProtocol, "unsupported-protocol", 400, false},
    {ErrorCode::TooLarge, "too-large", 413, true},
    {ErrorCode::Malformed, "malformed", 400, true},
    {ErrorCode::UnknownDevice, "unknown-device", 403, false},
    {ErrorCode::RevokedDevice, "revoked-device", 403, false},
    {ErrorCode::StaleRequest, "stale-request", 401, false},
    {ErrorCode::BadSignature, "bad-signature", 400, true},
    {ErrorCode::WrongDevice, "wrong-device", 400, true},
    {ErrorCode::Gap, "gap", 409, false},
    {ErrorCode::BrokenChain, "broken-chain", 409, true},
    {ErrorCode::Conflict, "conflict", 409, true},
    {ErrorCode::BadEnrolmentCode, "bad-enrolment-code", 403, false},
    {ErrorCode::ExpiredEnrolmentCode, "expired-enrolment-code", 403, false},
    {ErrorCode::UsedEnrolmentCode, "used-enrolment-code", 403, false},
    {ErrorCode::AlreadyEnrolled, "already-enrolled", 409, false},
    {ErrorCode::NotFound, "not-found", 404, false},
    {ErrorCode::Internal, "internal", 500, false},
    // Client side only: never sent by a hub.
    {ErrorCode::NotAHubAnswer, "not-a-hub-answer", 502, false},
    {ErrorCode::Network, "network", 503, false},
    {ErrorCode::Busy, "busy", 503, false},
};
const WireCode& wireCode(ErrorCode code) {
    const WireCode* internal = nullptr;
    for (const auto& w : kWireCodes) {
        if (w.code == code)
            return w;
        if (w.code == ErrorCode::Internal)
            internal = &w;
    }
    return *internal;
}
}  // namespace

const char* errorCodeWireName(ErrorCode code) { return wireCode(code).name; }
int httpStatusOf(ErrorCode code) { return wireCode(code).http; }
bool isPermanent(ErrorCode code) { return wireCode(code).permanent; }

std::optional<ErrorCode> fromWireName(std::string_view name) {
    for (const auto& w : kWireCodes)
        if (name == w.name)
            return w.code;
    return std::nullopt;
}

std::string encodeWireError(const Error& error) {
    json j = {{"protocol", kProtocolVersion},
              {"error", {{"code", errorCodeWireName(error.code)}, {"message", error.message}}}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<Error> decodeWireError(std::string_view body) {
    if (body.size() > 64 * 1024)
        return std::nullopt;
    json j = json::parse(body.begin(), body.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    auto it = j.find("error");
    if (it == j.end() || !it->is_object())
        return std::nullopt;
    auto code = it->find("code");
    auto message = it->find("message");
    if (code == it->end() || !code->is_string() || message == it->end() || !message->is_string())
        return std::nullopt;
    auto parsed = fromWireName(code->get<std::string>());
    if (!parsed)
        return std::nullopt;
    return Error{*parsed, message->get<std::string>()};
}

// [SECTION] Compression

Bytes compress(ByteView input, int level) {
    Bytes out(ZSTD_compressBound(input.size()));
    // ZSTD_compress writes the content size into the frame header, which the
    // receiver checks before decompressing.
    std::size_t n = ZSTD_compress(out.data(), out.size(), input.data(), input.size(), level);
    if (ZSTD_isError(n))
        return {};  // only on a bug: the bound above always fits
    out.resize(n);
    return out;
}

Result<Bytes> decompress(ByteView frame, std::size_t maxBytes) {
    unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (size == ZSTD_CONTENTSIZE_ERROR)
        return malformed("the data is not zstd-compressed");
    if (size == ZSTD_CONTENTSIZE_UNKNOWN)
        return malformed("the compressed data does not declare its size");
    if (size > maxBytes)
        return makeError(ErrorCode::TooLarge, "the data would decompress to " + std::to_string(size) +
                                                  " bytes, more than the limit of " + std::to_string(maxBytes));
    // One frame and nothing after it: trailing bytes are a sign of tampering.
    std::size_t frameSize = ZSTD_findFrameCompressedSize(frame.data(), frame.size());
    if (ZSTD_isError(frameSize) || frameSize != frame.size())
        return malformed("the compressed data is truncated or has bytes after its end");
    Bytes out(static_cast<std::size_t>(size));
    std::size_t n = ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
    if (ZSTD_isError(n))
        return malformed(std::string("the compressed data is damaged (") + ZSTD_getErrorName(n) + ")");
    if (n != size)
        return malformed("the compressed data decompressed to a different size than it declared");
    return out;
}

// [SECTION] Domain-separated signatures

Bytes domainMessage(std::string_view domain, ByteView body) {
    Bytes message;
    message.reserve(domain.size() + 1 + body.size());
    message.insert(message.end(), domain.begin(), domain.end());
    message.push_back(0);
    message.insert(message.end(), body.begin(), body.end());
    return message;
}

Signature signInDomain(std::string_view domain, ByteView body, const core::SecretKey<64>& secretKey) {
    return core::signDetached(domainMessage(domain, body), secretKey);
}

bool verifyInDomain(std::string_view domain, ByteView body, const Signature& signature, const PublicKey& publicKey) {
    return core::verifyDetached(domainMessage(domain, body), signature, publicKey);
}

Nonce randomNonce() {
    Nonce nonce{};
    core::randomBytes(nonce);
    return nonce;
}

// [SECTION] Batches

namespace {
constexpr std::size_t kBatchFixedSize = 64;
}

Result<Bytes> encodeBatch(const Batch& batch, const BatchSigner& signer) {
    if (batch.device != signer.publicKey())
        return makeError(ErrorCode::WrongDevice, "a batch is signed by the device whose records it carries");
    if (batch.records.size() > kMaxBatchRecords)
        return makeError(ErrorCode::TooLarge, "a batch holds at most " + std::to_string(kMaxBatchRecords) + " records");
    if (batch.skipped.size() > kMaxSkipped)
        return makeError(ErrorCode::TooLarge, "too many set-aside records to name in one batch");
    Bytes out;
    std::size_t total = kBatchFixedSize + 8 * batch.skipped.size() + core::kSignatureSize;
    for (const auto& r : batch.records)
        total += 4 + r.size();
    if (total > kMaxBatchBytes)
        return makeError(ErrorCode::TooLarge, "the batch is larger than the protocol allows");
    out.reserve(total);
    out.insert(out.end(), kBatchMagic.begin(), kBatchMagic.end());
    core::appendLittleEndian<std::uint16_t>(out, static_cast<std::uint16_t>(kProtocolVersion));
    core::appendLittleEndian<std::uint16_t>(out, 0);
    out.insert(out.end(), batch.device.begin(), batch.device.end());
    out.insert(out.end(), batch.nonce.begin(), batch.nonce.end());
    core::appendLittleEndian<std::uint32_t>(out, static_cast<std::uint32_t>(batch.records.size()));
    core::appendLittleEndian<std::uint32_t>(out, static_cast<std::uint32_t>(batch.skipped.size()));
    for (auto s : batch.skipped)
        core::appendLittleEndian<std::uint64_t>(out, s);
    for (const auto& r : batch.records) {
        core::appendLittleEndian<std::uint32_t>(out, static_cast<std::uint32_t>(r.size()));
        out.insert(out.end(), r.begin(), r.end());
    }
    Signature sig = signer.sign(domainMessage(kDomainBatch, out));
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

Result<Batch> decodeBatch(ByteView bytes) {
    if (bytes.size() < kBatchFixedSize + core::kSignatureSize)
        return malformed("the batch is shorter than its header");
    if (bytes.size() > kMaxBatchBytes)
        return makeError(ErrorCode::TooLarge, "the batch is larger than the protocol allows");
    const std::uint8_t* p = bytes.data();
    if (!std::equal(kBatchMagic.begin(), kBatchMagic.end(), p))
        return malformed("the data is not a Fangsiang batch");
    if (core::loadLittleEndian<std::uint16_t>(p + 4) != kProtocolVersion)
        return makeError(ErrorCode::UnsupportedProtocol, "the batch uses protocol version " + std::to_string(core::loadLittleEndian<std::uint16_t>(p + 4)) +
                                                        "; this hub speaks version " + std::to_string(kProtocolVersion));
    if (core::loadLittleEndian<std::uint16_t>(p + 6) != 0)
        return malformed("the batch sets flags this version does not know");
    Batch batch;
    std::copy_n(p + 8, batch.device.size(), batch.device.begin());
    std::copy_n(p + 40, batch.nonce.size(), batch.nonce.begin());
    std::uint32_t count = core::loadLittleEndian<std::uint32_t>(p + 56);
    std::uint32_t skipped = core::loadLittleEndian<std::uint32_t>(p + 60);
    if (count > kMaxBatchRecords)
        return makeError(ErrorCode::TooLarge, "the batch holds more than " + std::to_string(kMaxBatchRecords) + " records");
    if (skipped > kMaxSkipped)
        return makeError(ErrorCode::TooLarge, "the batch names too many set-aside records");

    const std::size_t signedSize = bytes.size() - core::kSignatureSize;
    Signature sig{};
    std::copy_n(p + signedSize, sig.size(), sig.begin());
    // The signature first: nothing of an unsigned batch is looked at further.
    if (!verifyInDomain(kDomainBatch, bytes.first(signedSize), sig, batch.device))
        return makeError(ErrorCode::BadSignature, "the batch's signature does not match the device it names");

    std::size_t at = kBatchFixedSize;
    if ((signedSize - at) / 8 < skipped)
        return malformed("the batch ends inside its list of set-aside records");
    batch.skipped.reserve(skipped);
    for (std::uint32_t i = 0; i < skipped; ++i, at += 8)
        batch.skipped.push_back(core::loadLittleEndian<std::uint64_t>(p + at));
    batch.records.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        if (signedSize - at < 4)
            return malformed("the batch ends inside record " + std::to_string(i + 1) + " of " + std::to_string(count));
        std::uint32_t len = core::loadLittleEndian<std::uint32_t>(p + at);
        at += 4;
        if (len > core::kMaxRecordSize || signedSize - at < len)
            return malformed("record " + std::to_string(i + 1) + " of the batch has an impossible length");
        batch.records.emplace_back(p + at, p + at + len);
        at += len;
    }
    if (at != signedSize)
        return malformed("the batch has bytes after its last record");
    return batch;
}

// [SECTION] Signed envelopes

std::string envelopeDomain(std::string_view type) { return "fangsiang/" + std::string(type) + "/v1"; }

std::string signEnvelope(std::string_view type, std::string body, const core::SecretKey<64>& hubKey) {
    Signature sig = signInDomain(envelopeDomain(type), core::asBytes(body), hubKey);
    json j = {{"protocol", kProtocolVersion}, {"type", type}, {"body", std::move(body)}, {"signature", core::toHex(sig)}};
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
}

Result<SignedEnvelope> parseEnvelope(std::string_view text) {
    if (text.size() > kMaxEnvelopeBytes)
        return makeError(ErrorCode::TooLarge, "the hub's answer is larger than the protocol allows");
    const auto j = TRY(parseMessage(text, "the hub's answer"));
    const core::JsonFields f = fieldsOf(j, "the hub's answer");
    SignedEnvelope envelope;
    envelope.type = TRY(f.string("type", 64));
    envelope.body = TRY(f.string("body", kMaxEnvelopeBytes));
    envelope.signature = TRY(f.hex<core::kSignatureSize>("signature"));
    return envelope;
}

Result<std::string> openEnvelope(std::string_view text, std::string_view expectedType, const PublicKey& hubKey) {
    auto envelope = TRY(parseEnvelope(text));
    if (envelope.type != expectedType)
        return malformed("expected a \"" + std::string(expectedType) + "\" from the hub, got \"" + envelope.type + "\"");
    if (!verifyInDomain(envelopeDomain(envelope.type), core::asBytes(envelope.body), envelope.signature, hubKey))
        return makeError(ErrorCode::BadSignature,
                         "the " + envelope.type + " is not signed by the hub this device is enrolled with");
    return std::move(envelope.body);
}

// [SECTION] Push acknowledgement

std::string encodePushAckBody(const PushAck& ack) {
    json refused = json::array();
    for (const auto& v : ack.refused)
        refused.push_back({{"sequence", v.sequence},
                           {"code", errorCodeWireName(v.code)},
                           {"message", v.message},
                           {"permanent", v.permanent}});
    json j = chainPositionJson(ack);
    j["accepted"] = ack.accepted;
    j["duplicates"] = ack.duplicates;
    j["refused"] = std::move(refused);
    j["hubTime"] = ack.hubTimeMs;
    return dumpMessage(j);
}

namespace {
Result<RecordVerdict> decodeRecordVerdict(const json& item) {
    const core::JsonFields f = fieldsOf(item, "a refusal in the acknowledgement");
    RecordVerdict verdict;
    verdict.sequence = TRY(f.unsignedInteger("sequence"));
    const auto code = TRY(f.string("code", 64));
    verdict.message = TRY(f.string("message", 4096));
    verdict.permanent = TRY(f.boolean("permanent"));
    const auto parsed = fromWireName(code);
    if (!parsed)
        return malformed("the acknowledgement names an unknown reason \"" + code + "\"");
    verdict.code = *parsed;
    return verdict;
}
}  // namespace

Result<PushAck> decodePushAckBody(std::string_view body) {
    const auto j = TRY(parseMessage(body, "the acknowledgement"));
    const core::JsonFields f = fieldsOf(j, "the acknowledgement");
    PushAck ack;
    TRY(readChainPosition(f, ack));
    ack.accepted = clampToU32(TRY(f.unsignedInteger("accepted")));
    ack.duplicates = clampToU32(TRY(f.unsignedInteger("duplicates")));
    ack.hubTimeMs = TRY(f.integer("hubTime"));
    const json* refused = TRY(f.array("refused", true, kMaxBatchRecords));
    ack.refused = TRY(decodeEach<RecordVerdict>(*refused, "the acknowledgement: a refusal is not an object",
                                                decodeRecordVerdict));
    return ack;
}

// [SECTION] Device-authenticated requests

Bytes requestMessage(std::string_view method, std::string_view target, const Nonce& nonce, std::int64_t timeMs) {
    Bytes body(method.begin(), method.end());
    body.push_back(0);
    body.insert(body.end(), target.begin(), target.end());
    body.push_back(0);
    body.insert(body.end(), nonce.begin(), nonce.end());
    core::appendLittleEndian(body, static_cast<std::uint64_t>(timeMs));
    return domainMessage(kDomainRequest, body);
}

std::optional<std::int64_t> parseRequestTime(std::string_view header) {
    // At most 15 digits: ms up to the year 33658, and no overflow below.
    if (header.empty() || header.size() > 15 ||
        !std::all_of(header.begin(), header.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::int64_t value = 0;
    for (char c : header)
        value = value * 10 + (c - '0');
    return value;
}

Bytes clockMessage(const PublicKey& device, const Nonce& nonce, std::int64_t hubTimeMs) {
    Bytes body(device.begin(), device.end());
    body.insert(body.end(), nonce.begin(), nonce.end());
    core::appendLittleEndian(body, static_cast<std::uint64_t>(hubTimeMs));
    return domainMessage(kDomainClock, body);
}

std::string encodeStaleRequestError(const Error& error, const PublicKey& device, const Nonce& nonce,
                                    std::int64_t hubTimeMs, const core::SecretKey<64>& hubKey) {
    const Signature signature = core::signDetached(clockMessage(device, nonce, hubTimeMs), hubKey);
    json j = {{"protocol", kProtocolVersion},
              {"error",
               {{"code", errorCodeWireName(error.code)},
                {"message", error.message},
                {"hubTime", hubTimeMs},
                {"clockSignature", core::toHex(signature)}}}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<std::int64_t> hubTimeOfRefusal(std::string_view body, const PublicKey& device, const Nonce& nonce,
                                             const PublicKey& hubKey) {
    auto error = decodeWireError(body);
    if (!error || error->code != ErrorCode::StaleRequest)
        return std::nullopt;
    const json j = json::parse(body.begin(), body.end(), nullptr, false);
    const json& e = j["error"];
    auto time = e.find("hubTime");
    auto signature = e.find("clockSignature");
    if (time == e.end() || !time->is_number_integer() || signature == e.end() || !signature->is_string())
        return std::nullopt;
    const std::int64_t hubTimeMs = time->get<std::int64_t>();
    auto sig = core::fixedFromHex<core::kSignatureSize>(signature->get<std::string>());
    if (!sig || !core::verifyDetached(clockMessage(device, nonce, hubTimeMs), *sig, hubKey))
        return std::nullopt;
    return hubTimeMs;
}

// [SECTION] Content bundles

bool isValidContentFileName(std::string_view name) {
    auto validPart = [](std::string_view part) {
        if (part.empty() || part.size() > 64)
            return false;
        for (char c : part)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                return false;
        return true;
    };
    if (!name.ends_with(".json"))
        return false;
    std::string_view stem = name.substr(0, name.size() - 5);
    if (auto slash = stem.find('/'); slash != std::string_view::npos)
        return validPart(stem.substr(0, slash)) && validPart(stem.substr(slash + 1));
    return validPart(stem);
}

std::string encodeContentBody(const ContentBundle& bundle) {
    json files = json::object();
    for (const auto& [name, text] : bundle.files)
        files[name] = text;
    json j = {{"protocol", kProtocolVersion},
              {"version", bundle.version},
              {"publishedAt", bundle.publishedAtMs},
              {"files", std::move(files)}};
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
}

Result<ContentBundle> decodeContentBody(std::string_view body) {
    const auto j = TRY(parseMessage(body, "the content bundle"));
    const core::JsonFields f = fieldsOf(j, "the content bundle");
    ContentBundle bundle;
    bundle.version = TRY(f.unsignedInteger("version"));
    bundle.publishedAtMs = TRY(f.integer("publishedAt"));
    auto files = j.find("files");
    if (files == j.end() || !files->is_object() || files->size() > 256)
        return malformed("the content bundle: \"files\" must be an object of at most 256 files");
    for (const auto& [name, text] : files->items()) {
        if (!isValidContentFileName(name))
            return malformed("the content bundle names a file \"" + name + "\" that is not allowed");
        if (!text.is_string())
            return malformed("the content bundle: file \"" + name + "\" must be text");
        bundle.files.emplace_back(name, text.get<std::string>());
    }
    return bundle;
}

// [SECTION] Tickets

namespace {
// Wire names, in the order of TicketStatus.
constexpr std::array<const char*, kTicketStatusCount> kTicketStatusNames = {
    "received", "accepted", "in_progress", "resolved", "closed", "forwarded", "not_ours", "duplicate", "rejected",
};
}  // namespace

const char* ticketStatusName(TicketStatus status) { return kTicketStatusNames.at(static_cast<std::size_t>(status)); }

std::optional<TicketStatus> ticketStatusFromName(std::string_view name) {
    for (std::size_t i = 0; i < kTicketStatusNames.size(); ++i)
        if (name == kTicketStatusNames[i])
            return static_cast<TicketStatus>(i);
    return std::nullopt;
}

bool isValidTicketId(std::string_view id) {
    if (id.size() > 48)
        return false;
    auto ticket = core::Ticket::parse(id);
    return ticket.ok() && ticket->text() == id;
}

std::string encodeTicketUpdatesBody(const TicketUpdates& t) {
    json updates = json::array();
    for (const auto& u : t.updates)
        updates.push_back({{"id", u.id},
                           {"ticket", u.ticket},
                           {"status", ticketStatusName(u.status)},
                           {"reply", u.reply},
                           {"updatedAt", u.updatedAtMs}});
    json j = {{"protocol", kProtocolVersion},
              {"device", core::toHex(t.device)},
              {"nonce", core::toHex(t.nonce)},
              {"cursor", t.cursor},
              {"more", t.more},
              {"updates", std::move(updates)}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {
Result<TicketUpdate> decodeTicketUpdate(const json& item) {
    const core::JsonFields f = fieldsOf(item, "a ticket update");
    TicketUpdate update;
    update.id = TRY(f.unsignedInteger("id"));
    update.ticket = TRY(f.string("ticket", 48));
    const auto status = TRY(f.string("status", 32));
    update.reply = TRY(f.string("reply", 8192));
    update.updatedAtMs = TRY(f.integer("updatedAt"));
    const auto parsedStatus = ticketStatusFromName(status);
    if (!parsedStatus || !isValidTicketId(update.ticket))
        return malformed("the ticket updates: entry " + std::to_string(update.id) + " is not a valid update");
    update.status = *parsedStatus;
    return update;
}
}  // namespace

Result<TicketUpdates> decodeTicketUpdatesBody(std::string_view body) {
    const auto j = TRY(parseMessage(body, "the ticket updates"));
    const core::JsonFields f = fieldsOf(j, "the ticket updates");
    TicketUpdates t;
    t.device = TRY(f.hex<core::kPublicKeySize>("device"));
    t.nonce = TRY(f.hex<kNonceSize>("nonce"));
    t.cursor = TRY(f.unsignedInteger("cursor"));
    t.more = TRY(f.boolean("more"));
    const json* updates = TRY(f.array("updates", true, 10000));
    t.updates = TRY(decodeEach<TicketUpdate>(*updates, "the ticket updates: an entry is not an object",
                                             decodeTicketUpdate));
    return t;
}

// [SECTION] The device's chain head (store loss)

std::string encodeChainHeadBody(const ChainHeadAnswer& a) {
    json j = chainPositionJson(a);
    j["hubTime"] = a.hubTimeMs;
    return dumpMessage(j);
}

Result<ChainHeadAnswer> decodeChainHeadBody(std::string_view body) {
    const auto j = TRY(parseMessage(body, "the chain head"));
    const core::JsonFields f = fieldsOf(j, "the chain head");
    ChainHeadAnswer a;
    TRY(readChainPosition(f, a));
    a.hubTimeMs = TRY(f.integer("hubTime"));
    return a;
}

Bytes storeLostMessage(const StoreLostReport& r) {
    Bytes body(r.device.begin(), r.device.end());
    body.insert(body.end(), r.nonce.begin(), r.nonce.end());
    core::appendLittleEndian<std::uint64_t>(body, r.held);
    body.insert(body.end(), r.headHash.begin(), r.headHash.end());
    core::appendLittleEndian<std::uint64_t>(body, r.localHead);
    core::appendLittleEndian<std::uint64_t>(body, r.resumeAfter);
    return domainMessage(kDomainStoreLost, body);
}

std::string encodeStoreLostReport(const StoreLostReport& r) {
    json j = chainPositionJson(r);
    j["localHead"] = r.localHead;
    j["resumeAfter"] = r.resumeAfter;
    j["proof"] = core::toHex(r.proof);
    return dumpMessage(j);
}

Result<StoreLostReport> decodeStoreLostReport(std::string_view body) {
    if (body.size() > kMaxJsonRequestBytes)
        return makeError(ErrorCode::TooLarge, "the store-lost report is too large");
    const auto j = TRY(parseMessage(body, "the store-lost report"));
    const core::JsonFields f = fieldsOf(j, "the store-lost report");
    StoreLostReport r;
    TRY(readChainPosition(f, r));
    r.localHead = TRY(f.unsignedInteger("localHead"));
    r.resumeAfter = TRY(f.unsignedInteger("resumeAfter"));
    r.proof = TRY(f.hex<core::kSignatureSize>("proof"));
    if (r.resumeAfter < r.held)
        return malformed("the store-lost report resumes before the hub's head");
    return r;
}

std::string encodeStoreLostAnswerBody(const StoreLostAnswer& a) {
    json j = chainPositionJson(a);
    j["resumeAfter"] = a.resumeAfter;
    j["hubTime"] = a.hubTimeMs;
    return dumpMessage(j);
}

Result<StoreLostAnswer> decodeStoreLostAnswerBody(std::string_view body) {
    const auto j = TRY(parseMessage(body, "the store-lost answer"));
    const core::JsonFields f = fieldsOf(j, "the store-lost answer");
    StoreLostAnswer a;
    TRY(readChainPosition(f, a));
    a.resumeAfter = TRY(f.unsignedInteger("resumeAfter"));
    a.hubTimeMs = TRY(f.integer("hubTime"));
    return a;
}

}  // namespace fangsiang::sync
