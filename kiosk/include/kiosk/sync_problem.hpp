#pragma once
// What went wrong with sync or enrolment, as a kind a person can be told
// about in one plain sentence (the words are the screens' own, in
// ui/screens/src/words_staff.hpp); the error's own text stays available as
// the technical detail.

#include "core/result.hpp"

#include <string_view>

namespace fangsiang::kiosk {

enum class SyncProblem {
    NotEnrolled,      // no hub.json yet
    Unreachable,      // no answer at all: no network, wrong address, hub down
    Slow,             // the link stalled or was too slow
    Certificate,      // TLS: the hub's certificate is not trusted or does not match
    NotTheHub,        // an answer that is not the hub's (a login page, a proxy)
    UnknownDevice,    // the hub does not know this device
    Revoked,          // the office has revoked this device
    BadCode,          // the one-time code is wrong
    ExpiredCode,      // the one-time code is too old
    UsedCode,         // the one-time code was used already
    AlreadyEnrolled,  // this device is enrolled already
    BadAddress,       // the hub address or code is not well formed
    Clock,            // the device's clock is too far off the hub's
    HubBusy,          // the hub is at capacity now
    HubFailed,        // the hub had an error of its own
    Rejected,         // the hub refused what was sent (damage, a conflict)
    Storage,          // this device's own files could not be read or written
    Other,
};
inline constexpr int kSyncProblemCount = static_cast<int>(SyncProblem::Other) + 1;

[[nodiscard]] const char* syncProblemName(SyncProblem problem);
// The kind of `code` with its `message` (which tells the link's failures apart).
[[nodiscard]] SyncProblem syncProblemOf(core::ErrorCode code, std::string_view message);
[[nodiscard]] inline SyncProblem syncProblemOf(const core::Error& error) {
    return syncProblemOf(error.code, error.message);
}

}  // namespace fangsiang::kiosk
