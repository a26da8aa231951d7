#include "core/identity.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::test;
namespace fs = std::filesystem;

static unsigned modeOf(const fs::path& path) {
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

TEST_CASE("the device identity is made once, kept private, and loads the same", "[identity]") {
    TempDir dir;
    auto data = dir / "data";

    auto first = DeviceIdentity::loadOrCreate(data);
    REQUIRE(first.ok());
    CHECK(modeOf(data / kDeviceKeyFile) == 0600);
    CHECK(modeOf(data) == 0700);
    CHECK(fs::file_size(data / kDeviceKeyFile) == 64);

    auto again = DeviceIdentity::loadOrCreate(data);
    REQUIRE(again.ok());
    CHECK(again->publicKey() == first->publicKey());
    CHECK(again->deviceId().size() == 64);
    CHECK(again->shortId() == again->deviceId().substr(0, 8));

    SECTION("signatures made after a reload verify against the first key") {
        Signature sig = again->sign(asBytes("ฟังเสียง"));
        CHECK(verifyDetached(asBytes("ฟังเสียง"), sig, first->publicKey()));
    }
}

TEST_CASE("a damaged or exposed key file is refused with a clear error", "[identity]") {
    TempDir dir;
    auto data = dir / "data";
    REQUIRE(DeviceIdentity::loadOrCreate(data).ok());
    const auto keyFile = data / kDeviceKeyFile;
    const std::string original = readAll(keyFile);

    SECTION("readable by others") {
        REQUIRE(::chmod(keyFile.c_str(), 0644) == 0);
        auto result = DeviceIdentity::loadOrCreate(data);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::Permissions);
        CHECK(result.error().message.find("chmod 600") != std::string::npos);
        CHECK(readAll(keyFile) == original);  // not "fixed" behind the owner's back
    }
    SECTION("truncated") {
        REQUIRE(writeFileAtomically(keyFile, asBytes(std::string_view(original).substr(0, 40)), 0600).ok());
        auto result = DeviceIdentity::loadOrCreate(data);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::Corrupt);
        CHECK(result.error().message.find("64 bytes") != std::string::npos);
        CHECK(fs::file_size(keyFile) == 40);  // never replaced by a new key
    }
    SECTION("halves that do not belong together") {
        std::string damaged = original;
        damaged[50] = static_cast<char>(damaged[50] ^ 0x10);
        REQUIRE(writeFileAtomically(keyFile, asBytes(damaged), 0600).ok());
        auto result = DeviceIdentity::loadOrCreate(data);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::Corrupt);
    }
    SECTION("a folder where the key should be") {
        fs::remove(keyFile);
        fs::create_directory(keyFile);
        auto result = DeviceIdentity::loadOrCreate(data);
        REQUIRE_FALSE(result.ok());
    }
}
