#pragma once
// Small, careful file helpers: bounded reads and crash-safe writes.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <sys/types.h>

namespace fangsiang::core {

// Reads a whole file, refusing files larger than maxBytes.
[[nodiscard]] Result<Bytes> readFile(const std::filesystem::path& path, std::size_t maxBytes);
// Reads at most maxBytes from the start of a file, however long it is: for
// a reader that refuses a long file by the line where it passed its limit.
[[nodiscard]] Result<Bytes> readFileHead(const std::filesystem::path& path, std::size_t maxBytes);

// Writes via a temporary file in the same folder, fsyncs it, renames it over
// `path` and fsyncs the folder: after a crash the file is either the old one
// or the new one, never half written. The file is created with `mode`.
[[nodiscard]] Status writeFileAtomically(const std::filesystem::path& path, ByteView bytes, mode_t mode);

// Creates the folder (and parents) if needed with `mode` for the last part.
[[nodiscard]] Status ensureDirectory(const std::filesystem::path& path, mode_t mode);

// Fails with ErrorCode::Permissions when group or others can read or write
// the file, or when it is not a regular file. For secrets.
[[nodiscard]] Status checkPrivateFile(const std::filesystem::path& path);

}  // namespace fangsiang::core
