#pragma once
// The kiosk's configuration: a TOML file an office's IT person edits, with
// command-line flags on top. Every bad value is refused with the file, the
// line and the key in plain words; nothing starts with a half-read config.

#include "kiosk/escpos.hpp"
#include "kiosk/field_flow.hpp"
#include "kiosk/flow.hpp"
#include "kiosk/runtime.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang {

enum class ThemeChoice { Default, HighContrast, LargeText };

// [printer]: where receipts go.
enum class PrinterKind {
    Png,     // "png": PNG files in <data>/receipts/, until a printer is fitted
    Device,  // "device": an ESC/POS printer's device file
    Cups,    // "cups": an ESC/POS printer behind a CUPS queue, sent raw
};
struct PrinterConfig {
    PrinterKind kind = PrinterKind::Png;  // [printer] kind
    std::filesystem::path device;         // [printer] device, for "device": /dev/usb/lp0
    std::string queue;                    // [printer] queue, for "cups"
    kiosk::escpos::PrintOptions escpos;   // [printer] paper_mm (58 or 80), halftone, feed_lines, cut
};

struct KioskConfig {
    std::string officeName;                  // [office] name
    std::string officeCode;                  // [office] code, 5-10 digits
    std::filesystem::path dataDir = "data";  // [kiosk] data
    std::filesystem::path contentDir;        // [kiosk] content: catalogue.json, surveys/
    std::string hubUrl;                      // [hub] url, http:// or https://; empty until enrolment
    kiosk::IdlePolicy idle;                  // [kiosk] idle_timeout_s, idle_countdown_s
    core::Language language = core::Language::Thai;  // [kiosk] language = "th" | "en"
    ThemeChoice theme = ThemeChoice::Default;           // [kiosk] theme
    std::filesystem::path font;              // [kiosk] font: a .ttf from fonts-thai-tlwg
    bool fullscreen = true;                  // [kiosk] fullscreen
    PrinterConfig printer;
    std::string staffPinHash;                // [staff] pin_hash: Argon2id; empty: no staff menu from the kiosk
    std::int64_t staffIdleMs = 120'000;      // [staff] idle_lock_s
    std::vector<kiosk::Enumerator> enumerators;  // [field] enumerators
};

// What is handed to the TOML parser at all, far above anything a real
// kiosk.toml needs (it has three flat sections): a hostile file must get an
// error naming its line, never exhaust the parser's stack.
inline constexpr std::size_t kMaxKioskConfigBytes = 64 * 1024;
inline constexpr int kMaxKioskConfigNesting = 32;        // arrays and inline tables inside each other
inline constexpr int kMaxKioskConfigKeyComponents = 32;  // parts of dotted keys and [a.b.c] headers on one line

// Parses TOML text; `fileName` appears in errors. Relative paths are taken
// relative to `baseDir` (the config file's folder).
[[nodiscard]] core::Result<KioskConfig> parseKioskConfig(std::string_view toml, const std::string& fileName,
                                                          const std::filesystem::path& baseDir);
[[nodiscard]] core::Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file);

// What the headless runtime needs of it.
[[nodiscard]] kiosk::RuntimeOptions runtimeOptions(const KioskConfig& config);

}  // namespace fangsiang
