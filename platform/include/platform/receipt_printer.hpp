#pragma once
// Where a citizen's printed receipt goes. The kiosk draws the receipt as a
// strip of paper (ui::drawReceiptPaper) and hands the pixels to a printer:
// a PNG file until a printer is fitted, or a thermal printer that takes the
// same raster as ESC/POS "GS v 0" (kiosk/escpos.hpp), on a device file or
// a CUPS queue. Drawing stays in one place whatever prints it.
//
// What a printer's failure means, by its error code, so the kiosk can say
// it in words: NotFound, no such printer (device absent, queue missing);
// Permissions, this program may not use it; Io, it took the job badly or
// not at all (out of paper, a loose cable, a write error); InvalidArgument,
// the picture cannot be printed. Printing never touches the record store.

#include "platform/image.hpp"

#include <core/bytes.hpp>
#include <core/result.hpp>
#include <kiosk/escpos.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace fangsiang::platform {

// 58 mm thermal paper at 203 dpi: 384 dots across; the PNG printer's width.
inline constexpr int kReceiptPaperWidth = kiosk::escpos::kPaper58mmDots;

class ReceiptPrinter {
public:
    virtual ~ReceiptPrinter() = default;
    // Prints `paper` (paperWidth() wide, black on white); `name` names the
    // job (the ticket number). Returns where it went, in words.
    [[nodiscard]] virtual core::Result<std::string> print(const Image& paper, const std::string& name) = 0;
    // How wide the receipt is to be drawn, in dots.
    [[nodiscard]] virtual int paperWidth() const { return kReceiptPaperWidth; }
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

// [SECTION] ESC/POS

// Where an ESC/POS job's bytes go.
class PrinterOutput {
public:
    virtual ~PrinterOutput() = default;
    // Sends one whole job; returns where it went, in words.
    [[nodiscard]] virtual core::Result<std::string> send(core::ByteView job, const std::string& name) = 0;
};

// A printer's device file (/dev/usb/lp0, /dev/lp0), opened for each job and
// never created: a missing file is a printer not plugged in. Where the
// driver answers LPGETSTATUS, a printer out of paper is refused before
// anything is written; a printer that takes no data for 10 s (off line,
// jammed) fails the job instead of holding the screen.
[[nodiscard]] std::unique_ptr<PrinterOutput> deviceFileOutput(std::filesystem::path device);
// A CUPS queue, given the job raw (the queue must pass it to the printer
// unchanged: a "raw" queue, or a driver that takes application/vnd.cups-raw).
[[nodiscard]] std::unique_ptr<PrinterOutput> cupsQueueOutput(std::string queue);

class EscPosReceiptPrinter final : public ReceiptPrinter {
public:
    EscPosReceiptPrinter(kiosk::escpos::PrintOptions options, std::unique_ptr<PrinterOutput> output)
        : m_options(options), m_output(std::move(output)) {}
    [[nodiscard]] core::Result<std::string> print(const Image& paper, const std::string& name) override;
    [[nodiscard]] int paperWidth() const override { return m_options.paperDots; }

private:
    kiosk::escpos::PrintOptions m_options;
    std::unique_ptr<PrinterOutput> m_output;
};

}  // namespace fangsiang::platform
