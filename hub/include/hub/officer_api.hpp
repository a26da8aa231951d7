#pragma once
// The officers' JSON API under /api/v1 (docs/API.md), apart from HTTP:
// HubServer hands each request over as an ApiRequest and sends back the
// HubResponse. Every route signs the caller in from the session cookie,
// checks the CSRF token of anything that changes something, and asks
// permit() through OfficerService before it reads or changes anything.
// Every error is {"error": code, "message": plain words}.

#include "hub/case_service.hpp"
#include "hub/officers.hpp"
#include "hub/service.hpp"

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace fangsiang::hub {

inline constexpr const char* kSessionCookie = "fangsiang_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";
inline constexpr std::size_t kMaxApiBodyBytes = 16u * 1024;
// Content uploaded from the dashboard: a catalogue and surveys, not the
// largest bundle a kiosk takes (publish a folder on the hub for that).
inline constexpr std::size_t kMaxContentUploadBytes = 12u << 20;

struct ApiRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> query;  // the URL's parameters
    std::string cookie;                        // the Cookie header
    std::string csrfToken;                     // the X-CSRF-Token header
    std::string address;                       // the client's IP address
    std::string body;
    bool tls = false;                          // served over TLS: the cookie is Secure
};

// One route of the API, with the most its body may be ("{name}" stands for
// one path segment: a username or a ticket number).
struct ApiRoute {
    const char* method;
    const char* path;
    std::size_t maxBody;
};

// Whether `path` fits `pattern`; the "{name}" segment, if any, in `name`.
[[nodiscard]] bool matchApiPath(std::string_view pattern, std::string_view path, std::string* name = nullptr);

// The bodies the API reads, parsed and checked field by field (exposed for
// the fuzz target): unknown fields, wrong types and oversized text are
// refused with BadRequest naming the field.
struct LoginBody {
    std::string username;
    std::string password;  // wiped by the caller
};
struct UserBody {
    OfficerDraft draft;
    std::optional<std::string> password;  // absent: the hub generates one and answers it once
};
[[nodiscard]] core::Result<LoginBody> parseLoginBody(std::string_view body);
[[nodiscard]] core::Result<UserBody> parseUserBody(std::string_view body);
// {} or {"password": "..."}; an empty body counts as {}.
[[nodiscard]] core::Result<std::optional<std::string>> parseResetBody(std::string_view body);

// An error as the API answers it: {"error": code, "message": words}, with
// the code's HTTP status.
[[nodiscard]] HubResponse apiError(const core::Error& error);

class OfficerApi {
public:
    // With `cases`, the case routes are served too; with `content`, the
    // content routes.
    explicit OfficerApi(OfficerService& officers, CaseService* cases = nullptr, HubService* content = nullptr)
        : m_officers(officers), m_cases(cases), m_content(content) {}

    [[nodiscard]] static std::span<const ApiRoute> routes();
    // Answers one request (NotFound for a path no route fits).
    [[nodiscard]] HubResponse handle(ApiRequest request);

private:
    OfficerService& m_officers;
    CaseService* m_cases;
    HubService* m_content;
};

}  // namespace fangsiang::hub
