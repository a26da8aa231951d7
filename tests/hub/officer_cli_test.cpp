// The officers' commands of the fangsiang-hub program, run as a child
// process on a real hub folder: offices, units and accounts made, listed,
// disabled and reset; passwords from stdin or generated and shown once;
// bad input refused with what is wrong and nothing stored; every change
// audited as "console".

#include "hub_test_support.hpp"

#include "hub/officers.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <regex>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;

namespace {

// The password a command printed once.
std::string printedPassword(const std::string& output) {
    std::smatch match;
    const std::regex shown("shown once; give it to them in person\\): ([0-9a-z-]+)");
    REQUIRE(std::regex_search(output, match, shown));
    return match[1].str();
}

// Signs in against the folder's store, as the hub's API would.
core::ErrorCode signIn(const std::filesystem::path& dir, const std::string& user, const std::string& password) {
    auto storage = openSqliteHubStorage(dir / "hub.db");
    REQUIRE(storage.ok());
    OfficerService officers(**storage);
    auto session = officers.login(user, password, "127.0.0.1");
    return session ? core::ErrorCode::Internal : session.error().code;  // Internal stands for "signed in"
}

constexpr core::ErrorCode kSignedIn = core::ErrorCode::Internal;

}  // namespace

TEST_CASE("fangsiang-hub makes offices, units and accounts, and every change is audited", "[hub][cli][process][officers]") {
    TempDir folder;
    const std::string d = folder.path().string();
    REQUIRE(runHub({"--dir", d, "init"}).exitCode == 0);
    auto hub = [&](std::vector<std::string> args, std::optional<std::string> input = std::nullopt) {
        args.insert(args.begin(), {"--dir", d});
        return runHub(args, 60, input);
    };

    auto office = hub({"office", "set", kOffice, "--name-th", "เทศบาลตำบลบ้านสวน", "--name-en", "Ban Suan"});
    INFO(office.output);
    REQUIRE(office.exitCode == 0);
    REQUIRE(hub({"unit", "add", "--office", kOffice, "--code", "works", "--name-th", "กองช่าง", "--name-en",
                 "Public Works"}).exitCode == 0);
    auto units = hub({"unit", "list"});
    CHECK_THAT(units.output, Contains("works") && Contains("กองช่าง / Public Works"));

    auto added = hub({"user", "add", "somchai", "--name", "สมชาย ใจดี", "--role", "officer", "--office", kOffice,
                      "--unit", "works"});
    INFO(added.output);
    REQUIRE(added.exitCode == 0);
    const std::string generated = printedPassword(added.output);
    CHECK(generated.size() == 24);
    CHECK(signIn(folder.path(), "somchai", generated) == kSignedIn);

    auto piped = hub({"user", "add", "malee", "--name", "Malee", "--role", "supervisor", "--office", kOffice,
                      "--password-stdin"},
                     std::string("a long passphrase 1\n"));
    INFO(piped.output);
    REQUIRE(piped.exitCode == 0);
    CHECK_THAT(piped.output, !Contains("shown once") && !Contains("a long passphrase 1"));
    CHECK(signIn(folder.path(), "malee", "a long passphrase 1") == kSignedIn);

    auto list = hub({"user", "list"});
    CHECK_THAT(list.output, Contains("somchai") && Contains("officer") && Contains("works") && Contains("malee") &&
                                Contains("supervisor"));
    CHECK_THAT(list.output, !Contains("argon2"));

    auto disabled = hub({"user", "disable", "malee"});
    REQUIRE(disabled.exitCode == 0);
    CHECK(signIn(folder.path(), "malee", "a long passphrase 1") == core::ErrorCode::WrongLogin);
    CHECK_THAT(hub({"user", "list"}).output, Contains("disabled"));

    auto reset = hub({"user", "reset", "malee", "--password-stdin"}, std::string("another passphrase 2\r\n"));
    REQUIRE(reset.exitCode == 0);
    CHECK(signIn(folder.path(), "malee", "a long passphrase 1") == core::ErrorCode::WrongLogin);
    CHECK(signIn(folder.path(), "malee", "another passphrase 2") == kSignedIn);
    auto generatedReset = hub({"user", "reset", "somchai"});
    REQUIRE(generatedReset.exitCode == 0);
    CHECK(signIn(folder.path(), "somchai", printedPassword(generatedReset.output)) == kSignedIn);

    auto storage = openSqliteHubStorage(folder / "hub.db");
    REQUIRE(storage.ok());
    auto audit = (*storage)->listAudit({});
    REQUIRE(audit.ok());
    std::vector<std::string> consoleActions;
    for (const auto& e : *audit)
        if (e.actor == "console")
            consoleActions.insert(consoleActions.begin(), e.action + " " + e.subject);
    CHECK(consoleActions == std::vector<std::string>{"office-set 6340105", "unit-add 6340105/works", "user-add somchai",
                                                     "user-add malee", "user-disable malee", "user-reset malee",
                                                     "user-reset somchai"});
    for (const auto& e : *audit)
        CHECK_THAT(e.before + e.after, !Contains(generated) && !Contains("passphrase") && !Contains("argon2"));
}

TEST_CASE("fangsiang-hub refuses bad accounts and units with the reason, storing nothing", "[hub][cli][process][officers]") {
    TempDir folder;
    const std::string d = folder.path().string();
    REQUIRE(runHub({"--dir", d, "init"}).exitCode == 0);
    REQUIRE(runHub({"--dir", d, "office", "set", kOffice, "--name-th", "เทศบาล"}).exitCode == 0);
    REQUIRE(runHub({"--dir", d, "user", "add", "taken", "--name", "T", "--role", "viewer", "--office", kOffice})
                .exitCode == 0);
    struct Bad {
        std::vector<std::string> args;
        std::string input;
        const char* says;
    };
    const std::vector<Bad> bad = {
        {{"user", "add", "x1", "--name", "X", "--role", "boss", "--office", kOffice}, "", "admin, supervisor, officer, viewer"},
        {{"user", "add", "Bad Name", "--name", "X", "--role", "viewer", "--office", kOffice}, "", "a username is"},
        {{"user", "add", "x2", "--name", "X", "--role", "viewer", "--office", "9999999"}, "", "not on this hub"},
        {{"user", "add", "x3", "--name", "X", "--role", "officer", "--office", kOffice}, "", "works in a unit"},
        {{"user", "add", "x4", "--name", "X", "--role", "officer", "--office", kOffice, "--unit", "none"}, "", "has no unit none"},
        {{"user", "add", "taken", "--name", "X", "--role", "viewer", "--office", kOffice}, "", "already"},
        {{"user", "add", "x5", "--name", "X", "--role", "viewer", "--office", kOffice, "--password-stdin"}, "short\n",
         "at least 12 characters"},
        {{"user", "add", "x6", "--name", "X", "--role", "viewer", "--office", kOffice, "--password", "secret123456"}, "",
         "--password"},
        {{"user", "disable", "nobody"}, "", "there is no officer nobody"},
        {{"unit", "add", "--office", kOffice, "--code", "Works!", "--name-th", "กอง"}, "", "a unit code is"},
        {{"unit", "add", "--office", "9999999", "--code", "works", "--name-th", "กอง"}, "", "not on this hub"},
    };
    for (const auto& b : bad) {
        std::vector<std::string> args = b.args;
        args.insert(args.begin(), {"--dir", d});
        CAPTURE(b.says);
        auto run = runHub(args, 60, b.input.empty() ? std::nullopt : std::optional<std::string>(b.input));
        CHECK(run.exitCode != 0);
        CHECK_THAT(run.output, Contains(b.says));
    }
    auto list = runHub({"--dir", d, "user", "list"});
    CHECK_THAT(list.output, Contains("taken") && !Contains("x1") && !Contains("x5") && !Contains("x6"));
    CHECK(runHub({"--dir", d, "unit", "list"}).output.empty());
}

TEST_CASE("fangsiang-hub serve upgrades an older store and answers the officers' API", "[hub][cli][process][officers]") {
    HubDir dir;
    auto id = seededIdentity(83);
    dir.seed(id, bytesOf(markedChain(id, 2, 9)));
    {
        // Back to version 2, as the previous build left it.
        auto db = core::sql::Database::open(dir.store(), core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec(std::string(kBackToVersion8) + "DROP TABLE open311_requests; DROP TABLE open311_keys; "
                         "DROP TABLE case_text; DROP TABLE case_events; DROP TABLE cases; DROP TABLE case_policies; "
                         "DROP TABLE reply_templates; ALTER TABLE bundles DROP COLUMN office; DROP TABLE audit; "
                         "DROP TABLE account_locks; DROP TABLE login_failures; DROP TABLE sessions; "
                         "DROP TABLE officers; DROP TABLE units; ALTER TABLE offices DROP COLUMN name_en; "
                         "PRAGMA user_version = 2")
                    .ok());
    }
    const std::string d = dir.path().string();
    auto added = runHub({"--dir", d, "user", "add", "chief", "--name", "หัวหน้า", "--role", "supervisor", "--office",
                         kOffice, "--password-stdin"},
                        60, std::string("the chief's passphrase\n"));
    INFO(added.output);
    REQUIRE(added.exitCode == 0);
    auto [pid, port] = startHubProcess(dir.path());
    httplib::Client client("127.0.0.1", port);
    auto signedIn = client.Post("/api/v1/session", R"({"username":"chief","password":"the chief's passphrase"})",
                                "application/json");
    REQUIRE(signedIn);
    CHECK(signedIn->status == 200);
    const std::string cookie = signedIn->get_header_value("Set-Cookie");
    CHECK_THAT(cookie, Contains("HttpOnly") && Contains("SameSite=Strict"));
    auto devices = client.Get("/api/v1/devices", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
    REQUIRE(devices);
    CHECK(devices->status == 200);
    CHECK_THAT(devices->body, Contains(core::toHex(id.publicKey())));
    stopGently(pid);
    auto db = core::sql::Database::open(dir.store(), core::sql::OpenMode::ReadOnly);
    REQUIRE(db.ok());
    CHECK(*db->queryInt("PRAGMA user_version") == 9);
    CHECK(*db->queryInt("SELECT count(*) FROM records") == 2);
}
