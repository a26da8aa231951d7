#pragma once
// A small TCP fault proxy for the sync tests and benchmarks. It listens on
// 127.0.0.1 (an ephemeral port) and forwards each connection to a loopback
// upstream, shaping or breaking the traffic on the way:
//   - bandwidth limit and added latency (each direction),
//   - a stall (bytes are held, the connection stays open),
//   - cut a connection after N bytes in one direction, or every N bytes
//     counted across all connections (a flaky 3G link),
//   - corrupt (flip) the byte at offset N of a connection in one direction,
//   - answer every request itself with "200 OK" and an HTML login page, as a
//     captive portal does.
// One-shot faults apply to the next `times` connections, then the proxy goes
// back to forwarding faithfully, so a test can prove the client recovers.

#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <thread>

namespace fangsiang::test {

enum class Direction { Up, Down };  // Up: client -> hub; Down: hub -> client

struct ConnectionFault {
    enum class Kind { None, Cut, Corrupt, CaptivePortal };
    Kind kind = Kind::None;
    Direction direction = Direction::Up;
    std::uint64_t offset = 0;  // Cut: bytes let through first; Corrupt: the byte flipped
    int times = 1;             // how many connections it applies to
};

class FaultProxy {
public:
    // Upstream: a port on 127.0.0.1. Nothing else is ever connected to.
    explicit FaultProxy(int upstreamPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    void setUpstreamPort(int port) { m_upstream = port; }
    void setBandwidth(std::uint64_t bytesPerSecond) { m_bandwidth = bytesPerSecond; }  // 0: unlimited
    void setLatencyMs(int ms) { m_latencyMs = ms; }
    void setStall(bool stall) { m_stall = stall; }
    void setCutEvery(std::uint64_t bytes) { m_cutEvery = bytes; }  // 0: never
    void setFault(ConnectionFault fault);
    // Closes every open connection now (both sides), as a dropped link does.
    void dropAll();

    [[nodiscard]] std::uint64_t bytesUp() const { return m_bytesUp; }
    [[nodiscard]] std::uint64_t bytesDown() const { return m_bytesDown; }
    [[nodiscard]] std::uint64_t connections() const { return m_connections; }
    [[nodiscard]] std::uint64_t cuts() const { return m_cuts; }

private:
    void acceptLoop();
    void serve(int client, ConnectionFault fault);
    ConnectionFault takeFault();

    int m_listen = -1;
    int m_port = 0;
    std::atomic<int> m_upstream;
    std::atomic<std::uint64_t> m_bandwidth{0};
    std::atomic<int> m_latencyMs{0};
    std::atomic<bool> m_stall{false};
    std::atomic<std::uint64_t> m_cutEvery{0};
    std::atomic<std::uint64_t> m_sinceCut{0};
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_bytesUp{0}, m_bytesDown{0}, m_connections{0}, m_cuts{0};
    std::atomic<std::uint64_t> m_dropGeneration{0};
    std::mutex m_mutex;
    ConnectionFault m_fault;
    std::list<std::thread> m_threads;
    std::thread m_acceptor;
};

}  // namespace fangsiang::test
