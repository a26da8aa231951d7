#pragma once
// Telling the service manager how the program is doing (systemd's
// notification protocol, sd_notify(3)): "ready" once it serves, a watchdog
// ping while it is healthy, "stopping" on the way out. Written against the
// protocol itself, a datagram to $NOTIFY_SOCKET, so neither program links
// libsystemd; outside a service with Type=notify every call does nothing.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace fangsiang::core {

class ServiceNotifier {
public:
    // From $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID as systemd sets
    // them: a watchdog meant for another process than this one or its parent
    // is ignored.
    [[nodiscard]] static ServiceNotifier fromEnvironment();
    ServiceNotifier() = default;
    ServiceNotifier(std::string socketPath, std::chrono::microseconds watchdog)
        : m_socket(std::move(socketPath)), m_watchdog(watchdog) {}

    [[nodiscard]] bool enabled() const { return !m_socket.empty(); }
    // How often the manager expects a ping; zero when it expects none.
    [[nodiscard]] std::chrono::microseconds watchdogInterval() const { return m_watchdog; }

    // Each returns whether the message was sent (false when disabled).
    bool ready(std::string_view status = {}) const;
    bool status(std::string_view text) const;
    bool stopping() const;
    bool watchdog() const;
    // A ping when half the interval has passed since the last one: cheap to
    // call on every wake of a loop that may also sleep a long time.
    bool watchdogIfDue(std::int64_t nowMs);

private:
    bool send(const std::string& message) const;
    std::string m_socket;
    std::chrono::microseconds m_watchdog{0};
    std::int64_t m_lastPingMs = 0;
};

}  // namespace fangsiang::core
