// The staff PIN's lock outlives the program: wrong PINs typed in a process
// that is then killed with SIGKILL still count in the next one, over the
// same kiosk.toml and data folder, through the program's own staffPolicy.

#include "kiosk_terminal.hpp"

#include "core/crypto.hpp"
#include "core/files.hpp"
#include "file_modes.hpp"
#include "kiosk/pin_lock.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace fangsiang;
using namespace fangsiang::kiosk;
using Catch::Matchers::Contains;

namespace {

struct NoBackend final : StaffBackend {
    StaffStatus status() override { return {}; }
    core::Result<std::string> enrol(const std::string&, const std::string&) override { return std::string(); }
    core::Result<std::string> syncNow() override { return std::string(); }
    std::vector<fs::path> removableMedia() override { return {}; }
    core::Result<std::string> exportTo(const fs::path&) override { return std::string(); }
    core::Result<std::string> printTest() override { return std::string(); }
};

KioskConfig counterConfig(const fs::path& dataDir) {
    KioskConfig config;
    config.dataDir = dataDir;
    config.staffPinHash = core::hashPassword("2468").value();
    return config;
}

// A child process types `tries` wrong PINs on a fresh staff menu, then is
// killed with SIGKILL, as by a power cut or the watchdog.
void wrongPinsThenKilled(const KioskConfig& config, int tries, std::int64_t nowMs) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        NoBackend backend;
        StaffFlow staff(backend, staffPolicy(config, TerminalMode::Citizen), TerminalMode::Citizen, DisplaySettings{}, nowMs);
        for (int i = 0; i < tries; ++i) {
            staff.typePin("0000", nowMs + i);
            staff.submitPin(nowMs + i);
        }
        ::raise(SIGKILL);
        ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
}

}  // namespace

TEST_CASE("wrong staff PINs still count after the program is killed and started again", "[staff][lock]") {
    REQUIRE(core::sodiumInit().ok());
    test::TempDir dir;
    const fs::path data = dir.path() / "data";
    REQUIRE(core::ensureDirectory(data, 0700).ok());
    const KioskConfig config = counterConfig(data);
    const std::int64_t t0 = 1'795'000'000'000;
    NoBackend backend;

    SECTION("three tries in one process, two in the next: locked, and still locked after another restart") {
        wrongPinsThenKilled(config, 3, t0);
        {
            StaffFlow staff(backend, staffPolicy(config, TerminalMode::Citizen), TerminalMode::Citizen, DisplaySettings{}, t0 + 10);
            CHECK(staff.wrongTries() == 3);
            staff.typePin("1111", t0 + 11);
            staff.submitPin(t0 + 11);
            CHECK(staff.outcome()->en == "That PIN is not right; 1 tries left");
        }
        wrongPinsThenKilled(config, 1, t0 + 20);
        StaffFlow again(backend, staffPolicy(config, TerminalMode::Citizen), TerminalMode::Citizen, DisplaySettings{}, t0 + 30);
        REQUIRE(again.lockedUntil(t0 + 30).has_value());
        CHECK_THAT(again.outcome()->en, Contains("locked until"));
        // The right PIN does not open a locked menu, in this process either.
        again.typePin("2468", t0 + 31);
        again.submitPin(t0 + 31);
        CHECK(again.screen() == StaffScreen::Pin);
        // The lock file is the device's secret state: 0600.
        CHECK(test::modeOf(data / kPinLockFile) == 0600);
        // Once the lock has run out, the right PIN opens the menu and the count starts again.
        const std::int64_t after = t0 + 20 + StaffPolicy{}.lockMs + 1;
        StaffFlow later(backend, staffPolicy(config, TerminalMode::Citizen), TerminalMode::Citizen, DisplaySettings{}, after);
        CHECK_FALSE(later.lockedUntil(after).has_value());
        later.typePin("2468", after + 1);
        later.submitPin(after + 1);
        CHECK(later.screen() == StaffScreen::Menu);
        CHECK(loadPinLock(data / kPinLockFile).value() == PinLockState{});
    }
    SECTION("a damaged lock file locks the menu rather than giving fresh tries") {
        const std::string junk = "{\"wrong\": \"none\"}";
        REQUIRE(core::writeFileAtomically(data / kPinLockFile, core::asBytes(junk)).ok());
        StaffFlow staff(backend, staffPolicy(config, TerminalMode::Citizen), TerminalMode::Citizen, DisplaySettings{}, t0);
        CHECK(staff.lockedUntil(t0).has_value());
        CHECK(loadPinLock(data / kPinLockFile).ok());  // written again, whole
    }
    SECTION("a clock set back does not lengthen the lock") {
        REQUIRE(savePinLock(data / kPinLockFile, PinLockState{5, t0 + 365LL * 24 * 3600 * 1000}).ok());
        StaffFlow staff(backend, staffPolicy(config, TerminalMode::Citizen), TerminalMode::Citizen, DisplaySettings{}, t0);
        REQUIRE(staff.lockedUntil(t0).has_value());
        CHECK(*staff.lockedUntil(t0) <= t0 + StaffPolicy{}.lockMs);
    }
}
