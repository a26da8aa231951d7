#include "kiosk/store.hpp"
#include "store_support.hpp"

#include "core/sqlite.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;
namespace fs = std::filesystem;

namespace {


void appendSurveys(Store& store, const DeviceIdentity& id, int count, std::int64_t at = kTestTimeMs) {
    for (int i = 0; i < count; ++i)
        REQUIRE(store.append(id, surveyDraft(i), at + i).ok());
}

// A store in a temporary folder that already holds `count` survey records of
// device 1.
struct StoreWithRecords {
    explicit StoreWithRecords(int count) : store(openStore(dir / "records.db")) { appendSurveys(store, id, count); }
    TempDir dir;
    DeviceIdentity id = seededIdentity(1);
    Store store;
};

}  // namespace

TEST_CASE("records are numbered 1, 2, 3 and survive reopening", "[store]") {
    TempDir dir;
    auto id = seededIdentity(1);
    {
        auto store = openStore(dir / "records.db");
        for (int i = 0; i < 5; ++i) {
            auto record = store.append(id, surveyDraft(i), kTestTimeMs + i);
            REQUIRE(record.ok());
            CHECK(record->sequence() == static_cast<std::uint64_t>(i + 1));
        }
    }
    auto store = openStore(dir / "records.db");
    auto head = store.head();
    REQUIRE(head.ok());
    CHECK(head->sequence == 5);
    auto next = store.append(id, surveyDraft(5), kTestTimeMs + 5);
    REQUIRE(next.ok());
    CHECK(next->sequence() == 6);
    CHECK(next->previousHash() == head->hash);

    auto report = store.verify();
    REQUIRE(report.ok());
    CHECK(report->ok());
    CHECK(report->checked == 6);

    SECTION("the database is in WAL mode with full synchronisation") {
        auto& db = store.database();
        auto mode = db.prepare("PRAGMA journal_mode");
        REQUIRE(mode.ok());
        REQUIRE(*mode->step());
        CHECK(mode->columnText(0) == "wal");
        CHECK(*db.queryInt("PRAGMA synchronous") == 2);  // FULL
        CHECK(*db.queryInt("PRAGMA user_version") == kStoreSchemaVersion);
    }
    SECTION("the file is private to the kiosk's user") {
        struct stat st{};
        REQUIRE(::stat((dir / "records.db").c_str(), &st) == 0);
        CHECK((st.st_mode & 077) == 0);
    }
}

TEST_CASE("the outbox keeps records until the hub acknowledges them", "[store]") {
    StoreWithRecords fixture(10);
    auto& [dir, id, store] = fixture;

    auto outbox = store.outbox(100);
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 10);
    CHECK(outbox->front().sequence() == 1);
    CHECK(outbox->back().sequence() == 10);

    SECTION("in pages") {
        auto page = store.outbox(4, 4);
        REQUIRE(page.ok());
        REQUIRE(page->size() == 4);
        CHECK(page->front().sequence() == 5);
    }
    SECTION("acknowledged records leave the outbox, others stay") {
        REQUIRE(store.markAcknowledged(6, kTestTimeMs + 100).ok());
        auto rest = store.outbox(100);
        REQUIRE(rest.ok());
        REQUIRE(rest->size() == 4);
        CHECK(rest->front().sequence() == 7);
        auto counts = store.counts();
        REQUIRE(counts.ok());
        CHECK(counts->records == 10);
        CHECK(counts->unacknowledged == 4);
        CHECK(counts->acknowledgedUpTo == 6);

        // An older or repeated acknowledgement changes nothing.
        REQUIRE(store.markAcknowledged(3, kTestTimeMs + 200).ok());
        REQUIRE(store.markAcknowledged(6, kTestTimeMs + 200).ok());
        CHECK(store.counts()->acknowledgedUpTo == 6);
    }
    SECTION("an acknowledgement beyond what the device made is refused") {
        auto status = store.markAcknowledged(11, kTestTimeMs + 100);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == ErrorCode::InvalidArgument);
        CHECK(store.outbox(100)->size() == 10);
    }
    SECTION("a quarantined record is set aside with its reason") {
        REQUIRE(store.quarantine(3, "the hub refused it: bad signature", kTestTimeMs).ok());
        auto rest = store.outbox(100);
        REQUIRE(rest.ok());
        CHECK(rest->size() == 9);
        CHECK(store.counts()->quarantined == 1);
        CHECK_FALSE(store.quarantine(42, "no such record", kTestTimeMs).ok());

        // The hub moves past it: the reason stays, and it is never pruned.
        REQUIRE(store.markAcknowledged(10, kTestTimeMs + 100).ok());
        CHECK(store.counts()->quarantined == 1);
        auto pruned = store.pruneAcknowledged(0, kTestTimeMs + 1'000'000);
        REQUIRE(pruned.ok());
        CHECK(*pruned == 2);
        CHECK(store.get(3)->has_value());
        CHECK(store.verify()->ok());
    }
}

TEST_CASE("records are append-only inside the database too", "[store]") {
    StoreWithRecords fixture(3);
    auto& [dir, id, store] = fixture;
    auto& db = store.database();
    CHECK_FALSE(db.exec("UPDATE records SET bytes = x'00' WHERE seq = 2").ok());
    CHECK_FALSE(db.exec("DELETE FROM records WHERE seq = 3").ok());
    CHECK(store.verify()->ok());
}

TEST_CASE("acknowledged records are pruned after the retention period", "[store]") {
    const std::int64_t day = 24LL * 3600 * 1000;
    StoreWithRecords fixture(10);
    auto& [dir, id, store] = fixture;
    REQUIRE(store.markAcknowledged(4, kTestTimeMs).ok());
    REQUIRE(store.markAcknowledged(8, kTestTimeMs + 20 * day).ok());

    SECTION("nothing younger than the retention period goes") {
        auto pruned = store.pruneAcknowledged(30 * day, kTestTimeMs + 29 * day);
        REQUIRE(pruned.ok());
        CHECK(*pruned == 0);
    }
    SECTION("only the old acknowledged prefix goes; the chain goes on") {
        auto pruned = store.pruneAcknowledged(30 * day, kTestTimeMs + 31 * day);
        REQUIRE(pruned.ok());
        CHECK(*pruned == 4);
        CHECK(store.counts()->records == 6);
        auto report = store.verify();
        REQUIRE(report.ok());
        CHECK(report->ok());
        CHECK(report->checked == 6);

        auto next = store.append(id, surveyDraft(11), kTestTimeMs + 32 * day);
        REQUIRE(next.ok());
        CHECK(next->sequence() == 11);
    }
    SECTION("unacknowledged records are never pruned, however old") {
        REQUIRE(store.markAcknowledged(10, kTestTimeMs + 20 * day).ok());
        auto all = store.pruneAcknowledged(0, kTestTimeMs + 400 * day);
        REQUIRE(all.ok());
        CHECK(*all == 10);
        // Empty, yet the chain position is kept.
        auto head = store.head();
        REQUIRE(head.ok());
        CHECK(head->sequence == 10);
        auto next = store.append(id, surveyDraft(11), kTestTimeMs + 401 * day);
        REQUIRE(next.ok());
        CHECK(next->sequence() == 11);
        CHECK(next->previousHash() == head->hash);
        CHECK(store.verify()->ok());
    }
}

TEST_CASE("a store holds one device's records", "[store]") {
    TempDir dir;
    auto store = openStore(dir / "records.db");
    appendSurveys(store, seededIdentity(1), 2);
    auto stranger = store.append(seededIdentity(2), surveyDraft(0), kTestTimeMs);
    REQUIRE_FALSE(stranger.ok());
    CHECK(stranger.error().code == ErrorCode::WrongDevice);
    CHECK(store.head()->sequence == 2);
}

TEST_CASE("bad input changes nothing already stored", "[store]") {
    StoreWithRecords fixture(3);
    auto& [dir, id, store] = fixture;
    const auto before = store.head();
    REQUIRE(before.ok());

    SECTION("an oversized payload") {
        RecordDraft big{RecordKind::Complaint, R"({"text":")" + std::string(kMaxPayloadSize + 1, 'x') + R"("})", {}};
        auto result = store.append(id, big, kTestTimeMs);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::TooLarge);
    }
    SECTION("a batch with one bad draft stores none of it") {
        std::vector<RecordDraft> drafts{surveyDraft(1), surveyDraft(2), RecordDraft{RecordKind::Complaint, "[]", {}}};
        auto result = store.appendBatch(id, drafts, kTestTimeMs);
        REQUIRE_FALSE(result.ok());
    }
    CHECK(*store.head() == *before);
    CHECK(store.verify()->checked == 3);
}

TEST_CASE("a damaged or foreign database file is refused and left untouched", "[store]") {
    TempDir dir;
    const auto path = dir / "records.db";

    SECTION("garbage") {
        std::string junk(8192, '\0');
        for (std::size_t i = 0; i < junk.size(); ++i)
            junk[i] = static_cast<char>((i * 7919) & 0xff);
        REQUIRE(writeFileAtomically(path, asBytes(junk), 0600).ok());
        auto result = Store::open(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::Corrupt);
        CHECK(result.error().message.find(path.string()) != std::string::npos);
        CHECK(readAll(path) == junk);
        CHECK_FALSE(fs::exists(dir / "records.db-wal"));
    }
    SECTION("a store with a damaged page") {
        {
            auto store = openStore(path);
            appendSurveys(store, seededIdentity(1), 200);
        }
        std::string bytes = readAll(path);
        REQUIRE(bytes.size() > 3 * 4096);
        for (std::size_t i = 2 * 4096; i < 2 * 4096 + 600; ++i)
            bytes[i] = static_cast<char>(0xA5);
        REQUIRE(writeFileAtomically(path, asBytes(bytes), 0600).ok());
        auto result = Store::open(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::Corrupt);
        CHECK(result.error().message.find("damaged") != std::string::npos);
        CHECK(readAll(path) == bytes);
    }
    SECTION("another program's SQLite database") {
        {
            auto db = sql::Database::open(path, sql::OpenMode::ReadWriteCreate);
            REQUIRE(db.ok());
            REQUIRE(db->exec("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES('x')").ok());
        }
        const std::string before = readAll(path);
        auto result = Store::open(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("another program") != std::string::npos);
        CHECK(readAll(path) == before);
    }
    SECTION("a store from a newer version of Fangsiang") {
        {
            auto store = openStore(path);
            REQUIRE(store.database().exec("PRAGMA user_version = 99").ok());
        }
        auto result = Store::open(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::UnknownVersion);
        CHECK(result.error().message.find("newer") != std::string::npos);
    }
    SECTION("a missing data folder") {
        auto result = Store::open(dir / "no-such-folder" / "records.db");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::NotFound);
    }
}

TEST_CASE("a store of the previous schema is migrated with every record kept", "[store][migration]") {
    TempDir dir;
    const auto path = dir / "records.db";
    auto id = seededIdentity(1);
    REQUIRE(createStoreAtSchemaVersion(path, 1).ok());

    // Fill the version-1 layout as that version wrote it: records, the
    // device id and the acknowledgement mark in meta.
    {
        auto db = sql::Database::open(path, sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        CHECK(*db->queryInt("PRAGMA user_version") == 1);
        insertRawRecords(*db, id, 8);
        REQUIRE(db->run("INSERT INTO meta(key, value) VALUES('device', ?1), ('acked_up_to', 5)",
                        ByteView(id.publicKey()))
                    .ok());
    }

    auto store = openStore(path);
    CHECK(*store.database().queryInt("PRAGMA user_version") == kStoreSchemaVersion);
    auto counts = store.counts();
    REQUIRE(counts.ok());
    CHECK(counts->records == 8);
    CHECK(counts->acknowledgedUpTo == 5);
    CHECK(counts->unacknowledged == 3);  // acknowledgement times were carried over
    auto report = store.verify();
    REQUIRE(report.ok());
    CHECK(report->ok());
    CHECK(report->checked == 8);
    auto next = store.append(id, surveyDraft(9), kTestTimeMs + 9);
    REQUIRE(next.ok());
    CHECK(next->sequence() == 9);
}

TEST_CASE("the whole-store check names the first bad record", "[store][verify]") {
    StoreWithRecords fixture(10);
    auto& [dir, id, store] = fixture;
    auto& db = store.database();
    // Play an attacker with the file: lift the append-only guard first.
    REQUIRE(db.exec("DROP TRIGGER records_append_only; DROP TRIGGER records_keep_unacknowledged").ok());

    // What verify() names: the first bad record and why it is bad.
    auto firstBad = [&] {
        auto report = store.verify();
        REQUIRE(report.ok());
        REQUIRE_FALSE(report->ok());
        return std::pair{*report->firstBadSequence, report->problem->code};
    };
    using Bad = std::pair<std::uint64_t, ErrorCode>;

    SECTION("altered bytes") {
        REQUIRE(db.exec("UPDATE records SET bytes = substr(bytes, 1, 100) || x'21' || substr(bytes, 102) WHERE seq = 6")
                    .ok());
        CHECK(firstBad() == Bad{6, ErrorCode::BadSignature});
        CHECK(store.verify()->checked == 5);
    }
    SECTION("a deleted record") {
        REQUIRE(db.exec("DELETE FROM records WHERE seq = 4").ok());
        CHECK(firstBad() == Bad{5, ErrorCode::Gap});
    }
    SECTION("a record replaced by another validly signed one") {
        auto prev = store.get(6);
        REQUIRE(prev.ok());
        auto forged = signRecord(surveyDraft(42), (*prev)->asHead(), kTestTimeMs, id);
        REQUIRE(forged.ok());
        const Hash hash = forged->hash();
        REQUIRE(db.run("UPDATE records SET bytes = ?1, hash = ?2, created_at = ?3 WHERE seq = 7",
                       ByteView(forged->bytes()), ByteView(hash), forged->createdAtMs())
                    .ok());
        CHECK(firstBad() == Bad{8, ErrorCode::BrokenChain});
    }
    SECTION("an index column that disagrees with the signed bytes") {
        REQUIRE(db.exec("UPDATE records SET kind = 1 WHERE seq = 2").ok());
        CHECK(firstBad() == Bad{2, ErrorCode::Corrupt});
    }
}

TEST_CASE("sealed personal data never reaches the database file in plain text", "[store][sealed]") {
    TempDir dir;
    auto id = seededIdentity(1);
    auto hub = randomBoxKeyPair();
    const std::string phone = "0898765432";
    const std::string name = "นางสาวทดสอบ ไม่มีจริง";
    auto sealed = sealPersonalData(R"({"name":")" + name + R"(","phone":")" + phone + R"("})", hub.publicKey);
    REQUIRE(sealed.ok());
    {
        auto store = openStore(dir / "records.db");
        auto record = store.append(id, RecordDraft{RecordKind::Complaint, R"({"text":"น้ำประปาไม่ไหล"})", *sealed},
                                   kTestTimeMs);
        REQUIRE(record.ok());
        CHECK(record->hasPersonalData());

        // While open (the record may still sit in the WAL) and after closing.
        for (const char* file : {"records.db", "records.db-wal"}) {
            std::string contents = readAll(dir / file);
            CHECK(contents.find(phone) == std::string::npos);
            CHECK(contents.find(name) == std::string::npos);
        }
        CHECK(readAll(dir / "records.db-wal").find("น้ำประปาไม่ไหล") != std::string::npos);  // the grep works
    }
    std::string contents = readAll(dir / "records.db");
    CHECK(contents.find(phone) == std::string::npos);
    CHECK(contents.find(name) == std::string::npos);

    auto store = openStore(dir / "records.db");
    auto record = store.get(1);
    REQUIRE(record.ok());
    auto opened = openSealed((*record)->sealedPersonalData(), hub);
    REQUIRE(opened.ok());
    CHECK(std::string(opened->begin(), opened->end()).find(phone) != std::string::npos);
}
