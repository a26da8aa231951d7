// Sync and hub figures for docs/BENCHMARKS.md ("Sync and hub"). A program
// that prints; nothing here asserts on time.
//
//   bench_sync                      every figure below
//   bench_sync verify               this machine's Ed25519 verification limit
//   bench_sync ingest [RECORDS [DEVICES...]]  hub ingest, durable, 1/10/100/1,000 devices at once
//   bench_sync ingest-json [RECORDS]  the same, a JSON line per device count
//                                   (on PostgreSQL with FANGSIANG_BENCH_PGHOST=DIR: the unix
//                                   socket folder of a server with trust for user postgres;
//                                   each run takes a new database there)
//   bench_sync crowd [DEVICES BATCHES PER_BATCH SLOW_EVERY SLOW_BPS]
//                                   DEVICES (1,000) devices at once, every SLOW_EVERY-th (10th) through
//                                   a slow 3G link; each pushes BATCHES (4) batches of PER_BATCH (50)
//                                   records: records/s, each device's wait, peak memory
//   bench_sync wire                 bytes on the wire per complaint / survey response
//   bench_sync drain [RECORDS]      drain through the fault proxy (256 kbit/s, 300 ms each way,
//                                   a cut every 200 KB); `all` runs 1,000 and 4,000 records
//   bench_sync replicate RECORDS [--dump FILE]
//                                   push RECORDS through a counting proxy; JSON
//                                   result; --dump writes the records as NDJSON
//                                   documents for the PouchDB side

#include "hub/keys.hpp"
#include "hub/server.hpp"
#include "hub/service.hpp"
#include "sync/sync_client.hpp"
#include "sync/sync_worker.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"
#include "kiosk/store.hpp"

#include "bench_support.hpp"
#include "fault_proxy.hpp"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace fangsiang;

namespace fs = std::filesystem;
using namespace fangsiang::sync;
using namespace fangsiang::hub;
using fangsiang::test::FaultProxy;
using Clock = std::chrono::steady_clock;
using fangsiang::bench::die;
using fangsiang::bench::must;

namespace {

// [SECTION] Helpers

double seconds(Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); }

class TempFolder {
public:
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "fangsiang-bench-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            die("mkdtemp");
        m_path = pattern;
    }
    ~TempFolder() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

const char* pgHost() { return std::getenv("FANGSIANG_BENCH_PGHOST"); }

// A new database on the server at FANGSIANG_BENCH_PGHOST; its URL.
std::string newPgDatabase() {
    static int made = 0;
    const std::string name = "bench_" + std::to_string(::getpid()) + "_" + std::to_string(++made);
    const std::string host = pgHost();
    const std::string command = "psql -X -q -h '" + host + "' -U postgres -d postgres -c 'CREATE DATABASE " + name +
                                " TEMPLATE template0'";
    if (std::system(command.c_str()) != 0)
        die("could not make the database " + name + " (" + command + ")");
    return "postgresql:///" + name + "?host=" + host + "&user=postgres";
}

struct Hub {
    TempFolder dir;
    HubKeys keys;
    std::unique_ptr<HubStorage> storage;
    std::unique_ptr<HubService> service;
    std::unique_ptr<HubServer> server;

    // `threads`: the hub's workers (the program's default is 64). Every
    // simulated device connects from 127.0.0.1, where real kiosks each have
    // an address of their own: the per-address limit is lifted.
    explicit Hub(int threads = 128) : keys(must(createHubKeys(dir.path()), "hub keys")) {
        storage = must(pgHost() ? createPostgresHubStorage(newPgDatabase()) : createSqliteHubStorage(dir.path() / "hub.db"),
                       "hub store");
        HubServiceOptions options;
        options.log = [](const std::string&) {};
        service = std::make_unique<HubService>(*storage, keys, options);
        HubServerOptions serverOptions;
        serverOptions.threads = threads;
        serverOptions.connectionsPerAddress = 100000;
        server = std::make_unique<HubServer>(*service, serverOptions);
        must(server->start(), "hub server");
    }

    std::string code() {
        return must(service->createEnrolmentCode("6340105", "เทศบาลตำบลบ้านสวนดอกไม้", std::chrono::minutes(10)),
                    "enrolment code")
            .code;
    }

    void enrolIdentity(const core::DeviceIdentity& id) {
        auto code = normaliseEnrolmentCode(this->code());
        EnrolRequest request{*code, id.publicKey(), id.sign(enrolProofMessage(*code, id.publicKey())), ""};
        if (service->handleEnrol(encodeEnrolRequest(request)).status != 200)
            die("enrolment failed");
    }
};

// What a complaint and a survey response typically hold.
core::RecordDraft complaintDraft(int n, const core::BoxPublicKey& hubBox) {
    const std::string contact =
        R"({"name":"สมหญิง ใจดี","phone":"08)" + std::to_string(10000000 + n % 89999999) + R"(","address":"12/3 หมู่ที่ 4"})";
    core::RecordDraft d;
    d.kind = core::RecordKind::Complaint;
    // The fields a kiosk writes (kiosk::StoreBackend), which the hub's
    // record rules accept (hub/record_rules.hpp).
    d.payload = R"j({"type":"complaint","office":"6340105","category":"roads-lights","text":"ไฟส่องสว่างถนนหน้าวัดป่าสักดับมาสามคืนแล้ว กลางคืนมืดมาก เด็กนักเรียนเดินกลับบ้านลำบาก ขอให้มาซ่อมด้วยครับ (เรื่องที่ )j" +
                std::to_string(n) + R"j()","anonymous":false,"village":"หมู่ที่ 4","landmark":"หน้าวัดป่าสัก"})j";
    d.sealedPersonalData = must(core::sealPersonalData(contact, hubBox), "seal");
    return d;
}

core::RecordDraft surveyDraft(int n) {
    core::RecordDraft d;
    d.kind = core::RecordKind::SurveyResponse;
    d.payload = R"({"survey":"standard-satisfaction","version":1,"service":"civil-registration","answers":{"process":)" +
                std::to_string(n % 5 + 1) + R"(,"staff":5,"facilities":4,"information":)" + std::to_string((n / 5) % 5 + 1) +
                R"(,"overall":5,"age_group":"40-59","comment":"เจ้าหน้าที่บริการดี รวดเร็ว"}})";
    return d;
}

// One complaint in five, as a busy counter sees.
core::RecordDraft mixedDraft(int n, const core::BoxPublicKey& hubBox) {
    return n % 5 == 0 ? complaintDraft(n, hubBox) : surveyDraft(n);
}

core::DeviceIdentity identityFor(int n) {
    core::SecretKey<32> seed;
    randombytes_buf(seed.data(), seed.size());
    (void)n;
    return core::DeviceIdentity::fromSeed(seed);
}

// [SECTION] Ed25519 verification limit

double verifyLimit(int threads, double forSeconds) {
    auto id = identityFor(0);
    auto record = must(core::signRecord(surveyDraft(1), {}, core::wallClockMs(), id), "sign");
    std::atomic<std::uint64_t> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> workers;
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            std::uint64_t n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                for (int i = 0; i < 64; ++i)
                    if (!core::verifySignature(record))
                        die("verify failed");
                n += 64;
            }
            done += n;
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(forSeconds));
    stop = true;
    for (auto& w : workers)
        w.join();
    return static_cast<double>(done) / seconds(start);
}

void benchVerify() {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::printf("Ed25519 verification (core::verifySignature of a %s)\n", "typical survey record");
    std::printf("  1 thread            %10.0f verifications/s\n", verifyLimit(1, 2.0));
    std::printf("  %d threads           %10.0f verifications/s  <- this machine's limit\n", cores, verifyLimit(cores, 2.0));
}

// [SECTION] Ingest

struct Device {
    core::DeviceIdentity id;
    std::vector<Bytes> batches;  // compressed, ready to post
    std::uint64_t records = 0;
};

struct IngestRun {
    double rate;
    double limit;
    double took;
    std::uint64_t held;
    int failures;
};

IngestRun ingestRun(int devices, int totalRecords, int cores) {
    Hub hub;
    const core::BoxPublicKey box = hub.keys.box.publicKey;
    std::vector<Device> fleet;
    fleet.reserve(static_cast<std::size_t>(devices));
    const int perDevice = totalRecords / devices;
    for (int d = 0; d < devices; ++d) {
        Device dev{identityFor(d), {}, 0};
        hub.enrolIdentity(dev.id);
        core::ChainHead head;
        IdentitySigner signer(dev.id);
        Batch batch;
        auto flush = [&] {
            if (batch.records.empty())
                return;
            batch.device = dev.id.publicKey();
            batch.nonce = randomNonce();
            dev.batches.push_back(compress(must(encodeBatch(batch, signer), "batch")));
            batch.records.clear();
        };
        for (int i = 0; i < perDevice; ++i) {
            auto r = must(core::signRecord(mixedDraft(i, box), head, core::wallClockMs(), dev.id), "sign");
            head = r.asHead();
            batch.records.push_back(r.bytes());
            if (batch.records.size() == 250)
                flush();
        }
        flush();
        dev.records = static_cast<std::uint64_t>(perDevice);
        fleet.push_back(std::move(dev));
    }
    // Measured now, with the fleet ready and before any client thread runs.
    const double limit = verifyLimit(cores, 1.5);
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> clients;
    for (auto& dev : fleet)
        clients.emplace_back([&, devPtr = &dev] {
            HttpClient http;
            ++ready;
            while (!go)
                std::this_thread::yield();
            for (const auto& wire : devPtr->batches) {
                auto r = http.post(hub.server->url() + "/v1/push", {{"Content-Type", kBatchMediaType}}, wire);
                if (!r || r->status != 200)
                    ++failures;
            }
        });
    while (ready < devices)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto start = Clock::now();
    go = true;
    for (auto& c : clients)
        c.join();
    const double took = seconds(start);
    const auto held = must(hub.storage->recordCount(), "count");
    if (held != static_cast<std::uint64_t>(perDevice) * static_cast<std::uint64_t>(devices))
        die("the hub stored " + std::to_string(held) + " of " + std::to_string(perDevice * devices) +
            " records: it refused some (are the drafts ones the hub's record rules accept?)");
    return IngestRun{static_cast<double>(held) / took, limit, took, held, failures.load()};
}

// Best of three runs for each device count; with `json`, one JSON line per
// count (for tests/bench/pouchdb/compare.js) instead of the table.
void benchIngest(int totalRecords, const std::vector<int>& deviceCounts, bool json) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const char* backend = pgHost() ? "postgresql" : "sqlite";
    if (!json)
        std::printf("Hub ingest, durable (%s, one transaction per batch of 250),\n"
                    "HTTP on loopback, %d records per run, clients and hub on the same %d cores;\n"
                    "the verification limit (all cores) is measured right before each run\n",
                    pgHost() ? "PostgreSQL 15, synchronous_commit=on" : "SQLite WAL, synchronous=FULL", totalRecords,
                    cores);
    for (int devices : deviceCounts) {
        // Best of three, for the limit and for ingest alike: the machine is
        // shared, and the best run is the one least disturbed.
        double bestRate = 0, bestLimit = 0, bestTook = 0;
        std::uint64_t bestHeld = 0;
        int failed = 0;
        for (int round = 0; round < 3; ++round) {
            auto [rate, limit, took, held, failures] = ingestRun(devices, totalRecords, cores);
            if (rate > bestRate) {
                bestRate = rate;
                bestTook = took;
                bestHeld = held;
            }
            bestLimit = std::max(bestLimit, limit);
            failed += failures;
        }
        if (json)
            std::printf("%s\n", nlohmann::json({{"system", std::string("fangsiang-") + backend},
                                                {"devices", devices},
                                                {"records", bestHeld},
                                                {"seconds", bestTook},
                                                {"records_per_s", bestRate},
                                                {"verify_limit_per_s", bestLimit},
                                                {"failed_requests", failed}})
                                     .dump()
                                     .c_str());
        else
            std::printf("  %4d device%s at once  %8.0f records/s  limit %6.0f/s  %4.0f%% of it  (%llu records in "
                        "%.2f s%s)\n",
                        devices, devices == 1 ? " " : "s", bestRate, bestLimit, 100.0 * bestRate / bestLimit,
                        static_cast<unsigned long long>(bestHeld), bestTook, failed ? "; SOME REQUESTS FAILED" : "");
        std::fflush(stdout);
    }
}

// [SECTION] Bytes on the wire

struct KioskFolder {
    TempFolder dir;
    core::DeviceIdentity id;
    kiosk::HubPins pins;
    KioskFolder(Hub& hub, const std::string& url)
        : id(must(core::DeviceIdentity::loadOrCreate(dir.path()), "identity")) {
        pins = must(enrol(dir.path(), url, hub.code()), "enrol");
    }
    void add(int count, int kindEvery, bool complaintsOnly, bool surveysOnly) {
        auto store = must(kiosk::Store::open(dir.path() / kRecordsFile), "store");
        std::vector<core::RecordDraft> drafts;
        for (int i = 0; i < count; ++i) {
            if (complaintsOnly)
                drafts.push_back(complaintDraft(i, pins.hubBoxKey));
            else if (surveysOnly)
                drafts.push_back(surveyDraft(i));
            else
                drafts.push_back(i % kindEvery == 0 ? complaintDraft(i, pins.hubBoxKey) : surveyDraft(i));
            if (drafts.size() == 1000) {
                (void)must(store.appendBatch(id, drafts, core::wallClockMs()), "append");
                drafts.clear();
            }
        }
        if (!drafts.empty())
            (void)must(store.appendBatch(id, drafts, core::wallClockMs()), "append");
    }
};

void wireFor(const char* what, bool complaints, std::size_t batch) {
    Hub hub;
    FaultProxy proxy(hub.server->port());  // no faults: it counts TCP payload both ways
    KioskFolder kiosk(hub, proxy.url());
    const int count = static_cast<int>(batch == 1 ? 50 : batch * 4);
    kiosk.add(count, 5, complaints, !complaints);
    auto store = must(kiosk::Store::open(kiosk.dir.path() / kRecordsFile), "store");
    auto records = must(store.outbox(1, 0), "outbox");
    const std::size_t recordSize = records.front().bytes().size();
    ClientOptions options;
    options.batchRecords = batch;
    auto client = must(SyncClient::open(kiosk.dir.path(), options), "client");
    const std::uint64_t up0 = proxy.bytesUp(), down0 = proxy.bytesDown();
    auto pushed = must(client.push(), "push");
    const double up = static_cast<double>(proxy.bytesUp() - up0) / count;
    const double down = static_cast<double>(proxy.bytesDown() - down0) / count;
    std::printf("  %-18s batch %4zu   record %5zu B   up %7.1f B/record   down %6.1f B/record   total %7.1f B/record\n",
                what, batch, recordSize, up, down, up + down);
    (void)pushed;
}

void benchWire() {
    std::printf("Bytes on the wire per record (TCP payload counted at a proxy: HTTP requests and signed acks,\n"
                "headers included; zstd level 9; no TLS)\n");
    for (std::size_t batch : {std::size_t{1}, std::size_t{250}}) {
        wireFor("complaint", true, batch);
        wireFor("survey response", false, batch);
    }
}

// [SECTION] Drain through a bad link

void benchDrain(int records, int kbit, int latencyMs, int cutKb) {
    Hub hub;
    FaultProxy proxy(hub.server->port());
    KioskFolder kiosk(hub, proxy.url());
    kiosk.add(records, 5, false, false);

    // The payload: the compressed batches the client sends for these records.
    std::uint64_t payload = 0;
    {
        auto store = must(kiosk::Store::open(kiosk.dir.path() / kRecordsFile), "store");
        IdentitySigner signer(kiosk.id);
        std::uint64_t after = 0;
        for (;;) {
            auto outbox = must(store.outbox(250, after), "outbox");
            if (outbox.empty())
                break;
            Batch batch;
            batch.device = kiosk.id.publicKey();
            for (const auto& r : outbox)
                batch.records.push_back(r.bytes());
            payload += compress(must(encodeBatch(batch, signer), "batch")).size();
            after = outbox.back().sequence();
        }
    }
    const double bandwidth = kbit * 1000.0 / 8.0;
    const double bound = static_cast<double>(payload) / bandwidth;
    proxy.setBandwidth(static_cast<std::uint64_t>(bandwidth));
    proxy.setLatencyMs(latencyMs);
    proxy.setCutEvery(static_cast<std::uint64_t>(cutKb) * 1000);

    WorkerOptions options;
    options.pull = false;
    options.interval = std::chrono::milliseconds(60000);
    options.backoffBase = std::chrono::milliseconds(500);
    options.backoffCap = std::chrono::milliseconds(5000);
    options.client.http.connectTimeoutMs = 10000;
    SyncWorker worker(kiosk.dir.path(), options);
    const auto start = Clock::now();
    worker.start();
    if (!worker.waitUntilDrained(std::chrono::minutes(10)))
        die("the outbox did not drain in 10 minutes: " + worker.state().lastError);
    const double took = seconds(start);
    worker.stop();
    const auto held = must(hub.storage->recordCount(), "count");
    std::printf("Drain %d queued records through the fault proxy: %d kbit/s each way, +%d ms each way, a cut every %d KB\n",
                records, kbit, latencyMs, cutKb);
    std::printf("  payload %llu B (%.0f B/record); bandwidth bound %.2f s; drained in %.2f s = %.2fx the bound "
                "(goal <= 2x); %llu connections, %llu cuts; hub holds %llu records\n",
                static_cast<unsigned long long>(payload), static_cast<double>(payload) / records, bound, took,
                took / bound, static_cast<unsigned long long>(proxy.connections()),
                static_cast<unsigned long long>(proxy.cuts()), static_cast<unsigned long long>(held));
}

// [SECTION] Replication for the PouchDB comparison

std::string base64(ByteView bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

void benchReplicate(int records, const std::string& dump) {
    Hub hub;
    FaultProxy proxy(hub.server->port());  // no faults: it only counts bytes
    KioskFolder kiosk(hub, proxy.url());
    kiosk.add(records, 5, false, false);
    if (!dump.empty()) {
        // The same records as PouchDB documents: every field, the payload as
        // JSON, the binary parts as hex/base64 strings.
        std::ofstream out(dump);
        auto store = must(kiosk::Store::open(kiosk.dir.path() / kRecordsFile), "store");
        std::uint64_t after = 0;
        for (;;) {
            auto outbox = must(store.outbox(1000, after), "outbox");
            if (outbox.empty())
                break;
            for (const auto& r : outbox) {
                char id[32];
                std::snprintf(id, sizeof id, "%012llu", static_cast<unsigned long long>(r.sequence()));
                nlohmann::json doc = {{"_id", kiosk.id.shortId() + "-" + id},
                                      {"device", core::toHex(r.device())},
                                      {"sequence", r.sequence()},
                                      {"kind", core::recordKindName(r.kind())},
                                      {"createdAt", r.createdAtMs()},
                                      {"previousHash", core::toHex(r.previousHash())},
                                      {"payload", nlohmann::json::parse(r.payload())},
                                      {"sealed", base64(r.sealedPersonalData())},
                                      {"signature", core::toHex(r.signature())}};
                out << doc.dump() << "\n";
            }
            after = outbox.back().sequence();
        }
    }
    auto client = must(SyncClient::open(kiosk.dir.path()), "client");
    const auto start = Clock::now();
    auto pushed = must(client.push(), "push");
    const double took = seconds(start);
    nlohmann::json result = {{"system", "fangsiang"},
                             {"records", pushed.accepted},
                             {"seconds", took},
                             {"records_per_s", static_cast<double>(pushed.accepted) / took},
                             {"bytes_up", proxy.bytesUp()},
                             {"bytes_down", proxy.bytesDown()},
                             {"bytes_per_record", static_cast<double>(proxy.bytesUp() + proxy.bytesDown()) / records}};
    std::printf("%s\n", result.dump().c_str());
}


// [SECTION] A thousand devices at once

std::uint64_t peakRssKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::strtoull(line.c_str() + 6, nullptr, 10);
    return 0;
}

// `devices` devices connect at once and push `batches` batches of `perBatch`
// records each, one after the other on a kept-alive connection; every
// `slowEvery`-th device goes through a fault proxy with a slow 3G link
// (`slowBytesPerSecond` each way, 300 ms each way). The hub has its
// default 64 workers.
void benchCrowd(int devices, int batches, int perBatch, int slowEvery, std::uint64_t slowBytesPerSecond) {
    Hub hub(64);
    FaultProxy slowLink(hub.server->port());
    slowLink.setBandwidth(slowBytesPerSecond);
    slowLink.setLatencyMs(300);
    const core::BoxPublicKey box = hub.keys.box.publicKey;
    struct Member {
        Device device;
        bool slow = false;
        double doneAfter = 0;    // seconds from the start to its last ack
        double longestWait = 0;  // its slowest single push
        int failures = 0;
    };
    std::vector<Member> crowd;
    crowd.reserve(static_cast<std::size_t>(devices));
    const auto preparing = Clock::now();
    for (int d = 0; d < devices; ++d) {
        Member& m = crowd.emplace_back(Member{Device{identityFor(d), {}, 0}, slowEvery > 0 && d % slowEvery == 0});
        hub.enrolIdentity(m.device.id);
        core::ChainHead head;
        IdentitySigner signer(m.device.id);
        int n = 0;
        for (int b = 0; b < batches; ++b) {
            Batch batch;
            batch.device = m.device.id.publicKey();
            batch.nonce = randomNonce();
            for (int i = 0; i < perBatch; ++i) {
                auto r = must(core::signRecord(mixedDraft(n++, box), head, core::wallClockMs(), m.device.id), "sign");
                head = r.asHead();
                batch.records.push_back(r.bytes());
            }
            m.device.batches.push_back(compress(must(encodeBatch(batch, signer), "batch")));
        }
        m.device.records = static_cast<std::uint64_t>(n);
    }
    std::printf("%d devices at once (%d through a %llu B/s, 300 ms link), %d batches of %d records each; "
                "prepared in %.1f s; hub RSS before: %llu MB\n",
                devices, slowEvery > 0 ? (devices + slowEvery - 1) / slowEvery : 0,
                static_cast<unsigned long long>(slowBytesPerSecond), batches, perBatch, seconds(preparing),
                static_cast<unsigned long long>(peakRssKb() / 1024));

    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    threads.reserve(crowd.size());
    Clock::time_point start;
    for (auto& member : crowd)
        threads.emplace_back([&, m = &member] {
            HttpOptions options;
            options.connectTimeoutMs = 120000;
            options.totalTimeoutMs = 600000;
            HttpClient http(options);
            const std::string url = (m->slow ? slowLink.url() : hub.server->url()) + "/v1/push";
            ++ready;
            while (!go)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            // As a kiosk does: a push that fails (the hub busy, the client's
            // stall limit of 30 s without a byte) is sent again a second
            // later; the hub acknowledges what it already stored as duplicates.
            for (const auto& wire : m->device.batches) {
                for (int attempt = 0; attempt < 20; ++attempt) {
                    const auto sent = Clock::now();
                    auto r = http.post(url, {{"Content-Type", kBatchMediaType}}, wire);
                    m->longestWait = std::max(m->longestWait, seconds(sent));
                    if (r && r->status == 200)
                        break;
                    ++m->failures;
                    std::this_thread::sleep_for(std::chrono::seconds(1));
                }
            }
            m->doneAfter = seconds(start);
        });
    while (ready < devices)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    start = Clock::now();
    go = true;
    for (auto& t : threads)
        t.join();
    const double took = seconds(start);

    auto summary = [&](bool slow) {
        std::vector<double> done, waits;
        int failures = 0;
        std::uint64_t records = 0;
        for (const auto& m : crowd)
            if (m.slow == slow) {
                done.push_back(m.doneAfter);
                waits.push_back(m.longestWait);
                failures += m.failures;
                records += m.device.records;
            }
        if (done.empty())
            return;
        std::sort(done.begin(), done.end());
        std::sort(waits.begin(), waits.end());
        auto at = [](const std::vector<double>& v, double q) { return v[static_cast<std::size_t>(q * (v.size() - 1))]; };
        std::printf("  %s devices (%zu): all done after %.1f s (median device %.1f s); one push waited at most "
                    "%.2f s (p95 %.2f s); %d pushes failed and were sent again\n",
                    slow ? "slow" : "fast", done.size(), done.back(), at(done, 0.5), waits.back(), at(waits, 0.95),
                    failures);
        (void)records;
    };
    const std::uint64_t held = must(hub.storage->recordCount(), "count");
    std::uint64_t expected = 0;
    for (const auto& m : crowd)
        expected += m.device.records;
    std::printf("  %llu of %llu records stored in %.1f s: %.0f records/s; peak RSS of the whole program "
                "(hub, %d client threads, their prepared batches) %llu MB\n",
                static_cast<unsigned long long>(held), static_cast<unsigned long long>(expected), took,
                static_cast<double>(held) / took, devices, static_cast<unsigned long long>(peakRssKb() / 1024));
    summary(false);
    summary(true);
}
}  // namespace

int main(int argc, char** argv) {
    fangsiang::bench::programName = "bench_sync";
    must(core::sodiumInit(), "libsodium");
    std::vector<std::string> args(argv + 1, argv + argc);
    const std::string mode = args.empty() ? "all" : args[0];
    auto number = [&](std::size_t i, int fallback) {
        return args.size() > i ? std::atoi(args[i].c_str()) : fallback;
    };
    if (mode == "verify")
        benchVerify();
    else if (mode == "ingest" || mode == "ingest-json") {
        std::vector<int> counts;
        for (std::size_t i = 2; i < args.size(); ++i)
            counts.push_back(std::max(1, number(i, 1)));
        if (counts.empty())
            counts = {1, 10, 100, 1000};
        benchIngest(number(1, 20000), counts, mode == "ingest-json");
    }
    else if (mode == "wire")
        benchWire();
    else if (mode == "crowd")
        benchCrowd(number(1, 1000), number(2, 4), number(3, 50), number(4, 10),
                   static_cast<std::uint64_t>(number(5, 32 * 1024)));
    else if (mode == "drain")
        benchDrain(number(1, 1000), 256, 300, 200);
    else if (mode == "replicate") {
        std::string dump;
        for (std::size_t i = 2; i + 1 < args.size(); ++i)
            if (args[i] == "--dump")
                dump = args[i + 1];
        benchReplicate(number(1, 10000), dump);
    } else if (mode == "all") {
        benchVerify();
        std::printf("\n");
        benchIngest(20000, {1, 10, 100, 1000}, false);
        std::printf("\n");
        benchWire();
        std::printf("\n");
        benchDrain(1000, 256, 300, 200);
        benchDrain(4000, 256, 300, 200);  // enough bytes for the cuts to happen
    } else {
        die("unknown mode " + mode + " (verify, ingest, crowd, wire, drain, replicate)");
    }
    return 0;
}
