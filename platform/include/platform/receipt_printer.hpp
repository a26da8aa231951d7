#pragma once
// Where a citizen's printed receipt goes. The kiosk draws the receipt as a
// strip of paper (ui::drawReceiptPaper) and hands the pixels to a printer:
// a thermal printer takes the same raster (ESC/POS "GS v 0" prints a
// bitmap), so drawing stays in one place whatever prints it.

#include "platform/image.hpp"

#include <core/result.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace fangsiang::platform {

// 58 mm thermal paper at 203 dpi: 384 dots across.
inline constexpr int kReceiptPaperWidth = 384;

class ReceiptPrinter {
public:
    virtual ~ReceiptPrinter() = default;
    // Prints `paper` (kReceiptPaperWidth wide, black on white); `name` names
    // the job (the ticket number). Returns where it went, in words.
    [[nodiscard]] virtual core::Result<std::string> print(const Image& paper, const std::string& name) = 0;
};

// The printer of a kiosk without one: each receipt becomes
// "<folder>/<name>.png", private to the kiosk's user (it carries a ticket
// number and its check code).
class PngReceiptPrinter final : public ReceiptPrinter {
public:
    explicit PngReceiptPrinter(std::filesystem::path folder) : m_folder(std::move(folder)) {}
    [[nodiscard]] core::Result<std::string> print(const Image& paper, const std::string& name) override;

private:
    std::filesystem::path m_folder;
};

}  // namespace fangsiang::platform
