#include "kiosk/runtime.hpp"

#include "synced_backend.hpp"

#include "kiosk/device_folder.hpp"

#include <cstdio>
#include <ctime>

namespace fangsiang::kiosk {

using core::ErrorCode;
using core::makeError;
using core::Result;

// [SECTION] Putting the kiosk together

Result<std::unique_ptr<KioskRuntime>> KioskRuntime::open(RuntimeOptions options,
                                                         const std::optional<HubPins>& fallbackPins) {
    std::unique_ptr<KioskRuntime> rt(new KioskRuntime());
    rt->m_options = std::move(options);
    const RuntimeOptions& o = rt->m_options;

    rt->m_identity.emplace(TRY(openDeviceIdentity(o.dataDir)));
    rt->m_store.emplace(TRY(Store::open(o.dataDir / "records.db")));

    auto pins = loadHubPins(o.dataDir);
    if (pins) {
        rt->m_pins = std::move(*pins);
        rt->m_enrolled = true;
    } else if (pins.error().code == ErrorCode::NotFound && fallbackPins) {
        rt->m_pins = *fallbackPins;
    } else if (pins.error().code == ErrorCode::NotFound) {
        return makeError(ErrorCode::NotFound, pins.error().message +
                                                  "; enrol it first: fangsiang-kiosk enroll HUB-URL CODE");
    } else {
        return pins.error();
    }
    if (rt->m_pins.officeCode.empty())
        rt->m_pins.officeCode = o.officeCode;

    ContentSources sources{o.contentDir, o.dataDir, std::nullopt};
    if (rt->m_enrolled)
        sources.hubSigningKey = rt->m_pins.hubSigningKey;
    rt->m_content.emplace(TRY(ContentSet::load(std::move(sources))));

    rt->m_storeBackend = std::make_unique<StoreBackend>(*rt->m_store, *rt->m_identity, rt->m_pins, o.clock);
    KioskRuntime* self = rt.get();
    rt->m_backend = std::make_unique<SyncedBackend>(*rt->m_storeBackend, o.dataDir, [self] {
        if (self->m_sync)
            self->m_sync->nudge();
    });
    const KioskContent& content = rt->m_content->current();
    rt->m_flow = std::make_unique<KioskFlow>(content.catalogue, *content.search, content.survey, *rt->m_backend,
                                             o.idle, o.display, o.clock());
    return rt;
}

// [SECTION] Content while the kiosk runs

bool KioskRuntime::refreshContent(std::int64_t nowMs) {
    m_content->poll(nowMs);
    const KioskContent* next = m_content->pending();
    if (next == nullptr)
        return false;
    if (!m_flow->replaceContent(next->catalogue, *next->search, next->survey))
        return false;  // someone is using the kiosk: at the next Welcome screen
    m_content->showPending();
    std::printf("fangsiang-kiosk: now showing %s\n", contentSource().c_str());
    return true;
}

std::vector<core::Announcement> KioskRuntime::announcements(std::int64_t nowMs) const {
    return m_content->current().announcements.current(core::Day::ofInstant(nowMs));
}

// [SECTION] Sync

void KioskRuntime::startSync() {
    if (!m_enrolled || m_sync)
        return;
    m_sync = std::make_unique<sync::SyncWorker>(m_options.dataDir, sync::WorkerOptions{});
    m_sync->start();
}

std::optional<sync::SyncState> KioskRuntime::syncState() const {
    if (!m_sync)
        return std::nullopt;
    return m_sync->state();
}

void KioskRuntime::nudgeSync() {
    if (m_sync)
        m_sync->nudge();
}

std::optional<ChainStanding> KioskRuntime::chainStanding() {
    auto standing = m_store->standing();
    if (!standing)
        return std::nullopt;
    return std::move(*standing);
}

namespace {

// "14:05" today, "3/12 14:05" on another day, in local time.
std::string clockText(std::int64_t ms, std::int64_t nowMs) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    const std::time_t now = static_cast<std::time_t>(nowMs / 1000);
    std::tm at{};
    std::tm today{};
    localtime_r(&t, &at);
    localtime_r(&now, &today);
    char buf[32];
    if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
        std::snprintf(buf, sizeof buf, "%02d:%02d", at.tm_hour, at.tm_min);
    else
        std::snprintf(buf, sizeof buf, "%d/%d %02d:%02d", at.tm_mday, at.tm_mon + 1, at.tm_hour, at.tm_min);
    return buf;
}

}  // namespace

core::TextPair describeStanding(const ChainStanding& standing) {
    switch (standing.state) {
    case ChainState::Anchored: return {};
    case ChainState::Unanchored:
        return {"ที่เก็บบันทึกของตู้นี้เป็นของใหม่ ตู้จะรับเรื่องได้เมื่อติดต่อสำนักงานได้แล้ว",
                "This kiosk's record store is new: it takes records once the hub has said how many it holds from it"};
    case ChainState::Lost: {
        const std::string n = std::to_string(standing.hubHeld);
        return {"บันทึกในเครื่องนี้สูญหาย สำนักงานมีบันทึกจากตู้นี้ " + n +
                    " รายการ กรุณาแจ้งเจ้าหน้าที่ไอทีให้สั่ง fangsiang-kiosk recover",
                "This kiosk lost its record store: the hub holds " + n + (standing.hubHeld == 1 ? " record" : " records") +
                    " from it. Ask the IT person to run fangsiang-kiosk recover."};
    }
    }
    return {};
}

core::TextPair describeSync(KioskRuntime& rt, std::int64_t nowMs) {
    if (!rt.enrolled())
        return {"ตู้นี้ยังไม่ได้ลงทะเบียนกับสำนักงาน ข้อมูลเก็บไว้ที่ตู้นี้",
                "This kiosk is not enrolled with the office: records stay on it"};
    // A store that takes no records comes first: the staff must act.
    if (const auto standing = rt.chainStanding(); standing && !standing->takesRecords())
        return describeStanding(*standing);
    const auto state = rt.syncState();
    if (!state)
        return {};
    core::TextPair line;
    if (state->lastSuccessMs > 0) {
        const std::string at = clockText(state->lastSuccessMs, nowMs);
        line = {"ส่งถึงสำนักงานล่าสุด " + at + " น.", "Last reached the office at " + at};
    } else {
        line = {"ยังไม่ได้ติดต่อสำนักงาน", "Not yet in touch with the office"};
    }
    if (state->queued > 0) {
        const std::string n = std::to_string(state->queued);
        line.th += " · รอส่ง " + n + " รายการ";
        line.en += " · " + n + (state->queued == 1 ? " record waiting" : " records waiting");
    }
    if (!state->lastError.empty() && state->consecutiveFailures > 0) {
        line.th += " · ติดต่อไม่สำเร็จ จะลองใหม่เอง";
        line.en += " · last try failed: " + state->lastError;
    }
    return line;
}

}  // namespace fangsiang::kiosk
