// Open311 GET requests over a big hub, asked over HTTP on loopback as a
// partner's dashboard would (keep-alive connection, one at a time), timed
// at the client. Prints p50/p95/max per query, the requests answered and the
// bytes.
//   bench_open311 --from HUB_DIR [--work DIR] [--repeats N] [--office CODE]
//   bench_open311 [--cases N] [--repeats N]
// --from copies HUB_DIR's store (hub.db and its keys) to --work (a new
// folder; a temporary one by default, removed at the end) and measures the
// copy, which is opened and so migrated: the original is never written.
// bench_reports --direct makes a 1,000,000-complaint store for it. Without
// --from, N cases (5,000 by default) are filed through Open311 first.

#include "hub/officers.hpp"
#include "hub/open311.hpp"
#include "hub/server.hpp"
#include "hub/service.hpp"
#include "hub/storage.hpp"

#include "bench_support.hpp"

#include "core/crypto.hpp"
#include "core/sqlite.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace fangsiang;
using namespace fangsiang::hub;
using bench::die;
using bench::must;
namespace fs = std::filesystem;

namespace {

using SteadyClock = std::chrono::steady_clock;

double msSince(SteadyClock::time_point start) {
    return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

std::string w3c(std::int64_t ms) {
    const std::time_t s = ms / 1000;
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&s));
    return text;
}

void timeGet(httplib::Client& client, const std::string& name, const std::string& path, int repeats) {
    std::vector<double> times;
    std::size_t answered = 0, bytes = 0;
    for (int i = 0; i < repeats + 2; ++i) {
        const auto start = SteadyClock::now();
        auto res = client.Get(path.c_str());
        const double took = msSince(start);
        if (!res || res->status != 200)
            die(name + ": " + (res ? std::to_string(res->status) + " " + res->body.substr(0, 200) : "no answer"));
        if (i < 2)
            continue;  // the first two warm the page cache and the connection
        times.push_back(took);
        bytes = res->body.size();
        if (path.find(".json") != std::string::npos) {
            const auto parsed = nlohmann::json::parse(res->body);
            answered = parsed.is_array() ? parsed.size() : 1;
        }
    }
    std::sort(times.begin(), times.end());
    auto at = [&](double q) { return times[std::min(times.size() - 1, static_cast<std::size_t>(q * times.size()))]; };
    std::printf("%-44s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  %5zu requests  %8zu bytes\n", name.c_str(), at(0.5),
                at(0.95), times.back(), answered, bytes);
}

}  // namespace

int main(int argc, char** argv) {
    bench::programName = "bench_open311";
    fs::path from, work;
    int repeats = 100;
    long cases = 5000;
    std::string office;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc)
            die(std::string("option ") + argv[i] + " needs a value");
        const char* value = argv[++i];
        if (arg == "--from")
            from = value;
        else if (arg == "--work")
            work = value;
        else if (arg == "--repeats")
            repeats = std::max(1, std::atoi(value));
        else if (arg == "--cases")
            cases = std::max(1L, std::atol(value));
        else if (arg == "--office")
            office = value;
        else
            die(std::string("unknown option ") + std::string(arg));
    }
    must(core::sodiumInit(), "libsodium");
    const bool temporary = work.empty();
    if (temporary)
        work = fs::temp_directory_path() / ("bench-open311-" + std::to_string(::getpid()));
    if (fs::exists(work))
        die(work.string() + " exists already; --work names a new folder");
    fs::create_directories(work);

    std::unique_ptr<HubStorage> storage;
    HubKeys keys;
    if (!from.empty()) {
        auto start = SteadyClock::now();
        for (const char* name : {"hub.db", "hub.db-wal", kHubSigningKeyFile, kHubBoxKeyFile})
            if (fs::exists(from / name))
                fs::copy_file(from / name, work / name);
        std::printf("copied %s (%.1f GB) in %.1f s\n", (from / "hub.db").c_str(),
                    static_cast<double>(fs::file_size(work / "hub.db")) / 1e9, msSince(start) / 1000);
        start = SteadyClock::now();
        storage = must(openSqliteHubStorage(work / "hub.db"), "the copied store");
        std::printf("opened (migrated to the Open311 schema) in %.1f s\n", msSince(start) / 1000);
        keys = must(loadHubKeys(work), "the copied keys");
    } else {
        keys = must(createHubKeys(work), "hub keys");
        storage = must(createSqliteHubStorage(work / "hub.db"), "store");
        must(storage->putOffice(Office{"6340105", "เทศบาลตำบลบ้านสวน", "Ban Suan"}), "office");
        const std::string key = newApiKey();
        const std::int64_t id = must(storage->open311().addKey(*apiKeyHash(key), "6340105", "bench", 0, {}), "key");
        const auto start = SteadyClock::now();
        const char* codes[] = {"roads-lights", "water", "waste", "drainage-flood"};
        for (long i = 0; i < cases; ++i) {
            Open311Filing f;
            f.officeCode = "6340105";
            f.partner = "bench";
            f.keyId = id;
            f.category = codes[i % 4];
            f.text = "ถนนชำรุดเป็นหลุมใหญ่หน้าโรงเรียน " + std::to_string(i);
            f.lat = 13.7 + static_cast<double>(i % 1000) / 10000;
            f.lon = 100.5;
            f.token = core::toHex(core::hashBytes(core::asBytes(std::to_string(i)))).substr(0, 32);
            f.atMs = core::wallClockMs() - (cases - i) * 60000;  // one a minute up to now
            must(storage->open311().file(f), "filing");
        }
        std::printf("filed %ld cases through Open311 in %.1f s\n", cases, msSince(start) / 1000);
    }

    // The office asked about, and "now" just after its newest case, so that
    // the default 90 days hold cases as they would on the day.
    auto db = must(core::sql::Database::open(work / "hub.db", core::sql::OpenMode::ReadOnly), "read-only view");
    if (office.empty()) {
        auto first = must(db.prepare("SELECT office FROM cases LIMIT 1"), "an office");
        if (!must(first.step(), "an office"))
            die("the store holds no cases");
        office = first.columnText(0);
    }
    auto newest = must(db.prepare("SELECT max(filed_at), count(*) FROM cases WHERE office = ?1"), "newest case");
    newest.bind(1, std::string_view(office));
    must(newest.step(), "newest case");
    const std::int64_t nowMs = newest.columnInt(0) + 60000;
    const std::int64_t officeCases = newest.columnInt(1);
    const std::int64_t allCases = must(db.queryInt("SELECT count(*) FROM cases"), "cases");
    std::vector<std::string> tickets;
    {
        auto some = must(db.prepare("SELECT ticket FROM cases WHERE office = ?1 ORDER BY filed_at DESC LIMIT 100"),
                         "tickets");
        some.bind(1, std::string_view(office));
        while (must(some.step(), "tickets"))
            tickets.push_back(some.columnText(0));
    }
    std::printf("store: %lld cases, office %s holds %lld; now = %s\n", static_cast<long long>(allCases),
                office.c_str(), static_cast<long long>(officeCases), w3c(nowMs).c_str());

    HubServiceOptions serviceOptions;
    serviceOptions.log = [](const std::string&) {};
    HubService service(*storage, keys, serviceOptions);
    OfficerOptions officerOptions;
    officerOptions.clock = [nowMs] { return nowMs; };
    OfficerService officers(*storage, officerOptions);
    HubServer server(service, HubServerOptions{}, &officers);
    must(server.start(), "server");
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);

    const std::string base = "/open311/v2/requests";
    const std::string j = "?jurisdiction_id=" + office;
    std::string ids;
    for (const auto& t : tickets)
        ids += (ids.empty() ? "" : ",") + t;
    const std::int64_t day = 24LL * 3600 * 1000;
    timeGet(client, "requests.json (the last 90 days, 1000 max)", base + ".json" + j, repeats);
    timeGet(client, "requests.xml (the last 90 days, 1000 max)", base + ".xml" + j, repeats);
    timeGet(client, "requests.json?status=open", base + ".json" + j + "&status=open", repeats);
    timeGet(client, "requests.json?status=closed", base + ".json" + j + "&status=closed", repeats);
    timeGet(client, "requests.json?service_code=water", base + ".json" + j + "&service_code=water", repeats);
    timeGet(client, "requests.json?start_date&end_date (30 days)",
            base + ".json" + j + "&start_date=" + w3c(nowMs - 200 * day) + "&end_date=" + w3c(nowMs - 170 * day),
            repeats);
    timeGet(client, "requests.json?service_request_id (100 ids)", base + ".json" + j + "&service_request_id=" + ids,
            repeats);
    if (!tickets.empty())
        timeGet(client, "requests/{id}.json", base + "/" + tickets.front() + ".json" + j, repeats);
    timeGet(client, "services.json", "/open311/v2/services.json" + j, repeats);
    server.stop();
    storage.reset();
    if (temporary)
        fs::remove_all(work);
    return 0;
}
