// A record store that was lost (deleted, emptied, replaced by an old copy)
// in an enrolled data folder: it takes no record until it knows where the
// chain stands, and a recovery resumes the chain past every sequence the
// folder may have used, so no sequence (no ticket number) is given twice.
// Real SQLite files in a temporary folder; the hub's word is given as the
// ChainHead a signed answer carries (the sync tests get it over HTTP).

#include "kiosk/hub_pins.hpp"
#include "store_support.hpp"
#include "kiosk/store.hpp"

#include "core/sqlite.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {


ChainStanding standingOf(Store& store) {
    auto standing = store.standing();
    REQUIRE(standing.ok());
    return *standing;
}

std::vector<Record> appendSurveys(Store& store, const DeviceIdentity& id, int count, std::int64_t at = kTestTimeMs) {
    std::vector<Record> out;
    for (int i = 0; i < count; ++i) {
        auto record = store.append(id, surveyDraft(i), at + i);
        INFO((record.ok() ? std::string() : record.error().describe()));
        REQUIRE(record.ok());
        out.push_back(std::move(*record));
    }
    return out;
}

// A data folder enrolled with a hub (hub.json written), holding a store
// anchored at enrolment, as `fangsiang-kiosk enroll` leaves it.
struct EnrolledFolder {
    TempDir dir;
    DeviceIdentity id = seededIdentity(7);
    fs::path records = dir / "records.db";

    EnrolledFolder() {
        HubPins pins;
        pins.hubUrl = "http://127.0.0.1:1";
        pins.officeCode = "6340105";
        pins.deviceNumber = 1;
        REQUIRE(saveHubPins(dir.path(), pins).ok());
        auto store = openStore(records);
        REQUIRE(store.anchorAtEnrolment().ok());
    }
    void loseStore(bool deleteFile) { loseStoreFile(records, deleteFile); }
};

}  // namespace

TEST_CASE("a store anchored at enrolment starts the chain at 1 and takes records", "[store][loss]") {
    EnrolledFolder folder;
    auto store = openStore(folder.records);
    const auto standing = standingOf(store);
    CHECK(standing.state == ChainState::Anchored);
    CHECK(standing.anchoredBy == "enrolment");
    const auto written = appendSurveys(store, folder.id, 3);
    CHECK(written.front().sequence() == 1);
    // The hub holding nothing yet, or part of the chain, changes nothing.
    for (std::uint64_t held : {0u, 2u, 3u}) {
        ChainHead hub;
        if (held > 0)
            hub = written[held - 1].asHead();
        auto after = store.reconcile(hub, kTestTimeMs);
        REQUIRE(after.ok());
        CHECK(after->state == ChainState::Anchored);
    }
}

TEST_CASE("a store lost in an enrolled folder takes no record until the hub has spoken", "[store][loss]") {
    EnrolledFolder folder;
    std::vector<Record> made;
    {
        auto store = openStore(folder.records);
        made = appendSurveys(store, folder.id, 6);
        REQUIRE(store.markAcknowledged(3, kTestTimeMs).ok());
    }
    const bool deleteFile = GENERATE(false, true);
    INFO((deleteFile ? "records.db deleted" : "records.db emptied"));
    folder.loseStore(deleteFile);

    auto store = openStore(folder.records);
    auto standing = standingOf(store);
    CHECK(standing.state == ChainState::Unanchored);
    CHECK_FALSE(standing.takesRecords());
    // The sequences reserved beside the store outlived it.
    CHECK(standing.reserved >= 6);
    auto refused = store.append(folder.id, surveyDraft(1), kTestTimeMs);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Conflict);
    CHECK(store.counts()->records == 0);

    SECTION("the hub holds records of it: the store is lost") {
        auto lost = store.reconcile(made[2].asHead(), kTestTimeMs);
        REQUIRE(lost.ok());
        CHECK(lost->state == ChainState::Lost);
        CHECK(lost->hubHeld == 3);
        CHECK_FALSE(store.append(folder.id, surveyDraft(1), kTestTimeMs).ok());
        // Opened again (another thread, another process) it is still lost.
        auto again = openStore(folder.records);
        CHECK(standingOf(again).state == ChainState::Lost);
        CHECK(standingOf(again).hubHeld == 3);
    }
    SECTION("the hub holds none, but this folder used sequences: lost too") {
        auto lost = store.reconcile(ChainHead{}, kTestTimeMs);
        REQUIRE(lost.ok());
        CHECK(lost->state == ChainState::Lost);
        CHECK(lost->hubHeld == 0);
    }
}

TEST_CASE("a store deleted before it made a record is anchored when the hub holds none", "[store][loss]") {
    EnrolledFolder folder;
    folder.loseStore(true);
    auto store = openStore(folder.records);
    CHECK(standingOf(store).state == ChainState::Unanchored);
    auto anchored = store.reconcile(ChainHead{}, kTestTimeMs);
    REQUIRE(anchored.ok());
    CHECK(anchored->state == ChainState::Anchored);
    CHECK(anchored->anchoredBy == "hub-empty");
    CHECK(appendSurveys(store, folder.id, 1).front().sequence() == 1);
}

TEST_CASE("a store in a folder that is not enrolled anchors itself at its first record", "[store][loss]") {
    TempDir dir;
    auto id = seededIdentity(2);
    auto store = openStore(dir / "records.db");
    CHECK(standingOf(store).state == ChainState::Anchored);
    CHECK(standingOf(store).anchoredBy.empty());
    CHECK(appendSurveys(store, id, 1).front().sequence() == 1);
    CHECK(standingOf(store).anchoredBy == "unenrolled");
}

TEST_CASE("recovery resumes the chain past every sequence the lost store may have used", "[store][loss]") {
    EnrolledFolder folder;
    std::vector<Record> made;
    {
        auto store = openStore(folder.records);
        made = appendSurveys(store, folder.id, 6);
    }
    folder.loseStore(false);
    auto store = openStore(folder.records);
    const ChainHead hub = made[2].asHead();  // the hub got 1-3; 4-6 were lost unsent
    REQUIRE(store.reconcile(hub, kTestTimeMs).ok());

    auto resume = store.resumePoint(hub);
    REQUIRE(resume.ok());
    const std::uint64_t reserved = standingOf(store).reserved;
    CHECK(reserved >= 6);
    CHECK(*resume == reserved + kRecoveryMargin);
    REQUIRE(store.recover(hub, *resume, kTestTimeMs + 10).ok());

    const auto standing = standingOf(store);
    CHECK(standing.state == ChainState::Anchored);
    CHECK(standing.anchoredBy == "recovered");
    auto head = store.head();
    REQUIRE(head.ok());
    CHECK(head->sequence == *resume);
    CHECK(store.counts()->acknowledgedUpTo == 3);

    const auto next = appendSurveys(store, folder.id, 3, kTestTimeMs + 20);
    std::set<std::uint64_t> before;
    for (const auto& r : made)
        before.insert(r.sequence());
    for (const auto& r : next)
        CHECK_FALSE(before.count(r.sequence()));
    CHECK(next.front().sequence() == *resume + 1);
    // It links to the hub's head: the hub takes it as the chain's next record
    // once told the sequences between were set aside.
    CHECK(next.front().previousHash() == hub.hash);

    auto report = store.verify();
    REQUIRE(report.ok());
    CHECK(report->ok());
    CHECK(report->checked == 3);
    auto outbox = store.outbox(10, 3);
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 3);
    CHECK(outbox->front().sequence() == *resume + 1);

    // What a ticket of the gap can be told: nothing, not "received".
    CHECK(*store.lostInRecovery(5));
    CHECK(*store.lostInRecovery(*resume));
    CHECK_FALSE(*store.lostInRecovery(3));
    CHECK_FALSE(*store.lostInRecovery(*resume + 1));

    auto recoveries = store.recoveries();
    REQUIRE(recoveries.ok());
    REQUIRE(recoveries->size() == 1);
    CHECK(recoveries->front().hub.sequence == 3);
    CHECK(recoveries->front().localHead == 0);

    // Recovered once; a second recovery has nothing to do.
    CHECK_FALSE(store.recover(hub, *resume + 5, kTestTimeMs).ok());
}

TEST_CASE("a store behind the hub (an old copy restored) is lost, not jammed, and recovers", "[store][loss]") {
    EnrolledFolder folder;
    std::vector<Record> made;
    {
        auto store = openStore(folder.records);
        made = appendSurveys(store, folder.id, 9);
    }
    // The copy held records 1-5 only, two of them unacknowledged.
    const fs::path copy = folder.dir / "copy.db";
    {
        auto db = sql::Database::open(folder.records, sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
    }
    {
        auto old = sql::Database::open(copy, sql::OpenMode::ReadWrite);
        REQUIRE(old.ok());
        REQUIRE(old->exec("DROP TRIGGER records_keep_unacknowledged").ok());
        REQUIRE(old->exec("DELETE FROM records WHERE seq > 5").ok());
        REQUIRE(old->exec("UPDATE records SET acked_at = 1 WHERE seq <= 3").ok());
        REQUIRE(old->exec("INSERT INTO meta(key, value) VALUES('acked_up_to', 3)").ok());
        REQUIRE(old->exec(R"(CREATE TRIGGER records_keep_unacknowledged BEFORE DELETE ON records WHEN OLD.acked_at IS NULL
                            BEGIN SELECT RAISE(ABORT, 'an unacknowledged record cannot be deleted'); END)")
                    .ok());
    }
    folder.loseStore(true);
    fs::rename(copy, folder.records);

    auto store = openStore(folder.records);
    CHECK(standingOf(store).state == ChainState::Anchored);  // it cannot know on its own
    const ChainHead hub = made[8].asHead();
    auto lost = store.reconcile(hub, kTestTimeMs);
    REQUIRE(lost.ok());
    CHECK(lost->state == ChainState::Lost);
    CHECK(lost->hubHeld == 9);
    CHECK(lost->local.sequence == 5);
    CHECK_FALSE(store.append(folder.id, surveyDraft(1), kTestTimeMs).ok());

    auto resume = store.resumePoint(hub);
    REQUIRE(resume.ok());
    REQUIRE(store.recover(hub, *resume, kTestTimeMs).ok());
    // The hub holds 1-9: the copy's own 4 and 5 are acknowledged and kept.
    const auto counts = store.counts();
    REQUIRE(counts.ok());
    CHECK(counts->acknowledgedUpTo == 9);
    CHECK(counts->unacknowledged == 0);
    CHECK(counts->records == 5);
    const auto next = appendSurveys(store, folder.id, 2);
    CHECK(next.front().sequence() == *resume + 1);
    CHECK(next.front().sequence() > 9);
    CHECK(next.front().previousHash() == hub.hash);
    auto report = store.verify();
    REQUIRE(report.ok());
    INFO((report->ok() ? std::string() : report->problem->describe()));
    CHECK(report->ok());
    CHECK(report->checked == 7);
    // A later word from the hub that it holds the new records changes nothing.
    auto after = store.reconcile(next.back().asHead(), kTestTimeMs);
    REQUIRE(after.ok());
    CHECK(after->state == ChainState::Anchored);
    REQUIRE(store.markAcknowledged(next.back().sequence(), kTestTimeMs + 10'000).ok());

    SECTION("and pruning everything after the recovery keeps the chain going") {
        auto pruned = store.pruneAcknowledged(0, kTestTimeMs + 10'001);
        REQUIRE(pruned.ok());
        CHECK(*pruned == 7);
        CHECK(store.head()->sequence == next.back().sequence());
        const auto more = appendSurveys(store, folder.id, 1);
        CHECK(more.front().sequence() == next.back().sequence() + 1);
        CHECK(store.verify()->ok());
    }
    SECTION("and pruning only the records before the gap keeps it walkable") {
        auto pruned = store.pruneAcknowledged(5'000, kTestTimeMs + 10'001);
        REQUIRE(pruned.ok());
        CHECK(*pruned == 5);
        auto walked = store.verify();
        REQUIRE(walked.ok());
        CHECK(walked->ok());
        CHECK(walked->checked == 2);
    }
}

TEST_CASE("a fork at the store's head is a lost store too", "[store][loss]") {
    EnrolledFolder folder;
    auto store = openStore(folder.records);
    const auto made = appendSurveys(store, folder.id, 3);
    ChainHead other = made[2].asHead();
    other.hash[0] ^= 1;  // the hub holds another record 3
    auto lost = store.reconcile(other, kTestTimeMs);
    REQUIRE(lost.ok());
    CHECK(lost->state == ChainState::Lost);
    // The hub's word changes back (its own 3 was this one after all): no longer lost.
    auto again = store.reconcile(made[2].asHead(), kTestTimeMs);
    REQUIRE(again.ok());
    CHECK(again->state == ChainState::Anchored);
}

TEST_CASE("stores made before anchoring count as anchored when they hold records", "[store][loss][migration]") {
    EnrolledFolder folder;
    folder.loseStore(true);
    const auto& id = folder.id;
    REQUIRE(createStoreAtSchemaVersion(folder.records, 2).ok());
    const bool withRecords = GENERATE(true, false);
    if (withRecords) {
        auto db = sql::Database::open(folder.records, sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        insertRawRecords(*db, id, 4);
        REQUIRE(db->run("INSERT INTO meta(key, value) VALUES('device', ?1)", ByteView(id.publicKey())).ok());
    }
    auto store = openStore(folder.records);
    CHECK(*store.database().queryInt("PRAGMA user_version") == kStoreSchemaVersion);
    const auto standing = standingOf(store);
    if (withRecords) {
        CHECK(standing.state == ChainState::Anchored);
        CHECK(standing.anchoredBy == "migration");
        CHECK(appendSurveys(store, id, 1).front().sequence() == 5);
    } else {
        // An empty store in an enrolled folder may be one that was lost.
        CHECK(standing.state == ChainState::Unanchored);
    }
}

TEST_CASE("a refused append says why in words", "[store][loss]") {
    EnrolledFolder folder;
    folder.loseStore(true);
    auto store = openStore(folder.records);
    auto refused = store.append(folder.id, surveyDraft(1), kTestTimeMs);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Contains("new in an enrolled data folder"));
    REQUIRE(store.reconcile(ChainHead{4, Hash{}}, kTestTimeMs).ok());
    refused = store.append(folder.id, surveyDraft(1), kTestTimeMs);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Contains("the hub holds 4 records"));
    CHECK_THAT(refused.error().message, Contains("fangsiang-kiosk recover"));
}
