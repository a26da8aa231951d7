// Officers' accounts, sign-in and sessions (hub/officers.hpp).

#include "hub/officers.hpp"
#include "officer_json.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"

#include <algorithm>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

constexpr std::size_t kMaxNameBytes = 200;

bool isCodeChar(char c, bool allowDot) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || (allowDot && c == '.');
}

// Lower-case letters, digits, '-', '_' (and '.' in usernames), starting
// with a letter or digit.
bool isCode(std::string_view text, std::size_t minSize, std::size_t maxSize, bool allowDot) {
    return text.size() >= minSize && text.size() <= maxSize && isCodeChar(text[0], false) && text[0] != '-' &&
           text[0] != '_' && std::all_of(text.begin(), text.end(), [&](char c) { return isCodeChar(c, allowDot); });
}

core::Status checkName(std::string_view name, std::string_view what, bool required) {
    if (required && core::isBlank(name))
        return makeError(ErrorCode::InvalidArgument, std::string(what) + " is empty");
    if (name.size() > kMaxNameBytes || !core::isValidUtf8(name) ||
        std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
        return makeError(ErrorCode::InvalidArgument, std::string(what) + " must be text of at most " +
                                                         std::to_string(kMaxNameBytes) + " bytes, on one line");
    return Ok{};
}

core::Status checkOfficeCode(std::string_view code) {
    if (code.size() < 5 || code.size() > 10 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return makeError(ErrorCode::InvalidArgument, "an office code is 5 to 10 digits, e.g. 6340105");
    return Ok{};
}

core::Hash tokenHashOf(std::string_view token, bool& wellFormed) {
    auto raw = core::fixedFromHex<32>(token);
    wellFormed = raw.has_value();
    return wellFormed ? core::hashBytes(*raw) : core::Hash{};
}

std::string randomHex32() {
    std::array<std::uint8_t, 32> raw{};
    core::randomBytes(raw);
    std::string hex = core::toHex(raw);
    core::wipe(raw);
    return hex;
}

std::string minutesText(std::chrono::milliseconds span) {
    const auto minutes = std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::minutes>(span).count());
    return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

}  // namespace

core::Status checkOfficerDraft(const OfficerDraft& d) {
    if (!isCode(d.username, 2, 32, true))
        return makeError(ErrorCode::InvalidArgument, "a username is 2 to 32 lower-case letters, digits, '.', '-' or '_', "
                                                     "starting with a letter or digit");
    TRY(checkName(d.displayName, "the display name", true));
    TRY(checkOfficeCode(d.officeCode));
    if (!d.unitCode.empty() && !isCode(d.unitCode, 1, 32, false))
        return makeError(ErrorCode::InvalidArgument, "a unit code is 1 to 32 lower-case letters, digits, '-' or '_'");
    if (d.role == Role::Officer && d.unitCode.empty())
        return makeError(ErrorCode::InvalidArgument, "an officer works in a unit: give the unit's code");
    return Ok{};
}

std::string generatePassword() {
    // Crockford's base32 in lower case: no i, l, o or u to misread.
    static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    std::string out;
    for (int i = 0; i < 20; ++i) {
        if (i > 0 && i % 4 == 0)
            out.push_back('-');
        out.push_back(kAlphabet[core::randomBelow(32)]);
    }
    return out;
}

core::Status checkNewPassword(std::string_view password) {
    if (password.size() < 12)
        return makeError(ErrorCode::InvalidArgument, "a password is at least 12 characters long");
    if (password.size() > core::kMaxPasswordBytes)
        return makeError(ErrorCode::InvalidArgument,
                         "a password is at most " + std::to_string(core::kMaxPasswordBytes) + " bytes long");
    return Ok{};
}

OfficerService::OfficerService(HubStorage& storage, OfficerOptions options)
    : m_storage(storage), m_options(std::move(options)) {}

AuditEntry OfficerService::entry(const Actor& actor, std::string officeCode, std::string action, std::string subject,
                                 const std::string& address) const {
    AuditEntry e;
    e.atMs = now();
    e.actor = actor.username;
    e.officeCode = std::move(officeCode);
    e.action = std::move(action);
    e.subject = std::move(subject);
    e.address = address;
    return e;
}

// [SECTION] Offices and units

core::Status OfficerService::setOfficeNames(const Actor& actor, const Office& office, const std::string& address) {
    TRY(permit(actor, Permission::ManageUnits, office.code));
    TRY(checkOfficeCode(office.code));
    TRY(checkName(office.name, "the office's Thai name", true));
    TRY(checkName(office.nameEn, "the office's English name", false));
    auto before = TRY(m_storage.findOffice(office.code));
    AuditEntry e = entry(actor, office.code, "office-set", office.code, address);
    if (before)
        e.before = jsonText(officeJson(*before));
    e.after = jsonText(officeJson(office));
    TRY(m_storage.putOffice(office));
    return m_storage.appendAudit(e);
}

core::Status OfficerService::addUnit(const Actor& actor, const Unit& unit, const std::string& address) {
    TRY(permit(actor, Permission::ManageUnits, unit.officeCode));
    TRY(checkOfficeCode(unit.officeCode));
    if (!isCode(unit.code, 1, 32, false))
        return makeError(ErrorCode::InvalidArgument, "a unit code is 1 to 32 lower-case letters, digits, '-' or '_'");
    TRY(checkName(unit.nameTh, "the unit's Thai name", true));
    TRY(checkName(unit.nameEn, "the unit's English name", false));
    AuditEntry e = entry(actor, unit.officeCode, "unit-add", unit.officeCode + "/" + unit.code, address);
    e.after = jsonText(unitJson(unit));
    return m_storage.addUnit(unit, e);
}

core::Result<std::vector<Unit>> OfficerService::listUnits(const Actor& actor, const std::string& officeCode) {
    TRY(permit(actor, Permission::ReadUnits, officeCode));
    return m_storage.listUnits(officeCode);
}

// [SECTION] Accounts

core::Result<Officer> OfficerService::addOfficer(const Actor& actor, const OfficerDraft& draft,
                                                 std::string_view password, const std::string& address) {
    TRY(permit(actor, Permission::ManageOfficers, draft.officeCode));
    TRY(checkOfficerDraft(draft));
    TRY(checkNewPassword(password));
    if (!TRY(m_storage.findOffice(draft.officeCode)))
        return makeError(ErrorCode::NotFound, "office " + draft.officeCode + " is not on this hub (add it first)");
    if (!draft.unitCode.empty() && !TRY(m_storage.findUnit(draft.officeCode, draft.unitCode)))
        return makeError(ErrorCode::NotFound,
                         "office " + draft.officeCode + " has no unit " + draft.unitCode + " (add it first)");
    if (TRY(m_storage.findOfficer(draft.username)))
        return makeError(ErrorCode::Duplicate, "there is an officer " + draft.username + " already");
    auto hash = TRY(core::hashPassword(password));
    Officer officer{0, draft.username, draft.displayName, draft.role, draft.officeCode, draft.unitCode, {}, now()};
    AuditEntry e = entry(actor, officer.officeCode, "user-add", officer.username, address);
    e.after = jsonText(officerJson(officer));
    officer.id = TRY(m_storage.addOfficer(officer, hash, e));
    return officer;
}

core::Result<std::vector<Officer>> OfficerService::listOfficers(const Actor& actor, const std::string& officeCode) {
    TRY(permit(actor, Permission::ReadOfficers, officeCode));
    return m_storage.listOfficers(officeCode);
}

// The account `username`, when `actor` may change it. Asking about another
// office's account is refused before saying whether it exists.
core::Result<Officer> OfficerService::officerToChange(const Actor& actor, const std::string& username) {
    TRY(permit(actor, Permission::ManageOfficers, actor.officeCode));
    auto officer = TRY(m_storage.findOfficer(username));
    if (!officer)
        return makeError(ErrorCode::NotFound, "there is no officer " + username);
    TRY(permit(actor, Permission::ManageOfficers, officer->officeCode));
    return *officer;
}

core::Result<Officer> OfficerService::disableOfficer(const Actor& actor, const std::string& username,
                                                     const std::string& address) {
    Officer officer = TRY(officerToChange(actor, username));
    if (officer.id == actor.userId)
        return makeError(ErrorCode::InvalidArgument, "an administrator cannot disable their own account");
    AuditEntry e = entry(actor, officer.officeCode, "user-disable", officer.username, address);
    e.before = jsonText(officerJson(officer));
    if (!officer.disabledAtMs)
        officer.disabledAtMs = now();
    e.after = jsonText(officerJson(officer));
    TRY(m_storage.disableOfficer(officer.id, *officer.disabledAtMs, e));
    return officer;
}

core::Result<Officer> OfficerService::resetPassword(const Actor& actor, const std::string& username,
                                                    std::string_view password, const std::string& address) {
    Officer officer = TRY(officerToChange(actor, username));
    TRY(checkNewPassword(password));
    auto hash = TRY(core::hashPassword(password));
    AuditEntry e = entry(actor, officer.officeCode, "user-reset", officer.username, address);
    e.before = jsonText(officerJson(officer));
    officer.disabledAtMs.reset();
    e.after = jsonText(officerJson(officer));
    TRY(m_storage.resetPassword(officer.id, hash, e));
    return officer;
}

// [SECTION] Sessions

bool OfficerService::verify(const std::string& storedHash, std::string_view password) {
    m_hashing.acquire();
    const bool ok = core::verifyPassword(storedHash, password);
    m_hashing.release();
    return ok;
}

core::Result<NewSession> OfficerService::login(const std::string& username, std::string_view password,
                                               const std::string& address) {
    const std::int64_t t = now();
    const std::int64_t windowStart = t - m_options.failureWindow.count();
    // Usernames are lower case: "Somchai" signs in as somchai, and its
    // failures count against the same lock.
    std::string tried = username.substr(0, 64);
    std::transform(tried.begin(), tried.end(), tried.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    const auto fromAddress = TRY(m_storage.countLoginFailures({std::nullopt, address, windowStart}));
    if (fromAddress >= static_cast<std::uint64_t>(m_options.maxFailuresPerAddress))
        return makeError(ErrorCode::Locked, "too many failed sign-ins from this address; wait " +
                                                minutesText(m_options.failureWindow) + " and try again");
    if (auto until = TRY(m_storage.accountLockedUntil(tried)); until && *until > t)
        return makeError(ErrorCode::Locked, "this account is locked after too many failed sign-ins; wait " +
                                                minutesText(std::chrono::milliseconds(*until - t)) +
                                                " or ask an administrator to reset its password");

    auto officer = TRY(m_storage.findOfficer(tried));
    std::optional<std::string> hash;
    if (officer)
        hash = TRY(m_storage.passwordHashOf(officer->id));
    if (!hash) {
        // Take as long as a real check, so the time says nothing either.
        std::call_once(m_dummyMade, [this] {
            auto dummy = core::hashPassword("not a password of anyone");
            m_dummyHash = dummy ? *dummy : std::string();
        });
        hash = m_dummyHash;
    }
    const bool matches = verify(*hash, password) && officer && !officer->disabledAtMs;
    if (!matches)
        return refuseLogin(tried, address);

    // Each sign-in also sweeps away the sessions that expired unseen, so the
    // table holds live sessions only, however many browsers were abandoned.
    TRY(m_storage.endExpiredSessions(t - m_options.idleExpiry.count(), t - m_options.absoluteExpiry.count()));
    NewSession made{*officer, randomHex32(), randomHex32()};
    bool wellFormed = false;
    SessionRow row{tokenHashOf(made.token, wellFormed), officer->id, made.csrfToken, t, t, address};
    Actor self{officer->id, officer->username, officer->role, officer->officeCode, officer->unitCode};
    TRY(m_storage.openSession(row, officer->username, entry(self, officer->officeCode, "login", officer->username, address)));
    return made;
}

core::Result<NewSession> OfficerService::refuseLogin(const std::string& username, const std::string& address) {
    const std::int64_t t = now();
    const std::int64_t windowStart = t - m_options.failureWindow.count();
    TRY(m_storage.addLoginFailure(username, address, windowStart, entry(Actor{}, "", "login-failed", username, address)));
    const auto failures = TRY(m_storage.countLoginFailures({username, std::nullopt, windowStart}));
    if (failures >= static_cast<std::uint64_t>(m_options.maxFailuresPerAccount)) {
        TRY(m_storage.lockAccount(username, t + m_options.lockFor.count(),
                                  entry(Actor{}, "", "account-locked", username, address)));
        return makeError(ErrorCode::Locked, "the username or password is wrong, and this account is now locked after " +
                                                std::to_string(failures) + " failed sign-ins; wait " +
                                                minutesText(m_options.lockFor) +
                                                " or ask an administrator to reset its password");
    }
    return makeError(ErrorCode::WrongLogin, "the username or password is wrong (or the account is disabled)");
}

core::Result<std::optional<SessionRow>> OfficerService::liveSession(const core::Hash& tokenHash) {
    auto session = TRY(m_storage.findSession(tokenHash));
    if (!session)
        return session;
    const std::int64_t t = now();
    if (t - session->lastSeenMs > m_options.idleExpiry.count() ||
        t - session->createdAtMs > m_options.absoluteExpiry.count()) {
        TRY(m_storage.closeSession(tokenHash, AuditEntry{}));
        return std::optional<SessionRow>{};
    }
    return session;
}

namespace {
constexpr std::int64_t kTouchEveryMs = 60'000;
}  // namespace

core::Result<SignedIn> OfficerService::authenticate(std::string_view token) {
    const auto notSignedIn = makeError(ErrorCode::NotSignedIn, "sign in first (or again: the session has ended)");
    bool wellFormed = false;
    const core::Hash tokenHash = tokenHashOf(token, wellFormed);
    if (!wellFormed)
        return notSignedIn;
    auto session = TRY(liveSession(tokenHash));
    if (!session)
        return notSignedIn;
    auto officer = TRY(m_storage.findOfficerById(session->userId));
    if (!officer || officer->disabledAtMs) {
        TRY(m_storage.closeSession(tokenHash, AuditEntry{}));
        return notSignedIn;
    }
    // A session's use is written down at most once a minute: the idle
    // expiry is counted in minutes, and a write per request would cost a
    // disk sync on every page the dashboard loads.
    if (now() - session->lastSeenMs >= kTouchEveryMs)
        TRY(m_storage.touchSession(tokenHash, now()));
    return SignedIn{Actor{officer->id, officer->username, officer->role, officer->officeCode, officer->unitCode},
                    *officer, session->csrfToken};
}

core::Status OfficerService::logout(std::string_view token, const std::string& address) {
    auto signedIn = TRY(authenticate(token));
    bool wellFormed = false;
    return m_storage.closeSession(
        tokenHashOf(token, wellFormed),
        entry(signedIn.actor, signedIn.officer.officeCode, "logout", signedIn.officer.username, address));
}

// [SECTION] Audit log and devices

core::Result<std::vector<AuditEntry>> OfficerService::audit(const Actor& actor, const AuditQuery& query) {
    TRY(permit(actor, Permission::ReadAudit, {}));
    return m_storage.listAudit(query);
}

core::Result<std::vector<DeviceInfo>> OfficerService::devices(const Actor& actor, const std::string& officeCode) {
    TRY(permit(actor, Permission::ReadDevices, officeCode));
    auto all = TRY(m_storage.listDevices());
    if (!officeCode.empty())
        std::erase_if(all, [&](const DeviceInfo& d) { return d.officeCode != officeCode; });
    return all;
}

core::Result<std::vector<Incident>> OfficerService::deviceIncidents(const Actor& actor, const std::string& officeCode,
                                                                   std::size_t limit) {
    const auto devices = TRY(this->devices(actor, officeCode));
    auto incidents = TRY(m_storage.incidents(limit));
    std::erase_if(incidents, [&](const Incident& i) {
        return std::none_of(devices.begin(), devices.end(), [&](const DeviceInfo& d) { return d.key == i.device; });
    });
    return incidents;
}

}  // namespace fangsiang::hub
