#pragma once
// Reads a USB export file (docs/PROTOCOL.md, "Export files") from disk one
// part at a time, so that importing a file of any size holds about one part
// in memory (a part is at most sync::kMaxRequestBytes, as a push is). The
// same format as sync::decodeExportFile, which reads a whole file held in
// memory:
//   "FSXF", u32 part count, then per part: u32 length, one compressed batch.
//
// open() walks the layout first (the header, every part's length, nothing
// after the last part) without reading a part, so a truncated or padded file
// is refused before anything from it is stored.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace fangsiang::hub {

class ExportReader {
public:
    [[nodiscard]] static core::Result<ExportReader> open(const std::filesystem::path& path);

    ExportReader(ExportReader&& other) noexcept;
    ExportReader& operator=(ExportReader&& other) noexcept;
    ExportReader(const ExportReader&) = delete;
    ExportReader& operator=(const ExportReader&) = delete;
    ~ExportReader();

    [[nodiscard]] std::uint32_t partCount() const { return m_parts; }
    [[nodiscard]] std::uint64_t fileSize() const { return m_size; }
    // Parts handed out so far.
    [[nodiscard]] std::uint32_t partsRead() const { return m_read; }
    // The next part's bytes; nullopt after the last. An error when the file
    // changed since open() or cannot be read.
    [[nodiscard]] core::Result<std::optional<core::Bytes>> next();

private:
    ExportReader(int fd, std::filesystem::path path, std::uint64_t size, std::uint32_t parts)
        : m_fd(fd), m_path(std::move(path)), m_size(size), m_parts(parts) {}
    int m_fd = -1;
    std::filesystem::path m_path;
    std::uint64_t m_size = 0;
    std::uint32_t m_parts = 0;
    std::uint32_t m_read = 0;
    std::uint64_t m_offset = 8;
};

}  // namespace fangsiang::hub
