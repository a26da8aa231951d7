#include "kiosk/store_backend.hpp"

#include "core/crypto.hpp"

#include <nlohmann/json.hpp>

namespace fangsiang::kiosk {

std::string StoreBackend::complaintPayload(const ComplaintForm& form, std::string_view officeCode) {
    nlohmann::json payload = {
        {"type", "complaint"},
        {"office", std::string(officeCode)},
        {"category", form.category ? complaintCategoryId(*form.category) : "other"},
        {"text", form.description},
        {"anonymous", !form.giveContact.value_or(false)},
    };
    if (!form.village.empty())
        payload["village"] = form.village;
    if (!form.landmark.empty())
        payload["landmark"] = form.landmark;
    return payload.dump();
}

std::string StoreBackend::contactJson(const ComplaintForm& form) {
    nlohmann::json contact = nlohmann::json::object();
    if (!form.name.empty())
        contact["name"] = form.name;
    if (!form.phone.empty())
        contact["phone"] = form.phone;
    return contact.dump();
}

core::Result<ComplaintReceipt> StoreBackend::submitComplaint(const ComplaintForm& form) {
    if (m_pins.deviceNumber == 0)
        return core::makeError(core::ErrorCode::InvalidArgument, "this kiosk has no device number yet: enrol it with the hub");
    core::RecordDraft draft{core::RecordKind::Complaint, complaintPayload(form, m_pins.officeCode), {}};
    const bool withContact = form.giveContact.value_or(false) && (!form.name.empty() || !form.phone.empty());
    if (withContact) {
        std::string contact = contactJson(form);
        auto sealed = core::sealPersonalData(contact, m_pins.hubBoxKey);
        core::wipe(contact);  // whether or not sealing worked
        draft.sealedPersonalData = TRY(std::move(sealed));
    }
    const auto record = TRY(m_store->append(*m_identity, draft, m_clock()));
    ComplaintReceipt receipt;
    receipt.ticket = core::Ticket{m_pins.officeCode, m_pins.deviceNumber, record.sequence()};
    receipt.checkCode = core::receiptCheckCode(record);
    receipt.createdAtMs = record.createdAtMs();
    receipt.withContact = withContact;
    return receipt;
}

core::Status StoreBackend::submitSurvey(const core::SurveyResponse& response) {
    auto payload = TRY(response.toPayload("kiosk"));
    TRY(m_store->append(*m_identity, core::RecordDraft{core::RecordKind::SurveyResponse, std::move(payload), {}},
                        m_clock()));
    return core::Ok{};
}

bool StoreBackend::takesRecords() {
    // A kiosk started before its enrolment has no device number, and so no
    // ticket number to give: the citizen is sent to the counter at once.
    if (m_pins.deviceNumber == 0)
        return false;
    const auto standing = m_store->standing();
    return standing && standing->takesRecords();
}

core::Result<TicketLookup> StoreBackend::lookUpTicket(const core::Ticket& ticket) {
    TicketLookup lookup;
    lookup.ticket = ticket;
    if (ticket.officeCode != m_pins.officeCode || ticket.deviceNumber != m_pins.deviceNumber)
        return lookup;  // another kiosk's ticket: known only once the hub sends its status
    const auto record = TRY(m_store->get(ticket.sequence));
    const auto counts = TRY(m_store->counts());
    if (!record) {
        // Pruned after the retention period: the hub acknowledged it long
        // ago. Unless the record was lost with a lost store before it
        // reached the hub: then this kiosk knows nothing of it.
        if (ticket.sequence <= counts.acknowledgedUpTo && !TRY(m_store->lostInRecovery(ticket.sequence)))
            lookup.state = TicketState::ReceivedByOffice;
        return lookup;
    }
    if (record->kind() != core::RecordKind::Complaint)
        return lookup;
    lookup.state = counts.acknowledgedUpTo >= ticket.sequence ? TicketState::ReceivedByOffice
                                                               : TicketState::SavedOnKiosk;
    lookup.updatedAtMs = record->createdAtMs();
    return lookup;
}

}  // namespace fangsiang::kiosk
