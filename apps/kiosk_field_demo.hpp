#pragma once
// The scripted field session: an enumerator chooses herself, the buyer
// survey and the session's site, interviews three respondents on the real
// screens, sets a fourth interview aside as a draft, then opens the staff
// menu and each of its items; every screen is saved as PNG. The citizen
// kiosk's long press on the office's name, which asks for the staff PIN,
// is shown too.

#include "kiosk_app.hpp"
#include "kiosk_demo.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace fangsiang {

struct FieldDemoResult {
    std::vector<std::filesystem::path> screenshots;
    int respondents = 0;
    // Touches (taps and keys) from "next respondent" to the record signed,
    // for each respondent, consent included.
    std::vector<int> touchesPerRespondent;
};

// Saves "<outDir>/<size>-<lang>-field-<nn>-<screen>.png". `staffPin` is the
// PIN the configuration's [staff] pin_hash was made from.
[[nodiscard]] core::Result<FieldDemoResult> runFieldDemo(KioskApp& app, const std::filesystem::path& outDir, int width,
                                                         int height, core::Language language,
                                                         const std::string& staffPin);

}  // namespace fangsiang
