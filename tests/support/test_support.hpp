#pragma once
// Shared helpers for the kiosk tests: temporary folders that clean up after
// themselves, deterministic identities, and a clock.

#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"
#include "core/record.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace fangsiang::test {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "fangsiang-test-XXXXXX").string();
        char* made = ::mkdtemp(pattern.data());
        if (made == nullptr)
            std::abort();
        m_path = made;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::filesystem::path operator/(std::string_view name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// An identity from a seed of `fill` bytes: the same key every run.
inline core::DeviceIdentity seededIdentity(std::uint8_t fill) {
    (void)core::sodiumInit();
    core::SecretKey<32> seed;
    for (std::size_t i = 0; i < seed.size(); ++i)
        seed.data()[i] = fill;
    return core::DeviceIdentity::fromSeed(seed);
}

inline constexpr std::int64_t kTestTimeMs = 1'795'000'000'000;  // 2026-11-18, a fixed moment

inline core::RecordDraft surveyDraft(int n) {
    return core::RecordDraft{core::RecordKind::SurveyResponse,
                       R"({"survey":"standard","answers":{"overall":)" + std::to_string(n % 5 + 1) + "}}",
                       {}};
}

inline std::string readAll(const std::filesystem::path& path) {
    auto bytes = core::readFile(path, 1u << 30);
    if (!bytes)
        return {};
    return std::string(bytes->begin(), bytes->end());
}

// Runs a shell command line and collects what it printed (stdout, and
// stderr where the command sends it there with 2>&1).
struct ProgramRun {
    int status = -1;  // as waitpid reports it
    std::string output;
    [[nodiscard]] bool exited() const { return WIFEXITED(status); }
    [[nodiscard]] int exitCode() const { return WEXITSTATUS(status); }
};
inline ProgramRun runProgram(const std::string& command) {
    ProgramRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr)
        return run;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        run.output.append(buffer, n);
    run.status = ::pclose(pipe);
    return run;
}

}  // namespace fangsiang::test
