#pragma once
// Field mode's backend over the real record store: an interview becomes a
// signed survey record, and the session's counters and quotas are read
// from the records this device holds (acknowledged records pruned after
// the retention period no longer count).

#include "core/clock.hpp"
#include "core/identity.hpp"
#include "kiosk/field_flow.hpp"
#include "kiosk/store.hpp"

#include <functional>

namespace fangsiang::kiosk {

class FieldStoreBackend final : public FieldBackend {
public:
    // `saved` runs after each record is stored (to nudge the sync).
    FieldStoreBackend(Store& store, const core::DeviceIdentity& identity, core::Clock clock,
                      std::function<void()> saved = {})
        : m_store(&store), m_identity(&identity), m_clock(std::move(clock)), m_saved(std::move(saved)) {}

    [[nodiscard]] core::Status submit(const FieldSubmission& submission) override;
    [[nodiscard]] core::Result<std::uint64_t> head() override;
    [[nodiscard]] FieldCounts counts(std::string_view surveyId, std::int64_t nowMs) override;
    [[nodiscard]] std::vector<std::pair<core::ConditionValue, int>> quotaCounts(std::string_view surveyId,
                                                                              std::string_view question) override;
    [[nodiscard]] bool takesRecords() override;

private:
    Store* m_store;
    const core::DeviceIdentity* m_identity;
    core::Clock m_clock;
    std::function<void()> m_saved;
};

}  // namespace fangsiang::kiosk
