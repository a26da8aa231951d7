// End to end over real HTTP on loopback: kiosk stores -> client -> hub, and
// content and ticket status back down; USB export mixed with online sync;
// the background worker.

#include "case_moves.hpp"
#include "sync_test_support.hpp"

#include "sync/sync_worker.hpp"

#include "core/announcements.hpp"
#include "core/catalogue.hpp"
#include "core/files.hpp"
#include "core/survey.hpp"
#include "core/ticket.hpp"

#include <cstdlib>
#include <set>

using namespace fangsiang;
using namespace fangsiang::sync;
using namespace fangsiang::hub;
using namespace fangsiang::test;

namespace {

void writeText(const std::filesystem::path& path, const std::string& text) {
    REQUIRE(core::writeFileAtomically(path, core::asBytes(text), 0644).ok());
}

PushReport pushAll(const TestKiosk& kiosk, std::size_t batch = 100) {
    ClientOptions options;
    options.batchRecords = batch;
    auto client = SyncClient::open(kiosk.dir(), options);
    REQUIRE(client.ok());
    auto report = client->push();
    if (!report.ok())
        FAIL(report.error().message);
    return *report;
}

void importFile(TestHub& hub, const std::filesystem::path& file) {
    auto bytes = core::readFile(file, kMaxExportFileBytes);
    REQUIRE(bytes.ok());
    auto parts = decodeExportFile(*bytes);
    REQUIRE(parts.ok());
    for (const auto& part : *parts)
        REQUIRE(hub.service().ingestWire(part, "import").ok());
}

}  // namespace

TEST_CASE("every record of a store reaches the hub exactly once and verifies", "[sync][e2e]") {
    TestHub hub;
    TestKiosk a, b;
    a.enrolWith(hub, hub.url());
    b.enrolWith(hub, hub.url());
    a.addRecords(500);
    b.addRecords(120);

    PushReport ra = pushAll(a, 64);
    CHECK(ra.accepted == 500);
    CHECK(ra.held == 500);
    CHECK(ra.batches == 8);
    PushReport rb = pushAll(b);
    CHECK(rb.accepted == 120);
    requireExactlyOnce(hub.storage(), a);
    requireExactlyOnce(hub.storage(), b);
    CHECK(a.counts().unacknowledged == 0);
    CHECK(a.counts().acknowledgedUpTo == 500);

    SECTION("and pushing again sends nothing") {
        CHECK(pushAll(a).sent == 0);
    }
    SECTION("new records follow without duplicates") {
        a.addRecords(7);
        PushReport more = pushAll(a);
        CHECK(more.sent == 7);
        CHECK(more.accepted == 7);
        requireExactlyOnce(hub.storage(), a);
    }
}

TEST_CASE("content comes down only when it changed and only when signed by the hub", "[sync][content]") {
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    TempDir content;
    writeText(content / "services.json", R"({"services":[{"id":"civil-registration","name":"งานทะเบียนราษฎร"}]})");
    writeText(content / "announcements.json", R"({"format":1,"announcements":[]})");
    auto v1 = hub.service().publish(content.path());
    REQUIRE(v1.ok());
    CHECK(*v1 == 1);

    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    auto first = client->pull();
    REQUIRE(first.ok());
    CHECK(first->contentChanged);
    CHECK(first->contentVersion == 1);
    auto loaded = loadContent(kiosk.dir(), hub.keys().signing.publicKey);
    REQUIRE(loaded.ok());
    REQUIRE(loaded->files.size() == 2);
    CHECK(loaded->files[1].second.find("งานทะเบียนราษฎร") != std::string::npos);

    SECTION("an unchanged version is not downloaded again") {
        auto before = client->http().bytesReceived();
        auto again = client->pull();
        REQUIRE(again.ok());
        CHECK_FALSE(again->contentChanged);
        CHECK(client->http().bytesReceived() - before < 2000);
    }
    SECTION("a new version replaces the old") {
        writeText(content / "services.json", R"({"services":[]})");
        REQUIRE(hub.service().publish(content.path()).ok());
        auto next = client->pull();
        REQUIRE(next.ok());
        CHECK(next->contentChanged);
        CHECK(next->contentVersion == 2);
    }
    SECTION("a bundle with a bad signature is refused and the old content stays") {
        auto impostor = core::randomSigningKeyPair();
        ContentBundle forged{2, test::kTestTimeMs, {{"services.json", R"({"services":["forged"]})"}}};
        REQUIRE(hub.storage().putBundle(2, "", signEnvelope("content", encodeContentBody(forged), impostor.secretKey),
                                        test::kTestTimeMs)
                    .ok());
        auto refused = client->pull();
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("not signed by the hub") != std::string::npos);
        auto kept = loadContent(kiosk.dir(), hub.keys().signing.publicKey);
        REQUIRE(kept.ok());
        CHECK(kept->version == 1);
    }
}

TEST_CASE("ticket status comes down signed and shows at the kiosk", "[sync][tickets]") {
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    kiosk.addRecords(20);  // records 10 and 20 are complaints
    pushAll(kiosk);
    auto pins = kiosk::loadHubPins(kiosk.dir());
    REQUIRE(pins.ok());
    const std::string ticket = core::Ticket{kOffice, pins->deviceNumber, 10}.text();

    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    auto pulled = client->pull();
    REQUIRE(pulled.ok());
    CHECK(pulled->ticketUpdates == 2);
    auto status = lookupTicket(kiosk.dir(), ticket);
    REQUIRE(status.ok());
    REQUIRE(status->has_value());
    CHECK((*status)->status == TicketStatus::Received);

    const std::size_t moves = moveCase(hub.storage(), ticket, TicketStatus::Resolved, "เปลี่ยนหลอดไฟแล้ว ขอบคุณที่แจ้ง");
    pulled = client->pull();
    REQUIRE(pulled.ok());
    CHECK(pulled->ticketUpdates == moves);
    status = lookupTicket(kiosk.dir(), ticket);
    REQUIRE(status.ok());
    CHECK((*status)->status == TicketStatus::Resolved);
    CHECK((*status)->reply == "เปลี่ยนหลอดไฟแล้ว ขอบคุณที่แจ้ง");

    SECTION("a ticket of another office's numbering is unknown here") {
        auto none = lookupTicket(kiosk.dir(), core::Ticket{"1234567", 1, 10}.text());
        REQUIRE(none.ok());
        CHECK_FALSE(none->has_value());
    }
}

TEST_CASE("USB export and online sync mixed never duplicate or lose a record", "[sync][usb]") {
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    TempDir usb;

    SECTION("online first, then the export of what is left, then online again") {
        kiosk.addRecords(40);
        pushAll(kiosk);
        kiosk.addRecords(60);
        auto exported = exportOutbox(kiosk.dir(), usb.path());
        REQUIRE(exported.ok());
        CHECK(exported->firstSequence == 41);
        CHECK(exported->lastSequence == 100);
        importFile(hub, exported->file);
        CHECK(kiosk.counts().unacknowledged == 60);  // a file is not an acknowledgement
        PushReport online = pushAll(kiosk);
        CHECK(online.accepted == 0);
        CHECK(online.duplicates == 60);
        requireExactlyOnce(hub.storage(), kiosk);
        CHECK(kiosk.counts().unacknowledged == 0);
    }
    SECTION("an export, then online sync of part, then the import") {
        kiosk.addRecords(50);
        auto exported = exportOutbox(kiosk.dir(), usb.path());
        REQUIRE(exported.ok());
        pushAll(kiosk);
        kiosk.addRecords(10);
        importFile(hub, exported->file);  // all 50 held already: duplicates
        pushAll(kiosk);
        requireExactlyOnce(hub.storage(), kiosk);
    }
    SECTION("an altered export file is refused whole") {
        kiosk.addRecords(5);
        auto exported = exportOutbox(kiosk.dir(), usb.path());
        REQUIRE(exported.ok());
        auto bytes = core::readFile(exported->file, 1 << 20);
        REQUIRE(bytes.ok());
        auto parts = decodeExportFile(*bytes);
        REQUIRE(parts.ok());
        auto raw = decompress((*parts)[0], kMaxBatchBytes);
        REQUIRE(raw.ok());
        (*raw)[200] ^= 0x01;  // inside a record
        auto result = hub.service().ingestWire(compress(*raw), "import");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == core::ErrorCode::BadSignature);
        auto held = hub.storage().recordCount();
        REQUIRE(held.ok());
        CHECK(*held == 0);
    }
}

TEST_CASE("the background worker drains the outbox and reports its state in plain words", "[sync][worker]") {
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    kiosk.addRecords(150);

    WorkerOptions options;
    options.interval = std::chrono::milliseconds(100);
    options.backoffBase = std::chrono::milliseconds(50);
    options.backoffCap = std::chrono::milliseconds(200);
    options.client.batchRecords = 50;
    options.client.http.connectTimeoutMs = 2000;
    SyncWorker worker(kiosk.dir(), options);
    worker.start();
    REQUIRE(worker.waitUntilDrained(std::chrono::seconds(60)));
    SyncState state = worker.state();
    CHECK(state.enrolled);
    CHECK(state.queued == 0);
    CHECK(state.acknowledgedUpTo == 150);
    CHECK(state.lastSuccessMs > 0);
    CHECK(state.lastError.empty());

    // The hub goes away: the worker keeps trying, says why, loses nothing.
    hub.stopServer();
    kiosk.addRecords(30);
    worker.nudge();
    // Its first failures may come before the 30 records are in (a pull of
    // content fails as well as a push): wait for a failure that counts them.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto settled = [&] {
        const SyncState now = worker.state();
        return now.consecutiveFailures >= 2 && now.queued == 30;
    };
    while (!settled() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    state = worker.state();
    CHECK(state.consecutiveFailures >= 2);
    CHECK(state.queued == 30);
    CHECK(state.lastError.find("could not be reached") != std::string::npos);
    worker.stop();

    // The hub comes back on another port; a fresh worker with the same pins
    // would fail, so re-pin the address as an admin would and drain.
    hub.startServer();
    auto pins = kiosk::loadHubPins(kiosk.dir());
    REQUIRE(pins.ok());
    pins->hubUrl = hub.url();
    REQUIRE(kiosk::saveHubPins(kiosk.dir(), *pins).ok());
    SyncWorker again(kiosk.dir(), options);
    again.start();
    REQUIRE(again.waitUntilDrained(std::chrono::seconds(60)));
    again.stop();
    requireExactlyOnce(hub.storage(), kiosk);
}

TEST_CASE("backoff grows exponentially with jitter up to the cap", "[sync][worker]") {
    std::mt19937_64 random(7);
    using ms = std::chrono::milliseconds;
    for (int i = 0; i < 200; ++i) {
        auto d1 = backoffDelay(1, ms(1000), ms(60000), random);
        CHECK(d1 == ms(1000));
        auto d4 = backoffDelay(4, ms(1000), ms(60000), random);
        CHECK(d4 >= ms(1000));
        CHECK(d4 <= ms(8000));
        auto d30 = backoffDelay(30, ms(1000), ms(60000), random);
        CHECK(d30 <= ms(60000));
    }
    std::set<long long> seen;
    for (int i = 0; i < 50; ++i)
        seen.insert(backoffDelay(10, ms(1000), ms(60000), random).count());
    CHECK(seen.size() > 10);  // jitter: retries of many kiosks do not line up
}

TEST_CASE("the demo office's content publishes, arrives and parses at the kiosk", "[sync][content]") {
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    auto version = hub.service().publish(FANGSIANG_ASSETS_DIR "/content");
    if (!version.ok())
        FAIL(version.error().message);
    auto client = SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    REQUIRE(client->pull().ok());
    auto content = loadContent(kiosk.dir(), hub.keys().signing.publicKey);
    REQUIRE(content.ok());
    bool sawCatalogue = false, sawSurvey = false, sawAnnouncements = false;
    for (const auto& [name, text] : content->files) {
        if (name == "catalogue.json") {
            sawCatalogue = core::Catalogue::parse(text, name).ok();
        } else if (name.rfind("surveys/", 0) == 0) {
            sawSurvey = core::SurveyDefinition::parse(text, name).ok();
        } else if (name == "announcements.json") {
            sawAnnouncements = core::Announcements::parse(text, name).ok();
        }
    }
    CHECK(sawCatalogue);
    CHECK(sawSurvey);
    CHECK(sawAnnouncements);

    SECTION("a catalogue the kiosk would refuse is never published") {
        TempDir broken;
        writeText(broken / "catalogue.json", R"({"format":1,"services":"none"})");
        auto refused = hub.service().publish(broken.path());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("catalogue.json") != std::string::npos);
        auto latest = hub.storage().latestBundleVersion();
        REQUIRE(latest.ok());
        CHECK(*latest == *version);
    }
    SECTION("nor are announcements the kiosk would refuse") {
        TempDir broken;
        std::filesystem::copy(FANGSIANG_ASSETS_DIR "/content", broken.path(), std::filesystem::copy_options::recursive);
        writeText(broken / "announcements.json",
                  R"({"format":1,"announcements":[{"id":"x","title":{"th":"ก","en":"a"},"body":{"th":"ข","en":"b"},"until":"2027-02-30"}]})");
        auto refused = hub.service().publish(broken.path());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("announcements.json") != std::string::npos);
        CHECK(refused.error().message.find("until") != std::string::npos);
        auto latest = hub.storage().latestBundleVersion();
        REQUIRE(latest.ok());
        CHECK(*latest == *version);
    }
}

TEST_CASE("over TLS: enrolment and push with the hub's certificate, refused without it", "[sync][tls]") {
    TempDir tls;
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                                "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                                (tls / "key.pem").string() + "' -out '" + (tls / "cert.pem").string() +
                                "' >/dev/null 2>&1";
    REQUIRE(std::system(command.c_str()) == 0);  // the openssl package (platform/debian-packages.txt)

    TestHub hub;
    HubServerOptions options;
    options.certFile = (tls / "cert.pem").string();
    options.keyFile = (tls / "key.pem").string();
    HubServer server(hub.service(), options);
    REQUIRE(server.start().ok());
    REQUIRE(server.url().rfind("https://127.0.0.1:", 0) == 0);

    TestKiosk kiosk;
    SECTION("a kiosk that does not trust the certificate does not enrol") {
        auto refused = enrol(kiosk.dir(), server.url(), hub.newCode());
        REQUIRE_FALSE(refused.ok());
        CHECK_FALSE(std::filesystem::exists(kiosk.dir() / kiosk::kHubPinsFile));
    }
    SECTION("with the certificate it enrols and pushes") {
        EnrolOptions enrolOptions;
        enrolOptions.http.caFile = (tls / "cert.pem").string();
        REQUIRE(enrol(kiosk.dir(), server.url(), hub.newCode(), enrolOptions).ok());
        kiosk.addRecords(30);
        ClientOptions clientOptions;
        clientOptions.http.caFile = enrolOptions.http.caFile;
        auto client = SyncClient::open(kiosk.dir(), clientOptions);
        REQUIRE(client.ok());
        auto pushed = client->push();
        if (!pushed.ok())
            FAIL(pushed.error().message);
        requireExactlyOnce(hub.storage(), kiosk);
    }
}

TEST_CASE("records the hub can never accept are set aside with their reason, and the chain goes on",
          "[sync][quarantine]") {
    TestHub hub;
    TestKiosk original;
    original.enrolWith(hub, hub.url());
    original.addRecords(3);
    pushAll(original);

    // A second store under the same identity (an old copy of its key, used
    // in a folder that did not say it was enrolled, so the store took
    // records without asking the hub): its records 1-3 differ from the
    // hub's, and its 4th links to its own 3rd.
    TestKiosk restored;
    std::filesystem::copy_file(original.dir() / core::kDeviceKeyFile, restored.dir() / core::kDeviceKeyFile);
    {
        auto identity = core::DeviceIdentity::loadOrCreate(restored.dir());
        REQUIRE(identity.ok());
        auto store = kiosk::Store::open(restored.dir() / kRecordsFile);
        REQUIRE(store.ok());
        for (int i = 0; i < 5; ++i)
            REQUIRE(store->append(*identity, test::surveyDraft(i + 101), test::kTestTimeMs + 500 + i).ok());
    }
    std::filesystem::copy_file(original.dir() / kiosk::kHubPinsFile, restored.dir() / kiosk::kHubPinsFile);

    auto client = SyncClient::open(restored.dir());
    REQUIRE(client.ok());
    auto pushed = client->push();  // returns: nothing is retried forever
    if (!pushed.ok())
        FAIL(pushed.error().message);
    CHECK(pushed->quarantined == 4);  // 1-3 conflict, 4 breaks the chain
    CHECK(pushed->held == 5);         // 5 goes on past the record set aside
    CHECK(client->counts()->unacknowledged == 0);

    auto conflicts = hub.storage().conflictCount();
    REQUIRE(conflicts.ok());
    CHECK(*conflicts == 3);
    auto incidents = hub.storage().incidents(20);
    REQUIRE(incidents.ok());
    std::set<std::string> kinds;
    for (const auto& i : *incidents)
        kinds.insert(i.kind);
    CHECK(kinds == std::set<std::string>{"conflict", "broken-chain", "skipped"});
    // The hub kept its own records 1-3; nothing was overwritten.
    auto store = kiosk::Store::open(original.dir() / kRecordsFile);
    REQUIRE(store.ok());
    for (std::uint64_t seq = 1; seq <= 3; ++seq) {
        auto held = hub.storage().recordBytes(original.key(), seq);
        REQUIRE(held.ok());
        CHECK(**held == (*store->get(seq))->bytes());
    }
}

TEST_CASE("fifty kiosks pushing at once: every chain whole, every count exact", "[sync][concurrency]") {
    // Every kiosk here comes from 127.0.0.1, as if all behind one address.
    // Four batches are verified at once; verified batches wait for the store
    // outside that limit (SQLite commits them together), or, when what they
    // may hold is spent, inside it.
    HubServerOptions options;
    options.connectionsPerAddress = 64;
    options.verifiedBatchBytes = GENERATE(std::size_t{256} << 20, std::size_t{1});
    INFO("verified batches may hold " << options.verifiedBatchBytes << " bytes");
    TestHub hub(options);
    constexpr int kKiosks = 50;
    std::vector<std::unique_ptr<TestKiosk>> kiosks;
    for (int i = 0; i < kKiosks; ++i) {
        kiosks.push_back(std::make_unique<TestKiosk>());
        kiosks.back()->enrolWith(hub, hub.url());
        kiosks.back()->addRecords(40 + i % 7);
    }
    // One more kiosk whose records two clients push at the same moment: the
    // device's row lock lets one batch in at a time, and each record lands once.
    TestKiosk twin;
    twin.enrolWith(hub, hub.url());
    twin.addRecords(300);
    std::atomic<int> failures{0}, done{0};
    std::vector<std::thread> threads;
    for (auto& kiosk : kiosks)
        threads.emplace_back([&, dir = kiosk->dir(), made = static_cast<std::uint64_t>(kiosk->made())] {
            done += pushUntilHeld(dir, made, 16, 100, failures) ? 1 : 0;
        });
    for (int i = 0; i < 2; ++i)
        threads.emplace_back([&, dir = twin.dir()] { done += pushUntilHeld(dir, 300, 50, 100, failures) ? 1 : 0; });
    for (std::thread& t : threads)
        t.join();
    INFO("the last push failure: " << g_lastError);
    CHECK(done == kKiosks + 2);
    requireExactlyOnce(hub.storage(), twin);
    CHECK(hub.storage().conflictCount().value() == 0);
    std::uint64_t total = 0;
    for (auto& kiosk : kiosks) {
        requireExactlyOnce(hub.storage(), *kiosk);
        total += static_cast<std::uint64_t>(kiosk->made());
    }
    CHECK(*hub.storage().recordCount() == total + 300);
    auto tickets = hub.storage().listTickets(100000);
    REQUIRE(tickets.ok());
    std::uint64_t complaintsMade = 0;
    for (auto& kiosk : kiosks)
        complaintsMade += static_cast<std::uint64_t>(kiosk->made() / 10);
    complaintsMade += 30;  // the twin's
    CHECK(tickets->size() == complaintsMade);
    CHECK(hub.storage().listCases(CaseQuery{})->total == complaintsMade);
}
