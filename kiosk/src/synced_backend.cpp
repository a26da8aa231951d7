#include "synced_backend.hpp"

#include "sync/sync_client.hpp"

namespace fangsiang::kiosk {

core::Result<ComplaintReceipt> SyncedBackend::submitComplaint(const ComplaintForm& form) {
    auto receipt = m_local.submitComplaint(form);
    if (receipt)
        m_saved();
    return receipt;
}

core::Status SyncedBackend::submitSurvey(const core::SurveyResponse& response) {
    auto saved = m_local.submitSurvey(response);
    if (saved)
        m_saved();
    return saved;
}

core::Result<TicketLookup> SyncedBackend::lookUpTicket(const core::Ticket& ticket) {
    auto local = m_local.lookUpTicket(ticket);
    auto update = sync::lookupTicket(m_dataDir, ticket.text());
    if (!update || !update->has_value())
        return local;  // nothing from the hub (or its file is unreadable): what this kiosk knows
    TicketLookup lookup;
    lookup.ticket = ticket;
    switch ((*update)->status) {
    case sync::TicketStatus::Received: lookup.state = TicketState::ReceivedByOffice; break;
    case sync::TicketStatus::InProgress: lookup.state = TicketState::InProgress; break;
    case sync::TicketStatus::Resolved: lookup.state = TicketState::Resolved; break;
    }
    lookup.reply = (*update)->reply;
    lookup.updatedAtMs = (*update)->updatedAtMs;
    return lookup;
}

}  // namespace fangsiang::kiosk
