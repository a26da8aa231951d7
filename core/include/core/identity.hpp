#pragma once
// The device's Ed25519 identity. Made on first run in the data folder as
// `device.key` (mode 0600); it never leaves the device. The public key is the
// device id that every record carries.

#include "core/crypto.hpp"

#include <filesystem>
#include <string>

namespace fangsiang::core {

inline constexpr const char* kDeviceKeyFile = "device.key";

class DeviceIdentity {
public:
    // Loads `<dataDir>/device.key`, or creates it (and the folder, 0700) when
    // absent. Refuses a key file that is corrupt or readable by others.
    // Only for a folder known to be new: a kiosk's data folder is opened with
    // kiosk::openDeviceIdentity, which never replaces the key of a folder
    // that has been a device (enrolled, or holding records).
    [[nodiscard]] static Result<DeviceIdentity> loadOrCreate(const std::filesystem::path& dataDir);
    [[nodiscard]] static Result<DeviceIdentity> load(const std::filesystem::path& keyFile);
    // Deterministic identity for known-answer tests and benchmarks.
    [[nodiscard]] static DeviceIdentity fromSeed(const SecretKey<32>& seed);

    [[nodiscard]] const PublicKey& publicKey() const { return m_keys.publicKey; }
    // 64 hex digits: the id the hub knows the device by.
    [[nodiscard]] std::string deviceId() const { return toHex(m_keys.publicKey); }
    // First 8 hex digits, for people (screens, logs).
    [[nodiscard]] std::string shortId() const { return deviceId().substr(0, 8); }

    [[nodiscard]] Signature sign(ByteView message) const { return signDetached(message, m_keys.secretKey); }

private:
    explicit DeviceIdentity(SigningKeyPair keys) : m_keys(std::move(keys)) {}
    SigningKeyPair m_keys;
};

}  // namespace fangsiang::core
