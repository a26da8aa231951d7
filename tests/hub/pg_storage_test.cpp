// What only the PostgreSQL store has to show, against a real server this
// process starts (tests/support/pg_server.hpp): its schema refuses to change
// what is append-only, migrates an older store and refuses a newer one; its
// Thai search finds what SQLite's trigram index finds; fifty kiosks pushing
// at once keep every chain whole; and the server killed with SIGKILL while a
// kiosk pushes loses nothing acknowledged and stores the retry once.

#include "file_modes.hpp"
#include "hub_test_support.hpp"

#include "sync/sync_client.hpp"

#include <atomic>
#include <mutex>
#include <thread>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Contains;

namespace {

// A service over a store of either backend.
struct Side {
    TempDir dir;
    HubKeys keys;
    std::string url;  // PostgreSQL's; empty for SQLite
    std::unique_ptr<HubStorage> storage;
    std::unique_ptr<HubService> service;

    explicit Side(bool postgres) : keys(mustKeys(dir.path())) {
        if (postgres)
            url = PgServer::instance().freshDatabase();
        auto made = postgres ? createPostgresHubStorage(url) : createSqliteHubStorage(dir / "hub.db");
        if (!made)
            FAIL(made.error().message);
        storage = std::move(*made);
        service = std::make_unique<HubService>(*storage, keys, quietOptions());
    }
    static HubKeys mustKeys(const std::filesystem::path& dir) {
        auto keys = createHubKeys(dir);
        REQUIRE(keys.ok());
        return std::move(*keys);
    }
    void enrol(const core::DeviceIdentity& id) {
        auto code = service->createEnrolmentCode(kOffice, "เทศบาลตำบลบ้านสวน", std::chrono::minutes(10));
        REQUIRE(code.ok());
        auto plain = sync::normaliseEnrolmentCode(code->code);
        sync::EnrolRequest request{*plain, id.publicKey(), id.sign(sync::enrolProofMessage(*plain, id.publicKey())),
                                   "test"};
        REQUIRE(service->handleEnrol(sync::encodeEnrolRequest(request)).status == 200);
    }
    [[nodiscard]] std::string database() const { return databaseOf(url); }
};

// Complaints 1..n of `id` with these texts.
std::vector<core::Bytes> complaints(const core::DeviceIdentity& id, const std::vector<std::string>& texts) {
    std::vector<core::Bytes> out;
    core::ChainHead head;
    for (const auto& text : texts) {
        auto r = complaintRecord(id, head, kOffice, "roads-lights", text);
        head = r.asHead();
        out.push_back(r.bytes());
    }
    return out;
}


}  // namespace

TEST_CASE("a PostgreSQL store keeps records, the audit log and case timelines as they were written",
          "[hub][postgresql][security]") {
    Side side(true);
    const auto id = seededIdentity(41);
    side.enrol(id);
    auto ack = pushOk(*side.service, side.keys.signing.publicKey, wireOf(id, complaints(id, {"ถนนชำรุด"})));
    REQUIRE(ack.held == 1);
    REQUIRE(side.storage->appendAudit(AuditEntry{0, 1, "console", kOffice, "user-add", "somchai", "", "{}", ""}).ok());
    auto& server = PgServer::instance();
    for (const char* statement : {"UPDATE records SET kind = 9", "DELETE FROM records", "TRUNCATE records CASCADE",
                                  "UPDATE audit SET actor = 'x'", "DELETE FROM audit", "TRUNCATE audit",
                                  "UPDATE case_events SET text = 'x'", "DELETE FROM case_events",
                                  "TRUNCATE case_events CASCADE", "UPDATE cases SET text = 'x'", "DELETE FROM cases"}) {
        INFO(statement);
        const auto refused = server.tryPsql(side.database(), statement);
        CHECK(refused.code != 0);
        CHECK_THAT(refused.output, Contains("never"));
    }
    CHECK(server.psql(side.database(), "SELECT count(*) FROM records") == "1\n");
    CHECK(server.psql(side.database(), "SELECT count(*) FROM audit") == "1\n");
    CHECK(server.psql(side.database(), "SELECT text FROM cases") == "ถนนชำรุด\n");
}

TEST_CASE("a PostgreSQL store from an older hub migrates, and a newer one or a database without one is refused",
          "[hub][postgresql][migration]") {
    Side side(true);
    const auto id = seededIdentity(42);
    side.enrol(id);
    REQUIRE(pushOk(*side.service, side.keys.signing.publicKey,
                   wireOf(id, complaints(id, {"น้ำประปาไม่ไหล", "ไฟดับทั้งซอย"})))
                .held == 2);
    const auto surveyor = seededIdentity(45);
    side.enrol(surveyor);
    REQUIRE(pushOk(*side.service, side.keys.signing.publicKey, wireOf(surveyor, bytesOf(surveyChain(surveyor, 5))))
                .held == 5);
    auto& server = PgServer::instance();
    const std::string url = side.url;
    side.service.reset();
    side.storage.reset();

    SECTION("schema 2, before cases: opening makes a case for every ticket, in one transaction") {
        server.psql(side.database(), std::string(kPgBackToVersion6) +
                                     "DROP TABLE open311_requests, open311_keys, survey_responses, survey_stats, "
                                     "survey_counts, survey_hours, "
                                     "survey_cross, term_counts, text_counts, report_targets, case_events, cases, "
                                     "case_policies, reply_templates; "
                                     "DROP FUNCTION fangsiang_case_text_kept; UPDATE fangsiang_hub SET version = 2");
        auto opened = openPostgresHubStorage(url);
        if (!opened)
            FAIL(opened.error().message);
        CHECK(server.psql(side.database(), "SELECT version FROM fangsiang_hub") == "7\n");
        CaseQuery all;
        auto page = (*opened)->listCases(all);
        REQUIRE(page.ok());
        REQUIRE(page->total == 2);
        CHECK(page->cases[0].text == "ไฟดับทั้งซอย");
        auto events = (*opened)->caseEvents(page->cases[0].ticket);
        REQUIRE(events.ok());
        REQUIRE(events->size() == 1);
        CHECK(events->front().kind == "filed");
        CaseQuery search;
        search.text = "ประปา";
        CHECK((*opened)->listCases(search)->total == 1);
    }
    SECTION("schema 3, before the survey aggregates: opening counts the responses stored") {
        CHECK(server.psql(side.database(), "SELECT sum(n) FROM survey_responses") == "5\n");
        const std::string counted = server.psql(side.database(), "SELECT question, value, n FROM survey_counts "
                                                                 "ORDER BY question, value");
        const std::string terms = server.psql(side.database(), "SELECT source, category, month, term, texts "
                                                               "FROM term_counts ORDER BY 1, 2, 3, 4");
        CHECK(server.psql(side.database(), "SELECT sum(texts) FROM text_counts WHERE source = 0") == "2\n");
        server.psql(side.database(), std::string(kPgBackToVersion6) +
                                     "DROP TABLE open311_requests, open311_keys, survey_responses, survey_stats, "
                                     "survey_counts, survey_hours, survey_cross, term_counts, text_counts, "
                                     "report_targets; "
                                     "UPDATE fangsiang_hub SET version = 3");
        auto opened = openPostgresHubStorage(url);
        if (!opened)
            FAIL(opened.error().message);
        CHECK(server.psql(side.database(), "SELECT version FROM fangsiang_hub") == "7\n");
        CHECK(server.psql(side.database(), "SELECT sum(n) FROM survey_responses") == "5\n");
        CHECK(server.psql(side.database(), "SELECT question, value, n FROM survey_counts ORDER BY question, value") ==
              counted);
        // The complaints' terms are counted from the records too.
        CHECK(server.psql(side.database(), "SELECT source, category, month, term, texts FROM term_counts "
                                           "ORDER BY 1, 2, 3, 4") == terms);
    }
    SECTION("schema 5, before Open311: opening adds its tables and keeps every case") {
        server.psql(side.database(), std::string(kPgBackToVersion6) +
                                     "DROP TABLE open311_requests, open311_keys; UPDATE fangsiang_hub SET version = 5");
        auto opened = openPostgresHubStorage(url);
        if (!opened)
            FAIL(opened.error().message);
        CHECK(server.psql(side.database(), "SELECT version FROM fangsiang_hub") == "7\n");
        CHECK(server.psql(side.database(), "SELECT count(*) FROM cases") == "2\n");
        CHECK(server.psql(side.database(), "SELECT count(*) FROM open311_requests") == "0\n");
        // The ranking's rows (version 7) counted from what was held.
        CHECK(server.psql(side.database(), "SELECT sum(filed) FROM case_months") == "2\n");
        CHECK(server.psql(side.database(), "SELECT sum(n) FROM case_open_targets") == "2\n");
        CHECK(server.psql(side.database(), "SELECT sum(n) FROM survey_office_responses") == "5\n");
        CHECK(server.psql(side.database(), "SELECT sum(n) FROM survey_office_counts") ==
              server.psql(side.database(), "SELECT sum(n) FROM survey_counts"));
        auto keys = (*opened)->open311().listKeys();
        REQUIRE(keys.ok());
        CHECK(keys->empty());
    }
    SECTION("a store from a newer hub is refused and left as it was") {
        server.psql(side.database(), "UPDATE fangsiang_hub SET version = 99");
        auto opened = openPostgresHubStorage(url);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == core::ErrorCode::UnknownVersion);
        CHECK_THAT(opened.error().message, Contains("newer hub"));
        CHECK(server.psql(side.database(), "SELECT version FROM fangsiang_hub") == "99\n");
    }
    SECTION("a database without a store is refused, and a store is never made over one") {
        const std::string empty = server.freshDatabase();
        auto opened = openPostgresHubStorage(empty);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == core::ErrorCode::NotFound);
        CHECK_THAT(opened.error().message, Contains("fangsiang-hub init"));
        CHECK(server.psql(databaseOf(empty), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0\n");
        auto again = createPostgresHubStorage(url);
        REQUIRE_FALSE(again.ok());
        CHECK_THAT(again.error().message, Contains("never replaces"));
    }
    SECTION("a password in the URL is never in a message") {
        auto opened = openPostgresHubStorage("postgresql://somchai:s3cret@" + std::string("localhost:1") + "/hub");
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == core::ErrorCode::Busy);
        CHECK_THAT(opened.error().message, !Contains("s3cret"));
        CHECK(redactedDatabaseUrl("host=/tmp password=s3cret dbname=hub").find("s3cret") == std::string::npos);
    }
}

TEST_CASE("Thai case search on PostgreSQL finds what SQLite's trigram index finds", "[hub][postgresql][cases]") {
    const std::vector<std::string> texts = {
        "ไฟส่องสว่างหน้าวัดดับ",  "ถนนชำรุดเป็นหลุมใหญ่",     "น้ำประปาไม่ไหล 3 วันแล้ว",  "ท่อระบายน้ำอุดตันหน้าตลาด",
        "ขยะไม่ได้เก็บ 100% ของซอย", "หลอดไฟ LED เสียหน้าโรงเรียน", "ต้นไม้ล้ม_ขวางทาง",          "ป้าย \"ห้ามจอด\" หาย",
        "เสียงดังจากร้านคาราโอเกะ", "สุนัขจรจัดกัดเด็ก ๆ",        "Street light broken at Soi 5", "ไฟฟ้าดับ\\ไฟฟ้าตก"};
    Side sqlite(false), postgres(true);
    const auto id = seededIdentity(43);
    for (Side* side : {&sqlite, &postgres}) {
        side->enrol(id);
        REQUIRE(pushOk(*side->service, side->keys.signing.publicKey, wireOf(id, complaints(id, texts))).held ==
                texts.size());
    }
    auto tickets = [&](Side& side, const std::string& query) {
        CaseQuery q;
        q.text = query;
        q.limit = 100;
        auto page = side.storage->listCases(q);
        REQUIRE(page.ok());
        std::vector<std::string> out;
        for (const auto& c : page->cases)
            out.push_back(c.ticket);
        CHECK(page->total == out.size());
        return out;
    };
    for (const char* query : {"ไฟ", "ไฟส่อง", "น้ำ", "ำ", "ไม่", "led", "LED", "Led", "100%", "%", "_", "ล้ม_ข",
                              "\"ห้าม", "ชำรุด", "ซอย", "xyz", "ถนน ชำรุด", "ประปา", "soi", "STREET", "ๆ", "\\",
                              "ดับ\\ไฟ", "หน้า", "ดับ", "ไฟฟ้า"}) {
        INFO(query);
        CHECK(tickets(postgres, query) == tickets(sqlite, query));
    }
}

TEST_CASE("the PostgreSQL server killed while a kiosk pushes: 503 while it is down, then every record once",
          "[hub][postgresql][fault]") {
    if (!testingPostgres())
        return;  // registered for the postgresql run only
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    kiosk.addRecords(3000);
    auto& server = PgServer::instance();
    std::atomic<int> failures{0};
    std::atomic<bool> held{false};
    std::thread pusher([&] { held = pushUntilHeld(kiosk.dir(), 3000, 250, 400, failures); });
    // Killed once the first batches are in, with the next on its way.
    auto stored = [&] {
        auto n = hub.storage().recordCount();
        return n.ok() ? *n : 0;
    };
    for (int i = 0; i < 2000 && stored() < 500; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    server.kill();
    const std::uint64_t before = hub.storage().recordCount().ok() ? 1 : 0;
    CHECK(before == 0);  // nothing answers while the server is down
    // While it is down the hub says so: 503, "busy", and the device sends again later.
    const auto other = seededIdentity(44);
    auto answer = hub.service().handlePush(sync::kBatchMediaType, wireOf(other, bytesOf(surveyChain(other, 2))));
    CHECK(answer.status == 503);
    CHECK_THAT(answer.body, Contains("busy"));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    server.start();
    pusher.join();
    CHECK(held);
    CHECK(failures >= 1);  // the push the kill cut off failed, and was sent again
    requireExactlyOnce(hub.storage(), kiosk);
    CHECK(hub.storage().recordCount().value() == 3000);
    CHECK(hub.storage().listCases(CaseQuery{})->total == 300);
    CHECK(hub.storage().conflictCount().value() == 0);
}

TEST_CASE("fangsiang-hub init --db makes a PostgreSQL hub that every later command finds, and never prints a password",
          "[hub][postgresql][cli]") {
    TempDir dir;
    const auto folder = dir / "hub";
    const std::string url = PgServer::instance().freshDatabase();
    auto made = runHub({"--dir", folder.string(), "--db", url, "init"});
    INFO(made.output);
    REQUIRE(made.exitCode == 0);
    CHECK(octal(modeOf(folder / "database.url")) == "0600");
    CHECK(testDatabaseUrl(folder) == url);
    auto code = runHub({"--dir", folder.string(), "enroll", "--office", kOffice, "--name", "เทศบาลตำบลบ้านสวน"});
    INFO(code.output);
    CHECK(code.exitCode == 0);
    auto stats = runHub({"--dir", folder.string(), "stats"});
    INFO(stats.output);
    CHECK(stats.exitCode == 0);
    CHECK_THAT(stats.output, Contains("\"devices\":0"));
    CHECK(PgServer::instance().psql(databaseOf(url), "SELECT count(*) FROM enrolment_codes") == "1\n");

    SECTION("init again is refused, and the store is kept") {
        auto again = runHub({"--dir", folder.string(), "--db", url, "init"});
        CHECK(again.exitCode != 0);
        CHECK_THAT(again.output, Contains("has been set up"));
        CHECK(PgServer::instance().psql(databaseOf(url), "SELECT count(*) FROM enrolment_codes") == "1\n");
    }
    SECTION("a database that does not answer: the password stays out of every message") {
        const auto other = dir / "other";
        auto refused =
            runHub({"--dir", other.string(), "--db", "postgresql://fangsiang:s3cret-word@127.0.0.1:1/hub", "init"});
        CHECK(refused.exitCode != 0);
        CHECK_THAT(refused.output, Contains("not answering") && !Contains("s3cret-word"));
        CHECK_FALSE(std::filesystem::exists(other / kHubSigningKeyFile));
    }
    SECTION("--db takes only a PostgreSQL URL") {
        auto refused = runHub({"--dir", folder.string(), "--db", "/var/lib/hub.db", "stats"});
        CHECK(refused.exitCode != 0);
        CHECK_THAT(refused.output, Contains("PostgreSQL URL"));
    }
}
