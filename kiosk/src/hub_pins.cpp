#include "kiosk/hub_pins.hpp"

#include "core/files.hpp"

#include <nlohmann/json.hpp>

namespace fangsiang::kiosk {

namespace fs = std::filesystem;

static constexpr std::size_t kMaxPinsFileSize = 16 * 1024;

core::Result<HubPins> loadHubPins(const fs::path& dataDir) {
    const fs::path file = dataDir / kHubPinsFile;
    auto read = core::readFile(file, kMaxPinsFileSize);
    if (!read && read.error().code == core::ErrorCode::NotFound)
        return core::makeError(core::ErrorCode::NotFound, "this device is not enrolled with a hub yet (" + file.string() +
                                                  " does not exist)");
    const auto raw = TRY(std::move(read));
    auto json = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return core::makeError(core::ErrorCode::Corrupt, file.string() + " is not valid JSON");

    auto text = [&](const char* key, bool required) -> core::Result<std::string> {
        auto it = json.find(key);
        if (it == json.end()) {
            if (required)
                return core::makeError(core::ErrorCode::Corrupt, file.string() + ": \"" + key + "\" is missing");
            return std::string();
        }
        if (!it->is_string())
            return core::makeError(core::ErrorCode::Corrupt, file.string() + ": \"" + key + "\" must be text");
        return it->get<std::string>();
    };
    HubPins pins;
    const auto signing = TRY(text("hub_signing_key", true));
    const auto box = TRY(text("hub_box_key", true));
    auto signingKey = core::fixedFromHex<core::kPublicKeySize>(signing);
    if (!signingKey)
        return core::makeError(core::ErrorCode::Corrupt, file.string() + ": \"hub_signing_key\" must be 64 hex digits");
    auto boxKey = core::fixedFromHex<core::kBoxPublicKeySize>(box);
    if (!boxKey)
        return core::makeError(core::ErrorCode::Corrupt, file.string() + ": \"hub_box_key\" must be 64 hex digits");
    pins.hubSigningKey = *signingKey;
    pins.hubBoxKey = *boxKey;
    pins.hubUrl = TRY(text("hub_url", true));
    pins.officeCode = TRY(text("office_code", true));
    pins.officeName = TRY(text("office_name", false));
    if (auto it = json.find("device_number"); it != json.end()) {
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 9999)
            return core::makeError(core::ErrorCode::Corrupt, file.string() + ": \"device_number\" must be a whole number from 0 to 9999");
        pins.deviceNumber = static_cast<std::uint32_t>(it->get<std::int64_t>());
    }
    if (auto it = json.find("enrolled_at_ms"); it != json.end()) {
        if (!it->is_number_integer())
            return core::makeError(core::ErrorCode::Corrupt, file.string() + ": \"enrolled_at_ms\" must be a whole number");
        pins.enrolledAtMs = it->get<std::int64_t>();
    }
    return pins;
}

core::Status saveHubPins(const fs::path& dataDir, const HubPins& pins) {
    nlohmann::json json = {
        {"hub_signing_key", core::toHex(pins.hubSigningKey)},
        {"hub_box_key", core::toHex(pins.hubBoxKey)},
        {"hub_url", pins.hubUrl},
        {"office_code", pins.officeCode},
        {"office_name", pins.officeName},
        {"device_number", pins.deviceNumber},
        {"enrolled_at_ms", pins.enrolledAtMs},
    };
    const std::string text = json.dump(2) + "\n";
    return core::writeFileAtomically(dataDir / kHubPinsFile, core::asBytes(text));
}

}  // namespace fangsiang::kiosk
