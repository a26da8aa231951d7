#include "hub/service.hpp"

#include "hub/export_reader.hpp"
#include "hub/record_rules.hpp"

#include "batch_check.hpp"

#include "core/announcements.hpp"
#include "core/catalogue.hpp"
#include "core/clock.hpp"
#include "core/content_json.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/survey.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <system_error>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;

namespace {

std::string shortKey(const core::PublicKey& key) { return core::toHex(key).substr(0, 8); }

// Wrong enrolment codes are counted per address: IPv4 as it is (an IPv4
// client seen on a dual-stack socket as ::ffff:a.b.c.d counts as a.b.c.d),
// IPv6 by its /64, the block one customer line is given.
std::string throttleKeyOf(std::string_view address) {
    std::string a(address);
    if (a.rfind("::ffff:", 0) == 0 && a.find('.') != std::string::npos)
        return a.substr(7);
    in6_addr v6{};
    if (a.find(':') != std::string::npos && ::inet_pton(AF_INET6, a.c_str(), &v6) == 1) {
        std::fill(v6.s6_addr + 8, v6.s6_addr + 16, 0);
        char text[INET6_ADDRSTRLEN] = {};
        if (::inet_ntop(AF_INET6, &v6, text, sizeof text) != nullptr)
            return std::string(text) + "/64";
    }
    return a;
}

// A record's verification reason as the protocol names it in a refusal.
ErrorCode recordRefusal(ErrorCode code) {
    switch (code) {
    case ErrorCode::BadSignature:
    case ErrorCode::WrongDevice:
    case ErrorCode::Gap:
    case ErrorCode::BrokenChain:
    case ErrorCode::TooLarge:
    case ErrorCode::Malformed: return code;
    case ErrorCode::Duplicate: return ErrorCode::Conflict;
    case ErrorCode::UnknownVersion:  // a record format this hub cannot read
    case ErrorCode::Corrupt:
    case ErrorCode::InvalidArgument: return ErrorCode::Malformed;
    default: return ErrorCode::Internal;
    }
}

// Why a whole batch is refused, as the protocol names it; Internal for a
// failure of the hub's own (logged, and safe for the device to resend).
ErrorCode batchRefusal(ErrorCode code) {
    switch (code) {
    case ErrorCode::UnknownDevice:
    case ErrorCode::RevokedDevice:
    case ErrorCode::TooLarge:
    case ErrorCode::BadSignature:
    case ErrorCode::UnsupportedProtocol: return code;
    case ErrorCode::NotFound: return ErrorCode::UnknownDevice;  // the storage holds no such device
    case ErrorCode::Malformed:
    case ErrorCode::WrongDevice:
    case ErrorCode::InvalidArgument: return ErrorCode::Malformed;
    default: return ErrorCode::Internal;
    }
}

// The sequence a refused record claimed, if its header could be read at all.
std::uint64_t claimedSequence(const core::Bytes& bytes) {
    if (bytes.size() < 48)
        return 0;
    return core::loadLittleEndian<std::uint64_t>(bytes.data() + 40);
}

}  // namespace

HubService::HubService(HubStorage& storage, const HubKeys& keys, HubServiceOptions options)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)) {}

std::int64_t HubService::now() const { return m_options.clock(); }

void HubService::log(const std::string& line) const {
    if (m_options.log)
        m_options.log(line);
    else
        std::fprintf(stderr, "fangsiang-hub: %s\n", line.c_str());
}

HubResponse HubService::error(ErrorCode code, std::string message) const {
    return HubResponse{sync::httpStatusOf(code), sync::kErrorMediaType,
                       sync::encodeWireError(makeError(code, std::move(message)))};
}

HubResponse HubService::signedAnswer(std::string_view type, std::string body) const {
    return HubResponse{200, sync::kSignedMediaType, sync::signEnvelope(type, std::move(body), m_keys.signing.secretKey)};
}

// [SECTION] Enrolment

core::Result<EnrolmentCode> HubService::createEnrolmentCode(const std::string& officeCode,
                                                             const std::string& officeName,
                                                             std::chrono::seconds lifetime) {
    // Office codes are part of ticket numbers (core/ticket.hpp): 5-10 digits.
    if (officeCode.size() < 5 || officeCode.size() > 10 ||
        !std::all_of(officeCode.begin(), officeCode.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return makeError(ErrorCode::InvalidArgument, "an office code is 5 to 10 digits, e.g. 6340105");
    if (lifetime.count() <= 0 || lifetime > std::chrono::hours(24 * 7))
        return makeError(ErrorCode::InvalidArgument, "an enrolment code lives between one second and seven days");
    auto existing = TRY(m_storage.findOffice(officeCode));
    if (!existing && officeName.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "office " + officeCode + " is new to this hub; give its name too (--name)");
    TRY(m_storage.putOffice(Office{officeCode, officeName, {}}));

    // 12 symbols of Crockford base32: 60 bits, typed as XXXX-XXXX-XXXX.
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string plain;
    for (int i = 0; i < 12; ++i)
        plain.push_back(kAlphabet[core::randomBelow(32)]);
    EnrolmentCode out;
    out.code = plain.substr(0, 4) + "-" + plain.substr(4, 4) + "-" + plain.substr(8, 4);
    out.expiresAtMs = now() + std::chrono::duration_cast<std::chrono::milliseconds>(lifetime).count();
    auto office = TRY(m_storage.findOffice(officeCode));
    out.office = office.value_or(Office{officeCode, officeName, {}});
    out.hubFingerprint = core::keyFingerprint(m_keys.signing.publicKey);
    TRY(m_storage.putEnrolmentCode(core::hashBytes(core::asBytes(plain)), officeCode, out.expiresAtMs, now()));
    log("enrolment code made for office " + officeCode + ", valid until " + std::to_string(out.expiresAtMs));
    return out;
}

bool HubService::throttled(const std::string& addressKey) {
    std::lock_guard lock(m_throttleMutex);
    const std::int64_t minute = now() / 60000;
    if (minute != m_throttleMinute) {
        m_throttleMinute = minute;
        m_badCodes.clear();
        m_trackingFull = false;
    }
    auto it = m_badCodes.find(addressKey);
    return it != m_badCodes.end() && it->second >= m_options.maxBadCodesPerMinute;
}

void HubService::countBadCode(const std::string& addressKey) {
    std::lock_guard lock(m_throttleMutex);
    auto it = m_badCodes.find(addressKey);
    if (it != m_badCodes.end()) {
        ++it->second;
        return;
    }
    if (m_badCodes.size() >= m_options.maxTrackedAddresses) {
        if (!m_trackingFull)
            log("wrong enrolment codes come from more than " + std::to_string(m_options.maxTrackedAddresses) +
                " addresses this minute; new addresses are not counted until it ends");
        m_trackingFull = true;
        return;
    }
    m_badCodes.emplace(addressKey, 1);
}

HubResponse HubService::handleEnrol(std::string_view body, std::string_view clientAddress) {
    auto request = sync::decodeEnrolRequest(body);
    if (!request)
        return error(request.error().code == ErrorCode::UnsupportedProtocol ? ErrorCode::UnsupportedProtocol
                                                                            : ErrorCode::Malformed,
                     request.error().message);
    auto code = sync::normaliseEnrolmentCode(request->code);
    if (!code || code->size() != 12)
        return error(ErrorCode::BadEnrolmentCode, "that is not an enrolment code: it has 12 letters and digits");
    if (!core::verifyDetached(sync::enrolProofMessage(*code, request->device), request->proof, request->device))
        return error(ErrorCode::BadSignature, "the device did not prove it holds the key it wants to enrol");
    const std::string addressKey = throttleKeyOf(clientAddress);
    if (throttled(addressKey)) {
        log("enrolment of " + shortKey(request->device) + " from " + std::string(clientAddress) +
            " refused: too many wrong codes from that address this minute");
        return error(ErrorCode::BadEnrolmentCode,
                     "too many wrong enrolment codes came from this address in the last minute (" +
                         std::to_string(m_options.maxBadCodesPerMinute) +
                         "); the code was not checked. Wait a minute, check the code, and try again");
    }
    Office office;
    std::uint32_t number = 0;
    auto redeemed = m_storage.redeemEnrolmentCode(core::hashBytes(core::asBytes(*code)), request->device,
                                                  request->label, now(), office, number);
    if (!redeemed) {
        log("enrolment failed: " + redeemed.error().message);
        return error(ErrorCode::Internal, "the hub could not record the enrolment; try again");
    }
    auto refuse = [&](ErrorCode why, std::string message) {
        if (why == ErrorCode::BadEnrolmentCode)
            countBadCode(addressKey);
        log("enrolment of " + shortKey(request->device) + " refused: " + message);
        return error(why, std::move(message));
    };
    switch (*redeemed) {
    case RedeemResult::UnknownCode:
        return refuse(ErrorCode::BadEnrolmentCode, "the hub does not know that enrolment code; check it and try again");
    case RedeemResult::Expired:
        return refuse(ErrorCode::ExpiredEnrolmentCode, "that enrolment code has expired; ask for a new one");
    case RedeemResult::AlreadyUsed:
        return refuse(ErrorCode::UsedEnrolmentCode, "that enrolment code has been used already; ask for a new one");
    case RedeemResult::AlreadyEnrolled:
        return refuse(ErrorCode::AlreadyEnrolled, "this device is enrolled already");
    case RedeemResult::Enrolled: break;
    }
    log("device " + shortKey(request->device) + " enrolled for office " + office.code + " as device " +
        std::to_string(number));
    sync::EnrolAnswer answer{request->device,           office.code,          office.name, number,
                       m_keys.signing.publicKey, m_keys.box.publicKey, now()};
    return signedAnswer("enrolled", sync::encodeEnrolAnswerBody(answer));
}

// [SECTION] Push

HubResponse HubService::handlePush(std::string_view contentType, core::ByteView body, const VerifiedBatch& verified) {
    if (contentType != sync::kBatchMediaType)
        return error(ErrorCode::BadRequest, "a push carries " + std::string(sync::kBatchMediaType));
    if (body.size() > sync::kMaxRequestBytes)
        return error(ErrorCode::TooLarge, "the batch is larger than the hub accepts");
    auto result = ingestWire(body, "push", verified);
    if (!result) {
        const core::Error& e = result.error();
        const ErrorCode reason = batchRefusal(e.code);
        if (e.code == ErrorCode::Busy) {
            // The store's server is away (a PostgreSQL hub): nothing of the
            // batch was committed, and the device sends it again later.
            log("push failed: " + e.message);
            return error(ErrorCode::Busy, "the hub cannot store batches just now; it will accept this one when sent "
                                          "again soon");
        }
        if (reason == ErrorCode::Internal) {
            log("push failed: " + e.message);
            return error(reason, "the hub could not store the batch; it will be accepted when sent again");
        }
        return error(reason, e.message);
    }
    const sync::PushAck& ack = result->ack;
    log("push from device " + shortKey(ack.device) + ": " + std::to_string(ack.accepted) + " new, " +
        std::to_string(ack.duplicates) + " already held, " + std::to_string(ack.refused.size()) +
        " refused; holds up to " + std::to_string(ack.held));
    return signedAnswer("push-ack", sync::encodePushAckBody(ack));
}

core::Result<IngestResult> HubService::ingestWire(core::ByteView compressed, std::string_view source,
                                                  const VerifiedBatch& verified) {
    sync::Batch batch;
    {
        // The decompressed bytes go before the batch waits for the store.
        const auto raw = TRY(sync::decompress(compressed, sync::kMaxBatchBytes));
        auto decoded = sync::decodeBatch(raw);
        if (!decoded) {
            log(std::string(source) + ": batch refused: " + decoded.error().message);
            return decoded.error();
        }
        batch = std::move(*decoded);
    }
    return ingest(batch, source, verified);
}

core::Result<IngestResult> HubService::ingest(const sync::Batch& batch, std::string_view source,
                                             const VerifiedBatch& verified) {
    const std::string who = shortKey(batch.device);
    auto device = TRY(m_storage.findDeviceForIngest(batch.device));
    if (!device)
        return makeError(ErrorCode::UnknownDevice, "device " + who + " is not enrolled with this hub");
    if (device->revokedAtMs)
        return makeError(ErrorCode::RevokedDevice, "device " + who + " has been revoked; its records are not accepted");

    // Outside any lock and in parallel (batch_check.hpp).
    const std::vector<Prechecked> checked = precheckBatch(batch, device->officeCode);
    for (std::size_t i = 1; i < checked.size(); ++i)
        if (checked[i].record && checked[i - 1].record &&
            checked[i].record->sequence() <= checked[i - 1].record->sequence())
            return makeError(ErrorCode::Malformed, "the batch's records are not in sequence order");
    const std::set<std::uint64_t> skipped(batch.skipped.begin(), batch.skipped.end());
    if (verified) {
        // The batch's records, and the parsed copy of each (Prechecked).
        std::size_t held = 0;
        for (const core::Bytes& bytes : batch.records)
            held += 2 * bytes.size();
        verified(held);
    }

    IngestResult result;
    result.ack.device = batch.device;
    result.ack.nonce = batch.nonce;
    const std::int64_t at = now();
    auto incident = [&](std::string kind, std::uint64_t seq, std::string detail) {
        result.incidents.push_back(Incident{0, batch.device, std::move(kind), seq, std::move(detail), at});
    };
    struct Conflict {
        std::uint64_t sequence;
        const core::Bytes* bytes;
    };
    std::vector<Conflict> conflicts;
    std::uint64_t clockWrong = 0;
    const core::Record* firstClockWrong = nullptr;
    {
        auto session = TRY(m_storage.beginIngest(batch.device));
        auto& s = *session;
        for (std::size_t i = 0; i < checked.size(); ++i) {
            if (!checked[i].record) {
                // A record that fails on its own can never be accepted; the
                // device sets it aside. Records after it wait: they cannot
                // link to a chain position the hub does not hold.
                const core::Error& why = *checked[i].problem;
                std::uint64_t seq = claimedSequence(batch.records[i]);
                const ErrorCode code = recordRefusal(why.code);
                result.ack.refused.push_back(sync::RecordVerdict{seq, code, why.message, true});
                incident("refused", seq, std::string(sync::errorCodeWireName(code)) + ": " + why.message);
                break;
            }
            const core::Record& record = *checked[i].record;
            const core::ChainHead head = s.head();
            if (record.sequence() <= head.sequence) {
                auto held = TRY(s.recordAt(record.sequence()));
                if (held && *held == record.bytes()) {
                    ++result.ack.duplicates;  // a resend: acknowledged again, stored once
                    continue;
                }
                std::string detail = held
                                         ? "a different record for sequence " + std::to_string(record.sequence()) +
                                               " than the one the hub holds; kept for inspection, nothing replaced"
                                         : "record " + std::to_string(record.sequence()) +
                                               " arrived after the device had set it aside; kept for inspection";
                result.ack.refused.push_back(sync::RecordVerdict{record.sequence(), ErrorCode::Conflict, detail, true});
                incident("conflict", record.sequence(), detail);
                conflicts.push_back(Conflict{record.sequence(), &batch.records[i]});
                continue;
            }
            auto link = core::checkLink(head, record);
            if (!link && link.error().code == ErrorCode::Gap) {
                bool allSkipped = true;
                for (std::uint64_t missing = head.sequence + 1; missing < record.sequence() && allSkipped; ++missing)
                    allSkipped = skipped.count(missing) != 0;
                if (!allSkipped) {
                    std::string detail = "the hub holds records up to " + std::to_string(head.sequence) +
                                         " and was sent " + std::to_string(record.sequence()) +
                                         "; waiting for the missing ones";
                    result.ack.refused.push_back(sync::RecordVerdict{record.sequence(), ErrorCode::Gap, detail, false});
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
                const ErrorCode code = recordRefusal(link.error().code);
                result.ack.refused.push_back(sync::RecordVerdict{record.sequence(), code, link.error().message, true});
                incident(sync::errorCodeWireName(code), record.sequence(), link.error().message);
                break;
            }
            // The impossible-time rule (docs/PROTOCOL.md): kept whatever the
            // clock said; the hub computes with its own receive time then.
            if (!isPlausibleCreationTime(record.createdAtMs(), at)) {
                if (clockWrong == 0)
                    firstClockWrong = &record;
                ++clockWrong;
            }
            TRY(s.append(record, at, hubTimeOf(record.createdAtMs(), at), &checked[i].texts));
            ++result.ack.accepted;
        }
        // Durable before acknowledged: the ack is built only after COMMIT.
        TRY(s.commit());
        result.ack.held = s.head().sequence;
        result.ack.headHash = s.head().hash;
    }
    if (firstClockWrong != nullptr)
        noteClockWrong(batch, firstClockWrong->sequence(), firstClockWrong->createdAtMs(), clockWrong, at, source);
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

void HubService::noteClockWrong(const sync::Batch& batch, std::uint64_t sequence, std::int64_t createdAtMs,
                                std::uint64_t count, std::int64_t atMs, std::string_view source) {
    constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
    const std::int64_t dayStart = atMs - ((atMs % kDayMs) + kDayMs) % kDayMs;
    std::lock_guard lock(m_clockMutex);  // one check-then-log at a time: once a day means once
    auto already = m_storage.countIncidents(IncidentQuery{batch.device, "device-clock-wrong", std::nullopt, dayStart});
    if (!already) {
        log("could not read incidents: " + already.error().message);
        return;
    }
    if (*already != 0)
        return;
    const std::string detail =
        "the device's clock is wrong: record " + std::to_string(sequence) + " says it was made at " +
        core::utcText(createdAtMs) + ", and the hub received it at " + core::utcText(atMs) + " (" + std::to_string(count) +
        " record(s) in this batch). The records are kept; the hub uses the time it received them for tickets and "
        "reports. Set the kiosk's clock (network time, or a real-time clock)";
    log(std::string(source) + ": device " + shortKey(batch.device) + ": " + detail);
    if (auto logged = m_storage.logIncident(Incident{0, batch.device, "device-clock-wrong", sequence, detail, atMs});
        !logged)
        log("could not record an incident: " + logged.error().message);
}

// [SECTION] USB import

bool ImportedPart::stops() const {
    if (refused)
        return true;
    return ack && std::any_of(ack->refused.begin(), ack->refused.end(),
                              [](const sync::RecordVerdict& v) { return v.code != ErrorCode::Conflict; });
}

core::Result<ImportSummary> HubService::importFile(const fs::path& file,
                                                   const std::function<void(const ImportedPart&)>& onPart) {
    auto reader = TRY(ExportReader::open(file));
    ImportSummary summary;
    summary.parts = reader.partCount();
    for (;;) {
        auto part = TRY(reader.next());
        if (!part)
            break;
        ImportedPart outcome;
        outcome.index = reader.partsRead();
        outcome.of = summary.parts;
        auto result = ingestWire(*part, "import");
        part.reset();  // one part in memory at a time
        if (result) {
            summary.accepted += result->ack.accepted;
            summary.duplicates += result->ack.duplicates;
            summary.refusedRecords += result->ack.refused.size();
            outcome.ack = std::move(result->ack);
        } else if (batchRefusal(result.error().code) == ErrorCode::Internal) {
            // The hub's own failure, not the file's: what came before stays
            // stored (and is reported); the same import later goes on.
            return result.error();
        } else {
            outcome.refused = result.error();
            ++summary.partsRefused;
        }
        ++summary.partsRead;
        const bool stop = outcome.stops();
        if (onPart)
            onPart(outcome);
        if (stop)
            break;
    }
    return summary;
}

// [SECTION] Device-authenticated GETs

std::optional<HubResponse> HubService::authenticate(const RequestAuth& auth, DeviceInfo& device, sync::Nonce& nonce) {
    auto key = core::fixedFromHex<core::kPublicKeySize>(auth.device);
    auto n = core::fixedFromHex<sync::kNonceSize>(auth.nonce);
    auto sig = core::fixedFromHex<core::kSignatureSize>(auth.signature);
    if (!key || !n || !sig)
        return error(ErrorCode::BadRequest, "the request does not say which device sends it");
    auto time = sync::parseRequestTime(auth.time);
    if (!time)
        return error(ErrorCode::BadRequest, std::string("the request does not say when it was made (") +
                                                sync::kHeaderTime + "); a kiosk older than this hub needs updating");
    if (!core::verifyDetached(sync::requestMessage(auth.method, auth.target, *n, *time), *sig, *key))
        return error(ErrorCode::BadSignature, "the request's signature does not match the device it names");
    auto found = m_storage.findDevice(*key);
    if (!found) {
        log("device lookup failed: " + found.error().message);
        return error(ErrorCode::Internal, "the hub could not look the device up; try again");
    }
    if (!found->has_value())
        return error(ErrorCode::UnknownDevice, "device " + shortKey(*key) + " is not enrolled with this hub");
    if ((*found)->revokedAtMs)
        return error(ErrorCode::RevokedDevice, "device " + shortKey(*key) + " has been revoked");
    // Fresh: within the window of the hub's clock, and never seen. Only now,
    // for an enrolled device's own signature, does the hub sign its time.
    const std::int64_t at = now();
    auto stale = [&](const std::string& why) {
        log("device " + shortKey(*key) + ": " + why);
        return HubResponse{sync::httpStatusOf(ErrorCode::StaleRequest), sync::kErrorMediaType,
                           sync::encodeStaleRequestError(makeError(ErrorCode::StaleRequest, why), *key, *n, at,
                                                         m_keys.signing.secretKey)};
    };
    const std::int64_t apartS = (*time - at) / 1000;
    switch (m_requests.admit(*key, *n, *time, at)) {
    case RequestWindow::Verdict::Fresh: break;
    case RequestWindow::Verdict::OutsideWindow:
        return stale(*time < m_requests.startedAtMs() && at - *time <= sync::kRequestWindowMs
                         ? "the request is dated before the hub last started; send it again with the hub's time"
                         : "the request is dated " + std::to_string(apartS < 0 ? -apartS : apartS) + " s " +
                               (apartS < 0 ? "behind" : "ahead of") + " the hub's clock, more than the " +
                               std::to_string(sync::kRequestWindowMs / 1000) +
                               " s allowed; the device's clock may be wrong");
    case RequestWindow::Verdict::Seen:
        return stale("the request was received already (the same nonce); a replay is refused");
    case RequestWindow::Verdict::Full:
        return error(ErrorCode::Busy, "the hub is answering many requests; try again soon");
    }
    device = std::move(**found);
    nonce = *n;
    return std::nullopt;
}

HubResponse HubService::handleContent(const RequestAuth& auth, std::string_view haveVersion) {
    DeviceInfo device;
    sync::Nonce nonce{};
    if (auto refused = authenticate(auth, device, nonce))
        return *refused;
    auto latest = m_storage.latestBundleFor(device.officeCode);
    if (!latest) {
        log("content lookup failed: " + latest.error().message);
        return error(ErrorCode::Internal, "the hub could not read its content; try again");
    }
    if (!latest->has_value())
        return error(ErrorCode::NotFound, "no content has been published yet");
    if (haveVersion == std::to_string((*latest)->first))
        return HubResponse{304, "", ""};
    core::Bytes packed = sync::compress(core::asBytes((*latest)->second), 6);
    return HubResponse{200, sync::kSignedZstdMediaType, std::string(packed.begin(), packed.end())};
}

HubResponse HubService::handleTickets(const RequestAuth& auth, std::string_view after) {
    DeviceInfo device;
    sync::Nonce nonce{};
    if (auto refused = authenticate(auth, device, nonce))
        return *refused;
    std::uint64_t cursor = 0;
    if (!after.empty()) {
        if (after.size() > 19 || !std::all_of(after.begin(), after.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return error(ErrorCode::BadRequest, "\"after\" must be a whole number");
        cursor = std::stoull(std::string(after));
    }
    constexpr std::size_t kPage = 500;
    auto updates = m_storage.ticketUpdates(device.officeCode, cursor, kPage);
    if (!updates) {
        log("ticket lookup failed: " + updates.error().message);
        return error(ErrorCode::Internal, "the hub could not read ticket updates; try again");
    }
    sync::TicketUpdates answer;
    answer.device = device.key;
    answer.nonce = nonce;
    answer.more = updates->size() == kPage;
    answer.cursor = updates->empty() ? cursor : updates->back().id;
    answer.updates = std::move(*updates);
    return signedAnswer("tickets", sync::encodeTicketUpdatesBody(answer));
}

// [SECTION] Store loss (docs/PROTOCOL.md, "Store loss")

HubResponse HubService::handleHead(const RequestAuth& auth) {
    DeviceInfo device;
    sync::Nonce nonce{};
    if (auto refused = authenticate(auth, device, nonce))
        return *refused;
    sync::ChainHeadAnswer answer;
    answer.device = device.key;
    answer.nonce = nonce;
    answer.held = device.head.sequence;
    answer.headHash = device.head.hash;
    answer.hubTimeMs = now();
    return signedAnswer("head", sync::encodeChainHeadBody(answer));
}

HubResponse HubService::handleStoreLost(std::string_view body) {
    auto report = sync::decodeStoreLostReport(body);
    if (!report)
        return error(report.error().code == ErrorCode::UnsupportedProtocol || report.error().code == ErrorCode::TooLarge
                         ? report.error().code
                         : ErrorCode::Malformed,
                     report.error().message);
    if (!core::verifyDetached(sync::storeLostMessage(*report), report->proof, report->device))
        return error(ErrorCode::BadSignature, "the store-lost report is not signed by the device it names");
    const std::string who = shortKey(report->device);
    auto found = m_storage.findDevice(report->device);
    if (!found) {
        log("device lookup failed: " + found.error().message);
        return error(ErrorCode::Internal, "the hub could not look the device up; try again");
    }
    if (!found->has_value())
        return error(ErrorCode::UnknownDevice, "device " + who + " is not enrolled with this hub");
    const DeviceInfo& device = **found;
    if (device.revokedAtMs)
        return error(ErrorCode::RevokedDevice, "device " + who + " has been revoked");
    // The device resumes after the head it was shown; if the hub has moved on
    // since (a USB import, say), it must look again.
    if (device.head.sequence != report->held || device.head.hash != report->headHash)
        return error(ErrorCode::Conflict, "the hub now holds device " + who + "'s records up to " +
                                              std::to_string(device.head.sequence) + ", not " +
                                              std::to_string(report->held) + "; ask for the head again");
    std::string detail = "the device lost its record store (it held records up to " +
                         std::to_string(report->localHead) + "; the hub holds up to " + std::to_string(report->held) +
                         "). Records it made after " + std::to_string(report->held) +
                         " that never arrived are lost, and tickets for them cannot be looked up";
    if (report->resumeAfter > report->held)
        detail += "; its chain resumes at " + std::to_string(report->resumeAfter + 1) + ", skipping " +
                  std::to_string(report->held + 1) + " to " + std::to_string(report->resumeAfter) +
                  " so that no ticket number is given twice";
    const Incident incident{0, report->device, "store-lost", report->held, detail, now()};
    if (auto logged = m_storage.logIncident(incident); !logged) {
        log("could not record an incident: " + logged.error().message);
        return error(ErrorCode::Internal, "the hub could not record the loss; try again");
    }
    log("device " + who + " record " + std::to_string(report->held) + ": store-lost: " + detail);
    sync::StoreLostAnswer answer;
    answer.device = report->device;
    answer.nonce = report->nonce;
    answer.held = report->held;
    answer.headHash = report->headHash;
    answer.resumeAfter = report->resumeAfter;
    answer.hubTimeMs = now();
    return signedAnswer("store-lost", sync::encodeStoreLostAnswerBody(answer));
}

}  // namespace fangsiang::hub
