#include "kiosk/device_folder.hpp"

#include "kiosk/hub_pins.hpp"
#include "kiosk/store.hpp"

#include "core/crypto.hpp"

#include <optional>
#include <string>

namespace fangsiang::kiosk {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;

namespace {

bool present(const fs::path& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec));
}

// Why a missing key must not be replaced in `dataDir`, or nullopt when the
// folder has never been a device.
core::Result<std::optional<std::string>> reasonKeyMustExist(const fs::path& dataDir) {
    if (present(dataDir / kHubPinsFile))
        return std::optional<std::string>("the folder is enrolled with a hub (" + std::string(kHubPinsFile) + ")");
    const fs::path records = dataDir / "records.db";
    std::error_code ec;
    if (present(records) && fs::file_size(records, ec) > 0 && !ec) {
        auto store = Store::open(records);
        if (!store)
            return std::optional<std::string>("its record store cannot be read (" + store.error().message + ")");
        const auto counts = TRY(store->counts());
        const auto device = TRY(store->device());
        if (counts.head.sequence > 0 || device)
            return std::optional<std::string>(
                "its record store holds the records of device " +
                (device ? core::toHex(*device).substr(0, 8) : std::string("(unknown)")) + " up to record " +
                std::to_string(counts.head.sequence));
    }
    return std::optional<std::string>{};
}

core::Error keyLost(const fs::path& dataDir, const std::string& reason) {
    return makeError(ErrorCode::NotFound,
                     "the device key " + (dataDir / core::kDeviceKeyFile).string() + " is missing, but " + reason +
                         ". This kiosk's identity is lost, and a new key would sign as another device, so none is "
                         "made. Put device.key back from a backup; otherwise the office revokes this device at the "
                         "hub and enrols the kiosk afresh with a new data folder");
}

}  // namespace

core::Result<core::DeviceIdentity> openDeviceIdentity(const fs::path& dataDir) {
    TRY(core::sodiumInit());
    const fs::path keyFile = dataDir / core::kDeviceKeyFile;
    if (present(keyFile))
        return core::DeviceIdentity::load(keyFile);
    if (const auto reason = TRY(reasonKeyMustExist(dataDir)))
        return keyLost(dataDir, *reason);
    return core::DeviceIdentity::loadOrCreate(dataDir);
}

core::Status checkDeviceIdentity(const fs::path& dataDir) {
    TRY(core::sodiumInit());
    const fs::path keyFile = dataDir / core::kDeviceKeyFile;
    if (present(keyFile)) {
        TRY(core::DeviceIdentity::load(keyFile));
        return core::Ok{};
    }
    if (const auto reason = TRY(reasonKeyMustExist(dataDir)))
        return keyLost(dataDir, *reason);
    return core::Ok{};
}

}  // namespace fangsiang::kiosk
