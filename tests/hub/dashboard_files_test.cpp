// The dashboard's files as a real hub serves them over loopback: the page,
// the bundle and the fonts with their types, cache and security headers,
// compression, and names that try to leave the two folders refused.

#include "hub_test_support.hpp"

#include "hub/dashboard_files.hpp"
#include "hub/server.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;

namespace {

void put(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    REQUIRE(core::writeFileAtomically(path, core::asBytes(text)).ok());
}

// A hub serving a small built dashboard and a fonts folder, with a secret
// beside them that no name may reach.
class DashboardHub {
public:
    DashboardHub() {
        const auto& dir = m_hub.dir();
        put(dir / "web" / "index.html", "<!doctype html><title>ฟังเสียง</title><script src=\"/static/app-0123456789ab.js\"></script>");
        put(dir / "web" / "static" / "app-0123456789ab.js", "console.log('" + std::string(4000, 'x') + "');");
        put(dir / "web" / "static" / "icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        put(dir / "web" / "static" / "notes.txt", "a file of a type the dashboard does not serve");
        put(dir / "web" / "static" / ".hidden.js", "hidden");
        put(dir / "fonts" / "Loma.woff", "wOFF-font-bytes");
        put(dir / "secret.js", "the hub's secret");
        m_hub.stopServer();
        HubServerOptions options;
        options.dashboardDir = (dir / "web").string();
        options.fontsDir = (dir / "fonts").string();
        m_server = std::make_unique<HubServer>(m_hub.service(), options);
        REQUIRE(m_server->start().ok());
    }
    [[nodiscard]] int port() const { return m_server->port(); }

private:
    TestHub m_hub;
    std::unique_ptr<HubServer> m_server;
};

httplib::Result get(int port, const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port);
    client.set_decompress(false);
    auto res = client.Get(path.c_str(), headers);
    REQUIRE(res);
    return res;
}

void checkSecurityHeaders(const httplib::Response& res) {
    CHECK(res.get_header_value("Content-Security-Policy").find("default-src 'self'") == 0);
    CHECK_THAT(res.get_header_value("Content-Security-Policy"), Contains("frame-ancestors 'none'"));
    CHECK(res.get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res.get_header_value("X-Frame-Options") == "DENY");
    CHECK(res.get_header_value("Referrer-Policy") == "no-referrer");
}

}  // namespace

TEST_CASE("the hub serves the dashboard's page, bundle and fonts with their types and headers", "[hub][dashboard]") {
    DashboardHub hub;
    SECTION("the page at /, asked again every time") {
        auto res = get(hub.port(), "/");
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
        CHECK(res->get_header_value("Cache-Control") == "no-cache");
        CHECK_THAT(res->body, Contains("ฟังเสียง"));
        checkSecurityHeaders(*res);
    }
    SECTION("a bundle named by its hash is kept for a year, and compressed for a browser that takes gzip") {
        auto res = get(hub.port(), "/static/app-0123456789ab.js", {{"Accept-Encoding", "gzip"}});
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
        CHECK(res->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
        CHECK(res->get_header_value("Content-Encoding") == "gzip");
        CHECK(res->get_header_value_count("Content-Encoding") == 1);
        CHECK(res->body.size() < 1000);  // 4 kB of one letter
        checkSecurityHeaders(*res);
    }
    SECTION("a file without a hash is kept for a day") {
        auto res = get(hub.port(), "/static/icon.svg");
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "image/svg+xml");
        CHECK(res->get_header_value("Cache-Control") == "public, max-age=86400");
    }
    SECTION("fonts come from the fonts folder") {
        auto res = get(hub.port(), "/static/fonts/Loma.woff");
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "font/woff");
        CHECK(res->body == "wOFF-font-bytes");
        CHECK(res->get_header_value("Cache-Control") == "public, max-age=2592000");
    }
    SECTION("the API and protocol routes are still there beside it") {
        auto res = get(hub.port(), "/v1/health");
        CHECK(res->status == 200);
    }
}

TEST_CASE("names that leave the dashboard's folders, hidden files and unknown types are refused", "[hub][dashboard][traversal]") {
    DashboardHub hub;
    for (const char* path : {"/static/../secret.js", "/static/%2e%2e/secret.js", "/static/..%2fsecret.js",
                             "/static/fonts/../../secret.js", "/static/fonts/%2e%2e%2f%2e%2e%2fsecret.js",
                             "/static/..%5csecret.js", "/static/.hidden.js", "/static/notes.txt", "/static/",
                             "/static/fonts/", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
                             "/static/app-0123456789ab.js%00.js", "/static/missing.js", "/secret.js", "/../secret.js"}) {
        CAPTURE(path);
        httplib::Client client("127.0.0.1", hub.port());
        client.set_decompress(false);
        auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK_THAT(res->body, !Contains("the hub's secret") && !Contains("hidden\n"));
    }
}

TEST_CASE("a hub given no dashboard folder serves no page at /", "[hub][dashboard]") {
    TestHub hub;
    auto res = get(hub.port(), "/");
    CHECK(res->status == 404);
}

TEST_CASE("findDashboard looks beside the program, then where the package installs it", "[hub][dashboard]") {
    TempDir dir;
    std::filesystem::create_directories(dir / "bin");
    CHECK_FALSE(findDashboard(dir / "bin").has_value());
    put(dir / "share" / "fangsiang" / "dashboard" / "index.html", "installed");
    REQUIRE(findDashboard(dir / "bin").has_value());
    CHECK(findDashboard(dir / "bin")->filename() == "dashboard");
    put(dir / "dashboard" / "index.html", "built");
    CHECK(*findDashboard(dir / "bin") == std::filesystem::weakly_canonical(dir / "dashboard"));
}
