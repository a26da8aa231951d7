#pragma once
// Which device-signed requests the hub takes (docs/PROTOCOL.md, "Device-
// authenticated requests"): one whose time is within sync::kRequestWindowMs
// of the hub's clock, and each (device, nonce) once. A nonce is remembered
// only while its request's time could still pass, so the memory is bounded
// by the requests of one window; past the bound the hub answers busy rather
// than forget a nonce, since a forgotten nonce could be replayed.
//
// A restarted hub has forgotten the nonces it saw, so it also refuses
// requests dated before it started: a request captured before the restart
// cannot be replayed after it. A kiosk whose clock is a little behind pays
// one corrected retry, in the first moments after a restart only.

#include "sync/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fangsiang::hub {

struct RequestWindowLimits {
    std::size_t total = 100'000;   // nonces held at once: some 5,000 kiosks syncing every minute
    std::size_t perDevice = 1'000; // so one device (or a stolen key) cannot crowd the others out
};

class RequestWindow {
public:
    explicit RequestWindow(std::int64_t startedAtMs, RequestWindowLimits limits = {});

    enum class Verdict {
        Fresh,         // taken; its nonce is remembered
        OutsideWindow, // too far from the hub's clock, or dated before the hub started
        Seen,          // this device sent this nonce already: a replay
        Full,          // too many requests in the window: try again later
    };
    // Thread-safe.
    [[nodiscard]] Verdict admit(const sync::PublicKey& device, const sync::Nonce& nonce, std::int64_t requestTimeMs,
                                std::int64_t nowMs);
    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] std::int64_t startedAtMs() const { return m_startedAtMs; }

private:
    void forgetExpired(std::int64_t nowMs);

    using Key = std::string;  // device (32 bytes) then nonce (16 bytes)
    std::int64_t m_startedAtMs;
    RequestWindowLimits m_limits;
    mutable std::mutex m_mutex;
    std::unordered_set<Key> m_seen;
    std::unordered_map<std::string, std::size_t> m_perDevice;
    // (time after which the nonce can go, key), soonest first.
    std::priority_queue<std::pair<std::int64_t, Key>, std::vector<std::pair<std::int64_t, Key>>, std::greater<>>
        m_expiry;
};

}  // namespace fangsiang::hub
