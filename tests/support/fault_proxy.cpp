#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace fangsiang::test {

using Clock = std::chrono::steady_clock;

namespace {

int connectLoopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool sendAll(int fd, const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

struct Piece {
    Clock::time_point due;
    std::vector<std::uint8_t> bytes;
};

// One direction of a connection: what was read and when it may be sent.
struct Pipe {
    int from = -1;
    int to = -1;
    Direction direction = Direction::Up;
    std::deque<Piece> queue;
    std::uint64_t offset = 0;       // bytes read so far in this direction
    Clock::time_point nextFree{};   // bandwidth: the link is busy until then
    bool readClosed = false;
};

}  // namespace

FaultProxy::FaultProxy(int upstreamPort) : m_upstream(upstreamPort) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 64) != 0)
        std::abort();
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

FaultProxy::~FaultProxy() {
    m_stop = true;
    ::shutdown(m_listen, SHUT_RDWR);
    if (m_acceptor.joinable())
        m_acceptor.join();
    ::close(m_listen);
    std::lock_guard lock(m_mutex);
    for (auto& t : m_threads)
        if (t.joinable())
            t.join();
}

void FaultProxy::setFault(ConnectionFault fault) {
    std::lock_guard lock(m_mutex);
    m_fault = fault;
}

void FaultProxy::dropAll() { ++m_dropGeneration; }

ConnectionFault FaultProxy::takeFault() {
    std::lock_guard lock(m_mutex);
    if (m_fault.kind == ConnectionFault::Kind::None || m_fault.times <= 0)
        return {};
    ConnectionFault f = m_fault;
    if (--m_fault.times <= 0)
        m_fault = {};
    return f;
}

void FaultProxy::acceptLoop() {
    while (!m_stop) {
        pollfd pfd{m_listen, POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0)
            continue;
        int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ++m_connections;
        ConnectionFault fault = takeFault();
        std::lock_guard lock(m_mutex);
        m_threads.emplace_back([this, client, fault] { serve(client, fault); });
    }
}

void FaultProxy::serve(int client, ConnectionFault fault) {
    if (fault.kind == ConnectionFault::Kind::CaptivePortal) {
        // Read the request's head, answer with a login page, hang up.
        std::string head;
        char buf[4096];
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
            pollfd pfd{client, POLLIN, 0};
            if (::poll(&pfd, 1, 2000) <= 0)
                break;
            ssize_t n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            head.append(buf, static_cast<std::size_t>(n));
        }
        const std::string page = "<html><body><h1>Free Wi-Fi</h1><p>Please log in to continue.</p></body></html>";
        const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                                   std::to_string(page.size()) + "\r\nConnection: close\r\n\r\n" + page;
        sendAll(client, reinterpret_cast<const std::uint8_t*>(answer.data()), answer.size());
        ::shutdown(client, SHUT_RDWR);
        ::close(client);
        return;
    }
    int upstream = connectLoopback(m_upstream);
    if (upstream < 0) {
        ::close(client);
        return;
    }
    const std::uint64_t generation = m_dropGeneration;
    Pipe pipes[2];
    pipes[0].from = client;
    pipes[0].to = upstream;
    pipes[0].direction = Direction::Up;
    pipes[1].from = upstream;
    pipes[1].to = client;
    pipes[1].direction = Direction::Down;
    bool cut = false;

    while (!m_stop && !cut && m_dropGeneration == generation) {
        const auto now = Clock::now();
        // Send what is due, in order, within the bandwidth.
        Clock::time_point wake = now + std::chrono::milliseconds(50);
        for (auto& p : pipes) {
            while (!p.queue.empty() && !m_stall) {
                Piece& piece = p.queue.front();
                auto due = std::max(piece.due, p.nextFree);
                if (due > now) {
                    wake = std::min(wake, due);
                    break;
                }
                const std::uint64_t bw = m_bandwidth;
                if (bw > 0)
                    p.nextFree = std::max(p.nextFree, now) +
                                 std::chrono::microseconds(piece.bytes.size() * 1000000ull / bw);
                if (!sendAll(p.to, piece.bytes.data(), piece.bytes.size())) {
                    cut = true;
                    break;
                }
                p.queue.pop_front();
            }
        }
        if (cut)
            break;
        // Both sides closed and everything delivered: done.
        if (pipes[0].readClosed && pipes[1].readClosed && pipes[0].queue.empty() && pipes[1].queue.empty())
            break;
        if (pipes[1].readClosed && pipes[1].queue.empty())
            break;  // the hub hung up and all it said was delivered

        pollfd pfds[2] = {{pipes[0].from, static_cast<short>(pipes[0].readClosed ? 0 : POLLIN), 0},
                          {pipes[1].from, static_cast<short>(pipes[1].readClosed ? 0 : POLLIN), 0}};
        auto waitMs = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now()).count();
        int ready = ::poll(pfds, 2, static_cast<int>(std::max<long long>(0, std::min<long long>(waitMs, 50))));
        if (ready <= 0)
            continue;
        for (int i = 0; i < 2 && !cut; ++i) {
            if (!(pfds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            Pipe& p = pipes[i];
            // Read at most a small piece at a time so shaping stays smooth.
            std::uint8_t buf[1024];
            ssize_t n = ::recv(p.from, buf, sizeof buf, 0);
            if (n <= 0) {
                p.readClosed = true;
                ::shutdown(p.to, SHUT_WR);
                continue;
            }
            std::size_t len = static_cast<std::size_t>(n);
            const bool faultHere = fault.direction == p.direction;
            if (faultHere && fault.kind == ConnectionFault::Kind::Corrupt && fault.offset >= p.offset &&
                fault.offset < p.offset + len)
                buf[fault.offset - p.offset] ^= 0xFF;
            if (faultHere && fault.kind == ConnectionFault::Kind::Cut && p.offset + len >= fault.offset) {
                len = static_cast<std::size_t>(fault.offset - p.offset);
                cut = true;
            }
            const std::uint64_t every = m_cutEvery;
            if (every > 0) {
                std::uint64_t before = m_sinceCut.fetch_add(len);
                if (before + len >= every) {
                    len = static_cast<std::size_t>(every > before ? every - before : 0);
                    m_sinceCut = 0;
                    cut = true;
                }
            }
            p.offset += len;
            (p.direction == Direction::Up ? m_bytesUp : m_bytesDown) += len;
            if (len > 0)
                p.queue.push_back(Piece{Clock::now() + std::chrono::milliseconds(m_latencyMs.load()),
                                        std::vector<std::uint8_t>(buf, buf + len)});
        }
        if (cut) {
            // Deliver what came before the cut (after its latency), then hang up.
            ++m_cuts;
            for (auto& p : pipes)
                for (auto& piece : p.queue) {
                    auto wait = piece.due - Clock::now();
                    if (wait > Clock::duration::zero())
                        std::this_thread::sleep_for(wait);
                    sendAll(p.to, piece.bytes.data(), piece.bytes.size());
                }
        }
    }
    // A hard close: RST rather than FIN where possible, as a dropped link.
    linger hard{1, 0};
    ::setsockopt(client, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::setsockopt(upstream, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(client);
    ::close(upstream);
}

}  // namespace fangsiang::test
