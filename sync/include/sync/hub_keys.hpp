#pragma once
// The hub's own keys, made once by `fangsiang-hub init`: Ed25519 to sign what
// it sends down (acks, enrolment answers, content, ticket updates) and X25519
// to open citizens' sealed personal data. Each secret lives in its own file,
// mode 0600, in the hub's folder, and in memory only as a wiped SecretKey.

#include "kiosk/crypto.hpp"
#include "kiosk/result.hpp"

#include <filesystem>

namespace fangsiang::sync {

inline constexpr const char* kHubSigningKeyFile = "hub-signing.key";  // 64 bytes: libsodium Ed25519 secret key
inline constexpr const char* kHubBoxKeyFile = "hub-box.key";          // 32 bytes: X25519 secret key

struct HubKeys {
    kiosk::SigningKeyPair signing;
    kiosk::BoxKeyPair box;
};

// Creates both key files; refuses to replace keys that exist, since every
// enrolled device has pinned them.
[[nodiscard]] kiosk::Result<HubKeys> createHubKeys(const std::filesystem::path& hubDir);
// Loads both; refuses files readable by others, or of the wrong size.
[[nodiscard]] kiosk::Result<HubKeys> loadHubKeys(const std::filesystem::path& hubDir);

// The first 16 hex digits of the signing key: printed with enrolment codes
// so the person enrolling can check they reached the right hub.
[[nodiscard]] std::string keyFingerprint(const kiosk::PublicKey& key);

}  // namespace fangsiang::sync
