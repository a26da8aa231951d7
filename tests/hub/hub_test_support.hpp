#pragma once
// What the hub's tests share: chains of records made in memory (of any
// payload and time, signed by a seeded device), batches as they travel,
// enrolment straight through the service, pushes and their answers, and the
// hub program run as a child process.

#include "hub_process.hpp"
#include "sync_test_support.hpp"

#include "hub/keys.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fangsiang::test {

// Takes a current SQLite store back to version 8, before the ranking's rows
// (schema 9): what every "as an older hub left it" store drops first.
inline constexpr const char* kBackToVersion8 =
    "DROP TRIGGER case_months_added; DROP TRIGGER case_months_changed; DROP TRIGGER case_months_removed; "
    "DROP TRIGGER survey_office_responses_added; DROP TRIGGER survey_office_responses_changed; "
    "DROP TRIGGER survey_office_responses_removed; DROP TRIGGER survey_office_counts_added; "
    "DROP TRIGGER survey_office_counts_changed; DROP TRIGGER survey_office_counts_removed; "
    "DROP INDEX cases_open_by_target; DROP TABLE case_months; DROP TABLE case_resolve_hours; "
    "DROP TABLE case_open_targets; DROP TABLE survey_office_responses; DROP TABLE survey_office_counts; "
    "PRAGMA user_version = 8; ";
// The same on a PostgreSQL store: back to version 6.
inline constexpr const char* kPgBackToVersion6 =
    "DROP FUNCTION case_months_added, case_months_changed, case_months_removed, survey_office_responses_added, "
    "survey_office_responses_changed, survey_office_responses_removed, survey_office_counts_added, "
    "survey_office_counts_changed, survey_office_counts_removed, fangsiang_month, fangsiang_resolve_bucket CASCADE; "
    "DROP INDEX cases_open_by_target; DROP TABLE case_months, case_resolve_hours, case_open_targets, "
    "survey_office_responses, survey_office_counts; UPDATE fangsiang_hub SET version = 6; ";

// Signs a record after `head` with any creation time, negative included
// (which core::signRecord refuses to make), and any payload: the bytes a
// broken or hostile device could send, correctly signed.
inline core::Bytes signAnyBytes(const core::DeviceIdentity& id, const core::ChainHead& head, core::RecordKind kind,
                                const std::string& payload, std::int64_t createdAtMs, core::ByteView sealed = {}) {
    core::Bytes bytes(core::kRecordHeaderSize + payload.size() + sealed.size() + core::kSignatureSize);
    std::uint8_t* p = bytes.data();
    std::copy(core::kRecordMagic.begin(), core::kRecordMagic.end(), p);
    p[4] = core::kRecordVersion;
    p[5] = static_cast<std::uint8_t>(kind);
    std::copy(id.publicKey().begin(), id.publicKey().end(), p + 8);
    core::storeLittleEndian<std::uint64_t>(p + 40, head.sequence + 1);
    core::storeLittleEndian<std::uint64_t>(p + 48, static_cast<std::uint64_t>(createdAtMs));
    std::copy(head.hash.begin(), head.hash.end(), p + 56);
    core::storeLittleEndian<std::uint32_t>(p + 88, static_cast<std::uint32_t>(payload.size()));
    core::storeLittleEndian<std::uint32_t>(p + 92, static_cast<std::uint32_t>(sealed.size()));
    std::copy(payload.begin(), payload.end(), p + core::kRecordHeaderSize);
    std::copy(sealed.begin(), sealed.end(), p + core::kRecordHeaderSize + payload.size());
    const std::size_t signedSize = bytes.size() - core::kSignatureSize;
    const core::Signature sig = id.sign(core::ByteView(bytes).first(signedSize));
    std::copy(sig.begin(), sig.end(), p + signedSize);
    return bytes;
}

inline core::Record signAnyRecord(const core::DeviceIdentity& id, const core::ChainHead& head, core::RecordKind kind,
                                  const std::string& payload, std::int64_t createdAtMs, core::ByteView sealed = {}) {
    auto record = core::Record::parse(signAnyBytes(id, head, kind, payload, createdAtMs, sealed));
    INFO((record ? std::string() : record.error().message));
    REQUIRE(record.ok());
    return std::move(*record);
}

// Records 1..count of `id`'s chain, survey responses made in memory.
inline std::vector<core::Record> surveyChain(const core::DeviceIdentity& id, int count, int salt = 0) {
    std::vector<core::Record> out;
    core::ChainHead head;
    for (int i = 1; i <= count; ++i) {
        auto r = core::signRecord(test::surveyDraft(i + salt), head, test::kTestTimeMs + i, id);
        REQUIRE(r.ok());
        head = r->asHead();
        out.push_back(std::move(*r));
    }
    return out;
}

inline sync::Batch batchOf(const core::DeviceIdentity& id, const std::vector<core::Bytes>& records,
                           std::vector<std::uint64_t> skipped = {}) {
    sync::Batch batch;
    batch.device = id.publicKey();
    batch.nonce = sync::randomNonce();
    batch.skipped = std::move(skipped);
    batch.records = records;
    return batch;
}

inline core::Bytes wireOf(const core::DeviceIdentity& id, const std::vector<core::Bytes>& records,
                          std::vector<std::uint64_t> skipped = {}) {
    auto bytes = sync::encodeBatch(batchOf(id, records, std::move(skipped)), sync::IdentitySigner(id));
    REQUIRE(bytes.ok());
    return sync::compress(*bytes);
}

inline std::vector<core::Bytes> bytesOf(const std::vector<core::Record>& records, std::size_t from = 0,
                                        std::size_t to = SIZE_MAX) {
    std::vector<core::Bytes> out;
    for (std::size_t i = from; i < std::min(to, records.size()); ++i)
        out.push_back(records[i].bytes());
    return out;
}

// A complaint record after `head`, as a kiosk files it: anonymous unless
// `contact` (JSON) is given, which is then sealed to `hubBox`.
inline core::Record complaintRecord(const core::DeviceIdentity& id, const core::ChainHead& head,
                                    const std::string& office, const std::string& category, const std::string& text,
                                    const std::string& village = "", const std::string& contact = "",
                                    const core::BoxPublicKey* hubBox = nullptr, std::int64_t at = test::kTestTimeMs) {
    nlohmann::json payload = {{"type", "complaint"}, {"office", office},       {"category", category},
                              {"text", text},        {"anonymous", contact.empty()}};
    if (!village.empty())
        payload["village"] = village;
    core::RecordDraft draft{core::RecordKind::Complaint, payload.dump(), {}};
    if (!contact.empty()) {
        REQUIRE(hubBox != nullptr);
        auto sealed = core::sealPersonalData(contact, *hubBox);
        REQUIRE(sealed.ok());
        draft.sealedPersonalData = std::move(*sealed);
    }
    auto record = core::signRecord(draft, head, at, id);
    REQUIRE(record.ok());
    return std::move(*record);
}

// Enrols `id` directly through the service, as the HTTP route would.
inline void enrolIdentity(TestHub& hub, const core::DeviceIdentity& id) {
    auto code = sync::normaliseEnrolmentCode(hub.newCode());
    REQUIRE(code.has_value());
    sync::EnrolRequest request{*code, id.publicKey(), id.sign(sync::enrolProofMessage(*code, id.publicKey())), "test"};
    auto answer = hub.service().handleEnrol(sync::encodeEnrolRequest(request));
    REQUIRE(answer.status == 200);
}

inline sync::PushAck pushOk(hub::HubService& service, const core::PublicKey& hubKey, const core::Bytes& wire) {
    auto answer = service.handlePush(sync::kBatchMediaType, wire);
    INFO(answer.body);
    REQUIRE(answer.status == 200);
    auto body = sync::openEnvelope(answer.body, "push-ack", hubKey);
    REQUIRE(body.ok());
    auto ack = sync::decodePushAckBody(*body);
    REQUIRE(ack.ok());
    return *ack;
}

inline sync::PushAck pushOk(TestHub& hub, const core::Bytes& wire) {
    return pushOk(hub.service(), hub.keys().signing.publicKey, wire);
}

// [SECTION] A hub folder on disk
// Keys and a store as `fangsiang-hub init` leaves them, opened and closed
// around each use, so tests can damage the file in between.

// Opens the keys, store and a service of the hub folder `dir`, runs `use`,
// and closes them all (the last connection folds the WAL back into hub.db).
template <typename Use>
void withHubFolder(const std::filesystem::path& dir, Use&& use) {
    auto keys = hub::loadHubKeys(dir);
    REQUIRE(keys.ok());
    auto storage = openTestStorage(dir);
    if (!storage.ok())
        FAIL(storage.error().message);
    hub::HubService service(**storage, *keys, quietOptions());
    use(service, **storage, *keys);
}

// Enrols `id` in the hub folder `dir` (when it is not yet) and pushes `records` for it.
inline void seedHubFolder(const std::filesystem::path& dir, const core::DeviceIdentity& id,
                          const std::vector<core::Bytes>& records) {
    withHubFolder(dir, [&](hub::HubService& service, hub::HubStorage& storage, const hub::HubKeys& keys) {
        auto found = storage.findDevice(id.publicKey());
        REQUIRE(found.ok());
        if (!found->has_value()) {
            auto code = service.createEnrolmentCode(kOffice, "เทศบาลตำบลบ้านสวน", std::chrono::minutes(10));
            REQUIRE(code.ok());
            auto plain = sync::normaliseEnrolmentCode(code->code);
            sync::EnrolRequest request{*plain, id.publicKey(), id.sign(sync::enrolProofMessage(*plain, id.publicKey())),
                                       "test"};
            REQUIRE(service.handleEnrol(sync::encodeEnrolRequest(request)).status == 200);
        }
        if (!records.empty()) {
            auto ack = pushOk(service, keys.signing.publicKey, wireOf(id, records));
            REQUIRE(ack.refused.empty());
        }
    });
}

class HubDir {
public:
    HubDir() {
        REQUIRE(hub::createHubKeys(m_dir.path()).ok());
        REQUIRE(createTestStorage(m_dir.path()).ok());
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_dir.path(); }
    [[nodiscard]] std::filesystem::path store() const { return m_dir / "hub.db"; }

    template <typename Use>
    void with(Use&& use) {
        withHubFolder(m_dir.path(), std::forward<Use>(use));
    }
    void seed(const core::DeviceIdentity& id, const std::vector<core::Bytes>& records) {
        seedHubFolder(m_dir.path(), id, records);
    }

private:
    TempDir m_dir;
};

// Complaints whose text carries a marker unique to each, findable in the
// store's file: "marker-<salt>-<sequence>".
inline std::vector<core::Record> markedChain(const core::DeviceIdentity& id, int count, int salt = 0) {
    std::vector<core::Record> out;
    core::ChainHead head;
    for (int i = 1; i <= count; ++i) {
        const std::string text = "marker-" + std::to_string(salt) + "-" + std::to_string(i) + " ถนนชำรุด";
        auto r = core::signRecord({core::RecordKind::Complaint, R"({"category":"roads-lights","text":")" + text + "\"}", {}},
                                  head, test::kTestTimeMs + i, id);
        REQUIRE(r.ok());
        head = r->asHead();
        out.push_back(std::move(*r));
    }
    return out;
}

// Flips one byte of `needle`'s first occurrence in `file` (ASCII stays
// ASCII: the page stays a valid page, the record's bytes change).
inline void alterInFile(const std::filesystem::path& file, const std::string& needle) {
    std::string bytes = readAll(file);
    const auto at = bytes.find(needle);
    REQUIRE(at != std::string::npos);
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    REQUIRE(core::writeFileAtomically(file, core::asBytes(bytes), 0600).ok());
}

// [SECTION] Export files of any size
// Survey responses whose answers are random letters (they compress about as
// badly as real text does), made part by part and written as they are made.

class Xorshift {
public:
    explicit Xorshift(std::uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ull + 1) {}
    std::uint64_t next() {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state;
    }

private:
    std::uint64_t m_state;
};

inline std::string bulkySurveyPayload(std::size_t answers, Xorshift& random) {
    std::string payload = R"({"survey":"bulk","version":1,"answers":{)";
    for (std::size_t a = 0; a < answers; ++a) {
        payload += (a ? ",\"q" : "\"q") + std::to_string(a) + "\":\"";
        for (int i = 0; i < 2000; ++i)
            payload.push_back(static_cast<char>('a' + random.next() % 26));
        payload += '"';
    }
    payload += "}}";
    return payload;
}

struct ExportShape {
    std::size_t parts = 3;
    std::size_t recordsPerPart = 5;
    // Survey responses with this many 2 kB random-text answers; or, when
    // sealedBytes is set, complaints carrying that much sealed data
    // (ciphertext: it does not compress, and costs the hub nothing to parse).
    std::size_t answersPerRecord = 1;
    std::size_t sealedBytes = 0;
    int compressionLevel = 1;
};

// Writes an export of `id`'s records 1.. in `shape`, part by part; returns
// the number of records written. Sealed data is sealed to `hubBox`.
inline std::uint64_t writeBulkyExport(const std::filesystem::path& file, const core::DeviceIdentity& id,
                                      const ExportShape& shape, const core::BoxPublicKey& hubBox,
                                      std::uint64_t seed = 1) {
    std::FILE* out = std::fopen(file.c_str(), "wb");
    REQUIRE(out != nullptr);
    auto put = [&](const void* data, std::size_t size) { REQUIRE(std::fwrite(data, 1, size, out) == size); };
    put(sync::kExportMagic.data(), 4);
    std::uint8_t word[4];
    core::storeLittleEndian<std::uint32_t>(word, static_cast<std::uint32_t>(shape.parts));
    put(word, 4);
    Xorshift random(seed);
    core::ChainHead head;
    std::uint64_t made = 0;
    for (std::size_t p = 0; p < shape.parts; ++p) {
        std::vector<core::Bytes> records;
        for (std::size_t r = 0; r < shape.recordsPerPart; ++r) {
            core::RecordDraft draft;
            if (shape.sealedBytes > 0) {
                core::Bytes plain(shape.sealedBytes - core::kSealOverhead);
                for (auto& b : plain)
                    b = static_cast<std::uint8_t>(random.next());
                draft = {core::RecordKind::Complaint,
                         R"({"type":"complaint","office":")" + std::string(kOffice) +
                             R"(","category":"water","text":"น้ำประปาไม่ไหล )" + std::to_string(made) +
                             R"(","anonymous":false})",
                         core::sealTo(plain, hubBox)};
            } else {
                draft = {core::RecordKind::SurveyResponse, bulkySurveyPayload(shape.answersPerRecord, random), {}};
            }
            auto record = core::signRecord(draft, head, test::kTestTimeMs + static_cast<std::int64_t>(made), id);
            REQUIRE(record.ok());
            head = record->asHead();
            records.push_back(record->bytes());
            ++made;
        }
        auto batch = sync::encodeBatch(batchOf(id, records), sync::IdentitySigner(id));
        REQUIRE(batch.ok());
        const core::Bytes part = sync::compress(*batch, shape.compressionLevel);
        core::storeLittleEndian<std::uint32_t>(word, static_cast<std::uint32_t>(part.size()));
        put(word, 4);
        put(part.data(), part.size());
    }
    REQUIRE(std::fclose(out) == 0);
    return made;
}

// [SECTION] The hub program

struct RunResult {
    int exitCode = -1;
    std::string output;     // stdout and stderr together
    long maxRssKiB = 0;     // the child's peak resident memory
};

// Runs fangsiang-hub with `args` to completion (killed after `timeoutSeconds`).
// With `input`, that text is the child's stdin.
inline RunResult runHub(const std::vector<std::string>& args, int timeoutSeconds = 60,
                        const std::optional<std::string>& input = std::nullopt) {
    TempDir logDir;
    const auto log = logDir / "out.txt";
    std::vector<std::string> argv{FANGSIANG_HUB_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::filesystem::path inputFile;
    if (input) {
        inputFile = logDir / "stdin.txt";
        REQUIRE(core::writeFileAtomically(inputFile, core::asBytes(*input), 0600).ok());
    }
    const pid_t pid = spawn(argv, log, timeoutSeconds, inputFile);
    int status = 0;
    struct rusage usage {};
    REQUIRE(::wait4(pid, &status, 0, &usage) == pid);
    RunResult result;
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.output = readAll(log);
    result.maxRssKiB = usage.ru_maxrss;
    return result;
}

}  // namespace fangsiang::test
