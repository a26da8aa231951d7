#include "core/record.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::test;

namespace {

// A chain of `n` survey records from the seed-7 identity.
std::vector<Record> makeChain(const DeviceIdentity& id, int n) {
    std::vector<Record> chain;
    ChainHead head;
    for (int i = 0; i < n; ++i) {
        auto record = signRecord(surveyDraft(i), head, kTestTimeMs + i, id);
        REQUIRE(record.ok());
        head = record->asHead();
        chain.push_back(std::move(*record));
    }
    return chain;
}

// Verifies a received stream in order, as the hub does; returns the first error.
std::optional<Error> verifyStream(const std::vector<Record>& stream, const PublicKey& device) {
    ChainHead head;
    for (const auto& record : stream) {
        auto next = verifyNext(record.bytes(), device, head);
        if (!next)
            return next.error();
        head = next->asHead();
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("Ed25519 and BLAKE2b match published known answers", "[record][crypto]") {
    REQUIRE(sodiumInit().ok());

    SECTION("RFC 8032 test 1: seed, public key, signature of the empty message") {
        auto seedBytes = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        REQUIRE(seedBytes);
        SecretKey<32> seed;
        std::copy(seedBytes->begin(), seedBytes->end(), seed.data());
        auto id = DeviceIdentity::fromSeed(seed);
        CHECK(id.deviceId() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Signature sig = id.sign({});
        CHECK(toHex(sig) ==
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        CHECK(verifyDetached({}, sig, id.publicKey()));
    }

    SECTION("BLAKE2b-256 of the empty string and of \"abc\"") {
        CHECK(toHex(hashBytes({})) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
        CHECK(toHex(hashBytes(asBytes("abc"))) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    }
}

TEST_CASE("a record's bytes are fixed by its content, key and position", "[record]") {
    auto id = seededIdentity(7);
    auto record = signRecord(surveyDraft(1), ChainHead{}, kTestTimeMs, id);
    REQUIRE(record.ok());

    // Known answer for format version 1: any change to the byte layout,
    // signing or hashing shows up here and must come with a new version.
    CHECK(record->bytes().size() == kRecordHeaderSize + record->payload().size() + kSignatureSize);
    CHECK(toHex(record->hash()) == "549125890dae1d88a07edd71d9422838075fa63f06066d6d38d68e391c743eb7");

    auto parsed = Record::parse(record->bytes());
    REQUIRE(parsed.ok());
    CHECK(parsed->sequence() == 1);
    CHECK(parsed->kind() == RecordKind::SurveyResponse);
    CHECK(parsed->createdAtMs() == kTestTimeMs);
    CHECK(parsed->device() == id.publicKey());
    CHECK(parsed->previousHash() == Hash{});
    CHECK(parsed->payload() == surveyDraft(1).payload);
    CHECK_FALSE(parsed->hasPersonalData());
    CHECK(verifySignature(*parsed).ok());
}

TEST_CASE("every single-byte change to a signed record is rejected with a reason", "[record]") {
    auto id = seededIdentity(7);
    auto hub = randomBoxKeyPair();
    auto sealed = sealPersonalData(R"({"phone":"0812345678"})", hub.publicKey);
    REQUIRE(sealed.ok());
    auto record = signRecord(RecordDraft{RecordKind::Complaint, R"({"text":"ถนนชำรุด"})", *sealed}, ChainHead{},
                             kTestTimeMs, id);
    REQUIRE(record.ok());

    const Bytes original = record->bytes();
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < original.size(); ++i) {
        for (std::uint8_t flip : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
            Bytes tampered = original;
            tampered[i] ^= flip;
            auto result = verifyNext(tampered, id.publicKey(), ChainHead{});
            INFO("byte " << i << " xor " << int(flip));
            REQUIRE_FALSE(result.ok());
            const auto code = result.error().code;
            CHECK((code == ErrorCode::Malformed || code == ErrorCode::UnknownVersion ||
                   code == ErrorCode::BadSignature || code == ErrorCode::WrongDevice ||
                   code == ErrorCode::BrokenChain || code == ErrorCode::Duplicate || code == ErrorCode::Gap));
            CHECK_FALSE(result.error().message.empty());
            ++rejected;
        }
    }
    CHECK(rejected == original.size() * 3);

    SECTION("the reason says what is wrong") {
        Bytes badVersion = original;
        badVersion[4] = 2;
        CHECK(Record::parse(badVersion).error().code == ErrorCode::UnknownVersion);
        Bytes badSignature = original;
        badSignature.back() ^= 1;
        CHECK(verifyNext(badSignature, id.publicKey(), ChainHead{}).error().code == ErrorCode::BadSignature);
        Bytes truncated(original.begin(), original.end() - 1);
        CHECK(Record::parse(truncated).error().code == ErrorCode::Malformed);
        Bytes extended = original;
        extended.push_back(0);
        CHECK(Record::parse(extended).error().code == ErrorCode::Malformed);
        CHECK(Record::parse(Bytes{}).error().code == ErrorCode::Malformed);
    }
}

TEST_CASE("the chain reveals deleted, reordered, duplicated and forked records", "[record][chain]") {
    auto id = seededIdentity(7);
    auto chain = makeChain(id, 6);
    REQUIRE_FALSE(verifyStream(chain, id.publicKey()).has_value());

    SECTION("a deleted record is a gap") {
        auto stream = chain;
        stream.erase(stream.begin() + 2);
        auto error = verifyStream(stream, id.publicKey());
        REQUIRE(error);
        CHECK(error->code == ErrorCode::Gap);
        CHECK(error->message.find("record 4 follows record 2") != std::string::npos);
    }
    SECTION("reordered records are a gap") {
        auto stream = chain;
        std::swap(stream[2], stream[3]);
        auto error = verifyStream(stream, id.publicKey());
        REQUIRE(error);
        CHECK(error->code == ErrorCode::Gap);
    }
    SECTION("a repeated record is a duplicate") {
        auto stream = chain;
        stream.insert(stream.begin() + 3, stream[2]);
        auto error = verifyStream(stream, id.publicKey());
        REQUIRE(error);
        CHECK(error->code == ErrorCode::Duplicate);
    }
    SECTION("a second record 4 signed by the same device is a fork") {
        // The device (or a thief with its key) signs a different record 4 on
        // top of record 3, and a different 5 on that: each is validly signed,
        // but the original 5 no longer links.
        auto forked = signRecord(surveyDraft(99), chain[2].asHead(), kTestTimeMs + 99, id);
        REQUIRE(forked.ok());
        std::vector<Record> stream(chain.begin(), chain.begin() + 3);
        stream.push_back(*forked);
        stream.push_back(chain[4]);
        auto error = verifyStream(stream, id.publicKey());
        REQUIRE(error);
        CHECK(error->code == ErrorCode::BrokenChain);
    }
    SECTION("a record from another device is refused") {
        auto other = makeChain(seededIdentity(8), 1);
        auto result = verifyNext(other[0].bytes(), id.publicKey(), ChainHead{});
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::WrongDevice);
    }
}

TEST_CASE("drafts that break the format's rules are refused before signing", "[record]") {
    auto id = seededIdentity(7);
    SECTION("payload over the limit") {
        RecordDraft draft{RecordKind::Complaint, R"({"text":")" + std::string(kMaxPayloadSize, 'a') + R"("})", {}};
        auto result = signRecord(draft, ChainHead{}, kTestTimeMs, id);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::TooLarge);
    }
    SECTION("payload that is not a JSON object") {
        for (const char* payload : {"", "[1,2]", "\"text\"", "{\"a\":", "not json"}) {
            auto result = signRecord(RecordDraft{RecordKind::Complaint, payload, {}}, ChainHead{}, kTestTimeMs, id);
            INFO(payload);
            REQUIRE_FALSE(result.ok());
            CHECK(result.error().code == ErrorCode::InvalidArgument);
        }
    }
    SECTION("invalid UTF-8") {
        auto result = signRecord(RecordDraft{RecordKind::Complaint, "{\"text\":\"\xe0\xb8\"}", {}}, ChainHead{},
                                 kTestTimeMs, id);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::InvalidArgument);
    }
    SECTION("personal data that was not sealed") {
        Bytes plain(20, 'x');
        auto result = signRecord(RecordDraft{RecordKind::Complaint, "{}", plain}, ChainHead{}, kTestTimeMs, id);
        REQUIRE_FALSE(result.ok());
    }
}

TEST_CASE("sealed personal data opens with the hub's key and no other", "[record][sealed]") {
    REQUIRE(sodiumInit().ok());
    auto hub = randomBoxKeyPair();
    auto stranger = randomBoxKeyPair();
    const std::string contact = R"({"name":"สมชาย ใจดี","phone":"0812345678"})";
    auto sealed = sealPersonalData(contact, hub.publicKey);
    REQUIRE(sealed.ok());
    CHECK(sealed->size() == contact.size() + kSealOverhead);
    CHECK(std::string(sealed->begin(), sealed->end()).find("0812345678") == std::string::npos);

    auto opened = openSealed(*sealed, hub);
    REQUIRE(opened.ok());
    CHECK(std::string(opened->begin(), opened->end()) == contact);

    auto refused = openSealed(*sealed, stranger);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Crypto);

    SECTION("a device without the hub's key cannot seal") {
        auto result = sealPersonalData(contact, BoxPublicKey{});
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("enrol") != std::string::npos);
    }
}
