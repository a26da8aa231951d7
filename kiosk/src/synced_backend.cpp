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

namespace {

TicketState ticketStateOf(sync::TicketStatus status) {
    using sync::TicketStatus;
    switch (status) {
    case TicketStatus::Received: return TicketState::ReceivedByOffice;
    case TicketStatus::Accepted: return TicketState::Accepted;
    case TicketStatus::InProgress: return TicketState::InProgress;
    case TicketStatus::Resolved: return TicketState::Resolved;
    case TicketStatus::Closed: return TicketState::Closed;
    case TicketStatus::Forwarded: return TicketState::Forwarded;
    case TicketStatus::NotOurs: return TicketState::NotOurs;
    case TicketStatus::Duplicate: return TicketState::Duplicate;
    case TicketStatus::Rejected: return TicketState::Rejected;
    }
    return TicketState::ReceivedByOffice;
}

}  // namespace

core::Result<TicketLookup> SyncedBackend::lookUpTicket(const core::Ticket& ticket) {
    auto local = m_local.lookUpTicket(ticket);
    auto update = sync::lookupTicket(m_dataDir, ticket.text());
    if (!update || !update->has_value())
        return local;  // nothing from the hub (or its file is unreadable): what this kiosk knows
    TicketLookup lookup;
    lookup.ticket = ticket;
    lookup.state = ticketStateOf((*update)->status);
    lookup.reply = (*update)->reply;
    lookup.updatedAtMs = (*update)->updatedAtMs;
    return lookup;
}

}  // namespace fangsiang::kiosk
