#include "hub_apikey_commands.hpp"

#include "hub/open311.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/utf8.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

using namespace fangsiang;
using namespace fangsiang::hub;

struct HubApiKeyCommands {
    CLI::App* add = nullptr;
    CLI::App* list = nullptr;
    CLI::App* revoke = nullptr;
    std::string office, partner;
    std::int64_t id = 0;
};

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}

AuditEntry consoleAudit(std::string action, std::string office, nlohmann::json after) {
    AuditEntry a;
    a.atMs = core::wallClockMs();
    a.actor = "console";
    a.officeCode = std::move(office);
    a.action = std::move(action);
    a.before = "{}";
    a.after = after.dump();
    return a;
}

}  // namespace

std::shared_ptr<HubApiKeyCommands> registerApiKeyCommands(CLI::App& app) {
    auto c = std::make_shared<HubApiKeyCommands>();
    auto* keys = app.add_subcommand("apikey", "Open311 partners' API keys (docs/API.md, \"Open311\")");
    keys->require_subcommand(1);
    c->add = keys->add_subcommand("add", "issue a key to a partner application; it is printed once");
    c->add->add_option("--office", c->office, "the office whose requests the partner files")->required();
    c->add->add_option("--partner", c->partner, "the partner's name, as cases will show it")->required();
    c->list = keys->add_subcommand("list", "list the keys issued (never the keys themselves)");
    c->revoke = keys->add_subcommand("revoke", "refuse a key from now on");
    c->revoke->add_option("ID", c->id, "the key's id, as `apikey list` shows it")->required();
    return c;
}

bool apiKeyCommandChosen(const HubApiKeyCommands& c) { return *c.add || *c.list || *c.revoke; }

int runApiKeyCommands(HubApiKeyCommands& c, HubStorage& storage) {
    Open311Store& store = storage.open311();
    if (*c.add) {
        const bool control = std::any_of(c.partner.begin(), c.partner.end(),
                                         [](char ch) { return static_cast<unsigned char>(ch) < 0x20; });
        if (core::isBlank(c.partner) || !core::isValidUtf8(c.partner) || core::codePointCount(c.partner) > 100 ||
            control)
            return fail("the partner's name is 1 to 100 characters of text");
        std::string key = newApiKey();
        const auto hash = apiKeyHash(key);
        auto id = store.addKey(*hash, c.office, c.partner, core::wallClockMs(),
                               consoleAudit("open311-key-add", c.office, {{"partner", c.partner}}));
        if (!id) {
            core::wipe(key);
            return fail(id.error().message);
        }
        std::printf("Open311 API key %lld for %s (office %s):\n\n    %s\n\n"
                    "Give it to the partner now: the hub keeps only its hash and cannot show it again.\n",
                    static_cast<long long>(*id), c.partner.c_str(), c.office.c_str(), key.c_str());
        core::wipe(key);
        return 0;
    }
    if (*c.list) {
        auto keys = store.listKeys();
        if (!keys)
            return fail(keys.error().message);
        std::printf("%-6s %-10s %-8s %s\n", "id", "office", "state", "partner");
        for (const auto& k : *keys)
            std::printf("%-6lld %-10s %-8s %s\n", static_cast<long long>(k.id), k.officeCode.c_str(),
                        k.revokedAtMs ? "revoked" : "active", k.partner.c_str());
        return 0;
    }
    auto keys = store.listKeys();
    if (!keys)
        return fail(keys.error().message);
    auto found = std::find_if(keys->begin(), keys->end(), [&](const PartnerKey& k) { return k.id == c.id; });
    if (found == keys->end())
        return fail("there is no Open311 key " + std::to_string(c.id) + " (see `fangsiang-hub apikey list`)");
    AuditEntry audit = consoleAudit("open311-key-revoke", found->officeCode, {{"partner", found->partner}});
    audit.subject = "open311-key/" + std::to_string(c.id);
    auto revoked = store.revokeKey(c.id, core::wallClockMs(), audit);
    if (!revoked)
        return fail(revoked.error().message);
    if (!*revoked)
        return fail("Open311 key " + std::to_string(c.id) + " was revoked already");
    std::printf("Open311 key %lld (%s) revoked: its requests are refused from now on\n", static_cast<long long>(c.id),
                found->partner.c_str());
    return 0;
}
