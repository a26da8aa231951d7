#include "sync/sync_client.hpp"

#include "core/crypto.hpp"
#include "core/files.hpp"
#include "kiosk/device_folder.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace fangsiang::sync {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

std::string baseUrl(std::string url) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

bool mediaTypeIs(const std::string& header, std::string_view expected) {
    std::string_view type(header);
    if (auto semi = type.find(';'); semi != std::string_view::npos)
        type = type.substr(0, semi);
    while (!type.empty() && type.back() == ' ')
        type.remove_suffix(1);
    return type == expected;
}

// Why a response is not a hub answer, in words a person at the office can act on.
std::string notAHubAnswer(const HttpResponse& r) {
    return "the answer did not come from the hub (HTTP " + std::to_string(r.status) + ", " +
           (r.contentType.empty() ? std::string("no content type") : r.contentType) +
           "); the network may need a login page to be accepted, or a proxy is in the way";
}

// A store signed by one key is never sent or exported under another.
core::Status checkStoreBelongsTo(kiosk::Store& store, const core::DeviceIdentity& identity) {
    const auto device = TRY(store.device());
    if (device && *device != identity.publicKey())
        return makeError(ErrorCode::WrongDevice, "the record store " + store.path().string() +
                                                     " holds the records of device " + core::toHex(*device).substr(0, 8) +
                                                     ", but device.key is device " + identity.shortId() +
                                                     "; was device.key replaced? Nothing was sent or written");
    return core::Ok{};
}

std::string recordCount(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " record" : " records"); }

}  // namespace

std::string describeStanding(const kiosk::ChainStanding& standing) {
    switch (standing.state) {
    case kiosk::ChainState::Anchored: return {};
    case kiosk::ChainState::Unanchored:
        return "this kiosk's record store is new in an enrolled data folder: it takes no record until the hub has "
               "said how many it holds from this device";
    case kiosk::ChainState::Lost:
        return "this kiosk lost its record store: the hub holds " + recordCount(standing.hubHeld) +
               " from it and this store " +
               (standing.local.sequence == 0 ? std::string("none")
                                             : "only up to record " + std::to_string(standing.local.sequence)) +
               "; it takes no record until the IT person runs `fangsiang-kiosk recover`";
    }
    return {};
}

// [SECTION] Enrolment

core::Result<kiosk::HubPins> enrol(const fs::path& dataDir, const std::string& url, const std::string& code,
                                    const EnrolOptions& options) {
    TRY(core::sodiumInit());
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return makeError(ErrorCode::InvalidArgument, "the hub address starts with http:// or https://");
    if (auto pinned = kiosk::loadHubPins(dataDir); pinned)
        return makeError(ErrorCode::InvalidArgument, "this device is enrolled already (office " + pinned->officeCode +
                                                         "); a device is enrolled once");
    auto normalised = normaliseEnrolmentCode(code);
    if (!normalised || normalised->size() != 12)
        return makeError(ErrorCode::InvalidArgument, "an enrolment code has 12 letters and digits, like ABCD-EFGH-JKMN");
    auto identity = TRY(kiosk::openDeviceIdentity(dataDir));

    EnrolRequest request;
    request.code = *normalised;
    request.device = identity.publicKey();
    request.proof = identity.sign(enrolProofMessage(*normalised, request.device));
    request.label = options.label;
    const std::string body = encodeEnrolRequest(request);

    HttpClient http(options.http);
    auto response = http.post(baseUrl(url) + "/v1/enroll", {{"Content-Type", "application/json"}}, core::asBytes(body));
    if (!response)
        return makeError(ErrorCode::Network, "could not reach the hub: " + response.error().message);
    if (mediaTypeIs(response->contentType, kErrorMediaType)) {
        if (auto wire = decodeWireError(core::asText(response->body)))
            return makeError(wire->code, "the hub refused the enrolment: " + wire->message + " (" +
                                             errorCodeWireName(wire->code) + ")");
    }
    if (response->status != 200 || !mediaTypeIs(response->contentType, kSignedMediaType))
        return makeError(ErrorCode::NotAHubAnswer, notAHubAnswer(*response));

    // First contact: the key comes with the answer. It must sign the answer
    // itself, and match the fingerprint printed with the code when given.
    auto envelope = TRY(parseEnvelope(core::asText(response->body)));
    if (envelope.type != "enrolled")
        return makeError(ErrorCode::Malformed, "the hub answered with a \"" + envelope.type + "\", not an enrolment");
    auto answer = TRY(decodeEnrolAnswerBody(envelope.body));
    if (!verifyInDomain(envelopeDomain("enrolled"), core::asBytes(envelope.body), envelope.signature,
                        answer.hubSigningKey))
        return makeError(ErrorCode::BadSignature, "the enrolment answer is not signed by the key it names");
    if (answer.device != identity.publicKey())
        return makeError(ErrorCode::WrongDevice, "the enrolment answer is for another device");
    if (!options.fingerprint.empty()) {
        std::string want = options.fingerprint;
        std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::tolower(c); });
        if (core::toHex(answer.hubSigningKey).rfind(want, 0) != 0 || want.size() < 8)
            return makeError(ErrorCode::BadSignature, "the hub's key does not match the fingerprint " +
                                                          options.fingerprint + "; this is not the expected hub");
    }
    // The hub holds nothing of the device it has just enrolled: the store's
    // chain starts here. Anchored before the pins are written, so an
    // enrolled folder never holds a store that has to ask.
    {
        auto store = TRY(kiosk::Store::open(dataDir / kRecordsFile));
        TRY(store.anchorAtEnrolment());
    }
    kiosk::HubPins pins;
    pins.hubSigningKey = answer.hubSigningKey;
    pins.hubBoxKey = answer.hubBoxKey;
    pins.hubUrl = baseUrl(url);
    pins.officeCode = answer.officeCode;
    pins.officeName = answer.officeName;
    pins.deviceNumber = answer.deviceNumber;
    pins.enrolledAtMs = answer.enrolledAtMs;
    TRY(kiosk::saveHubPins(dataDir, pins));
    return pins;
}

// [SECTION] Client

core::Result<SyncClient> SyncClient::open(const fs::path& dataDir, ClientOptions options) {
    TRY(core::sodiumInit());
    auto pins = TRY(kiosk::loadHubPins(dataDir));
    auto identity = TRY(kiosk::openDeviceIdentity(dataDir));
    auto store = TRY(kiosk::Store::open(dataDir / kRecordsFile));
    TRY(checkStoreBelongsTo(store, identity));
    return SyncClient(dataDir, std::move(identity), std::move(pins), std::move(store), std::move(options));
}

SyncClient::SyncClient(fs::path dataDir, core::DeviceIdentity identity, kiosk::HubPins pins, kiosk::Store store,
                       ClientOptions options)
    : m_dataDir(std::move(dataDir)),
      m_identity(std::move(identity)),
      m_pins(std::move(pins)),
      m_store(std::move(store)),
      m_options(std::move(options)),
      m_http(m_options.http) {
    m_pins.hubUrl = baseUrl(m_pins.hubUrl);
}

std::int64_t SyncClient::now() const { return m_options.clock(); }

core::Result<SyncClient::SignedText> SyncClient::signedBody(const core::Result<HttpResponse>& response,
                                                  std::string_view expectedType, bool compressed) {
    if (!response)
        return makeError(ErrorCode::Network, response.error().message);
    const HttpResponse& r = *response;
    if (mediaTypeIs(r.contentType, kErrorMediaType)) {
        if (auto wire = decodeWireError(core::asText(r.body)))
            return makeError(wire->code, "the hub refused: " + wire->message);
    }
    const char* wanted = compressed ? kSignedZstdMediaType : kSignedMediaType;
    if (r.status != 200 || !mediaTypeIs(r.contentType, wanted))
        return makeError(ErrorCode::NotAHubAnswer, notAHubAnswer(r));
    std::string text;
    if (compressed) {
        auto raw = decompress(r.body, kMaxEnvelopeBytes);
        if (!raw)
            return makeError(ErrorCode::NotAHubAnswer, "the hub's " + std::string(expectedType) +
                                                           " was damaged on the way: " + raw.error().message);
        text.assign(raw->begin(), raw->end());
    } else {
        text.assign(r.body.begin(), r.body.end());
    }
    auto body = openEnvelope(text, expectedType, m_pins.hubSigningKey);
    if (!body)
        return makeError(ErrorCode::NotAHubAnswer, "the hub's answer did not verify: " + body.error().message);
    return SignedText{std::move(text), std::move(*body)};
}

core::Result<PushReport> SyncClient::push() {
    PushReport report;
    IdentitySigner signer(m_identity);
    // Where the chain stands, from the hub itself, when the store does not
    // know or has nothing to send (a store restored from an old copy is
    // noticed before it makes a record the hub holds already).
    auto standing = TRY(m_store.standing());
    const std::uint64_t ackedAtStart = TRY(m_store.counts()).acknowledgedUpTo;
    if (!standing.takesRecords() || TRY(m_store.outbox(1, ackedAtStart)).empty())
        standing = TRY(checkChain());
    if (!standing.takesRecords())
        return makeError(ErrorCode::Conflict, describeStanding(standing));
    for (;;) {
        const std::uint64_t acked = TRY(m_store.counts()).acknowledgedUpTo;
        const auto records = TRY(m_store.outbox(m_options.batchRecords, acked));
        if (records.empty())
            return report;

        Batch batch;
        batch.device = m_identity.publicKey();
        batch.nonce = randomNonce();
        // Sequences missing between the last acknowledgement and the last
        // record sent are the ones this device set aside (quarantined); the
        // hub may only continue the chain past them when the device says so.
        std::set<std::uint64_t> present;
        for (const auto& r : records) {
            present.insert(r.sequence());
            batch.records.push_back(r.bytes());
        }
        for (std::uint64_t s = acked + 1; s < records.back().sequence(); ++s)
            if (!present.count(s))
                batch.skipped.push_back(s);
        const Bytes wire = compress(TRY(encodeBatch(batch, signer)));

        auto response = m_http.post(m_pins.hubUrl + "/v1/push", {{"Content-Type", kBatchMediaType}}, wire);
        const auto body = TRY(signedBody(response, "push-ack", false));
        auto ack = decodePushAckBody(body.body);
        if (!ack)
            return makeError(ErrorCode::NotAHubAnswer, ack.error().message);
        if (ack->device != batch.device || ack->nonce != batch.nonce)
            return makeError(ErrorCode::NotAHubAnswer, "the acknowledgement is not for this request; nothing was marked sent");
        ++report.batches;
        report.sent += batch.records.size();
        report.accepted += ack->accepted;
        report.duplicates += ack->duplicates;
        report.held = ack->held;

        std::uint64_t quarantinedNow = 0;
        std::optional<RecordVerdict> waiting;
        for (const auto& verdict : ack->refused) {
            if (!present.count(verdict.sequence))
                continue;  // only what this batch carried can be set aside
            if (verdict.permanent) {
                std::string reason = std::string(errorCodeWireName(verdict.code)) + ": " + verdict.message;
                TRY(m_store.quarantine(verdict.sequence, reason, now()));
                ++quarantinedNow;
            } else if (!waiting) {
                waiting = verdict;
            }
        }
        report.quarantined += quarantinedNow;
        // The signed ack says where the hub's chain stands too: holding more
        // than this store is a lost store, not an acknowledgement.
        standing = TRY(m_store.reconcile(core::ChainHead{ack->held, ack->headHash}, now()));
        if (!standing.takesRecords())
            return makeError(ErrorCode::Conflict, describeStanding(standing));
        if (ack->held > acked) {
            if (auto marked = m_store.markAcknowledged(ack->held, now()); !marked)
                return makeError(ErrorCode::NotAHubAnswer, marked.error().message);
        }
        if (waiting)
            return makeError(waiting->code, "the hub is waiting: " + waiting->message);
        if (ack->held <= acked && quarantinedNow == 0)
            return makeError(ErrorCode::Internal, "the hub acknowledged nothing new (it holds up to " +
                                                      std::to_string(ack->held) + "); trying again later");
    }
}

HttpClient::Headers SyncClient::authHeaders(std::string_view method, const std::string& target, const Nonce& nonce) {
    // Dated in the hub's time as far as this device knows it: a kiosk
    // without a real-time clock may be hours or years off.
    const std::int64_t time = std::max<std::int64_t>(0, now() + m_clockOffsetMs);
    Signature sig = m_identity.sign(requestMessage(method, target, nonce, time));
    return {{kHeaderDevice, m_identity.deviceId()},
            {kHeaderNonce, core::toHex(nonce)},
            {kHeaderTime, std::to_string(time)},
            {kHeaderSignature, core::toHex(sig)},
            {kHeaderProtocol, std::to_string(kProtocolVersion)}};
}

core::Result<HttpResponse> SyncClient::signedGet(const std::string& target, const HttpClient::Headers& extra,
                                                 Nonce& nonce) {
    for (int attempt = 0;; ++attempt) {
        nonce = randomNonce();
        auto headers = authHeaders("GET", target, nonce);
        headers.insert(headers.end(), extra.begin(), extra.end());
        auto response = m_http.get(m_pins.hubUrl + target, headers);
        if (attempt > 0 || !response || response->status != httpStatusOf(ErrorCode::StaleRequest) ||
            !mediaTypeIs(response->contentType, kErrorMediaType))
            return response;
        // Only the pinned key's word for this very request moves the clock:
        // anyone else's "time" could date requests for a replay later.
        auto hubTime = hubTimeOfRefusal(core::asText(response->body), m_identity.publicKey(), nonce,
                                        m_pins.hubSigningKey);
        if (!hubTime)
            return response;
        m_clockOffsetMs = *hubTime - now();
    }
}

// [SECTION] Where the chain stands

core::Result<ChainHeadAnswer> SyncClient::fetchHead() {
    Nonce nonce{};
    auto response = signedGet("/v1/head", {}, nonce);
    const auto body = TRY(signedBody(response, "head", false));
    auto answer = decodeChainHeadBody(body.body);
    if (!answer)
        return makeError(ErrorCode::NotAHubAnswer, answer.error().message);
    if (answer->device != m_identity.publicKey() || answer->nonce != nonce)
        return makeError(ErrorCode::NotAHubAnswer, "the chain head is not an answer to this request");
    return std::move(*answer);
}

core::Result<kiosk::ChainStanding> SyncClient::checkChain() {
    const auto head = TRY(fetchHead());
    return m_store.reconcile(core::ChainHead{head.held, head.headHash}, now());
}

core::Result<RecoveryReport> SyncClient::recover() {
    RecoveryReport report;
    report.found = TRY(m_store.standing()).state;
    const auto head = TRY(fetchHead());
    const core::ChainHead hub{head.held, head.headHash};
    const auto standing = TRY(m_store.reconcile(hub, now()));
    report.hubHeld = hub.sequence;
    report.localHead = standing.local.sequence;
    if (standing.state != kiosk::ChainState::Lost) {
        report.resumeAfter = standing.local.sequence;
        return report;  // anchored, perhaps just now (the hub holds nothing): nothing was lost
    }
    // Past every sequence this device may have used; but the first batch
    // after it names the gap in its skipped list, which has a limit.
    std::uint64_t resume = TRY(m_store.resumePoint(hub));
    resume = std::min(resume, hub.sequence + (kMaxSkipped - kMaxBatchRecords));
    resume = std::max(resume, standing.local.sequence);
    report.resumeAfter = resume;

    // The hub records the loss before the store changes: a recovery the hub
    // has not heard of does not happen.
    StoreLostReport lost;
    lost.device = m_identity.publicKey();
    lost.nonce = randomNonce();
    lost.held = hub.sequence;
    lost.headHash = hub.hash;
    lost.localHead = standing.local.sequence;
    lost.resumeAfter = resume;
    lost.proof = m_identity.sign(storeLostMessage(lost));
    const std::string request = encodeStoreLostReport(lost);
    auto response = m_http.post(m_pins.hubUrl + "/v1/store-lost", {{"Content-Type", "application/json"}},
                                core::asBytes(request));
    const auto body = TRY(signedBody(response, "store-lost", false));
    auto answer = decodeStoreLostAnswerBody(body.body);
    if (!answer)
        return makeError(ErrorCode::NotAHubAnswer, answer.error().message);
    if (answer->device != lost.device || answer->nonce != lost.nonce || answer->held != lost.held ||
        answer->headHash != lost.headHash || answer->resumeAfter != lost.resumeAfter)
        return makeError(ErrorCode::NotAHubAnswer, "the hub's answer is not for this report; nothing was changed");
    TRY(m_store.recover(hub, resume, now()));
    report.recovered = true;
    return report;
}

// [SECTION] Pull

core::Result<PullReport> SyncClient::pull() {
    auto report = TRY(pullContent());
    report.ticketUpdates = TRY(pullTickets());
    return report;
}

core::Result<PullReport> SyncClient::pullContent() {
    PullReport report;
    std::uint64_t have = 0;
    if (auto current = loadContent(m_dataDir, m_pins.hubSigningKey); current)
        have = current->version;
    report.contentVersion = have;

    const std::string target = "/v1/content";
    Nonce nonce{};
    auto response = signedGet(target, {{kHeaderContentVersion, std::to_string(have)}}, nonce);
    if (response && response->status == 304)
        return report;  // unchanged: nothing to verify, nothing replaced
    if (response && response->status == 404 && mediaTypeIs(response->contentType, kErrorMediaType)) {
        auto wire = decodeWireError(core::asText(response->body));
        if (wire && wire->code == ErrorCode::NotFound)
            return report;  // nothing published yet
    }
    const auto body = TRY(signedBody(response, "content", true));
    auto bundle = decodeContentBody(body.body);
    if (!bundle)
        return makeError(ErrorCode::Malformed, "the content bundle is not valid: " + bundle.error().message);
    if (bundle->version < have)
        return makeError(ErrorCode::NotAHubAnswer, "the hub sent content version " + std::to_string(bundle->version) +
                                                       ", older than version " + std::to_string(have) + " held here; kept");
    if (bundle->version == have)
        return report;
    // Verified: store the signed envelope itself, atomically, so the old
    // content stays whole until the new is on disk.
    TRY(core::writeFileAtomically(m_dataDir / kContentFile, core::asBytes(body.envelope)));
    report.contentChanged = true;
    report.contentVersion = bundle->version;
    return report;
}

namespace {

struct TicketBook {
    std::uint64_t cursor = 0;
    json tickets = json::object();
};

// The local copy of ticket status. It was verified when it arrived; a
// damaged file is started afresh (the hub sends everything again).
TicketBook loadTicketBook(const fs::path& dataDir) {
    TicketBook book;
    auto raw = core::readFile(dataDir / kTicketsFile, 64u * 1024 * 1024);
    if (!raw)
        return book;
    json j = json::parse(raw->begin(), raw->end(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("cursor") || !j["cursor"].is_number_unsigned() ||
        !j.contains("tickets") || !j["tickets"].is_object())
        return book;
    book.cursor = j["cursor"].get<std::uint64_t>();
    book.tickets = std::move(j["tickets"]);
    return book;
}

}  // namespace

core::Result<std::size_t> SyncClient::pullTickets() {
    TicketBook book = loadTicketBook(m_dataDir);
    std::size_t received = 0;
    for (int page = 0; page < 1000; ++page) {
        const std::string target = "/v1/tickets?after=" + std::to_string(book.cursor);
        Nonce nonce{};
        auto response = signedGet(target, {}, nonce);
        const auto body = TRY(signedBody(response, "tickets", false));
        auto updates = decodeTicketUpdatesBody(body.body);
        if (!updates)
            return makeError(ErrorCode::Malformed, "the ticket updates are not valid: " + updates.error().message);
        if (updates->device != m_identity.publicKey() || updates->nonce != nonce)
            return makeError(ErrorCode::NotAHubAnswer, "the ticket updates are not an answer to this request");
        if (updates->updates.empty())
            break;
        for (const auto& u : updates->updates) {
            book.tickets[u.ticket] = {{"status", ticketStatusName(u.status)},
                                      {"reply", u.reply},
                                      {"updatedAt", u.updatedAtMs},
                                      {"update", u.id}};
            book.cursor = std::max(book.cursor, u.id);
        }
        received += updates->updates.size();
        json out = {{"cursor", book.cursor}, {"tickets", book.tickets}};
        const std::string text = out.dump(-1, ' ', false, json::error_handler_t::replace);
        TRY(core::writeFileAtomically(m_dataDir / kTicketsFile, core::asBytes(text)));
        if (!updates->more)
            break;
    }
    return received;
}

core::Result<std::optional<TicketUpdate>> lookupTicket(const fs::path& dataDir, const std::string& ticket) {
    if (!isValidTicketId(ticket))
        return makeError(ErrorCode::InvalidArgument, "a ticket number looks like 6340105-3-42-7");
    TicketBook book = loadTicketBook(dataDir);
    auto it = book.tickets.find(ticket);
    if (it == book.tickets.end() || !it->is_object())
        return std::optional<TicketUpdate>{};
    const json& t = *it;
    TicketUpdate u;
    u.ticket = ticket;
    if (t.contains("status") && t["status"].is_string())
        u.status = ticketStatusFromName(t["status"].get<std::string>()).value_or(TicketStatus::Received);
    if (t.contains("reply") && t["reply"].is_string())
        u.reply = t["reply"].get<std::string>();
    if (t.contains("updatedAt") && t["updatedAt"].is_number_integer())
        u.updatedAtMs = t["updatedAt"].get<std::int64_t>();
    if (t.contains("update") && t["update"].is_number_unsigned())
        u.id = t["update"].get<std::uint64_t>();
    return std::optional<TicketUpdate>(std::move(u));
}

// [SECTION] USB export

core::Result<ExportReport> exportOutbox(const fs::path& dataDir, const fs::path& toDir) {
    TRY(core::sodiumInit());
    // Never a key made here: the records are the device's own, signed by it.
    TRY(kiosk::checkDeviceIdentity(dataDir));
    const auto identity = TRY(core::DeviceIdentity::load(dataDir / core::kDeviceKeyFile));
    auto store = TRY(kiosk::Store::open(dataDir / kRecordsFile));
    TRY(checkStoreBelongsTo(store, identity));
    IdentitySigner signer(identity);
    ExportReport report;
    std::vector<Bytes> parts;
    std::uint64_t after = TRY(store.counts()).acknowledgedUpTo;
    std::uint64_t expected = after + 1;
    for (;;) {
        const auto records = TRY(store.outbox(kMaxBatchRecords / 2, after));
        if (records.empty())
            break;
        Batch batch;
        batch.device = identity.publicKey();
        batch.nonce = randomNonce();
        for (const auto& r : records) {
            for (; expected < r.sequence(); ++expected)
                batch.skipped.push_back(expected);
            expected = r.sequence() + 1;
            batch.records.push_back(r.bytes());
        }
        if (report.records == 0)
            report.firstSequence = records.front().sequence();
        report.lastSequence = records.back().sequence();
        report.records += records.size();
        after = records.back().sequence();
        parts.push_back(compress(TRY(encodeBatch(batch, signer))));
    }
    if (report.records == 0)
        return makeError(ErrorCode::NotFound, "nothing to export: the hub has acknowledged every record");
    TRY(core::ensureDirectory(toDir));
    report.file = toDir / ("fangsiang-" + identity.shortId() + "-" + std::to_string(report.firstSequence) + "-" +
                           std::to_string(report.lastSequence) + ".fsx");
    TRY(core::writeFileAtomically(report.file, encodeExportFile(parts)));
    return report;
}

// [SECTION] Content and tickets on disk

core::Result<ContentBundle> loadContent(const fs::path& dataDir, const PublicKey& hubKey) {
    const auto raw = TRY(core::readFile(dataDir / kContentFile, kMaxEnvelopeBytes));
    const auto body = TRY(openEnvelope(core::asText(raw), "content", hubKey));
    return decodeContentBody(body);
}

}  // namespace fangsiang::sync
