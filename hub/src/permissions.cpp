// The roles table of docs/API.md, and the names roles are stored and sent as.

#include "hub/permissions.hpp"

#include <array>
#include <utility>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames = {
    {{Role::Admin, "admin"}, {Role::Supervisor, "supervisor"}, {Role::Officer, "officer"}, {Role::Viewer, "viewer"}}};

std::string_view whatOf(Permission what) {
    switch (what) {
    case Permission::ReadOfficers: return "see the officers' accounts";
    case Permission::ManageOfficers: return "add, disable or reset officers' accounts";
    case Permission::ReadUnits: return "see the units";
    case Permission::ManageUnits: return "add units";
    case Permission::ReadDevices: return "see the devices";
    case Permission::ReadAudit: return "read the audit log";
    case Permission::ReadCases: return "see cases";
    case Permission::ChangeCases: return "change cases";
    case Permission::AssignCases: return "assign cases to units and officers";
    case Permission::ShowContact: return "open a complainant's contact";
    case Permission::ManageCaseSettings: return "change reply templates or the case policy";
    case Permission::ReadContent: return "see the published content";
    case Permission::ManageContent: return "publish content";
    case Permission::ReadReports: return "see the reports";
    case Permission::ManageWebhooks: return "manage webhooks";
    }
    return "do this";
}

// Which roles may do `what` within their own office (an admin may do
// everything everywhere).
bool allowedInOwnOffice(Role role, Permission what) {
    switch (what) {
    case Permission::ReadOfficers:
    case Permission::ReadDevices: return role == Role::Supervisor;
    case Permission::ReadUnits:
    case Permission::ReadReports: return true;
    case Permission::ManageOfficers:
    case Permission::ManageUnits:
    case Permission::ReadAudit: return false;
    case Permission::ReadCases:
    case Permission::ChangeCases:
    case Permission::ShowContact: return role == Role::Supervisor || role == Role::Officer;
    case Permission::AssignCases:
    case Permission::ManageCaseSettings:
    case Permission::ReadContent: return role == Role::Supervisor;
    case Permission::ManageContent:
    case Permission::ManageWebhooks: return false;
    }
    return false;
}

}  // namespace

std::string_view roleName(Role role) {
    for (const auto& [r, name] : kRoleNames)
        if (r == role)
            return name;
    return "viewer";
}

std::optional<Role> roleFromName(std::string_view name) {
    for (const auto& [r, n] : kRoleNames)
        if (n == name)
            return r;
    return std::nullopt;
}

core::Status permit(const Actor& actor, Permission what, std::string_view officeCode) {
    if (actor.role == Role::Admin) {
        // An admin runs the hub and handles no case (the console acts as one too).
        if (what == Permission::ShowContact)
            return makeError(ErrorCode::Forbidden, "an admin runs the hub; a complainant's contact is opened only by "
                                                   "the office's supervisor or an officer of the case's unit");
        return core::Ok{};
    }
    const std::string role(roleName(actor.role));
    if (!allowedInOwnOffice(actor.role, what))
        return makeError(ErrorCode::Forbidden, "the role " + role + " may not " + std::string(whatOf(what)));
    if (officeCode.empty() || officeCode != actor.officeCode)
        return makeError(ErrorCode::Forbidden, "a " + role + " of office " + actor.officeCode + " may " +
                                                   std::string(whatOf(what)) + " of that office only");
    return core::Ok{};
}

}  // namespace fangsiang::hub
