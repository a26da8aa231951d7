#include "sync/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

namespace fangsiang::sync {

using core::ErrorCode;
using core::makeError;

namespace {

void globalInit() {
    // curl_global_init is not thread-safe on every build; do it once.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
    core::Bytes* body;
    std::size_t max;
    bool overflow = false;
};

std::size_t onData(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body->size() + n > sink->max) {
        sink->overflow = true;
        return 0;  // aborts the transfer
    }
    sink->body->insert(sink->body->end(), data, data + n);
    return n;
}

}  // namespace

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options)) {
    globalInit();
    m_curl = curl_easy_init();
}

HttpClient::~HttpClient() {
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL*>(m_curl));
}

HttpClient::HttpClient(HttpClient&& other) noexcept
    : m_curl(other.m_curl), m_options(std::move(other.m_options)), m_sent(other.m_sent), m_received(other.m_received) {
    other.m_curl = nullptr;
}

core::Result<HttpResponse> HttpClient::get(const std::string& url, const Headers& headers) {
    return perform(url, headers, nullptr);
}

core::Result<HttpResponse> HttpClient::post(const std::string& url, const Headers& headers, core::ByteView body) {
    return perform(url, headers, &body);
}

core::Result<HttpResponse> HttpClient::perform(const std::string& url, const Headers& headers,
                                                const core::ByteView* body) {
    auto* curl = static_cast<CURL*>(m_curl);
    if (!curl)
        return makeError(ErrorCode::Io, "the network library could not start");
    curl_easy_reset(curl);
    HttpResponse response;
    Sink sink{&response.body, m_options.maxResponseBytes};
    char errorText[CURL_ERROR_SIZE] = {0};

    curl_slist* list = nullptr;
    for (const auto& [name, value] : headers)
        list = curl_slist_append(list, (name + ": " + value).c_str());
    // No "Expect: 100-continue" round trip on a slow link.
    list = curl_slist_append(list, "Expect:");

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, m_options.totalTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, m_options.stallBytesPerSecond);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, m_options.stallSeconds);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onData);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);
    if (!m_options.caFile.empty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.caFile.c_str());
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }

    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);

    curl_off_t up = 0, down = 0;
    long headerBytes = 0, requestBytes = 0;
    curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(curl, CURLINFO_SIZE_DOWNLOAD_T, &down);
    curl_easy_getinfo(curl, CURLINFO_HEADER_SIZE, &headerBytes);
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &requestBytes);
    // libcurl counts a small POST body inside the request size; count it once.
    m_sent += static_cast<std::uint64_t>(std::max<curl_off_t>(up, requestBytes) +
                                         (requestBytes >= up ? 0 : requestBytes));
    m_received += static_cast<std::uint64_t>(down) + static_cast<std::uint64_t>(headerBytes);

    if (sink.overflow)
        return makeError(ErrorCode::TooLarge, "the answer from " + url + " was larger than expected; it was not read");
    if (rc != CURLE_OK) {
        std::string why = errorText[0] ? errorText : curl_easy_strerror(rc);
        if (rc == CURLE_OPERATION_TIMEDOUT)
            why = "the connection was too slow or stalled (" + why + ")";
        else if (rc == CURLE_COULDNT_CONNECT)
            why = "the hub could not be reached (" + why + ")";
        return makeError(ErrorCode::Io, why);
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    char* type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    if (type)
        response.contentType = type;
    return response;
}

}  // namespace fangsiang::sync
