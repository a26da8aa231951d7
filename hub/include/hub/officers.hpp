#pragma once
// The officers' accounts and sessions, apart from HTTP: units, accounts,
// sign-in with its limits, sessions with idle and absolute expiry, and the
// audit log. The officers' API (hub/officer_api.hpp) and the fangsiang-hub
// user/unit commands both call these; every call that reads or changes an
// office's data takes the Actor asking and checks permit() first, and every
// change is audited in the same transaction.

#include "hub/accounts.hpp"
#include "hub/permissions.hpp"
#include "hub/storage.hpp"

#include "core/clock.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <vector>

namespace fangsiang::hub {

struct OfficerOptions {
    core::Clock clock = core::systemClock();
    // A session ends after this long unused, and this long after sign-in
    // whatever its use.
    std::chrono::milliseconds idleExpiry = std::chrono::minutes(30);
    std::chrono::milliseconds absoluteExpiry = std::chrono::hours(12);
    // Failed sign-ins counted over `failureWindow`: this many for one
    // username lock it for `lockFor` (whether or not the username exists, so
    // the answer says nothing about which do); this many from one address
    // refuse that address until its failures age out of the window.
    int maxFailuresPerAccount = 5;
    int maxFailuresPerAddress = 20;
    std::chrono::milliseconds failureWindow = std::chrono::minutes(15);
    std::chrono::milliseconds lockFor = std::chrono::minutes(15);
};

// What `user add` and `user reset` are given.
struct OfficerDraft {
    std::string username;
    std::string displayName;
    Role role = Role::Viewer;
    std::string officeCode;
    std::string unitCode;
};

// A signed-in browser: the session cookie's token (shown once, never
// stored) and the CSRF token its changing requests must carry.
struct NewSession {
    Officer officer;
    std::string token;  // 64 hex digits: 256 random bits
    std::string csrfToken;
};

// The officer behind a live session.
struct SignedIn {
    Actor actor;
    Officer officer;
    std::string csrfToken;
};

// Checks the rules for an account's fields: username characters and length,
// a display name, a unit required for the officer role.
[[nodiscard]] core::Status checkOfficerDraft(const OfficerDraft& draft);
// 20 letters and digits in groups of four (about 100 bits), nothing that
// reads like another character: for a new account or a reset.
[[nodiscard]] std::string generatePassword();
// The rule for a password an administrator chose: 12 to 1024 bytes.
[[nodiscard]] core::Status checkNewPassword(std::string_view password);

class OfficerService {
public:
    explicit OfficerService(HubStorage& storage, OfficerOptions options = {});

    // [SECTION] Offices and units
    [[nodiscard]] core::Status setOfficeNames(const Actor& actor, const Office& office, const std::string& address);
    [[nodiscard]] core::Status addUnit(const Actor& actor, const Unit& unit, const std::string& address);
    // One office's units; an empty office: every office (admin only).
    [[nodiscard]] core::Result<std::vector<Unit>> listUnits(const Actor& actor, const std::string& officeCode);

    // [SECTION] Accounts
    // `password` is hashed and wiped by the caller's own buffer; the new
    // account's record is returned.
    [[nodiscard]] core::Result<Officer> addOfficer(const Actor& actor, const OfficerDraft& draft,
                                                   std::string_view password, const std::string& address);
    [[nodiscard]] core::Result<std::vector<Officer>> listOfficers(const Actor& actor, const std::string& officeCode);
    [[nodiscard]] core::Result<Officer> disableOfficer(const Actor& actor, const std::string& username,
                                                       const std::string& address);
    // A new password; the account is enabled again, unlocked, signed out.
    [[nodiscard]] core::Result<Officer> resetPassword(const Actor& actor, const std::string& username,
                                                      std::string_view password, const std::string& address);

    // [SECTION] Sessions
    // WrongLogin for a wrong password, an unknown username or a disabled
    // account alike; Locked when the username or the address has failed too
    // often (whether or not the username exists).
    [[nodiscard]] core::Result<NewSession> login(const std::string& username, std::string_view password,
                                                 const std::string& address);
    // The session of a cookie's token, touched; NotSignedIn when there is
    // none, it has expired (and is then ended) or its account is disabled.
    [[nodiscard]] core::Result<SignedIn> authenticate(std::string_view token);
    [[nodiscard]] core::Status logout(std::string_view token, const std::string& address);

    // [SECTION] Audit log and devices
    [[nodiscard]] core::Result<std::vector<AuditEntry>> audit(const Actor& actor, const AuditQuery& query);
    // One office's devices; an empty office: every office (admin only).
    [[nodiscard]] core::Result<std::vector<DeviceInfo>> devices(const Actor& actor, const std::string& officeCode);
    // The newest incidents (gaps, broken chains, conflicts, ...) of those
    // devices, at most `limit` of the hub's newest, newest first.
    [[nodiscard]] core::Result<std::vector<Incident>> deviceIncidents(const Actor& actor, const std::string& officeCode,
                                                                      std::size_t limit);

    [[nodiscard]] const OfficerOptions& options() const { return m_options; }
    // The store, for the reports' routes (hub/src/report_api.cpp), which ask permit() themselves.
    [[nodiscard]] HubStorage& storage() { return m_storage; }

private:
    [[nodiscard]] std::int64_t now() const { return m_options.clock(); }
    [[nodiscard]] AuditEntry entry(const Actor& actor, std::string officeCode, std::string action, std::string subject,
                                   const std::string& address) const;
    [[nodiscard]] core::Result<Officer> officerToChange(const Actor& actor, const std::string& username);
    // Argon2id verification, a few at a time (each holds 19 MiB).
    [[nodiscard]] bool verify(const std::string& storedHash, std::string_view password);
    [[nodiscard]] core::Result<NewSession> refuseLogin(const std::string& username, const std::string& address);
    [[nodiscard]] core::Result<std::optional<SessionRow>> liveSession(const core::Hash& tokenHash);

    HubStorage& m_storage;
    OfficerOptions m_options;
    std::counting_semaphore<4> m_hashing{2};
    std::once_flag m_dummyMade;
    std::string m_dummyHash;  // verified against when the username is unknown, so both take as long
};

}  // namespace fangsiang::hub
