// The hub's checks, each refused with its reason and nothing stored:
// tampered records, replays, unknown and revoked devices, enrolment codes
// that are wrong, expired or used, gaps, conflicts and device-skipped records.

#include "hub_test_support.hpp"

#include "hub/store_check.hpp"

#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>

using namespace fangsiang;
using namespace fangsiang::sync;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using core::ErrorCode;

namespace {

Bytes wireBatch(const core::DeviceIdentity& id, const std::vector<core::Record>& records, std::size_t from,
                std::size_t to, std::vector<std::uint64_t> skipped = {}) {
    Batch batch;
    batch.device = id.publicKey();
    batch.nonce = randomNonce();
    batch.skipped = std::move(skipped);
    for (std::size_t i = from; i < to; ++i)
        batch.records.push_back(records[i].bytes());
    auto bytes = encodeBatch(batch, IdentitySigner(id));
    REQUIRE(bytes.ok());
    return compress(*bytes);
}

// A hub, and a device enrolled with it directly with the first `count`
// records of its chain made (not yet pushed).
struct EnrolledDevice {
    TestHub hub;
    core::DeviceIdentity id;
    std::vector<core::Record> records;

    EnrolledDevice(int seed, int count) : id(seededIdentity(seed)), records(surveyChain(id, count)) { enrolIdentity(hub, id); }
};

core::Error pushRefused(TestHub& hub, const Bytes& wire) {
    auto answer = hub.service().handlePush(kBatchMediaType, wire);
    REQUIRE(answer.status != 200);
    auto error = decodeWireError(answer.body);
    REQUIRE(error.has_value());
    return *error;
}

std::uint64_t held(TestHub& hub) {
    auto n = hub.storage().recordCount();
    REQUIRE(n.ok());
    return *n;
}

}  // namespace

TEST_CASE("a tampered record is refused with its reason, logged, and not stored", "[hub][security]") {
    EnrolledDevice device(11, 3);
    auto& [hub, id, records] = device;

    // The device signs the batch, but record 1's bytes were altered on its
    // disk after the record was signed.
    Bytes tampered = records[0].bytes();
    tampered[core::kRecordHeaderSize + 3] ^= 0x20;
    Batch batch;
    batch.device = id.publicKey();
    batch.nonce = randomNonce();
    batch.records = {tampered, records[1].bytes(), records[2].bytes()};
    auto bytes = encodeBatch(batch, IdentitySigner(id));
    REQUIRE(bytes.ok());

    PushAck ack = pushOk(hub, compress(*bytes));
    CHECK(ack.accepted == 0);
    CHECK(ack.held == 0);
    REQUIRE(ack.refused.size() == 1);
    CHECK(ack.refused[0].sequence == 1);
    CHECK(ack.refused[0].code == ErrorCode::BadSignature);
    CHECK(ack.refused[0].permanent);
    CHECK(held(hub) == 0);
    auto incidents = hub.storage().incidents(10);
    REQUIRE(incidents.ok());
    REQUIRE(incidents->size() == 1);
    CHECK((*incidents)[0].kind == "refused");
    CHECK((*incidents)[0].detail.find("bad-signature") != std::string::npos);
}

// A linked batch has only its last record's signature checked
// (docs/PROTOCOL.md, "One signature for a linked batch"); a record altered,
// forged or ill-signed anywhere in it is still refused by its sequence.
TEST_CASE("a record altered anywhere in a linked batch is refused by name, and the records before it kept",
          "[hub][security]") {
    EnrolledDevice device(13, 6);
    auto& [hub, id, records] = device;
    std::vector<Bytes> bytes;
    for (const auto& r : records)
        bytes.push_back(r.bytes());
    std::uint64_t refusedAt = 0;
    SECTION("a payload byte of record 4") {
        bytes[3][core::kRecordHeaderSize + 3] ^= 0x20;
        refusedAt = 4;
    }
    SECTION("the signature of record 4") {
        bytes[3][bytes[3].size() - 1] ^= 0x01;
        refusedAt = 4;
    }
    SECTION("the signature of the last record") {
        bytes[5][bytes[5].size() - 10] ^= 0x01;
        refusedAt = 6;
    }
    SECTION("record 4 forged with another key, claiming the device") {
        const core::DeviceIdentity other = seededIdentity(99);
        auto forged = core::signRecord(surveyDraft(400), records[2].asHead(), kTestTimeMs + 4, other);
        REQUIRE(forged.ok());
        Bytes b = forged->bytes();
        std::copy(id.publicKey().begin(), id.publicKey().end(), b.begin() + 8);  // the device field
        bytes[3] = b;
        refusedAt = 4;
    }
    Batch batch;
    batch.device = id.publicKey();
    batch.nonce = randomNonce();
    batch.records = bytes;
    auto wire = encodeBatch(batch, IdentitySigner(id));
    REQUIRE(wire.ok());
    PushAck ack = pushOk(hub, compress(*wire));
    CHECK(ack.held == refusedAt - 1);
    CHECK(held(hub) == refusedAt - 1);
    REQUIRE(ack.refused.size() == 1);
    CHECK(ack.refused[0].sequence == refusedAt);
    CHECK(ack.refused[0].code == ErrorCode::BadSignature);
}

TEST_CASE("a record the device itself linked past with a bad signature is stored, and check reports it",
          "[hub][security]") {
    EnrolledDevice device(14, 3);
    auto& [hub, id, records] = device;
    // The device's own software wrote record 4 with a broken signature, then
    // signed 5 and 6 after it: its key vouches for 4 through the hashes.
    auto four = core::signRecord(surveyDraft(4), records[2].asHead(), kTestTimeMs + 4, id);
    REQUIRE(four.ok());
    Bytes broken = four->bytes();
    broken[broken.size() - 1] ^= 0x01;
    auto parsed = core::Record::parse(broken);
    REQUIRE(parsed.ok());
    core::ChainHead head = parsed->asHead();
    std::vector<Bytes> bytes = {records[0].bytes(), records[1].bytes(), records[2].bytes(), broken};
    for (int seq = 5; seq <= 6; ++seq) {
        auto r = core::signRecord(surveyDraft(seq), head, kTestTimeMs + seq, id);
        REQUIRE(r.ok());
        head = r->asHead();
        bytes.push_back(r->bytes());
    }
    Batch batch;
    batch.device = id.publicKey();
    batch.nonce = randomNonce();
    batch.records = bytes;
    auto wire = encodeBatch(batch, IdentitySigner(id));
    REQUIRE(wire.ok());
    PushAck ack = pushOk(hub, compress(*wire));
    CHECK(ack.held == 6);
    CHECK(ack.refused.empty());
    auto report = checkHubStore(hub.storage(), hub.keys(), CheckDepth::Full);
    REQUIRE(report.ok());
    REQUIRE(report->problems.size() == 1);
    CHECK_THAT(report->problems[0], Catch::Contains("4"));
}

TEST_CASE("a batch whose device signature fails is refused whole", "[hub][security]") {
    EnrolledDevice device(12, 2);
    auto& [hub, id, records] = device;
    Batch batch;
    batch.device = id.publicKey();
    batch.nonce = randomNonce();
    batch.records = {records[0].bytes(), records[1].bytes()};
    auto bytes = encodeBatch(batch, IdentitySigner(id));
    REQUIRE(bytes.ok());
    (*bytes)[50] ^= 1;  // inside the nonce: only the batch signature notices
    auto error = pushRefused(hub, compress(*bytes));
    CHECK(error.code == ErrorCode::BadSignature);
    CHECK(held(hub) == 0);
}

TEST_CASE("a replayed batch is acknowledged again and stores nothing new", "[hub][security]") {
    EnrolledDevice device(13, 5);
    auto& [hub, id, records] = device;
    Bytes wire = wireBatch(id, records, 0, 5);
    PushAck first = pushOk(hub, wire);
    CHECK(first.accepted == 5);
    CHECK(first.held == 5);
    PushAck replay = pushOk(hub, wire);
    CHECK(replay.accepted == 0);
    CHECK(replay.duplicates == 5);
    CHECK(replay.held == 5);
    CHECK(held(hub) == 5);
}

TEST_CASE("an unknown device is refused and nothing is stored", "[hub][security]") {
    TestHub hub;
    auto stranger = seededIdentity(14);
    auto records = surveyChain(stranger, 2);
    auto error = pushRefused(hub, wireBatch(stranger, records, 0, 2));
    CHECK(error.code == ErrorCode::UnknownDevice);
    CHECK(held(hub) == 0);
}

TEST_CASE("a revoked device is refused and nothing is stored", "[hub][security]") {
    EnrolledDevice device(15, 4);
    auto& [hub, id, records] = device;
    pushOk(hub, wireBatch(id, records, 0, 2));
    auto revoked = hub.storage().revokeDevice(id.publicKey(), test::kTestTimeMs);
    REQUIRE(revoked.ok());
    REQUIRE(*revoked);
    auto error = pushRefused(hub, wireBatch(id, records, 2, 4));
    CHECK(error.code == ErrorCode::RevokedDevice);
    CHECK(held(hub) == 2);

    SECTION("its content and ticket requests too") {
        Nonce nonce = randomNonce();
        const std::int64_t now = core::wallClockMs();
        RequestAuth auth{id.deviceId(), core::toHex(nonce),
                         core::toHex(id.sign(requestMessage("GET", "/v1/content", nonce, now))), "GET", "/v1/content",
                         std::to_string(now)};
        auto answer = hub.service().handleContent(auth, "");
        auto wire = decodeWireError(answer.body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::RevokedDevice);
    }
}

TEST_CASE("enrolment refuses wrong, expired and used codes", "[hub][security][enrol]") {
    TestHub hub;
    TestKiosk kiosk;

    SECTION("a wrong code") {
        auto pins = enrol(kiosk.dir(), hub.url(), "ABCD-EFGH-JKMN");
        REQUIRE_FALSE(pins.ok());
        CHECK(pins.error().message.find("bad-enrolment-code") != std::string::npos);
    }
    SECTION("an expired code") {
        std::string code = hub.newCode(std::chrono::seconds(60));
        HubServiceOptions later = quietOptions();
        later.clock = [] { return core::wallClockMs() + 61'000; };
        HubService future(hub.storage(), hub.keys(), later);
        HubServer server(future, HubServerOptions{});
        REQUIRE(server.start().ok());
        auto pins = enrol(kiosk.dir(), server.url(), code);
        REQUIRE_FALSE(pins.ok());
        CHECK(pins.error().message.find("expired-enrolment-code") != std::string::npos);
    }
    SECTION("a used code") {
        std::string code = hub.newCode();
        REQUIRE(enrol(kiosk.dir(), hub.url(), code).ok());
        TestKiosk second;
        auto pins = enrol(second.dir(), hub.url(), code);
        REQUIRE_FALSE(pins.ok());
        CHECK(pins.error().message.find("used-enrolment-code") != std::string::npos);
    }
    SECTION("a device that does not hold the key it names") {
        auto id = seededIdentity(16);
        auto other = seededIdentity(17);
        auto code = normaliseEnrolmentCode(hub.newCode());
        EnrolRequest request{*code, id.publicKey(), other.sign(enrolProofMessage(*code, id.publicKey())), ""};
        auto answer = hub.service().handleEnrol(encodeEnrolRequest(request));
        auto wire = decodeWireError(answer.body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::BadSignature);
    }
    auto devices = hub.storage().listDevices();
    REQUIRE(devices.ok());
    CHECK(devices->size() <= 1);  // only the "used code" section's first, rightful enrolment
    CHECK_FALSE((std::filesystem::exists(kiosk.dir() / kiosk::kHubPinsFile) && devices->empty()));
}

TEST_CASE("enrolment pins the hub's keys and a device number", "[hub][enrol]") {
    TestHub hub;
    TestKiosk a, b;
    auto pa = enrol(a.dir(), hub.url(), hub.newCode());
    auto pb = enrol(b.dir(), hub.url(), hub.newCode());
    REQUIRE(pa.ok());
    REQUIRE(pb.ok());
    CHECK(pa->hubSigningKey == hub.keys().signing.publicKey);
    CHECK(pa->hubBoxKey == hub.keys().box.publicKey);
    CHECK(pa->officeCode == kOffice);
    CHECK(pa->deviceNumber == 1);
    CHECK(pb->deviceNumber == 2);
    auto loaded = kiosk::loadHubPins(a.dir());
    REQUIRE(loaded.ok());
    CHECK(loaded->hubSigningKey == hub.keys().signing.publicKey);

    SECTION("a wrong fingerprint is refused before anything is pinned") {
        TestKiosk c;
        EnrolOptions options;
        options.fingerprint = "0000000000000000";
        CHECK_FALSE(enrol(c.dir(), hub.url(), hub.newCode(), options).ok());
        CHECK_FALSE(std::filesystem::exists(c.dir() / kiosk::kHubPinsFile));
    }
    SECTION("sealed personal data opens with the hub's box key") {
        auto sealed = core::sealPersonalData(R"({"phone":"0812345678"})", loaded->hubBoxKey);
        REQUIRE(sealed.ok());
        auto opened = core::openSealed(*sealed, hub.keys().box);
        REQUIRE(opened.ok());
        CHECK(std::string(opened->begin(), opened->end()) == R"({"phone":"0812345678"})");
    }
}

TEST_CASE("a gap is refused, recorded, and visible through the hub's API", "[hub][chain]") {
    EnrolledDevice device(18, 6);
    auto& [hub, id, records] = device;
    pushOk(hub, wireBatch(id, records, 0, 2));
    PushAck ack = pushOk(hub, wireBatch(id, records, 3, 6));  // 3 is missing
    CHECK(ack.accepted == 0);
    CHECK(ack.held == 2);
    REQUIRE(ack.refused.size() == 1);
    CHECK(ack.refused[0].code == ErrorCode::Gap);
    CHECK_FALSE(ack.refused[0].permanent);
    CHECK(held(hub) == 2);

    // The officers' API shows it.
    HubServerOptions options;
    options.adminToken = "secret-token";
    HubServer server(hub.service(), options);
    REQUIRE(server.start().ok());
    httplib::Client client("127.0.0.1", server.port());
    auto unauthorised = client.Get("/v1/admin/incidents");
    REQUIRE(unauthorised);
    CHECK(unauthorised->status == 401);
    auto res = client.Get("/v1/admin/incidents", {{"Authorization", "Bearer secret-token"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto list = nlohmann::json::parse(res->body);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["kind"] == "gap");
    CHECK(list[0]["sequence"] == 4);
}

TEST_CASE("a different body for a known sequence is a conflict, kept and never overwriting", "[hub][chain]") {
    EnrolledDevice device(19, 3);
    auto& [hub, id, original] = device;
    auto fork = surveyChain(id, 3, 101);  // same device, same sequences, other payloads
    pushOk(hub, wireBatch(id, original, 0, 3));
    PushAck ack = pushOk(hub, wireBatch(id, fork, 1, 2));
    REQUIRE(ack.refused.size() == 1);
    CHECK(ack.refused[0].code == ErrorCode::Conflict);
    CHECK(ack.refused[0].sequence == 2);
    CHECK(ack.held == 3);
    auto kept = hub.storage().recordBytes(id.publicKey(), 2);
    REQUIRE(kept.ok());
    CHECK(**kept == original[1].bytes());
    auto conflicts = hub.storage().conflictCount();
    REQUIRE(conflicts.ok());
    CHECK(*conflicts == 1);
}

TEST_CASE("a broken chain at the next sequence is refused for good", "[hub][chain]") {
    EnrolledDevice device(20, 3);
    auto& [hub, id, original] = device;
    auto fork = surveyChain(id, 3, 101);
    pushOk(hub, wireBatch(id, original, 0, 2));
    PushAck ack = pushOk(hub, wireBatch(id, fork, 2, 3));  // record 3 of another history
    REQUIRE(ack.refused.size() == 1);
    CHECK(ack.refused[0].code == ErrorCode::BrokenChain);
    CHECK(ack.refused[0].permanent);
    CHECK(held(hub) == 2);
}

TEST_CASE("the chain continues past records the device set aside, on record", "[hub][chain]") {
    EnrolledDevice device(21, 5);
    auto& [hub, id, records] = device;
    pushOk(hub, wireBatch(id, records, 0, 2));
    PushAck ack = pushOk(hub, wireBatch(id, records, 3, 5, {3}));
    CHECK(ack.accepted == 2);
    CHECK(ack.held == 5);
    auto incidents = hub.storage().incidents(10);
    REQUIRE(incidents.ok());
    REQUIRE(incidents->size() == 1);
    CHECK((*incidents)[0].kind == "skipped");
}

TEST_CASE("push answers without a batch media type or with junk are refused", "[hub][security]") {
    TestHub hub;
    auto answer = hub.service().handlePush("text/html", core::asBytes("<html>"));
    CHECK(answer.status == 400);
    answer = hub.service().handlePush(kBatchMediaType, core::asBytes("not zstd at all"));
    CHECK(answer.status == 400);
    CHECK(decodeWireError(answer.body)->code == ErrorCode::Malformed);
}

// [SECTION] Enrolment throttle: per client address

namespace {

// Posts an enrolment request from `source` (a loopback address of its own:
// 127.0.0.0/8 is all loopback on Linux), as a kiosk on another line would.
int enrolFrom(const std::string& source, int port, const std::string& code, const core::DeviceIdentity& id,
              std::string* body = nullptr) {
    httplib::Client client("127.0.0.1", port);
    client.set_interface(source);
    client.set_keep_alive(false);
    auto plain = normaliseEnrolmentCode(code);
    REQUIRE(plain.has_value());
    EnrolRequest request{*plain, id.publicKey(), id.sign(enrolProofMessage(*plain, id.publicKey())), "counter"};
    auto res = client.Post("/v1/enroll", encodeEnrolRequest(request), "application/json");
    REQUIRE(res);
    if (body)
        *body = res->body;
    return res->status;
}

}  // namespace

TEST_CASE("one address trying wrong enrolment codes does not stop another from enrolling", "[hub][enrol][security]") {
    TestHub hub;
    const std::string valid = hub.newCode();
    auto hammer = seededIdentity(31);

    // 127.0.0.2 tries 31 wrong codes in a minute (the limit is 30).
    std::string last;
    for (int i = 0; i < 31; ++i) {
        std::string wrong = "ZZZZ-ZZZZ-" + std::string(1, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[i]) + "ZZZ";
        CHECK(enrolFrom("127.0.0.2", hub.port(), wrong, hammer, &last) == 403);
    }
    CHECK_THAT(last, Catch::Matchers::Contains("too many wrong enrolment codes came from this address"));
    // Even the valid code is not looked up for it this minute...
    CHECK(enrolFrom("127.0.0.2", hub.port(), valid, hammer, &last) == 403);
    CHECK_THAT(last, Catch::Matchers::Contains("the code was not checked"));

    // ...while a kiosk on another address enrols with it.
    auto kiosk = seededIdentity(32);
    CHECK(enrolFrom("127.0.0.3", hub.port(), valid, kiosk, &last) == 200);
    auto enrolled = hub.storage().findDevice(kiosk.publicKey());
    REQUIRE(enrolled.ok());
    CHECK(enrolled->has_value());
    auto hammered = hub.storage().findDevice(hammer.publicKey());
    REQUIRE(hammered.ok());
    CHECK_FALSE(hammered->has_value());
}

TEST_CASE("the enrolment throttle counts an IPv6 line by its /64 and forgets each minute", "[hub][enrol][security]") {
    TestHub hub;
    std::int64_t nowMs = test::kTestTimeMs;
    HubServiceOptions options = quietOptions();
    options.clock = [&nowMs] { return nowMs; };
    options.maxBadCodesPerMinute = 3;
    HubService service(hub.storage(), hub.keys(), options);
    auto id = seededIdentity(33);
    auto attempt = [&](const std::string& address, const std::string& code) {
        auto plain = normaliseEnrolmentCode(code);
        EnrolRequest request{*plain, id.publicKey(), id.sign(enrolProofMessage(*plain, id.publicKey())), ""};
        return service.handleEnrol(encodeEnrolRequest(request), address).body;
    };
    const std::string wrong = "ZZZZ-ZZZZ-ZZZZ";
    for (int i = 0; i < 3; ++i)
        CHECK_THAT(attempt("2001:db8:1:2::" + std::to_string(i + 1), wrong),
                   Catch::Matchers::Contains("does not know that enrolment code"));
    // The same /64, another host in it: over the limit.
    CHECK_THAT(attempt("2001:db8:1:2:ffff::9", wrong), Catch::Matchers::Contains("too many wrong"));
    // Another /64, and an IPv4 client on a dual-stack socket, are not.
    CHECK_THAT(attempt("2001:db8:1:3::1", wrong), Catch::Matchers::Contains("does not know"));
    for (int i = 0; i < 3; ++i)
        CHECK_THAT(attempt("::ffff:192.0.2.7", wrong), Catch::Matchers::Contains("does not know"));
    CHECK_THAT(attempt("192.0.2.7", wrong), Catch::Matchers::Contains("too many wrong"));
    // A minute later the count starts again.
    nowMs += 60'000;
    CHECK_THAT(attempt("2001:db8:1:2::1", wrong), Catch::Matchers::Contains("does not know"));
}

// [SECTION] Publishing: nothing a kiosk would refuse

TEST_CASE("publish refuses content a kiosk would refuse and leaves the published version in place",
          "[hub][content][security]") {
    TestHub hub;
    TempDir first;
    REQUIRE(core::writeFileAtomically(first / "notes.json", core::asBytes(R"({"v":1})"), 0644).ok());
    auto v1 = hub.service().publish(first.path());
    REQUIRE(v1.ok());

    SECTION("an envelope over the kiosk's limit once escaped") {
        // Three files of backslashes, each under 4 MiB: 49 MB as signed.
        TempDir big;
        const std::string text = "[\"" + std::string(4'088'000, '\\') + "\"]";
        for (const char* name : {"a.json", "b.json", "c.json"})
            REQUIRE(core::writeFileAtomically(big / name, core::asBytes(text), 0644).ok());
        auto refused = hub.service().publish(big.path());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == core::ErrorCode::TooLarge);
        CHECK_THAT(refused.error().message, Catch::Matchers::Contains("once its text is escaped"));
        CHECK_THAT(refused.error().message, Catch::Matchers::Contains(std::to_string(sync::kMaxEnvelopeBytes)));
    }
    SECTION("a file over the kiosk's per-file limit") {
        TempDir big;
        REQUIRE(core::writeFileAtomically(big / "big.json", core::asBytes("[\"" + std::string(4u << 20, 'x') + "\"]"),
                                          0644).ok());
        auto refused = hub.service().publish(big.path());
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message, Catch::Matchers::Contains("a kiosk takes content files of at most"));
    }
    SECTION("more files than a bundle holds") {
        TempDir many;
        for (int i = 0; i < 257; ++i)
            REQUIRE(core::writeFileAtomically(many / ("f" + std::to_string(i) + ".json"), core::asBytes("{}"), 0644).ok());
        auto refused = hub.service().publish(many.path());
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message, Catch::Matchers::Contains("at most 256"));
    }
    auto latest = hub.storage().latestBundleVersion();
    REQUIRE(latest.ok());
    CHECK(*latest == *v1);
    // Kiosks still get version 1, and take it.
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    auto pulled = client->pull();
    REQUIRE(pulled.ok());
    CHECK(pulled->contentVersion == *v1);
}

TEST_CASE("escaped content that fits is published, counted right, and taken by a kiosk", "[hub][content]") {
    TestHub hub;
    std::vector<std::string> lines;
    HubServiceOptions options = quietOptions();
    options.log = [&lines](const std::string& line) { lines.push_back(line); };
    HubService service(hub.storage(), hub.keys(), options);
    TempDir dir;
    // What JSON escapes: quotes, backslashes, escape sequences of every
    // control character, raw whitespace between values; and Thai, which it
    // does not.
    std::string text;
    for (int c = 1; c < 0x20; ++c)
        text += "\\u00" + std::string(1, "0123456789abcdef"[c >> 4]) + std::string(1, "0123456789abcdef"[c & 15]);
    const std::string file = "[\"" + text + "\\\"\\\\ ทดสอบ " + std::string(1u << 20, '\\') + "\",\r\n\t\"\\n\\t\"]";
    REQUIRE(nlohmann::json::parse(file, nullptr, false).is_array());
    REQUIRE(core::writeFileAtomically(dir / "a.json", core::asBytes(file), 0644).ok());
    REQUIRE(core::writeFileAtomically(dir / "b.json", core::asBytes(R"({"b":"\u0001\"x\""})"), 0644).ok());
    auto version = service.publish(dir.path());
    if (!version.ok())
        FAIL(version.error().message);
    for (const auto& line : lines)
        CHECK_THAT(line, !Catch::Matchers::Contains("counted as"));  // the size was counted exactly
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    auto pulled = client->pull();
    if (!pulled.ok())
        FAIL(pulled.error().message);
    CHECK(pulled->contentVersion == *version);
    auto content = loadContent(kiosk.dir(), hub.keys().signing.publicKey);
    REQUIRE(content.ok());
    REQUIRE(content->files.size() == 2);
    CHECK(content->files[0].second == file);
}

// [SECTION] Device-signed requests in time

namespace {

RequestAuth signedRequest(const core::DeviceIdentity& id, const std::string& target, const Nonce& nonce,
                          std::int64_t timeMs) {
    return RequestAuth{id.deviceId(), core::toHex(nonce),
                       core::toHex(id.sign(requestMessage("GET", target, nonce, timeMs))), "GET", target,
                       std::to_string(timeMs)};
}

}  // namespace

TEST_CASE("a device-signed request is taken within five minutes of the hub's clock, once", "[hub][security][request]") {
    EnrolledDevice device(16, 0);
    auto& [hub, id, records] = device;
    std::atomic<std::int64_t> hubNow{test::kTestTimeMs};
    HubServiceOptions options = quietOptions();
    options.clock = [&hubNow] { return hubNow.load(); };
    HubService service(hub.storage(), hub.keys(), options);
    const std::string target = "/v1/tickets?after=0";
    const Nonce nonce = randomNonce();
    const RequestAuth auth = signedRequest(id, target, nonce, test::kTestTimeMs + 2'000);
    REQUIRE(service.handleTickets(auth, "0").status == 200);

    auto refusal = [&](const HubResponse& answer) {
        INFO(answer.body);
        REQUIRE(answer.status == 401);
        auto wire = decodeWireError(answer.body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::StaleRequest);
        CHECK(answer.body.find("\"updates\"") == std::string::npos);
        return wire->message;
    };
    SECTION("the same request again is a replay, within the window too") {
        hubNow += 65'000;
        CHECK_THAT(refusal(service.handleTickets(auth, "0")), Catch::Matchers::Contains("received already"));
    }
    SECTION("after the window it is stale, whatever the hub remembers") {
        hubNow += sync::kRequestWindowMs + 3'000;
        CHECK_THAT(refusal(service.handleTickets(auth, "0")), Catch::Matchers::Contains("more than the 300 s"));
        HubService restarted(hub.storage(), hub.keys(), options);
        CHECK_THAT(refusal(restarted.handleTickets(auth, "0")), Catch::Matchers::Contains("more than the 300 s"));
    }
    SECTION("a hub restarted within the window refuses what was signed before it started") {
        hubNow += 65'000;
        HubService restarted(hub.storage(), hub.keys(), options);
        CHECK_THAT(refusal(restarted.handleTickets(auth, "0")), Catch::Matchers::Contains("before the hub last started"));
    }
    SECTION("the refusal carries the hub's time, signed for this request") {
        hubNow += 3 * 3'600'000;
        const Nonce fresh = randomNonce();
        const auto answer = service.handleContent(signedRequest(id, "/v1/content", fresh, test::kTestTimeMs), "");
        refusal(answer);
        CHECK(hubTimeOfRefusal(answer.body, id.publicKey(), fresh, hub.keys().signing.publicKey) == hubNow.load());
    }
    SECTION("a time changed on the way breaks the signature") {
        RequestAuth moved = signedRequest(id, target, randomNonce(), test::kTestTimeMs);
        moved.time = std::to_string(test::kTestTimeMs + 1);
        auto wire = decodeWireError(service.handleTickets(moved, "0").body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::BadSignature);
    }
    SECTION("a request without a time is refused as a bad request, naming the header") {
        RequestAuth old = signedRequest(id, target, randomNonce(), test::kTestTimeMs);
        old.time.clear();
        const auto answer = service.handleTickets(old, "0");
        CHECK(answer.status == 400);
        auto wire = decodeWireError(answer.body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::BadRequest);
        CHECK_THAT(wire->message, Catch::Matchers::Contains(kHeaderTime));
    }
    SECTION("an unknown device learns nothing of the hub's time") {
        auto stranger = seededIdentity(17);
        const auto answer = service.handleTickets(signedRequest(stranger, target, randomNonce(), 0), "0");
        auto wire = decodeWireError(answer.body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::UnknownDevice);
    }
    SECTION("past the bound on nonces held the hub is busy, not forgetful") {
        HubServiceOptions small = options;
        small.requestLimits = RequestWindowLimits{3, 3};
        HubService bounded(hub.storage(), hub.keys(), small);
        for (int i = 0; i < 3; ++i)
            REQUIRE(bounded.handleTickets(signedRequest(id, target, randomNonce(), hubNow), "0").status == 200);
        const auto answer = bounded.handleTickets(signedRequest(id, target, randomNonce(), hubNow), "0");
        CHECK(answer.status == 503);
        auto wire = decodeWireError(answer.body);
        REQUIRE(wire.has_value());
        CHECK(wire->code == ErrorCode::Busy);
    }
}

TEST_CASE("each office's kiosks take the content published for that office, or for every office", "[hub][content]") {
    TestHub hub;
    constexpr const char* kOther = "6340106";
    TempDir everyone, theirs, ours;
    for (const auto& [dir, text] : {std::pair{&everyone, "every office"}, std::pair{&theirs, "office B"},
                                    std::pair{&ours, "office A"}})
        REQUIRE(core::writeFileAtomically(*dir / "notes.json",
                                          core::asBytes(std::string(R"({"note":")") + text + "\"}"), 0644)
                    .ok());
    TestKiosk a, b;
    a.enrolWith(hub, hub.url());
    auto code = hub.service().createEnrolmentCode(kOther, "เทศบาลตำบลบ้านนา", std::chrono::minutes(5));
    REQUIRE(code.ok());
    REQUIRE(enrol(b.dir(), hub.url(), code->code).ok());

    auto unknownOffice = hub.service().publish(theirs.path(), "9999999");
    REQUIRE_FALSE(unknownOffice.ok());
    CHECK_THAT(unknownOffice.error().message, Catch::Matchers::Contains("not on this hub"));

    auto pullVersion = [&](TestKiosk& kiosk) {
        auto client = SyncClient::open(kiosk.dir());
        REQUIRE(client.ok());
        auto pulled = client->pull();
        REQUIRE(pulled.ok());
        return pulled->contentVersion;
    };
    auto publish = [&](const TempDir& dir, const std::string& office) {
        auto version = hub.service().publish(dir.path(), office);
        INFO((version.ok() ? "" : version.error().message));
        REQUIRE(version.ok());
        return *version;
    };
    REQUIRE(publish(everyone, "") == 1);
    REQUIRE(publish(theirs, kOther) == 2);
    CHECK(pullVersion(a) == 1);
    CHECK(pullVersion(b) == 2);
    REQUIRE(publish(ours, kOffice) == 3);
    CHECK(pullVersion(a) == 3);
    CHECK(pullVersion(b) == 2);
    auto content = loadContent(a.dir(), hub.keys().signing.publicKey);
    REQUIRE(content.ok());
    REQUIRE(content->files.size() == 1);
    CHECK_THAT(content->files[0].second, Catch::Matchers::Contains("office A"));
}
