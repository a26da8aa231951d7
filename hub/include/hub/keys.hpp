#pragma once
// The hub's own keys, made once by `fangsiang-hub init`: Ed25519 to sign what
// it sends down (acks, enrolment answers, content, ticket updates) and X25519
// to open citizens' sealed personal data. Each secret lives in its own file,
// mode 0600, in the hub's folder, and in memory only as a wiped SecretKey.

#include "core/crypto.hpp"
#include "core/result.hpp"

#include <filesystem>

namespace fangsiang::hub {

inline constexpr const char* kHubSigningKeyFile = "hub-signing.key";  // 64 bytes: libsodium Ed25519 secret key
inline constexpr const char* kHubBoxKeyFile = "hub-box.key";          // 32 bytes: X25519 secret key

struct HubKeys {
    core::SigningKeyPair signing;
    core::BoxKeyPair box;
};

// Creates both key files; refuses to replace keys that exist, since every
// enrolled device has pinned them.
[[nodiscard]] core::Result<HubKeys> createHubKeys(const std::filesystem::path& hubDir);
// Loads both; refuses files readable by others, or of the wrong size.
[[nodiscard]] core::Result<HubKeys> loadHubKeys(const std::filesystem::path& hubDir);


}  // namespace fangsiang::hub
