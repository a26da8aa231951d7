#include "kiosk_sync_commands.hpp"

#include "core/crypto.hpp"
#include "kiosk/device_folder.hpp"
#include "sync/sync_client.hpp"
#include "sync/sync_worker.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

using namespace fangsiang;

namespace fs = std::filesystem;
using namespace fangsiang::sync;

struct KioskSyncCommands {
    CLI::App* enrol = nullptr;  // the CLI says "enroll"
    CLI::App* sync = nullptr;
    CLI::App* recover = nullptr;
    CLI::App* exportCmd = nullptr;
    CLI::App* ticket = nullptr;
    fs::path dataDir = "data";
    std::string url, code, fingerprint, label;
    bool loop = false;
    double intervalSeconds = 60;
    double backoffBaseSeconds = 2;
    double backoffCapSeconds = 300;
    std::size_t batch = 250;
    bool noPull = false;
    fs::path exportDir;
    std::string ticketId;
    std::string caFile;
};

namespace {

std::atomic<bool> g_stop{false};
extern "C" void onStopSignal(int) { g_stop = true; }

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-kiosk: %s\n", message.c_str());
    return 1;
}

}  // namespace

// [SECTION] What the CLI and the staff menu both run

namespace fangsiang {

core::Result<std::string> enrolTerminal(const fs::path& dataDir, const std::string& url, const std::string& code,
                                        const sync::EnrolOptions& options) {
    const auto pins = TRY(sync::enrol(dataDir, url, code, options));
    char line[512];
    std::snprintf(line, sizeof line, "enrolled with %s: office %s (%s), device number %u, hub key %s pinned in %s",
                  pins.hubUrl.c_str(), pins.officeName.c_str(), pins.officeCode.c_str(), pins.deviceNumber,
                  core::keyFingerprint(pins.hubSigningKey).c_str(), (dataDir / kiosk::kHubPinsFile).c_str());
    return std::string(line);
}

core::Result<SyncOnceReport> syncOnce(const fs::path& dataDir, const sync::ClientOptions& client, bool pull) {
    auto opened = TRY(sync::SyncClient::open(dataDir, client));
    SyncOnceReport report;
    auto pushed = opened.push();
    // A store that takes no records sends nothing, but content and
    // tickets still come down; the caller is told, with why.
    auto standing = opened.store().standing();
    report.storeWaits = !pushed && standing && !standing->takesRecords();
    if (!pushed && !report.storeWaits)
        return core::makeError(pushed.error().code, "push: " + pushed.error().message);
    char line[512];
    if (report.storeWaits)
        report.pushed = "nothing pushed: " + pushed.error().message;
    else if (pushed->sent == 0)
        report.pushed = "nothing to push: the hub has every record of this device";
    else {
        std::snprintf(line, sizeof line,
                      "pushed %llu records in %llu batches: %llu new at the hub, %llu already there, %llu set aside; "
                      "hub holds up to %llu",
                      static_cast<unsigned long long>(pushed->sent), static_cast<unsigned long long>(pushed->batches),
                      static_cast<unsigned long long>(pushed->accepted),
                      static_cast<unsigned long long>(pushed->duplicates),
                      static_cast<unsigned long long>(pushed->quarantined), static_cast<unsigned long long>(pushed->held));
        report.pushed = line;
    }
    if (pull) {
        auto pulled = opened.pull();
        if (!pulled)
            return core::makeError(pulled.error().code, "pull: " + pulled.error().message);
        std::snprintf(line, sizeof line, "content version %llu%s; %zu ticket updates",
                      static_cast<unsigned long long>(pulled->contentVersion), pulled->contentChanged ? " (new)" : "",
                      pulled->ticketUpdates);
        report.pulled = line;
    }
    return report;
}

core::Result<std::string> exportRecords(const fs::path& dataDir, const fs::path& folder) {
    const auto report = TRY(sync::exportOutbox(dataDir, folder));
    char line[1024];
    std::snprintf(line, sizeof line,
                  "exported records %llu to %llu (%llu records) to %s; they stay queued until the hub acknowledges them",
                  static_cast<unsigned long long>(report.firstSequence), static_cast<unsigned long long>(report.lastSequence),
                  static_cast<unsigned long long>(report.records), report.file.c_str());
    return std::string(line);
}

}  // namespace fangsiang

namespace {

int runEnrol(const KioskSyncCommands& c) {
    EnrolOptions options;
    options.fingerprint = c.fingerprint;
    options.label = c.label;
    options.http.caFile = c.caFile;
    auto words = enrolTerminal(c.dataDir, c.url, c.code, options);
    if (!words)
        return fail(words.error().message);
    std::printf("%s\n", words->c_str());
    return 0;
}

void printState(const SyncState& s) {
    std::printf("sync: %llu waiting, %llu set aside, hub holds up to %llu, content version %llu%s%s\n",
                static_cast<unsigned long long>(s.queued), static_cast<unsigned long long>(s.quarantined),
                static_cast<unsigned long long>(s.acknowledgedUpTo), static_cast<unsigned long long>(s.contentVersion),
                s.lastError.empty() ? "" : "; last problem: ", s.lastError.c_str());
    if (s.chain == kiosk::ChainState::Lost)
        std::printf("sync: this kiosk lost its record store: the hub holds %llu records from it; it takes no record "
                    "until the IT person runs `fangsiang-kiosk recover`\n",
                    static_cast<unsigned long long>(s.hubHeld));
    else if (s.chain == kiosk::ChainState::Unanchored)
        std::printf("sync: this kiosk's record store is new: it takes no record until the hub has said how many it "
                    "holds from it\n");
    std::fflush(stdout);
}

int runSync(const KioskSyncCommands& c) {
    ClientOptions client;
    client.batchRecords = c.batch;
    client.http.caFile = c.caFile;
    if (!c.loop) {
        auto report = syncOnce(c.dataDir, client, !c.noPull);
        if (!report)
            return fail(report.error().message);
        if (report->storeWaits)
            std::fprintf(stderr, "fangsiang-kiosk: %s\n", report->pushed.c_str());
        else
            std::printf("%s\n", report->pushed.c_str());
        if (!report->pulled.empty())
            std::printf("%s\n", report->pulled.c_str());
        return report->storeWaits ? 1 : 0;
    }
    // The loop: the background worker a kiosk runs, until SIGINT/SIGTERM.
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    WorkerOptions options;
    options.client = client;
    options.pull = !c.noPull;
    options.interval = std::chrono::milliseconds(static_cast<long>(c.intervalSeconds * 1000));
    options.backoffBase = std::chrono::milliseconds(static_cast<long>(c.backoffBaseSeconds * 1000));
    options.backoffCap = std::chrono::milliseconds(static_cast<long>(c.backoffCapSeconds * 1000));
    SyncWorker worker(c.dataDir, options);
    worker.start();
    std::int64_t shown = -1;
    while (!g_stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        SyncState s = worker.state();
        if (s.lastAttemptMs != shown && !s.running) {
            shown = s.lastAttemptMs;
            printState(s);
        }
    }
    worker.stop();
    return 0;
}

int runRecover(const KioskSyncCommands& c) {
    ClientOptions client;
    client.http.caFile = c.caFile;
    auto opened = SyncClient::open(c.dataDir, client);
    if (!opened)
        return fail(opened.error().message);
    auto report = opened->recover();
    if (!report)
        return fail("recover: " + report.error().message);
    if (!report->recovered) {
        if (report->found == kiosk::ChainState::Unanchored)
            std::printf("nothing was lost: the hub holds no records of this device; the store starts the chain\n");
        else
            std::printf("nothing to recover: this store and the hub agree (the hub holds up to %llu, this store up to "
                        "%llu)\n",
                        static_cast<unsigned long long>(report->hubHeld),
                        static_cast<unsigned long long>(report->localHead));
        return 0;
    }
    std::printf("recovered: the hub holds this device's records up to %llu, this store held up to %llu. The loss is "
                "recorded at the hub as an incident. New records continue at %llu",
                static_cast<unsigned long long>(report->hubHeld), static_cast<unsigned long long>(report->localHead),
                static_cast<unsigned long long>(report->resumeAfter + 1));
    if (report->resumeAfter > report->hubHeld)
        std::printf(" (%llu to %llu are skipped: this kiosk may have given them out, and no ticket number is given "
                    "twice)",
                    static_cast<unsigned long long>(report->hubHeld + 1),
                    static_cast<unsigned long long>(report->resumeAfter));
    std::printf(".\n");
    return 0;
}

int runExport(const KioskSyncCommands& c) {
    auto words = exportRecords(c.dataDir, c.exportDir);
    if (!words)
        return fail(words.error().message);
    std::printf("%s\n", words->c_str());
    return 0;
}

int runTicket(const KioskSyncCommands& c) {
    // Ticket status needs no key, but a folder that has lost its key is
    // told so here too rather than answering as if all were well.
    if (auto identity = kiosk::checkDeviceIdentity(c.dataDir); !identity)
        return fail(identity.error().message);
    auto found = lookupTicket(c.dataDir, c.ticketId);
    if (!found)
        return fail(found.error().message);
    if (!found->has_value()) {
        std::printf("ticket %s: no news from the office yet\n", c.ticketId.c_str());
        return 0;
    }
    std::printf("ticket %s: %s%s%s\n", c.ticketId.c_str(), ticketStatusName((*found)->status),
                (*found)->reply.empty() ? "" : " - ", (*found)->reply.c_str());
    return 0;
}

}  // namespace

std::shared_ptr<KioskSyncCommands> registerSyncCommands(CLI::App& app) {
    auto c = std::make_shared<KioskSyncCommands>();
    c->enrol = app.add_subcommand("enroll", "enrol this device with a hub");
    c->enrol->add_option("URL", c->url, "the hub's address, e.g. https://hub.example.go.th")->required();
    c->enrol->add_option("CODE", c->code, "the one-time enrolment code")->required();
    c->enrol->add_option("--fingerprint", c->fingerprint, "the hub fingerprint printed with the code");
    c->enrol->add_option("--label", c->label, "a name for this device at the hub");
    c->enrol->add_option("--data", c->dataDir, "data folder");
    c->enrol->add_option("--ca", c->caFile, "CA certificate to trust for a hub with its own certificate");

    c->sync = app.add_subcommand("sync", "push records and pull content and ticket status");
    c->sync->add_option("--data", c->dataDir, "data folder");
    c->sync->add_flag("--loop", c->loop, "keep syncing in the background until stopped");
    c->sync->add_option("--interval", c->intervalSeconds, "seconds between passes in a loop");
    c->sync->add_option("--backoff-base", c->backoffBaseSeconds, "first retry delay in seconds");
    c->sync->add_option("--backoff-cap", c->backoffCapSeconds, "longest retry delay in seconds");
    c->sync->add_option("--batch", c->batch, "records per batch")->check(CLI::Range(1, 1000));
    c->sync->add_flag("--no-pull", c->noPull, "only push");
    c->sync->add_option("--ca", c->caFile, "CA certificate to trust for a hub with its own certificate");

    c->recover = app.add_subcommand("recover", "resume the chain after this kiosk lost its record store");
    c->recover->add_option("--data", c->dataDir, "data folder");
    c->recover->add_option("--ca", c->caFile, "CA certificate to trust for a hub with its own certificate");

    c->exportCmd = app.add_subcommand("export", "write unacknowledged records to a file for a USB stick");
    c->exportCmd->add_option("--to", c->exportDir, "folder to write the file in")->required();
    c->exportCmd->add_option("--data", c->dataDir, "data folder");

    c->ticket = app.add_subcommand("ticket", "show a ticket's status as last pulled");
    c->ticket->add_option("ID", c->ticketId, "ticket number, e.g. 6340105-1-42-7")->required();
    c->ticket->add_option("--data", c->dataDir, "data folder");
    return c;
}

std::optional<int> runSyncCommands(KioskSyncCommands& c) {
    if (!*c.enrol && !*c.sync && !*c.recover && !*c.exportCmd && !*c.ticket)
        return std::nullopt;
    if (auto ok = core::sodiumInit(); !ok)
        return fail(ok.error().message);
    if (*c.enrol)
        return runEnrol(c);
    if (*c.sync)
        return runSync(c);
    if (*c.recover)
        return runRecover(c);
    if (*c.exportCmd)
        return runExport(c);
    return runTicket(c);
}
