#pragma once
// The hub's HTTP front: cpp-httplib routes bound to HubService handlers, plain
// HTTP on loopback or TLS when given a certificate. Routes (protocol v1):
//   GET  /v1/health                 unsigned liveness, {"protocol":1}
//   POST /v1/enroll                 EnrolRequest JSON -> "enrolled" envelope
//   POST /v1/push                   zstd batch -> "push-ack" envelope
//   GET  /v1/content                device-signed -> "content" envelope (zstd) or 304
//   GET  /v1/tickets?after=N        device-signed -> "tickets" envelope
//   GET  /v1/head                   device-signed -> "head" envelope (the device's chain head)
//   POST /v1/store-lost             StoreLostReport JSON -> "store-lost" envelope (incident logged)
//   GET  /v1/admin/devices          bearer token -> JSON list
//   GET  /v1/admin/incidents        bearer token -> JSON list (gaps, broken chains, refusals)
//   GET  /, /static/...             the officers' web dashboard, when given its folder
//                                   (hub/dashboard_files.hpp)
//   /api/v1/...                     the officers' JSON API (hub/officer_api.hpp, docs/API.md), when
//                                   the server is given an OfficerService

#include "hub/case_service.hpp"
#include "hub/officers.hpp"
#include "hub/service.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>

namespace fangsiang::hub {

struct HubServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;                  // 0: an ephemeral port, see HubServer::port()
    std::string certFile;          // TLS when both are set
    std::string keyFile;
    std::string adminToken;        // empty: the admin routes are off
    std::string dashboardDir;      // the built dashboard (index.html, static/); empty: not served
    std::string fontsDir = "/usr/share/fonts/woff/tlwg";  // its Thai web fonts (fonts-thai-tlwg-web)
    // Worker threads. A kiosk keeps its connection open between batches (a
    // TLS handshake over 3G is expensive), and each open connection holds a
    // thread, so this bounds the kiosks served at once; others queue. Slow
    // or crowding clients cannot keep them (hub/src/guarded_server.hpp).
    int threads = 64;
    int connectionsPerAddress = 16;             // an office behind one NAT address has a few kiosks
    std::size_t bodyMemoryBytes = 256u << 20;   // request bodies held at once, all connections together
    int concurrentPushes = 4;                   // batches decompressed and verified at once
    // Verified batches waiting for the store or being stored, all together.
    // Past it a verified batch waits inside the verification limit above.
    std::size_t verifiedBatchBytes = 256u << 20;
};

class HubServer {
public:
    // With `officers`, the officers' API is served too; with `cases` as well,
    // its case routes.
    HubServer(HubService& service, HubServerOptions options, OfficerService* officers = nullptr,
              CaseService* cases = nullptr);
    ~HubServer();
    HubServer(const HubServer&) = delete;
    HubServer& operator=(const HubServer&) = delete;

    // Binds and starts serving on a background thread.
    [[nodiscard]] core::Status start();
    // Serves on the calling thread until stop() (from a signal handler's
    // helper thread, or another thread).
    [[nodiscard]] core::Status run();
    void stop();
    [[nodiscard]] int port() const { return m_port; }
    // Whether the server answers its own /v1/health over the network within
    // `timeout`, and its store answers a count: what the watchdog pings on.
    [[nodiscard]] bool answersHealth(std::chrono::milliseconds timeout) const;
    [[nodiscard]] std::string url() const;

private:
    struct Impl;
    [[nodiscard]] core::Status bind();
    HubService& m_service;
    OfficerService* m_officers;
    CaseService* m_cases;
    HubServerOptions m_options;
    std::unique_ptr<Impl> m_impl;
    std::thread m_thread;
    int m_port = 0;
};

}  // namespace fangsiang::hub
