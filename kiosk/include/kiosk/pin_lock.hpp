#pragma once
// The staff PIN's count of wrong tries and its lock, kept on disk
// (`<dataDir>/staff-lock.json`, 0600, written atomically and fsynced), so
// that killing the program, a power cut or a restart by the watchdog does
// not give a guesser five fresh tries.

#include "core/result.hpp"

#include <cstdint>
#include <filesystem>

namespace fangsiang::kiosk {

inline constexpr const char* kPinLockFile = "staff-lock.json";

struct PinLockState {
    int wrong = 0;                   // wrong PINs in a row
    std::int64_t lockedUntilMs = 0;  // 0 when not locked
    bool operator==(const PinLockState&) const = default;
};

// The state in `file`; a file that does not exist yet is no wrong tries. A
// damaged file is an error (the caller fails safe: see StaffFlow).
[[nodiscard]] core::Result<PinLockState> loadPinLock(const std::filesystem::path& file);
// Replaces `file` with `state` (via a fsynced temporary file and a rename).
[[nodiscard]] core::Status savePinLock(const std::filesystem::path& file, const PinLockState& state);

}  // namespace fangsiang::kiosk
