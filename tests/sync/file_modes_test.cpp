// Every file the hub and the kiosk make is 0600 and every folder they make
// 0700, whatever the umask and whatever the folder they are given: the real
// programs under umask 0 in folders that are 0755 already, and the libraries
// on their own (without the programs' umask 077 as a second line).

#include "hub_process.hpp"

#include "file_modes.hpp"

#include "core/identity.hpp"
#include "kiosk/hub_pins.hpp"

#include <algorithm>

using namespace fangsiang;
using namespace fangsiang::sync;
using namespace fangsiang::test;

namespace {

// A folder someone made by hand, open to every local user.
std::filesystem::path openFolder(const std::filesystem::path& path) {
    REQUIRE(::mkdir(path.c_str(), 0755) == 0);
    REQUIRE(::chmod(path.c_str(), 0755) == 0);
    return path;
}

// Runs a program to its end; its exit status (-1 when killed by a signal).
int run(const std::vector<std::string>& args, const std::filesystem::path& log) {
    const pid_t pid = spawn(args, log);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    INFO(readAll(log));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

TEST_CASE("fangsiang-hub init under umask 0 in a 0755 folder makes every file 0600", "[files][security][process]") {
    TempDir root;
    const auto hubDir = openFolder(root / "hub");
    UmaskScope umask(0);
    REQUIRE(run({FANGSIANG_HUB_EXE, "--dir", hubDir.string(), "init"}, root / "init.log") == 0);
    std::vector<std::string> files;
    CHECK(notPrivate(hubDir, &files) == std::vector<std::string>{});
    CHECK(has(files, "hub.db"));
    CHECK(has(files, "admin.token"));
    CHECK(has(files, hub::kHubSigningKeyFile));
    CHECK(has(files, hub::kHubBoxKeyFile));

    SECTION("and serving from it keeps every file so, -wal and -shm included") {
        auto [pid, port] = startHubProcess(hubDir);
        REQUIRE(port > 0);
        files.clear();
        const auto loose = notPrivate(hubDir, &files);
        stopGently(pid);
        CHECK(loose == std::vector<std::string>{});
        CHECK(has(files, "hub.db-wal"));
        CHECK(has(files, "hub.db-shm"));
        CHECK(has(files, "port"));
    }
    SECTION("a folder it has to make, parents and all, is 0700") {
        const auto deeper = root / "srv" / "fangsiang" / "hub";
        REQUIRE(run({FANGSIANG_HUB_EXE, "--dir", deeper.string(), "init"}, root / "init2.log") == 0);
        CHECK(notPrivate(root / "srv") == std::vector<std::string>{});
    }
}

TEST_CASE("a kiosk's data folder holds only 0600 files under umask 0: store, key, pins, content, tickets",
          "[files][security]") {
    TestHub hub;
    TempDir content;
    REQUIRE(core::writeFileAtomically(content / "services.json", core::asBytes(std::string_view(R"({"services":[]})")))
                .ok());
    REQUIRE(hub.service().publish(content.path()).ok());
    TempDir root;
    const auto data = openFolder(root / "data");
    UmaskScope umask(0);

    REQUIRE(enrol(data, hub.url(), hub.newCode()).ok());
    {
        auto identity = core::DeviceIdentity::loadOrCreate(data);
        REQUIRE(identity.ok());
        auto store = kiosk::Store::open(data / kRecordsFile);
        REQUIRE(store.ok());
        const core::RecordDraft complaint{core::RecordKind::Complaint,
                                          R"({"category":"roads-lights","text":"ไฟดับ","village":"หมู่ที่ 4"})", {}};
        REQUIRE(store->append(*identity, complaint, test::kTestTimeMs).ok());
    }
    auto client = SyncClient::open(data);
    REQUIRE(client.ok());
    REQUIRE(client->push().ok());
    auto pulled = client->pull();
    REQUIRE(pulled.ok());
    CHECK(pulled->ticketUpdates == 1);

    std::vector<std::string> files;
    CHECK(notPrivate(data, &files) == std::vector<std::string>{});  // with the store open: -wal and -shm too
    for (const char* name : {core::kDeviceKeyFile, kiosk::kHubPinsFile, kRecordsFile, kContentFile, kTicketsFile})
        CHECK(has(files, name));
    CHECK(has(files, std::string(kRecordsFile) + "-wal"));

    SECTION("and a USB export made into a new folder") {
        {
            auto identity = core::DeviceIdentity::loadOrCreate(data);
            REQUIRE(identity.ok());
            REQUIRE(client->store().append(*identity, test::surveyDraft(1), test::kTestTimeMs + 1).ok());
        }
        auto exported = exportOutbox(data, root / "usb" / "fangsiang");
        REQUIRE(exported.ok());
        files.clear();
        CHECK(notPrivate(root / "usb", &files) == std::vector<std::string>{});
        CHECK(files.size() == 1);
    }
}

TEST_CASE("fangsiang-kiosk under umask 0 in a 0755 data folder makes every file 0600", "[files][security][process]") {
    HubFolder hubDir;
    auto [hubPid, hubPort] = startHubProcess(hubDir.dir.path());
    const std::string code = hubDir.code();
    TempDir root;
    const auto data = openFolder(root / "data");
    {
        UmaskScope umask(0);
        const std::string url = "http://127.0.0.1:" + std::to_string(hubPort);
        CHECK(run({FANGSIANG_KIOSK_EXE, "enroll", url, code, "--data", data.string()}, root / "enroll.log") == 0);
        CHECK(run({FANGSIANG_KIOSK_EXE, "store-demo", "--data", data.string()}, root / "demo.log") == 0);
        CHECK(run({FANGSIANG_KIOSK_EXE, "sync", "--data", data.string()}, root / "sync.log") == 0);
    }
    stopGently(hubPid);
    std::vector<std::string> files;
    CHECK(notPrivate(data, &files) == std::vector<std::string>{});
    for (const char* name : {core::kDeviceKeyFile, kiosk::kHubPinsFile, kRecordsFile, kTicketsFile})
        CHECK(has(files, name));
}
