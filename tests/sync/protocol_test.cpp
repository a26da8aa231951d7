// The protocol's codec on its own: batches, envelopes, compression limits.

#include "sync/protocol.hpp"

#include "core/identity.hpp"
#include "core/ticket.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;

using namespace fangsiang::sync;
using namespace fangsiang::test;
using core::ErrorCode;

namespace {

Batch sampleBatch(const core::DeviceIdentity& id, int records) {
    Batch batch;
    batch.device = id.publicKey();
    batch.nonce = randomNonce();
    batch.skipped = {7};
    core::ChainHead head;
    for (int i = 0; i < records; ++i) {
        auto r = core::signRecord(test::surveyDraft(i), head, test::kTestTimeMs, id);
        REQUIRE(r.ok());
        head = r->asHead();
        batch.records.push_back(r->bytes());
    }
    return batch;
}

}  // namespace

TEST_CASE("a batch survives encoding and compression byte for byte", "[protocol]") {
    auto id = seededIdentity(1);
    IdentitySigner signer(id);
    Batch batch = sampleBatch(id, 20);
    auto bytes = encodeBatch(batch, signer);
    REQUIRE(bytes.ok());
    auto wire = compress(*bytes);
    REQUIRE(wire.size() < bytes->size());
    auto raw = decompress(wire, kMaxBatchBytes);
    REQUIRE(raw.ok());
    auto decoded = decodeBatch(*raw);
    REQUIRE(decoded.ok());
    CHECK(decoded->device == batch.device);
    CHECK(decoded->nonce == batch.nonce);
    CHECK(decoded->skipped == batch.skipped);
    CHECK(decoded->records == batch.records);
}

TEST_CASE("a batch with any byte changed is refused", "[protocol]") {
    auto id = seededIdentity(2);
    IdentitySigner signer(id);
    auto bytes = encodeBatch(sampleBatch(id, 3), signer);
    REQUIRE(bytes.ok());
    for (std::size_t i = 0; i < bytes->size(); i += 7) {
        Bytes bad = *bytes;
        bad[i] ^= 0x01;
        CHECK_FALSE(decodeBatch(bad).ok());
    }
    SECTION("and so is one cut short or with bytes added") {
        Bytes shorter(bytes->begin(), bytes->end() - 1);
        CHECK_FALSE(decodeBatch(shorter).ok());
        Bytes longer = *bytes;
        longer.push_back(0);
        CHECK_FALSE(decodeBatch(longer).ok());
    }
}

TEST_CASE("a batch signed by one device cannot claim another", "[protocol]") {
    auto a = seededIdentity(3);
    auto b = seededIdentity(4);
    IdentitySigner signerB(b);
    Batch batch = sampleBatch(a, 1);
    CHECK_FALSE(encodeBatch(batch, signerB).ok());
}

TEST_CASE("decompression checks the declared size before allocating", "[protocol]") {
    Bytes big(1024 * 1024, 'a');
    auto frame = compress(big);
    SECTION("a frame declaring more than the limit is refused unread") {
        auto out = decompress(frame, 1000);
        REQUIRE_FALSE(out.ok());
        CHECK(out.error().code == core::ErrorCode::TooLarge);
    }
    SECTION("bytes that are not zstd are refused") {
        Bytes junk = {'<', 'h', 't', 'm', 'l', '>'};
        CHECK_FALSE(decompress(junk, kMaxBatchBytes).ok());
    }
    SECTION("trailing bytes after the frame are refused") {
        Bytes more = frame;
        more.push_back(0);
        CHECK_FALSE(decompress(more, kMaxBatchBytes).ok());
    }
    SECTION("a damaged frame is refused") {
        Bytes damaged = frame;
        damaged[damaged.size() / 2] ^= 0x55;
        auto out = decompress(damaged, kMaxBatchBytes);
        if (out.ok())  // zstd may decode damage in a literal run: the batch signature still catches it
            CHECK(*out != big);
    }
}

TEST_CASE("a signed envelope opens only with the hub's key and its own type", "[protocol]") {
    (void)core::sodiumInit();
    auto hub = core::randomSigningKeyPair();
    auto other = core::randomSigningKeyPair();
    std::string text = signEnvelope("push-ack", R"({"protocol":1})", hub.secretKey);
    CHECK(openEnvelope(text, "push-ack", hub.publicKey).ok());
    CHECK_FALSE(openEnvelope(text, "push-ack", other.publicKey).ok());
    CHECK_FALSE(openEnvelope(text, "content", hub.publicKey).ok());
    SECTION("a body changed after signing is refused") {
        auto pos = text.find("protocol\\\":1");
        REQUIRE(pos != std::string::npos);
        text[pos + 11] = '2';
        auto opened = openEnvelope(text, "push-ack", hub.publicKey);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == core::ErrorCode::BadSignature);
    }
    SECTION("a captive portal's page is not an envelope") {
        CHECK_FALSE(openEnvelope("<html><body>Login</body></html>", "push-ack", hub.publicKey).ok());
    }
}

TEST_CASE("acknowledgements, ticket updates and errors round-trip", "[protocol]") {
    PushAck ack;
    ack.device[0] = 9;
    ack.nonce = randomNonce();
    ack.held = 42;
    ack.accepted = 40;
    ack.duplicates = 2;
    ack.refused.push_back({43, ErrorCode::BadSignature, "record 43's signature does not match", true});
    auto back = decodePushAckBody(encodePushAckBody(ack));
    REQUIRE(back.ok());
    CHECK(back->held == 42);
    CHECK(back->nonce == ack.nonce);
    REQUIRE(back->refused.size() == 1);
    CHECK(back->refused[0].code == ErrorCode::BadSignature);
    CHECK(back->refused[0].permanent);

    TicketUpdates t;
    t.cursor = 5;
    t.updates.push_back({5, "6340105-1-42-" + std::to_string(core::luhnCheckDigit("6340105142")), TicketStatus::Resolved,
                         "ซ่อมไฟเรียบร้อยแล้ว", 1});
    auto tb = decodeTicketUpdatesBody(encodeTicketUpdatesBody(t));
    REQUIRE(tb.ok());
    REQUIRE(tb->updates.size() == 1);
    CHECK(tb->updates[0].reply == "ซ่อมไฟเรียบร้อยแล้ว");

    auto wire = decodeWireError(encodeWireError({ErrorCode::RevokedDevice, "device revoked"}));
    REQUIRE(wire.has_value());
    CHECK(wire->code == ErrorCode::RevokedDevice);
    CHECK_FALSE(decodeWireError("<html>").has_value());
}

TEST_CASE("enrolment codes are forgiving to type", "[protocol]") {
    CHECK(normaliseEnrolmentCode("abcd-efgh-jkmn") == std::optional<std::string>("ABCDEFGHJKMN"));
    CHECK(normaliseEnrolmentCode("0O1Il") == std::optional<std::string>("00111"));
    CHECK_FALSE(normaliseEnrolmentCode("ABCD-EFGH-JKMU").has_value());
    CHECK_FALSE(normaliseEnrolmentCode("").has_value());
}

TEST_CASE("content file names cannot name a path", "[protocol]") {
    CHECK(isValidContentFileName("services.json"));
    CHECK_FALSE(isValidContentFileName("../hub.json"));
    CHECK_FALSE(isValidContentFileName("a\\b.json"));
    CHECK_FALSE(isValidContentFileName(".json"));
    CHECK_FALSE(isValidContentFileName("Services.json"));
    CHECK(isValidContentFileName("surveys/standard-satisfaction.json"));
    CHECK_FALSE(isValidContentFileName("surveys/../x.json"));
    CHECK_FALSE(isValidContentFileName("a/b/c.json"));
    CHECK_FALSE(isValidContentFileName("/x.json"));
}

// [SECTION] Signed requests and the hub's clock

TEST_CASE("a signed request covers its method, target, nonce and time, byte for byte", "[protocol][request]") {
    Nonce nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i)
        nonce[i] = static_cast<std::uint8_t>(i);
    const Bytes message = requestMessage("GET", "/v1/tickets?after=7", nonce, 0x0102030405060708);
    std::string expected = "fangsiang/request/v1";
    expected += '\0';
    expected += "GET";
    expected += '\0';
    expected += "/v1/tickets?after=7";
    expected += '\0';
    expected.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
    expected += "\x08\x07\x06\x05\x04\x03\x02\x01";  // the time, little-endian
    CHECK(std::string(message.begin(), message.end()) == expected);
    // Another time is another message: a signature cannot be moved to a later time.
    CHECK(requestMessage("GET", "/v1/tickets?after=7", nonce, 0x0102030405060709) != message);
}

TEST_CASE("the request time header is digits and nothing else", "[protocol][request]") {
    CHECK(parseRequestTime("1795000000000") == 1'795'000'000'000);
    CHECK(parseRequestTime("0") == 0);
    CHECK(parseRequestTime("999999999999999") == 999'999'999'999'999);
    for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1e9", "0x10", "1795000000000.5", "1000000000000000"})
        CHECK_FALSE(parseRequestTime(bad).has_value());
}

TEST_CASE("stale-request is a 401 that a later request may pass", "[protocol][request]") {
    CHECK(std::string(errorCodeWireName(ErrorCode::StaleRequest)) == "stale-request");
    CHECK(fromWireName("stale-request") == ErrorCode::StaleRequest);
    CHECK(httpStatusOf(ErrorCode::StaleRequest) == 401);
    CHECK_FALSE(isPermanent(ErrorCode::StaleRequest));
}

TEST_CASE("the hub's time in a stale-request refusal is believed only for this request and this hub",
          "[protocol][request]") {
    (void)core::sodiumInit();
    auto hub = core::randomSigningKeyPair();
    auto device = seededIdentity(3);
    const Nonce nonce = randomNonce();
    const std::string body = encodeStaleRequestError({ErrorCode::StaleRequest, "the request is dated 3 h off"},
                                                     device.publicKey(), nonce, test::kTestTimeMs, hub.secretKey);
    // Still an ordinary protocol error for anyone reading only that.
    auto wire = decodeWireError(body);
    REQUIRE(wire.has_value());
    CHECK(wire->code == ErrorCode::StaleRequest);
    CHECK(wire->message == "the request is dated 3 h off");

    CHECK(hubTimeOfRefusal(body, device.publicKey(), nonce, hub.publicKey) == test::kTestTimeMs);
    CHECK_FALSE(hubTimeOfRefusal(body, device.publicKey(), randomNonce(), hub.publicKey).has_value());
    CHECK_FALSE(hubTimeOfRefusal(body, seededIdentity(4).publicKey(), nonce, hub.publicKey).has_value());
    CHECK_FALSE(hubTimeOfRefusal(body, device.publicKey(), nonce, core::randomSigningKeyPair().publicKey).has_value());

    SECTION("a time changed on the way is not believed") {
        std::string forged = body;
        const std::string time = std::to_string(test::kTestTimeMs);
        forged.replace(forged.find(time), time.size(), std::to_string(test::kTestTimeMs + 86'400'000));
        CHECK(decodeWireError(forged).has_value());
        CHECK_FALSE(hubTimeOfRefusal(forged, device.publicKey(), nonce, hub.publicKey).has_value());
    }
    SECTION("nor one without a signature, nor another error's") {
        CHECK_FALSE(hubTimeOfRefusal(encodeWireError({ErrorCode::StaleRequest, "x"}), device.publicKey(), nonce,
                                     hub.publicKey)
                        .has_value());
        const std::string busy = encodeStaleRequestError({ErrorCode::Busy, "x"}, device.publicKey(), nonce,
                                                         test::kTestTimeMs, hub.secretKey);
        CHECK_FALSE(hubTimeOfRefusal(busy, device.publicKey(), nonce, hub.publicKey).has_value());
        CHECK_FALSE(hubTimeOfRefusal("<html>", device.publicKey(), nonce, hub.publicKey).has_value());
    }
}

TEST_CASE("chain heads and store-lost reports round-trip, and a report's proof covers every field", "[protocol][loss]") {
    auto id = seededIdentity(3);
    ChainHeadAnswer head;
    head.device = id.publicKey();
    head.nonce = randomNonce();
    head.held = 9;
    head.headHash[0] = 0xAB;
    head.hubTimeMs = kTestTimeMs;
    auto hb = decodeChainHeadBody(encodeChainHeadBody(head));
    REQUIRE(hb.ok());
    CHECK(hb->held == 9);
    CHECK(hb->headHash == head.headHash);
    CHECK(hb->nonce == head.nonce);

    StoreLostReport report;
    report.device = id.publicKey();
    report.nonce = randomNonce();
    report.held = 9;
    report.headHash = head.headHash;
    report.localHead = 4;
    report.resumeAfter = 209;
    report.proof = id.sign(storeLostMessage(report));
    auto rb = decodeStoreLostReport(encodeStoreLostReport(report));
    REQUIRE(rb.ok());
    CHECK(core::verifyDetached(storeLostMessage(*rb), rb->proof, id.publicKey()));
    // Each field is under the signature: change one and the proof fails.
    for (int field = 0; field < 5; ++field) {
        StoreLostReport changed = *rb;
        switch (field) {
        case 0: changed.nonce[0] ^= 1; break;
        case 1: changed.held += 1; break;
        case 2: changed.headHash[1] ^= 1; break;
        case 3: changed.localHead += 1; break;
        default: changed.resumeAfter += 1; break;
        }
        CHECK_FALSE(core::verifyDetached(storeLostMessage(changed), changed.proof, id.publicKey()));
    }
    // Not a batch or a request signature in disguise: its own domain.
    CHECK_FALSE(core::verifyDetached(requestMessage("POST", "/v1/store-lost", report.nonce, kTestTimeMs), report.proof,
                                     id.publicKey()));

    StoreLostAnswer answer{report.device, report.nonce, 9, head.headHash, 209, kTestTimeMs};
    auto ab = decodeStoreLostAnswerBody(encodeStoreLostAnswerBody(answer));
    REQUIRE(ab.ok());
    CHECK(ab->resumeAfter == 209);

    SECTION("bad reports are refused as malformed or too large") {
        CHECK(decodeStoreLostReport("{}").error().code == ErrorCode::Malformed);
        CHECK(decodeStoreLostReport(R"({"protocol":2})").error().code == ErrorCode::UnsupportedProtocol);
        CHECK(decodeStoreLostReport(std::string(kMaxJsonRequestBytes + 1, ' ')).error().code == ErrorCode::TooLarge);
        StoreLostReport backwards = report;
        backwards.resumeAfter = 3;  // before the hub's head
        CHECK(decodeStoreLostReport(encodeStoreLostReport(backwards)).error().code == ErrorCode::Malformed);
        CHECK_FALSE(decodeChainHeadBody(R"({"protocol":1,"device":"00"})").ok());
    }
}
