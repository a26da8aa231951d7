#pragma once
// A complaint's life at the office. Every complaint record becomes a case;
// officers move it from state to state, and some moves need something with
// them (the unit that takes it, the reply the citizen reads, where to go
// instead). These are the rules alone: the store keeps the case and its
// history, the routes check who may act.
//
//   received ──► accepted ──► in progress ──► resolved ──► closed
//      │            ▲  │         │   │           │
//      │            └──┘reassign │   │           └──► in progress (reopened)
//      ├──► forwarded ◄──────────┼───┘
//      ├──► not ours ◄───────────┤                 each of these ──► closed
//      ├──► duplicate ◄──────────┤
//      └──► rejected ◄───────────┘  (from received, accepted or in progress)

#include "core/text_pair.hpp"
#include "sync/protocol.hpp"

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fangsiang::hub {

// A case's state is what the citizen reads of it: the same nine states the
// kiosk's ticket screen shows (sync::TicketStatus, with its wire names
// "received", "in_progress", "not_ours", ...).
//   received     ได้รับเรื่อง: the record arrived, nobody has taken it yet
//   accepted     รับเรื่องแล้ว: a unit and an officer have it
//   in_progress  กำลังดำเนินการ
//   resolved     ดำเนินการแล้วเสร็จ: done, the citizen has the reply
//   closed       ปิดเรื่อง: nothing more will happen
//   forwarded    ส่งต่อ: handed to another office or agency
//   not_ours     ไม่อยู่ในอำนาจหน้าที่: the citizen is told where to go instead
//   duplicate    เรื่องซ้ำ: the same matter as another case, linked to it
//   rejected     ไม่รับเรื่อง: refused, with the reason
using CaseState = sync::TicketStatus;

// The state's name as officers read it, Thai first.
[[nodiscard]] const core::TextPair& caseStateName(CaseState state);

// The office has given the citizen its answer: the 15-day promise is kept
// once a case is in one of these.
[[nodiscard]] bool isOutcome(CaseState state);

// The states a case in `from` may move to, in the order a page offers them.
[[nodiscard]] std::span<const CaseState> nextStates(CaseState from);

// The longest reply or note an officer can write (characters).
inline constexpr std::size_t kMaxCaseTextChars = 2000;

// Why an officer's text (`what` names it) cannot be kept: not UTF-8, a
// control character other than a line break or tab, longer than
// kMaxCaseTextChars; nothing when it can.
[[nodiscard]] std::optional<core::TextPair> refuseCaseText(std::string_view text, const core::TextPair& what);

// One move an officer asks for, with what it needs.
struct CaseChange {
    CaseState to = CaseState::Received;
    std::string unit;         // accepted: the unit that handles the case
    std::string officer;      // accepted: the officer who has it
    std::string reply;        // what the citizen reads; needed for resolved, not ours and rejected
    std::string forwardedTo;  // forwarded: the office or agency that has it now
    std::string duplicateOf;  // duplicate: the other case's ticket
};

// Why `change` cannot be made to a case in `from` and with ticket
// `ticket`, in both languages; nothing when it can. The texts are checked
// here too (UTF-8, no control characters but line breaks, the length).
[[nodiscard]] std::optional<core::TextPair> refuseChange(CaseState from, std::string_view ticket,
                                                          const CaseChange& change);

}  // namespace fangsiang::hub
