#include "hub_officer_commands.hpp"

#include "hub/officers.hpp"

#include "core/crypto.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <string>

using namespace fangsiang;
using namespace fangsiang::hub;

struct HubOfficerCommands {
    CLI::App* officeSet = nullptr;
    CLI::App* officeList = nullptr;
    CLI::App* unitAdd = nullptr;
    CLI::App* unitList = nullptr;
    CLI::App* userAdd = nullptr;
    CLI::App* userList = nullptr;
    CLI::App* userDisable = nullptr;
    CLI::App* userReset = nullptr;
    std::string office, code, nameTh, nameEn;
    std::string username, displayName, role, unit;
    bool passwordStdin = false;
};

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}

// One line from stdin, without its line ending; nothing longer than a
// password may be. The caller wipes it.
core::Result<std::string> passwordFromStdin() {
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.size() > core::kMaxPasswordBytes) {
        core::wipe(line);
        return core::makeError(core::ErrorCode::InvalidArgument, "the password on stdin is longer than " +
                                                                     std::to_string(core::kMaxPasswordBytes) + " bytes");
    }
    return line;
}

// Runs `use` with the password to set (stdin or generated), then wipes it;
// a generated one is printed once, after `use` succeeded.
template <typename Use>
int withNewPassword(const HubOfficerCommands& c, Use&& use) {
    std::string password;
    if (c.passwordStdin) {
        auto read = passwordFromStdin();
        if (!read)
            return fail(read.error().message);
        password = std::move(*read);
    } else {
        password = generatePassword();
    }
    const int rc = use(password);
    if (rc == 0 && !c.passwordStdin)
        std::printf("password (shown once; give it to them in person): %s\n", password.c_str());
    core::wipe(password);
    return rc;
}

void printOfficer(const Officer& o) {
    std::printf("%-20s %-10s %-10s %-16s %-8s %s\n", o.username.c_str(), std::string(roleName(o.role)).c_str(),
                o.officeCode.c_str(), o.unitCode.empty() ? "-" : o.unitCode.c_str(),
                o.disabledAtMs ? "disabled" : "active", o.displayName.c_str());
}

}  // namespace

std::shared_ptr<HubOfficerCommands> registerOfficerCommands(CLI::App& app) {
    auto c = std::make_shared<HubOfficerCommands>();
    auto* office = app.add_subcommand("office", "offices served by this hub, and their names");
    office->require_subcommand(1);
    c->officeSet = office->add_subcommand("set", "add an office or change its names");
    c->officeSet->add_option("CODE", c->office, "the office's code (5-10 digits)")->required();
    c->officeSet->add_option("--name-th", c->nameTh, "its Thai name")->required();
    c->officeSet->add_option("--name-en", c->nameEn, "its English name");
    c->officeList = office->add_subcommand("list", "list the offices");

    auto* unit = app.add_subcommand("unit", "an office's units (กอง, สำนัก, งาน)");
    unit->require_subcommand(1);
    c->unitAdd = unit->add_subcommand("add", "add a unit to an office");
    c->unitAdd->add_option("--office", c->office, "the office's code")->required();
    c->unitAdd->add_option("--code", c->code, "the unit's code, e.g. public-works")->required();
    c->unitAdd->add_option("--name-th", c->nameTh, "its Thai name, e.g. กองช่าง")->required();
    c->unitAdd->add_option("--name-en", c->nameEn, "its English name");
    c->unitList = unit->add_subcommand("list", "list units");
    c->unitList->add_option("--office", c->office, "one office only");

    auto* user = app.add_subcommand("user", "officers' accounts");
    user->require_subcommand(1);
    c->userAdd = user->add_subcommand("add", "add an account (prints a new password unless --password-stdin)");
    c->userAdd->add_option("USERNAME", c->username)->required();
    c->userAdd->add_option("--name", c->displayName, "the name the dashboard shows")->required();
    c->userAdd->add_option("--role", c->role, "admin, supervisor, officer or viewer")->required();
    c->userAdd->add_option("--office", c->office, "the office's code")->required();
    c->userAdd->add_option("--unit", c->unit, "the unit's code (required for an officer)");
    c->userAdd->add_flag("--password-stdin", c->passwordStdin, "read the password from stdin");
    c->userList = user->add_subcommand("list", "list accounts");
    c->userList->add_option("--office", c->office, "one office only");
    c->userDisable = user->add_subcommand("disable", "disable an account and end its sessions");
    c->userDisable->add_option("USERNAME", c->username)->required();
    c->userReset = user->add_subcommand("reset", "set a new password (prints it unless --password-stdin)");
    c->userReset->add_option("USERNAME", c->username)->required();
    c->userReset->add_flag("--password-stdin", c->passwordStdin, "read the password from stdin");
    return c;
}

bool officerCommandChosen(const HubOfficerCommands& c) {
    for (const CLI::App* sub : {c.officeSet, c.officeList, c.unitAdd, c.unitList, c.userAdd, c.userList, c.userDisable,
                                c.userReset})
        if (*sub)
            return true;
    return false;
}

namespace {

// "ไทย / English", or the Thai alone.
std::string bothNames(const std::string& th, const std::string& en) { return en.empty() ? th : th + " / " + en; }

// Prints each entry of a listing, or fails with the store's reason.
template <typename List, typename Print>
int printEach(const core::Result<List>& list, Print print) {
    if (!list)
        return fail(list.error().message);
    for (const auto& entry : *list)
        print(entry);
    return 0;
}

}  // namespace

int runOfficerCommands(HubOfficerCommands& c, HubStorage& storage) {
    OfficerService officers(storage);
    const Actor console = Actor::console();
    if (*c.officeSet) {
        if (auto done = officers.setOfficeNames(console, Office{c.office, c.nameTh, c.nameEn}, {}); !done)
            return fail(done.error().message);
        std::printf("office %s: %s\n", c.office.c_str(), bothNames(c.nameTh, c.nameEn).c_str());
        return 0;
    }
    if (*c.officeList)
        return printEach(storage.listOffices(), [](const Office& o) {
            std::printf("%-10s %s\n", o.code.c_str(), bothNames(o.name, o.nameEn).c_str());
        });
    if (*c.unitAdd) {
        if (auto done = officers.addUnit(console, Unit{c.office, c.code, c.nameTh, c.nameEn}, {}); !done)
            return fail(done.error().message);
        std::printf("unit %s added to office %s: %s\n", c.code.c_str(), c.office.c_str(), c.nameTh.c_str());
        return 0;
    }
    if (*c.unitList)
        return printEach(officers.listUnits(console, c.office), [](const Unit& u) {
            std::printf("%-10s %-20s %s\n", u.officeCode.c_str(), u.code.c_str(), bothNames(u.nameTh, u.nameEn).c_str());
        });
    if (*c.userAdd) {
        auto role = roleFromName(c.role);
        if (!role)
            return fail("the role is one of admin, supervisor, officer, viewer");
        return withNewPassword(c, [&](const std::string& password) {
            auto added = officers.addOfficer(console, OfficerDraft{c.username, c.displayName, *role, c.office, c.unit},
                                             password, {});
            if (!added)
                return fail(added.error().message);
            std::printf("account %s added: %s, %s of office %s\n", added->username.c_str(), added->displayName.c_str(),
                        std::string(roleName(added->role)).c_str(), added->officeCode.c_str());
            return 0;
        });
    }
    if (*c.userList)
        return printEach(officers.listOfficers(console, c.office), printOfficer);
    if (*c.userDisable) {
        auto disabled = officers.disableOfficer(console, c.username, {});
        if (!disabled)
            return fail(disabled.error().message);
        std::printf("account %s disabled: its sessions have ended and it cannot sign in\n", c.username.c_str());
        return 0;
    }
    if (*c.userReset) {
        return withNewPassword(c, [&](const std::string& password) {
            auto reset = officers.resetPassword(console, c.username, password, {});
            if (!reset)
                return fail(reset.error().message);
            std::printf("account %s has a new password; it is enabled and signed out everywhere\n", c.username.c_str());
            return 0;
        });
    }
    return 0;
}
