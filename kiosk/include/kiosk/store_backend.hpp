#pragma once
// The kiosk's backend over the real record store: a complaint becomes a
// signed record whose contact details are sealed to the hub before they reach
// the disk; a survey response becomes a signed record; a ticket is looked up
// in the store (and, once sync brings them, in the hub's status updates).

#include "core/clock.hpp"
#include "core/identity.hpp"
#include "kiosk/flow.hpp"
#include "kiosk/hub_pins.hpp"
#include "kiosk/store.hpp"

namespace fangsiang::kiosk {

class StoreBackend final : public KioskBackend {
public:
    using Clock = core::Clock;

    StoreBackend(Store& store, const core::DeviceIdentity& identity, HubPins pins, Clock clock)
        : m_store(&store), m_identity(&identity), m_pins(std::move(pins)), m_clock(std::move(clock)) {}

    [[nodiscard]] core::Result<ComplaintReceipt> submitComplaint(const ComplaintForm& form) override;
    [[nodiscard]] core::Status submitSurvey(const core::SurveyResponse& response) override;
    [[nodiscard]] core::Result<TicketLookup> lookUpTicket(const core::Ticket& ticket) override;
    [[nodiscard]] std::string homeOffice() const override { return m_pins.officeCode; }
    // The store's own word (Store::standing), read at the moment of asking:
    // the sync worker or `fangsiang-kiosk recover` may change it meanwhile;
    // and false without a device number (not enrolled yet).
    [[nodiscard]] bool takesRecords() override;

    // The record payload and sealed contact JSON of a complaint, exposed so
    // tests can check exactly what is stored.
    [[nodiscard]] static std::string complaintPayload(const ComplaintForm& form, std::string_view officeCode);
    [[nodiscard]] static std::string contactJson(const ComplaintForm& form);

private:
    Store* m_store;
    const core::DeviceIdentity* m_identity;
    HubPins m_pins;
    Clock m_clock;
};

}  // namespace fangsiang::kiosk
