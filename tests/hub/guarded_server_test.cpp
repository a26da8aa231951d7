// The hub's HTTP guards against slow, oversized and crowding clients, on a
// real server over loopback with raw sockets for the misbehaving clients.

#include "guarded_server.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace fangsiang::hub;
using namespace std::chrono_literals;

namespace {

// A server with GET /ping and POST /echo (body up to 64 KiB) on 127.0.0.1.
class Server {
public:
    explicit Server(GuardLimits limits, int threads = 4) : m_budget(1 << 20) {
        limits.maxRequestBytes = limits.maxRequestBytes ? limits.maxRequestBytes : (1 << 20);
        m_server = std::make_unique<GuardedServer>(limits);
        m_server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
        m_server->Get("/ping", [](const httplib::Request&, httplib::Response& res) { res.set_content("pong", "text/plain"); });
        m_server->Post("/echo", [this](const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader) {
            BodyBuffer body(m_budget);
            const BodyRead outcome = body.read(reader, 64 * 1024);
            m_largestBody = std::max(m_largestBody.load(), body.text().size());
            if (outcome == BodyRead::TooLarge) {
                res.status = 413;
                return;
            }
            res.set_content(std::to_string(body.text().size()), "text/plain");
        });
        m_port = m_server->bind_to_any_port("127.0.0.1");
        REQUIRE(m_port > 0);
        REQUIRE(m_server->widenBacklog());
        m_thread = std::thread([this] { m_server->listen_after_bind(); });
        while (!m_server->is_running())
            std::this_thread::sleep_for(1ms);
    }
    ~Server() {
        m_server->stop();
        m_thread.join();
    }
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] GuardedServer& server() { return *m_server; }
    [[nodiscard]] std::size_t largestBody() const { return m_largestBody; }

private:
    MemoryBudget m_budget;
    std::unique_ptr<GuardedServer> m_server;
    std::atomic<std::size_t> m_largestBody{0};
    std::thread m_thread;
    int m_port = 0;
};

// A raw TCP connection from `from` (any 127.0.0.0/8 address) to the server.
class Raw {
public:
    Raw(int port, const char* from = "127.0.0.1") {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from, &local.sin_addr);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
    }
    ~Raw() { ::close(m_fd); }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;

    bool send(std::string_view bytes) { return ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()); }
    // What arrives within `wait`; stops at end of stream.
    std::string receive(std::chrono::milliseconds wait) {
        std::string out;
        const auto until = std::chrono::steady_clock::now() + wait;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            pollfd p{m_fd, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                return out;
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                return out;
            }
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }
    [[nodiscard]] bool closed() const { return m_closed; }

private:
    int m_fd = -1;
    bool m_closed = false;
};

GuardLimits quick() {
    GuardLimits limits;
    limits.grace = 300ms;
    limits.stall = 2000ms;
    limits.minBytesPerSecond = 1024;
    limits.idle = 2000ms;
    return limits;
}

}  // namespace

TEST_CASE("slow clients are cut and cannot hold every worker", "[hub][http]") {
    Server server(quick(), 4);
    // Twice as many dribbling clients as workers, one byte every 200 ms.
    std::vector<std::unique_ptr<Raw>> slow;
    for (int i = 0; i < 8; ++i)
        slow.push_back(std::make_unique<Raw>(server.port(), "127.0.0.2"));
    std::atomic<bool> stop{false};
    std::thread dribble([&] {
        const std::string request = "GET /ping HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(200, 'a') + "\r\n\r\n";
        for (std::size_t i = 0; i < request.size() && !stop; ++i) {
            for (auto& s : slow)
                s->send(request.substr(i, 1));
            std::this_thread::sleep_for(200ms);
        }
    });
    // A real client is answered while they dribble.
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(10, 0);
    client.set_connection_timeout(10, 0);
    auto res = client.Get("/ping");
    stop = true;
    dribble.join();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == "pong");
    // Every slow client was cut, none was answered.
    for (auto& s : slow) {
        CHECK(s->receive(3000ms).empty());
        CHECK(s->closed());
    }
    CHECK(server.server().cutRequests() >= 8);
}

TEST_CASE("a chunked body past the limit is refused as it arrives", "[hub][http]") {
    Server server(quick());
    Raw raw(server.port());
    REQUIRE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
    std::size_t sent = 0;
    for (int i = 0; i < 64 * 16 && raw.send(chunk); ++i)  // up to 16 MiB
        sent += 0x4000;
    const std::string answer = raw.receive(3000ms);
    CHECK_THAT(answer, Catch::Matchers::StartsWith("HTTP/1.1 413"));
    CHECK(server.largestBody() <= 64 * 1024);
    CHECK(sent < 8u << 20);  // the server stopped reading long before the end
}

TEST_CASE("a request larger than the wire limit is cut as it arrives", "[hub][http]") {
    GuardLimits limits = quick();
    limits.maxRequestBytes = 32 * 1024;
    Server server(limits);
    Raw raw(server.port());
    REQUIRE(raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n"));
    raw.send(std::string(60000, 'x'));
    raw.receive(3000ms);
    CHECK(raw.closed());
    CHECK(server.server().cutRequests() == 1);
}

TEST_CASE("a GET that carries a body is refused and its connection closed", "[hub][http]") {
    Server server(quick());
    Raw raw(server.port());
    REQUIRE(raw.send("GET /ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
    for (int i = 0; i < 64 && raw.send(chunk); ++i) {
    }
    const std::string answer = raw.receive(3000ms);
    CHECK_THAT(answer, Catch::Matchers::StartsWith("HTTP/1.1 400"));
    CHECK(answer.find("HTTP/1.1", 1) == std::string::npos);  // one answer, not one per chunk
    CHECK(raw.closed());
}

TEST_CASE("one address holds at most its share of connections", "[hub][http]") {
    GuardLimits limits = quick();
    limits.perAddress = 2;
    Server server(limits, 8);
    Raw first(server.port(), "127.0.0.3");
    Raw second(server.port(), "127.0.0.3");
    REQUIRE(first.send("GET /ping HTTP/1.1\r\nHost: x\r\n"));  // unfinished: both stay open
    REQUIRE(second.send("GET /ping HTTP/1.1\r\nHost: x\r\n"));
    std::this_thread::sleep_for(100ms);
    Raw third(server.port(), "127.0.0.3");
    CHECK_THAT(third.receive(2000ms), Catch::Matchers::StartsWith("HTTP/1.1 503"));
    // Another address is served as usual.
    Raw other(server.port(), "127.0.0.4");
    REQUIRE(other.send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    CHECK_THAT(other.receive(2000ms), Catch::Matchers::StartsWith("HTTP/1.1 200"));
    CHECK(server.server().refusedConnections() == 1);
}

TEST_CASE("the listen backlog is sized for a burst of kiosks", "[hub][http]") {
    Server server(quick());
    // ss prints a listening socket's backlog in its Send-Q column.
    const std::string command = "ss -Hltn 'sport = :" + std::to_string(server.port()) + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char line[512] = {};
    const bool got = std::fgets(line, sizeof line, pipe) != nullptr;
    ::pclose(pipe);
    REQUIRE(got);
    int recvQ = 0, sendQ = 0;
    char state[32] = {};
    REQUIRE(std::sscanf(line, "%31s %d %d", state, &recvQ, &sendQ) == 3);
    CHECK(sendQ >= 1024);
}
