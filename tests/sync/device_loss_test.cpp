// A kiosk that lost its record store (records.db emptied, deleted, or an old
// copy put back), end to end with a real hub over loopback: the kiosk
// notices, tells the staff in words, takes no record (so gives no ticket
// number twice), keeps pulling content and tickets, and after the explicit
// recovery goes on past every sequence it may have used; the hub takes the
// new records as its chain's continuation and lists the loss as an incident.

#include "sync_test_support.hpp"
#include "store_support.hpp"

#include "hub_process.hpp"

#include "kiosk/runtime.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

using namespace fangsiang;
using namespace fangsiang::sync;
using namespace fangsiang::test;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

ClientOptions quickOptions() {
    ClientOptions options;
    options.http.connectTimeoutMs = 3000;
    options.http.totalTimeoutMs = 30000;
    return options;
}

SyncClient openClient(const fs::path& dataDir) {
    auto client = SyncClient::open(dataDir, quickOptions());
    INFO((client.ok() ? std::string() : client.error().message));
    REQUIRE(client.ok());
    return std::move(*client);
}

// A kiosk as it runs at the counter: enrolled with the hub, the installed
// content, the runtime with its own store connection, and the flow a citizen
// touches.
struct CounterKiosk {
    TempDir dir;
    fs::path data = dir / "data";
    std::int64_t now = core::wallClockMs();
    std::unique_ptr<kiosk::KioskRuntime> rt;

    explicit CounterKiosk(TestHub& hub) {
        auto pins = enrol(data, hub.url(), hub.newCode());
        INFO((pins.ok() ? std::string() : pins.error().message));
        REQUIRE(pins.ok());
    }
    kiosk::KioskRuntime& open() {
        kiosk::RuntimeOptions options;
        options.dataDir = data;
        options.contentDir = fs::path(FANGSIANG_ASSETS_DIR) / "content";
        options.clock = [this] { return now; };
        auto opened = kiosk::KioskRuntime::open(options);
        INFO((opened.ok() ? std::string() : opened.error().message));
        REQUIRE(opened.ok());
        rt = std::move(*opened);
        return *rt;
    }
    void close() { rt.reset(); }
    std::int64_t later() { return now += 1000; }

    // A citizen files an anonymous complaint; the ticket, or nullopt when
    // the kiosk did not take it (the flow is then back on Home).
    std::optional<std::string> fileComplaint() {
        auto& flow = rt->flow();
        flow.start(later());
        flow.openComplaint(later());
        if (flow.screen() != kiosk::Screen::ComplaintCategory)
            return std::nullopt;
        flow.chooseComplaintCategory(kiosk::ComplaintCategory::RoadsLights, later());
        flow.setDescription("ไฟส่องสว่างหน้าวัดดับ", later());
        flow.next(later());
        flow.next(later());
        flow.chooseContact(false, later());
        REQUIRE(flow.screen() == kiosk::Screen::ComplaintReview);
        flow.submitComplaint(later());
        if (flow.screen() != kiosk::Screen::ComplaintReceipt)
            return std::nullopt;
        std::string ticket = flow.receipt()->ticket.text();
        flow.finish(later());
        return ticket;
    }
    std::vector<std::string> fileComplaints(int n) {
        std::vector<std::string> out;
        for (int i = 0; i < n; ++i) {
            auto ticket = fileComplaint();
            REQUIRE(ticket);
            out.push_back(*ticket);
        }
        return out;
    }
    core::PublicKey key() const {
        auto identity = core::DeviceIdentity::load(data / core::kDeviceKeyFile);
        REQUIRE(identity.ok());
        return identity->publicKey();
    }
    // The kiosk is off and records.db goes: emptied or deleted.
    void loseStore(bool deleteFile) {
        close();
        loseStoreFile(data / kRecordsFile, deleteFile);
    }
};

std::vector<std::uint64_t> heldAtHub(TestHub& hub, const core::PublicKey& key) {
    auto sequences = hub.storage().sequences(key);
    REQUIRE(sequences.ok());
    return *sequences;
}

std::vector<hub::Incident> incidentsOf(TestHub& hub, std::string_view kind) {
    auto all = hub.storage().incidents(100);
    REQUIRE(all.ok());
    std::vector<hub::Incident> out;
    for (const auto& i : *all)
        if (i.kind == kind)
            out.push_back(i);
    return out;
}

void publishContent(TestHub& hub) {
    auto version = hub.service().publish(fs::path(FANGSIANG_ASSETS_DIR) / "content");
    INFO((version.ok() ? std::string() : version.error().message));
    REQUIRE(version.ok());
}

std::uint64_t sequenceOf(const std::string& ticket) {
    auto parsed = core::Ticket::parse(ticket);
    REQUIRE(parsed.ok());
    return parsed->sequence;
}

// Runs the background worker until it has finished a pass; its state then.
SyncState onePass(const fs::path& dataDir) {
    WorkerOptions options;
    options.client = quickOptions();
    SyncWorker worker(dataDir, options);
    worker.start();
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    SyncState state;
    do {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        state = worker.state();
    } while ((state.lastAttemptMs == 0 || state.running) && std::chrono::steady_clock::now() < giveUp);
    worker.stop();
    return worker.state();
}

}  // namespace

TEST_CASE("a kiosk whose records.db was emptied or deleted notices, recovers and never gives a ticket twice",
          "[sync][loss][e2e]") {
    TestHub hub;
    publishContent(hub);
    CounterKiosk kiosk(hub);
    auto& rt = kiosk.open();
    CHECK(rt.chainStanding()->anchoredBy == "enrolment");

    // Three complaints reach the hub; three more are made while the link is down.
    std::vector<std::string> earlier = kiosk.fileComplaints(3);
    {
        auto client = openClient(kiosk.data);
        auto pushed = client.push();
        REQUIRE(pushed.ok());
        CHECK(pushed->held == 3);
    }
    for (const auto& t : kiosk.fileComplaints(3))
        earlier.push_back(t);
    CHECK(heldAtHub(hub, kiosk.key()).size() == 3);

    const bool deleteFile = GENERATE(false, true);
    INFO((deleteFile ? "records.db deleted" : "records.db emptied to 0 bytes"));
    kiosk.loseStore(deleteFile);

    // Started again, before any sync: the store does not know where the
    // chain stands and takes nothing.
    auto& again = kiosk.open();
    CHECK(again.chainStanding()->state == kiosk::ChainState::Unanchored);
    CHECK_THAT(kiosk::describeSync(again, kiosk.now).en, Contains("record store is new"));
    CHECK_FALSE(kiosk.fileComplaint());

    // The next sync asks the hub: it holds 3 records of this kiosk.
    const SyncState state = onePass(kiosk.data);
    CHECK(state.chain == kiosk::ChainState::Lost);
    CHECK(state.hubHeld == 3);
    CHECK(state.lastError.empty());           // not a failure of the link
    CHECK(state.contentVersion == 1);         // content still came down
    CHECK(state.consecutiveFailures == 0);
    {
        auto client = openClient(kiosk.data);
        auto pushed = client.push();
        REQUIRE_FALSE(pushed.ok());
        CHECK(pushed.error().code == core::ErrorCode::Conflict);
        CHECK_THAT(pushed.error().message, Contains("the hub holds 3 records"));
        CHECK_THAT(pushed.error().message, !Contains("acknowledged record"));
        auto pulled = client.pull();
        INFO((pulled.ok() ? std::string() : pulled.error().message));
        REQUIRE(pulled.ok());
        CHECK(pulled->contentVersion == 1);
    }
    CHECK(heldAtHub(hub, kiosk.key()).size() == 3);  // nothing sent, nothing quarantined as a conflict
    CHECK(incidentsOf(hub, "conflict").empty());

    // The staff line says so in words, in Thai and in English.
    const core::TextPair line = kiosk::describeSync(again, kiosk.now);
    CHECK_THAT(line.en, Contains("This kiosk lost its record store: the hub holds 3 records from it"));
    CHECK_THAT(line.en, Contains("fangsiang-kiosk recover"));
    CHECK_THAT(line.th, Contains("บันทึกในเครื่องนี้สูญหาย"));
    CHECK_THAT(line.th, Contains("3 รายการ"));
    // A citizen is told politely and is back on Home; nothing is appended.
    again.flow().start(kiosk.later());
    again.flow().openComplaint(kiosk.later());
    CHECK(again.flow().screen() == kiosk::Screen::Home);
    REQUIRE(again.flow().notice());
    CHECK_THAT(again.flow().notice()->en, Contains("ask the staff at the counter"));
    again.flow().openSurvey(kiosk.later());
    CHECK(again.flow().screen() == kiosk::Screen::Home);
    auto identity = core::DeviceIdentity::load(kiosk.data / core::kDeviceKeyFile);
    REQUIRE(identity.ok());
    auto direct = again.store().append(*identity, surveyDraft(1), kiosk.now);
    REQUIRE_FALSE(direct.ok());
    CHECK(again.store().counts()->records == 0);

    // The explicit recovery: the hub hears of the loss, the chain resumes.
    std::uint64_t resumeAfter = 0;
    {
        auto client = openClient(kiosk.data);
        auto recovered = client.recover();
        INFO((recovered.ok() ? std::string() : recovered.error().message));
        REQUIRE(recovered.ok());
        CHECK(recovered->recovered);
        CHECK(recovered->hubHeld == 3);
        CHECK(recovered->localHead == 0);
        CHECK(recovered->resumeAfter > 6);  // past the lost 4, 5 and 6
        resumeAfter = recovered->resumeAfter;
        // A second run finds nothing to do.
        auto twice = client.recover();
        REQUIRE(twice.ok());
        CHECK_FALSE(twice->recovered);
    }
    const auto lost = incidentsOf(hub, "store-lost");
    REQUIRE(lost.size() == 1);
    CHECK(lost.front().sequence == 3);
    CHECK(lost.front().device == kiosk.key());
    CHECK_THAT(lost.front().detail, Contains("resumes at " + std::to_string(resumeAfter + 1)));

    // The running kiosk takes records again, at once, from its own connection.
    CHECK(again.chainStanding()->takesRecords());
    const auto later = kiosk.fileComplaints(3);
    std::set<std::string> seen(earlier.begin(), earlier.end());
    for (const auto& t : later) {
        CHECK(seen.insert(t).second);  // no ticket given twice
        CHECK(sequenceOf(t) > 6);
    }
    CHECK(sequenceOf(later.front()) == resumeAfter + 1);
    {
        auto client = openClient(kiosk.data);
        auto pushed = client.push();
        INFO((pushed.ok() ? std::string() : pushed.error().message));
        REQUIRE(pushed.ok());
        CHECK(pushed->accepted == 3);
        CHECK(pushed->quarantined == 0);
        CHECK(pushed->held == resumeAfter + 3);
        CHECK(client.counts()->unacknowledged == 0);
        REQUIRE(client.pull().ok());
    }
    CHECK(heldAtHub(hub, kiosk.key()) ==
          std::vector<std::uint64_t>{1, 2, 3, resumeAfter + 1, resumeAfter + 2, resumeAfter + 3});
    for (const auto& t : later) {
        auto ticket = hub.storage().findTicket(t);
        REQUIRE(ticket.ok());
        CHECK(ticket->has_value());
    }
    // The hub's chain goes on from its head: the gap is on record, nothing broke.
    CHECK(incidentsOf(hub, "broken-chain").empty());
    CHECK(incidentsOf(hub, "conflict").empty());
    CHECK(incidentsOf(hub, "skipped").size() == 1);

    // A lost ticket is not told "received"; one the hub holds is.
    again.flow().start(kiosk.later());
    auto lookUp = [&](const std::string& ticket) {
        again.flow().goHome(kiosk.later());
        again.flow().openTicketCheck(kiosk.later());
        again.flow().setTicketText(ticket, kiosk.later());
        again.flow().lookUpTicket(kiosk.later());
        REQUIRE(again.flow().ticketResult());
        return again.flow().ticketResult()->state;
    };
    CHECK(lookUp(earlier[4]) == kiosk::TicketState::Unknown);
    CHECK(lookUp(earlier[1]) == kiosk::TicketState::ReceivedByOffice);

    auto verified = again.store().verify();
    REQUIRE(verified.ok());
    CHECK(verified->ok());
    CHECK_THAT(kiosk::describeSync(again, kiosk.now).en, !Contains("lost"));
}

TEST_CASE("an old copy of records.db put back is noticed before it makes a record, never jamming sync",
          "[sync][loss][e2e]") {
    TestHub hub;
    CounterKiosk kiosk(hub);
    kiosk.open();
    kiosk.fileComplaints(3);
    REQUIRE(openClient(kiosk.data).push().ok());
    const bool copyHasUnsent = GENERATE(false, true);
    INFO((copyHasUnsent ? "the copy holds a record not yet acknowledged" : "the copy is fully acknowledged"));
    if (copyHasUnsent)
        kiosk.fileComplaints(1);
    // The copy: taken with the kiosk off.
    kiosk.close();
    const fs::path records = kiosk.data / kRecordsFile;
    const fs::path copy = kiosk.dir / "records-copy.db";
    fs::copy_file(records, copy);
    kiosk.open();
    kiosk.fileComplaints(3);
    REQUIRE(openClient(kiosk.data).push().ok());
    const std::uint64_t held = copyHasUnsent ? 7 : 6;
    CHECK(heldAtHub(hub, kiosk.key()).size() == held);

    kiosk.close();
    fs::remove(records);
    fs::copy_file(copy, records);
    auto& rt = kiosk.open();

    auto client = openClient(kiosk.data);
    auto pushed = client.push();
    REQUIRE_FALSE(pushed.ok());
    CHECK_THAT(pushed.error().message, Contains("the hub holds " + std::to_string(held) + " records"));
    CHECK_THAT(pushed.error().message, !Contains("acknowledged record"));
    CHECK(rt.chainStanding()->state == kiosk::ChainState::Lost);
    REQUIRE(client.pull().ok());           // pulls are not stopped by it
    REQUIRE_FALSE(client.push().ok());     // and it stays lost, in words, until recovered
    CHECK_FALSE(kiosk.fileComplaint());

    auto recovered = client.recover();
    INFO((recovered.ok() ? std::string() : recovered.error().message));
    REQUIRE(recovered.ok());
    CHECK(recovered->recovered);
    CHECK(recovered->hubHeld == held);
    CHECK(recovered->localHead == (copyHasUnsent ? 4u : 3u));
    const auto next = kiosk.fileComplaints(2);
    CHECK(sequenceOf(next.front()) == recovered->resumeAfter + 1);
    CHECK(sequenceOf(next.front()) > held);
    auto after = client.push();
    INFO((after.ok() ? std::string() : after.error().message));
    REQUIRE(after.ok());
    CHECK(after->held == recovered->resumeAfter + 2);
    CHECK(incidentsOf(hub, "store-lost").size() == 1);
    CHECK(incidentsOf(hub, "conflict").empty());
    CHECK(client.counts()->unacknowledged == 0);
}

TEST_CASE("a fresh enrolment anchors its store silently and syncs as before", "[sync][loss][e2e]") {
    TestHub hub;
    CounterKiosk kiosk(hub);

    SECTION("the store made at enrolment") {
        auto& rt = kiosk.open();
        CHECK(rt.chainStanding()->takesRecords());
        CHECK(kiosk::describeSync(rt, kiosk.now).en.find("lost") == std::string::npos);
    }
    SECTION("the store deleted before it made a record: the first sync anchors it") {
        kiosk.loseStore(true);
        auto& rt = kiosk.open();
        CHECK(rt.chainStanding()->state == kiosk::ChainState::Unanchored);
        auto client = openClient(kiosk.data);
        auto pushed = client.push();
        REQUIRE(pushed.ok());
        CHECK(pushed->sent == 0);
        CHECK(rt.chainStanding()->state == kiosk::ChainState::Anchored);
        CHECK(rt.chainStanding()->anchoredBy == "hub-empty");
    }
    const auto tickets = kiosk.fileComplaints(2);
    CHECK(sequenceOf(tickets.front()) == 1);
    auto pushed = openClient(kiosk.data).push();
    REQUIRE(pushed.ok());
    CHECK(pushed->held == 2);
    auto incidents = hub.storage().incidents(10);
    REQUIRE(incidents.ok());
    CHECK(incidents->empty());
}

TEST_CASE("a store lost before any of its records reached the hub is lost too, and recovers", "[sync][loss][e2e]") {
    TestHub hub;
    CounterKiosk kiosk(hub);
    kiosk.open();
    const auto unsent = kiosk.fileComplaints(2);  // tickets given out, never synced
    kiosk.loseStore(true);
    auto& rt = kiosk.open();

    auto client = openClient(kiosk.data);
    auto pushed = client.push();
    REQUIRE_FALSE(pushed.ok());
    CHECK(rt.chainStanding()->state == kiosk::ChainState::Lost);
    CHECK_THAT(kiosk::describeSync(rt, kiosk.now).en, Contains("the hub holds 0 records"));
    auto recovered = client.recover();
    INFO((recovered.ok() ? std::string() : recovered.error().message));
    REQUIRE(recovered.ok());
    CHECK(recovered->recovered);
    CHECK(recovered->hubHeld == 0);
    const auto next = kiosk.fileComplaints(1);
    CHECK(sequenceOf(next.front()) == recovered->resumeAfter + 1);
    for (const auto& t : unsent)
        CHECK(t != next.front());
    auto after = client.push();
    INFO((after.ok() ? std::string() : after.error().message));
    REQUIRE(after.ok());
    CHECK(after->accepted == 1);
    CHECK(heldAtHub(hub, kiosk.key()) == std::vector<std::uint64_t>{recovered->resumeAfter + 1});
    CHECK(incidentsOf(hub, "store-lost").size() == 1);
}

TEST_CASE("the hub records a lost store only when the device signed it and named the hub's head",
          "[sync][loss][hub]") {
    TestHub hub;
    CounterKiosk kiosk(hub);
    kiosk.open();
    kiosk.fileComplaints(2);
    REQUIRE(openClient(kiosk.data).push().ok());
    kiosk.close();
    auto identity = core::DeviceIdentity::load(kiosk.data / core::kDeviceKeyFile);
    REQUIRE(identity.ok());
    auto held = hub.storage().findDevice(identity->publicKey());
    REQUIRE(held.ok());
    REQUIRE(held->has_value());

    StoreLostReport report;
    report.device = identity->publicKey();
    report.nonce = randomNonce();
    report.held = (*held)->head.sequence;
    report.headHash = (*held)->head.hash;
    report.resumeAfter = 150;
    auto answerTo = [&](const StoreLostReport& r) { return hub.service().handleStoreLost(encodeStoreLostReport(r)); };

    SECTION("unsigned or signed by another key: refused") {
        auto other = seededIdentity(9);
        report.proof = other.sign(storeLostMessage(report));
        const auto answer = answerTo(report);
        CHECK(answer.status == 400);
        CHECK_THAT(answer.body, Contains("bad-signature"));
    }
    SECTION("naming a head the hub does not hold: refused, ask again") {
        report.held = 1;
        report.proof = identity->sign(storeLostMessage(report));
        const auto answer = answerTo(report);
        CHECK(answer.status == 409);
        CHECK_THAT(answer.body, Contains("holds device"));
    }
    SECTION("a device the hub does not know: refused") {
        auto other = seededIdentity(9);
        report.device = other.publicKey();
        report.proof = other.sign(storeLostMessage(report));
        CHECK(answerTo(report).status == 403);
    }
    SECTION("signed and current: recorded, and the answer is signed and echoes the nonce") {
        report.proof = identity->sign(storeLostMessage(report));
        const auto answer = answerTo(report);
        REQUIRE(answer.status == 200);
        auto body = openEnvelope(answer.body, "store-lost", hub.keys().signing.publicKey);
        REQUIRE(body.ok());
        auto decoded = decodeStoreLostAnswerBody(*body);
        REQUIRE(decoded.ok());
        CHECK(decoded->nonce == report.nonce);
        CHECK(decoded->held == 2);
        CHECK(decoded->resumeAfter == 150);
        CHECK(incidentsOf(hub, "store-lost").size() == 1);
        return;
    }
    CHECK(incidentsOf(hub, "store-lost").empty());
}

// [SECTION] The real programs

namespace {

struct Run {
    int exitCode = -1;
    std::string output;  // stdout and stderr
};

// Runs `fangsiang-kiosk ARGS...` to the end.
Run kioskCommand(const std::vector<std::string>& args, const fs::path& logDir) {
    static int runs = 0;
    const fs::path log = logDir / ("run-" + std::to_string(++runs) + ".log");
    std::vector<std::string> argv = {FANGSIANG_KIOSK_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(argv, log);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    Run run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.output = readAll(log);
    return run;
}

std::vector<fs::path> filesIn(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        out.push_back(entry.path());
    return out;
}

}  // namespace

// A real hub process, its address, and a folder for the kiosk program's logs.
struct Programs {
    HubFolder hubDir;
    std::pair<pid_t, int> hub = startHubProcess(hubDir.dir.path());
    std::string url = "http://127.0.0.1:" + std::to_string(hub.second);
    TempDir work;
    fs::path logs = work / "logs";
    Programs() { fs::create_directories(logs); }
    // fangsiang-kiosk with `args`, its output kept in logs/.
    [[nodiscard]] auto kiosk(std::vector<std::string> args) const { return kioskCommand(std::move(args), logs); }
};

TEST_CASE("a data folder that lost device.key is refused by every command, and no key is made",
          "[sync][loss][identity][process]") {
    Programs programs;
    const auto [hubPid, hubPort] = programs.hub;
    const std::string& url = programs.url;
    const TempDir& work = programs.work;
    const fs::path usb = work / "usb";
    fs::create_directories(usb);
    auto run = [&](std::vector<std::string> args) { return programs.kiosk(std::move(args)); };
    // A command run on `folder` without its key: refused, with the reason,
    // and no new key made.
    auto refusedWithoutKey = [&](const fs::path& folder, const std::vector<std::string>& command, const char* why) {
        const Run r = run(command);
        INFO("fangsiang-kiosk " << command.front() << ": " << r.output);
        CHECK(r.exitCode != 0);
        CHECK_THAT(r.output, Contains("device.key is missing"));
        CHECK_THAT(r.output, Contains(why));
        CHECK_FALSE(fs::exists(folder / core::kDeviceKeyFile));
    };

    // An enrolled kiosk with records at the hub and records waiting.
    const fs::path data = work / "kiosk";
    REQUIRE(run({"enroll", url, programs.hubDir.code(), "--data", data.string()}).exitCode == 0);
    REQUIRE(run({"store-demo", "--data", data.string()}).exitCode == 0);
    REQUIRE(run({"sync", "--data", data.string()}).exitCode == 0);
    REQUIRE(run({"store-demo", "--data", data.string()}).exitCode == 0);

    // The same program in a new folder is the control: it makes a key there.
    const fs::path fresh = work / "fresh";
    REQUIRE(run({"store-demo", "--data", fresh.string()}).exitCode == 0);
    CHECK(fs::exists(fresh / core::kDeviceKeyFile));

    const fs::path config = work / "kiosk.toml";
    {
        std::ofstream out(config);
        out << "[office]\nname = \"เทศบาลตำบลบ้านสวน\"\ncode = \"6340105\"\n[kiosk]\ndata = \"" << data.string()
            << "\"\ncontent = \"" << (fs::path(FANGSIANG_ASSETS_DIR) / "content").string() << "\"\n";
    }
    const std::string ticket = core::Ticket{kOffice, 1, 1}.text();

    SECTION("device.key deleted from an enrolled folder") {
        fs::remove(data / core::kDeviceKeyFile);
        const std::vector<std::vector<std::string>> commands = {
            {"sync", "--data", data.string()},
            {"sync", "--data", data.string(), "--no-pull"},
            {"export", "--to", usb.string(), "--data", data.string()},
            {"ticket", ticket, "--data", data.string()},
            {"store-demo", "--data", data.string()},
            {"recover", "--data", data.string()},
            {"run", "--config", config.string(), "--windowed"},
            {"demo", "--script", "--data", data.string(), "--content",
             (fs::path(FANGSIANG_ASSETS_DIR) / "content").string(), "--out", (work / "shots").string()},
        };
        for (const auto& command : commands)
            refusedWithoutKey(data, command, "enrolled with a hub");
        // Enrolling again is refused too: it is enrolled already.
        const Run again = run({"enroll", url, programs.hubDir.code(), "--data", data.string()});
        CHECK(again.exitCode != 0);
        CHECK_FALSE(fs::exists(data / core::kDeviceKeyFile));
    }
    SECTION("device.key deleted from a folder that is not enrolled but holds records") {
        fs::remove(fresh / core::kDeviceKeyFile);
        for (const auto& command : std::vector<std::vector<std::string>>{
                 {"store-demo", "--data", fresh.string()},
                 {"export", "--to", usb.string(), "--data", fresh.string()},
                 {"ticket", ticket, "--data", fresh.string()}})
            refusedWithoutKey(fresh, command, "record store holds the records of device");
    }
    SECTION("device.key replaced by another device's key") {
        fs::copy_file(fresh / core::kDeviceKeyFile, data / core::kDeviceKeyFile, fs::copy_options::overwrite_existing);
        for (const auto& command : std::vector<std::vector<std::string>>{
                 {"export", "--to", usb.string(), "--data", data.string()},
                 {"sync", "--data", data.string()},
                 {"store-demo", "--data", data.string()}}) {
            const Run r = run(command);
            INFO("fangsiang-kiosk " << command.front() << ": " << r.output);
            CHECK(r.exitCode != 0);
            CHECK_THAT(r.output, Contains("was device.key replaced?"));
        }
    }
    // No export file was written by any refused command.
    CHECK(filesIn(usb).empty());
    stopGently(hubPid);
}

TEST_CASE("the real kiosk binary notices an emptied records.db, recovers on command, and syncs on",
          "[sync][loss][process]") {
    Programs programs;
    auto run = [&](std::vector<std::string> args) { return programs.kiosk(std::move(args)); };
    const auto [hubPid, hubPort] = programs.hub;
    const std::string& url = programs.url;
    const fs::path data = programs.work / "kiosk";
    const std::string dataArg = data.string();

    REQUIRE(run({"enroll", url, programs.hubDir.code(), "--data", dataArg}).exitCode == 0);
    REQUIRE(run({"store-demo", "--data", dataArg}).exitCode == 0);  // records 1-3
    REQUIRE(run({"sync", "--data", dataArg}).exitCode == 0);
    REQUIRE(run({"store-demo", "--data", dataArg}).exitCode == 0);  // 4-6, never sent
    fs::resize_file(data / kRecordsFile, 0);                       // `: > records.db`

    const Run sync = run({"sync", "--data", dataArg});
    INFO(sync.output);
    CHECK(sync.exitCode != 0);
    CHECK_THAT(sync.output, Contains("lost its record store: the hub holds 3 records"));
    CHECK_THAT(sync.output, !Contains("nothing to push"));
    CHECK_THAT(sync.output, !Contains("acknowledged record"));
    CHECK_THAT(sync.output, Contains("ticket updates"));  // the pull went on
    const Run refused = run({"store-demo", "--data", dataArg});
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.output, Contains("fangsiang-kiosk recover"));

    const Run recovered = run({"recover", "--data", dataArg});
    INFO(recovered.output);
    REQUIRE(recovered.exitCode == 0);
    CHECK_THAT(recovered.output, Contains("recovered"));
    CHECK_THAT(recovered.output, Contains("recorded at the hub as an incident"));
    REQUIRE(run({"store-demo", "--data", dataArg}).exitCode == 0);
    const Run after = run({"sync", "--data", dataArg});
    INFO(after.output);
    CHECK(after.exitCode == 0);
    CHECK_THAT(after.output, Contains("3 new at the hub"));

    auto storage = programs.hubDir.open();
    auto identity = core::DeviceIdentity::load(data / core::kDeviceKeyFile);
    REQUIRE(identity.ok());
    auto sequences = storage->sequences(identity->publicKey());
    REQUIRE(sequences.ok());
    REQUIRE(sequences->size() == 6);
    CHECK((*sequences)[2] == 3);
    CHECK((*sequences)[3] > 6);
    auto incidents = storage->incidents(50);
    REQUIRE(incidents.ok());
    CHECK(std::count_if(incidents->begin(), incidents->end(),
                        [](const hub::Incident& i) { return i.kind == "store-lost" && i.sequence == 3; }) == 1);
    stopGently(hubPid);
}
