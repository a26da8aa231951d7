// Drafts through power cuts: an enumerator process (field_writer.cpp) is
// killed with SIGKILL at random moments while it answers and submits; after
// every kill the draft of the interview in progress must hold every answer
// the writer reported, the restarted writer must resume it with them, and
// no interview may ever be signed twice or lost.
//
// Rounds: 60 by default; set FANGSIANG_POWERCUT_ROUNDS for a longer run.

#include "kiosk/drafts.hpp"
#include "kiosk/store.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>

using namespace fangsiang;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;

namespace {

// Starts the writer, waits for its first line, lets it run `afterFirst`
// more, kills it and returns every line it wrote.
std::vector<std::string> runWriter(const std::filesystem::path& dataDir, std::chrono::microseconds afterFirst) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::execl(FANGSIANG_FIELD_WRITER, "field_writer", dataDir.c_str(), FANGSIANG_ASSETS_DIR, static_cast<char*>(nullptr));
        _exit(127);
    }
    ::close(fds[1]);
    std::vector<std::string> lines;
    std::string pending;
    auto consume = [&](int timeoutMs) {
        pollfd pfd{fds[0], POLLIN, 0};
        if (::poll(&pfd, 1, timeoutMs) <= 0)
            return false;
        char buf[4096];
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0)
            return false;
        pending.append(buf, static_cast<std::size_t>(n));
        for (auto eol = pending.find('\n'); eol != std::string::npos; eol = pending.find('\n')) {
            lines.push_back(pending.substr(0, eol));
            pending.erase(0, eol + 1);
        }
        return true;
    };
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (lines.empty() && std::chrono::steady_clock::now() < giveUp)
        if (!consume(100)) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid)
                FAIL("the writer stopped by itself with status " << WEXITSTATUS(status));
        }
    const auto deadline = std::chrono::steady_clock::now() + afterFirst;
    while (std::chrono::steady_clock::now() < deadline)
        consume(1);
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    while (consume(0)) {
    }
    ::close(fds[0]);
    if (WIFEXITED(status))
        FAIL("the writer exited by itself with status " << WEXITSTATUS(status));
    return lines;
}

int roundsWanted() {
    if (const char* env = std::getenv("FANGSIANG_POWERCUT_ROUNDS"))
        return std::max(1, std::atoi(env));
    return 60;
}

// Interview ids of the store's records, with how many records carry each.
std::map<std::string, int> signedInterviews(Store& store) {
    std::map<std::string, int> out;
    const auto head = store.head().value();
    for (std::uint64_t s = 1; s <= head.sequence; ++s) {
        const auto record = store.get(s).value();
        REQUIRE(record.has_value());
        const auto payload = nlohmann::json::parse(record->payload());
        ++out[payload["session"]["interview"].get<std::string>()];
    }
    return out;
}

}  // namespace

TEST_CASE("a draft survives SIGKILL at any moment and resumes with its answers, and no interview is signed twice",
          "[field][drafts][powercut]") {
    TempDir dir;
    const int rounds = roundsWanted();
    std::mt19937 rng(20261201);
    std::uniform_int_distribution<int> delayUs(0, 60'000);

    std::set<std::string> everSigned;
    // The interview in progress when the writer died, and the answers it had reported.
    std::string inProgress;
    int reportedAnswers = 0;
    int resumed = 0;
    for (int i = 0; i < rounds; ++i) {
        const auto lines = runWriter(dir.path(), std::chrono::microseconds(delayUs(rng)));
        INFO("round " << i << ", " << lines.size() << " lines");
        for (const std::string& line : lines) {
            std::istringstream in(line);
            std::string what, id;
            int answers = 0;
            in >> what >> id >> answers;
            if (what == "resumed") {
                // The restarted writer picks up the interview it was killed in,
                // with every answer it had reported (or more: one written as it died).
                if (!inProgress.empty() && !everSigned.contains(inProgress)) {
                    CHECK(id == inProgress);
                    CHECK(answers >= reportedAnswers);
                }
                ++resumed;
                inProgress = id;
                reportedAnswers = answers;
            } else if (what == "answered") {
                inProgress = id;
                reportedAnswers = answers;
            } else if (what == "signed") {
                everSigned.insert(id);
            } else {
                FAIL("the writer wrote " << line);
            }
        }

        auto store = Store::open(dir / "records.db");
        REQUIRE(store.ok());
        REQUIRE(store->integrityCheck().value() == "ok");
        REQUIRE(store->verify().value().ok());
        const auto interviews = signedInterviews(*store);
        for (const auto& [id, count] : interviews) {
            INFO("interview " << id);
            REQUIRE(count == 1);  // never signed twice
        }
        for (const std::string& id : everSigned)
            REQUIRE(interviews.contains(id));  // never lost
        // The interview in progress is a draft with its answers, or was signed just before the kill.
        if (!inProgress.empty() && !interviews.contains(inProgress)) {
            auto drafts = DraftStore::open(dir.path());
            REQUIRE(drafts.ok());
            const auto draft = drafts->find(inProgress).value();
            INFO("interview " << inProgress << " had " << reportedAnswers << " answers reported");
            REQUIRE(draft.has_value());
            CHECK(draft->answered >= reportedAnswers);
        }
    }
    auto store = Store::open(dir / "records.db");
    REQUIRE(store.ok());
    const auto interviews = signedInterviews(*store);
    WARN("field power-cut test: " << rounds << " kills, " << everSigned.size() << " interviews reported signed, "
                                  << interviews.size() << " in the store, each once; " << resumed
                                  << " drafts resumed after a kill");
    CHECK(resumed > 0);
}
