#pragma once
// The kiosk without its screens: the device's identity and store, the hub
// pins, the content on show, the backend that turns a finished flow into a
// signed record, the flow itself and the background sync. A program puts a
// window and screens on top (apps/kiosk_app.cpp); a headless test drives
// the flow directly.

#include "kiosk/content_set.hpp"
#include "kiosk/flow.hpp"
#include "kiosk/hub_pins.hpp"
#include "kiosk/store.hpp"
#include "kiosk/store_backend.hpp"

#include "core/clock.hpp"
#include "core/identity.hpp"
#include "core/text_pair.hpp"
#include "sync/sync_worker.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::kiosk {

// What the runtime needs of the kiosk's configuration.
struct RuntimeOptions {
    std::filesystem::path dataDir = "data";  // identity, store, hub pins, synced data
    std::filesystem::path contentDir;        // the installed content
    std::string officeCode;                  // when the hub pins name none
    IdlePolicy idle;
    DisplaySettings display;                 // how the screens start, before a citizen chooses
    core::Clock clock = core::systemClock();  // stamps records and drives the flow's timers
};

class KioskRuntime {
public:
    // Loads the identity and the store from the data folder, the hub pins
    // and the content (refusing bad files with their error). A folder that
    // is enrolled or holds records but has lost device.key is refused
    // (kiosk/device_folder.hpp); a store that was lost opens, and takes no
    // records until it is recovered. A kiosk that is
    // not enrolled yet runs with `fallbackPins`, when given, so the demo
    // works without a hub; without them, an unenrolled kiosk is an error.
    [[nodiscard]] static core::Result<std::unique_ptr<KioskRuntime>> open(
        RuntimeOptions options, const std::optional<HubPins>& fallbackPins = std::nullopt);

    [[nodiscard]] KioskFlow& flow() { return *m_flow; }
    [[nodiscard]] Store& store() { return *m_store; }
    [[nodiscard]] const core::DeviceIdentity& identity() const { return *m_identity; }
    // The content on show (field mode reads every survey of it).
    [[nodiscard]] const KioskContent& content() const { return m_content->current(); }
    [[nodiscard]] const RuntimeOptions& options() const { return m_options; }
    [[nodiscard]] const core::Catalogue& catalogue() const { return m_content->current().catalogue; }
    [[nodiscard]] const HubPins& pins() const { return m_pins; }
    // True when hub.json was there: the kiosk syncs with its hub.
    [[nodiscard]] bool enrolled() const { return m_enrolled; }
    // Where the catalogue and surveys came from, for the log.
    [[nodiscard]] const std::string& contentSource() const { return m_content->current().source; }
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
    // Asks the background sync (when it runs) to send what waits now.
    void nudgeSync();
    // Whether the store takes records (kiosk/store.hpp), read now from the
    // runtime's own connection; nullopt when the store cannot say.
    [[nodiscard]] std::optional<ChainStanding> chainStanding();

private:
    KioskRuntime() = default;

    RuntimeOptions m_options;
    std::optional<core::DeviceIdentity> m_identity;
    std::optional<Store> m_store;
    HubPins m_pins;
    bool m_enrolled = false;
    std::optional<ContentSet> m_content;
    std::unique_ptr<StoreBackend> m_storeBackend;
    std::unique_ptr<KioskBackend> m_backend;
    std::unique_ptr<sync::SyncWorker> m_sync;
    std::unique_ptr<KioskFlow> m_flow;
};

// One line for the office's staff on the Welcome screen: whether this
// kiosk's records are reaching the hub, and how many wait; or, when the
// store takes no records (lost, or new and not yet confirmed by the hub),
// that, and what to do.
[[nodiscard]] core::TextPair describeSync(KioskRuntime& runtime, std::int64_t nowMs);
// The staff's words for a store that takes no records; empty for one that does.
[[nodiscard]] core::TextPair describeStanding(const ChainStanding& standing);

}  // namespace fangsiang::kiosk
