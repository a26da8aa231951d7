#pragma once
// The terminal's three faces in one program: the citizen kiosk, field
// survey mode and the staff menu between them (kiosk/field_flow.hpp,
// kiosk/staff_flow.hpp). `runTerminal` runs the window until it is closed;
// `fangsiang-kiosk run` starts it on the citizen kiosk, `fangsiang-kiosk
// field` in field mode.

#include "kiosk_app.hpp"

#include "kiosk/drafts.hpp"
#include "kiosk/field_backend.hpp"
#include "kiosk/field_flow.hpp"
#include "kiosk/staff_flow.hpp"

#include <screens/field_screens.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace fangsiang {

// Every survey of the content on show: the hub's bundle's surveys/*.json
// when it came from the hub, else the content folder's. A survey file that
// does not load is reported and left out.
[[nodiscard]] std::vector<core::SurveyDefinition> fieldSurveys(const kiosk::KioskRuntime& runtime);

// Field mode over the kiosk's runtime: its surveys, the drafts file (settled
// once at opening: see kiosk::DraftStore::settle), the backend and the flow.
class FieldSession {
public:
    [[nodiscard]] static core::Result<std::unique_ptr<FieldSession>> open(KioskApp& app);
    [[nodiscard]] kiosk::FieldFlow& flow() { return *m_flow; }
    [[nodiscard]] kiosk::DraftStore& drafts() { return *m_drafts; }
    // Drafts whose record had been signed before the program stopped.
    [[nodiscard]] int settled() const { return m_settled; }

private:
    FieldSession() = default;
    std::vector<core::SurveyDefinition> m_surveys;
    std::optional<kiosk::DraftStore> m_drafts;
    std::unique_ptr<kiosk::FieldStoreBackend> m_backend;
    std::unique_ptr<kiosk::FieldFlow> m_flow;
    int m_settled = 0;
};

// The staff menu's items over the real sync client, store and printer, the
// same functions `fangsiang-kiosk enroll`, `sync` and `export` run.
// syncNow() runs on a worker thread (StaffSyncJob) while status() is read
// by the screens: what both touch is under a lock.
class AppStaffBackend final : public kiosk::StaffBackend {
public:
    AppStaffBackend(KioskApp& app, platform::Window* window) : m_app(&app), m_window(window) {}
    [[nodiscard]] kiosk::StaffStatus status() override;
    [[nodiscard]] core::Result<std::string> enrol(const std::string& hubUrl, const std::string& code) override;
    [[nodiscard]] core::Result<std::string> syncNow() override;
    [[nodiscard]] std::vector<std::filesystem::path> removableMedia() override;
    [[nodiscard]] core::Result<std::string> exportTo(const std::filesystem::path& folder) override;
    [[nodiscard]] core::Result<std::string> printTest() override;

private:
    KioskApp* m_app;
    platform::Window* m_window;
    std::mutex m_mutex;
    std::int64_t m_lastSuccessMs = 0;
    std::optional<core::Error> m_lastError;
};

[[nodiscard]] kiosk::StaffPolicy staffPolicy(const KioskConfig& config, kiosk::TerminalMode from);

// What the terminal does when its window closes: stop, or open the kiosk
// again (after an enrolment from the staff menu: new hub pins).
enum class TerminalEnd { Closed, Reopen };

[[nodiscard]] core::Result<TerminalEnd> runTerminal(KioskApp& app, const RunOptions& options,
                                                    kiosk::TerminalMode start);

}  // namespace fangsiang
