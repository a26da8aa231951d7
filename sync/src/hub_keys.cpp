#include "sync/hub_keys.hpp"

#include "kiosk/files.hpp"

#include <sodium.h>

#include <algorithm>

namespace fangsiang::sync {

namespace fs = std::filesystem;
using kiosk::ErrorCode;
using kiosk::makeError;
using kiosk::Result;

namespace {

// Reads a secret file of exactly N bytes straight into a SecretKey, wiping the
// temporary buffer.
template <std::size_t N>
Result<kiosk::SecretKey<N>> readSecret(const fs::path& file) {
    KIOSK_TRY(kiosk::checkPrivateFile(file));
    auto raw = kiosk::readFile(file, N + 1);
    if (!raw)
        return raw.error();
    if (raw->size() != N) {
        sodium_memzero(raw->data(), raw->size());
        return makeError(ErrorCode::Corrupt, file.string() + " is not a key file (" + std::to_string(N) +
                                                 " bytes expected, found " + std::to_string(raw->size()) + ")");
    }
    kiosk::SecretKey<N> key;
    std::copy_n(raw->data(), N, key.data());
    sodium_memzero(raw->data(), raw->size());
    return key;
}

}  // namespace

Result<HubKeys> createHubKeys(const fs::path& hubDir) {
    KIOSK_TRY(kiosk::sodiumInit());
    KIOSK_TRY(kiosk::ensureDirectory(hubDir, 0700));
    for (const char* name : {kHubSigningKeyFile, kHubBoxKeyFile})
        if (fs::exists(hubDir / name))
            return makeError(ErrorCode::InvalidArgument,
                             (hubDir / name).string() +
                                 " already exists; the hub has keys that enrolled devices trust, and they are kept");
    HubKeys keys{kiosk::randomSigningKeyPair(), kiosk::randomBoxKeyPair()};
    KIOSK_TRY(kiosk::writeFileAtomically(hubDir / kHubSigningKeyFile, keys.signing.secretKey.bytes(), 0600));
    KIOSK_TRY(kiosk::writeFileAtomically(hubDir / kHubBoxKeyFile, keys.box.secretKey.bytes(), 0600));
    return keys;
}

Result<HubKeys> loadHubKeys(const fs::path& hubDir) {
    KIOSK_TRY(kiosk::sodiumInit());
    if (!fs::exists(hubDir / kHubSigningKeyFile))
        return makeError(ErrorCode::NotFound,
                         "the hub has no keys in " + hubDir.string() + " yet; run `fangsiang-hub init` first");
    auto signing = readSecret<64>(hubDir / kHubSigningKeyFile);
    if (!signing)
        return signing.error();
    auto box = readSecret<32>(hubDir / kHubBoxKeyFile);
    if (!box)
        return box.error();
    HubKeys keys;
    keys.signing.secretKey = std::move(*signing);
    if (crypto_sign_ed25519_sk_to_pk(keys.signing.publicKey.data(), keys.signing.secretKey.data()) != 0)
        return makeError(ErrorCode::Crypto, "the hub's signing key could not be read");
    keys.box.secretKey = std::move(*box);
    if (crypto_scalarmult_base(keys.box.publicKey.data(), keys.box.secretKey.data()) != 0)
        return makeError(ErrorCode::Crypto, "the hub's box key could not be read");
    return keys;
}

std::string keyFingerprint(const kiosk::PublicKey& key) { return kiosk::toHex(key).substr(0, 16); }

}  // namespace fangsiang::sync
