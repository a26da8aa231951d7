#pragma once
// The staff menu's "sync now" off the thread that draws: the push and pull
// take as long as the link does (a slow 3G link, a hub that does not
// answer until the client's timeout), and the screen must keep answering
// touches and saying "sending…" meanwhile. The job runs the backend's
// syncNow() on a thread of its own and, when it has finished, wakes the
// frame loop (platform::wakeFrameLoop) so that the outcome is drawn at
// once without the loop polling for it.

#include "kiosk/staff_flow.hpp"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace fangsiang {

class StaffSyncJob {
public:
    StaffSyncJob() = default;
    ~StaffSyncJob() { join(); }
    StaffSyncJob(const StaffSyncJob&) = delete;
    StaffSyncJob& operator=(const StaffSyncJob&) = delete;

    // Starts `backend.syncNow()` unless a sync is under way already;
    // `finished` runs on the worker thread once the result is ready.
    bool start(kiosk::StaffBackend& backend, std::function<void()> finished) {
        if (m_running)
            return false;
        join();
        m_running = true;
        m_thread = std::thread([this, &backend, finished = std::move(finished)] {
            auto result = backend.syncNow();
            {
                std::lock_guard lock(m_mutex);
                m_result.emplace(std::move(result));
            }
            m_running = false;
            if (finished)
                finished();
        });
        return true;
    }
    [[nodiscard]] bool running() const { return m_running; }
    // The outcome, once, when the sync has finished.
    [[nodiscard]] std::optional<core::Result<std::string>> take() {
        std::lock_guard lock(m_mutex);
        std::optional<core::Result<std::string>> out = std::move(m_result);
        m_result.reset();
        return out;
    }
    // Waits for a sync under way (the program closing).
    void join() {
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    std::atomic<bool> m_running{false};
    std::mutex m_mutex;
    std::optional<core::Result<std::string>> m_result;
    std::thread m_thread;
};

// Between frames: a sync the staff asked for is started, and a finished
// one's outcome handed to the flow. Returns true when the screen changed.
inline bool serviceStaffSync(kiosk::StaffFlow* staff, kiosk::StaffBackend& backend, StaffSyncJob& job,
                             std::int64_t nowMs, const std::function<void()>& wake) {
    bool changed = false;
    if (auto result = job.take()) {
        if (staff != nullptr)
            staff->synced(*result, nowMs);
        changed = true;
    }
    if (staff != nullptr && staff->syncPending() && !job.running() && job.start(backend, wake))
        changed = true;
    return changed;
}

}  // namespace fangsiang
