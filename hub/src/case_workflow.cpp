#include "hub/case_workflow.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace fangsiang::hub {

namespace {

struct StateInfo {
    core::TextPair name;
    bool outcome;
};

// In the order of CaseState.
const std::array<StateInfo, sync::kTicketStatusCount>& stateTable() {
    static const std::array<StateInfo, sync::kTicketStatusCount> kTable = {{
        {{"ได้รับเรื่อง", "Received"}, false},
        {{"รับเรื่องแล้ว", "Accepted"}, false},
        {{"กำลังดำเนินการ", "In progress"}, false},
        {{"ดำเนินการแล้วเสร็จ", "Resolved"}, true},
        {{"ปิดเรื่อง", "Closed"}, true},
        {{"ส่งต่อ", "Forwarded"}, true},
        {{"ไม่อยู่ในอำนาจหน้าที่", "Not within our authority"}, true},
        {{"เรื่องซ้ำ", "Duplicate"}, true},
        {{"ไม่รับเรื่อง", "Rejected"}, true},
    }};
    return kTable;
}

const StateInfo& info(CaseState state) { return stateTable()[static_cast<std::size_t>(state)]; }

using S = CaseState;
constexpr std::array kFromReceived{S::Accepted, S::Forwarded, S::NotOurs, S::Duplicate, S::Rejected};
constexpr std::array kFromAccepted{S::Accepted, S::InProgress, S::Forwarded, S::NotOurs, S::Duplicate, S::Rejected};
constexpr std::array kFromInProgress{S::Resolved, S::Accepted, S::Forwarded, S::NotOurs, S::Duplicate, S::Rejected};
constexpr std::array kFromResolved{S::Closed, S::InProgress};
constexpr std::array kFromOtherOutcome{S::Closed};

core::TextPair quoted(CaseState state) {
    const auto& name = caseStateName(state);
    return {"«" + name.th + "»", "\"" + name.en + "\""};
}

std::optional<core::TextPair> refuseMissing(std::string_view text, const core::TextPair& what) {
    if (core::isBlank(text))
        return core::TextPair{"ต้องระบุ" + what.th, what.en + " is needed"};
    return std::nullopt;
}

}  // namespace

std::optional<core::TextPair> refuseCaseText(std::string_view text, const core::TextPair& what) {
    if (!core::isValidUtf8(text))
        return core::TextPair{what.th + " ไม่ใช่ข้อความที่อ่านได้ (UTF-8)", what.en + " is not readable text (UTF-8)"};
    const auto control = std::find_if(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7f;
    });
    if (control != text.end())
        return core::TextPair{what.th + " มีอักขระควบคุม", what.en + " holds a control character"};
    if (core::codePointCount(text) > kMaxCaseTextChars) {
        const std::string most = std::to_string(kMaxCaseTextChars);
        return core::TextPair{what.th + " ยาวเกิน " + most + " ตัวอักษร",
                              what.en + " is longer than " + most + " characters"};
    }
    return std::nullopt;
}

const core::TextPair& caseStateName(CaseState state) { return info(state).name; }

bool isOutcome(CaseState state) { return info(state).outcome; }

std::span<const CaseState> nextStates(CaseState from) {
    switch (from) {
    case CaseState::Received: return kFromReceived;
    case CaseState::Accepted: return kFromAccepted;
    case CaseState::InProgress: return kFromInProgress;
    case CaseState::Resolved: return kFromResolved;
    case CaseState::Closed: return {};
    case CaseState::Forwarded:
    case CaseState::NotOurs:
    case CaseState::Duplicate:
    case CaseState::Rejected: return kFromOtherOutcome;
    }
    return {};
}

std::optional<core::TextPair> refuseChange(CaseState from, std::string_view ticket, const CaseChange& change) {
    const auto allowed = nextStates(from);
    if (std::find(allowed.begin(), allowed.end(), change.to) == allowed.end()) {
        const auto f = quoted(from);
        const auto t = quoted(change.to);
        if (allowed.empty())
            return core::TextPair{"เรื่องที่" + f.th + "แล้ว เปลี่ยนสถานะไม่ได้อีก",
                                  "a case that is " + f.en + " cannot change any more"};
        core::TextPair can{"", ""};
        for (std::size_t i = 0; i < allowed.size(); ++i) {
            const auto q = quoted(allowed[i]);
            can.th += (i ? " " : "") + q.th;
            can.en += (i ? ", " : "") + q.en;
        }
        return core::TextPair{"เรื่องที่อยู่ในสถานะ" + f.th + " เปลี่ยนเป็น" + t.th + "ไม่ได้ เปลี่ยนได้เป็น " + can.th,
                              "a case that is " + f.en + " cannot become " + t.en + "; it can become " + can.en};
    }

    static const core::TextPair kReply{"คำตอบถึงผู้ร้องเรียน", "the reply to the citizen"};
    static const core::TextPair kUnit{"หน่วยงานที่รับผิดชอบ", "the unit that handles it"};
    static const core::TextPair kOfficer{"เจ้าหน้าที่ผู้รับผิดชอบ", "the officer who has it"};
    static const core::TextPair kForwardedTo{"หน่วยงานที่ส่งต่อไป", "the office or agency it goes to"};
    static const core::TextPair kWhere{"คำแนะนำว่าควรติดต่อที่ใด", "where the citizen should go instead"};
    static const core::TextPair kReason{"เหตุผลที่ไม่รับเรื่อง", "the reason for rejecting it"};
    static const core::TextPair kOther{"เลขที่เรื่องที่ซ้ำกัน", "the ticket of the case it repeats"};

    if (auto bad = refuseCaseText(change.reply, kReply))
        return bad;
    for (const auto* field : {&change.unit, &change.officer, &change.forwardedTo, &change.duplicateOf})
        if (field->size() > 256 || !core::isValidUtf8(*field))
            return core::TextPair{"ข้อมูลที่ส่งมายาวเกินหรืออ่านไม่ได้", "a field is too long or not readable text"};

    switch (change.to) {
    case CaseState::Accepted:
        if (auto missing = refuseMissing(change.unit, kUnit))
            return missing;
        return refuseMissing(change.officer, kOfficer);
    case CaseState::Resolved: return refuseMissing(change.reply, kReply);
    case CaseState::Forwarded: return refuseMissing(change.forwardedTo, kForwardedTo);
    case CaseState::NotOurs: return refuseMissing(change.reply, kWhere);
    case CaseState::Rejected: return refuseMissing(change.reply, kReason);
    case CaseState::Duplicate:
        if (!sync::isValidTicketId(change.duplicateOf))
            return core::TextPair{"ต้องระบุ" + kOther.th + "ให้ถูกต้อง", kOther.en + " is needed, written as on the receipt"};
        if (change.duplicateOf == ticket)
            return core::TextPair{"เรื่องหนึ่งซ้ำกับตัวเองไม่ได้", "a case cannot repeat itself"};
        return std::nullopt;
    case CaseState::Received:
    case CaseState::InProgress:
    case CaseState::Closed: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace fangsiang::hub
