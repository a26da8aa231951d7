#pragma once
// Small, careful file helpers: bounded reads and crash-safe writes.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <functional>
#include <sys/types.h>

namespace fangsiang::core {

// What the hub and the kiosk create is theirs alone, whatever the umask or
// the folder it lands in: files 0600, folders 0700, unless a caller asks
// for another mode on purpose.
inline constexpr mode_t kPrivateFileMode = 0600;
inline constexpr mode_t kPrivateFolderMode = 0700;

// Reads a whole file, refusing files larger than maxBytes.
[[nodiscard]] Result<Bytes> readFile(const std::filesystem::path& path, std::size_t maxBytes);
// Reads at most maxBytes from the start of a file, however long it is: for
// a reader that refuses a long file by the line where it passed its limit.
[[nodiscard]] Result<Bytes> readFileHead(const std::filesystem::path& path, std::size_t maxBytes);

// Writes via a temporary file in the same folder, fsyncs it, renames it over
// `path` and fsyncs the folder: after a crash the file is either the old one
// or the new one, never half written. The file gets exactly `mode`, whatever
// the umask.
[[nodiscard]] Status writeFileAtomically(const std::filesystem::path& path, ByteView bytes,
                                         mode_t mode = kPrivateFileMode);

// Creates the folder if needed, and any missing parents, each with exactly
// `mode` whatever the umask. A folder that exists already is left as it is.
[[nodiscard]] Status ensureDirectory(const std::filesystem::path& path, mode_t mode = kPrivateFolderMode);

// Creates an empty file with exactly `mode` if nothing is at `path` yet
// (never following a symbolic link there); an existing file is left as it
// is. For files another library creates with its own idea of a mode, such
// as SQLite's databases.
[[nodiscard]] Status createFileIfAbsent(const std::filesystem::path& path, mode_t mode = kPrivateFileMode);

// Fails with ErrorCode::Permissions when group or others can read or write
// the file, or when it is not a regular file. For secrets.
[[nodiscard]] Status checkPrivateFile(const std::filesystem::path& path);

// Copies a file of any size to `to`, which must not exist: through a
// temporary file beside it, fsynced, linked into place (never replacing what
// appears there meanwhile) with the folder fsynced, so after a crash `to` is
// either absent or whole. The copy gets exactly `mode`. `visit`, when given,
// sees every chunk as it is copied (to hash what was read, once).
[[nodiscard]] Status copyFileDurably(const std::filesystem::path& from, const std::filesystem::path& to,
                                     mode_t mode = kPrivateFileMode,
                                     const std::function<void(ByteView)>& visit = {});

// Reads a file of any size in chunks, handing each to `visit`.
[[nodiscard]] Status readFileChunks(const std::filesystem::path& path, const std::function<void(ByteView)>& visit);

// fsync(2) of a file, then of its folder: what a program other than ours
// wrote there is on disk.
[[nodiscard]] Status syncFileAndFolder(const std::filesystem::path& path);

}  // namespace fangsiang::core
