#include "guarded_server.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <cerrno>
#include <cstring>

namespace fangsiang::hub {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

thread_local bool t_closeAfterResponse = false;
thread_local int t_lastStatus = 0;

// Answers after which what follows on the connection cannot be trusted to
// be the start of a request.
bool endsConnection(int status) { return status == 400 || status == 408 || status == 413 || status == 414 || status == 431; }

// Milliseconds from now until `deadline`, for poll(); 0 when it has passed.
int msUntil(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 1'000'000));
}

// Waits until the socket is ready for `events`: Ready, TimedOut when the
// deadline came first, or Failed.
enum class Wait { Ready, TimedOut, Failed };
Wait waitUntil(int sock, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{sock, events, 0};
        const int n = ::poll(&p, 1, std::max(1, msUntil(deadline)));
        if (n > 0)
            return Wait::Ready;
        if (n == 0 && Clock::now() >= deadline)
            return Wait::TimedOut;
        if (n < 0 && errno != EINTR)
            return Wait::Failed;
    }
}
bool waitFor(int sock, short events, Clock::time_point deadline) {
    return waitUntil(sock, events, deadline) == Wait::Ready;
}

std::string addressOf(int sock, bool peer, int* port = nullptr) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                        : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    if (rc != 0)
        return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
        ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        if (port) *port = ntohs(in->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto* in = reinterpret_cast<const sockaddr_in6*>(&addr);
        ::inet_ntop(AF_INET6, &in->sin6_addr, text, sizeof text);
        if (port) *port = ntohs(in->sin6_port);
    }
    return text;
}

// Best effort, for refusing a connection before any request is read.
void sendAll(int sock, std::string_view bytes, Clock::time_point deadline) {
    while (!bytes.empty() && waitFor(sock, POLLOUT, deadline)) {
        const ssize_t n = ::send(sock, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// The answer to a connection over its address's limit, before any request.
const std::string& tooManyConnections() {
    static const std::string answer = [] {
        const std::string body =
            R"({"protocol":1,"error":{"code":"busy","message":"too many connections from this address at once; try again soon"}})";
        return "HTTP/1.1 503 Service Unavailable\r\n"
               "Content-Type: application/vnd.fangsiang.error+json\r\n"
               "Retry-After: 5\r\n"
               "Connection: close\r\n"
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    return answer;
}

// A connection's bytes, plain or TLS, read under the guards of GuardLimits.
class GuardedStream final : public httplib::Stream {
public:
    GuardedStream(int sock, SSL* ssl, const GuardLimits& limits) : m_sock(sock), m_ssl(ssl), m_limits(limits) {}

    // The next request starts: its clock and its byte count begin now.
    void beginRequest() {
        m_start = Clock::now();
        m_received = m_end - m_begin;  // read ahead while the last one was parsed
        m_cut = false;
    }
    // Waits up to `idle` for the first byte of another request; gives up
    // early once `yield` says another connection wants the worker.
    [[nodiscard]] bool waitForRequest(milliseconds idle, const std::function<bool()>& yield = {}) const {
        if (m_begin < m_end || (m_ssl != nullptr && SSL_pending(m_ssl) > 0))
            return true;
        const auto deadline = Clock::now() + idle;
        if (!yield)
            return waitFor(m_sock, POLLIN, deadline);
        constexpr milliseconds kSlice{25};
        for (;;) {
            const auto now = Clock::now();
            if (now >= deadline)
                return false;
            if (waitFor(m_sock, POLLIN, std::min(deadline, now + kSlice)))
                return true;
            if (yield())
                return false;
        }
    }
    // The last failure was a guard (too slow, too large), not the client.
    [[nodiscard]] bool cut() const { return m_cut; }

    bool is_readable() const override { return m_begin < m_end || (m_ssl != nullptr && SSL_pending(m_ssl) > 0); }
    bool is_writable() const override { return waitFor(m_sock, POLLOUT, Clock::now() + m_limits.writeTimeout); }

    ssize_t read(char* ptr, size_t size) override {
        if (m_begin == m_end) {
            const ssize_t n = fill();
            if (n <= 0)
                return n;
        }
        const std::size_t count = std::min(size, m_end - m_begin);
        std::memcpy(ptr, m_buffer + m_begin, count);
        m_begin += count;
        return static_cast<ssize_t>(count);
    }

    ssize_t write(const char* ptr, size_t size) override {
        const auto deadline = Clock::now() + m_limits.writeTimeout;
        for (;;) {
            if (m_ssl != nullptr) {
                const int n = SSL_write(m_ssl, ptr, static_cast<int>(std::min<std::size_t>(size, 1 << 20)));
                if (n > 0)
                    return n;
                if (!waitTls(SSL_get_error(m_ssl, n), deadline))
                    return -1;
            } else {
                const ssize_t n = ::send(m_sock, ptr, size, MSG_NOSIGNAL);
                if (n >= 0)
                    return n;
                if ((errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || !waitFor(m_sock, POLLOUT, deadline))
                    return -1;
            }
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = addressOf(m_sock, true, &port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { ip = addressOf(m_sock, false, &port); }
    socket_t socket() const override { return m_sock; }

private:
    // One read into the buffer, waiting no longer than the guards allow.
    ssize_t fill() {
        m_begin = m_end = 0;
        for (;;) {
            const auto now = Clock::now();
            // The rate rule: by `grace` plus received / rate after its start,
            // the request must have sent more than it has.
            const auto rateDeadline =
                m_start + m_limits.grace +
                milliseconds(static_cast<long long>(m_received * 1000 / std::max<std::size_t>(1, m_limits.minBytesPerSecond)));
            const auto deadline = std::min(now + m_limits.stall, rateDeadline);
            if (deadline <= now)
                return guard();
            ssize_t n = 0;
            if (m_ssl != nullptr) {
                n = SSL_read(m_ssl, m_buffer, sizeof m_buffer);
                if (n <= 0) {
                    const int error = SSL_get_error(m_ssl, static_cast<int>(n));
                    if (error == SSL_ERROR_ZERO_RETURN)
                        return 0;
                    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE)
                        return -1;
                    const Wait wait = waitUntil(m_sock, error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline);
                    if (wait != Wait::Ready)
                        return wait == Wait::TimedOut ? guard() : -1;
                    continue;
                }
            } else {
                n = ::recv(m_sock, m_buffer, sizeof m_buffer, 0);
                if (n == 0)
                    return 0;
                if (n < 0) {
                    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                        return -1;
                    const Wait wait = waitUntil(m_sock, POLLIN, deadline);
                    if (wait != Wait::Ready)
                        return wait == Wait::TimedOut ? guard() : -1;
                    continue;
                }
            }
            m_received += static_cast<std::size_t>(n);
            if (m_limits.maxRequestBytes > 0 && m_received > m_limits.maxRequestBytes)
                return guard();
            m_end = static_cast<std::size_t>(n);
            return n;
        }
    }

    // After SSL_read/SSL_write returned `error`: waits for the socket when
    // TLS wants it, false when the connection failed.
    bool waitTls(int error, Clock::time_point deadline) const {
        if (error == SSL_ERROR_WANT_READ)
            return waitFor(m_sock, POLLIN, deadline);
        if (error == SSL_ERROR_WANT_WRITE)
            return waitFor(m_sock, POLLOUT, deadline);
        return false;
    }

    ssize_t guard() {
        m_cut = true;
        return -1;
    }

    int m_sock;
    SSL* m_ssl;
    const GuardLimits& m_limits;
    Clock::time_point m_start = Clock::now();
    std::size_t m_received = 0;
    bool m_cut = false;
    char m_buffer[16384];
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
};

}  // namespace

void closeConnectionAfterResponse() { t_closeAfterResponse = true; }

// [SECTION] Addresses

bool AddressCounter::enter(const std::string& address) {
    std::lock_guard lock(m_mutex);
    int& open = m_open[address];
    if (open >= m_limit) {
        if (open == 0)
            m_open.erase(address);
        return false;
    }
    ++open;
    return true;
}

void AddressCounter::leave(const std::string& address) {
    std::lock_guard lock(m_mutex);
    auto it = m_open.find(address);
    if (it != m_open.end() && --it->second <= 0)
        m_open.erase(it);
}

// [SECTION] Bodies

bool MemoryBudget::take(std::size_t bytes) {
    std::size_t left = m_left.load();
    do {
        if (left < bytes)
            return false;
    } while (!m_left.compare_exchange_weak(left, left - bytes));
    return true;
}

BodyRead BodyBuffer::read(const httplib::ContentReader& reader, std::size_t limit) {
    BodyRead outcome = BodyRead::Complete;
    const bool read = reader([&](const char* data, std::size_t length) {
        if (m_body.size() + length > limit) {
            outcome = BodyRead::TooLarge;
            return false;
        }
        // Memory is reserved in steps, so a small body costs one step.
        const std::size_t wanted = m_body.size() + length;
        if (wanted > m_taken) {
            const std::size_t step = std::min(limit, std::max(wanted, m_taken * 2 + 65536)) - m_taken;
            if (!m_budget.take(step)) {
                outcome = BodyRead::Busy;
                return false;
            }
            m_taken += step;
            m_body.reserve(m_taken);
        }
        m_body.append(data, length);
        return true;
    });
    if (!read && outcome == BodyRead::Complete)
        outcome = BodyRead::Broken;
    if (outcome != BodyRead::Complete)
        closeConnectionAfterResponse();  // the rest of the body is still on the wire
    return outcome;
}

// [SECTION] TLS

struct GuardedServer::Tls {
    SSL_CTX* context = nullptr;
    ~Tls() {
        if (context != nullptr)
            SSL_CTX_free(context);
    }
};

// [SECTION] The server

GuardedServer::GuardedServer(GuardLimits limits) : m_limits(limits), m_addresses(limits.perAddress) {
    set_socket_options([this](socket_t sock) {
        httplib::default_socket_options(sock);
        m_listenSocket = sock;
    });
    // A request without a body route carries no body: what follows its
    // headers would otherwise be read as the next request.
    set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        const bool bodyless = req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
        const bool hasBody = req.has_header("Transfer-Encoding") ||
                             (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
        if (bodyless && hasBody) {
            res.status = 400;
            res.set_header("Connection", "close");
            closeConnectionAfterResponse();
            return HandlerResponse::Handled;
        }
        return m_filter ? m_filter(req, res) : HandlerResponse::Unhandled;
    });
    set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        t_lastStatus = res.status;
        if (m_accessLog)
            m_accessLog(req, res);
    });
}

GuardedServer::GuardedServer(GuardLimits limits, const std::string& certFile, const std::string& keyFile)
    : GuardedServer(limits) {
    auto tls = std::make_unique<Tls>();
    tls->context = SSL_CTX_new(TLS_server_method());
    if (tls->context == nullptr)
        return;
    SSL_CTX_set_min_proto_version(tls->context, TLS1_2_VERSION);
    SSL_CTX_set_options(tls->context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_use_certificate_chain_file(tls->context, certFile.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(tls->context, keyFile.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(tls->context) != 1) {
        ERR_clear_error();
        return;
    }
    m_tls = std::move(tls);
    m_tlsWanted = true;
}

GuardedServer::~GuardedServer() = default;

bool GuardedServer::is_valid() const { return !m_tlsWanted || m_tls != nullptr; }

bool GuardedServer::widenBacklog() {
    const int sock = m_listenSocket;
    return sock >= 0 && ::listen(sock, m_limits.backlog) == 0;
}

void GuardedServer::setWorkers(std::size_t threads) {
    new_task_queue = [this, threads] {
        auto* pool = new FairPool(threads);
        m_pool = pool;
        return pool;
    };
}

int GuardedServer::waitingConnections() const {
    const FairPool* pool = m_pool;
    return pool ? pool->waiting() : 0;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    const int flags = ::fcntl(sock, F_GETFL, 0);
    ::fcntl(sock, F_SETFL, flags | O_NONBLOCK);
    const int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    const std::string address = addressOf(sock, true);
    if (!m_addresses.enter(address)) {
        ++m_refused;
        sendAll(sock, tooManyConnections(), Clock::now() + milliseconds(1000));
        ::shutdown(sock, SHUT_RDWR);
        ::close(sock);
        return true;
    }

    SSL* ssl = nullptr;
    bool ready = true;
    if (m_tls) {
        ssl = SSL_new(m_tls->context);
        ready = ssl != nullptr && SSL_set_fd(ssl, sock) == 1;
        const auto deadline = Clock::now() + m_limits.handshake;
        while (ready) {
            const int rc = SSL_accept(ssl);
            if (rc == 1)
                break;
            const int error = SSL_get_error(ssl, rc);
            ready = (error == SSL_ERROR_WANT_READ && waitFor(sock, POLLIN, deadline)) ||
                    (error == SSL_ERROR_WANT_WRITE && waitFor(sock, POLLOUT, deadline));
        }
        ERR_clear_error();
    }
    if (ready) {
        GuardedStream stream(sock, ssl, m_limits);
        // The first request is waited for in full; between requests, a
        // worker another connection waits for is given up.
        const std::function<bool()> othersWait = [this] { return waitingConnections() > 0; };
        for (std::size_t left = m_limits.requestsPerConnection; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
            const bool first = left == m_limits.requestsPerConnection;
            if (!stream.waitForRequest(m_limits.idle, first ? std::function<bool()>() : othersWait))
                break;
            stream.beginRequest();
            t_closeAfterResponse = false;
            t_lastStatus = 0;
            bool closed = false;
            const bool ok = process_request(stream, left == 1, closed, nullptr);
            if (stream.cut())
                ++m_cut;
            if (!ok || closed || t_closeAfterResponse || endsConnection(t_lastStatus))
                break;
        }
    }
    if (ssl != nullptr) {
        if (ready)
            SSL_shutdown(ssl);
        SSL_free(ssl);
        ERR_clear_error();
    }
    m_addresses.leave(address);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
}

}  // namespace fangsiang::hub
