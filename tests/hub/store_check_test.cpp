// The hub's store is checked when it is opened and on demand: a damaged,
// emptied, missing or foreign file is refused with what to do and left as it
// was, a record whose bytes changed is found, and only "create" ever makes
// a store. Real SQLite files, damaged on disk between opens.

#include "hub_test_support.hpp"

#include "hub/record_rules.hpp"
#include "hub/store_check.hpp"

#include "core/crypto.hpp"
#include "core/sqlite.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using core::ErrorCode;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kRestore = "restore hub.db from the latest backup";

core::Error openRefused(const std::filesystem::path& store) {
    auto opened = openSqliteHubStorage(store);
    REQUIRE_FALSE(opened.ok());
    return opened.error();
}

// Opens and runs the check the hub runs whenever it opens its store.
core::Status openAndCheck(HubDir& dir) {
    auto keys = loadHubKeys(dir.path());
    REQUIRE(keys.ok());
    auto storage = openSqliteHubStorage(dir.store());
    if (!storage)
        return storage.error();
    return requireSoundStore(**storage, *keys, dir.store().string());
}

StoreCheckReport fullCheck(HubDir& dir) {
    StoreCheckReport out;
    dir.with([&](HubService&, HubStorage& storage, const HubKeys& keys) {
        auto report = checkHubStore(storage, keys, CheckDepth::Full);
        REQUIRE(report.ok());
        out = *report;
    });
    return out;
}

void sql(const std::filesystem::path& store, const std::string& statements) {
    auto db = core::sql::Database::open(store, core::sql::OpenMode::ReadWriteCreate);
    REQUIRE(db.ok());
    auto done = db->exec(statements);
    INFO((done ? std::string() : done.error().message));
    REQUIRE(done.ok());
}

// A version 3 store taken back to version 2, as the previous build made it:
// no officers' tables, no English office names.
// A store as the build before the cases left it.
// Each also drops what later versions added (Open311's tables, version 8),
// after kBackToVersion8.
constexpr const char* kBackToVersion3 =
    "DROP TABLE open311_requests; DROP TABLE open311_keys; "
    "DROP TABLE case_text; DROP TABLE case_events; DROP TABLE cases; DROP TABLE case_policies; "
    "DROP TABLE reply_templates; ALTER TABLE bundles DROP COLUMN office; PRAGMA user_version = 3;";
constexpr const char* kBackToVersion2 =
    "DROP TABLE open311_requests; DROP TABLE open311_keys; "
    "DROP TABLE case_text; DROP TABLE case_events; DROP TABLE cases; DROP TABLE case_policies; "
    "DROP TABLE reply_templates; ALTER TABLE bundles DROP COLUMN office; DROP TABLE audit; "
    "DROP TABLE account_locks; DROP TABLE login_failures; DROP TABLE sessions; "
    "DROP TABLE officers; DROP TABLE units; ALTER TABLE offices DROP COLUMN name_en; PRAGMA user_version = 2;";

core::Hash fileHash(const std::filesystem::path& file) {
    auto bytes = core::readFile(file, 1u << 30);
    REQUIRE(bytes.ok());
    return core::hashBytes(*bytes);
}

}  // namespace

TEST_CASE("only create makes a hub store, and opening never makes or replaces one", "[hub][store]") {
    TempDir dir;
    const auto store = dir / "hub.db";

    SECTION("a missing store is not made on open") {
        auto error = openRefused(store);
        CHECK(error.code == ErrorCode::NotFound);
        CHECK_THAT(error.message, Contains("restore hub.db from the latest backup"));
        CHECK_THAT(error.message, Contains("fangsiang-hub init"));
        CHECK_FALSE(std::filesystem::exists(store));
    }
    SECTION("an empty (0-byte) file is an error, not a new store") {
        REQUIRE(core::writeFileAtomically(store, {}, 0600).ok());
        auto error = openRefused(store);
        CHECK(error.code == ErrorCode::Corrupt);
        CHECK_THAT(error.message, Contains("is empty (0 bytes)"));
        CHECK_THAT(error.message, Contains(kRestore));
        CHECK(std::filesystem::file_size(store) == 0);  // left as it was
    }
    SECTION("create refuses a file that is there, even an empty one") {
        REQUIRE(core::writeFileAtomically(store, {}, 0600).ok());
        CHECK_FALSE(createSqliteHubStorage(store).ok());
        CHECK(std::filesystem::file_size(store) == 0);
    }
    SECTION("create refuses to make a store twice") {
        REQUIRE(createSqliteHubStorage(store).ok());
        const auto before = fileHash(store);
        CHECK_FALSE(createSqliteHubStorage(store).ok());
        CHECK(fileHash(store) == before);
        CHECK(openSqliteHubStorage(store).ok());
    }
}

TEST_CASE("a file that is not this hub's store is refused and left as it was", "[hub][store]") {
    TempDir dir;
    const auto store = dir / "hub.db";
    struct Case {
        const char* name;
        std::function<void()> make;
        ErrorCode code;
        const char* why;
    };
    const std::vector<Case> cases = {
        {"not SQLite at all", [&] { REQUIRE(core::writeFileAtomically(store, core::asBytes("hello, world: not a database at all"), 0600).ok()); },
         ErrorCode::Corrupt, "is not a SQLite database"},
        {"an empty SQLite database", [&] { sql(store, "CREATE TABLE z(x); DROP TABLE z"); },
         ErrorCode::Corrupt, "not a hub store"},
        {"another program's database", [&] { sql(store, "CREATE TABLE t(x); PRAGMA application_id = 7; PRAGMA user_version = 1"); },
         ErrorCode::Corrupt, "another program's database"},
        {"a store from a newer hub", [&] { REQUIRE(createSqliteHubStorage(store).ok()); sql(store, "PRAGMA user_version = 99"); },
         ErrorCode::UnknownVersion, "newer hub"},
        {"a store that lost a table", [&] { REQUIRE(createSqliteHubStorage(store).ok()); sql(store, "DROP TABLE conflicts"); },
         ErrorCode::Corrupt, "lost its table \"conflicts\""},
        {"a store whose records were made changeable", [&] { REQUIRE(createSqliteHubStorage(store).ok()); sql(store, "DROP TRIGGER records_immutable"); },
         ErrorCode::Corrupt, "lost its trigger \"records_immutable\""},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            c.make();
            const auto before = fileHash(store);
            auto error = openRefused(store);
            CHECK(error.code == c.code);
            CHECK_THAT(error.message, Contains(c.why));
            CHECK(fileHash(store) == before);
        }
    }
}

TEST_CASE("a hub store with 200 bytes flipped is refused when opened", "[hub][store][damage]") {
    HubDir dir;
    auto a = seededIdentity(61), b = seededIdentity(62);
    dir.seed(a, bytesOf(markedChain(a, 40, 1)));
    dir.seed(b, bytesOf(markedChain(b, 40, 2)));
    REQUIRE(openAndCheck(dir).ok());

    // 200 bytes flipped at random past the file header, as the review did.
    std::string bytes = readAll(dir.store());
    std::mt19937 random(20240101);
    std::uniform_int_distribution<std::size_t> where(100, bytes.size() - 1);
    for (int i = 0; i < 200; ++i)
        bytes[where(random)] ^= static_cast<char>(1 + random() % 255);
    REQUIRE(core::writeFileAtomically(dir.store(), core::asBytes(bytes), 0600).ok());
    const auto before = fileHash(dir.store());

    auto opened = openAndCheck(dir);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::Corrupt);
    CHECK_THAT(opened.error().message, Contains(kRestore));
    CHECK(fileHash(dir.store()) == before);  // refused, not repaired or rewritten
}

TEST_CASE("a head record whose bytes changed is refused at open, and any other is found by a full check",
          "[hub][store][damage]") {
    HubDir dir;
    auto id = seededIdentity(63);
    dir.seed(id, bytesOf(markedChain(id, 5, 3)));

    SECTION("the head record") {
        alterInFile(dir.store(), "marker-3-5 ");
        auto opened = openAndCheck(dir);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == ErrorCode::Corrupt);
        CHECK_THAT(opened.error().message, Contains("record 5"));
        CHECK_THAT(opened.error().message, Contains(kRestore));
    }
    SECTION("a record inside the chain") {
        alterInFile(dir.store(), "marker-3-2 ");
        CHECK(openAndCheck(dir).ok());  // open checks heads only: cheap whatever the store's size
        auto report = fullCheck(dir);
        REQUIRE(report.problems.size() == 1);
        CHECK_THAT(report.problems[0], Contains("record 2 no longer verifies"));
        CHECK(report.recordsVerified == 4);
    }
    SECTION("a record taken out of the chain, its trigger put back") {
        sql(dir.store(),
            "DROP TRIGGER records_kept; DELETE FROM records WHERE seq = 3; "
            "CREATE TRIGGER records_kept BEFORE DELETE ON records "
            "BEGIN SELECT RAISE(ABORT, 'a record at the hub is never deleted'); END;");
        CHECK(openAndCheck(dir).ok());
        auto report = fullCheck(dir);
        REQUIRE(report.problems.size() == 1);
        CHECK_THAT(report.problems[0], Contains("records 3 to 3 are missing"));
    }
    SECTION("the chain head moved past what is held") {
        sql(dir.store(), "UPDATE devices SET head_seq = 9");
        auto opened = openAndCheck(dir);
        REQUIRE_FALSE(opened.ok());
        CHECK_THAT(opened.error().message, Contains("head record 9 is missing"));
    }
    SECTION("the kind stored beside a record differs from its bytes") {
        sql(dir.store(),
            "DROP TRIGGER records_immutable; UPDATE records SET kind = 2 WHERE seq = 1; "
            "CREATE TRIGGER records_immutable BEFORE UPDATE ON records "
            "BEGIN SELECT RAISE(ABORT, 'a record at the hub is never changed'); END;");
        auto report = fullCheck(dir);
        REQUIRE(report.problems.size() == 1);
        CHECK_THAT(report.problems[0], Contains("record 1: the kind or time stored beside it differ"));
    }
}

TEST_CASE("a full check verifies every record, chain and content version of a sound store", "[hub][store]") {
    HubDir dir;
    auto a = seededIdentity(64), b = seededIdentity(65);
    auto chainA = markedChain(a, 12, 4);
    dir.seed(a, bytesOf(chainA, 0, 5));
    // Records 6 and 7 set aside by the device: the chain goes on past them, on record.
    dir.with([&](HubService& service, HubStorage&, const HubKeys& keys) {
        auto ack = pushOk(service, keys.signing.publicKey, wireOf(a, bytesOf(chainA, 7, 12), {6, 7}));
        REQUIRE(ack.held == 12);
    });
    dir.seed(b, bytesOf(markedChain(b, 7, 5)));
    TempDir content;
    REQUIRE(core::writeFileAtomically(content / "extra.json", core::asBytes(R"({"a":1})"), 0644).ok());
    dir.with([&](HubService& service, HubStorage&, const HubKeys&) {
        REQUIRE(service.publish(content.path()).ok());
        REQUIRE(service.publish(content.path()).ok());
    });
    auto report = fullCheck(dir);
    for (const auto& p : report.problems)
        UNSCOPED_INFO(p);
    CHECK(report.ok());
    CHECK(report.devices == 2);
    CHECK(report.recordsVerified == 10 + 7);
    CHECK(report.bundlesVerified == 2);

    SECTION("a damaged content version is found at open") {
        sql(dir.store(), "UPDATE bundles SET envelope = replace(envelope, 'extra', 'extrb') WHERE version = 2");
        auto opened = openAndCheck(dir);
        REQUIRE_FALSE(opened.ok());
        CHECK_THAT(opened.error().message, Contains("content version 2"));
    }
}

TEST_CASE("a version 1 store is checked, then migrated forward", "[hub][store]") {
    HubDir dir;
    auto id = seededIdentity(66);
    dir.seed(id, bytesOf(markedChain(id, 2, 6)));
    // Back to the first schema, as a hub of the previous build left it.
    sql(dir.store(), std::string(kBackToVersion8) + kBackToVersion2 +
                         "DROP INDEX incidents_by_device; ALTER TABLE tickets DROP COLUMN filed_at; PRAGMA user_version = 1");
    REQUIRE(openAndCheck(dir).ok());
    auto db = core::sql::Database::open(dir.store(), core::sql::OpenMode::ReadOnly);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == 9);
    // Each ticket dated by the rule ingest applies now.
    auto rows = db->prepare("SELECT t.filed_at, r.created_at, r.received_at FROM tickets t "
                            "JOIN records r ON r.device = t.device AND r.seq = t.seq");
    REQUIRE(rows.ok());
    int tickets = 0;
    while (*rows->step()) {
        ++tickets;
        CHECK(rows->columnInt(0) == hubTimeOf(rows->columnInt(1), rows->columnInt(2)));
    }
    CHECK(tickets == 2);
}

TEST_CASE("a version 2 store gains the officers' tables, keeping what it held", "[hub][store][officers]") {
    HubDir dir;
    auto id = seededIdentity(67);
    dir.seed(id, bytesOf(markedChain(id, 3, 7)));
    sql(dir.store(), std::string(kBackToVersion8) + kBackToVersion2);
    SECTION("it opens, is checked and migrated") {
        REQUIRE(openAndCheck(dir).ok());
        auto storage = openSqliteHubStorage(dir.store());
        REQUIRE(storage.ok());
        auto offices = (*storage)->listOffices();
        REQUIRE(offices.ok());
        REQUIRE(offices->size() == 1);
        CHECK(offices->front().code == kOffice);
        CHECK(offices->front().nameEn.empty());
        CHECK(*(*storage)->recordCount() == 3);
        const AuditEntry entry{0, 5, "console", kOffice, "unit-add", "x", "", "{}", ""};
        CHECK((*storage)->addUnit(Unit{kOffice, "works", "กองช่าง", "Public Works"}, entry).ok());
        CHECK((*storage)->listAudit({}).value().size() == 1);
        auto db = core::sql::Database::open(dir.store(), core::sql::OpenMode::ReadOnly);
        REQUIRE(db.ok());
        CHECK(*db->queryInt("PRAGMA user_version") == 9);
    }
    SECTION("a version 3 store that lost its audit log, or the log's triggers, is damaged") {
        sql(dir.store(), "PRAGMA user_version = 3");  // claims 3 without the tables
        auto opened = openAndCheck(dir);
        REQUIRE_FALSE(opened.ok());
        CHECK_THAT(opened.error().message, Contains("has lost its table \"units\""));
    }
}

TEST_CASE("the audit log is append-only in the store itself", "[hub][store][officers][audit]") {
    HubDir dir;
    {
        auto storage = openSqliteHubStorage(dir.store());
        REQUIRE(storage.ok());
        REQUIRE((*storage)->putOffice(Office{kOffice, "เทศบาลตำบลบ้านสวน", "Ban Suan"}).ok());
        REQUIRE((*storage)->appendAudit(AuditEntry{0, 1, "console", kOffice, "office-set", kOffice, "", "{}", ""}).ok());
    }
    for (const char* statement : {"UPDATE audit SET actor = 'someone-else'", "DELETE FROM audit"}) {
        CAPTURE(statement);
        auto db = core::sql::Database::open(dir.store(), core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        auto done = db->exec(statement);
        REQUIRE_FALSE(done.ok());
        CHECK_THAT(done.error().message, Contains("never"));
        CHECK(*db->queryInt("SELECT count(*) FROM audit WHERE actor = 'console'") == 1);
    }
    SECTION("dropping a trigger is damage found at open") {
        sql(dir.store(), "DROP TRIGGER audit_kept");
        auto opened = openAndCheck(dir);
        REQUIRE_FALSE(opened.ok());
        CHECK_THAT(opened.error().message, Contains("audit_kept"));
        CHECK_THAT(opened.error().message, Contains("the audit log"));
    }
}

TEST_CASE("a version 3 store gains the cases: one for every ticket it held, in the ticket's state", "[hub][store][cases]") {
    HubDir dir;
    auto id = seededIdentity(68);
    core::ChainHead head;
    std::vector<core::Bytes> records;
    for (const char* text : {"ไฟดับหน้าวัด", "น้ำไม่ไหล"}) {
        auto r = complaintRecord(id, head, kOffice, "water", text);
        head = r.asHead();
        records.push_back(r.bytes());
    }
    dir.seed(id, records);
    // The previous build answered the second ticket straight away.
    sql(dir.store(), std::string(kBackToVersion8) + kBackToVersion3 +
                         "UPDATE tickets SET status = 'resolved', reply = 'ซ่อมแล้ว' WHERE seq = 2;");
    REQUIRE(openAndCheck(dir).ok());
    auto storage = openSqliteHubStorage(dir.store());
    REQUIRE(storage.ok());
    auto listed = (*storage)->listCases([] {
        CaseQuery q;
        q.officeCode = kOffice;
        return q;
    }());
    REQUIRE(listed.ok());
    REQUIRE(listed->total == 2);
    const CaseRow& answered = listed->cases[0];  // newest first
    CHECK(answered.state == CaseState::Resolved);
    CHECK(answered.reply == "ซ่อมแล้ว");
    CHECK(answered.outcomeAtMs != 0);
    CHECK(listed->cases[1].text == "ไฟดับหน้าวัด");
    CHECK(listed->cases[1].state == CaseState::Received);
    auto events = (*storage)->caseEvents(answered.ticket);
    REQUIRE(events.ok());
    CHECK(events->size() == 2);
    CaseQuery search;
    search.text = "ไม่ไหล";
    CHECK((*storage)->listCases(search)->total == 1);
}
