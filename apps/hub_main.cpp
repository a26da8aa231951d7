// fangsiang-hub: the central server's entry point.
//
//   init                       make the hub's keys (0600) and its store (the only command that makes one)
//   check                      re-verify every record, chain and content version in the store
//   serve                      answer kiosks over HTTP (TLS with --cert/--key)
//   enroll --office CODE       print a one-time enrolment code and its QR code
//   device list | revoke ID    see and revoke enrolled devices
//   import FILE                ingest a USB export with every online check
//   publish DIR [--office C]   sign and publish DIR/*.json as the next content (one office's, or every office's)
//   ticket ID --status S       move a complaint's case on (hub_case_commands.hpp; case policy, case template)
//   tickets                    list complaint tickets
//   stats                      counts, as JSON, for scripts
//   backup --to DIR | restore --from FOLDER   backups while serving, and their restore (hub_backup_commands.hpp)
//   office | unit | user ...   offices' names, units and officers' accounts (hub_officer_commands.hpp)
//   webhook add | list | remove | deliveries   other systems told of cases (hub_webhook_commands.hpp)
//   apikey add | list | revoke Open311 partners' keys (hub_apikey_commands.hpp)

#include "hub_apikey_commands.hpp"
#include "hub_backup_commands.hpp"
#include "hub_case_commands.hpp"
#include "hub_officer_commands.hpp"
#include "hub_report_commands.hpp"
#include "hub_webhook_commands.hpp"

#include "hub/dashboard_files.hpp"
#include "hub/keys.hpp"
#include "hub/officers.hpp"
#include "hub/server.hpp"
#include "hub/service.hpp"
#include "hub/storage.hpp"
#include "hub/store_check.hpp"
#include "hub/webhook_sender.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/service_notify.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <qrencode.h>

#include <malloc.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

using namespace fangsiang;

namespace fs = std::filesystem;
using namespace fangsiang::sync;
using namespace fangsiang::hub;
using core::Error;

namespace {

constexpr const char* kStoreFile = "hub.db";
// Where `init --db` leaves the PostgreSQL URL for the other commands (0600:
// the URL may carry a password).
constexpr const char* kDatabaseUrlFile = "database.url";
constexpr const char* kAdminTokenFile = "admin.token";

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}
int fail(const Error& error) { return fail(error.message); }

struct Hub {
    HubKeys keys;
    std::unique_ptr<HubStorage> storage;
    std::unique_ptr<HubService> service;
};

// Which store the hub uses: `--db` (or FANGSIANG_HUB_DB) when given, else
// the URL `init --db` left in the folder, else the folder's SQLite file.
struct StoreChoice {
    std::string url;  // a PostgreSQL URL; empty for SQLite
    fs::path sqlite;
    // How messages name it: the file, or the URL without its password.
    [[nodiscard]] std::string name() const { return url.empty() ? sqlite.string() : redactedDatabaseUrl(url); }
};

core::Result<StoreChoice> chooseStore(const fs::path& dir, const std::string& db) {
    StoreChoice choice{db, dir / kStoreFile};
    std::error_code ec;
    if (choice.url.empty() && fs::exists(dir / kDatabaseUrlFile, ec)) {
        TRY(core::checkPrivateFile(dir / kDatabaseUrlFile));
        auto text = TRY(core::readFile(dir / kDatabaseUrlFile, 4096));
        choice.url.assign(text.begin(), text.end());
        while (!choice.url.empty() && std::isspace(static_cast<unsigned char>(choice.url.back())))
            choice.url.pop_back();
    }
    if (!choice.url.empty() && !isPostgresUrl(choice.url))
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "--db takes a PostgreSQL URL (postgresql://user@host/database); without it the hub "
                               "keeps its SQLite store in its folder");
    return choice;
}

// Every command but `init` opens the hub through here: the keys, then the
// store, checked before anything reads or serves it (SQLite's quick_check,
// its identity and version in openSqliteHubStorage, PostgreSQL's schema
// table in openPostgresHubStorage; each device's head record and the latest
// content here). A store that fails is refused with what to do, never
// served, replaced or made anew.
core::Result<Hub> openHub(const fs::path& dir, const std::string& db, CheckDepth depth) {
    auto keys = TRY(loadHubKeys(dir));
    const StoreChoice store = TRY(chooseStore(dir, db));
    auto storage = store.url.empty() ? TRY(openSqliteHubStorage(store.sqlite)) : TRY(openPostgresHubStorage(store.url));
    if (depth == CheckDepth::Heads)
        TRY(requireSoundStore(*storage, keys, store.name()));
    return Hub{std::move(keys), std::move(storage), nullptr};
}

// `fangsiang-hub init`: keys first, then the store, in a folder that has
// neither; a hub that has keys keeps them, and a hub whose store is gone
// gets it back from a backup, never a new empty one.
int initHub(const fs::path& dir, const std::string& db) {
    const fs::path store = dir / kStoreFile;
    std::error_code ec;
    const bool hasKeys = fs::exists(dir / kHubSigningKeyFile, ec) || fs::exists(dir / kHubBoxKeyFile, ec);
    if (!db.empty()) {
        if (!isPostgresUrl(db))
            return fail("--db takes a PostgreSQL URL (postgresql://user@host/database)");
        if (hasKeys || fs::exists(dir / kDatabaseUrlFile, ec))
            return fail("this hub has been set up (its keys or database.url are in " + dir.string() +
                        "); init never makes a new store for a hub whose keys enrolled devices trust");
    }
    if (db.empty() && fs::exists(fs::symlink_status(store, ec)))
        return fail(store.string() + " exists already: this hub has been set up, and init never replaces a store" +
                    (hasKeys ? "" : " (its keys are missing: restore them from the backup)"));
    if (hasKeys)
        return fail("this hub has been set up (its keys are in " + dir.string() + ") but its store " + store.string() +
                    " is missing: restore hub.db from the latest backup. init never makes a new store for a hub "
                    "whose keys enrolled devices trust");
    // PostgreSQL: the store first, so a database that is not empty (or not
    // reachable) leaves the folder as it was.
    std::unique_ptr<HubStorage> pgStorage;
    if (!db.empty()) {
        auto made = createPostgresHubStorage(db);
        if (!made)
            return fail(made.error());
        pgStorage = std::move(*made);
        if (auto d = core::ensureDirectory(dir, 0700); !d)
            return fail(d.error());
        if (auto w = core::writeFileAtomically(dir / kDatabaseUrlFile, core::asBytes(db + "\n"), 0600); !w)
            return fail(w.error());
    }
    auto keys = createHubKeys(dir);
    if (!keys)
        return fail(keys.error());
    // The token for the bearer-token admin lists (scripts); officers sign in
    // to their own accounts (docs/API.md).
    std::array<std::uint8_t, 24> raw{};
    core::randomBytes(raw);
    std::string token = core::toHex(raw);
    core::wipe(raw);
    if (auto w = core::writeFileAtomically(dir / kAdminTokenFile, core::asBytes(token), 0600); !w)
        return fail(w.error());
    core::wipe(token);
    if (db.empty()) {
        auto storage = createSqliteHubStorage(store);
        if (!storage)
            return fail(storage.error());
    }
    std::printf("hub keys made in %s\n  signing key %s\n  fingerprint %s\n", dir.c_str(),
                core::toHex(keys->signing.publicKey).c_str(), core::keyFingerprint(keys->signing.publicKey).c_str());
    std::printf("next, the first administrator (docs/API.md):\n"
                "  fangsiang-hub --dir %s office set CODE --name-th NAME\n"
                "  fangsiang-hub --dir %s user add USERNAME --name NAME --role admin --office CODE\n",
                dir.c_str(), dir.c_str());
    return 0;
}

// `fangsiang-hub check`: everything the store holds, re-verified.
int checkHub(const fs::path& dir, const std::string& db) {
    auto hub = openHub(dir, db, CheckDepth::Full);
    if (!hub)
        return fail(hub.error());
    const std::string name = chooseStore(dir, db).value().name();  // openHub has made the same choice
    auto report = checkHubStore(*hub->storage, hub->keys, CheckDepth::Full);
    if (!report)
        return fail(report.error());
    for (const auto& problem : report->problems)
        std::printf("problem: %s\n", problem.c_str());
    std::printf("%s: %llu devices, %llu records and %llu content versions verified; %s\n",
                name.c_str(), static_cast<unsigned long long>(report->devices),
                static_cast<unsigned long long>(report->recordsVerified),
                static_cast<unsigned long long>(report->bundlesVerified),
                report->ok() ? "the store is sound"
                             : (std::to_string(report->problems.size()) +
                                " problem(s): stop the hub and restore its store from the latest backup")
                                   .c_str());
    return report->ok() ? 0 : 1;
}

std::string partRange(std::uint32_t from, std::uint32_t to) {
    return from == to ? "part " + std::to_string(from) : "parts " + std::to_string(from) + " to " + std::to_string(to);
}

// `fangsiang-hub import FILE`: part by part, saying exactly what was kept.
int importExport(HubService& service, const fs::path& file) {
    std::uint32_t cleanParts = 0;       // parts stored whole, from the first
    std::optional<ImportedPart> last;   // the part that stopped the import, if one did
    std::string device;
    std::uint64_t held = 0;
    auto printed = service.importFile(file, [&](const ImportedPart& part) {
        const std::string which = "part " + std::to_string(part.index) + " of " + std::to_string(part.of);
        if (part.refused) {
            std::printf("  %s refused: %s: %s; nothing from it was stored\n", which.c_str(),
                        errorCodeWireName(part.refused->code), part.refused->message.c_str());
        } else {
            device = core::toHex(part.ack->device).substr(0, 16);
            held = part.ack->held;
            std::printf("  %s: %u records stored, %u already held; device %s: the hub holds its records up to %llu\n",
                        which.c_str(), part.ack->accepted, part.ack->duplicates, device.c_str(),
                        static_cast<unsigned long long>(held));
            for (const auto& v : part.ack->refused)
                std::printf("    record %llu refused: %s: %s\n", static_cast<unsigned long long>(v.sequence),
                            errorCodeWireName(v.code), v.message.c_str());
        }
        if (part.stops())
            last = part;
        else if (part.ack && part.ack->refused.empty())
            ++cleanParts;
        std::fflush(stdout);
    });
    if (!printed) {
        if (last || cleanParts > 0)
            return fail(file.string() + ": the hub stopped: " + printed.error().message + ". What is listed above as "
                        "stored stays stored; the same import later goes on from there");
        return fail(file.string() + ": " + printed.error().message + "; nothing from it was stored");
    }
    const ImportSummary& s = *printed;
    std::string kept = s.accepted + s.duplicates == 0 ? "nothing from it was stored"
                                                      : std::to_string(s.accepted) + " records stored, " +
                                                            std::to_string(s.duplicates) + " already held";
    if (s.parts == 0) {
        std::printf("%s holds no records\n", file.filename().c_str());
        return 0;
    }
    if (s.clean()) {
        std::printf("imported %s: all %u parts; %s; the hub holds device %s's records up to %llu\n",
                    file.filename().c_str(), s.parts, kept.c_str(), device.c_str(),
                    static_cast<unsigned long long>(held));
        return 0;
    }
    std::string story = "imported " + file.filename().string() + " in part: " + kept;
    if (last) {
        const std::uint32_t k = last->index;
        if (last->refused)
            story += "; part " + std::to_string(k) + " refused";
        else
            story += "; part " + std::to_string(k) + " stored up to record " + std::to_string(last->ack->held) +
                     ", then a record was refused";
        if (k < s.parts)
            story += "; " + partRange(k + 1, s.parts) + " not read";
        story += last->refused ? "; nothing from part " + std::to_string(k) + " on was stored"
                               : "; nothing after record " + std::to_string(last->ack->held) + " of device " + device +
                                     " was stored";
    } else {
        story += "; " + std::to_string(s.refusedRecords) + " records refused (listed above), the others stored";
    }
    std::printf("%s\n", story.c_str());
    return 2;
}

// The service refers to the keys and storage; made once the Hub has its
// final address.
HubService& serviceOf(Hub& hub) {
    if (!hub.service)
        hub.service = std::make_unique<HubService>(*hub.storage, hub.keys);
    return *hub.service;
}

// Draws a QR code with Unicode half blocks: two modules per character row,
// dark on a light quiet zone, readable by a phone from a terminal.
void printQr(const std::string& text) {
    QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        std::printf("(the QR code could not be drawn)\n");
        return;
    }
    const int n = qr->width, quiet = 2;
    auto dark = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= n || y >= n)
            return false;
        return (qr->data[y * n + x] & 1) != 0;
    };
    for (int y = -quiet; y < n + quiet; y += 2) {
        std::string line;
        for (int x = -quiet; x < n + quiet; ++x) {
            bool top = dark(x, y), bottom = dark(x, y + 1);
            // Light modules are drawn, dark ones left blank: right for a
            // dark terminal background, the usual case.
            line += !top && !bottom ? "\u2588" : !top ? "\u2580" : !bottom ? "\u2584" : " ";
        }
        std::printf("%s\n", line.c_str());
    }
    QRcode_free(qr);
}

core::Result<core::PublicKey> resolveDevice(HubStorage& storage, const std::string& id) {
    std::optional<core::PublicKey> found;
    for (const auto& d : TRY(storage.listDevices())) {
        if (core::toHex(d.key).rfind(id, 0) == 0) {
            if (found)
                return core::makeError(core::ErrorCode::InvalidArgument, "\"" + id + "\" matches more than one device");
            found = d.key;
        }
    }
    if (!found || id.size() < 4)
        return core::makeError(core::ErrorCode::NotFound, "no device matches \"" + id + "\" (give at least 4 hex digits)");
    return *found;
}

std::atomic<HubServer*> g_server{nullptr};

// The dashboard folder `serve` uses: the one asked for (which must hold a
// built dashboard), else the one beside the program or installed, else none.
core::Result<std::string> dashboardFolder(const std::string& asked) {
    if (!asked.empty()) {
        std::error_code ec;
        if (!fs::is_regular_file(fs::path(asked) / "index.html", ec))
            return core::makeError(core::ErrorCode::NotFound,
                                   "the dashboard folder " + asked + " has no index.html (build it with cmake --build)");
        return asked;
    }
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        return std::string();
    auto found = findDashboard(self.parent_path());
    return found ? found->string() : std::string();
}

}  // namespace

int main(int argc, char** argv) {
    // Every file and folder this program makes is its own alone. The code
    // sets each one's mode itself; this is the second line, for anything a
    // library creates behind its back.
    ::umask(077);
    CLI::App app{"fangsiang-hub: the Fangsiang central server", "fangsiang-hub"};
    app.require_subcommand(1);
    fs::path dir = "hub-data";
    app.add_option("--dir", dir, "the hub's folder (keys, store)")->capture_default_str();
    // The URL may carry a password: give it in FANGSIANG_HUB_DB (the
    // service's 0600 hub.conf) or once to `init --db`, which keeps it in the
    // folder's database.url (0600); it is never printed.
    std::string db;
    app.add_option("--db", db, "a PostgreSQL store, postgresql://user@host/database (default: SQLite in --dir)")
        ->envname("FANGSIANG_HUB_DB");

    auto* init = app.add_subcommand("init", "make the hub's keys and store");
    auto* check = app.add_subcommand("check", "re-verify every record, chain and content version in the store");

    auto* serve = app.add_subcommand("serve", "answer kiosks over HTTP");
    HubServerOptions serverOptions;
    std::string portFile;
    // Each setting may come from the environment too: fangsiang-hub.service
    // reads them from /etc/fangsiang/hub.conf. A flag wins over its variable.
    serve->add_option("--listen", serverOptions.host, "address to listen on")
        ->envname("FANGSIANG_HUB_LISTEN")
        ->capture_default_str();
    serve->add_option("--port", serverOptions.port, "port (0: any free port)")
        ->envname("FANGSIANG_HUB_PORT")
        ->capture_default_str();
    serve->add_option("--cert", serverOptions.certFile, "TLS certificate (PEM)")->envname("FANGSIANG_HUB_CERT");
    serve->add_option("--key", serverOptions.keyFile, "TLS private key (PEM)")->envname("FANGSIANG_HUB_KEY");
    serve->add_option("--port-file", portFile, "write the port listened on to this file");
    serve->add_option("--threads", serverOptions.threads, "connections served at once")
        ->envname("FANGSIANG_HUB_THREADS")
        ->capture_default_str();
    serve->add_option("--dashboard", serverOptions.dashboardDir,
                      "the built web dashboard (default: the one beside the program, or installed)")
        ->envname("FANGSIANG_HUB_DASHBOARD");
    serve->add_option("--fonts", serverOptions.fontsDir, "the dashboard's Thai web fonts (fonts-thai-tlwg-web)")
        ->envname("FANGSIANG_HUB_FONTS")
        ->capture_default_str();

    auto* enrol = app.add_subcommand("enroll", "print a one-time enrolment code");
    std::string office, officeName, hubUrl;
    int ttlMinutes = 30;
    enrol->add_option("--office", office, "the office's code (5-10 digits)")->required();
    enrol->add_option("--name", officeName, "the office's name (needed the first time)");
    enrol->add_option("--ttl", ttlMinutes, "minutes the code stays valid")->capture_default_str();
    enrol->add_option("--url", hubUrl, "the hub's address as kiosks reach it (for the QR code)");

    auto* device = app.add_subcommand("device", "enrolled devices");
    device->require_subcommand(1);
    auto* deviceList = device->add_subcommand("list", "list enrolled devices");
    auto* deviceRevoke = device->add_subcommand("revoke", "refuse a device from now on");
    std::string deviceId;
    deviceRevoke->add_option("ID", deviceId, "device id or its first hex digits")->required();

    auto* import = app.add_subcommand("import", "ingest a USB export file");
    fs::path importFile;
    import->add_option("FILE", importFile)->required();

    auto* publish = app.add_subcommand("publish", "sign and publish content");
    fs::path contentDir;
    publish->add_option("DIR", contentDir, "folder of .json files (and XLSForm surveys, surveys/*.xlsx)")->required();
    std::string publishOffice;
    publish->add_option("--office", publishOffice, "for this office's kiosks only (default: every office)");

    auto* tickets = app.add_subcommand("tickets", "list complaint tickets, latest first");
    auto* stats = app.add_subcommand("stats", "counts as JSON");
    auto officerCommands = registerOfficerCommands(app);
    auto reportCommands = registerReportCommands(app);
    auto caseCommands = registerCaseCommands(app);
    auto backupCommands = registerBackupCommands(app);
    auto webhookCommands = registerWebhookCommands(app);
    auto apiKeyCommands = registerApiKeyCommands(app);

    CLI11_PARSE(app, argc, argv);
    if (auto ok = core::sodiumInit(); !ok)
        return fail(ok.error());

    if (*init)
        return initHub(dir, db);
    if (*check)
        return checkHub(dir, db);
    if (restoreChosen(*backupCommands))
        return runRestore(*backupCommands, dir, db);

    auto hub = openHub(dir, db, CheckDepth::Heads);
    if (!hub)
        return fail(hub.error());
    HubService& service = serviceOf(*hub);
    if (officerCommandChosen(*officerCommands))
        return runOfficerCommands(*officerCommands, *hub->storage);
    if (reportCommandChosen(*reportCommands))
        return runReportCommands(*reportCommands, *hub->storage);
    if (caseCommandChosen(*caseCommands))
        return runCaseCommands(*caseCommands, *hub->storage);
    if (backupChosen(*backupCommands))
        return runBackup(*backupCommands, *hub->storage, hub->keys, dir, chooseStore(dir, db).value().name());
    if (webhookCommandChosen(*webhookCommands))
        return runWebhookCommands(*webhookCommands, *hub->storage, hub->keys);
    if (apiKeyCommandChosen(*apiKeyCommands))
        return runApiKeyCommands(*apiKeyCommands, *hub->storage);

    if (*serve) {
        if (auto token = core::readFile(dir / kAdminTokenFile, 256); token) {
            if (auto priv = core::checkPrivateFile(dir / kAdminTokenFile); !priv)
                return fail(priv.error());
            serverOptions.adminToken.assign(token->begin(), token->end());
        }
        if (auto found = dashboardFolder(serverOptions.dashboardDir); !found)
            return fail(found.error());
        else
            serverOptions.dashboardDir = *found;
        // Signals are taken by a helper thread that stops the server cleanly.
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, nullptr);
        std::signal(SIGPIPE, SIG_IGN);
        // Request bodies and decompressed batches are large and short-lived:
        // from 1 MiB up they get pages of their own, returned to the system
        // when freed, so a burst of big pushes does not leave the hub large.
        mallopt(M_MMAP_THRESHOLD, 1 << 20);
        OfficerService officers(*hub->storage);
        CaseService cases(*hub->storage, &hub->keys);
        HubServer server(service, serverOptions, &officers, &cases);
        g_server = &server;
        std::thread waiter([set] {
            int sig = 0;
            sigwait(&set, &sig);
            if (HubServer* s = g_server.load(); s && sig != 0)
                s->stop();
        });
        // A failure before serving stops the server and the signal thread
        // (a thread still joinable at return would abort the program).
        auto giveUp = [&](const Error& error) {
            server.stop();
            pthread_kill(waiter.native_handle(), SIGTERM);
            waiter.join();
            g_server = nullptr;
            return fail(error);
        };
        if (auto started = server.start(); !started)
            return giveUp(started.error());
        // The offices' webhooks are sent from the store's outbox while the hub serves.
        WebhookSender webhooks(*hub->storage, hub->keys);
        webhooks.start();
        if (!portFile.empty()) {
            std::string port = std::to_string(server.port()) + "\n";
            if (auto w = core::writeFileAtomically(portFile, core::asBytes(port)); !w)
                return giveUp(w.error());
        }
        std::printf("fangsiang-hub: serving on %s (protocol %d), signing key %s\n", server.url().c_str(),
                    kProtocolVersion, core::keyFingerprint(hub->keys.signing.publicKey).c_str());
        if (!serverOptions.dashboardDir.empty())
            std::printf("fangsiang-hub: the officers' dashboard is at %s/ (files from %s)\n", server.url().c_str(),
                        serverOptions.dashboardDir.c_str());
        else
            std::printf("fangsiang-hub: no built dashboard found beside the program; the web pages are off "
                        "(--dashboard DIR)\n");
        std::fflush(stdout);
        // Under systemd (Type=notify): ready now, and a watchdog ping only
        // while the hub answers its own health check, so a hub that hangs
        // is restarted rather than left holding the office's port.
        core::ServiceNotifier notifier = core::ServiceNotifier::fromEnvironment();
        notifier.ready("serving on " + server.url());
        std::atomic<bool> serving{true};
        std::thread watchdog;
        if (notifier.watchdogInterval().count() > 0)
            watchdog = std::thread([&] {
                const auto every = std::chrono::duration_cast<std::chrono::milliseconds>(notifier.watchdogInterval()) / 2;
                while (serving) {
                    for (auto slept = std::chrono::milliseconds(0); serving && slept < every;
                         slept += std::chrono::milliseconds(100))
                        std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    if (!serving)
                        break;
                    if (server.answersHealth(every))
                        notifier.watchdog();
                    else
                        std::fprintf(stderr, "fangsiang-hub: the hub did not answer its own health check; "
                                             "no watchdog ping\n");
                }
            });
        waiter.join();
        notifier.stopping();
        serving = false;
        if (watchdog.joinable())
            watchdog.join();
        webhooks.stop();
        server.stop();
        g_server = nullptr;
        std::printf("fangsiang-hub: stopped\n");
        return 0;
    }

    if (*enrol) {
        auto code = service.createEnrolmentCode(office, officeName, std::chrono::minutes(ttlMinutes));
        if (!code)
            return fail(code.error());
        std::printf("Enrolment code for %s (%s)\n\n    %s\n\nvalid until %s, once\nhub fingerprint %s\n",
                    code->office.name.c_str(), code->office.code.c_str(), code->code.c_str(),
                    core::utcText(code->expiresAtMs).c_str(), code->hubFingerprint.c_str());
        std::printf("on the kiosk: fangsiang-kiosk enroll %s %s --fingerprint %s\n\n",
                    hubUrl.empty() ? "<hub address>" : hubUrl.c_str(), code->code.c_str(),
                    code->hubFingerprint.c_str());
        std::string qr = "FSENROL1:" + code->code + ":" + code->hubFingerprint + (hubUrl.empty() ? "" : ":" + hubUrl);
        printQr(qr);
        return 0;
    }

    if (*deviceList) {
        auto devices = hub->storage->listDevices();
        if (!devices)
            return fail(devices.error());
        std::printf("%-16s %-10s %5s %-8s %8s  %s\n", "device", "office", "no.", "state", "held", "label");
        for (const auto& d : *devices)
            std::printf("%-16s %-10s %5u %-8s %8llu  %s\n", core::toHex(d.key).substr(0, 16).c_str(),
                        d.officeCode.c_str(), d.number, d.revokedAtMs ? "revoked" : "active",
                        static_cast<unsigned long long>(d.head.sequence), d.label.c_str());
        return 0;
    }

    if (*deviceRevoke) {
        auto key = resolveDevice(*hub->storage, deviceId);
        if (!key)
            return fail(key.error());
        auto revoked = hub->storage->revokeDevice(*key, core::wallClockMs());
        if (!revoked)
            return fail(revoked.error());
        std::printf("device %s revoked: its requests are refused from now on\n", core::toHex(*key).substr(0, 16).c_str());
        return 0;
    }

    if (*import)
        return importExport(service, importFile);

    if (*publish) {
        auto version = service.publish(contentDir, publishOffice);
        if (!version)
            return fail(version.error());
        std::printf("published content version %llu from %s\n", static_cast<unsigned long long>(*version),
                    contentDir.c_str());
        return 0;
    }

    if (*tickets) {
        auto list = hub->storage->listTickets(50);
        if (!list)
            return fail(list.error());
        // Filed: when the citizen filed it, or when the hub received it if
        // the kiosk's clock was wrong (docs/PROTOCOL.md).
        for (const auto& t : *list)
            std::printf("%-20s %-12s filed %s, updated %s %s\n", t.id.c_str(), ticketStatusName(t.status),
                        core::utcText(t.filedAtMs).c_str(), core::utcText(t.updatedAtMs).c_str(), t.reply.c_str());
        return 0;
    }

    if (*stats) {
        auto records = hub->storage->recordCount();
        auto conflicts = hub->storage->conflictCount();
        auto devices = hub->storage->listDevices();
        auto incidents = hub->storage->incidents(100000);
        if (!records || !conflicts || !devices || !incidents)
            return fail("the store could not be read");
        nlohmann::json j = {{"records", *records},
                            {"conflicts", *conflicts},
                            {"devices", devices->size()},
                            {"incidents", incidents->size()}};
        std::printf("%s\n", j.dump().c_str());
        return 0;
    }
    return 0;
}
