#include "core/service_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace fangsiang::core {

ServiceNotifier ServiceNotifier::fromEnvironment() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    if (socket == nullptr || socket[0] == '\0')
        return {};
    std::chrono::microseconds watchdog{0};
    const char* usec = std::getenv("WATCHDOG_USEC");
    const char* pid = std::getenv("WATCHDOG_PID");
    // The watchdog is ours when it names this process, or the parent that
    // runs it as its only job (the kiosk under cage, with NotifyAccess=all).
    const long long watched = pid == nullptr ? 0 : std::strtoll(pid, nullptr, 10);
    const bool forUs = pid == nullptr || watched == static_cast<long long>(getpid()) ||
                       watched == static_cast<long long>(getppid());
    if (usec != nullptr && forUs) {
        char* end = nullptr;
        const long long value = std::strtoll(usec, &end, 10);
        if (end != usec && *end == '\0' && value > 0)
            watchdog = std::chrono::microseconds(value);
    }
    return ServiceNotifier(socket, watchdog);
}

bool ServiceNotifier::send(const std::string& message) const {
    if (m_socket.empty())
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (m_socket.size() >= sizeof(address.sun_path) || (m_socket[0] != '/' && m_socket[0] != '@'))
        return false;
    std::memcpy(address.sun_path, m_socket.data(), m_socket.size());
    if (m_socket[0] == '@')
        address.sun_path[0] = '\0';  // an abstract socket
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + m_socket.size());
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    const ssize_t sent = ::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&address), length);
    ::close(fd);
    return sent == static_cast<ssize_t>(message.size());
}

bool ServiceNotifier::ready(std::string_view status) const {
    std::string message = "READY=1";
    if (!status.empty())
        message += "\nSTATUS=" + std::string(status);
    return send(message);
}

bool ServiceNotifier::status(std::string_view text) const { return send("STATUS=" + std::string(text)); }

bool ServiceNotifier::stopping() const { return send("STOPPING=1"); }

bool ServiceNotifier::watchdog() const { return send("WATCHDOG=1"); }

bool ServiceNotifier::watchdogIfDue(std::int64_t nowMs) {
    if (m_watchdog.count() <= 0)
        return false;
    const auto half = std::chrono::duration_cast<std::chrono::milliseconds>(m_watchdog).count() / 2;
    if (m_lastPingMs != 0 && nowMs - m_lastPingMs < half)
        return false;
    m_lastPingMs = nowMs;
    return watchdog();
}

}  // namespace fangsiang::core
