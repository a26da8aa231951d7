#pragma once
// The officers' web dashboard as files the hub serves (docs/DASHBOARD.md):
//   GET /                   the built index.html
//   GET /static/NAME        the bundle (names carry a content hash), from the built folder
//   GET /static/fonts/NAME  Thai web fonts from Debian's fonts-thai-tlwg-web
// A name is one or two path segments of letters, digits, '.', '-' and '_',
// never starting with '.', with a known extension: nothing outside the two
// folders can be named. Text is compressed as it is sent (brotli or gzip,
// as the browser takes, by cpp-httplib like every answer of the hub). Every
// answer carries the security headers below.

#include "hub/service.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::hub {

inline constexpr std::string_view kDashboardStaticPrefix = "/static/";
inline constexpr const char* kDashboardFontsDir = "/usr/share/fonts/woff/tlwg";

// Content-Security-Policy (this origin only, no inline script or style, no
// framing), nosniff, X-Frame-Options DENY, no referrer.
[[nodiscard]] const HubResponse::Headers& dashboardSecurityHeaders();

class DashboardFiles {
public:
    DashboardFiles(std::filesystem::path builtDir, std::filesystem::path fontsDir)
        : m_dir(std::move(builtDir)), m_fonts(std::move(fontsDir)) {}

    // Whether a path is the dashboard's ("/" or under /static/).
    [[nodiscard]] static bool serves(std::string_view path);
    // The answer to GET `path`: the file, 404 for a name that is not there
    // or cannot be a dashboard file.
    [[nodiscard]] HubResponse answer(std::string_view path) const;

    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir; }

private:
    std::filesystem::path m_dir;
    std::filesystem::path m_fonts;
};

// The built dashboard for a program in `programDir`: DIR/../dashboard (the
// build tree) or DIR/../share/fangsiang/dashboard (installed); the first
// holding index.html.
[[nodiscard]] std::optional<std::filesystem::path> findDashboard(const std::filesystem::path& programDir);

}  // namespace fangsiang::hub
