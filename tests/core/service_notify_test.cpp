// The service manager's notifications over a real datagram socket, as
// systemd receives them.

#include "core/service_notify.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

using namespace fangsiang;

namespace {

// A bound datagram socket that reads what arrives, waiting at most a second.
class Listener {
public:
    explicit Listener(const std::string& path) : m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        REQUIRE(m_fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.data(), path.size());
        if (path[0] == '@')
            address.sun_path[0] = '\0';
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address),
                       static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size())) == 0);
        timeval wait{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    }
    ~Listener() { ::close(m_fd); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    std::string next() {
        char buffer[512];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

private:
    int m_fd;
};

}  // namespace

TEST_CASE("ready, status, watchdog and stopping reach the manager's socket", "[core][service]") {
    test::TempDir dir;
    const std::string path = (dir / "notify").string();
    Listener manager(path);
    core::ServiceNotifier notifier(path, std::chrono::seconds(10));
    CHECK(notifier.enabled());
    CHECK(notifier.ready("serving on http://127.0.0.1:8080"));
    CHECK(manager.next() == "READY=1\nSTATUS=serving on http://127.0.0.1:8080");
    CHECK(notifier.status("syncing"));
    CHECK(manager.next() == "STATUS=syncing");
    CHECK(notifier.stopping());
    CHECK(manager.next() == "STOPPING=1");

    SECTION("a watchdog ping at most every half interval, however often the loop wakes") {
        CHECK(notifier.watchdogIfDue(1'000'000));
        CHECK(manager.next() == "WATCHDOG=1");
        CHECK_FALSE(notifier.watchdogIfDue(1'004'999));
        CHECK(notifier.watchdogIfDue(1'005'000));
        CHECK(manager.next() == "WATCHDOG=1");
    }
}

TEST_CASE("an abstract socket name works too", "[core][service]") {
    const std::string name = "@fangsiang-test-" + std::to_string(getpid());
    Listener manager(name);
    core::ServiceNotifier notifier(name, std::chrono::microseconds(0));
    CHECK(notifier.ready());
    CHECK(manager.next() == "READY=1");
    CHECK_FALSE(notifier.watchdogIfDue(1));  // no watchdog asked for
}

TEST_CASE("outside a service, or with a watchdog for another process, nothing is promised", "[core][service]") {
    CHECK_FALSE(core::ServiceNotifier().ready());
    ::unsetenv("NOTIFY_SOCKET");
    CHECK_FALSE(core::ServiceNotifier::fromEnvironment().enabled());

    ::setenv("NOTIFY_SOCKET", "/run/systemd/notify", 1);
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    CHECK(core::ServiceNotifier::fromEnvironment().watchdogInterval() == std::chrono::seconds(30));
    ::setenv("WATCHDOG_PID", std::to_string(getppid()).c_str(), 1);  // the parent that runs us (cage)
    CHECK(core::ServiceNotifier::fromEnvironment().watchdogInterval() == std::chrono::seconds(30));
    ::setenv("WATCHDOG_PID", "1", 1);
    CHECK(core::ServiceNotifier::fromEnvironment().watchdogInterval().count() == 0);
    ::unsetenv("WATCHDOG_PID");
    ::setenv("WATCHDOG_USEC", "soon", 1);
    CHECK(core::ServiceNotifier::fromEnvironment().watchdogInterval().count() == 0);
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("NOTIFY_SOCKET");
}
