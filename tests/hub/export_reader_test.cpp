// USB export files are read from disk one part at a time: the layout is
// checked before anything is stored, a part that fails stops the import, and
// what was kept is told exactly.

#include "hub_test_support.hpp"

#include "hub/export_reader.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;

namespace {

void writeBytes(const std::filesystem::path& file, const core::Bytes& bytes) {
    REQUIRE(core::writeFileAtomically(file, bytes, 0644).ok());
}

// Parts of `perPart` records each from `records`, compressed as the kiosk sends them.
std::vector<core::Bytes> partsOf(const core::DeviceIdentity& id, const std::vector<core::Record>& records,
                                 std::size_t perPart) {
    std::vector<core::Bytes> parts;
    for (std::size_t i = 0; i < records.size(); i += perPart)
        parts.push_back(wireOf(id, bytesOf(records, i, i + perPart)));
    return parts;
}

struct Imported {
    core::Result<ImportSummary> summary;
    std::vector<ImportedPart> parts;
};

Imported importInto(TestHub& hub, const std::filesystem::path& file) {
    std::vector<ImportedPart> parts;
    auto summary = hub.service().importFile(file, [&](const ImportedPart& p) { parts.push_back(p); });
    return {std::move(summary), std::move(parts)};
}

}  // namespace

TEST_CASE("the streaming reader reads what sync::encodeExportFile writes, part for part", "[hub][import]") {
    auto id = seededIdentity(71);
    auto parts = partsOf(id, surveyChain(id, 23), 5);
    TempDir dir;
    writeBytes(dir / "x.fsx", sync::encodeExportFile(parts));
    auto reader = ExportReader::open(dir / "x.fsx");
    REQUIRE(reader.ok());
    CHECK(reader->partCount() == parts.size());
    for (const auto& expected : parts) {
        auto part = reader->next();
        REQUIRE(part.ok());
        REQUIRE(part->has_value());
        CHECK(**part == expected);
    }
    auto end = reader->next();
    REQUIRE(end.ok());
    CHECK_FALSE(end->has_value());
    CHECK(reader->partsRead() == parts.size());

    SECTION("an empty export (no parts) is read as such") {
        writeBytes(dir / "empty.fsx", sync::encodeExportFile({}));
        auto empty = ExportReader::open(dir / "empty.fsx");
        REQUIRE(empty.ok());
        CHECK(empty->partCount() == 0);
        CHECK_FALSE(empty->next()->has_value());
    }
}

TEST_CASE("a file whose layout is wrong is refused before anything from it is stored", "[hub][import]") {
    TestHub hub;
    auto id = seededIdentity(72);
    enrolIdentity(hub, id);
    core::Bytes file = sync::encodeExportFile(partsOf(id, surveyChain(id, 15), 5));
    TempDir dir;
    struct Case {
        const char* name;
        core::Bytes bytes;
        const char* why;
    };
    core::Bytes truncated(file.begin(), file.end() - 10);
    core::Bytes padded = file;
    padded.push_back(0);
    core::Bytes tooMany = file;
    core::storeLittleEndian<std::uint32_t>(tooMany.data() + 4, 100001);
    core::Bytes claimsMore = file;
    core::storeLittleEndian<std::uint32_t>(claimsMore.data() + 4, 4);
    core::Bytes notExport = file;
    notExport[0] = 'X';
    const std::vector<Case> cases = {
        {"cut inside its last part", truncated, "impossible length"},
        {"with bytes after its last part", padded, "1 bytes after its last part"},
        {"claiming more parts than an export has", tooMany, "claims 100001 parts"},
        {"claiming a part it does not hold", claimsMore, "ends inside part 4 of 4"},
        {"not an export", notExport, "not a Fangsiang export"},
        {"empty", {}, "not a Fangsiang export"},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            writeBytes(dir / "bad.fsx", c.bytes);
            auto imported = importInto(hub, dir / "bad.fsx");
            REQUIRE_FALSE(imported.summary.ok());
            CHECK_THAT(imported.summary.error().message, Contains(c.why));
            CHECK(imported.parts.empty());
            CHECK(*hub.storage().recordCount() == 0);
        }
    }
}

TEST_CASE("an import stops at the first part that fails and tells exactly what was kept", "[hub][import]") {
    TestHub hub;
    auto id = seededIdentity(73);
    enrolIdentity(hub, id);
    auto records = surveyChain(id, 15);
    auto parts = partsOf(id, records, 5);
    TempDir dir;
    const auto file = dir / "export.fsx";

    SECTION("all parts") {
        writeBytes(file, sync::encodeExportFile(parts));
        auto imported = importInto(hub, file);
        REQUIRE(imported.summary.ok());
        CHECK(imported.summary->clean());
        CHECK(imported.summary->accepted == 15);
        REQUIRE(imported.parts.size() == 3);
        CHECK(imported.parts[2].ack->held == 15);
        auto again = importInto(hub, file);  // a second time: all held already
        REQUIRE(again.summary.ok());
        CHECK(again.summary->clean());
        CHECK(again.summary->duplicates == 15);
        CHECK(again.summary->accepted == 0);
    }
    SECTION("part 2 refused whole: part 1 kept, part 3 not read") {
        auto raw = sync::decompress(parts[1], sync::kMaxBatchBytes);
        REQUIRE(raw.ok());
        (*raw)[raw->size() - 1] ^= 1;  // the batch's signature
        parts[1] = sync::compress(*raw);
        writeBytes(file, sync::encodeExportFile(parts));
        auto imported = importInto(hub, file);
        REQUIRE(imported.summary.ok());
        CHECK_FALSE(imported.summary->clean());
        CHECK(imported.summary->partsRead == 2);
        CHECK(imported.summary->partsRefused == 1);
        CHECK(imported.summary->stoppedEarly());
        CHECK(imported.summary->accepted == 5);
        REQUIRE(imported.parts.size() == 2);
        CHECK(imported.parts[0].ack->accepted == 5);
        REQUIRE(imported.parts[1].refused.has_value());
        CHECK(imported.parts[1].refused->code == core::ErrorCode::BadSignature);
        CHECK(*hub.storage().sequences(id.publicKey()) == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
    }
    SECTION("a record in part 2 refused: part 2 kept up to it, part 3 not read") {
        // Record 8 is a complaint with no text: no kiosk writes one.
        std::vector<core::Bytes> second = bytesOf(records, 5, 7);
        auto bad = signAnyRecord(id, records[6].asHead(), core::RecordKind::Complaint, R"({"category":"water"})",
                                 test::kTestTimeMs);
        second.push_back(bad.bytes());
        parts[1] = wireOf(id, second);
        writeBytes(file, sync::encodeExportFile(parts));
        auto imported = importInto(hub, file);
        REQUIRE(imported.summary.ok());
        CHECK(imported.summary->partsRead == 2);
        CHECK(imported.summary->refusedRecords == 1);
        CHECK(imported.summary->accepted == 7);
        REQUIRE(imported.parts.size() == 2);
        CHECK(imported.parts[1].ack->held == 7);
        REQUIRE(imported.parts[1].ack->refused.size() == 1);
        CHECK(imported.parts[1].ack->refused[0].sequence == 8);
        CHECK_THAT(imported.parts[1].ack->refused[0].message, Contains("text: is missing"));
        CHECK(*hub.storage().recordCount() == 7);
    }
}
