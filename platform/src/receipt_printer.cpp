#include "platform/receipt_printer.hpp"

#include <core/files.hpp>

#include <fcntl.h>
#include <linux/lp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fangsiang::platform {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;

core::Result<std::string> PngReceiptPrinter::print(const Image& paper, const std::string& name) {
    if (paper.width <= 0 || paper.height <= 0 ||
        paper.rgba.size() != static_cast<std::size_t>(paper.width) * static_cast<std::size_t>(paper.height) * 4)
        return makeError(ErrorCode::InvalidArgument, "the receipt to print is an empty picture");
    if (name.empty() || name.find_first_of("/\\") != std::string::npos || name[0] == '.')
        return makeError(ErrorCode::InvalidArgument, "\"" + name + "\" cannot name a receipt file");
    TRY(core::ensureDirectory(m_folder, 0700));
    const fs::path file = m_folder / (name + ".png");
    TRY(savePng(file.string(), paper));
    if (::chmod(file.c_str(), 0600) != 0)
        return makeError(ErrorCode::Io, "could not make " + file.string() + " private to the kiosk");
    return file.string();
}

// [SECTION] ESC/POS

core::Result<std::string> EscPosReceiptPrinter::print(const Image& paper, const std::string& name) {
    const core::Bytes job =
        TRY(kiosk::escpos::encodeReceipt(kiosk::escpos::RgbaPicture{paper.width, paper.height, paper.rgba}, m_options));
    return m_output->send(job, name);
}

// [SECTION] Device file

namespace {

// An OS error on the printer `device` as the code the kiosk words it by.
core::Error deviceError(int err, const fs::path& device, const std::string& doing) {
    const std::string what = doing + " " + device.string() + ": " + std::strerror(err);
    switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO: return makeError(ErrorCode::NotFound, what + " (is the printer plugged in and switched on?)");
    case EACCES:
    case EPERM:
        return makeError(ErrorCode::Permissions,
                         what + " (the kiosk's user must be allowed to use the printer: the lp group)");
    case ENOSPC: return makeError(ErrorCode::Io, what + " (out of paper, or the device takes no more)");
    default: return makeError(ErrorCode::Io, what);
    }
}

class DeviceFileOutput final : public PrinterOutput {
public:
    // How long a printer may take no data before the job is given up.
    static constexpr int kStallMs = 10'000;

    explicit DeviceFileOutput(fs::path device) : m_device(std::move(device)) {}

    core::Result<std::string> send(core::ByteView job, const std::string&) override {
        // Non-blocking, so a printer that stops taking data (offline, paper
        // jammed) cannot hang the kiosk's screen: each wait is bounded.
        const int fd = ::open(m_device.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
            return deviceError(errno, m_device, "could not open the printer");
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISCHR(st.st_mode)) {
            // lp and usblp report the printer's status lines; other devices
            // answer ENOTTY and are written to as they are.
            int status = 0;
            if (::ioctl(fd, LPGETSTATUS, &status) == 0 && (status & LP_POUTPA) != 0) {
                ::close(fd);
                return makeError(ErrorCode::Io, "the printer " + m_device.string() + " is out of paper");
            }
        }
        std::size_t done = 0;
        while (done < job.size()) {
            const ssize_t n = ::write(fd, job.data() + done, job.size() - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                pollfd p{fd, POLLOUT, 0};
                const int ready = ::poll(&p, 1, kStallMs);
                if (ready == 0) {
                    ::close(fd);
                    return makeError(ErrorCode::Io, "the printer " + m_device.string() + " took nothing for " +
                                                        std::to_string(kStallMs / 1000) +
                                                        " s (off line, out of paper or jammed)");
                }
                if (ready > 0 || errno == EINTR)
                    continue;
            }
            if (n <= 0) {
                const int err = n < 0 ? errno : EIO;
                ::close(fd);
                return deviceError(err, m_device, "could not write to the printer");
            }
            done += static_cast<std::size_t>(n);
        }
        if (::close(fd) != 0)
            return deviceError(errno, m_device, "could not finish the job on the printer");
        return "printed on " + m_device.string();
    }

private:
    fs::path m_device;
};

}  // namespace

std::unique_ptr<PrinterOutput> deviceFileOutput(fs::path device) {
    return std::make_unique<DeviceFileOutput>(std::move(device));
}

}  // namespace fangsiang::platform
