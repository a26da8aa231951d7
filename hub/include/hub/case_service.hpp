#pragma once
// The office's work on cases, apart from HTTP: lists and the inbox, the case
// page, moves through the workflow, notes, moderation, the sealed contact,
// reply templates and the case policy. The officers' API and the
// fangsiang-hub case commands both call these; every call takes the Actor
// asking and checks permit() and the case's unit first, and every change is
// stored with its timeline line and audit entry in one transaction. A move
// the citizen should see is published as a ticket update, which kiosks
// fetch signed by the hub (docs/PROTOCOL.md, "Ticket status").

#include "hub/cases.hpp"
#include "hub/keys.hpp"
#include "hub/permissions.hpp"
#include "hub/storage.hpp"

#include "core/clock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

// What an actor may do with one case.
struct CaseAccess {
    bool change = false;
    bool assign = false;
    bool showContact = false;
    bool moderate = false;
};

// The case page: the case, its timeline, and what stands behind it.
struct CaseView {
    CaseRow row;
    std::vector<CaseEvent> events;
    std::optional<DeviceInfo> device;
    std::int64_t createdAtMs = 0;  // the kiosk's clock, as signed
    bool verified = false;         // the stored record's signature checks against the device's key now
    std::vector<CaseState> next;   // the moves the actor may make
    CaseAccess access;
};

struct Inbox {
    std::uint64_t newCount = 0, dueSoonCount = 0, overdueCount = 0, openCount = 0;
    std::vector<CaseRow> fresh, dueSoon, overdue;  // oldest first, at most kInboxListSize each
};

inline constexpr std::size_t kInboxListSize = 50;
inline constexpr std::size_t kMaxCasePage = 100;

class CaseService {
public:
    // `keys` opens sealed contacts; without them "show contact" is refused.
    CaseService(HubStorage& storage, const HubKeys* keys, core::Clock clock = core::systemClock());

    // The cases `query` asks for, within what the actor may see (an
    // officer: their unit's; an empty office: every office, admin only).
    [[nodiscard]] core::Result<CasePage> list(const Actor& actor, CaseQuery query);
    [[nodiscard]] core::Result<Inbox> inbox(const Actor& actor, const std::string& officeCode);
    [[nodiscard]] core::Result<CaseView> view(const Actor& actor, const std::string& ticket);

    // A move through the workflow (hub/case_workflow.hpp). Refused with
    // ErrorCode::Conflict and the reason in Thai and English ("th / en")
    // when the workflow does not allow it; the unit, officer and other case
    // it names must exist in the case's office.
    [[nodiscard]] core::Result<CaseRow> change(const Actor& actor, const std::string& ticket, CaseChange change,
                                               const std::string& address);
    [[nodiscard]] core::Result<CaseRow> addNote(const Actor& actor, const std::string& ticket, const std::string& text,
                                                const std::string& address);
    // Hides the case's text from every list and public view, or shows it
    // again; the signed record is never altered.
    [[nodiscard]] core::Result<CaseRow> moderate(const Actor& actor, const std::string& ticket, bool hidden,
                                                 const std::string& reason, const std::string& address);
    // The complainant's sealed contact, opened (JSON text: name, phone,
    // address; the caller wipes it). Audited whether or not it is shown.
    [[nodiscard]] core::Result<std::string> showContact(const Actor& actor, const std::string& ticket,
                                                        const std::string& address);

    [[nodiscard]] core::Result<std::vector<ReplyTemplate>> templates(const Actor& actor, const std::string& officeCode);
    [[nodiscard]] core::Status putTemplate(const Actor& actor, const ReplyTemplate& reply, const std::string& address);
    [[nodiscard]] core::Status setPolicy(const Actor& actor, const std::string& officeCode, const std::string& policyJson,
                                         const std::string& address);
    // The policy an office counts by (its own, else the defaults).
    [[nodiscard]] core::Result<CasePolicy> policy(const std::string& officeCode);

    [[nodiscard]] CaseAccess accessTo(const Actor& actor, const CaseRow& row) const;

private:
    [[nodiscard]] std::int64_t now() const { return m_clock(); }
    // The case, when the actor may do `what` with it.
    [[nodiscard]] core::Result<CaseRow> caseFor(const Actor& actor, const std::string& ticket, Permission what);
    [[nodiscard]] core::Status checkChange(const CaseRow& row, const CaseChange& change);
    [[nodiscard]] CaseAction actionFor(const Actor& actor, const CaseRow& row, std::string kind,
                                       const std::string& address) const;

    HubStorage& m_storage;
    const HubKeys* m_keys;
    core::Clock m_clock;
};

}  // namespace fangsiang::hub
