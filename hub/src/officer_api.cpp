// The officers' JSON API (hub/officer_api.hpp, docs/API.md).

#include "hub/officer_api.hpp"
#include "api_support.hpp"
#include "case_api.hpp"
#include "officer_json.hpp"
#include "report_api.hpp"
#include "webhook_api.hpp"

#include "core/crypto.hpp"
#include "core/json_fields.hpp"

#include <array>
#include <charconv>
#include <initializer_list>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;
using namespace api;

namespace {

constexpr std::size_t kMaxAuditPage = 500;
// Incidents a device list carries: of the hub's newest, the newest per device.
constexpr std::size_t kIncidentsScanned = 2000;
constexpr std::size_t kIncidentsPerDevice = 20;

constexpr std::array<ApiRoute, 38> kApiRoutes = {{
    {"POST", "/api/v1/session", kMaxApiBodyBytes},
    {"GET", "/api/v1/session", 0},
    {"DELETE", "/api/v1/session", 0},
    {"GET", "/api/v1/users", 0},
    {"POST", "/api/v1/users", kMaxApiBodyBytes},
    {"POST", "/api/v1/users/{name}/disable", kMaxApiBodyBytes},
    {"POST", "/api/v1/users/{name}/reset", kMaxApiBodyBytes},
    {"GET", "/api/v1/units", 0},
    {"GET", "/api/v1/devices", 0},
    {"GET", "/api/v1/audit", 0},
    {"GET", "/api/v1/cases", 0},
    {"GET", "/api/v1/inbox", 0},
    {"GET", "/api/v1/categories", 0},
    {"GET", "/api/v1/templates", 0},
    {"GET", "/api/v1/cases/{name}", 0},
    {"POST", "/api/v1/cases/{name}/state", kMaxApiBodyBytes},
    {"POST", "/api/v1/cases/{name}/notes", kMaxApiBodyBytes},
    {"POST", "/api/v1/cases/{name}/contact", kMaxApiBodyBytes},
    {"POST", "/api/v1/cases/{name}/moderation", kMaxApiBodyBytes},
    {"GET", "/api/v1/content", 0},
    {"POST", "/api/v1/content", kMaxContentUploadBytes},
    // The webhooks: hub/src/webhook_api.cpp (kWebhookRoutes).
    {"GET", kWebhookRoutes[0], 0},
    {"POST", kWebhookRoutes[1], kMaxApiBodyBytes},
    {"DELETE", kWebhookRoutes[2], 0},
    {"GET", kWebhookRoutes[3], 0},
    // The reports: hub/src/report_api.cpp (kReportRoutes).
    {"GET", kReportRoutes[0], 0},
    {"GET", kReportRoutes[1], 0},
    {"GET", kReportRoutes[2], 0},
    {"GET", kReportRoutes[3], 0},
    {"GET", kReportRoutes[4], 0},
    {"GET", kReportRoutes[5], 0},
    {"GET", kReportRoutes[6], 0},
    {"GET", kReportRoutes[7], 0},
    {"GET", kReportRoutes[8], 0},
    {"GET", kReportRoutes[9], 0},
    {"GET", kReportRoutes[10], 0},
    {"GET", kReportRoutes[11], 0},
    {"GET", kReportRoutes[12], 0},
}};

// The API's error codes and HTTP statuses (docs/API.md, "Errors").
struct ApiCode {
    ErrorCode code;
    const char* name;
    int status;
};
constexpr std::array<ApiCode, 14> kApiCodes = {{
    {ErrorCode::BadRequest, "bad-request", 400},
    {ErrorCode::InvalidArgument, "bad-request", 400},
    {ErrorCode::Malformed, "bad-request", 400},
    {ErrorCode::TooLarge, "too-large", 413},
    {ErrorCode::NotSignedIn, "not-signed-in", 401},
    {ErrorCode::WrongLogin, "wrong-login", 401},
    {ErrorCode::BadCsrfToken, "csrf", 403},
    {ErrorCode::Forbidden, "forbidden", 403},
    {ErrorCode::NotFound, "not-found", 404},
    {ErrorCode::Duplicate, "duplicate", 409},
    {ErrorCode::Conflict, "refused", 409},
    {ErrorCode::Locked, "locked", 429},
    {ErrorCode::Busy, "busy", 503},
    {ErrorCode::Internal, "internal", 500},
}};

// Wipes every text value of a parsed body that held a password, however
// its parsing ended.
struct WipeStrings {
    explicit WipeStrings(json& j) : object(j) {}
    json& object;
    WipeStrings(const WipeStrings&) = delete;
    WipeStrings& operator=(const WipeStrings&) = delete;
    ~WipeStrings() {
        for (auto& [key, value] : object.items())
            if (value.is_string())
                core::wipe(value.get_ref<std::string&>());
    }
};


std::string cookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        std::string_view part = header.substr(0, end);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        if (end == std::string_view::npos)
            break;
        header.remove_prefix(end + 1);
    }
    return {};
}

std::string sessionCookie(const std::string& token, bool tls, bool clear) {
    std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    if (clear)
        cookie += "; Max-Age=0";
    if (tls)
        cookie += "; Secure";
    return cookie;
}

json sessionJson(const Officer& officer, const std::string& csrf) {
    json j = officerJson(officer);
    j.erase("disabled");
    j["csrf"] = csrf;
    return j;
}

json auditJson(const AuditEntry& e) {
    auto parsed = [](const std::string& text) {
        return text.empty() ? json(nullptr) : json::parse(text, nullptr, false);
    };
    return {{"id", e.id},          {"at", e.atMs},       {"actor", e.actor},
            {"office", e.officeCode}, {"action", e.action}, {"subject", e.subject},
            {"before", parsed(e.before)}, {"after", parsed(e.after)}, {"address", e.address}};
}

template <typename T, typename ToJson>
json listJson(const std::vector<T>& items, ToJson&& toJson) {
    json list = json::array();
    for (const auto& item : items)
        list.push_back(toJson(item));
    return list;
}

}  // namespace

bool matchApiPath(std::string_view pattern, std::string_view path, std::string* name) {
    const auto slot = pattern.find("{name}");
    if (slot == std::string_view::npos)
        return pattern == path;
    const std::string_view head = pattern.substr(0, slot), tail = pattern.substr(slot + 6);
    if (path.size() <= head.size() + tail.size() || path.substr(0, head.size()) != head ||
        path.substr(path.size() - tail.size()) != tail)
        return false;
    const std::string_view segment = path.substr(head.size(), path.size() - head.size() - tail.size());
    if (segment.find('/') != std::string_view::npos)
        return false;
    if (name != nullptr)
        *name = std::string(segment);
    return true;
}

core::Result<LoginBody> parseLoginBody(std::string_view body) {
    const core::Where where("the sign-in", ErrorCode::BadRequest);
    auto object = TRY(bodyObject(body, {"username", "password"}, where));
    const WipeStrings wipe(object);
    const core::JsonFields f(object, where);
    // Both fields read before the body is built: a TRY inside an aggregate's
    // initialiser leaks the members already built under clang.
    auto username = TRY(f.string("username", 64));
    auto password = TRY(f.string("password", core::kMaxPasswordBytes));
    return LoginBody{std::move(username), std::move(password)};
}

core::Result<UserBody> parseUserBody(std::string_view body) {
    const core::Where where("the new account", ErrorCode::BadRequest);
    auto object = TRY(bodyObject(body, {"username", "displayName", "role", "office", "unit", "password"}, where));
    const WipeStrings wipe(object);
    const core::JsonFields f(object, where);
    UserBody out;
    out.password = TRY(f.optionalString("password", core::kMaxPasswordBytes));
    out.draft.username = TRY(f.string("username", 64));
    out.draft.displayName = TRY(f.string("displayName", 400));
    const auto role = TRY(f.string("role", 16));
    const auto parsedRole = roleFromName(role);
    if (!parsedRole)
        return where.field("role").error("must be one of admin, supervisor, officer, viewer");
    out.draft.role = *parsedRole;
    out.draft.officeCode = TRY(f.string("office", 16));
    out.draft.unitCode = TRY(f.optionalString("unit", 64)).value_or("");
    return out;
}

core::Result<std::optional<std::string>> parseResetBody(std::string_view body) {
    if (body.empty())
        return std::optional<std::string>{};
    const core::Where where("the reset", ErrorCode::BadRequest);
    auto object = TRY(bodyObject(body, {"password"}, where));
    const WipeStrings wipe(object);
    return core::JsonFields(object, where).optionalString("password", core::kMaxPasswordBytes);
}

HubResponse apiError(const core::Error& error) {
    for (const ApiCode& c : kApiCodes)
        if (c.code == error.code)
            return answer(c.status, {{"error", c.name}, {"message", error.message}});
    // The store failed: say so plainly, without its file names.
    return answer(500, {{"error", "internal"},
                        {"message", "the hub could not do this (its store failed); nothing was changed, try again"}});
}

std::span<const ApiRoute> OfficerApi::routes() { return kApiRoutes; }

namespace {

// The new account's or reset's answer: the account, and the password when the hub made it.
json withPassword(const Officer& officer, const std::optional<std::string>& given, const std::string& made) {
    json j = officerJson(officer);
    if (!given)
        j["password"] = made;
    return j;
}

}  // namespace

HubResponse OfficerApi::handle(ApiRequest r) {
    const ApiRoute* route = nullptr;
    std::string name;
    for (const ApiRoute& candidate : kApiRoutes)
        if (candidate.method == r.method && matchApiPath(candidate.path, r.path, &name))
            route = &candidate;
    if (route == nullptr)
        return apiError(makeError(ErrorCode::NotFound, "no such route: " + r.method + " " + r.path));
    const std::string_view path = route->path;

    if (r.method == "POST" && path == "/api/v1/session") {
        auto body = parseLoginBody(r.body);
        if (!body)
            return apiError(body.error());
        auto session = m_officers.login(body->username, body->password, r.address);
        core::wipe(body->password);
        if (!session)
            return apiError(session.error());
        HubResponse ok = answer(200, sessionJson(session->officer, session->csrfToken));
        ok.headers.emplace_back("Set-Cookie", sessionCookie(session->token, r.tls, false));
        core::wipe(session->token);
        return ok;
    }

    const std::string token = cookieValue(r.cookie, kSessionCookie);
    auto signedIn = m_officers.authenticate(token);
    if (!signedIn)
        return apiError(signedIn.error());
    const bool changes = r.method != "GET" && r.method != "HEAD";
    if (changes && !core::constantTimeEqual(core::asBytes(r.csrfToken), core::asBytes(signedIn->csrfToken)))
        return apiError(makeError(ErrorCode::BadCsrfToken,
                                  std::string("a request that changes something needs the ") + kCsrfHeader +
                                      " header the sign-in gave; reload the page (or sign in again)"));
    const Actor& actor = signedIn->actor;

    if (path == "/api/v1/session") {
        if (r.method == "GET")
            return answer(200, sessionJson(signedIn->officer, signedIn->csrfToken));
        if (auto out = m_officers.logout(token, r.address); !out)
            return apiError(out.error());
        HubResponse ok = answer(200, {{"signedOut", true}});
        ok.headers.emplace_back("Set-Cookie", sessionCookie("", r.tls, true));
        return ok;
    }
    const bool caseRoute = path.starts_with("/api/v1/cases") || path == "/api/v1/inbox" ||
                           path == "/api/v1/categories" || path == "/api/v1/templates";
    if (caseRoute) {
        if (m_cases == nullptr)
            return apiError(makeError(ErrorCode::NotFound, "this hub serves no cases"));
        return handleCaseRoute(*m_cases, actor, r, path, name, m_officers.options().clock());
    }
    if (path == "/api/v1/content") {
        if (m_content == nullptr)
            return apiError(makeError(ErrorCode::NotFound, "this hub serves no content routes"));
        return handleContentRoute(*m_content, actor, r);
    }
    if (path.starts_with("/api/v1/reports/"))
        return handleReportRoute(m_officers, actor, r);
    if (path.starts_with("/api/v1/webhooks")) {
        if (m_content == nullptr)
            return apiError(makeError(ErrorCode::NotFound, "this hub serves no webhook routes"));
        WebhookAdmin admin(m_officers.storage(), m_content->keys(), m_officers.options().clock);
        return handleWebhookRoute(admin, actor, r, path, name);
    }
    if (path == "/api/v1/users" && r.method == "GET")
        return orError([&]() -> core::Result<HubResponse> {
            auto list = TRY(m_officers.listOfficers(actor, officeAsked(r, actor)));
            return answer(200, listJson(list, officerJson));
        });
    if (path == "/api/v1/users")
        return orError([&]() -> core::Result<HubResponse> {
            auto body = TRY(parseUserBody(r.body));
            std::string password = body.password.value_or(generatePassword());
            auto added = m_officers.addOfficer(actor, body.draft, password, r.address);
            json j = added ? withPassword(*added, body.password, password) : json();
            core::wipe(password);
            if (body.password)
                core::wipe(*body.password);
            if (!added)
                return added.error();
            return answer(201, j);
        });
    if (path == "/api/v1/users/{name}/disable")
        return orError([&]() -> core::Result<HubResponse> {
            if (!r.body.empty())
                TRY(bodyObject(r.body, {}, core::Where("the request body", ErrorCode::BadRequest)));
            auto officer = TRY(m_officers.disableOfficer(actor, name, r.address));
            return answer(200, officerJson(officer));
        });
    if (path == "/api/v1/users/{name}/reset")
        return orError([&]() -> core::Result<HubResponse> {
            auto given = TRY(parseResetBody(r.body));
            std::string password = given.value_or(generatePassword());
            auto reset = m_officers.resetPassword(actor, name, password, r.address);
            json j = reset ? withPassword(*reset, given, password) : json();
            core::wipe(password);
            if (given)
                core::wipe(*given);
            if (!reset)
                return reset.error();
            return answer(200, j);
        });
    if (path == "/api/v1/units")
        return orError([&]() -> core::Result<HubResponse> {
            auto units = TRY(m_officers.listUnits(actor, officeAsked(r, actor)));
            return answer(200, listJson(units, unitJson));
        });
    if (path == "/api/v1/devices")
        return orError([&]() -> core::Result<HubResponse> {
            const std::string office = officeAsked(r, actor);
            auto devices = TRY(m_officers.devices(actor, office));
            const auto incidents = TRY(m_officers.deviceIncidents(actor, office, kIncidentsScanned));
            json list = json::array();
            for (const auto& d : devices) {
                json j = deviceJson(d);
                j["incidents"] = json::array();
                for (const auto& i : incidents)
                    if (i.device == d.key && j["incidents"].size() < kIncidentsPerDevice)
                        j["incidents"].push_back(incidentJson(i));
                list.push_back(std::move(j));
            }
            return answer(200, list);
        });
    // GET /api/v1/audit
    return orError([&]() -> core::Result<HubResponse> {
        AuditQuery query;
        const auto before = TRY(queryNumber(r, "before", 0, 1, std::numeric_limits<std::int64_t>::max()));
        if (before > 0)
            query.beforeId = before;
        query.limit = static_cast<std::size_t>(TRY(queryNumber(r, "limit", 100, 1, kMaxAuditPage)));
        auto entries = TRY(m_officers.audit(actor, query));
        json page = {{"entries", listJson(entries, auditJson)}};
        if (entries.size() == query.limit)
            page["next"] = entries.back().id;  // ?before= this for the next page
        return answer(200, page);
    });
}

}  // namespace fangsiang::hub
