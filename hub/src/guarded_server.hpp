#pragma once
// cpp-httplib with the guards a server on the internet needs and httplib
// 0.11 does not have (docs/SECURITY.md, "An outsider on the network"):
//
//  - a request must keep arriving: after a short grace it is cut unless it
//    has come at an average of at least `minBytesPerSecond`, and no wait for
//    its next bytes may last longer than `stall` (slow clients cannot hold
//    the workers);
//  - a request is at most `maxRequestBytes` on the wire, whatever its framing
//    (chunked bodies included), counted as the bytes arrive;
//  - one client address holds at most `perAddress` connections at once;
//  - the listen backlog is sized for a province's kiosks.
//
// It replaces httplib's per-connection loop (Server::process_and_close_socket)
// with one that reads through a guarded stream, plain or TLS, and hands each
// request to httplib's own parser and router (Server::process_request).

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace fangsiang::hub {

struct GuardLimits {
    std::chrono::milliseconds idle{5000};    // a kept-alive connection waits this long for its next request
    std::chrono::milliseconds stall{15000};  // the longest silence inside a request
    std::chrono::milliseconds grace{5000};   // before the rate rule applies
    std::size_t minBytesPerSecond = 1024;    // a 3G kiosk sends 30,000 and more
    std::size_t maxRequestBytes = 0;         // request line, headers, body and framing
    std::chrono::milliseconds writeTimeout{60000};
    std::chrono::milliseconds handshake{10000};  // TLS
    int perAddress = 16;
    std::size_t requestsPerConnection = 1000;
    int backlog = 1024;
};

// Connections served right now, by client address.
class AddressCounter {
public:
    explicit AddressCounter(int limit) : m_limit(limit) {}
    // False (and nothing counted) when the address is at its limit.
    [[nodiscard]] bool enter(const std::string& address);
    void leave(const std::string& address);

private:
    int m_limit;
    std::mutex m_mutex;
    std::map<std::string, int> m_open;
};

// Set by a route handler when the response must end the connection (a body
// was refused part-way: what is left of it on the wire is not a request).
void closeConnectionAfterResponse();

// A share of the memory request bodies may hold at once, across all
// connections: a body that would pass it is refused with 503 (the client
// retries later) instead of the hub growing without bound.
class MemoryBudget {
public:
    explicit MemoryBudget(std::size_t bytes) : m_left(bytes) {}
    [[nodiscard]] bool take(std::size_t bytes);
    void give(std::size_t bytes) { m_left += bytes; }

private:
    std::atomic<std::size_t> m_left;
};

// Reads a request body through httplib's content reader, stopping as soon as
// it passes `limit` or the budget: the body is never read whole first.
enum class BodyRead { Complete, TooLarge, Busy, Broken };
class BodyBuffer {
public:
    explicit BodyBuffer(MemoryBudget& budget) : m_budget(budget) {}
    ~BodyBuffer() { m_budget.give(m_taken); }
    BodyBuffer(const BodyBuffer&) = delete;
    BodyBuffer& operator=(const BodyBuffer&) = delete;

    [[nodiscard]] BodyRead read(const httplib::ContentReader& reader, std::size_t limit);
    [[nodiscard]] const std::string& text() const { return m_body; }

private:
    MemoryBudget& m_budget;
    std::size_t m_taken = 0;
    std::string m_body;
};

// httplib's thread pool, counting the connections accepted and waiting for
// a worker, so that idle kept-alive connections can give their worker up
// while others wait (GuardedServer::setWorkers).
class FairPool final : public httplib::TaskQueue {
public:
    explicit FairPool(std::size_t threads) : m_pool(threads) {}
    void enqueue(std::function<void()> fn) override {
        ++m_waiting;
        m_pool.enqueue([this, fn = std::move(fn)] {
            --m_waiting;
            fn();
        });
    }
    void shutdown() override { m_pool.shutdown(); }
    [[nodiscard]] int waiting() const { return m_waiting; }

private:
    std::atomic<int> m_waiting{0};
    httplib::ThreadPool m_pool;  // last: its threads stop before the count goes
};

class GuardedServer final : public httplib::Server {
public:
    // Plain HTTP.
    explicit GuardedServer(GuardLimits limits);
    // TLS, from PEM files; is_valid() is false when they do not load.
    GuardedServer(GuardLimits limits, const std::string& certFile, const std::string& keyFile);
    ~GuardedServer() override;

    [[nodiscard]] bool is_valid() const override;
    [[nodiscard]] bool tls() const { return m_tls != nullptr; }
    // After bind_to_port / bind_to_any_port: widens the listen backlog that
    // httplib fixes at 5.
    [[nodiscard]] bool widenBacklog();
    [[nodiscard]] const GuardLimits& limits() const { return m_limits; }
    // `threads` workers, one per connection being served. A connection kept
    // alive between requests gives its worker up as soon as another
    // connection is waiting for one: a thousand kiosks at once are served in
    // turn, none starved by others' idle connections.
    void setWorkers(std::size_t threads);
    // Called after every answer (httplib's own logger is taken by the guards).
    void setAccessLog(httplib::Logger log) { m_accessLog = std::move(log); }
    // Runs before a request's body is read (httplib's pre-routing handler,
    // which the guards use themselves): refuse unknown routes here.
    void setRequestFilter(HandlerWithResponse filter) { m_filter = std::move(filter); }
    // Connections refused because their address was at its limit, and
    // requests cut for being too slow or too large (for the log and tests).
    [[nodiscard]] std::uint64_t refusedConnections() const { return m_refused; }
    [[nodiscard]] std::uint64_t cutRequests() const { return m_cut; }

private:
    bool process_and_close_socket(socket_t sock) override;
    // Connections accepted and waiting for a worker now (from the workers only).
    [[nodiscard]] int waitingConnections() const;

    struct Tls;
    GuardLimits m_limits;
    std::unique_ptr<Tls> m_tls;
    bool m_tlsWanted = false;
    httplib::Logger m_accessLog;
    HandlerWithResponse m_filter;
    AddressCounter m_addresses;
    std::atomic<int> m_listenSocket{-1};
    std::atomic<FairPool*> m_pool{nullptr};  // httplib owns it while it listens
    std::atomic<std::uint64_t> m_refused{0};
    std::atomic<std::uint64_t> m_cut{0};
};

}  // namespace fangsiang::hub
