#pragma once
// The real programs as child processes, for the fault and load tests: a hub
// folder with keys and enrolment codes, `fangsiang-hub serve` started on an
// ephemeral port, and processes stopped gently or killed with SIGKILL.
// FANGSIANG_HUB_EXE names the hub binary (set by the test's CMake).

#include "sync_test_support.hpp"

#include "hub/keys.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fangsiang::test {

// Runs `args` (argv[0] a path) with stdout and stderr appended to `log`;
// with `alarmSeconds`, the child dies if it runs longer (the alarm survives exec);
// with `input`, the child's stdin is that file.
inline pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log, int alarmSeconds = 0,
                   const std::filesystem::path& input = {}) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (!input.empty()) {
            int in = ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
            if (in >= 0)
                ::dup2(in, STDIN_FILENO);
        }
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
        }
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        if (alarmSeconds > 0)
            ::alarm(static_cast<unsigned>(alarmSeconds));
        ::execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

inline void killHard(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

inline void stopGently(pid_t pid) {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

// Starts `fangsiang-hub serve` on an ephemeral port; returns pid and port.
inline std::pair<pid_t, int> startHubProcess(const std::filesystem::path& dir,
                                             std::vector<std::string> extraArgs = {}) {
    const auto portFile = dir / "port";
    std::filesystem::remove(portFile);
    std::vector<std::string> args = {FANGSIANG_HUB_EXE, "--dir", dir.string(), "serve", "--port-file", portFile.string()};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    pid_t pid = spawn(args, dir / "serve.log");
    for (int i = 0; i < 1200; ++i) {
        if (std::filesystem::exists(portFile)) {
            std::ifstream in(portFile);
            int port = 0;
            if (in >> port && port > 0)
                return {pid, port};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    killHard(pid);
    FAIL("the hub process did not start");
    return {-1, 0};
}

// A hub's folder: keys made, a store, and enrolment codes on demand.
struct HubFolder {
    TempDir dir;
    HubFolder() {
        REQUIRE(hub::createHubKeys(dir.path()).ok());
        REQUIRE(createTestStorage(dir.path()).ok());
    }
    std::string code() {
        auto keys = hub::loadHubKeys(dir.path());
        REQUIRE(keys.ok());
        auto storage = openTestStorage(dir.path());
        REQUIRE(storage.ok());
        hub::HubService service(**storage, *keys, quietOptions());
        auto code = service.createEnrolmentCode(kOffice, "เทศบาลตำบลบ้านสวน", std::chrono::minutes(10));
        REQUIRE(code.ok());
        return code->code;
    }
    std::unique_ptr<hub::HubStorage> open() {
        auto storage = openTestStorage(dir.path());
        REQUIRE(storage.ok());
        return std::move(*storage);
    }
};

}  // namespace fangsiang::test
