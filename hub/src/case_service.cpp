// The office's work on cases (hub/case_service.hpp).

#include "hub/case_service.hpp"
#include "officer_json.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"

#include <algorithm>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;

CaseOpening caseOpeningFor(const core::Record& record, const CasePolicy& policy, std::int64_t filedAtMs) {
    CaseOpening o;
    o.hasContact = record.hasPersonalData();
    const auto payload = json::parse(record.payload(), nullptr, false);
    auto text = [&](const char* key) {
        if (!payload.is_object())
            return std::string();
        const auto it = payload.find(key);
        return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    o.category = text("category");
    o.text = text("text");
    o.village = text("village");
    o.landmark = text("landmark");
    if (payload.is_object()) {
        const auto it = payload.find("anonymous");
        o.anonymous = it != payload.end() && it->is_boolean() ? it->get<bool>() : !o.hasContact;
    }
    o.due = dueFor(policy, o.category, filedAtMs);
    return o;
}

void applyCaseAction(CaseRow& c, const CaseAction& a) {
    const std::int64_t at = a.event.atMs;
    if (a.to) {
        c.state = *a.to;
        if (*a.to == CaseState::Accepted && c.acceptedAtMs == 0)
            c.acceptedAtMs = at;
        if (isOutcome(*a.to) && c.outcomeAtMs == 0)
            c.outcomeAtMs = at;
        if (*a.to == CaseState::Resolved)
            c.resolvedAtMs = at;
        if (*a.to == CaseState::Closed)
            c.closedAtMs = at;
    }
    if (a.unit)
        c.unit = *a.unit;
    if (a.officer)
        c.officer = *a.officer;
    if (a.reply && !a.reply->empty()) {
        c.reply = *a.reply;
        if (c.firstReplyAtMs == 0)
            c.firstReplyAtMs = at;
    }
    if (a.forwardedTo)
        c.forwardedTo = *a.forwardedTo;
    if (a.duplicateOf)
        c.duplicateOf = *a.duplicateOf;
    if (a.hidden)
        c.hidden = *a.hidden;
    if (a.hiddenReason)
        c.hiddenReason = *a.hiddenReason;
    c.updatedAtMs = at;
}

namespace {

json stateJson(const CaseRow& c) {
    return {{"state", std::string(sync::ticketStatusName(c.state))}, {"unit", c.unit}, {"officer", c.officer},
            {"hidden", c.hidden}};
}

core::Error refused(const core::TextPair& why) {
    return makeError(ErrorCode::Conflict, why.th + " / " + why.en);
}

// What the citizen reads when the officer wrote nothing for a move that
// names somewhere else.
std::string defaultReply(const CaseChange& change) {
    if (change.to == CaseState::Forwarded)
        return "ส่งเรื่องต่อไปยัง " + change.forwardedTo + " / Forwarded to " + change.forwardedTo;
    if (change.to == CaseState::Duplicate)
        return "เรื่องนี้ซ้ำกับเรื่องเลขที่ " + change.duplicateOf + " / The same matter as case " + change.duplicateOf;
    return {};
}

}  // namespace

CaseService::CaseService(HubStorage& storage, const HubKeys* keys, core::Clock clock)
    : m_storage(storage), m_keys(keys), m_clock(std::move(clock)) {}

CaseAccess CaseService::accessTo(const Actor& actor, const CaseRow& row) const {
    const bool ownUnit = actor.role != Role::Officer || row.unit == actor.unitCode;
    CaseAccess a;
    a.change = ownUnit && permit(actor, Permission::ChangeCases, row.officeCode).ok();
    a.assign = permit(actor, Permission::AssignCases, row.officeCode).ok();
    a.showContact = ownUnit && row.hasContact && m_keys != nullptr &&
                    permit(actor, Permission::ShowContact, row.officeCode).ok();
    a.moderate = a.change;
    return a;
}

core::Result<CaseRow> CaseService::caseFor(const Actor& actor, const std::string& ticket, Permission what) {
    if (!sync::isValidTicketId(ticket))
        return makeError(ErrorCode::BadRequest, "\"" + ticket.substr(0, 40) + "\" is not a ticket number");
    auto row = TRY(m_storage.findCase(ticket));
    if (!row)
        return makeError(ErrorCode::NotFound, "there is no case " + ticket);
    TRY(permit(actor, what, row->officeCode));
    if (actor.role == Role::Officer && row->unit != actor.unitCode)
        return makeError(ErrorCode::Forbidden, "case " + ticket + " is not with your unit (" + actor.unitCode +
                                                   "); an officer sees the cases of their own unit");
    return std::move(*row);
}

CaseAction CaseService::actionFor(const Actor& actor, const CaseRow& row, std::string kind,
                                  const std::string& address) const {
    CaseAction a;
    a.ticket = row.ticket;
    a.expected = row.state;
    a.event.ticket = row.ticket;
    a.event.atMs = now();
    a.event.actor = actor.username;
    a.event.kind = kind;
    a.audit.atMs = a.event.atMs;
    a.audit.actor = actor.username;
    a.audit.officeCode = row.officeCode;
    a.audit.action = "case-" + kind;
    a.audit.subject = row.ticket;
    a.audit.before = jsonText(stateJson(row));
    a.audit.address = address;
    return a;
}

core::Result<CasePage> CaseService::list(const Actor& actor, CaseQuery query) {
    TRY(permit(actor, Permission::ReadCases, query.officeCode));
    if (actor.role == Role::Officer)
        query.unit = actor.unitCode;
    query.limit = std::clamp<std::size_t>(query.limit, 1, kMaxCasePage);
    query.nowMs = now();
    if (query.due == DueFilter::Soon) {
        const CasePolicy p = TRY(policy(query.officeCode));
        query.soonUntilMs = endOfDayMs(p, addDays(p, officeDate(p, query.nowMs), p.dueSoonDays));
    }
    return m_storage.listCases(query);
}

core::Result<Inbox> CaseService::inbox(const Actor& actor, const std::string& officeCode) {
    Inbox box;
    CaseQuery q;
    q.officeCode = officeCode;
    q.sort = CaseSort::SoonestDue;
    q.limit = kInboxListSize;
    // New: nobody has it yet; for an officer, what their unit was given and
    // has not started.
    q.states = {actor.role == Role::Officer ? CaseState::Accepted : CaseState::Received};
    auto fresh = TRY(list(actor, q));
    box.newCount = fresh.total;
    box.fresh = std::move(fresh.cases);
    q.states.clear();
    q.due = DueFilter::Soon;
    auto soon = TRY(list(actor, q));
    box.dueSoonCount = soon.total;
    box.dueSoon = std::move(soon.cases);
    q.due = DueFilter::Overdue;
    auto overdue = TRY(list(actor, q));
    box.overdueCount = overdue.total;
    box.overdue = std::move(overdue.cases);
    q.due = DueFilter::Any;
    q.openOnly = true;
    q.limit = 1;
    box.openCount = TRY(list(actor, q)).total;
    return box;
}

core::Result<CaseView> CaseService::view(const Actor& actor, const std::string& ticket) {
    CaseView v;
    v.row = TRY(caseFor(actor, ticket, Permission::ReadCases));
    v.events = TRY(m_storage.caseEvents(ticket));
    v.device = TRY(m_storage.findDevice(v.row.device));
    if (auto bytes = TRY(m_storage.recordBytes(v.row.device, v.row.sequence))) {
        if (auto record = core::Record::parse(*bytes)) {
            v.createdAtMs = record->createdAtMs();
            v.verified = record->device() == v.row.device && core::verifySignature(*record).ok();
        }
    }
    v.access = accessTo(actor, v.row);
    if (v.access.change)
        for (CaseState s : nextStates(v.row.state))
            if (s != CaseState::Accepted || v.access.assign)
                v.next.push_back(s);
    return v;
}

core::Status CaseService::checkChange(const CaseRow& row, const CaseChange& change) {
    if (auto why = refuseChange(row.state, row.ticket, change))
        return refused(*why);
    if (change.to == CaseState::Accepted) {
        if (!TRY(m_storage.findUnit(row.officeCode, change.unit)))
            return refused({"สำนักงานนี้ไม่มีหน่วยงาน " + change.unit,
                            "office " + row.officeCode + " has no unit " + change.unit});
        const auto officer = TRY(m_storage.findOfficer(change.officer));
        if (!officer || officer->disabledAtMs || officer->officeCode != row.officeCode ||
            (officer->role == Role::Officer && officer->unitCode != change.unit) || officer->role == Role::Viewer)
            return refused({"เจ้าหน้าที่ " + change.officer + " รับเรื่องของหน่วยงานนี้ไม่ได้",
                            "officer " + change.officer + " cannot take cases of unit " + change.unit +
                                " (no such active account in the unit)"});
    }
    if (change.to == CaseState::Duplicate) {
        const auto other = TRY(m_storage.findCase(change.duplicateOf));
        if (!other || other->officeCode != row.officeCode)
            return refused({"ไม่พบเรื่องเลขที่ " + change.duplicateOf + " ในสำนักงานนี้",
                            "there is no case " + change.duplicateOf + " in this office"});
    }
    return core::Ok{};
}

core::Result<CaseRow> CaseService::change(const Actor& actor, const std::string& ticket, CaseChange change,
                                          const std::string& address) {
    const CaseRow row = TRY(caseFor(actor, ticket, Permission::ChangeCases));
    if (change.to == CaseState::Accepted)
        TRY(permit(actor, Permission::AssignCases, row.officeCode));
    TRY(checkChange(row, change));
    if (core::isBlank(change.reply))
        change.reply = defaultReply(change);
    CaseAction a = actionFor(actor, row, "state", address);
    a.to = change.to;
    a.event.from = row.state;
    a.event.to = change.to;
    if (change.to == CaseState::Accepted) {
        a.unit = change.unit;
        a.officer = change.officer;
        a.event.unit = change.unit;
        a.event.officer = change.officer;
    }
    if (!change.reply.empty())
        a.reply = change.reply;
    if (change.to == CaseState::Forwarded)
        a.forwardedTo = change.forwardedTo;
    if (change.to == CaseState::Duplicate)
        a.duplicateOf = change.duplicateOf;
    a.event.text = change.reply;
    // The citizen hears of every new state and every reply; a reassignment
    // within the office is the office's own business.
    a.publish = change.to != row.state || !change.reply.empty();
    CaseRow after = row;
    after.state = change.to;
    after.unit = a.unit.value_or(row.unit);
    after.officer = a.officer.value_or(row.officer);
    a.audit.after = jsonText(stateJson(after));
    return m_storage.actOnCase(a);
}

core::Result<CaseRow> CaseService::addNote(const Actor& actor, const std::string& ticket, const std::string& text,
                                           const std::string& address) {
    const CaseRow row = TRY(caseFor(actor, ticket, Permission::ChangeCases));
    if (core::isBlank(text))
        return makeError(ErrorCode::BadRequest, "a note needs some text");
    if (auto why = refuseCaseText(text, {"บันทึก", "the note"}))
        return makeError(ErrorCode::BadRequest, why->en);
    CaseAction a = actionFor(actor, row, "note", address);
    a.event.text = text;
    a.event.internal = true;
    a.audit.after = a.audit.before;
    return m_storage.actOnCase(a);
}

core::Result<CaseRow> CaseService::moderate(const Actor& actor, const std::string& ticket, bool hidden,
                                            const std::string& reason, const std::string& address) {
    const CaseRow row = TRY(caseFor(actor, ticket, Permission::ChangeCases));
    if (hidden && core::isBlank(reason))
        return makeError(ErrorCode::BadRequest, "say why the text is hidden (offensive, personal data, ...)");
    if (auto why = refuseCaseText(reason, {"เหตุผล", "the reason"}))
        return makeError(ErrorCode::BadRequest, why->en);
    CaseAction a = actionFor(actor, row, hidden ? "hidden" : "shown", address);
    a.hidden = hidden;
    a.hiddenReason = hidden ? reason : std::string();
    a.event.text = reason;
    a.event.internal = true;
    CaseRow after = row;
    after.hidden = hidden;
    a.audit.after = jsonText(stateJson(after));
    return m_storage.actOnCase(a);
}

core::Result<std::string> CaseService::showContact(const Actor& actor, const std::string& ticket,
                                                   const std::string& address) {
    const CaseRow row = TRY(caseFor(actor, ticket, Permission::ShowContact));
    if (!row.hasContact)
        return makeError(ErrorCode::NotFound, "case " + ticket + " is anonymous: the citizen left no contact");
    if (m_keys == nullptr)
        return makeError(ErrorCode::Forbidden, "this hub process does not hold the key that opens contacts");
    // A kiosk's case: the contact sealed in its record; a partner's
    // (Open311): the contact sealed beside the case when it was filed.
    core::Bytes sealed;
    if (row.device == kOpen311Device) {
        auto kept = TRY(m_storage.open311().sealedContact(ticket));
        if (!kept)
            return makeError(ErrorCode::NotFound, "the contact of case " + ticket + " is not in the store");
        sealed = std::move(*kept);
    } else {
        auto bytes = TRY(m_storage.recordBytes(row.device, row.sequence));
        if (!bytes)
            return makeError(ErrorCode::NotFound, "the record of case " + ticket + " is not in the store");
        auto record = TRY(core::Record::parse(*bytes));
        const auto view = record.sealedPersonalData();
        sealed.assign(view.begin(), view.end());
    }
    auto opened = TRY(core::openSealed(sealed, m_keys->box));
    std::string contact(opened.begin(), opened.end());
    core::wipe(opened);
    // Audited before it is handed over: a failure to record the act shows nothing.
    CaseAction a = actionFor(actor, row, "contact", address);
    a.event.internal = true;
    a.audit.after = a.audit.before;
    if (auto stored = m_storage.actOnCase(a); !stored) {
        core::wipe(contact);
        return stored.error();
    }
    return contact;
}

core::Result<CasePolicy> CaseService::policy(const std::string& officeCode) {
    auto text = TRY(m_storage.casePolicy(officeCode));
    if (!text)
        return CasePolicy{};
    return parseCasePolicy(*text, "the case policy of office " + officeCode);
}

core::Result<std::vector<ReplyTemplate>> CaseService::templates(const Actor& actor, const std::string& officeCode) {
    TRY(permit(actor, Permission::ReadCases, officeCode));
    return m_storage.replyTemplates(officeCode);
}

core::Status CaseService::putTemplate(const Actor& actor, const ReplyTemplate& reply, const std::string& address) {
    TRY(permit(actor, Permission::ManageCaseSettings, reply.officeCode));
    for (const std::string* text : {&reply.th, &reply.en})
        if (auto why = refuseCaseText(*text, {"แม่แบบคำตอบ", "the template"}))
            return makeError(ErrorCode::BadRequest, why->en);
    if (core::isBlank(reply.th))
        return makeError(ErrorCode::BadRequest, "a reply template needs its Thai text");
    if (reply.category.empty() || reply.category.size() > 64)
        return makeError(ErrorCode::BadRequest, "a reply template names its category (or * for every category)");
    AuditEntry e{0, now(), actor.username, reply.officeCode, "template-set",
                 reply.category + "/" + std::string(sync::ticketStatusName(reply.state)), "",
                 jsonText({{"th", reply.th}, {"en", reply.en}}), address};
    return m_storage.putReplyTemplate(reply, e);
}

core::Status CaseService::setPolicy(const Actor& actor, const std::string& officeCode, const std::string& policyJson,
                                    const std::string& address) {
    TRY(permit(actor, Permission::ManageCaseSettings, officeCode));
    if (!TRY(m_storage.findOffice(officeCode)))
        return makeError(ErrorCode::NotFound, "office " + officeCode + " is not on this hub");
    TRY(parseCasePolicy(policyJson, "the case policy"));
    const auto before = TRY(m_storage.casePolicy(officeCode));
    AuditEntry e{0, now(), actor.username, officeCode, "policy-set", officeCode, before.value_or(""), policyJson,
                 address};
    return m_storage.putCasePolicy(officeCode, policyJson, now(), e);
}

}  // namespace fangsiang::hub
