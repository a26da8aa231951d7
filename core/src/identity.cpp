#include "core/identity.hpp"

#include "core/files.hpp"

#include <algorithm>

namespace fangsiang::core {

namespace fs = std::filesystem;

// The key file holds libsodium's 64-byte Ed25519 secret key: the 32-byte
// seed followed by the public key. The duplicate public key lets a load check
// that the file is intact.
static constexpr std::size_t kKeyFileSize = kSigningSecretKeySize;
static_assert(kKeyFileSize == 64);

DeviceIdentity DeviceIdentity::fromSeed(const SecretKey<32>& seed) {
    return DeviceIdentity(signingKeyPairFromSeed(seed));
}

Result<DeviceIdentity> DeviceIdentity::load(const fs::path& keyFile) {
    TRY(sodiumInit());
    TRY(checkPrivateFile(keyFile));
    auto raw = TRY(readFile(keyFile, kKeyFileSize + 1));
    // Wipe the plain copy however we leave.
    struct Wipe {
        Bytes& b;
        ~Wipe() { core::wipe(b); }
    } wipe{raw};

    if (raw.size() != kKeyFileSize)
        return makeError(ErrorCode::Corrupt, keyFile.string() + " is damaged: a device key is " +
                                                 std::to_string(kKeyFileSize) + " bytes, this file has " +
                                                 std::to_string(raw.size()));
    SecretKey<32> seed;
    std::copy_n(raw.begin(), 32, seed.data());
    auto keys = signingKeyPairFromSeed(seed);
    if (!std::equal(keys.publicKey.begin(), keys.publicKey.end(), raw.begin() + 32))
        return makeError(ErrorCode::Corrupt, keyFile.string() +
                                                 " is damaged: its public half does not match its secret half");
    return DeviceIdentity(std::move(keys));
}

Result<DeviceIdentity> DeviceIdentity::loadOrCreate(const fs::path& dataDir) {
    TRY(sodiumInit());
    TRY(ensureDirectory(dataDir, 0700));
    fs::path keyFile = dataDir / kDeviceKeyFile;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(keyFile, ec)))
        return load(keyFile);

    auto keys = randomSigningKeyPair();
    TRY(writeFileAtomically(keyFile, ByteView(keys.secretKey.data(), keys.secretKey.size()), 0600));
    return DeviceIdentity(std::move(keys));
}

}  // namespace fangsiang::core
