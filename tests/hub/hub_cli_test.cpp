// The fangsiang-hub program itself, run as a child process on real folders:
// a damaged, emptied or missing store stops every command with what to do,
// `check` re-verifies everything, `import` streams a large file in bounded
// memory and says what it kept, and `publish` refuses what no kiosk takes.

#include "hub_test_support.hpp"
#include "xlsform_forms.hpp"

#include "core/survey.hpp"
#include "sync/protocol.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kRestore = "restore hub.db from the latest backup";

std::string hubFlag(const HubDir& dir) { return dir.path().string(); }

// Every command that opens the store, with what it needs to get that far.
std::vector<std::vector<std::string>> commandsThatOpen(const HubDir& dir, const std::filesystem::path& scratch) {
    const std::string d = hubFlag(dir);
    return {
        {"--dir", d, "stats"},
        {"--dir", d, "device", "list"},
        {"--dir", d, "tickets"},
        {"--dir", d, "enroll", "--office", kOffice, "--name", "x"},
        {"--dir", d, "serve", "--port", "0", "--port-file", (scratch / "port").string()},
        {"--dir", d, "import", (scratch / "none.fsx").string()},
        {"--dir", d, "publish", scratch.string()},
        {"--dir", d, "ticket", "6340105-1-1-0", "--status", "resolved"},
    };
}

core::Hash fileHash(const std::filesystem::path& file) {
    auto bytes = core::readFile(file, 1u << 30);
    REQUIRE(bytes.ok());
    return core::hashBytes(*bytes);
}

}  // namespace

TEST_CASE("a damaged hub.db stops every command with what to do, and check lists the damage",
          "[hub][cli][process][damage]") {
    HubDir dir;
    auto id = seededIdentity(81);
    dir.seed(id, bytesOf(markedChain(id, 4, 8)));
    TempDir scratch;
    auto sound = runHub({"--dir", hubFlag(dir), "check"});
    CHECK(sound.exitCode == 0);
    CHECK_THAT(sound.output, Contains("4 records and 0 content versions verified; the store is sound"));

    alterInFile(dir.store(), "marker-8-4 ");  // the head record
    const auto before = fileHash(dir.store());
    for (const auto& args : commandsThatOpen(dir, scratch.path())) {
        CAPTURE(args[2]);
        auto run = runHub(args);
        CHECK(run.exitCode == 1);
        CHECK_THAT(run.output, Contains("damaged"));
        CHECK_THAT(run.output, Contains(kRestore));
        CHECK_FALSE(std::filesystem::exists(scratch / "port"));  // serve never started
    }
    auto check = runHub({"--dir", hubFlag(dir), "check"});
    CHECK(check.exitCode == 1);
    CHECK_THAT(check.output, Contains("problem: device"));
    CHECK_THAT(check.output, Contains("record 4 no longer verifies"));
    CHECK_THAT(check.output, Contains("1 problem(s)"));
    CHECK(fileHash(dir.store()) == before);  // nothing rewrote it
}

TEST_CASE("an emptied or missing hub.db is an error, never a new store", "[hub][cli][process][damage]") {
    TempDir folder;
    const std::string d = folder.path().string();
    auto init = runHub({"--dir", d, "init"});
    REQUIRE(init.exitCode == 0);
    const auto store = folder / "hub.db";
    REQUIRE(std::filesystem::file_size(store) > 0);
    TempDir scratch;

    SECTION("emptied") {
        REQUIRE(core::writeFileAtomically(store, {}, 0600).ok());
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"--dir", d, "stats"}, {"--dir", d, "device", "list"}, {"--dir", d, "check"},
                 {"--dir", d, "serve", "--port", "0", "--port-file", (scratch / "port").string()}}) {
            CAPTURE(args[2]);
            auto run = runHub(args);
            CHECK(run.exitCode == 1);
            CHECK_THAT(run.output, Contains("is empty (0 bytes)"));
            CHECK_THAT(run.output, Contains(kRestore));
            CHECK(std::filesystem::file_size(store) == 0);
        }
        auto again = runHub({"--dir", d, "init"});
        CHECK(again.exitCode == 1);
        CHECK_THAT(again.output, Contains("init never replaces a store"));
        CHECK(std::filesystem::file_size(store) == 0);
    }
    SECTION("missing") {
        std::filesystem::remove(store);
        auto stats = runHub({"--dir", d, "stats"});
        CHECK(stats.exitCode == 1);
        CHECK_THAT(stats.output, Contains("does not exist"));
        CHECK_THAT(stats.output, Contains(kRestore));
        auto again = runHub({"--dir", d, "init"});
        CHECK(again.exitCode == 1);
        CHECK_THAT(again.output, Contains("its store"));
        CHECK_THAT(again.output, Contains(kRestore));
        CHECK_FALSE(std::filesystem::exists(store));
    }
}

TEST_CASE("import says part by part what it kept, and exits non-zero when anything was refused",
          "[hub][cli][process][import]") {
    HubDir dir;
    auto id = seededIdentity(82);
    dir.seed(id, {});
    auto records = surveyChain(id, 9);
    std::vector<core::Bytes> parts;
    for (std::size_t i = 0; i < 9; i += 3)
        parts.push_back(wireOf(id, bytesOf(records, i, i + 3)));
    TempDir usb;
    const auto file = usb / "fangsiang-x-1-9.fsx";
    auto import = [&] {
        REQUIRE(core::writeFileAtomically(file, sync::encodeExportFile(parts), 0644).ok());
        return runHub({"--dir", hubFlag(dir), "import", file.string()});
    };
    auto held = [&] {
        auto stats = runHub({"--dir", hubFlag(dir), "stats"});
        REQUIRE(stats.exitCode == 0);
        return stats.output;
    };

    // Imports the file; checks the exit code, what it says and how many
    // records the hub then holds.
    auto expectImport = [&](int exitCode, std::initializer_list<const char*> says, int recordsHeld) {
        auto run = import();
        INFO(run.output);
        CHECK(run.exitCode == exitCode);
        for (const char* line : says)
            CHECK_THAT(run.output, Contains(line));
        CHECK_THAT(held(), Contains("\"records\":" + std::to_string(recordsHeld)));
    };

    SECTION("every part") {
        expectImport(0, {"part 3 of 3: 3 records stored, 0 already held", "all 3 parts; 9 records stored, 0 already held"},
                     9);
        expectImport(0, {"all 3 parts; 0 records stored, 9 already held"}, 9);
    }
    SECTION("part 2 refused whole") {
        auto raw = sync::decompress(parts[1], sync::kMaxBatchBytes);
        REQUIRE(raw.ok());
        (*raw)[raw->size() - 1] ^= 1;  // part 2's batch signature
        parts[1] = sync::compress(*raw);
        expectImport(2,
                     {"part 1 of 3: 3 records stored, 0 already held", "part 2 of 3 refused: bad-signature",
                      "part 3 not read", "nothing from part 2 on was stored"},
                     3);
    }
    SECTION("a record of part 2 refused") {
        std::vector<core::Bytes> second = bytesOf(records, 3, 4);
        second.push_back(signAnyBytes(id, records[3].asHead(), core::RecordKind::Complaint, "[]", test::kTestTimeMs));
        parts[1] = wireOf(id, second);
        expectImport(2,
                     {"part 2 of 3: 1 records stored",
                      "record 5 refused: malformed: record 5 (complaint): payload: must be a JSON object",
                      "part 3 not read", "nothing after record 4 of device"},
                     4);
    }
    SECTION("a file cut short") {
        REQUIRE(core::writeFileAtomically(file, {}, 0644).ok());
        auto bytes = sync::encodeExportFile(parts);
        bytes.resize(bytes.size() - 1);
        REQUIRE(core::writeFileAtomically(file, bytes, 0644).ok());
        auto run = runHub({"--dir", hubFlag(dir), "import", file.string()});
        CHECK(run.exitCode == 1);
        CHECK_THAT(run.output, Contains("impossible length; nothing from it was stored"));
        CHECK_THAT(held(), Contains("\"records\":0"));
    }
}

TEST_CASE("import of a large export holds about one part in memory, not the file", "[hub][cli][process][import]") {
    HubDir dir;
    auto id = seededIdentity(83);
    dir.seed(id, {});
    TempDir usb;
    const auto file = usb / "large.fsx";
    ExportShape shape;
    shape.parts = 128;
    shape.recordsPerPart = 16;
    shape.sealedBytes = 16 * 1024;  // parts of about 260 kB
    auto keys = loadHubKeys(dir.path());
    REQUIRE(keys.ok());
    const std::uint64_t made = writeBulkyExport(file, id, shape, keys->box.publicKey);
    const auto size = std::filesystem::file_size(file);
    REQUIRE(size > 32u << 20);

    auto run = runHub({"--dir", hubFlag(dir), "import", file.string()}, 120);
    REQUIRE(run.exitCode == 0);
    CHECK_THAT(run.output, Contains("all 128 parts; " + std::to_string(made) + " records stored"));
    // Reading the whole file first held it twice over (the file, then its
    // parts): 66 MiB more than the program needs to open its store. Streaming
    // holds a part or so (260 kB here) and SQLite's cache beside that.
    auto baseline = runHub({"--dir", hubFlag(dir), "stats"});
    REQUIRE(baseline.exitCode == 0);
    const long fileKiB = static_cast<long>(size / 1024);
    const long grewKiB = run.maxRssKiB - baseline.maxRssKiB;
    CAPTURE(fileKiB, run.maxRssKiB, baseline.maxRssKiB, grewKiB);
#ifndef FANGSIANG_SANITIZED
    // Under AddressSanitizer the freed parts wait in its quarantine (256 MiB
    // by default), so the figure would measure the sanitizer, not the import.
    CHECK(grewKiB < fileKiB / 4);
#endif
}

TEST_CASE("publish refuses, with the reason, content no kiosk could take, and changes nothing",
          "[hub][cli][process][publish]") {
    HubDir dir;
    TempDir good;
    REQUIRE(core::writeFileAtomically(good / "notes.json", core::asBytes(R"({"a":1})"), 0644).ok());
    auto first = runHub({"--dir", hubFlag(dir), "publish", good.path().string()});
    REQUIRE(first.exitCode == 0);

    // Three files of escaped backslashes, each under the kiosk's 4 MiB: the
    // envelope that carries them escapes each backslash twice more.
    TempDir big;
    const std::string text = "[\"" + std::string(static_cast<std::size_t>(3.9 * 1024 * 1024) & ~std::size_t{1}, '\\') + "\"]";
    for (const char* name : {"a.json", "b.json", "c.json"})
        REQUIRE(core::writeFileAtomically(big / name, core::asBytes(text), 0644).ok());
    auto refused = runHub({"--dir", hubFlag(dir), "publish", big.path().string()}, 120);
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.output, Contains("a kiosk takes at most " + std::to_string(sync::kMaxEnvelopeBytes)));
    CHECK_THAT(refused.output, Contains("version 1 stays the current content"));

    TempDir huge;
    REQUIRE(core::writeFileAtomically(huge / "big.json",
                                      core::asBytes("[\"" + std::string(4u << 20, 'x') + "\"]"), 0644).ok());
    auto tooBig = runHub({"--dir", hubFlag(dir), "publish", huge.path().string()});
    CHECK(tooBig.exitCode == 1);
    CHECK_THAT(tooBig.output, Contains("big.json is 4194308 bytes; a kiosk takes content files of at most 4194304"));

    dir.with([](HubService&, HubStorage& storage, const HubKeys&) { CHECK(*storage.latestBundleVersion() == 1); });
}

TEST_CASE("publish converts an XLSForm survey next to the JSON content, and refuses a broken one by its row",
          "[hub][cli][process][publish][xlsform]") {
    HubDir dir;
    TempDir content;
    std::filesystem::create_directories(content / "surveys");
    std::filesystem::copy_file(FANGSIANG_ASSETS_DIR "/content/catalogue.json", content / "catalogue.json");
    writeWorkbook(content / "surveys" / "household.xlsx", householdForm());
    auto published = runHub({"--dir", hubFlag(dir), "publish", content.path().string()});
    INFO(published.output);
    REQUIRE(published.exitCode == 0);
    CHECK_THAT(published.output, Contains("published content version 1"));
    dir.with([](HubService&, HubStorage& storage, const HubKeys& keys) {
        auto latest = storage.latestBundle();
        REQUIRE(latest.ok());
        REQUIRE(latest->has_value());
        auto body = sync::openEnvelope((*latest)->second, "content", keys.signing.publicKey);
        REQUIRE(body.ok());
        auto bundle = sync::decodeContentBody(*body);
        REQUIRE(bundle.ok());
        std::vector<std::string> names;
        for (const auto& [name, text] : bundle->files) {
            names.push_back(name);
            if (name == "surveys/household.json") {
                auto survey = core::SurveyDefinition::parse(text, name);
                REQUIRE(survey.ok());
                CHECK(survey->id() == "household-2570");
                CHECK(survey->pages().size() == 1);
            }
        }
        CHECK(names == std::vector<std::string>{"catalogue.json", "surveys/household.json"});
    });

    auto broken = householdForm();
    broken[0].rows[9][6] = std::string("${water} = 'river'");
    writeWorkbook(content / "surveys" / "household.xlsx", broken);
    auto refused = runHub({"--dir", hubFlag(dir), "publish", content.path().string()});
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.output, Contains("household.xlsx: survey sheet, row 10, column relevant: equals: \"river\" is not an "
                                        "option of \"water\""));
    CHECK_THAT(refused.output, Contains("version 1 stays the current content"));

    writeWorkbook(content / "surveys" / "household.xlsx", householdForm());
    REQUIRE(core::writeFileAtomically(content / "surveys" / "household.json", core::asBytes("{}"), 0644).ok());
    auto clash = runHub({"--dir", hubFlag(dir), "publish", content.path().string()});
    CHECK(clash.exitCode == 1);
    CHECK_THAT(clash.output, Contains("surveys/household.xlsx and surveys/household.json would both be "
                                      "surveys/household.json"));
    dir.with([](HubService&, HubStorage& storage, const HubKeys&) { CHECK(*storage.latestBundleVersion() == 1); });
}

TEST_CASE("under systemd, serve says it is ready, pings the watchdog while it answers, and says it stops",
          "[hub][cli][process][service]") {
    HubFolder dir;
    const std::string socket = (dir.dir / "notify").string();
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, socket.data(), socket.size());
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    timeval wait{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    auto next = [&] {
        char buffer[256];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("(nothing within 5 s)");
    };

    // The environment systemd gives a Type=notify service with WatchdogSec=1.
    ::setenv("NOTIFY_SOCKET", socket.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "1000000", 1);
    auto [pid, port] = startHubProcess(dir.dir.path());
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    CHECK_THAT(next(), Contains("READY=1") && Contains("serving on http://127.0.0.1:" + std::to_string(port)));
    for (int ping = 0; ping < 3; ++ping)  // every half second
        CHECK(next() == "WATCHDOG=1");
    stopGently(pid);
    std::string last;
    for (std::string m = next(); m != "(nothing within 5 s)"; m = next())
        last = m;
    CHECK(last == "STOPPING=1");
    ::close(fd);
}
