// Backups of a hub that is serving: the real `fangsiang-hub serve` takes
// pushes from kiosks while `fangsiang-hub backup` runs beside it; the backup
// is restored into a new folder (and, on PostgreSQL, a new database) by
// `fangsiang-hub restore`, and every record the hub had acknowledged before
// the backup began is there, byte for byte, and verifies. A damaged or
// misplaced backup is refused and changes nothing.

#include "sync_test_support.hpp"

#include "hub_process.hpp"
#include "test_storage.hpp"

#include "hub/backup.hpp"

#include "core/files.hpp"

#include <sys/stat.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace fangsiang;
using namespace fangsiang::sync;
using namespace fangsiang::hub;
using namespace fangsiang::test;
namespace fs = std::filesystem;

namespace {

// Runs the hub program to its end; its exit code, and what it printed in `out`.
int runHub(const std::vector<std::string>& args, std::string& out) {
    TempDir logDir;
    const fs::path log = logDir / "out.log";
    std::vector<std::string> argv = {FANGSIANG_HUB_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(argv, log, 240);
    int status = 0;
    ::waitpid(pid, &status, 0);
    out = readAll(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The one backup folder inside `into`.
fs::path onlyBackup(const fs::path& into) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(into))
        found.push_back(entry.path());
    REQUIRE(found.size() == 1);
    return found.front();
}

mode_t modeOf(const fs::path& path) {
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// Where a restore of this run's backend puts the store: the folder, and on
// PostgreSQL a new empty database.
std::vector<std::string> restoreArgs(const fs::path& into, const fs::path& backup) {
    std::vector<std::string> args = {"--dir", into.string()};
    if (testingPostgres())
        args.insert(args.end(), {"--db", PgServer::instance().freshDatabase()});
    args.insert(args.end(), {"restore", "--from", backup.string()});
    return args;
}

// A kiosk that keeps making records and pushing them until told to stop;
// `acked` is how far the hub has acknowledged its chain.
struct BusyKiosk {
    TestKiosk kiosk;
    std::atomic<std::uint64_t> acked{0};
    std::atomic<int> pushes{0};
    std::mutex mutex;
    std::string lastError;
};

}  // namespace

TEST_CASE("a backup taken while kiosks push holds every acknowledged record, and its restore verifies",
          "[sync][backup][process]") {
    HubFolder hubDir;
    auto [hubPid, hubPort] = startHubProcess(hubDir.dir.path());
    const std::string url = "http://127.0.0.1:" + std::to_string(hubPort);
    std::vector<std::unique_ptr<BusyKiosk>> kiosks;
    for (int i = 0; i < 4; ++i) {
        kiosks.push_back(std::make_unique<BusyKiosk>());
        REQUIRE(enrol(kiosks.back()->kiosk.dir(), url, hubDir.code()).ok());
    }

    std::atomic<bool> stop{false};
    std::vector<std::thread> pushers;
    // Stopped and joined however the test ends, so a failed check reports
    // itself instead of ending the process.
    struct Joiner {
        std::atomic<bool>& stop;
        std::vector<std::thread>& threads;
        ~Joiner() {
            stop = true;
            for (auto& t : threads)
                if (t.joinable())
                    t.join();
        }
    } joiner{stop, pushers};
    for (auto& k : kiosks) {
        pushers.emplace_back([&stop, busy = k.get()] {
            auto client = SyncClient::open(busy->kiosk.dir());
            if (!client.ok())
                return;
            while (!stop) {
                busy->kiosk.addRecords(25);
                if (auto report = client->push(); report.ok()) {
                    busy->acked = report->held;
                    ++busy->pushes;
                } else {
                    std::lock_guard lock(busy->mutex);
                    busy->lastError = report.error().message;
                }
            }
        });
    }
    // Waits until `kiosk` has pushed `count` times in all, failing with its
    // last error after a minute.
    auto waitForPushes = [](BusyKiosk& kiosk, int count) {
        const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (kiosk.pushes < count && std::chrono::steady_clock::now() < giveUp)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::lock_guard lock(kiosk.mutex);
        INFO("the kiosk's last failed push: " << kiosk.lastError);
        REQUIRE(kiosk.pushes >= count);
    };
    // Every kiosk has pushed a few times before the backup begins.
    for (auto& k : kiosks)
        waitForPushes(*k, 3);
    std::vector<std::uint64_t> ackedBefore;
    for (auto& k : kiosks)
        ackedBefore.push_back(k->acked);

    TempDir backups;
    std::string out;
    const int backedUp = runHub({"--dir", hubDir.dir.path().string(), "backup", "--to", backups.path().string(),
                                 "--with-keys"},
                                out);
    INFO(out);
    REQUIRE(backedUp == 0);
    // The kiosks kept pushing during the backup.
    waitForPushes(*kiosks[0], kiosks[0]->pushes + 2);
    stop = true;
    for (auto& t : pushers)
        t.join();
    stopGently(hubPid);

    const fs::path backup = onlyBackup(backups.path());
    CHECK(modeOf(backup) == 0700);
    for (const auto& entry : fs::directory_iterator(backup))
        CHECK(modeOf(entry.path()) == 0600);
    CHECK(fs::exists(backup / kBackupManifestFile));
    CHECK(fs::exists(backup / kHubSigningKeyFile));

    TempDir restored;
    const fs::path newHub = restored / "hub";
    const int restoredCode = runHub(restoreArgs(newHub, backup), out);
    INFO(out);
    REQUIRE(restoredCode == 0);
    CHECK_THAT(out, Catch::Contains("every record the hub had acknowledged when the backup began is here"));
    for (const auto& entry : fs::directory_iterator(newHub))
        CHECK(modeOf(entry.path()) == 0600);

    // Each kiosk's chain, from 1 up to at least what was acknowledged before
    // the backup, byte for byte as the kiosk made it, linked and signed.
    auto storage = openTestStorage(newHub);
    REQUIRE(storage.ok());
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        const auto& kiosk = kiosks[i]->kiosk;
        auto sequences = (*storage)->sequences(kiosk.key());
        REQUIRE(sequences.ok());
        REQUIRE(sequences->size() >= ackedBefore[i]);
        auto mine = kiosk::Store::open(kiosk.dir() / sync::kRecordsFile);
        REQUIRE(mine.ok());
        core::ChainHead head;
        for (std::uint64_t seq = 1; seq <= sequences->size(); ++seq) {
            REQUIRE((*sequences)[seq - 1] == seq);
            auto held = (*storage)->recordBytes(kiosk.key(), seq);
            REQUIRE(held.ok());
            REQUIRE(held->has_value());
            auto verified = core::verifyNext(**held, kiosk.key(), head);
            REQUIRE(verified.ok());
            head = verified->asHead();
            auto made = mine->get(seq);
            REQUIRE(made.ok());
            REQUIRE((*made)->bytes() == **held);
        }
    }
    // The restored hub opens and checks itself as any hub does.
    storage->reset();
    REQUIRE(runHub({"--dir", newHub.string(), "check"}, out) == 0);
    CHECK_THAT(out, Catch::Contains("the store is sound"));
}

TEST_CASE("a damaged, partial or misplaced backup is refused and nothing is restored", "[sync][backup][process]") {
    HubFolder hubDir;
    TestKiosk kiosk;
    {
        auto [hubPid, hubPort] = startHubProcess(hubDir.dir.path());
        REQUIRE(enrol(kiosk.dir(), "http://127.0.0.1:" + std::to_string(hubPort), hubDir.code()).ok());
        kiosk.addRecords(30);
        auto client = SyncClient::open(kiosk.dir());
        REQUIRE(client.ok());
        REQUIRE(client->push().ok());
        stopGently(hubPid);
    }
    TempDir backups;
    std::string out;
    REQUIRE(runHub({"--dir", hubDir.dir.path().string(), "backup", "--to", backups.path().string()}, out) == 0);
    CHECK_THAT(out, Catch::Contains("the hub's keys are not in it"));
    const fs::path backup = onlyBackup(backups.path());
    const auto manifest = readBackup(backup);
    REQUIRE(manifest.ok());
    CHECK(manifest->records == 30);
    CHECK(!manifest->keysIncluded);
    REQUIRE(manifest->devices.size() == 1);
    CHECK(manifest->devices[0].head == 30);

    TempDir place;
    auto storeFileIn = [](const fs::path& dir) { return fs::exists(dir / "hub.db") || fs::exists(dir / "database.url"); };

    // A SQLite backup is not restored into PostgreSQL, nor the other way.
    std::vector<std::string> wrong = {"--dir", (place / "wrong").string()};
    if (!testingPostgres())
        wrong.insert(wrong.end(), {"--db", "postgresql:///nowhere"});
    wrong.insert(wrong.end(), {"restore", "--from", backup.string()});
    REQUIRE(runHub(wrong, out) == 1);
    CHECK_THAT(out, Catch::Contains(testingPostgres() ? "name the empty database" : "without --db"));

    // Another hub's keys in the folder are refused.
    const fs::path other = place / "other";
    REQUIRE(createHubKeys(other).ok());
    REQUIRE(runHub(restoreArgs(other, backup), out) == 1);
    CHECK_THAT(out, Catch::Contains("are another hub's"));
    CHECK(!storeFileIn(other));

    // A folder that holds a store keeps it.
    REQUIRE(runHub(restoreArgs(hubDir.dir.path(), backup), out) == 1);
    CHECK_THAT(out, Catch::Contains("never replaces one"));
    requireExactlyOnce(*hubDir.open(), kiosk);

    // A backup without keys needs the hub's keys in place first; with them
    // put back by hand, it restores.
    const fs::path target = place / "new";
    REQUIRE(runHub(restoreArgs(target, backup), out) == 1);
    CHECK_THAT(out, Catch::Contains("holds no keys"));
    CHECK(!storeFileIn(target));
    for (const char* key : {kHubSigningKeyFile, kHubBoxKeyFile})
        REQUIRE(core::copyFileDurably(hubDir.dir / key, target / key).ok());
    REQUIRE(runHub(restoreArgs(target, backup), out) == 0);
    {
        auto storage = openTestStorage(target);
        REQUIRE(storage.ok());
        requireExactlyOnce(**storage, kiosk);
    }

    // One byte changed in the store's copy.
    const fs::path damaged = place / "damaged";
    REQUIRE(core::ensureDirectory(damaged).ok());
    for (const char* key : {kHubSigningKeyFile, kHubBoxKeyFile})
        REQUIRE(core::copyFileDurably(hubDir.dir / key, damaged / key).ok());
    const fs::path store = backup / manifest->storeFile;
    auto bytes = core::readFile(store, 1 << 30);
    REQUIRE(bytes.ok());
    (*bytes)[bytes->size() / 2] ^= 0x01;
    REQUIRE(core::writeFileAtomically(store, *bytes, 0600).ok());
    REQUIRE(runHub(restoreArgs(damaged, backup), out) == 1);
    CHECK_THAT(out, Catch::Contains("it is damaged"));
    CHECK(!storeFileIn(damaged));

    // A backup whose backup.json was never written is not a backup.
    fs::remove(backup / kBackupManifestFile);
    REQUIRE(runHub(restoreArgs(place / "partial", backup), out) == 1);
    CHECK_THAT(out, Catch::Contains("not a finished Fangsiang hub backup"));
}
