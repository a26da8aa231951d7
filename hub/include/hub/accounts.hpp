#pragma once
// The officers' side of the hub as values: units of an office, officer
// accounts and their roles, sessions, failed sign-ins and the audit log.
// Stored behind HubStorage (hub/storage.hpp); the rules that use them are in
// OfficerService (hub/officers.hpp) and permit() (hub/permissions.hpp).

#include "core/bytes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::hub {

// A กอง, สำนัก or งาน of an office: the part that handles cases.
struct Unit {
    std::string officeCode;
    std::string code;    // unique within its office: "public-works", "กองช่าง" is the name
    std::string nameTh;
    std::string nameEn;  // may be empty
};

enum class Role { Admin, Supervisor, Officer, Viewer };

[[nodiscard]] std::string_view roleName(Role role);  // "admin", "supervisor", "officer", "viewer"
[[nodiscard]] std::optional<Role> roleFromName(std::string_view name);

struct Officer {
    std::int64_t id = 0;
    std::string username;     // [a-z0-9._-], 2-32 characters, starting with a letter or digit
    std::string displayName;  // as the dashboard shows it
    Role role = Role::Viewer;
    std::string officeCode;   // every officer belongs to one office (an admin's home office)
    std::string unitCode;     // empty unless the officer works in one unit (required for role officer)
    std::optional<std::int64_t> disabledAtMs;
    std::int64_t createdAtMs = 0;
};

// One signed-in browser. Only the hash of its token is kept: a copy of the
// store does not sign anybody in.
struct SessionRow {
    core::Hash tokenHash{};
    std::int64_t userId = 0;
    std::string csrfToken;   // sent back in X-CSRF-Token by every request that changes something
    std::int64_t createdAtMs = 0;
    std::int64_t lastSeenMs = 0;
    std::string address;     // the client address it signed in from
};

// Failed sign-ins of one username, or from one address, since a time.
struct LoginFailureQuery {
    std::optional<std::string> username;
    std::optional<std::string> address;
    std::int64_t sinceMs = 0;
};

// One line of the append-only audit log: who did what to what, from where,
// with the subject's state before and after (JSON text, empty when none).
struct AuditEntry {
    std::int64_t id = 0;         // set by the store
    std::int64_t atMs = 0;
    std::string actor;           // a username, "console" for the fangsiang-hub command, "" when nobody signed in
    std::string officeCode;      // the office the action concerns, "" when none
    std::string action;          // "login", "login-failed", "account-locked", "logout", "user-add", ...
    std::string subject;         // what it was done to: a username, "office/unit"
    std::string before;          // JSON
    std::string after;           // JSON
    std::string address;         // the client address, "" from the console
};

// The newest entries first; `beforeId` pages back from an entry's id.
struct AuditQuery {
    std::optional<std::int64_t> beforeId;
    std::size_t limit = 100;
};

}  // namespace fangsiang::hub
