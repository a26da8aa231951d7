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
//      survey record of the office, and prints the ratio;
//   4. times the 12-month ITA pack of an office (the satisfaction and the
//      complaint report as PDF);
//   5. times the ranking of every office from the rows the store keeps for
//      it (p50, p95), beside the same figures computed from every office's
//      cases and answer counts, checks that both agree, and prints the ratio.
//
// --resolve P resolves P% of the new store's cases, at times spread over 60
// days after filing (an UPDATE of the cases table; the store's triggers
// keep the ranking's rows), so the ranking has times to resolve to read.
// --direct stores the signed records through the store's ingest sessions
// (the aggregates and the cases in the same transactions, as at ingest)
// without the service's per-record signature check, 10,000 records a
// transaction: how the 1,000,000-complaint, 5,000,000-response store is made
// in minutes rather than hours. --reuse measures a store made earlier in
// --dir. --scan N scans only the first N offices (the scan is the slow part).
//
// usage: bench_reports [--dir FOLDER] [--offices N] [--responses N] [--complaints N]
//                      [--direct] [--reuse] [--scan N] [--packs N] [--resolve P]

#include "bench_support.hpp"

#include "hub/complaint_figures.hpp"
#include "hub/keys.hpp"
#include "hub/keyword_figures.hpp"
#include "hub/office_ranking.hpp"
#include "hub/report_content.hpp"
#include "hub/report_files.hpp"
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
#include <fstream>
#include <sstream>
#include <map>
#include <optional>
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
    if (v.empty())
        return 0;
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
    std::optional<core::DeviceIdentity> id;  // none when the store is reused
    core::ChainHead head;
};

// The listening corpus's texts (tests/data/listening/corpus.tsv): what the
// generated complaints and comments say.
struct Texts {
    std::vector<std::string> complaints, comments;
};

Texts corpusTexts() {
    Texts out;
    std::ifstream in(std::string(FANGSIANG_SOURCE_DIR) + "/tests/data/listening/corpus.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string week, kind, category, text;
        std::getline(fields, week, '\t');
        std::getline(fields, kind, '\t');
        std::getline(fields, category, '\t');
        std::getline(fields, text);
        (kind == "complaint" ? out.complaints : out.comments).push_back(text);
    }
    if (out.complaints.empty() || out.comments.empty())
        die("cannot read tests/data/listening/corpus.tsv");
    return out;
}

const Texts& texts() {
    static const Texts t = corpusTexts();
    return t;
}

std::string surveyPayload(std::mt19937& rng) {
    nlohmann::json answers = {{"service", kServices[rng() % 5]}};
    for (const char* d : kDims)
        answers[d] = 1 + static_cast<int>(rng() % 5);
    if (rng() % 10 == 0)  // one response in ten leaves a comment
        answers["comment"] = texts().comments[rng() % texts().comments.size()];
    return nlohmann::json{{"survey", kSatisfactionSurvey}, {"version", 1}, {"answers", answers}, {"context", "kiosk"}}
        .dump();
}

std::string complaintPayload(std::mt19937& rng, const std::string& office, int n) {
    return nlohmann::json{{"type", "complaint"},
                          {"office", office},
                          {"category", kCategories[rng() % 4]},
                          {"text", texts().complaints[rng() % texts().complaints.size()] + " (" +
                                       std::to_string(n % 97) + ")"},
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

// The naive keyword figures: every complaint record of the office read and
// decoded, its text broken into terms, the terms counted.
TermCounts naiveTerms(core::sql::Database& db, const TermExtractor& extractor, const std::string& office,
                      MonthRange period) {
    TermCounts counts;
    auto rows = must(db.query("SELECT r.created_at, r.bytes FROM records r JOIN devices d ON d.key = r.device "
                              "WHERE d.office = ?1 AND r.kind = 1",
                              std::string_view(office)),
                     "scan");
    while (must(rows.step(), "scan step")) {
        const int month = monthKeyOf(rows.columnInt(0));
        if (month < period.from || month > period.to)
            continue;
        auto record = must(core::Record::parse(rows.columnBlob(1)), "record");
        const auto payload = nlohmann::json::parse(record.payload());
        counts.add(extractor.terms(payload["text"].get<std::string>()));
    }
    return counts;
}

std::string readSource(const std::string& relative) {
    std::ifstream in(std::string(FANGSIANG_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir;
    int offices = 100;
    long responses = 200000, complaints = 40000;
    bool direct = false, reuse = false;
    std::size_t scanOffices = 1000000, packs = 10;
    int resolvePercent = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--direct") {
            direct = true;
            continue;
        }
        if (arg == "--reuse") {
            reuse = true;
            continue;
        }
        if (i + 1 >= argc)
            die(std::string("option ") + argv[i] + " needs a value");
        const char* value = argv[++i];
        if (arg == "--dir")
            dir = value;
        else if (arg == "--offices")
            offices = std::atoi(value);
        else if (arg == "--responses")
            responses = std::atol(value);
        else if (arg == "--complaints")
            complaints = std::atol(value);
        else if (arg == "--scan")
            scanOffices = static_cast<std::size_t>(std::atol(value));
        else if (arg == "--packs")
            packs = static_cast<std::size_t>(std::atol(value));
        else if (arg == "--resolve")
            resolvePercent = std::clamp(std::atoi(value), 0, 100);
        else
            die(std::string("unknown option ") + argv[i]);
    }
    bench::programName = "bench_reports";
    if (sodium_init() < 0)
        die("libsodium");
    if (dir.empty())
        dir = fs::temp_directory_path() / ("bench-reports-" + std::to_string(::getpid()));
    if (reuse && !fs::exists(dir / "hub.db"))
        die("--reuse: there is no store in " + dir.string());
    fs::create_directories(dir);
    auto keys = must(reuse ? loadHubKeys(dir) : createHubKeys(dir), "hub keys");
    auto storage = must(reuse ? openSqliteHubStorage(dir / "hub.db") : createSqliteHubStorage(dir / "hub.db"), "store");
    HubServiceOptions options;
    options.log = [](const std::string&) {};
    HubService service(*storage, keys, options);

    std::vector<Kiosk> kiosks;
    if (reuse) {
        for (const auto& d : must(storage->listDevices(), "devices"))
            kiosks.push_back(Kiosk{d.officeCode, std::nullopt, d.head});
        std::sort(kiosks.begin(), kiosks.end(), [](const Kiosk& a, const Kiosk& b) { return a.office < b.office; });
    }
    for (int o = 0; !reuse && o < offices; ++o) {
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

    // [1] Ingest: 500 records a batch through the service, or 10,000 a
    // transaction straight into the store's ingest sessions.
    std::mt19937 rng(42);
    const long total = reuse ? 0 : responses + complaints;
    const long perBatch = direct ? 10000 : 500;
    const auto started = Clock::now();
    std::vector<std::int64_t> times;
    long made = 0, complaintsMade = 0;
    const long every = complaints > 0 ? std::max(1L, total / complaints) : 0;  // one complaint in `every` records
    while (made < total) {
        Kiosk& k = kiosks[static_cast<std::size_t>(made / perBatch) % kiosks.size()];
        sync::Batch batch;
        batch.device = k.id->publicKey();
        batch.nonce = sync::randomNonce();
        const long n = std::min<long>(perBatch, total - made);
        times.clear();
        for (long i = 0; i < n; ++i)
            times.push_back(kStartMs + static_cast<std::int64_t>(rng() % static_cast<unsigned>(kYearMs / 1000)) * 1000);
        std::sort(times.begin(), times.end());
        std::unique_ptr<IngestSession> session;
        if (direct)
            session = must(storage->beginIngest(k.id->publicKey()), "ingest session");
        for (long i = 0; i < n; ++i) {
            const bool complaint = every > 0 && complaintsMade < complaints && (made + i) % every == 0;
            core::RecordDraft draft{complaint ? core::RecordKind::Complaint : core::RecordKind::SurveyResponse,
                                    complaint ? complaintPayload(rng, k.office, static_cast<int>(made + i))
                                              : surveyPayload(rng),
                                    {}};
            complaintsMade += complaint;
            const std::int64_t at = times[static_cast<std::size_t>(i)];
            auto record = must(core::signRecord(draft, k.head, at, *k.id), "sign");
            k.head = record.asHead();
            if (direct)
                must(session->append(record, at + 60000, at), "append");
            else
                batch.records.push_back(record.bytes());
        }
        if (direct) {
            must(session->commit(), "commit");
        } else {
            auto result = must(service.ingest(batch, "bench"), "ingest");
            if (result.ack.accepted != static_cast<std::uint64_t>(n))
                die("records refused at ingest");
        }
        made += n;
        if (direct && made % 500000 < perBatch)
            std::fprintf(stderr, "  %ld of %ld records stored\n", made, total);
    }
    if (!reuse) {
        const double ingestMs = msSince(started);
        std::printf("store: %d offices, %ld survey responses and %ld complaints over 12 months, %s\n", offices,
                    made - complaintsMade, complaintsMade, (dir / "hub.db").c_str());
        std::printf("ingest (sign + %s): %.0f records/s\n",
                    direct ? "store, aggregates and cases, without the signature check" : "verify + store + aggregates",
                    static_cast<double>(made) / ingestMs * 1000);
        if (resolvePercent > 0) {
            // Resolved at filing + 1 hour to 60 days, the reply as the first reply.
            auto rw = must(core::sql::Database::open(dir / "hub.db", core::sql::OpenMode::ReadWrite), "open");
            const auto t0 = Clock::now();
            must(rw.exec("BEGIN; UPDATE cases SET state = 'resolved', reply = 'ดำเนินการแล้ว', "
                         "first_reply_at = filed_at + 3600000 + (rowid * 7919 % 1440) * 3600000, "
                         "resolved_at = filed_at + 3600000 + (rowid * 7919 % 1440) * 3600000 "
                         "WHERE rowid % 100 < " + std::to_string(resolvePercent) + "; COMMIT"),
                 "resolve");
            std::printf("resolved %d%% of the cases in one UPDATE (the triggers keep the ranking's rows): %.0f ms\n",
                        resolvePercent, msSince(t0));
        }
    } else {
        std::printf("store: %zu offices, %llu records, %s (reused)\n", kiosks.size(),
                    static_cast<unsigned long long>(must(storage->recordCount(), "count")), (dir / "hub.db").c_str());
    }

    // [2] From the aggregates.
    const MonthRange year{202504, 202603};
    const ReportContent content;
    std::vector<double> fromAggregates, complaintTimes, naive, packTimes, keywordTimes, naiveKeywordTimes;
    std::map<std::string, std::vector<TermCount>> keptTop;
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
        KeywordQuery kq;
        kq.office = k.office;
        kq.period = year;
        kq.source = TextSource::Complaint;
        const auto t2 = Clock::now();
        auto words = must(keywordFigures(storage->reports(), kq), "keywords");
        keywordTimes.push_back(msSince(t2));
        keptTop[k.office] = words.top;
    }
    // [3] The naive scan, on its own connection to the same file.
    auto db = must(core::sql::Database::open(dir / "hub.db", core::sql::OpenMode::ReadOnly), "open");
    long mismatches = 0;
    for (std::size_t i = 0; i < kiosks.size() && i < scanOffices; ++i) {
        const auto& k = kiosks[i];
        const auto t0 = Clock::now();
        auto faces = naiveFaces(db, k.office, year);
        naive.push_back(msSince(t0));
        for (const auto& [q, f] : faces)
            mismatches += kept[k.office][q].faces != f.faces;
    }
    // The naive keyword figures: every complaint's text broken again.
    auto extractor = must(TermExtractor::create(readSource("assets/listening/stopwords-th.txt"),
                                                readWordList(readSource("assets/listening/words-th.txt"))),
                          "term extractor");
    for (std::size_t i = 0; i < kiosks.size() && i < scanOffices; ++i) {
        const auto& k = kiosks[i];
        const auto t0 = Clock::now();
        const auto top = topTerms(naiveTerms(db, extractor, k.office, year), 20);
        naiveKeywordTimes.push_back(msSince(t0));
        const auto& keptTerms = keptTop[k.office];
        bool same = keptTerms.size() == top.size();
        for (std::size_t j = 0; same && j < top.size(); ++j)
            same = keptTerms[j].term == top[j].term && keptTerms[j].documents == top[j].documents;
        mismatches += !same;
    }
    // [4] The 12-month ITA pack: both reports as PDF.
    for (std::size_t i = 0; i < kiosks.size() && i < packs; ++i) {
        SatisfactionQuery q;
        q.office = kiosks[i].office;
        q.period = year;
        const auto t0 = Clock::now();
        const auto satisfaction = must(satisfactionFile(*storage, content, q, ReportFormat::Pdf, kStartMs + kYearMs),
                                       "satisfaction PDF");
        const auto complaintsPdf = must(complaintFile(*storage, q.office, year, ReportFormat::Pdf, kStartMs + kYearMs),
                                        "complaint PDF");
        packTimes.push_back(msSince(t0));
        if (satisfaction.size() < 1000 || complaintsPdf.size() < 1000)
            die("a report PDF is empty");
    }
    std::printf("satisfaction figures, 12 months, one office, from the aggregates: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                percentile(fromAggregates, 50), percentile(fromAggregates, 95), percentile(fromAggregates, 100));
    std::printf("the same by scanning the office's records (%zu offices):      p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                naive.size(), percentile(naive, 50), percentile(naive, 95), percentile(naive, 100));
    std::printf("ratio (scan / aggregates, p50): %.0fx; figures that differ (dimensions, top-term lists): %ld\n",
                percentile(naive, 50) / percentile(fromAggregates, 50), mismatches);
    std::printf("complaint figures, 12 months, one office, from the cases table: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                percentile(complaintTimes, 50), percentile(complaintTimes, 95), percentile(complaintTimes, 100));
    std::printf("keyword figures (top terms, months, rising), 12 months, one office, from the term counts: "
                "p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                percentile(keywordTimes, 50), percentile(keywordTimes, 95), percentile(keywordTimes, 100));
    std::printf("the top terms by breaking every complaint text again (%zu offices): p50 %.2f ms, p95 %.2f ms; "
                "ratio (p50) %.0fx\n",
                naiveKeywordTimes.size(), percentile(naiveKeywordTimes, 50), percentile(naiveKeywordTimes, 95),
                percentile(keywordTimes, 50) > 0 ? percentile(naiveKeywordTimes, 50) / percentile(keywordTimes, 50) : 0);
    // [5] The ranking of every office of the hub (hub/office_ranking.hpp)
    // from the rows the store keeps for it, beside the same figures from
    // every office's cases and answer counts (how it was read before).
    const std::int64_t now = kStartMs + kYearMs;
    std::vector<double> rankingTimes, naiveRankingTimes;
    OfficeRanking ranked;
    for (int i = 0; i < 20; ++i) {
        const auto t0 = Clock::now();
        ranked = must(officeRanking(*storage, year, now), "ranking");
        rankingTimes.push_back(msSince(t0));
        if (ranked.offices.size() != kiosks.size())
            die("the ranking left out offices");
    }
    long rankingMismatches = 0;
    for (int i = 0; i < 3; ++i) {
        const auto t0 = Clock::now();
        for (const auto& o : ranked.offices) {
            const ReportFilter filter{o.office.code, kSatisfactionSurvey, year.from, year.to, std::nullopt};
            std::int64_t responsesN = 0, answers = 0, sum = 0;
            for (const auto& r : must(storage->reports().responses(filter), "responses"))
                responsesN += r.n;
            for (const auto& c : must(storage->reports().answerCounts(filter), "answers"))
                if (c.number && c.value.size() == 1 && c.value[0] >= '1' && c.value[0] <= '5') {
                    answers += c.n;
                    sum += c.n * (c.value[0] - '0');
                }
            const auto cases = must(storage->reports().caseTimes(o.office.code, monthStartMs(year.from),
                                                                  monthStartMs(addMonths(year.to, 1))),
                                    "cases");
            ShareFigure inTarget;
            std::int64_t replied = 0;
            std::vector<double> hours;
            for (const auto& c : cases) {
                countInTarget(c, now, inTarget);
                replied += c.firstReplyAtMs > 0;
                if (c.resolvedAtMs > 0)
                    hours.push_back(double(c.resolvedAtMs - c.filedAtMs) / 3600000.0);
            }
            std::sort(hours.begin(), hours.end());
            const std::size_t n = hours.size();
            const double median = n == 0 ? 0 : n % 2 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
            if (i > 0)
                continue;
            const bool same = o.satisfaction.n == responsesN &&
                              (answers == 0 || std::abs(o.satisfaction.value - double(sum) / double(answers)) < 1e-9) &&
                              o.inTarget.n == inTarget.n && o.coverage.n == std::int64_t(cases.size()) &&
                              (cases.empty() || std::abs(o.coverage.value - 100.0 * double(replied) /
                                                                                double(cases.size())) < 1e-9) &&
                              (inTarget.n == 0 || std::abs(o.inTarget.value - inTarget.percent()) < 1e-9) &&
                              o.toResolve.n == std::int64_t(n) && std::abs(o.toResolve.value - median) <= 84.0;
            rankingMismatches += !same;
        }
        naiveRankingTimes.push_back(msSince(t0));
    }
    std::printf("the ranking of all %zu offices, 12 months, from the rows kept for it: p50 %.1f ms, p95 %.1f ms, "
                "max %.1f ms (20 runs)\n",
                kiosks.size(), percentile(rankingTimes, 50), percentile(rankingTimes, 95),
                percentile(rankingTimes, 100));
    std::printf("the same figures from every office's cases and answer counts: p50 %.0f ms (3 runs); ratio (p50) "
                "%.0fx; offices whose figures differ: %ld\n",
                percentile(naiveRankingTimes, 50), percentile(naiveRankingTimes, 50) / percentile(rankingTimes, 50),
                rankingMismatches);
    mismatches += rankingMismatches;
    if (!packTimes.empty())
        std::printf("the 12-month ITA pack (satisfaction + complaint PDF), %zu offices: p50 %.0f ms, max %.0f ms\n",
                    packTimes.size(), percentile(packTimes, 50), percentile(packTimes, 100));
    return mismatches == 0 ? 0 : 1;
}
