// fangsiang-kiosk: the terminal's entry point.
//
// `store-demo` is an end-to-end run of the record store: it makes (or loads)
// the device identity in a data folder, writes a complaint with sealed
// contact details, a survey response and a device event, verifies the chain
// on disk, and prints what it did.

#include "kiosk_sync_commands.hpp"

#include "kiosk/crypto.hpp"
#include "kiosk/files.hpp"
#include "kiosk/identity.hpp"
#include "kiosk/record.hpp"
#include "kiosk/store.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace kiosk;

namespace {

std::int64_t nowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int fail(const Error& error) {
    std::fprintf(stderr, "fangsiang-kiosk: %s\n", error.message.c_str());
    return 1;
}

// A real device holds only the hub's public key, pinned at enrolment. The
// demo has no hub yet, so it keeps a stand-in hub key pair beside the store
// to show that sealed data opens with the hub's secret and only with it.
Result<BoxKeyPair> demoHubKey(const fs::path& dir) {
    fs::path file = dir / "demo-hub-box.key";
    BoxKeyPair pair;
    auto raw = readFile(file, 64);
    if (raw && raw->size() == 64) {
        KIOSK_TRY(checkPrivateFile(file));
        std::copy_n(raw->begin(), 32, pair.publicKey.begin());
        std::copy_n(raw->begin() + 32, 32, pair.secretKey.data());
        return pair;
    }
    pair = randomBoxKeyPair();
    Bytes both(pair.publicKey.begin(), pair.publicKey.end());
    both.insert(both.end(), pair.secretKey.data(), pair.secretKey.data() + 32);
    auto written = writeFileAtomically(file, both, 0600);
    std::fill(both.begin(), both.end(), 0);
    if (!written)
        return written.error();
    return pair;
}

bool fileContains(const fs::path& path, std::string_view needle) {
    auto bytes = readFile(path, 512u * 1024 * 1024);
    if (!bytes)
        return false;
    return std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()).find(needle) !=
           std::string_view::npos;
}

int storeDemo(const fs::path& dataDir) {
    bool existed = fs::exists(dataDir / kDeviceKeyFile);
    auto identity = DeviceIdentity::loadOrCreate(dataDir);
    if (!identity)
        return fail(identity.error());
    auto hubKey = demoHubKey(dataDir);
    if (!hubKey)
        return fail(hubKey.error());
    auto store = Store::open(dataDir / "records.db");
    if (!store)
        return fail(store.error());

    // What a citizen's complaint looks like: the description and place in
    // the payload, the name and phone sealed to the hub.
    const std::string contact = R"({"name":"สมหญิง ใจดี","phone":"0812345678"})";
    auto sealed = sealPersonalData(contact, hubKey->publicKey);
    if (!sealed)
        return fail(sealed.error());
    RecordDraft drafts[] = {
        {RecordKind::Complaint,
         R"({"category":"roads_lights","text":"ไฟส่องสว่างหน้าวัดดับมาสามคืนแล้ว","village":"หมู่ที่ 4","landmark":"หน้าวัดป่าสัก"})",
         *sealed},
        {RecordKind::SurveyResponse,
         R"({"survey":"standard-satisfaction","version":1,"service":"civil-registration","answers":{"process":5,"staff":5,"facilities":4,"information":4,"overall":5}})",
         {}},
        {RecordKind::DeviceEvent, R"({"event":"store-demo"})", {}},
    };
    std::vector<Record> written;
    for (const auto& draft : drafts) {
        auto record = store->append(*identity, draft, nowMs());
        if (!record)
            return fail(record.error());
        written.push_back(std::move(*record));
    }

    auto report = store->verify();
    if (!report)
        return fail(report.error());
    auto counts = store->counts();
    if (!counts)
        return fail(counts.error());
    auto opened = openSealed(written[0].sealedPersonalData(), *hubKey);
    bool plaintextOnDisk = fileContains(store->path(), "0812345678") ||
                           fileContains(fs::path(store->path().string() + "-wal"), "0812345678");

    std::printf("Fangsiang record store\n");
    std::printf("  data folder    %s\n", dataDir.c_str());
    std::printf("  device         %s (%s; secret key %s, mode 0600)\n", identity->shortId().c_str(),
                existed ? "loaded" : "created now", (dataDir / kDeviceKeyFile).c_str());
    std::printf("  wrote          ");
    for (const auto& r : written)
        std::printf("#%llu %s%s  ", static_cast<unsigned long long>(r.sequence()), recordKindName(r.kind()),
                    r.hasPersonalData() ? " (contact sealed)" : "");
    std::printf("\n  store          %llu records, %llu waiting for the hub, head #%llu %s\n",
                static_cast<unsigned long long>(counts->records),
                static_cast<unsigned long long>(counts->unacknowledged),
                static_cast<unsigned long long>(counts->head.sequence), toHex(counts->head.hash).substr(0, 12).c_str());
    if (report->ok())
        std::printf("  chain          verified: %llu records, every signature and link good\n",
                    static_cast<unsigned long long>(report->checked));
    else
        std::printf("  chain          BROKEN at record %llu: %s\n",
                    static_cast<unsigned long long>(*report->firstBadSequence), report->problem->describe().c_str());
    std::printf("  personal data  %zu bytes sealed in #%llu; %s with the hub's key; plaintext %s in the database file\n",
                written[0].sealedPersonalData().size(), static_cast<unsigned long long>(written[0].sequence()),
                opened ? "opens" : "does NOT open", plaintextOnDisk ? "FOUND" : "absent");
    return report->ok() && opened && !plaintextOnDisk ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"fangsiang-kiosk: the Fangsiang citizen-feedback terminal"};
    app.require_subcommand(1);

    fs::path dataDir = "data";
    auto* demo = app.add_subcommand("store-demo", "write a few signed records and verify the chain");
    demo->add_option("--data", dataDir, "data folder (created if absent)");
    auto syncCommands = registerSyncCommands(app);

    CLI11_PARSE(app, argc, argv);
    if (auto init = sodiumInit(); !init)
        return fail(init.error());
    if (*demo)
        return storeDemo(dataDir);
    if (auto code = runSyncCommands(*syncCommands))
        return *code;
    return 0;
}
