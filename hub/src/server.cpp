#include "hub/server.hpp"

#include "guarded_server.hpp"
#include "officer_json.hpp"

#include "hub/dashboard_files.hpp"
#include "hub/officer_api.hpp"
#include "hub/open311.hpp"
#include "hub/public_page.hpp"

#include "core/crypto.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

namespace {

// At most `limit` holders at once; the others wait up to a time.
class Gate {
public:
    explicit Gate(int limit) : m_free(limit) {}
    [[nodiscard]] bool enter(std::chrono::milliseconds wait) {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, wait, [this] { return m_free > 0; }))
            return false;
        --m_free;
        return true;
    }
    void leave() {
        {
            std::lock_guard lock(m_mutex);
            ++m_free;
        }
        m_changed.notify_one();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_free;
};

}  // namespace

struct HubServer::Impl {
    explicit Impl(const HubServerOptions& options)
        : bodies(options.bodyMemoryBytes),
          pushes(std::max(1, options.concurrentPushes)),
          verified(options.verifiedBatchBytes) {}
    std::unique_ptr<GuardedServer> server;
    MemoryBudget bodies;  // request bodies held at once, all connections together
    Gate pushes;          // batches being decompressed and verified at once
    MemoryBudget verified;  // what verified batches hold while they wait for the store
    std::atomic<bool> finished{false};
};

namespace {

// A refusal before a route's handler ran: as the officers' API words its
// errors for a path under /api/, else as a protocol error.
HubResponse refusal(int status, ErrorCode code, std::string message, std::string_view path = {}) {
    if (path.starts_with("/api/")) {
        HubResponse answer = apiError({code, std::move(message)});
        answer.status = status;
        return answer;
    }
    return HubResponse{status, sync::kErrorMediaType, sync::encodeWireError({code, std::move(message)}), {}};
}

// The routes, and the most each one's body may be. Anything else is refused
// before a byte of its body is read.
struct Route {
    const char* method;
    const char* path;
    std::size_t maxBody;
};
constexpr Route kRoutes[] = {
    {"GET", "/v1/health", 0},
    {"POST", "/v1/enroll", sync::kMaxJsonRequestBytes},
    {"POST", "/v1/push", sync::kMaxRequestBytes},
    {"GET", "/v1/content", 0},
    {"GET", "/v1/tickets", 0},
    {"GET", "/v1/head", 0},
    {"POST", "/v1/store-lost", sync::kMaxJsonRequestBytes},
    {"GET", "/v1/admin/devices", 0},
    {"GET", "/v1/admin/incidents", 0},
};

bool methodFits(const std::string& method, std::string_view routeMethod) {
    return method == routeMethod || (method == "HEAD" && routeMethod == "GET");
}

httplib::Server::HandlerResponse filterRequest(const httplib::Request& req, httplib::Response& res, bool dashboard) {
    const Route* route = nullptr;
    for (const Route& r : kRoutes)
        if (req.path == r.path && methodFits(req.method, r.method))
            route = &r;
    // The web dashboard's files (hub/dashboard_files.hpp), when served.
    static constexpr Route kDashboardRoute{"GET", "the dashboard's files", 0};
    if (dashboard && DashboardFiles::serves(req.path) && methodFits(req.method, "GET"))
        route = &kDashboardRoute;
    // Each office's public page (hub/public_page.hpp), with the officers' API.
    static constexpr Route kPublicRoute{"GET", "the public pages", 0};
    if (PublicPages::serves(req.path) && methodFits(req.method, "GET"))
        route = &kPublicRoute;
    // Open311 GeoReport v2 (hub/open311.hpp): its own errors, for every path under it.
    static constexpr Route kOpen311Get{"GET", "/open311/v2/", 0};
    static constexpr Route kOpen311Post{"POST", "/open311/v2/", kOpen311MaxBody};
    if (Open311Api::serves(req.path)) {
        if (methodFits(req.method, "GET"))
            route = &kOpen311Get;
        else if (req.method == "POST")
            route = &kOpen311Post;
    }
    // The officers' API (served when the hub has officers: always from `serve`).
    Route apiRoute{};
    for (const ApiRoute& r : OfficerApi::routes())
        if (matchApiPath(r.path, req.path) && methodFits(req.method, r.method)) {
            apiRoute = Route{r.method, r.path, r.maxBody};
            route = &apiRoute;
        }
    HubResponse answer;
    if (route == nullptr) {
        answer = refusal(404, ErrorCode::NotFound, "no such route: " + req.method + " " + req.path, req.path);
    } else if (req.has_header("Content-Length") &&
               std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > route->maxBody) {
        answer = refusal(413, ErrorCode::TooLarge, "the body is larger than " + std::to_string(route->maxBody) +
                                                       " bytes, the most " + route->path + " takes", req.path);
    } else {
        return httplib::Server::HandlerResponse::Unhandled;
    }
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers)
        res.set_header(name.c_str(), value);
    res.set_content(std::move(answer.body), answer.contentType.c_str());
    res.set_header("Connection", "close");
    closeConnectionAfterResponse();
    return httplib::Server::HandlerResponse::Handled;
}

void send(httplib::Response& res, HubResponse answer) {
    res.status = answer.status;
    if (answer.status == 304)
        return;
    res.set_header(sync::kHeaderProtocol, std::to_string(sync::kProtocolVersion));
    for (const auto& [name, value] : answer.headers)
        res.set_header(name.c_str(), value);
    res.set_content(std::move(answer.body), answer.contentType.c_str());
}

// An officers' API request as OfficerApi reads it.
ApiRequest apiRequestOf(const httplib::Request& req, std::string body, bool tls) {
    ApiRequest r;
    r.method = req.method == "HEAD" ? "GET" : req.method;
    r.path = req.path;
    for (const auto& [key, value] : req.params)
        r.query.emplace(key, value);
    r.cookie = req.get_header_value("Cookie");
    r.csrfToken = req.get_header_value(kCsrfHeader);
    r.address = req.remote_addr;
    r.body = std::move(body);
    r.tls = tls;
    return r;
}

// "/api/v1/users/{name}/disable" as the regular expression httplib matches.
std::string routeRegex(std::string_view path) {
    std::string out(path);
    if (auto slot = out.find("{name}"); slot != std::string::npos)
        out.replace(slot, 6, "[^/]+");
    return out;
}

RequestAuth authFrom(const httplib::Request& req) {
    return RequestAuth{req.get_header_value(sync::kHeaderDevice), req.get_header_value(sync::kHeaderNonce),
                       req.get_header_value(sync::kHeaderSignature), req.method, req.target,
                       req.get_header_value(sync::kHeaderTime)};
}

bool tokenMatches(const std::string& expected, const std::string& header) {
    const std::string prefix = "Bearer ";
    if (expected.empty() || header.size() != prefix.size() + expected.size() || header.rfind(prefix, 0) != 0)
        return false;
    return core::constantTimeEqual(core::asBytes(expected), core::asBytes(std::string_view(header).substr(prefix.size())));
}

// An officers' route: the bearer token first, then the JSON list `list`
// makes, or the store's error.
template <typename MakeList>
void adminList(GuardedServer& srv, const char* path, const std::string& token, MakeList list) {
    srv.Get(path, [token, list](const httplib::Request& req, httplib::Response& res) {
        if (!tokenMatches(token, req.get_header_value("Authorization")))
            return send(res, refusal(401, ErrorCode::BadRequest, "an officer's token is needed"));
        auto made = list();
        if (!made)
            return send(res, refusal(500, ErrorCode::Internal, made.error().message));
        send(res, HubResponse{200, "application/json", jsonText(*made), {}});
    });
}

}  // namespace

HubServer::HubServer(HubService& service, HubServerOptions options, OfficerService* officers, CaseService* cases)
    : m_service(service),
      m_officers(officers),
      m_cases(cases),
      m_options(std::move(options)),
      m_impl(std::make_unique<Impl>(m_options)) {}

HubServer::~HubServer() { stop(); }

std::string HubServer::url() const {
    const bool tls = !m_options.certFile.empty();
    return std::string(tls ? "https://" : "http://") + m_options.host + ":" + std::to_string(m_port);
}

bool HubServer::answersHealth(std::chrono::milliseconds timeout) const {
    if (m_port == 0)
        return false;
    // Asked as a client would, through the same workers: a hub whose
    // workers are all stuck, or whose store no longer answers, does not.
    const std::string host = m_options.host == "0.0.0.0" || m_options.host.empty() ? "127.0.0.1"
                             : m_options.host == "::"                             ? "::1"
                                                                                  : m_options.host;
    auto ask = [&](auto& client) {
        client.set_connection_timeout(timeout);
        client.set_read_timeout(timeout);
        client.set_write_timeout(timeout);
        auto res = client.Get("/v1/health");
        return res && res->status == 200;
    };
    if (!m_options.certFile.empty()) {
        httplib::SSLClient client(host, m_port);
        client.enable_server_certificate_verification(false);  // itself, on its own machine
        return ask(client) && m_service.storage().recordCount().ok();
    }
    httplib::Client client(host, m_port);
    return ask(client) && m_service.storage().recordCount().ok();
}

core::Status HubServer::bind() {
    GuardLimits limits;
    limits.maxRequestBytes = sync::kMaxRequestBytes + 64 * 1024;  // the largest body, its headers and framing
    limits.perAddress = std::max(1, m_options.connectionsPerAddress);
    if (!m_options.certFile.empty() || !m_options.keyFile.empty()) {
        if (m_options.certFile.empty() || m_options.keyFile.empty())
            return makeError(ErrorCode::InvalidArgument, "TLS needs both a certificate and its key");
        m_impl->server = std::make_unique<GuardedServer>(limits, m_options.certFile, m_options.keyFile);
        if (!m_impl->server->is_valid())
            return makeError(ErrorCode::InvalidArgument, "the TLS certificate or key could not be loaded");
    } else {
        m_impl->server = std::make_unique<GuardedServer>(limits);
    }
    auto& srv = *m_impl->server;
    const int threads = std::max(2, m_options.threads);
    srv.setWorkers(static_cast<std::size_t>(threads));
    srv.set_payload_max_length(sync::kMaxRequestBytes);
    const bool dashboard = !m_options.dashboardDir.empty();
    srv.setRequestFilter([dashboard](const httplib::Request& req, httplib::Response& res) {
        return filterRequest(req, res, dashboard);
    });
    HubService& service = m_service;
    Impl& impl = *m_impl;
    const std::string adminToken = m_options.adminToken;

    // A body route: the body is read as it arrives, refused as soon as it
    // passes the route's limit or the hub's body memory.
    auto withBody = [&impl](std::size_t limit, auto handle) {
        return [&impl, limit, handle](const httplib::Request& req, httplib::Response& res,
                                      const httplib::ContentReader& reader) {
            BodyBuffer body(impl.bodies);
            switch (body.read(reader, limit)) {
            case BodyRead::Complete: return send(res, handle(req, body.text()));
            case BodyRead::TooLarge:
                return send(res, refusal(413, ErrorCode::TooLarge,
                                         "the body is larger than " + std::to_string(limit) + " bytes, the most this route takes",
                                         req.path));
            case BodyRead::Busy:
                return send(res, refusal(503, ErrorCode::Busy, "the hub is receiving many large requests; try again soon",
                                         req.path));
            case BodyRead::Broken:
                return send(res, refusal(400, ErrorCode::BadRequest, "the body did not arrive whole", req.path));
            }
        };
    };

    srv.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        send(res, HubResponse{200, "application/json", R"({"protocol":1,"service":"fangsiang-hub"})"});
    });
    srv.Post("/v1/enroll", withBody(sync::kMaxJsonRequestBytes, [&service](const httplib::Request& req, const std::string& body) {
        return service.handleEnrol(body, req.remote_addr);  // wrong codes are counted per client address
    }));
    srv.Post("/v1/push", withBody(sync::kMaxRequestBytes, [&service, &impl](const httplib::Request& req, const std::string& body) {
        // Decompressing and verifying is the costly part: a few batches at
        // a time, whatever the number of connections. A verified batch
        // leaves that limit to wait for the store, where the SQLite store
        // commits the batches waiting together (hub/src/store_lock.hpp), if
        // its bytes fit in what verified batches may hold.
        if (!impl.pushes.enter(std::chrono::seconds(30)))
            return refusal(503, ErrorCode::Busy, "the hub is verifying many batches; try again soon");
        bool verifying = true;
        std::size_t held = 0;
        HubResponse answer = service.handlePush(req.get_header_value("Content-Type"), core::asBytes(body),
                                                [&](std::size_t bytes) {
                                                    if (!impl.verified.take(bytes))
                                                        return;
                                                    held = bytes;
                                                    verifying = false;
                                                    impl.pushes.leave();
                                                });
        if (verifying)
            impl.pushes.leave();
        else
            impl.verified.give(held);
        return answer;
    }));
    srv.Get("/v1/content", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handleContent(authFrom(req), req.get_header_value(sync::kHeaderContentVersion)));
    });
    srv.Get("/v1/tickets", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handleTickets(authFrom(req), req.get_param_value("after")));
    });
    srv.Get("/v1/head", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handleHead(authFrom(req)));
    });
    srv.Post("/v1/store-lost", withBody(sync::kMaxJsonRequestBytes, [&service](const httplib::Request&, const std::string& body) {
        return service.handleStoreLost(body);
    }));
    adminList(srv, "/v1/admin/devices", adminToken, [&service]() -> core::Result<nlohmann::json> {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : TRY(service.storage().listDevices()))
            list.push_back(deviceJson(d));
        return list;
    });
    adminList(srv, "/v1/admin/incidents", adminToken, [&service]() -> core::Result<nlohmann::json> {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& i : TRY(service.storage().incidents(500)))
            list.push_back({{"id", i.id},
                            {"device", core::toHex(i.device)},
                            {"kind", i.kind},
                            {"sequence", i.sequence},
                            {"detail", i.detail},
                            {"at", i.atMs}});
        return list;
    });

    if (dashboard) {
        auto files = std::make_shared<const DashboardFiles>(m_options.dashboardDir, m_options.fontsDir);
        srv.Get(R"(/|/index\.html|/static/.*)", [files](const httplib::Request& req, httplib::Response& res) {
            send(res, files->answer(req.path));
        });
    }

    {
        // Open311 (hub/open311.hpp), on the officers' clock when there is one (tests set it).
        core::Clock clock = m_officers != nullptr ? m_officers->options().clock : core::systemClock();
        auto open311 = std::make_shared<Open311Api>(m_service.storage(), m_service.keys().box.publicKey, clock);
        auto toRequest = [](const httplib::Request& req, std::string body) {
            Open311Request r;
            r.method = req.method == "HEAD" ? "GET" : req.method;
            r.path = req.path;
            for (const auto& [key, value] : req.params)
                r.params.emplace(key, value);
            r.contentType = req.get_header_value("Content-Type");
            r.body = std::move(body);
            r.address = req.remote_addr;
            return r;
        };
        auto reply = [](const Open311Answer& a) {
            // Partners' web apps read it from their own pages.
            return HubResponse{a.status, a.contentType, a.body,
                               {{"Cache-Control", "no-store"}, {"Access-Control-Allow-Origin", "*"}}};
        };
        srv.Get(R"(/open311/v2/.*)", [open311, toRequest, reply](const httplib::Request& req, httplib::Response& res) {
            send(res, reply(open311->answer(toRequest(req, {}))));
        });
        srv.Post(R"(/open311/v2/.*)", withBody(kOpen311MaxBody, [open311, toRequest, reply](const httplib::Request& req,
                                                                                           const std::string& body) {
                     return reply(open311->answer(toRequest(req, body)));
                 }));
    }

    if (m_officers != nullptr) {
        auto pages = std::make_shared<PublicPages>(m_officers->storage(), m_officers->options().clock);
        srv.Get(R"(/public/.*)", [pages](const httplib::Request& req, httplib::Response& res) {
            send(res, pages->answer(req.path, req.params, req.remote_addr));
        });
        auto api = std::make_shared<OfficerApi>(*m_officers, m_cases, &m_service);
        const bool tls = !m_options.certFile.empty();
        for (const ApiRoute& route : OfficerApi::routes()) {
            const std::string pattern = routeRegex(route.path);
            const std::string_view method = route.method;
            auto plain = [api, tls](const httplib::Request& req, httplib::Response& res) {
                send(res, api->handle(apiRequestOf(req, {}, tls)));
            };
            if (method == "GET")
                srv.Get(pattern, plain);
            else if (method == "DELETE")
                srv.Delete(pattern, plain);
            else
                srv.Post(pattern, withBody(route.maxBody, [api, tls](const httplib::Request& req, const std::string& body) {
                             return api->handle(apiRequestOf(req, body, tls));
                         }));
        }
    }

    if (m_options.port == 0) {
        m_port = srv.bind_to_any_port(m_options.host);
        if (m_port <= 0)
            return makeError(ErrorCode::Io, "could not listen on " + m_options.host);
    } else {
        if (!srv.bind_to_port(m_options.host, m_options.port))
            return makeError(ErrorCode::Io, "could not listen on " + m_options.host + ":" + std::to_string(m_options.port));
        m_port = m_options.port;
    }
    if (!srv.widenBacklog())
        return makeError(ErrorCode::Io, "could not widen the listen backlog on port " + std::to_string(m_port));
    return core::Ok{};
}

core::Status HubServer::start() {
    TRY(bind());
    m_impl->finished = false;
    m_thread = std::thread([this] {
        m_impl->server->listen_after_bind();
        m_impl->finished = true;
    });
    // stop() only acts on a running server: wait until the accept loop is up
    // (connections made before then wait in the listen backlog).
    while (!m_impl->server->is_running() && !m_impl->finished)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return core::Ok{};
}

core::Status HubServer::run() {
    TRY(bind());
    if (!m_impl->server->listen_after_bind())
        return makeError(ErrorCode::Io, "the server stopped with an error");
    return core::Ok{};
}

void HubServer::stop() {
    if (m_impl && m_impl->server)
        m_impl->server->stop();
    if (m_thread.joinable())
        m_thread.join();
}

}  // namespace fangsiang::hub
