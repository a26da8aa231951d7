// The staff menu: the PIN and its lock, the idle lock, and each item's
// outcome in words. The backend here records what was asked of it; the
// program's backend over the real sync client is tested end to end
// (tests/apps/field_e2e_test.cpp).

#include "kiosk/staff_flow.hpp"

#include "core/crypto.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::kiosk;
using Catch::Matchers::Contains;

namespace {

struct RecordingBackend final : StaffBackend {
    std::vector<std::string> asked;
    bool failSync = false;
    StaffStatus status() override {
        StaffStatus s;
        s.waiting = 4;
        s.sentUpTo = 17;
        s.contentVersion = 9;
        return s;
    }
    core::Result<std::string> enrol(const std::string& url, const std::string& code) override {
        asked.push_back("enrol " + url + " " + code);
        return std::string("enrolled");
    }
    core::Result<std::string> syncNow() override {
        asked.push_back("sync");
        if (failSync)
            return core::makeError(core::ErrorCode::Network, "the hub did not answer");
        return std::string("sent 4 records");
    }
    std::vector<std::filesystem::path> removableMedia() override { return {"/media/kiosk/USB STICK"}; }
    core::Result<std::string> exportTo(const std::filesystem::path& folder) override {
        asked.push_back("export " + folder.string());
        return std::string("exported");
    }
    core::Result<std::string> printTest() override {
        asked.push_back("print");
        return std::string("printed");
    }
};

const std::string& pinHash() {
    static const std::string hash = [] {
        (void)core::sodiumInit();
        return core::hashPassword("2468").value();
    }();
    return hash;
}

struct Staff {
    RecordingBackend backend;
    std::int64_t now = 1'795'000'000'000;
    StaffFlow flow{backend, StaffPolicy{pinHash()}, TerminalMode::Citizen, DisplaySettings{}, now};
    std::int64_t later(std::int64_t ms = 1000) { return now += ms; }
    void signIn() {
        flow.typePin("2468", later());
        flow.submitPin(later());
        REQUIRE(flow.screen() == StaffScreen::Menu);
    }
};

}  // namespace

TEST_CASE("the staff menu opens with the right PIN only", "[staff]") {
    Staff s;
    CHECK(s.flow.screen() == StaffScreen::Pin);
    s.flow.open(StaffScreen::Sync, s.later());  // nothing opens before the PIN
    CHECK(s.flow.screen() == StaffScreen::Pin);
    s.flow.typePin("1357", s.later());
    s.flow.submitPin(s.later());
    CHECK(s.flow.screen() == StaffScreen::Pin);
    REQUIRE(s.flow.outcome().has_value());
    CHECK(s.flow.outcome()->en == "That PIN is not right; 4 tries left");
    CHECK(s.flow.pinLength() == 0);  // the wrong PIN is wiped
    s.flow.typePin("24a8", s.later());  // not digits: refused, nothing typed
    CHECK(s.flow.pinLength() == 0);
    s.flow.typePin("24", s.later());  // too short to be a PIN: said, and not counted as a try
    s.flow.submitPin(s.later());
    CHECK(s.flow.outcome()->en == "The staff PIN has at least 4 digits");
    CHECK(s.flow.wrongTries() == 1);
    s.signIn();
    CHECK(s.flow.status().waiting == 4);
}

TEST_CASE("five wrong PINs lock the menu for a while, said in words", "[staff]") {
    Staff s;
    for (int i = 0; i < 5; ++i) {
        s.flow.typePin("0000", s.later());
        s.flow.submitPin(s.later());
    }
    REQUIRE(s.flow.lockedUntil(s.now).has_value());
    CHECK_THAT(s.flow.outcome()->en, Contains("Too many wrong PINs: the staff menu is locked until"));
    CHECK_THAT(s.flow.outcome()->th, Contains("ล็อกไว้ถึง"));
    // Even the right PIN is refused while locked.
    s.flow.typePin("2468", s.later());
    s.flow.submitPin(s.later());
    CHECK(s.flow.screen() == StaffScreen::Pin);
    CHECK_THAT(s.flow.outcome()->en, Contains("(5 min)"));
    // Once the time is up, it opens again.
    s.later(5 * 60'000);
    s.flow.tick(s.now);
    CHECK_FALSE(s.flow.lockedUntil(s.now).has_value());
    s.signIn();
}

TEST_CASE("an idle staff screen locks, and what was typed goes", "[staff]") {
    Staff s;
    s.signIn();
    s.flow.open(StaffScreen::Enrol, s.later());
    s.flow.setCode("ABCD-1234", s.later());
    s.later(119'000);
    s.flow.tick(s.now);
    CHECK(s.flow.screen() == StaffScreen::Enrol);
    s.later(2'000);
    s.flow.tick(s.now);
    CHECK(s.flow.screen() == StaffScreen::Pin);
    CHECK(s.flow.code().empty());
}

TEST_CASE("each item of the staff menu does its one thing and says how it went", "[staff]") {
    Staff s;
    s.signIn();
    SECTION("enrol: the address is checked before anything is sent") {
        s.flow.open(StaffScreen::Enrol, s.later());
        s.flow.setHubUrl("hub.example.go.th", s.later());
        s.flow.setCode("K7Q2-99XM", s.later());
        s.flow.enrol(s.later());
        CHECK_FALSE(s.flow.outcomeOk());
        CHECK(s.backend.asked.empty());
        s.flow.setHubUrl("https://hub.example.go.th", s.later());
        s.flow.enrol(s.later());
        CHECK(s.flow.outcomeOk());
        CHECK(s.flow.enrolled());
        CHECK(s.backend.asked == std::vector<std::string>{"enrol https://hub.example.go.th K7Q2-99XM"});
        CHECK(s.flow.code().empty());
    }
    SECTION("sync now runs on the program's worker, and its error is said as a kind with the detail apart") {
        s.flow.open(StaffScreen::Sync, s.later());
        s.flow.syncNow(s.later());
        CHECK(s.flow.syncPending());  // the program runs backend.syncNow() off the drawing thread
        CHECK(s.flow.outcome()->en == "Sending…");
        CHECK(s.backend.asked.empty());
        s.flow.syncNow(s.later());  // a second press while it runs asks nothing more
        s.flow.synced(s.backend.syncNow(), s.later());
        CHECK_FALSE(s.flow.syncPending());
        CHECK(s.flow.outcomeOk());
        CHECK(s.flow.outcome()->en == "sent 4 records");
        s.backend.failSync = true;
        s.flow.syncNow(s.later());
        s.flow.synced(s.backend.syncNow(), s.later());
        CHECK_FALSE(s.flow.outcomeOk());
        CHECK(s.flow.outcome()->en == "Sync failed");
        CHECK(s.flow.problem() == SyncProblem::Unreachable);
        CHECK(s.flow.detail() == "the hub did not answer");
        CHECK(s.backend.asked == std::vector<std::string>{"sync", "sync"});
    }
    SECTION("a sync under way is not cut by the idle lock") {
        s.flow.open(StaffScreen::Sync, s.later());
        s.flow.syncNow(s.later());
        s.later(10 * 60'000);
        s.flow.tick(s.now);
        CHECK(s.flow.screen() == StaffScreen::Sync);
        s.flow.synced(std::string("sent"), s.now);
        s.later(121'000);
        s.flow.tick(s.now);
        CHECK(s.flow.screen() == StaffScreen::Pin);
    }
    SECTION("export to a mounted stick or a typed folder") {
        s.flow.open(StaffScreen::Export, s.later());
        REQUIRE(s.flow.media().size() == 1);
        s.flow.exportTo(0, s.later());
        s.flow.setFolder("backup", s.later());
        s.flow.exportToFolder(s.later());
        CHECK_FALSE(s.flow.outcomeOk());
        s.flow.setFolder("/srv/backup", s.later());
        s.flow.exportToFolder(s.later());
        CHECK(s.backend.asked == std::vector<std::string>{"export /media/kiosk/USB STICK", "export /srv/backup"});
    }
    SECTION("print a test receipt") {
        s.flow.open(StaffScreen::Printer, s.later());
        s.flow.printTest(s.later());
        CHECK(s.flow.printPending());  // printed between frames, by the program
        s.flow.printed(s.backend.printTest());
        CHECK_FALSE(s.flow.printPending());
        CHECK(s.flow.outcome()->en == "printed");
    }
    SECTION("switch to field survey, and leaving locks the menu") {
        s.flow.switchTo(TerminalMode::Field, s.later());
        CHECK(s.flow.leaving());
        CHECK(s.flow.mode() == TerminalMode::Field);
    }
    SECTION("back from an item is the menu; back from the menu leaves") {
        s.flow.open(StaffScreen::Content, s.later());
        s.flow.back(s.later());
        CHECK(s.flow.screen() == StaffScreen::Menu);
        s.flow.back(s.later());
        CHECK(s.flow.leaving());
        CHECK(s.flow.screen() == StaffScreen::Pin);
    }
}

TEST_CASE("without a PIN set up the menu says so, and field mode on such a device opens it directly", "[staff]") {
    RecordingBackend backend;
    StaffFlow citizen(backend, StaffPolicy{}, TerminalMode::Citizen, DisplaySettings{}, 0);
    CHECK(citizen.screen() == StaffScreen::Pin);
    REQUIRE(citizen.outcome().has_value());
    CHECK_THAT(citizen.outcome()->en, Contains("No staff PIN"));
    StaffPolicy open;
    open.pinRequired = false;
    StaffFlow field(backend, open, TerminalMode::Field, DisplaySettings{}, 0);
    CHECK(field.screen() == StaffScreen::Menu);
}

TEST_CASE("sync and enrolment errors are sorted into kinds a person can be told about", "[staff]") {
    using core::ErrorCode;
    struct Case {
        ErrorCode code;
        const char* message;
        SyncProblem kind;
    };
    const Case cases[] = {
        {ErrorCode::Network, "the hub could not be reached (Failed to connect to 10.0.0.9 port 443)", SyncProblem::Unreachable},
        {ErrorCode::Network, "could not reach the hub: Could not resolve host: hub.example.go.th", SyncProblem::Unreachable},
        {ErrorCode::Network, "the connection was too slow or stalled (Operation timed out after 30001 ms)", SyncProblem::Slow},
        {ErrorCode::Network, "SSL certificate problem: unable to get local issuer certificate", SyncProblem::Certificate},
        {ErrorCode::Io, "the hub could not be reached (Connection refused)", SyncProblem::Unreachable},
        {ErrorCode::Io, "records.db: disk I/O error", SyncProblem::Storage},
        {ErrorCode::NotAHubAnswer, "a 200 with text/html, not the hub's signed answer", SyncProblem::NotTheHub},
        {ErrorCode::NotFound, "this device is not enrolled with a hub yet (hub.json does not exist)", SyncProblem::NotEnrolled},
        {ErrorCode::UnknownDevice, "the hub refused: unknown device", SyncProblem::UnknownDevice},
        {ErrorCode::RevokedDevice, "the hub refused: revoked", SyncProblem::Revoked},
        {ErrorCode::BadEnrolmentCode, "the hub refused the enrolment: no such code", SyncProblem::BadCode},
        {ErrorCode::ExpiredEnrolmentCode, "the hub refused the enrolment: expired", SyncProblem::ExpiredCode},
        {ErrorCode::UsedEnrolmentCode, "the hub refused the enrolment: used", SyncProblem::UsedCode},
        {ErrorCode::InvalidArgument, "this device is enrolled already (office 6340105); a device is enrolled once",
         SyncProblem::AlreadyEnrolled},
        {ErrorCode::InvalidArgument, "an enrolment code has 12 letters and digits, like ABCD-EFGH-JKMN", SyncProblem::BadAddress},
        {ErrorCode::StaleRequest, "the hub refused: the request's time is outside the window", SyncProblem::Clock},
        {ErrorCode::Busy, "the hub refused: busy", SyncProblem::HubBusy},
        {ErrorCode::Internal, "the hub refused: internal error", SyncProblem::HubFailed},
        {ErrorCode::BadSignature, "the hub refused: bad signature", SyncProblem::Rejected},
    };
    for (const Case& c : cases) {
        INFO(c.message);
        CHECK(std::string(syncProblemName(syncProblemOf(c.code, c.message))) == syncProblemName(c.kind));
    }
}

TEST_CASE("removable media are read from /proc/mounts", "[staff]") {
    const auto media = removableMediaIn("/dev/mmcblk0p2 / ext4 rw 0 0\n"
                                        "/dev/sda1 /media/kiosk/USB\\040STICK vfat rw 0 0\n"
                                        "/dev/sdb1 /run/media/somsri/DATA exfat rw 0 0\n"
                                        "tmpfs /run tmpfs rw 0 0\n");
    REQUIRE(media.size() == 2);
    CHECK(media[0] == "/media/kiosk/USB STICK");
    CHECK(media[1] == "/run/media/somsri/DATA");
}
