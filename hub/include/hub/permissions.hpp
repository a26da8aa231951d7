#pragma once
// Who may do what, in one place. Every officers' route and command makes an
// Actor from its session (or the console) and asks permit() before it reads
// or changes anything; the table is in docs/API.md ("Roles").
//
//   admin       users, units, devices, the audit log, cases, webhooks: every office of the hub
//               (but not a citizen's sealed contact: that is for the case's handlers)
//   supervisor  one office: its officers, units and devices, every case in it,
//               assignment, reply templates and the case policy
//   officer     one office: its units and the cases of their own unit
//   viewer      one office: its units and reports; never a case, never personal data

#include "hub/accounts.hpp"

#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace fangsiang::hub {

// Who is asking: made from a session (OfficerService::authenticate) or, for
// the fangsiang-hub command run on the hub's own machine, Actor::console().
struct Actor {
    std::int64_t userId = 0;  // 0 for the console
    std::string username;
    Role role = Role::Viewer;
    std::string officeCode;
    std::string unitCode;

    // Whoever can run fangsiang-hub on the hub holds its store and keys
    // anyway: the console acts as an admin, audited as "console".
    [[nodiscard]] static Actor console() { return Actor{0, "console", Role::Admin, {}, {}}; }
};

enum class Permission {
    ReadOfficers,    // list an office's accounts
    ManageOfficers,  // add, disable, reset
    ReadUnits,
    ManageUnits,
    ReadDevices,
    ReadAudit,
    ReadCases,          // lists, the case page (an officer: their unit's cases only)
    ChangeCases,        // move a case on, write notes, hide text
    AssignCases,        // accept a case into a unit, hand it to an officer
    ShowContact,        // open a complainant's sealed contact
    ManageCaseSettings, // reply templates, the case policy
    ReadContent,        // what an office's kiosks receive
    ManageContent,      // publish content (the admin's)
    ReadReports,        // an office's figures and report files (never personal data)
    ManageWebhooks,     // register, list and remove an office's webhooks, see their deliveries (the admin's)
};

// Ok when `actor` may do `what` in office `officeCode`; else Forbidden with
// the reason in plain words. An empty office means "every office" (only an
// admin may ask for that).
[[nodiscard]] core::Status permit(const Actor& actor, Permission what, std::string_view officeCode);

}  // namespace fangsiang::hub
