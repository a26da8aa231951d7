#pragma once
// The kiosk program put together: its configuration, the headless runtime
// (kiosk/runtime.hpp), the receipt printer, and the screens on an SDL
// window. The terminal that runs it is in kiosk_terminal.hpp, the scripted
// demo in kiosk_demo.hpp.

#include "kiosk_config.hpp"

#include "kiosk/hub_pins.hpp"
#include "kiosk/runtime.hpp"

#include <platform/receipt_printer.hpp>
#include <platform/window.hpp>
#include <screens/kiosk_screens.hpp>

#include <filesystem>
#include <memory>
#include <optional>

namespace fangsiang {

class KioskApp {
public:
    // Opens the runtime for `config` (see kiosk::KioskRuntime::open for
    // `fallbackPins`) and the printer.
    [[nodiscard]] static core::Result<std::unique_ptr<KioskApp>> open(
        const KioskConfig& config, const std::optional<kiosk::HubPins>& fallbackPins = std::nullopt);

    [[nodiscard]] kiosk::KioskRuntime& runtime() { return *m_runtime; }
    [[nodiscard]] const KioskConfig& config() const { return m_config; }
    // Prints receipts: as [printer] in the configuration says, and as PNG
    // files in <data>/receipts/ until a printer is configured.
    [[nodiscard]] platform::ReceiptPrinter& printer() { return *m_printer; }

private:
    KioskApp() = default;
    KioskConfig m_config;
    std::unique_ptr<kiosk::KioskRuntime> m_runtime;
    std::unique_ptr<platform::ReceiptPrinter> m_printer;
};

// The kiosk's window: its size, and the font the configuration names.
[[nodiscard]] platform::WindowOptions windowOptions(const KioskConfig& config, int width, int height,
                                                    bool fullscreen);
// The printer the configuration names: PNG files, or ESC/POS on a device
// file or a CUPS queue.
[[nodiscard]] std::unique_ptr<platform::ReceiptPrinter> makeReceiptPrinter(const KioskConfig& config);
// Draws the flow's receipt on a strip of paper (as wide as the printer's
// paper) and hands it to the printer; returns where it went. The record was
// stored before the receipt screen came up: printing never touches it.
[[nodiscard]] core::Result<std::filesystem::path> printReceipt(platform::Window& window, KioskApp& app);
// Prints the printer test page (ui::drawPrinterTestPaper) on `printer`,
// which `config` describes; returns where it went.
[[nodiscard]] core::Result<std::string> printTestPage(platform::Window& window, const KioskConfig& config,
                                                      platform::ReceiptPrinter& printer);
// When the receipt screen asked for a print: prints once, clears the
// request, and sets the view's print state (what the screen then says).
// Returns true when it printed or tried.
bool handlePrintRequest(platform::Window& window, KioskApp& app, ui::KioskView& view);

struct RunOptions {
    int width = 800;
    int height = 480;
    bool fullscreen = true;
};

}  // namespace fangsiang
