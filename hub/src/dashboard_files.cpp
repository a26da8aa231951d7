// The dashboard's files (hub/dashboard_files.hpp).

#include "hub/dashboard_files.hpp"

#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>

namespace fangsiang::hub {

namespace {

constexpr std::uintmax_t kMaxFileBytes = 8u << 20;

struct FileType {
    std::string_view extension;
    const char* contentType;
};
constexpr std::array<FileType, 8> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".json", "application/json"},
}};

const char* contentTypeOf(std::string_view name) {
    for (const FileType& t : kTypes)
        if (name.size() > t.extension.size() && name.ends_with(t.extension))
            return t.contentType;
    return nullptr;
}

bool safeSegment(std::string_view s) {
    if (s.empty() || s.size() > 128 || s.front() == '.')
        return false;
    for (const char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
            return false;
    return true;
}

// "app-0123456789ab.js": the build names bundles by their content's hash.
bool hashedName(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot < 13 || name[dot - 13] != '-')
        return false;
    for (std::size_t i = dot - 12; i < dot; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(name[i])))
            return false;
    return true;
}

std::optional<std::string> readSmallFile(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) > kMaxFileBytes || ec)
        return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

HubResponse withHeaders(HubResponse answer) {
    for (const auto& header : dashboardSecurityHeaders())
        answer.headers.push_back(header);
    return answer;
}

HubResponse notFound(std::string_view path) {
    HubResponse answer(404, "text/plain; charset=utf-8",
                       "ไม่พบไฟล์นี้ · no such file: " + std::string(path.substr(0, 200)) + "\n");
    answer.headers.emplace_back("Cache-Control", "no-store");
    return withHeaders(std::move(answer));
}

}  // namespace

const HubResponse::Headers& dashboardSecurityHeaders() {
    static const HubResponse::Headers headers = {
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
         "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
    };
    return headers;
}

bool DashboardFiles::serves(std::string_view path) {
    return path == "/" || path == "/index.html" || path.starts_with(kDashboardStaticPrefix);
}

HubResponse DashboardFiles::answer(std::string_view path) const {
    std::filesystem::path file;
    std::string cache;
    std::string_view name;
    if (path == "/" || path == "/index.html") {
        file = m_dir / "index.html";
        name = "index.html";
        cache = "no-cache";  // always asks, so a new build's bundle names are seen at once
    } else {
        if (!path.starts_with(kDashboardStaticPrefix))
            return notFound(path);
        std::string_view rest = path.substr(kDashboardStaticPrefix.size());
        const std::filesystem::path* root = &m_dir;
        std::filesystem::path under = "static";
        if (rest.starts_with("fonts/")) {
            rest.remove_prefix(6);
            root = &m_fonts;
            under.clear();
            cache = "public, max-age=2592000";  // the fonts change with their Debian package only
        }
        if (!safeSegment(rest) || contentTypeOf(rest) == nullptr)
            return notFound(path);
        name = rest;
        file = *root / under / std::string(rest);
        if (cache.empty())
            cache = hashedName(rest) ? "public, max-age=31536000, immutable" : "public, max-age=86400";
    }
    const char* type = contentTypeOf(name);
    std::optional<std::string> body = readSmallFile(file);
    if (!body)
        return notFound(path);
    HubResponse answer(200, type, std::move(*body));
    answer.headers.emplace_back("Cache-Control", cache);
    answer.headers.emplace_back("Vary", "Accept-Encoding");
    return withHeaders(std::move(answer));
}

std::optional<std::filesystem::path> findDashboard(const std::filesystem::path& programDir) {
    for (const auto& candidate : {programDir / ".." / "dashboard", programDir / ".." / "share" / "fangsiang" / "dashboard"}) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(candidate / "index.html", ec))
            return std::filesystem::weakly_canonical(candidate, ec);
    }
    return std::nullopt;
}

}  // namespace fangsiang::hub
