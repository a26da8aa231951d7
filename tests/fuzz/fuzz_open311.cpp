// Open311 GeoReport v2 requests as a partner's system sends them
// (hub/open311.hpp), answered by the real routes over a real SQLite store
// with one office and one partner key. The input is
//   METHOD PATH[?QUERY]\n CONTENT-TYPE\n BODY
// so the fuzzer reaches the paths, the query's filters, the form decoding
// and every field check of a filing, including filings that are stored.
// The store starts again after kFilingsPerStore filings: a GET of requests
// renders every case it holds, so a store that only grew would make each
// input slower than the last.
#include "hub/open311.hpp"
#include "hub/storage.hpp"

#include "core/crypto.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

using namespace fangsiang;

namespace {

// The partner key of the fuzzing store; the seeds and the dictionary use it.
constexpr const char* kKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr int kFilingsPerStore = 64;

struct Hub {
    std::filesystem::path dir;
    std::unique_ptr<hub::HubStorage> storage;
    std::unique_ptr<hub::Open311Api> api;

    Hub() {
        // tmpfs when there is one: a stored filing's commit then costs no disk flush.
        const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
        dir = std::filesystem::path(base) / ("fangsiang-fuzz-open311-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        auto made = hub::createSqliteHubStorage(dir / "hub.db");
        if (!made)
            std::abort();
        storage = std::move(*made);
        if (!storage->putOffice({"6340105", "เทศบาลตำบลบ้านสวน", "Ban Suan"}).ok() ||
            !storage->open311().addKey(*hub::apiKeyHash(kKey), "6340105", "partner", 1, {}).ok())
            std::abort();
        api = std::make_unique<hub::Open311Api>(*storage, core::randomBoxKeyPair().publicKey,
                                                [] { return std::int64_t{1'800'000'000'000}; });
    }
    ~Hub() {
        api.reset();
        storage.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

std::string_view takeLine(std::string_view& text) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::optional<Hub> hub;
    static int filings = 0;
    if (!hub || filings >= kFilingsPerStore) {
        hub.reset();  // the old store's folder goes before the new one is made
        hub.emplace();
        filings = 0;
    }
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string_view first = takeLine(text);
    hub::Open311Request request;
    const auto space = first.find(' ');
    request.method = std::string(first.substr(0, space));
    std::string_view target = space == std::string_view::npos ? std::string_view() : first.substr(space + 1);
    const auto question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) {
        // A query decodes as a form does (the HTTP server's own decoding differs only in what it forgives).
        auto params = hub::parseForm(target.substr(question + 1));
        if (!params)
            return 0;
        request.params = std::move(*params);
    }
    request.contentType = std::string(takeLine(text));
    request.body = std::string(text.substr(0, hub::kOpen311MaxBody));
    request.address = "127.0.0.1";
    const hub::Open311Answer answer = hub->api->answer(request);
    if (request.method == "POST" && answer.status < 300)
        ++filings;
    // The store is healthy, so a 5xx is a bug of the routes, as a crash is.
    if (answer.status < 200 || answer.status >= 500 || answer.contentType.empty())
        std::abort();
    (void)hub::apiKeyHash(request.body);
    return 0;
}
