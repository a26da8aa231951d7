#pragma once
// What a device learns about its hub at enrolment and trusts from then on:
// the hub's Ed25519 key (to verify acknowledgements, content bundles and
// ticket updates) and its X25519 key (to seal citizens' personal data), the
// hub's address and the office the device serves. Kept in the data folder as
// `hub.json`. The keys are public; the file is written atomically so a power
// cut never leaves a device half-enrolled.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace fangsiang::kiosk {

inline constexpr const char* kHubPinsFile = "hub.json";

struct HubPins {
    core::PublicKey hubSigningKey{};
    core::BoxPublicKey hubBoxKey{};
    std::string hubUrl;      // e.g. "https://hub.example.go.th"
    std::string officeCode;  // the office's code, e.g. "6340105" (DOPA-style local office code)
    std::string officeName;  // shown on receipts, e.g. "เทศบาลตำบลบ้านสวน"
    // The device's number within its office (1-9999), assigned by the hub at
    // enrolment; part of every ticket number (kiosk/ticket.hpp). 0 = unknown.
    std::uint32_t deviceNumber = 0;
    std::int64_t enrolledAtMs = 0;
};

// Loads `<dataDir>/hub.json`. NotFound when the device is not enrolled; a
// clear Corrupt/InvalidArgument error naming the field when the file is bad.
[[nodiscard]] core::Result<HubPins> loadHubPins(const std::filesystem::path& dataDir);
[[nodiscard]] core::Status saveHubPins(const std::filesystem::path& dataDir, const HubPins& pins);

}  // namespace fangsiang::kiosk
