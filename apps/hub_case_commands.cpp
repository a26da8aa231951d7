#include "hub_case_commands.hpp"

#include "hub/case_service.hpp"

#include "core/files.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

using namespace fangsiang;
using namespace fangsiang::hub;

struct HubCaseCommands {
    CLI::App* ticket = nullptr;
    CLI::App* policy = nullptr;
    CLI::App* replyTemplate = nullptr;
    std::string id, status;
    CaseChange change;
    std::string office, category, th, en;
    std::filesystem::path file;
};

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}

std::string statusNames() {
    std::string names;
    for (std::size_t i = 0; i < sync::kTicketStatusCount; ++i)
        names += std::string(i ? ", " : "") + std::string(sync::ticketStatusName(static_cast<sync::TicketStatus>(i)));
    return names;
}

std::optional<CaseState> stateNamed(const std::string& name) { return sync::ticketStatusFromName(name); }

}  // namespace

std::shared_ptr<HubCaseCommands> registerCaseCommands(CLI::App& app) {
    auto c = std::make_shared<HubCaseCommands>();
    c->ticket = app.add_subcommand("ticket", "move a complaint's case on (the citizen's kiosk shows the state and reply)");
    c->ticket->add_option("ID", c->id, "ticket number, e.g. 6340105-1-42-7")->required();
    c->ticket->add_option("--status", c->status, "the new state: " + statusNames())->required();
    c->ticket->add_option("--reply", c->change.reply, "the office's reply to the citizen");
    c->ticket->add_option("--unit", c->change.unit, "accepted: the unit that handles it");
    c->ticket->add_option("--officer", c->change.officer, "accepted: the officer who has it (a username)");
    c->ticket->add_option("--forwarded-to", c->change.forwardedTo, "forwarded: the office or agency that has it now");
    c->ticket->add_option("--duplicate-of", c->change.duplicateOf, "duplicate: the other case's ticket");

    auto* cases = app.add_subcommand("case", "an office's case settings");
    cases->require_subcommand(1);
    c->policy = cases->add_subcommand("policy", "set an office's due-date policy from a JSON file (docs/CASES.md)");
    c->policy->add_option("--office", c->office, "office code")->required();
    c->policy->add_option("FILE", c->file, "the policy, JSON")->required();
    c->replyTemplate = cases->add_subcommand("template", "set a reply template officers start from");
    c->replyTemplate->add_option("--office", c->office, "office code")->required();
    c->replyTemplate->add_option("--category", c->category, "complaint category id, or * for every category")
        ->required();
    c->replyTemplate->add_option("--state", c->status, "the state the reply goes with")->required();
    c->replyTemplate->add_option("--th", c->th, "the reply in Thai")->required();
    c->replyTemplate->add_option("--en", c->en, "the reply in English");
    return c;
}

bool caseCommandChosen(const HubCaseCommands& c) { return *c.ticket || *c.policy || *c.replyTemplate; }

int runCaseCommands(HubCaseCommands& c, HubStorage& storage) {
    CaseService cases(storage, nullptr);
    const Actor console = Actor::console();
    const auto state = stateNamed(c.status);
    if ((*c.ticket || *c.replyTemplate) && !state)
        return fail("the state is one of " + statusNames());
    if (*c.ticket) {
        c.change.to = *state;
        auto moved = cases.change(console, c.id, c.change, "");
        if (!moved)
            return fail(moved.error().message);
        std::printf("case %s is now %s%s\n", c.id.c_str(), std::string(sync::ticketStatusName(moved->state)).c_str(),
                    moved->reply.empty() ? "" : (": " + moved->reply).c_str());
        return 0;
    }
    if (*c.policy) {
        auto text = core::readFile(c.file, 1u << 20);
        if (!text)
            return fail(text.error().message);
        auto set = cases.setPolicy(console, c.office, std::string(text->begin(), text->end()), "");
        if (!set)
            return fail(set.error().message);
        std::printf("office %s counts due dates by %s; its open cases are due as it says\n", c.office.c_str(),
                    c.file.c_str());
        return 0;
    }
    auto set = cases.putTemplate(console, ReplyTemplate{c.office, c.category, *state, c.th, c.en}, "");
    if (!set)
        return fail(set.error().message);
    std::printf("reply template for %s / %s set\n", c.category.c_str(), c.status.c_str());
    return 0;
}
