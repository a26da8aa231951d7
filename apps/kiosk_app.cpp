#include "kiosk_app.hpp"

#include "platform/image.hpp"

#include <screens/kiosk_screens.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fangsiang {

namespace fs = std::filesystem;

// [SECTION] Putting the kiosk together

core::Result<std::unique_ptr<KioskApp>> KioskApp::open(const KioskConfig& config,
                                                       const std::optional<kiosk::HubPins>& fallbackPins) {
    std::unique_ptr<KioskApp> app(new KioskApp());
    app->m_config = config;
    app->m_runtime = TRY(kiosk::KioskRuntime::open(runtimeOptions(config), fallbackPins));
    app->m_printer = makeReceiptPrinter(config);
    return app;
}

std::unique_ptr<platform::ReceiptPrinter> makeReceiptPrinter(const KioskConfig& config) {
    const PrinterConfig& p = config.printer;
    switch (p.kind) {
    case PrinterKind::Device:
        return std::make_unique<platform::EscPosReceiptPrinter>(p.escpos, platform::deviceFileOutput(p.device));
    case PrinterKind::Cups:
        return std::make_unique<platform::EscPosReceiptPrinter>(p.escpos, platform::cupsQueueOutput(p.queue));
    case PrinterKind::Png: break;
    }
    return std::make_unique<platform::PngReceiptPrinter>(config.dataDir / "receipts");
}

platform::WindowOptions windowOptions(const KioskConfig& config, int width, int height, bool fullscreen) {
    platform::WindowOptions options;
    options.width = width;
    options.height = height;
    options.fullscreen = fullscreen;
    options.title = "Fangsiang";
    if (!config.font.empty()) {
        options.fonts.regularPath = config.font.string();
        options.fonts.boldPath = config.font.string();
    }
    return options;
}

// [SECTION] Printing

namespace {

// Draws a strip of paper as wide as the printer's with `draw` (which
// returns its height) and keeps that strip of the frame.
template <typename Draw>
core::Result<platform::Image> drawPaper(platform::Window& window, int paperWidth, Draw&& draw) {
    float height = 0.0f;
    platform::Image frame;
    TRY(window.renderFrame([&](ui::Context& ui) { height = draw(ui, static_cast<float>(paperWidth)); }, &frame));
    if (frame.width < paperWidth)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "the window is narrower than the paper (" + std::to_string(paperWidth) + " dots)");
    platform::Image paper;
    paper.width = paperWidth;
    paper.height = std::min(frame.height, static_cast<int>(std::ceil(height)));
    paper.rgba.resize(static_cast<std::size_t>(paper.width) * static_cast<std::size_t>(paper.height) * 4);
    for (int y = 0; y < paper.height; ++y)
        std::copy_n(frame.rgba.begin() + static_cast<std::ptrdiff_t>(y) * frame.width * 4, paper.width * 4,
                    paper.rgba.begin() + static_cast<std::ptrdiff_t>(y) * paper.width * 4);
    return paper;
}

}  // namespace

core::Result<fs::path> printReceipt(platform::Window& window, KioskApp& app) {
    const auto& receipt = app.runtime().flow().receipt();
    if (!receipt)
        return core::makeError(core::ErrorCode::InvalidArgument, "there is no receipt to print");
    const platform::Image paper = TRY(drawPaper(window, app.printer().paperWidth(), [&](ui::Context& ui, float w) {
        return ui::drawReceiptPaper(ui, *receipt, app.runtime().catalogue().office(), w);
    }));
    return fs::path(TRY(app.printer().print(paper, receipt->ticket.text())));
}

core::Result<std::string> printTestPage(platform::Window& window, const KioskConfig& config,
                                        platform::ReceiptPrinter& printer) {
    std::string where = "png: " + (config.dataDir / "receipts").string();
    if (config.printer.kind == PrinterKind::Device)
        where = "device: " + config.printer.device.string();
    else if (config.printer.kind == PrinterKind::Cups)
        where = "cups: " + config.printer.queue;
    where += ", " + std::to_string(printer.paperWidth()) + " dots";
    const platform::Image paper = TRY(drawPaper(window, printer.paperWidth(), [&](ui::Context& ui, float w) {
        return ui::drawPrinterTestPaper(ui, config.officeName, w, where);
    }));
    return printer.print(paper, "printer-test");
}

bool handlePrintRequest(platform::Window& window, KioskApp& app, ui::KioskView& view) {
    if (!view.printRequested)
        return false;
    view.printRequested = false;
    auto printed = printReceipt(window, app);
    if (printed) {
        view.printState = ui::PrintState::Printed;
        return true;
    }
    std::fprintf(stderr, "fangsiang-kiosk: the receipt was not printed: %s\n", printed.error().describe().c_str());
    switch (printed.error().code) {
    case core::ErrorCode::NotFound: view.printState = ui::PrintState::NotConnected; break;
    case core::ErrorCode::Permissions: view.printState = ui::PrintState::NotAllowed; break;
    default: view.printState = ui::PrintState::Failed; break;
    }
    return true;
}

}  // namespace fangsiang
