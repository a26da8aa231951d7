// bench_store: figures for the device's record store.
//
//   single-record commit latency, p50/p99, synchronous=FULL (one transaction each)
//   batch throughput, 100 records per transaction
//   sign + seal cost per record, in memory, beside bare Ed25519 signing
//   chain verification rate, one core, beside this machine's raw Ed25519
//   verification rate measured in the same run
//
// usage: bench_store [--dir FOLDER] [--single N] [--batched N]
// FOLDER must be on the disk under test (not tmpfs): fsync is what is measured.

#include "core/crypto.hpp"
#include "core/identity.hpp"
#include "core/record.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

// A typical complaint: about 300 bytes of Thai text and its place.
RecordDraft complaintDraft(int n) {
    return RecordDraft{RecordKind::Complaint,
                       R"({"category":"roads-lights","text":"ไฟถนนหน้าโรงเรียนบ้านหนองบัวดับหลายดวง กลางคืนมืดมาก เด็กนักเรียนและผู้สูงอายุเดินลำบาก ขอให้ช่วยซ่อมด่วน ครั้งที่ )" +
                           std::to_string(n) + R"("})",
                       {}};
}

void fail(const Error& e) {
    std::fprintf(stderr, "bench_store: %s\n", e.describe().c_str());
    std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = fs::path("build") / "bench-data";
    int single = 1000;
    int batched = 20000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
        else if (std::strcmp(argv[i], "--single") == 0) single = std::max(10, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--batched") == 0) batched = std::max(100, std::atoi(argv[i + 1]));
    }
    if (auto st = sodiumInit(); !st)
        fail(st.error());
    fs::remove_all(dir);
    fs::create_directories(dir);

    auto identity = DeviceIdentity::loadOrCreate(dir / "device");
    if (!identity)
        fail(identity.error());
    auto hub = randomBoxKeyPair();
    auto store = Store::open(dir / "records.db");
    if (!store)
        fail(store.error());
    const std::int64_t t0 = 1'795'000'000'000;

    // [SECTION] Single-record commits: what a citizen waits for after "submit".
    std::vector<double> latencyMs;
    latencyMs.reserve(static_cast<std::size_t>(single));
    for (int i = 0; i < single; ++i) {
        auto start = Clock::now();
        auto record = store->append(*identity, complaintDraft(i), t0 + i);
        latencyMs.push_back(secondsSince(start) * 1000.0);
        if (!record)
            fail(record.error());
    }

    // [SECTION] Batches of 100 in one transaction.
    std::vector<RecordDraft> drafts;
    for (int i = 0; i < 100; ++i)
        drafts.push_back(complaintDraft(i));
    auto batchStart = Clock::now();
    for (int done = 0; done < batched; done += 100) {
        auto batch = store->appendBatch(*identity, drafts, t0 + single + done);
        if (!batch)
            fail(batch.error());
    }
    const double batchSeconds = secondsSince(batchStart);

    // [SECTION] Sign + seal in memory: the CPU cost of one complaint with contact details.
    const int signN = 5000;
    auto signStart = Clock::now();
    ChainHead head;
    for (int i = 0; i < signN; ++i) {
        auto sealed = sealPersonalData(R"({"name":"สมหญิง ใจดี","phone":"0812345678"})", hub.publicKey);
        if (!sealed)
            fail(sealed.error());
        RecordDraft draft = complaintDraft(i);
        draft.sealedPersonalData = std::move(*sealed);
        auto record = signRecord(draft, head, t0 + i, *identity);
        if (!record)
            fail(record.error());
        head = record->asHead();
    }
    const double signSealUs = secondsSince(signStart) * 1e6 / signN;

    // [SECTION] Chain verification of everything on disk, one thread.
    auto verifyStart = Clock::now();
    auto report = store->verify();
    const double verifySeconds = secondsSince(verifyStart);
    if (!report)
        fail(report.error());
    if (!report->ok())
        fail(*report->problem);

    // The ceiling for the line above: bare Ed25519 verifications per second.
    auto sample = store->get(1);
    if (!sample || !sample->has_value())
        fail(makeError(ErrorCode::NotFound, "record 1 missing"));
    const Record& r = **sample;
    const int rawN = 20000;
    int good = 0;
    auto rawStart = Clock::now();
    for (int i = 0; i < rawN; ++i)
        good += verifyDetached(r.signedPart(), r.signature(), r.device()) ? 1 : 0;
    const double rawRate = rawN / secondsSince(rawStart);

    // The ceiling for batch throughput: bare Ed25519 signatures per second
    // over a record-sized message (a chain is signed one record at a time).
    const int rawSignN = 20000;
    auto rawSignStart = Clock::now();
    for (int i = 0; i < rawSignN; ++i)
        (void)identity->sign(r.signedPart());
    const double rawSignRate = rawSignN / secondsSince(rawSignStart);

    std::printf("bench_store (%s)\n", dir.c_str());
    std::printf("  single commit latency (synchronous=FULL, %d records): p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", single,
                percentile(latencyMs, 50), percentile(latencyMs, 99), percentile(latencyMs, 100));
    std::printf("  batch throughput (100 per transaction, %d records): %.0f records/s\n", batched,
                batched / batchSeconds);
    std::printf("  raw Ed25519 signing on this machine (one thread): %.0f/s\n", rawSignRate);
    std::printf("  sign + seal per complaint with contact details: %.1f us\n", signSealUs);
    std::printf("  chain verification (%llu records on disk, one thread): %.0f records/s\n",
                static_cast<unsigned long long>(report->checked), static_cast<double>(report->checked) / verifySeconds);
    std::printf("  raw Ed25519 verification on this machine (one thread): %.0f/s%s\n", rawRate,
                good == rawN ? "" : "  (SOME FAILED)");
    fs::remove_all(dir);
    return 0;
}
