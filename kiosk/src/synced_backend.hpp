#pragma once
// The kiosk's backend once it syncs: records go to the store (and nudge the
// sync worker), and a ticket's status is the hub's latest word on it when
// the sync worker has pulled and verified one, else what the store knows.
// Private to the kiosk runtime.

#include "kiosk/flow.hpp"
#include "kiosk/store_backend.hpp"

#include <filesystem>
#include <functional>

namespace fangsiang::kiosk {

class SyncedBackend final : public KioskBackend {
public:
    // `saved` runs after each record is stored.
    SyncedBackend(StoreBackend& local, std::filesystem::path dataDir, std::function<void()> saved)
        : m_local(local), m_dataDir(std::move(dataDir)), m_saved(std::move(saved)) {}

    [[nodiscard]] core::Result<ComplaintReceipt> submitComplaint(const ComplaintForm& form) override;
    [[nodiscard]] core::Status submitSurvey(const core::SurveyResponse& response) override;
    [[nodiscard]] core::Result<TicketLookup> lookUpTicket(const core::Ticket& ticket) override;
    [[nodiscard]] std::string homeOffice() const override { return m_local.homeOffice(); }
    [[nodiscard]] bool takesRecords() override { return m_local.takesRecords(); }

private:
    StoreBackend& m_local;
    std::filesystem::path m_dataDir;
    std::function<void()> m_saved;
};

}  // namespace fangsiang::kiosk
