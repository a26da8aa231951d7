// bench_reports: the reports' figures from the aggregates kept at ingest,
// beside the same figures from a naive scan of the records.
//
//   1. makes OFFICES offices with one kiosk each, and signs RESPONSES
//      satisfaction responses and COMPLAINTS complaints spread over them and
//      over twelve months, stored through HubService::ingest (verification,
//      the aggregates and the cases in the same transactions); prints the
//      ingest rate;
//   2. times each office's 12-month satisfaction figures from the
//      aggregates (p50, p95, max), and its complaint figures from the cases
//      table;
//   3. times the same satisfaction figures by reading and decoding every
//      survey record of the office, and prints the ratio.
//
// usage: bench_reports [--dir FOLDER] [--offices N] [--responses N] [--complaints N]

#include "bench_support.hpp"

#include "hub/complaint_figures.hpp"
#include "hub/keys.hpp"
#include "hub/report_content.hpp"
#include "hub/satisfaction.hpp"
#include "hub/service.hpp"

#include "core/identity.hpp"
#include "core/record.hpp"
#include "core/sqlite.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace fangsiang;
using namespace fangsiang::hub;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using bench::die;
using bench::must;

namespace {

double msSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5)];
}

// 2025-04-01 00:00 office time: the twelve months end with March 2026.
constexpr std::int64_t kStartMs = 1743440400000;
constexpr std::int64_t kYearMs = 365LL * 86400000;
const char* const kDims[] = {"process", "staff", "facilities", "information", "overall"};
const char* const kServices[] = {"birth-registration", "building-permit", "waste-fee", "tax", "welfare"};
const char* const kCategories[] = {"roads-lights", "water", "waste", "other"};

struct Kiosk {
    std::string office;
    core::DeviceIdentity id;
    core::ChainHead head;
};

std::string surveyPayload(std::mt19937& rng) {
    nlohmann::json answers = {{"service", kServices[rng() % 5]}};
    for (const char* d : kDims)
        answers[d] = 1 + static_cast<int>(rng() % 5);
    return nlohmann::json{{"survey", kSatisfactionSurvey}, {"version", 1}, {"answers", answers}, {"context", "kiosk"}}
        .dump();
}

std::string complaintPayload(std::mt19937& rng, const std::string& office, int n) {
    return nlohmann::json{{"type", "complaint"},
                          {"office", office},
                          {"category", kCategories[rng() % 4]},
                          {"text", "ไฟฟ้าส่องสว่างดับ จุดที่ " + std::to_string(n)},
                          {"anonymous", true},
                          {"village", std::to_string(1 + rng() % 12)}}
        .dump();
}

// The naive way: every survey record of the office read and decoded, the
// faces of each dimension counted, then the same figures made from them.
std::map<std::string, Faces> naiveFaces(core::sql::Database& db, const std::string& office, MonthRange period) {
    std::map<std::string, Faces> faces;
    auto rows = must(db.query("SELECT r.created_at, r.bytes FROM records r JOIN devices d ON d.key = r.device "
                              "WHERE d.office = ?1 AND r.kind = 2",
                              std::string_view(office)),
                     "scan");
    while (must(rows.step(), "scan step")) {
        const int month = monthKeyOf(rows.columnInt(0));
        if (month < period.from || month > period.to)
            continue;
        auto record = must(core::Record::parse(rows.columnBlob(1)), "record");
        const auto payload = nlohmann::json::parse(record.payload());
        for (const auto& [q, a] : payload["answers"].items())
            if (a.is_number_integer() && a.get<int>() >= 1 && a.get<int>() <= 5)
                ++faces[q].faces[a.get<int>() - 1];
    }
    return faces;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir;
    int offices = 100;
    long responses = 200000, complaints = 40000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--offices"))
            offices = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--responses"))
            responses = std::atol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--complaints"))
            complaints = std::atol(argv[i + 1]);
        else
            die(std::string("unknown option ") + argv[i]);
    }
    bench::programName = "bench_reports";
    if (sodium_init() < 0)
        die("libsodium");
    if (dir.empty())
        dir = fs::temp_directory_path() / ("bench-reports-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    auto keys = must(createHubKeys(dir), "hub keys");
    auto storage = must(createSqliteHubStorage(dir / "hub.db"), "store");
    HubServiceOptions options;
    options.log = [](const std::string&) {};
    HubService service(*storage, keys, options);

    std::vector<Kiosk> kiosks;
    for (int o = 0; o < offices; ++o) {
        const std::string office = std::to_string(6340100 + o);
        auto code = must(service.createEnrolmentCode(office, "เทศบาลตำบลที่ " + std::to_string(o + 1),
                                                     std::chrono::minutes(5)),
                         "enrolment code");
        core::SecretKey<32> seed;
        randombytes_buf(seed.data(), seed.size());
        auto id = core::DeviceIdentity::fromSeed(seed);
        auto plain = sync::normaliseEnrolmentCode(code.code);
        sync::EnrolRequest request{*plain, id.publicKey(), id.sign(sync::enrolProofMessage(*plain, id.publicKey())),
                                   "bench"};
        if (service.handleEnrol(sync::encodeEnrolRequest(request)).status != 200)
            die("enrolment refused");
        kiosks.push_back(Kiosk{office, std::move(id), {}});
    }

    // [1] Ingest, 500 records per batch and kiosk.
    std::mt19937 rng(42);
    const long total = responses + complaints;
    const auto started = Clock::now();
    std::vector<std::int64_t> times;
    long made = 0, complaintsMade = 0;
    const long every = complaints > 0 ? std::max(1L, total / complaints) : 0;  // one complaint in `every` records
    while (made < total) {
        Kiosk& k = kiosks[static_cast<std::size_t>(made / 500) % kiosks.size()];
        sync::Batch batch;
        batch.device = k.id.publicKey();
        batch.nonce = sync::randomNonce();
        const long n = std::min<long>(500, total - made);
        times.clear();
        for (long i = 0; i < n; ++i)
            times.push_back(kStartMs + static_cast<std::int64_t>(rng() % static_cast<unsigned>(kYearMs / 1000)) * 1000);
        std::sort(times.begin(), times.end());
        for (long i = 0; i < n; ++i) {
            const bool complaint = every > 0 && complaintsMade < complaints && (made + i) % every == 0;
            core::RecordDraft draft{complaint ? core::RecordKind::Complaint : core::RecordKind::SurveyResponse,
                                    complaint ? complaintPayload(rng, k.office, static_cast<int>(made + i))
                                              : surveyPayload(rng),
                                    {}};
            complaintsMade += complaint;
            auto record = must(core::signRecord(draft, k.head, times[static_cast<std::size_t>(i)], k.id), "sign");
            k.head = record.asHead();
            batch.records.push_back(record.bytes());
        }
        auto result = must(service.ingest(batch, "bench"), "ingest");
        if (result.ack.accepted != static_cast<std::uint64_t>(n))
            die("records refused at ingest");
        made += n;
    }
    const double ingestMs = msSince(started);
    std::printf("store: %d offices, %ld survey responses and %ld complaints over 12 months, %s\n", offices,
                made - complaintsMade, complaintsMade, (dir / "hub.db").c_str());
    std::printf("ingest (sign + verify + store + aggregates): %.0f records/s\n", static_cast<double>(made) / ingestMs * 1000);

    // [2] From the aggregates.
    const MonthRange year{202504, 202603};
    const ReportContent content;
    std::vector<double> fromAggregates, complaintTimes, naive;
    std::map<std::string, std::map<std::string, Faces>> kept;
    for (const auto& k : kiosks) {
        SatisfactionQuery q;
        q.office = k.office;
        q.period = year;
        const auto t0 = Clock::now();
        auto f = must(officeSatisfaction(*storage, content, q), "figures");
        fromAggregates.push_back(msSince(t0));
        for (const auto& d : f.dimensions)
            kept[k.office][d.question] = d.faces;
        const auto t1 = Clock::now();
        auto c = must(complaintFigures(storage->reports(), k.office, year, kStartMs + kYearMs), "complaints");
        complaintTimes.push_back(msSince(t1));
        (void)c;
    }
    // [3] The naive scan, on its own connection to the same file.
    auto db = must(core::sql::Database::open(dir / "hub.db", core::sql::OpenMode::ReadOnly), "open");
    long mismatches = 0;
    for (const auto& k : kiosks) {
        const auto t0 = Clock::now();
        auto faces = naiveFaces(db, k.office, year);
        naive.push_back(msSince(t0));
        for (const auto& [q, f] : faces)
            mismatches += kept[k.office][q].faces != f.faces;
    }
    std::printf("satisfaction figures, 12 months, one office, from the aggregates: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                percentile(fromAggregates, 50), percentile(fromAggregates, 95), percentile(fromAggregates, 100));
    std::printf("the same by scanning the office's records:                      p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                percentile(naive, 50), percentile(naive, 95), percentile(naive, 100));
    std::printf("ratio (scan / aggregates, p50): %.0fx; dimensions that differ: %ld\n",
                percentile(naive, 50) / percentile(fromAggregates, 50), mismatches);
    std::printf("complaint figures, 12 months, one office, from the cases table: p50 %.2f ms, p95 %.2f ms\n",
                percentile(complaintTimes, 50), percentile(complaintTimes, 95));
    return mismatches == 0 ? 0 : 1;
}
