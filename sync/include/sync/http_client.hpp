#pragma once
// A small libcurl client for the sync thread: one easy handle (so the
// connection is reused across batches), connect and transfer timeouts, a
// stall detector, a cap on the answer's size, and no redirects (a captive
// portal's redirect is not followed; it is simply not an answer).

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <string>
#include <utility>
#include <vector>

namespace fangsiang::sync {

struct HttpOptions {
    long connectTimeoutMs = 15000;
    long totalTimeoutMs = 300000;     // one request, start to end
    long stallBytesPerSecond = 64;    // below this for stallSeconds: give up
    long stallSeconds = 30;
    std::size_t maxResponseBytes = 40u * 1024 * 1024;
    std::string caFile;               // extra CA for a hub with its own certificate
};

struct HttpResponse {
    long status = 0;
    std::string contentType;
    core::Bytes body;
};

class HttpClient {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    HttpClient(HttpClient&& other) noexcept;
    HttpClient& operator=(HttpClient&&) = delete;

    using Headers = std::vector<std::pair<std::string, std::string>>;
    // Any HTTP status is a response; only a failed transfer is an error
    // (ErrorCode::Io, with curl's reason in words).
    [[nodiscard]] core::Result<HttpResponse> get(const std::string& url, const Headers& headers);
    [[nodiscard]] core::Result<HttpResponse> post(const std::string& url, const Headers& headers,
                                                   core::ByteView body);

    // Bytes sent and received by this client so far, headers included, as
    // libcurl reports them (approximate; the benchmarks count at a proxy).
    [[nodiscard]] std::uint64_t bytesSent() const { return m_sent; }
    [[nodiscard]] std::uint64_t bytesReceived() const { return m_received; }

private:
    [[nodiscard]] core::Result<HttpResponse> perform(const std::string& url, const Headers& headers,
                                                      const core::ByteView* body);
    void* m_curl = nullptr;
    HttpOptions m_options;
    std::uint64_t m_sent = 0;
    std::uint64_t m_received = 0;
};

}  // namespace fangsiang::sync
