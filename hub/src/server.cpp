#include "hub/server.hpp"

#include "core/crypto.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

struct HubServer::Impl {
    std::unique_ptr<httplib::Server> server;
    std::atomic<bool> finished{false};
};

namespace {

void send(httplib::Response& res, HubResponse answer) {
    res.status = answer.status;
    if (answer.status == 304)
        return;
    res.set_header(sync::kHeaderProtocol, std::to_string(sync::kProtocolVersion));
    res.set_content(std::move(answer.body), answer.contentType.c_str());
}

RequestAuth authFrom(const httplib::Request& req) {
    return RequestAuth{req.get_header_value(sync::kHeaderDevice), req.get_header_value(sync::kHeaderNonce),
                       req.get_header_value(sync::kHeaderSignature), req.method, req.target};
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
void adminList(httplib::Server& srv, const char* path, const std::string& token, MakeList list) {
    srv.Get(path, [token, list](const httplib::Request& req, httplib::Response& res) {
        if (!tokenMatches(token, req.get_header_value("Authorization")))
            return send(res, HubResponse{401, sync::kErrorMediaType,
                                         sync::encodeWireError({ErrorCode::BadRequest, "an officer's token is needed"})});
        auto made = list();
        if (!made)
            return send(res, HubResponse{500, sync::kErrorMediaType,
                                         sync::encodeWireError({ErrorCode::Internal, made.error().message})});
        send(res, HubResponse{200, "application/json", made->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    });
}

}  // namespace

HubServer::HubServer(HubService& service, HubServerOptions options)
    : m_service(service), m_options(std::move(options)), m_impl(std::make_unique<Impl>()) {}

HubServer::~HubServer() { stop(); }

std::string HubServer::url() const {
    const bool tls = !m_options.certFile.empty();
    return std::string(tls ? "https://" : "http://") + m_options.host + ":" + std::to_string(m_port);
}

core::Status HubServer::bind() {
    if (!m_options.certFile.empty() || !m_options.keyFile.empty()) {
        if (m_options.certFile.empty() || m_options.keyFile.empty())
            return makeError(ErrorCode::InvalidArgument, "TLS needs both a certificate and its key");
        auto tls = std::make_unique<httplib::SSLServer>(m_options.certFile.c_str(), m_options.keyFile.c_str());
        if (!tls->is_valid())
            return makeError(ErrorCode::InvalidArgument, "the TLS certificate or key could not be loaded");
        m_impl->server = std::move(tls);
    } else {
        m_impl->server = std::make_unique<httplib::Server>();
    }
    auto& srv = *m_impl->server;
    const int threads = std::max(2, m_options.threads);
    srv.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    srv.set_payload_max_length(sync::kMaxRequestBytes);
    // Headers and body go out in separate writes; without this, Nagle and
    // delayed ACKs add ~40 ms to every answer.
    srv.set_tcp_nodelay(true);
    srv.set_read_timeout(60, 0);
    srv.set_write_timeout(60, 0);
    srv.set_keep_alive_max_count(1000);
    HubService& service = m_service;
    const std::string adminToken = m_options.adminToken;

    srv.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        send(res, HubResponse{200, "application/json", R"({"protocol":1,"service":"fangsiang-hub"})"});
    });
    srv.Post("/v1/enroll", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handleEnrol(req.body));
    });
    srv.Post("/v1/push", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handlePush(req.get_header_value("Content-Type"), core::asBytes(req.body)));
    });
    srv.Get("/v1/content", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handleContent(authFrom(req), req.get_header_value(sync::kHeaderContentVersion)));
    });
    srv.Get("/v1/tickets", [&service](const httplib::Request& req, httplib::Response& res) {
        send(res, service.handleTickets(authFrom(req), req.get_param_value("after")));
    });
    adminList(srv, "/v1/admin/devices", adminToken, [&service]() -> core::Result<nlohmann::json> {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : TRY(service.storage().listDevices()))
            list.push_back({{"device", core::toHex(d.key)},
                            {"office", d.officeCode},
                            {"number", d.number},
                            {"label", d.label},
                            {"enrolledAt", d.enrolledAtMs},
                            {"revoked", d.revokedAtMs.has_value()},
                            {"held", d.head.sequence},
                            {"lastPushAt", d.lastPushAtMs}});
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

    if (m_options.port == 0) {
        m_port = srv.bind_to_any_port(m_options.host);
        if (m_port <= 0)
            return makeError(ErrorCode::Io, "could not listen on " + m_options.host);
    } else {
        if (!srv.bind_to_port(m_options.host, m_options.port))
            return makeError(ErrorCode::Io, "could not listen on " + m_options.host + ":" + std::to_string(m_options.port));
        m_port = m_options.port;
    }
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
