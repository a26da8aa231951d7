#include "platform/receipt_printer.hpp"

#include <core/files.hpp>

#include <sys/stat.h>

namespace fangsiang::platform {

core::Result<std::string> PngReceiptPrinter::print(const Image& paper, const std::string& name) {
    if (paper.width <= 0 || paper.height <= 0 ||
        paper.rgba.size() != static_cast<std::size_t>(paper.width) * static_cast<std::size_t>(paper.height) * 4)
        return core::makeError(core::ErrorCode::InvalidArgument, "the receipt to print is an empty picture");
    if (name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.')
        return core::makeError(core::ErrorCode::InvalidArgument, "\"" + name + "\" cannot name a receipt file");
    TRY(core::ensureDirectory(m_folder, 0700));
    const std::filesystem::path file = m_folder / (name + ".png");
    TRY(savePng(file.string(), paper));
    if (::chmod(file.c_str(), 0600) != 0)
        return core::makeError(core::ErrorCode::Io, "could not make " + file.string() + " private to the kiosk");
    return file.string();
}

}  // namespace fangsiang::platform
