#include "sync/hub_service.hpp"

#include "kiosk/announcements.hpp"
#include "kiosk/catalogue.hpp"
#include "kiosk/content_json.hpp"
#include "kiosk/crypto.hpp"
#include "kiosk/files.hpp"
#include "kiosk/survey.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <system_error>
#include <thread>

namespace fangsiang::sync {

namespace fs = std::filesystem;
using kiosk::ErrorCode;
using kiosk::makeError;

namespace {

std::string shortKey(const PublicKey& key) { return kiosk::toHex(key).substr(0, 8); }

// A record checked on its own, before any lock is taken: structure, the
// device's signature, and that it belongs to the batch's device.
struct Prechecked {
    std::optional<kiosk::Record> record;
    std::optional<Error> problem;
};

Prechecked precheck(const Bytes& bytes, const PublicKey& device) {
    auto record = kiosk::Record::parse(bytes);
    if (!record)
        return {std::nullopt, record.error()};
    if (record->device() != device)
        return {std::nullopt, makeError(ErrorCode::WrongDevice, "record " + std::to_string(record->sequence()) +
                                                                     " belongs to another device than the batch")};
    if (auto sig = kiosk::verifySignature(*record); !sig)
        return {std::nullopt, sig.error()};
    return {std::move(*record), std::nullopt};
}

// The sequence a refused record claimed, if its header could be read at all.
std::uint64_t claimedSequence(const Bytes& bytes) {
    if (bytes.size() < 48)
        return 0;
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = v << 8 | bytes[40 + static_cast<std::size_t>(i)];
    return v;
}

}  // namespace

HubService::HubService(HubStorage& storage, const HubKeys& keys, HubServiceOptions options)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)) {}

std::int64_t HubService::now() const {
    if (m_options.clock)
        return m_options.clock();
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void HubService::log(const std::string& line) const {
    if (m_options.log)
        m_options.log(line);
    else
        std::fprintf(stderr, "fangsiang-hub: %s\n", line.c_str());
}

HubResponse HubService::error(SyncError code, std::string message) const {
    return HubResponse{syncErrorHttpStatus(code), kErrorMediaType, encodeWireError(WireError{code, std::move(message)})};
}

HubResponse HubService::signedAnswer(std::string_view type, std::string body) const {
    return HubResponse{200, kSignedMediaType, signEnvelope(type, std::move(body), m_keys.signing.secretKey)};
}

// [SECTION] Enrolment

kiosk::Result<EnrolmentCode> HubService::createEnrolmentCode(const std::string& officeCode,
                                                             const std::string& officeName,
                                                             std::chrono::seconds lifetime) {
    // Office codes are part of ticket numbers (kiosk/ticket.hpp): 5-10 digits.
    if (officeCode.size() < 5 || officeCode.size() > 10 ||
        !std::all_of(officeCode.begin(), officeCode.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return makeError(ErrorCode::InvalidArgument, "an office code is 5 to 10 digits, e.g. 6340105");
    if (lifetime.count() <= 0 || lifetime > std::chrono::hours(24 * 7))
        return makeError(ErrorCode::InvalidArgument, "an enrolment code lives between one second and seven days");
    auto existing = m_storage.findOffice(officeCode);
    if (!existing)
        return existing.error();
    if (!existing->has_value() && officeName.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "office " + officeCode + " is new to this hub; give its name too (--name)");
    KIOSK_TRY(m_storage.putOffice(Office{officeCode, officeName}));

    // 12 symbols of Crockford base32: 60 bits, typed as XXXX-XXXX-XXXX.
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string plain;
    for (int i = 0; i < 12; ++i)
        plain.push_back(kAlphabet[randombytes_uniform(32)]);
    EnrolmentCode out;
    out.code = plain.substr(0, 4) + "-" + plain.substr(4, 4) + "-" + plain.substr(8, 4);
    out.expiresAtMs = now() + std::chrono::duration_cast<std::chrono::milliseconds>(lifetime).count();
    auto office = m_storage.findOffice(officeCode);
    if (!office)
        return office.error();
    out.office = office->value_or(Office{officeCode, officeName});
    out.hubFingerprint = keyFingerprint(m_keys.signing.publicKey);
    KIOSK_TRY(m_storage.putEnrolmentCode(kiosk::hashBytes(kiosk::asBytes(plain)), officeCode, out.expiresAtMs, now()));
    log("enrolment code made for office " + officeCode + ", valid until " + std::to_string(out.expiresAtMs));
    return out;
}

HubResponse HubService::handleEnrol(std::string_view body) {
    auto request = decodeEnrolRequest(body);
    if (!request)
        return error(request.error().code == ErrorCode::UnknownVersion ? SyncError::UnsupportedProtocol
                                                                       : SyncError::Malformed,
                     request.error().message);
    auto code = normaliseEnrolmentCode(request->code);
    if (!code || code->size() != 12)
        return error(SyncError::BadEnrolmentCode, "that is not an enrolment code: it has 12 letters and digits");
    if (!kiosk::verifyDetached(enrolProofMessage(*code, request->device), request->proof, request->device))
        return error(SyncError::BadSignature, "the device did not prove it holds the key it wants to enrol");
    {
        std::lock_guard lock(m_throttleMutex);
        std::int64_t minute = now() / 60000;
        if (minute != m_throttleMinute) {
            m_throttleMinute = minute;
            m_badCodes = 0;
        }
        if (m_badCodes >= m_options.maxBadCodesPerMinute)
            return error(SyncError::BadEnrolmentCode, "too many wrong enrolment codes were tried; wait a minute");
    }
    Office office;
    std::uint32_t number = 0;
    auto redeemed = m_storage.redeemEnrolmentCode(kiosk::hashBytes(kiosk::asBytes(*code)), request->device,
                                                  request->label, now(), office, number);
    if (!redeemed) {
        log("enrolment failed: " + redeemed.error().message);
        return error(SyncError::Internal, "the hub could not record the enrolment; try again");
    }
    auto refuse = [&](SyncError why, std::string message) {
        if (why == SyncError::BadEnrolmentCode) {
            std::lock_guard lock(m_throttleMutex);
            ++m_badCodes;
        }
        log("enrolment of " + shortKey(request->device) + " refused: " + message);
        return error(why, std::move(message));
    };
    switch (*redeemed) {
    case RedeemResult::UnknownCode:
        return refuse(SyncError::BadEnrolmentCode, "the hub does not know that enrolment code; check it and try again");
    case RedeemResult::Expired:
        return refuse(SyncError::ExpiredEnrolmentCode, "that enrolment code has expired; ask for a new one");
    case RedeemResult::AlreadyUsed:
        return refuse(SyncError::UsedEnrolmentCode, "that enrolment code has been used already; ask for a new one");
    case RedeemResult::AlreadyEnrolled:
        return refuse(SyncError::AlreadyEnrolled, "this device is enrolled already");
    case RedeemResult::Enrolled: break;
    }
    log("device " + shortKey(request->device) + " enrolled for office " + office.code + " as device " +
        std::to_string(number));
    EnrolAnswer answer{request->device,           office.code,          office.name, number,
                       m_keys.signing.publicKey, m_keys.box.publicKey, now()};
    return signedAnswer("enrolled", encodeEnrolAnswerBody(answer));
}

// [SECTION] Push

HubResponse HubService::handlePush(std::string_view contentType, ByteView body) {
    if (contentType != kBatchMediaType)
        return error(SyncError::BadRequest, "a push carries " + std::string(kBatchMediaType));
    if (body.size() > kMaxRequestBytes)
        return error(SyncError::TooLarge, "the batch is larger than the hub accepts");
    auto result = ingestWire(body, "push");
    if (!result) {
        const auto& e = result.error();
        SyncError code = SyncError::Internal;
        switch (e.code) {
        case ErrorCode::NotFound: code = SyncError::UnknownDevice; break;
        case ErrorCode::Permissions: code = SyncError::RevokedDevice; break;
        case ErrorCode::TooLarge: code = SyncError::TooLarge; break;
        case ErrorCode::BadSignature: code = SyncError::BadSignature; break;
        case ErrorCode::UnknownVersion: code = SyncError::UnsupportedProtocol; break;
        case ErrorCode::Malformed:
        case ErrorCode::WrongDevice:
        case ErrorCode::InvalidArgument: code = SyncError::Malformed; break;
        default: break;
        }
        if (code == SyncError::Internal) {
            log("push failed: " + e.message);
            return error(code, "the hub could not store the batch; it will be accepted when sent again");
        }
        return error(code, e.message);
    }
    const PushAck& ack = result->ack;
    log("push from device " + shortKey(ack.device) + ": " + std::to_string(ack.accepted) + " new, " +
        std::to_string(ack.duplicates) + " already held, " + std::to_string(ack.refused.size()) +
        " refused; holds up to " + std::to_string(ack.held));
    return signedAnswer("push-ack", encodePushAckBody(ack));
}

kiosk::Result<IngestResult> HubService::ingestWire(ByteView compressed, std::string_view source) {
    auto raw = decompress(compressed, kMaxBatchBytes);
    if (!raw)
        return raw.error();
    auto batch = decodeBatch(*raw);
    if (!batch) {
        log(std::string(source) + ": batch refused: " + batch.error().message);
        return batch.error();
    }
    return ingest(*batch, source);
}

kiosk::Result<IngestResult> HubService::ingest(const Batch& batch, std::string_view source) {
    const std::string who = shortKey(batch.device);
    auto device = m_storage.findDevice(batch.device);
    if (!device)
        return device.error();
    if (!device->has_value())
        return makeError(ErrorCode::NotFound, "device " + who + " is not enrolled with this hub");
    if ((*device)->revokedAtMs)
        return makeError(ErrorCode::Permissions, "device " + who + " has been revoked; its records are not accepted");

    // Signatures first and outside any lock: this is the expensive part. It
    // runs in parallel across requests, and a large batch is also split
    // across the cores, so one kiosk catching up alone is not held to one.
    const std::size_t n = batch.records.size();
    std::vector<Prechecked> checked(n);
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = std::min(cores, n / 64 + 1);
    auto checkEvery = [&](std::size_t first) {
        for (std::size_t i = first; i < n; i += workers)
            checked[i] = precheck(batch.records[i], batch.device);
    };
    std::vector<std::thread> helpers;
    std::size_t started = 1;
    for (; started < workers; ++started) {
        try {
            helpers.emplace_back(checkEvery, started);
        } catch (const std::system_error&) {
            break;  // no thread to be had: this thread does the rest
        }
    }
    checkEvery(0);
    for (auto& h : helpers)
        h.join();
    for (std::size_t w = started; w < workers; ++w)
        checkEvery(w);
    for (std::size_t i = 1; i < checked.size(); ++i)
        if (checked[i].record && checked[i - 1].record &&
            checked[i].record->sequence() <= checked[i - 1].record->sequence())
            return makeError(ErrorCode::Malformed, "the batch's records are not in sequence order");
    const std::set<std::uint64_t> skipped(batch.skipped.begin(), batch.skipped.end());

    IngestResult result;
    result.ack.device = batch.device;
    result.ack.nonce = batch.nonce;
    const std::int64_t at = now();
    auto incident = [&](std::string kind, std::uint64_t seq, std::string detail) {
        result.incidents.push_back(Incident{0, batch.device, std::move(kind), seq, std::move(detail), at});
    };
    struct Conflict {
        std::uint64_t sequence;
        const Bytes* bytes;
    };
    std::vector<Conflict> conflicts;
    {
        auto session = m_storage.beginIngest(batch.device);
        if (!session)
            return session.error();
        auto& s = **session;
        for (std::size_t i = 0; i < checked.size(); ++i) {
            if (!checked[i].record) {
                // A record that fails on its own can never be accepted; the
                // device sets it aside. Records after it wait: they cannot
                // link to a chain position the hub does not hold.
                const Error& why = *checked[i].problem;
                std::uint64_t seq = claimedSequence(batch.records[i]);
                SyncError code = syncErrorFromRecordError(why.code);
                result.ack.refused.push_back(RecordVerdict{seq, code, why.message, true});
                incident("refused", seq, std::string(syncErrorName(code)) + ": " + why.message);
                break;
            }
            const kiosk::Record& record = *checked[i].record;
            const kiosk::ChainHead head = s.head();
            if (record.sequence() <= head.sequence) {
                auto held = s.recordAt(record.sequence());
                if (!held)
                    return held.error();
                if (held->has_value() && **held == record.bytes()) {
                    ++result.ack.duplicates;  // a resend: acknowledged again, stored once
                    continue;
                }
                std::string detail = held->has_value()
                                         ? "a different record for sequence " + std::to_string(record.sequence()) +
                                               " than the one the hub holds; kept for inspection, nothing replaced"
                                         : "record " + std::to_string(record.sequence()) +
                                               " arrived after the device had set it aside; kept for inspection";
                result.ack.refused.push_back(RecordVerdict{record.sequence(), SyncError::Conflict, detail, true});
                incident("conflict", record.sequence(), detail);
                conflicts.push_back(Conflict{record.sequence(), &batch.records[i]});
                continue;
            }
            auto link = kiosk::checkLink(head, record);
            if (!link && link.error().code == ErrorCode::Gap) {
                bool allSkipped = true;
                for (std::uint64_t missing = head.sequence + 1; missing < record.sequence() && allSkipped; ++missing)
                    allSkipped = skipped.count(missing) != 0;
                if (!allSkipped) {
                    std::string detail = "the hub holds records up to " + std::to_string(head.sequence) +
                                         " and was sent " + std::to_string(record.sequence()) +
                                         "; waiting for the missing ones";
                    result.ack.refused.push_back(RecordVerdict{record.sequence(), SyncError::Gap, detail, false});
                    incident("gap", record.sequence(), detail);
                    break;
                }
                // The device set the missing records aside (the hub refused
                // them for good); the chain goes on past them, on record.
                incident("skipped", record.sequence(),
                         "records " + std::to_string(head.sequence + 1) + " to " + std::to_string(record.sequence() - 1) +
                             " were set aside by the device; the chain continues at " +
                             std::to_string(record.sequence()) + " without a link check");
            } else if (!link) {
                SyncError code = syncErrorFromRecordError(link.error().code);
                result.ack.refused.push_back(RecordVerdict{record.sequence(), code, link.error().message, true});
                incident(syncErrorName(code), record.sequence(), link.error().message);
                break;
            }
            KIOSK_TRY(s.append(record, at));
            ++result.ack.accepted;
        }
        // Durable before acknowledged: the ack is built only after COMMIT.
        KIOSK_TRY(s.commit());
        result.ack.held = s.head().sequence;
        result.ack.headHash = s.head().hash;
    }
    for (const auto& c : conflicts)
        if (auto kept = m_storage.keepConflict(batch.device, c.sequence, *c.bytes, at); !kept)
            log("could not keep a conflicting record: " + kept.error().message);
    for (const auto& i : result.incidents) {
        log(std::string(source) + ": device " + who + " record " + std::to_string(i.sequence) + ": " + i.kind + ": " +
            i.detail);
        if (auto logged = m_storage.logIncident(i); !logged)
            log("could not record an incident: " + logged.error().message);
    }
    result.ack.hubTimeMs = at;
    return result;
}

// [SECTION] Device-authenticated GETs

std::optional<HubResponse> HubService::authenticate(const RequestAuth& auth, DeviceInfo& device, Nonce& nonce) {
    auto key = kiosk::fixedFromHex<kiosk::kPublicKeySize>(auth.device);
    auto n = kiosk::fixedFromHex<kNonceSize>(auth.nonce);
    auto sig = kiosk::fixedFromHex<kiosk::kSignatureSize>(auth.signature);
    if (!key || !n || !sig)
        return error(SyncError::BadRequest, "the request does not say which device sends it");
    if (!kiosk::verifyDetached(requestMessage(auth.method, auth.target, *n), *sig, *key))
        return error(SyncError::BadSignature, "the request's signature does not match the device it names");
    auto found = m_storage.findDevice(*key);
    if (!found) {
        log("device lookup failed: " + found.error().message);
        return error(SyncError::Internal, "the hub could not look the device up; try again");
    }
    if (!found->has_value())
        return error(SyncError::UnknownDevice, "device " + shortKey(*key) + " is not enrolled with this hub");
    if ((*found)->revokedAtMs)
        return error(SyncError::RevokedDevice, "device " + shortKey(*key) + " has been revoked");
    device = std::move(**found);
    nonce = *n;
    return std::nullopt;
}

HubResponse HubService::handleContent(const RequestAuth& auth, std::string_view haveVersion) {
    DeviceInfo device;
    Nonce nonce{};
    if (auto refused = authenticate(auth, device, nonce))
        return *refused;
    auto latest = m_storage.latestBundle();
    if (!latest) {
        log("content lookup failed: " + latest.error().message);
        return error(SyncError::Internal, "the hub could not read its content; try again");
    }
    if (!latest->has_value())
        return error(SyncError::NotFound, "no content has been published yet");
    if (haveVersion == std::to_string((*latest)->first))
        return HubResponse{304, "", ""};
    Bytes packed = compress(kiosk::asBytes((*latest)->second), 6);
    return HubResponse{200, kSignedZstdMediaType, std::string(packed.begin(), packed.end())};
}

HubResponse HubService::handleTickets(const RequestAuth& auth, std::string_view after) {
    DeviceInfo device;
    Nonce nonce{};
    if (auto refused = authenticate(auth, device, nonce))
        return *refused;
    std::uint64_t cursor = 0;
    if (!after.empty()) {
        if (after.size() > 19 || !std::all_of(after.begin(), after.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return error(SyncError::BadRequest, "\"after\" must be a whole number");
        cursor = std::stoull(std::string(after));
    }
    constexpr std::size_t kPage = 500;
    auto updates = m_storage.ticketUpdates(device.officeCode, cursor, kPage);
    if (!updates) {
        log("ticket lookup failed: " + updates.error().message);
        return error(SyncError::Internal, "the hub could not read ticket updates; try again");
    }
    TicketUpdates answer;
    answer.device = device.key;
    answer.nonce = nonce;
    answer.more = updates->size() == kPage;
    answer.cursor = updates->empty() ? cursor : updates->back().id;
    answer.updates = std::move(*updates);
    return signedAnswer("tickets", encodeTicketUpdatesBody(answer));
}

// [SECTION] Content and tickets (officer side)

kiosk::Result<std::uint64_t> HubService::publish(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return makeError(ErrorCode::NotFound, dir.string() + " is not a folder");
    ContentBundle bundle;
    std::size_t total = 0;
    // DIR/*.json and DIR/<folder>/*.json, as assets/content is laid out.
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_directory()) {
            std::error_code inner;
            for (const auto& sub : fs::directory_iterator(entry.path(), inner))
                if (sub.is_regular_file() && sub.path().extension() == ".json")
                    found.push_back(sub.path());
            if (inner)
                return makeError(ErrorCode::Io, "could not read " + entry.path().string() + ": " + inner.message());
        } else if (entry.is_regular_file() && entry.path().extension() == ".json") {
            found.push_back(entry.path());
        }
    }
    if (ec)
        return makeError(ErrorCode::Io, "could not read " + dir.string() + ": " + ec.message());
    for (const auto& path : found) {
        const std::string name = fs::relative(path, dir).generic_string();
        if (!isValidContentFileName(name))
            return makeError(ErrorCode::InvalidArgument,
                             name + ": content file names use a-z, 0-9, '_' and '-' only, end in .json, "
                                    "and sit at most one folder deep");
        auto bytes = kiosk::readFile(path, kiosk::kMaxContentFileSize);
        if (!bytes)
            return bytes.error();
        total += bytes->size();
        if (total > kMaxBundleBytes / 2)
            return makeError(ErrorCode::TooLarge, "the content is larger than a bundle may be");
        std::string text(bytes->begin(), bytes->end());
        // Nothing a kiosk would refuse is published: the same validation the
        // kiosk runs when it loads the files.
        if (name == kiosk::content::kCatalogueFile) {
            if (auto ok = kiosk::Catalogue::parse(text, name); !ok)
                return ok.error();
        } else if (name.rfind(kiosk::content::kSurveysFolder, 0) == 0) {
            if (auto ok = kiosk::SurveyDefinition::parse(text, name); !ok)
                return ok.error();
        } else if (name == kiosk::content::kAnnouncementsFile) {
            if (auto ok = kiosk::Announcements::parse(text, name); !ok)
                return ok.error();
        } else if (nlohmann::json::parse(text, nullptr, false).is_discarded()) {
            return makeError(ErrorCode::InvalidArgument, name + " is not valid JSON");
        }
        bundle.files.emplace_back(name, std::move(text));
    }
    if (bundle.files.empty())
        return makeError(ErrorCode::InvalidArgument, dir.string() + " holds no .json files to publish");
    std::sort(bundle.files.begin(), bundle.files.end());
    auto latest = m_storage.latestBundleVersion();
    if (!latest)
        return latest.error();
    bundle.version = *latest + 1;
    bundle.publishedAtMs = now();
    std::string envelope = signEnvelope("content", encodeContentBody(bundle), m_keys.signing.secretKey);
    KIOSK_TRY(m_storage.putBundle(bundle.version, envelope, bundle.publishedAtMs));
    log("content version " + std::to_string(bundle.version) + " published (" + std::to_string(bundle.files.size()) +
        " files)");
    return bundle.version;
}

kiosk::Result<TicketUpdate> HubService::setTicketStatus(const std::string& ticket, TicketStatus status,
                                                        const std::string& reply) {
    if (!isValidTicketId(ticket))
        return makeError(ErrorCode::InvalidArgument, "a ticket number looks like 6340105-3-42-7");
    if (reply.size() > 4000)
        return makeError(ErrorCode::TooLarge, "a reply is at most 4000 bytes");
    return m_storage.updateTicket(ticket, status, reply, now());
}

}  // namespace fangsiang::sync
