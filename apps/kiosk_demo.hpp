#pragma once
// The scripted demo: a citizen's complaint (with contact details), the
// survey and a ticket check walked through the real screens with scripted
// touches and typing, saving a PNG of every screen it passes. It runs under
// whatever SDL video driver is set (the offscreen one for CI and for the
// end-to-end test).

#include "kiosk_app.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace fangsiang {

struct DemoResult {
    std::vector<std::filesystem::path> screenshots;
    std::string ticket;
    std::filesystem::path receipt;
};
// Saves "<outDir>/<size>-<nn>-<screen>.png" for every screen, e.g.
// "800x480-th-03-home.png".
[[nodiscard]] core::Result<DemoResult> runScriptedDemo(KioskApp& app, const std::filesystem::path& outDir,
                                                        int width, int height, core::Language language);

// A citizen looks up `ticket` on the real screens, as the kiosk's store
// knows it after its last sync; the ticket screen is saved as
// "<outDir>/<size>-<lang>-ticket-<ticket>-NN-ticket-result.png", returned.
[[nodiscard]] core::Result<std::filesystem::path> runTicketLookup(KioskApp& app, const std::filesystem::path& outDir,
                                                                   int width, int height, core::Language language,
                                                                   const std::string& ticket);

}  // namespace fangsiang
