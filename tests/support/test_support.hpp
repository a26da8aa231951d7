#pragma once
// Shared helpers for the kiosk tests: temporary folders that clean up after
// themselves, deterministic identities, and a clock.

#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"
#include "core/record.hpp"

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

}  // namespace fangsiang::test
