// Power-cut durability: a writer process is killed with SIGKILL at random
// moments while it appends; after every kill the store must open, pass
// SQLite's integrity check, verify as a chain, and hold every record the
// writer reported as committed. Zero loss.
//
// Rounds: 200 by default; set FANGSIANG_POWERCUT_ROUNDS for a longer run.

#include "kiosk/store.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <string>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;

namespace {

struct Round {
    std::set<std::uint64_t> reported;
    bool killedBeforeFirstRecord = false;
};

// Starts the writer, lets it run until `afterFirst` has passed since its first
// reported record (or kills it at once when `early`), then SIGKILLs it and
// collects every line it managed to write.
Round runWriter(const std::filesystem::path& dataDir, std::chrono::microseconds afterFirst, bool early) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::execl(FANGSIANG_STORE_WRITER, "store_writer", dataDir.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    ::close(fds[1]);

    Round round;
    std::string pending;
    auto consume = [&](bool block, int timeoutMs) {
        pollfd pfd{fds[0], POLLIN, 0};
        if (::poll(&pfd, 1, block ? timeoutMs : 0) <= 0)
            return false;
        char buf[4096];
        ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0)
            return false;
        pending.append(buf, static_cast<std::size_t>(n));
        for (auto eol = pending.find('\n'); eol != std::string::npos; eol = pending.find('\n')) {
            round.reported.insert(std::stoull(pending.substr(0, eol)));
            pending.erase(0, eol + 1);
        }
        return true;
    };

    if (early) {
        // Somewhere in start-up: opening, migrating, the first commit.
        ::usleep(static_cast<useconds_t>(afterFirst.count()));
        round.killedBeforeFirstRecord = round.reported.empty();
    } else {
        const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (round.reported.empty() && std::chrono::steady_clock::now() < giveUp)
            consume(true, 100);
        REQUIRE_FALSE(round.reported.empty());
        const auto deadline = std::chrono::steady_clock::now() + afterFirst;
        while (std::chrono::steady_clock::now() < deadline)
            consume(true, 1);
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    // What the writer wrote before it died is still in the pipe.
    while (consume(true, 0)) {
    }
    ::close(fds[0]);
    CHECK(WIFSIGNALED(status));
    if (WIFEXITED(status))
        FAIL("the writer exited by itself with status " << WEXITSTATUS(status));
    return round;
}

int roundsWanted() {
    if (const char* env = std::getenv("FANGSIANG_POWERCUT_ROUNDS"))
        return std::max(1, std::atoi(env));
    return 200;
}

}  // namespace

TEST_CASE("no committed record is lost when the writer is killed at any moment", "[store][powercut]") {
    TempDir dir;
    const int rounds = roundsWanted();
    std::mt19937 rng(20261122);
    std::uniform_int_distribution<int> delayUs(0, 40'000);
    std::uniform_int_distribution<int> earlyChance(0, 9);

    std::set<std::uint64_t> everReported;
    std::uint64_t kills = 0;
    for (int i = 0; i < rounds; ++i) {
        const bool early = earlyChance(rng) == 0;
        Round round = runWriter(dir.path(), std::chrono::microseconds(delayUs(rng)), early);
        ++kills;
        everReported.insert(round.reported.begin(), round.reported.end());

        auto store = Store::open(dir / "records.db");
        INFO("round " << i << ": " << (store.ok() ? std::string("opened") : store.error().describe()));
        REQUIRE(store.ok());
        auto integrity = store->integrityCheck();
        REQUIRE(integrity.ok());
        REQUIRE(*integrity == "ok");
        auto report = store->verify();
        REQUIRE(report.ok());
        INFO((report->problem ? report->problem->describe() : std::string()));
        REQUIRE(report->ok());
        if (!everReported.empty())
            REQUIRE(report->head.sequence >= *everReported.rbegin());
        for (std::uint64_t seq : round.reported) {
            auto record = store->get(seq);
            REQUIRE(record.ok());
            INFO("record " << seq << " was reported committed");
            REQUIRE(record->has_value());
        }
    }
    // Every record ever reported, checked once more at the end.
    auto store = Store::open(dir / "records.db");
    REQUIRE(store.ok());
    for (std::uint64_t seq : everReported)
        REQUIRE(store->get(seq)->has_value());
    WARN("power-cut test: " << kills << " kills, " << everReported.size()
                            << " committed records reported, none lost; head is record "
                            << store->head()->sequence);
}
