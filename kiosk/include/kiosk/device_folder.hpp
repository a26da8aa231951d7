#pragma once
// The identity of a kiosk's data folder. The device key is the device: every
// record it made is signed with it, and the hub knows the device by it. A
// key is made only for a folder that has never been a device (no hub.json,
// no records in records.db); a folder that has been one and lost device.key
// is refused with words saying so, never given a new key silently, which
// would sign as another device that no hub knows.

#include "core/identity.hpp"

#include <filesystem>

namespace fangsiang::kiosk {

// Loads `<dataDir>/device.key`, or makes it (and the folder, 0700) for a new
// folder. Refuses, changing nothing, when the key is missing but the folder
// is enrolled or its store holds records.
[[nodiscard]] core::Result<core::DeviceIdentity> openDeviceIdentity(const std::filesystem::path& dataDir);

// The same checks without making a key: Ok when the key loads, or when the
// folder is new and has none yet.
[[nodiscard]] core::Status checkDeviceIdentity(const std::filesystem::path& dataDir);

}  // namespace fangsiang::kiosk
