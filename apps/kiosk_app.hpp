#pragma once
// The kiosk program put together: configuration, content, the device's
// identity and store, the flow, and the screens on an SDL window. `run` is
// the counter kiosk; `runScriptedDemo` walks a citizen's complaint and
// survey through the real screens with scripted touches and saves a PNG of
// every screen.

#include "kiosk_config.hpp"

#include "core/announcements.hpp"
#include "core/catalogue.hpp"
#include "kiosk/flow.hpp"
#include "kiosk/hub_pins.hpp"
#include "core/identity.hpp"
#include "kiosk/service_search.hpp"
#include "kiosk/store.hpp"
#include "kiosk/store_backend.hpp"
#include "core/survey.hpp"
#include "sync/sync_worker.hpp"

#include <platform/receipt_printer.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang {

// The files content is built from, by name within the content folder
// ("catalogue.json", "surveys/standard-satisfaction.json", ...).
using ContentFiles = std::map<std::string, std::string>;

// The content on show: the catalogue, its search index, the survey and the
// office's announcements, kept together because the index and the flow
// point into them.
struct KioskContent {
    core::Catalogue catalogue;
    core::SurveyDefinition survey;
    core::Announcements announcements;
    std::optional<kiosk::ServiceSearch> search;
    std::string source;  // where it came from, in words for the log
    ContentFiles files;  // what it was built from, to notice a real change
};

class KioskRuntime {
public:
    // Loads content (refusing bad files with their error), the identity and
    // the store from the data folder, and the hub pins. A kiosk that is not
    // enrolled yet runs with `fallbackPins`, when given, so the demo works
    // without a hub; without it, an unenrolled kiosk is an error.
    [[nodiscard]] static core::Result<std::unique_ptr<KioskRuntime>> open(
        const KioskConfig& config, const std::optional<kiosk::HubPins>& fallbackPins = std::nullopt);

    [[nodiscard]] kiosk::KioskFlow& flow() { return *m_flow; }
    [[nodiscard]] kiosk::Store& store() { return *m_store; }
    [[nodiscard]] const KioskConfig& config() const { return m_config; }
    [[nodiscard]] const core::Catalogue& catalogue() const { return m_content->catalogue; }
    [[nodiscard]] const kiosk::HubPins& pins() const { return m_pins; }
    // Prints receipts; until a thermal printer is configured, as PNG files
    // in <data>/receipts/.
    [[nodiscard]] platform::ReceiptPrinter& printer() { return *m_printer; }
    // True when hub.json was there: the kiosk syncs with its hub.
    [[nodiscard]] bool enrolled() const { return m_enrolled; }
    // Where the catalogue and surveys came from, for the log.
    [[nodiscard]] const std::string& contentSource() const { return m_content->source; }
    // Looks for changed content (a bundle the sync brought, an edited file),
    // at most every few seconds. Valid new content goes on show the next
    // time the Welcome screen is up; bad content is reported in plain words
    // and the content on show stays. Returns true when what is on show
    // changed.
    bool refreshContent(std::int64_t nowMs);
    // The office's announcements for today, for the Welcome screen.
    [[nodiscard]] std::vector<core::Announcement> announcements(std::int64_t nowMs) const;
    // Starts the background sync (enrolled kiosks only); records saved after
    // this nudge it so they leave at once when the link is up.
    void startSync();
    [[nodiscard]] std::optional<sync::SyncState> syncState() const;

private:
    KioskRuntime() = default;
    [[nodiscard]] core::Result<std::unique_ptr<KioskContent>> loadContent();
    [[nodiscard]] std::string contentStamp() const;
    KioskConfig m_config;
    std::unique_ptr<KioskContent> m_content;
    std::unique_ptr<KioskContent> m_pendingContent;  // waiting for the Welcome screen
    std::string m_contentStamp;
    std::int64_t m_nextContentCheckMs = 0;
    std::optional<core::DeviceIdentity> m_identity;
    std::optional<kiosk::Store> m_store;
    kiosk::HubPins m_pins;
    bool m_enrolled = false;
    std::unique_ptr<kiosk::StoreBackend> m_storeBackend;
    std::unique_ptr<kiosk::KioskBackend> m_backend;
    std::unique_ptr<sync::SyncWorker> m_sync;
    std::unique_ptr<platform::ReceiptPrinter> m_printer;
    std::unique_ptr<kiosk::KioskFlow> m_flow;
};

[[nodiscard]] std::int64_t wallClockMs();

// One line for the office's staff on the Welcome screen: whether this
// kiosk's records are reaching the hub, and how many wait.
[[nodiscard]] core::TextPair describeSync(const KioskRuntime& runtime, std::int64_t nowMs);

struct RunOptions {
    int width = 800;
    int height = 480;
    bool fullscreen = true;
};
// The counter kiosk: runs until the window is closed.
[[nodiscard]] core::Status runKiosk(KioskRuntime& runtime, const RunOptions& options);

struct DemoResult {
    std::vector<std::filesystem::path> screenshots;
    std::string ticket;
    std::filesystem::path receipt;
};
// Walks a complaint (with contact details) and a survey through the screens
// under whatever SDL video driver is set (the offscreen one for CI), saving
// "<outDir>/<size>-<nn>-<screen>.png" for every screen it passes.
[[nodiscard]] core::Result<DemoResult> runScriptedDemo(KioskRuntime& runtime, const std::filesystem::path& outDir,
                                                        int width, int height, core::Language language);

}  // namespace fangsiang
