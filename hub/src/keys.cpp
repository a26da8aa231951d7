#include "hub/keys.hpp"

#include "core/files.hpp"

#include <algorithm>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

// Reads a secret file of exactly N bytes straight into a SecretKey, wiping the
// temporary buffer.
template <std::size_t N>
core::Result<core::SecretKey<N>> readSecret(const fs::path& file) {
    TRY(core::checkPrivateFile(file));
    auto raw = TRY(core::readFile(file, N + 1));
    if (raw.size() != N) {
        core::wipe(raw);
        return makeError(ErrorCode::Corrupt, file.string() + " is not a key file (" + std::to_string(N) +
                                                 " bytes expected, found " + std::to_string(raw.size()) + ")");
    }
    core::SecretKey<N> key;
    std::copy_n(raw.data(), N, key.data());
    core::wipe(raw);
    return key;
}

}  // namespace

core::Result<HubKeys> createHubKeys(const fs::path& hubDir) {
    TRY(core::sodiumInit());
    TRY(core::ensureDirectory(hubDir, 0700));
    for (const char* name : {kHubSigningKeyFile, kHubBoxKeyFile})
        if (fs::exists(hubDir / name))
            return makeError(ErrorCode::InvalidArgument,
                             (hubDir / name).string() +
                                 " already exists; the hub has keys that enrolled devices trust, and they are kept");
    HubKeys keys{core::randomSigningKeyPair(), core::randomBoxKeyPair()};
    TRY(core::writeFileAtomically(hubDir / kHubSigningKeyFile, keys.signing.secretKey.bytes(), 0600));
    TRY(core::writeFileAtomically(hubDir / kHubBoxKeyFile, keys.box.secretKey.bytes(), 0600));
    return keys;
}

core::Result<HubKeys> loadHubKeys(const fs::path& hubDir) {
    TRY(core::sodiumInit());
    if (!fs::exists(hubDir / kHubSigningKeyFile))
        return makeError(ErrorCode::NotFound,
                         "the hub has no keys in " + hubDir.string() + " yet; run `fangsiang-hub init` first");
    auto signing = TRY(readSecret<64>(hubDir / kHubSigningKeyFile));
    auto box = TRY(readSecret<32>(hubDir / kHubBoxKeyFile));
    return HubKeys{TRY(core::signingKeyPairFromSecret(std::move(signing))),
                   TRY(core::boxKeyPairFromSecret(std::move(box)))};
}

}  // namespace fangsiang::hub
