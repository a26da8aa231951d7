#pragma once
// Cases as values: every complaint record becomes a case when the hub stores
// it, and from then on the case carries what the office did with it (state,
// unit, officer, reply, notes, moderation) while the signed record stays as
// it arrived. Stored behind HubStorage (hub/storage.hpp); the rules of the
// moves are in hub/case_workflow.hpp, the due dates in hub/due_dates.hpp and
// who may do what in CaseService (hub/case_service.hpp).

#include "hub/accounts.hpp"
#include "hub/case_workflow.hpp"
#include "hub/due_dates.hpp"

#include "core/record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

// What the complaint record says, copied beside the case when it is opened
// so that lists and searches need not decode records. The record itself is
// the evidence; these are never shown in place of it on the case page.
struct CaseOpening {
    std::string category;
    std::string text;
    std::string village;
    std::string landmark;
    bool anonymous = true;
    bool hasContact = false;  // the record carries sealed personal data
    CaseDue due;
};

// Reads a stored complaint record (already verified at ingest) into what its
// case opens with, due dates counted by `policy` from `filedAtMs`. A payload
// that does not read (it cannot, after ingest's checks) opens a case with an
// empty category and text rather than none.
[[nodiscard]] CaseOpening caseOpeningFor(const core::Record& record, const CasePolicy& policy, std::int64_t filedAtMs);

struct CaseRow {
    std::string ticket;
    std::string officeCode;
    core::PublicKey device{};
    std::uint64_t sequence = 0;
    CaseState state = CaseState::Received;
    std::string category;
    std::string village;
    std::string landmark;
    std::string text;        // the complaint's text as the record holds it
    bool anonymous = true;
    bool hasContact = false;
    std::string unit;        // "" until accepted
    std::string officer;     // a username, "" until accepted
    std::string reply;       // the latest reply the citizen reads
    std::string forwardedTo;
    std::string duplicateOf;
    bool hidden = false;     // moderated: the text is kept out of every list and public view
    std::string hiddenReason;
    std::int64_t filedAtMs = 0;
    std::int64_t receivedAtMs = 0;
    std::int64_t updatedAtMs = 0;
    std::int64_t targetAtMs = 0;   // the category's target for the work
    std::int64_t replyByMs = 0;    // the 15-day promise
    std::int64_t dueAtMs = 0;      // the earlier of the two
    // When each step first happened; 0 when it has not (the reports' times).
    std::int64_t acceptedAtMs = 0;
    std::int64_t firstReplyAtMs = 0;
    std::int64_t outcomeAtMs = 0;   // the first state in which the citizen had the office's answer
    std::int64_t resolvedAtMs = 0;
    std::int64_t closedAtMs = 0;
};

// One line of a case's timeline.
struct CaseEvent {
    std::int64_t id = 0;        // set by the store
    std::string ticket;
    std::int64_t atMs = 0;
    std::string actor;          // a username, "console", or "" for the hub itself (the case was filed)
    std::string kind;           // "filed", "state", "note", "hidden", "shown", "contact"
    std::optional<CaseState> from;
    std::optional<CaseState> to;
    std::string unit;
    std::string officer;
    std::string text;           // the reply, the note or the moderation reason
    bool internal = false;      // never shown to the citizen (notes, moderation, contact)
};

enum class DueFilter { Any, Soon, Overdue };
enum class CaseSort { NewestFiled, SoonestDue };

// Which cases a list shows. Empty fields do not filter.
struct CaseQuery {
    std::string officeCode;            // empty: every office
    std::vector<CaseState> states;     // any of these
    std::optional<std::string> unit;   // an empty unit: the unassigned cases
    std::string category;
    std::string village;
    std::optional<std::int64_t> filedFromMs;
    std::optional<std::int64_t> filedToMs;
    std::string text;                  // appears in the complaint's text
    DueFilter due = DueFilter::Any;
    std::int64_t nowMs = 0;            // for "overdue"
    std::int64_t soonUntilMs = 0;      // for "due soon": due between now and this
    bool openOnly = false;             // no outcome yet
    CaseSort sort = CaseSort::NewestFiled;
    std::size_t offset = 0;
    std::size_t limit = 25;
};

struct CasePage {
    std::uint64_t total = 0;
    std::vector<CaseRow> cases;
};

// One thing done to a case, stored in one transaction with its timeline
// line, its audit entry and, when the citizen should see it, the signed
// ticket update. The store refuses it (ErrorCode::Conflict) when the case is
// no longer in `expected`: two officers acting at once cannot both win.
struct CaseAction {
    std::string ticket;
    CaseState expected = CaseState::Received;
    std::optional<CaseState> to;
    std::optional<std::string> unit;
    std::optional<std::string> officer;
    std::optional<std::string> reply;
    std::optional<std::string> forwardedTo;
    std::optional<std::string> duplicateOf;
    std::optional<bool> hidden;
    std::optional<std::string> hiddenReason;
    bool publish = false;   // a ticket update with the new state and `reply` (or the case's last reply)
    CaseEvent event;
    AuditEntry audit;
};

// The case as it is after `action` (its fields and the times of its first
// steps), as every backend stores it; the expected state is the caller's check.
void applyCaseAction(CaseRow& row, const CaseAction& action);

// A reply an office writes once and officers start from. `category` "*"
// fits every category.
struct ReplyTemplate {
    std::string officeCode;
    std::string category;
    CaseState state = CaseState::Resolved;
    std::string th;
    std::string en;
};

}  // namespace fangsiang::hub
