// fangsiang-kiosk: the terminal's entry point.
//
//   run --config FILE   the counter kiosk, full screen (or --windowed)
//   demo                the demo office's kiosk: in a window where there is a
//                       display; without one, a scripted walk through a
//                       complaint and a survey that saves every screen as PNG
//   store-demo          the record store end to end, on the command line
//   print-test --config FILE   a test page on the configured receipt printer
//   enroll, sync, recover, export, ticket   (kiosk_sync_commands.cpp)

#include "kiosk_app.hpp"
#include "kiosk_config.hpp"
#include "kiosk_demo.hpp"
#include "kiosk_field_demo.hpp"
#include "kiosk_sync_commands.hpp"
#include "kiosk_terminal.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"
#include "core/record.hpp"
#include "kiosk/device_folder.hpp"
#include "kiosk/hub_pins.hpp"
#include "kiosk/store.hpp"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;

namespace {

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
        TRY(checkPrivateFile(file));
        std::copy_n(raw->begin(), 32, pair.publicKey.begin());
        std::copy_n(raw->begin() + 32, 32, pair.secretKey.data());
        return pair;
    }
    pair = randomBoxKeyPair();
    Bytes both(pair.publicKey.begin(), pair.publicKey.end());
    both.insert(both.end(), pair.secretKey.data(), pair.secretKey.data() + 32);
    Status written = writeFileAtomically(file, both, 0600);
    wipe(both);  // the secret half must not linger in freed memory
    TRY(written);
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
    auto identity = openDeviceIdentity(dataDir);
    if (!identity)
        return fail(identity.error());
    // An enrolled device seals to its hub; otherwise to a stand-in hub key
    // kept beside the store, so the demo can show the sealed data opening.
    auto pins = loadHubPins(dataDir);
    if (!pins && pins.error().code != ErrorCode::NotFound)
        return fail(pins.error());
    std::optional<BoxKeyPair> demoKey;
    if (!pins) {
        auto key = demoHubKey(dataDir);
        if (!key)
            return fail(key.error());
        demoKey.emplace(std::move(*key));
    }
    const BoxPublicKey sealTo = pins ? pins->hubBoxKey : demoKey->publicKey;
    auto store = Store::open(dataDir / "records.db");
    if (!store)
        return fail(store.error());

    // What a citizen's complaint looks like: the description and place in
    // the payload, the name and phone sealed to the hub.
    const std::string contact = R"({"name":"สมหญิง ใจดี","phone":"0812345678"})";
    auto sealed = sealPersonalData(contact, sealTo);
    if (!sealed)
        return fail(sealed.error());
    RecordDraft drafts[] = {
        {RecordKind::Complaint,
         R"({"category":"roads-lights","text":"ไฟส่องสว่างหน้าวัดดับมาสามคืนแล้ว","village":"หมู่ที่ 4","landmark":"หน้าวัดป่าสัก"})",
         *sealed},
        {RecordKind::SurveyResponse,
         R"({"survey":"standard-satisfaction","version":1,"service":"civil-registration","answers":{"process":5,"staff":5,"facilities":4,"information":4,"overall":5}})",
         {}},
        {RecordKind::DeviceEvent, R"({"event":"store-demo"})", {}},
    };
    std::vector<Record> written;
    for (const auto& draft : drafts) {
        auto record = store->append(*identity, draft, core::wallClockMs());
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
    const bool opened = demoKey && openSealed(written[0].sealedPersonalData(), *demoKey).ok();
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
    std::printf("  personal data  %zu bytes sealed in #%llu to %s; %s; plaintext %s in the database file\n",
                written[0].sealedPersonalData().size(), static_cast<unsigned long long>(written[0].sequence()),
                pins ? "the enrolled hub" : "the stand-in hub key",
                pins ? "only the hub can open it" : opened ? "it opens with that key" : "it does NOT open",
                plaintextOnDisk ? "FOUND" : "absent");
    return report->ok() && (pins || opened) && !plaintextOnDisk ? 0 : 1;
}

// The demo office's content: a source tree's assets/content when the program
// runs from one, otherwise the copy the fangsiang-data package installs.
fs::path defaultContentDir() {
    std::error_code ec;
    if (fs::is_regular_file("assets/content/catalogue.json", ec))
        return "assets/content";
    return FANGSIANG_INSTALLED_CONTENT;
}

bool parseSize(const std::string& text, int& width, int& height) {
    return std::sscanf(text.c_str(), "%dx%d", &width, &height) == 2 && width >= 320 && height >= 240 &&
           width <= 7680 && height <= 4320;
}

// The terminal, on the citizen kiosk (`run`) or in field mode (`field`),
// until its window closes; opened again after an enrolment from the staff
// menu, so the new hub's pins are read.
int runCommand(const fs::path& configFile, bool windowed, const std::string& size, kiosk::TerminalMode mode) {
    auto config = fangsiang::loadKioskConfig(configFile);
    if (!config)
        return fail(config.error());
    fangsiang::RunOptions options;
    options.fullscreen = config->fullscreen && !windowed;
    if (!parseSize(size, options.width, options.height))
        return fail(makeError(ErrorCode::InvalidArgument, "--size must look like 800x480"));
    while (true) {
        // A kiosk not enrolled yet starts too, so that the staff menu can
        // enrol it; until then it has no device number and takes no
        // complaint (field surveys wait on it for the hub).
        std::optional<HubPins> unenrolled;
        if (!fs::exists(config->dataDir / kHubPinsFile)) {
            unenrolled.emplace();
            unenrolled->hubBoxKey = randomBoxKeyPair().publicKey;  // never used: no device number, no complaint
            unenrolled->officeCode = config->officeCode;
            unenrolled->officeName = config->officeName;
        }
        auto app = fangsiang::KioskApp::open(*config, unenrolled);
        if (!app)
            return fail(app.error());
        kiosk::KioskRuntime& rt = (*app)->runtime();
        std::printf("Fangsiang kiosk: %s, showing %s\n", rt.catalogue().office().name.th.c_str(), rt.contentSource().c_str());
        if (rt.enrolled())
            std::printf("  syncing with the hub at %s\n", rt.pins().hubUrl.c_str());
        else
            std::printf("  not enrolled with a hub: records stay on this kiosk; enrol it from the staff menu\n");
        auto ended = fangsiang::runTerminal(**app, options, mode);
        if (!ended)
            return fail(ended.error());
        if (*ended == fangsiang::TerminalEnd::Closed)
            return 0;
    }
}

// Reads a PIN from standard input and prints its Argon2id hash for
// [staff] pin_hash.
int staffPinCommand() {
    std::string pin;
    std::getline(std::cin, pin);
    if (pin.size() < kiosk::kMinPinLength || pin.size() > kiosk::kMaxPinLength ||
        pin.find_first_not_of("0123456789") != std::string::npos)
        return fail(makeError(ErrorCode::InvalidArgument, "a staff PIN is 4 to 12 digits"));
    auto hash = hashPassword(pin);
    wipe(pin);
    if (!hash)
        return fail(hash.error());
    std::printf("%s\n", hash->c_str());
    return 0;
}

// A test page on the printer the configuration names, for whoever sets the
// kiosk up. It opens neither the record store nor the device key.
int printTestCommand(const fs::path& configFile) {
    auto config = fangsiang::loadKioskConfig(configFile);
    if (!config)
        return fail(config.error());
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr)
        setenv("SDL_VIDEODRIVER", "offscreen", 0);
    platform::WindowOptions options = fangsiang::windowOptions(*config, 800, 480, false);
    options.hidden = true;
    options.softwareRenderer = true;  // a page drawn once into memory needs no GL driver
    auto window = platform::Window::create(options);
    if (!window)
        return fail(window.error());
    auto printer = fangsiang::makeReceiptPrinter(*config);
    auto printed = fangsiang::printTestPage(**window, *config, *printer);
    if (!printed) {
        std::fprintf(stderr, "fangsiang-kiosk: the test page was not printed: %s\n", printed.error().message.c_str());
        return 1;
    }
    std::printf("test page %s\n", printed->c_str());
    return 0;
}

int demoCommand(const fs::path& contentDir, const fs::path& dataDir, const fs::path& outDir, bool script,
                const std::vector<std::string>& sizes, const std::string& ticket) {
    auto catalogue = Catalogue::load(contentDir / "catalogue.json");
    if (!catalogue)
        return fail(catalogue.error());
    fangsiang::KioskConfig config;
    config.officeName = catalogue->office().name.th;
    config.officeCode = catalogue->office().code;
    config.contentDir = contentDir;
    config.dataDir = dataDir;
    config.fullscreen = false;
    // Field mode's enumerators and the staff PIN of the demo office.
    config.enumerators = {{"somsri", "สมศรี ใจงาม"}, {"anan", "อนันต์ ทองดี"}};
    const std::string demoPin = "2468";
    if (auto hash = hashPassword(demoPin))
        config.staffPinHash = *hash;
    auto identity = openDeviceIdentity(dataDir);
    if (!identity)
        return fail(identity.error());
    // Until it is enrolled, the demo kiosk seals to the stand-in hub key.
    auto hubKey = demoHubKey(dataDir);
    if (!hubKey)
        return fail(hubKey.error());
    HubPins fallback;
    fallback.hubBoxKey = hubKey->publicKey;
    fallback.officeCode = catalogue->office().code;
    fallback.officeName = catalogue->office().name.th;
    fallback.deviceNumber = 1;

    const bool haveDisplay = std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY") != nullptr;
    if (!script && haveDisplay) {
        auto app = fangsiang::KioskApp::open(config, fallback);
        if (!app)
            return fail(app.error());
        std::printf("Fangsiang kiosk: %s, in a window. Close it to stop.\n", config.officeName.c_str());
        fangsiang::RunOptions options;
        options.fullscreen = false;
        if (auto ended = fangsiang::runTerminal(**app, options, kiosk::TerminalMode::Citizen); !ended)
            return fail(ended.error());
        return 0;
    }

    // No display: the offscreen driver, a scripted citizen, a PNG per screen.
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 0);
    struct Run {
        int width;
        int height;
        Language language;
    };
    std::vector<Run> runs;
    for (const std::string& size : sizes) {
        int width = 0, height = 0;
        if (!parseSize(size, width, height))
            return fail(makeError(ErrorCode::InvalidArgument, "--sizes takes sizes like 800x480; \"" + size +
                                                                  "\" is not one"));
        runs.push_back({width, height, Language::Thai});
        runs.push_back({width, height, Language::English});
    }
    if (!ticket.empty()) {
        // Only the ticket screen: a citizen looks the ticket up.
        for (const Run& run : runs) {
            auto app = fangsiang::KioskApp::open(config, fallback);
            if (!app)
                return fail(app.error());
            auto shot = fangsiang::runTicketLookup(**app, outDir, run.width, run.height, run.language, ticket);
            if (!shot)
                return fail(shot.error());
            std::printf("ticket %s looked up: %s\n", ticket.c_str(), shot->c_str());
        }
        return 0;
    }
    std::printf("Fangsiang kiosk demo: %s (no display: a scripted citizen under SDL's offscreen driver)\n",
                config.officeName.c_str());
    for (const Run& run : runs) {
        auto app = fangsiang::KioskApp::open(config, fallback);
        if (!app)
            return fail(app.error());
        auto result = fangsiang::runScriptedDemo(**app, outDir, run.width, run.height, run.language);
        if (!result)
            return fail(result.error());
        std::printf("  %dx%d %s: complaint filed as ticket %s, survey answered; %zu screens saved\n", run.width,
                    run.height, run.language == Language::Thai ? "Thai" : "English", result->ticket.c_str(),
                    result->screenshots.size());
        std::printf("    printed receipt: %s\n", result->receipt.c_str());
        auto counts = (*app)->runtime().store().counts();
        auto report = (*app)->runtime().store().verify();
        if (counts && report)
            std::printf("    store: %llu records, chain %s\n", static_cast<unsigned long long>(counts->records),
                        report->ok() ? "verified" : "BROKEN");
        auto field = fangsiang::runFieldDemo(**app, outDir, run.width, run.height, run.language, demoPin);
        if (!field)
            return fail(field.error());
        std::string touches;
        for (int n : field->touchesPerRespondent)
            touches += (touches.empty() ? "" : ", ") + std::to_string(n);
        std::printf("    field session: %d respondents of the buyer survey (touches each: %s), %zu screens saved\n",
                    field->respondents, touches.c_str(), field->screenshots.size());
    }
    std::printf("  screens: %s/\n", outDir.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Every file and folder this program makes is its own alone. The code
    // sets each one's mode itself; this is the second line, for anything a
    // library creates behind its back.
    ::umask(077);
    CLI::App app{"fangsiang-kiosk: the Fangsiang citizen-feedback terminal", "fangsiang-kiosk"};
    app.require_subcommand(1);

    fs::path dataDir = "data";
    auto* demo = app.add_subcommand("store-demo", "write a few signed records and verify the chain");
    demo->add_option("--data", dataDir, "data folder (created if absent)");

    fs::path configFile = "/etc/fangsiang/kiosk.toml";
    bool windowed = false;
    std::string size = "800x480";
    auto* run = app.add_subcommand("run", "start the kiosk");
    run->add_option("--config", configFile, "the kiosk's TOML configuration")->capture_default_str();
    run->add_flag("--windowed", windowed, "a window instead of the full screen");
    run->add_option("--size", size, "window size, e.g. 800x480 or 1280x800")->capture_default_str();

    bool fieldWindowed = false;
    std::string fieldSize = "800x480";
    auto* field = app.add_subcommand("field", "start in field survey mode (enumerator, survey, respondents)");
    field->add_option("--config", configFile, "the kiosk's TOML configuration")->capture_default_str();
    field->add_flag("--windowed", fieldWindowed, "a window instead of the full screen");
    field->add_option("--size", fieldSize, "window size, e.g. 800x480 or 1280x800")->capture_default_str();

    auto* staffPin = app.add_subcommand("staff-pin", "read a staff PIN from standard input and print its hash for kiosk.toml");

    auto* printTest = app.add_subcommand("print-test", "print a test page on the configured receipt printer");
    printTest->add_option("--config", configFile, "the kiosk's TOML configuration")->capture_default_str();

    fs::path contentDir = defaultContentDir();
    fs::path demoData = "build/demo-data";
    fs::path outDir = "build/demo";
    bool script = false;
    auto* kioskDemo = app.add_subcommand("demo", "the demo office's kiosk (scripted and saved as PNG without a display)");
    kioskDemo->add_option("--content", contentDir, "content folder (catalogue.json, surveys/)")->capture_default_str();
    kioskDemo->add_option("--data", demoData, "data folder")->capture_default_str();
    kioskDemo->add_option("--out", outDir, "where the scripted demo saves its PNGs")->capture_default_str();
    kioskDemo->add_flag("--script", script, "run the scripted walk-through even where a display exists");
    std::vector<std::string> demoSizes{"800x480", "1280x800"};
    std::string demoTicket;
    kioskDemo->add_option("--ticket", demoTicket,
                          "only look this ticket up on the ticket screen (as last synced), saved as PNG");
    kioskDemo->add_option("--sizes", demoSizes, "screen sizes the scripted walk-through runs at, in Thai and English")
        ->capture_default_str();

    auto syncCommands = registerSyncCommands(app);

    CLI11_PARSE(app, argc, argv);
    if (auto init = sodiumInit(); !init)
        return fail(init.error());
    if (*demo)
        return storeDemo(dataDir);
    if (*run)
        return runCommand(configFile, windowed, size, kiosk::TerminalMode::Citizen);
    if (*field)
        return runCommand(configFile, fieldWindowed, fieldSize, kiosk::TerminalMode::Field);
    if (*staffPin)
        return staffPinCommand();
    if (*printTest)
        return printTestCommand(configFile);
    if (*kioskDemo)
        return demoCommand(contentDir, demoData, outDir, script, demoSizes, demoTicket);
    if (auto code = runSyncCommands(*syncCommands))
        return *code;
    return 0;
}
