#pragma once
// The worker of `fangsiang-hub serve` that sends webhook deliveries
// (hub/webhooks.hpp) from the store's outbox: HTTP POST of JSON over http or
// https (libcurl), signed with the hook's secret, several hooks at once.
// At least once: a delivery is marked delivered only after its receiver
// answered 2xx, so a hub stopped in between sends it again with the same
// delivery id. Each attempt is recorded with its outcome; a failed delivery
// is tried again after 30 s, 1 min, 2 min, ... (at most the longest delay),
// and given up once the next try would fall more than a day after the event.
// A hook's deliveries go in order; one that fails or is slow holds back
// only its own hook's.

#include "hub/keys.hpp"
#include "hub/storage.hpp"

#include "core/clock.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace fangsiang::hub {

struct WebhookSenderOptions {
    std::chrono::milliseconds firstRetry{30'000};
    std::chrono::milliseconds longestRetry{std::chrono::hours(6)};
    std::chrono::milliseconds giveUpAfter{std::chrono::hours(24)};
    // A receiver that has not answered by then is cut off (a failed attempt).
    std::chrono::milliseconds timeout{10'000};
    std::chrono::milliseconds connectTimeout{5'000};
    // How often the outbox is looked at when nothing woke the worker.
    std::chrono::milliseconds poll{1'000};
    std::size_t maxResponseBytes = 4096;  // read of an answer's body, no more
    std::size_t batch = 16;               // deliveries (of different hooks) sent at once
    std::string caFile;                   // extra CA certificates for https receivers (PEM); empty: the system's
};

// The delay before the try after `attempts` failed ones.
[[nodiscard]] std::chrono::milliseconds webhookRetryDelay(const WebhookSenderOptions& options, int attempts);

class WebhookSender {
public:
    WebhookSender(HubStorage& storage, const HubKeys& keys, WebhookSenderOptions options = {},
                  core::Clock clock = core::systemClock());
    ~WebhookSender();
    WebhookSender(const WebhookSender&) = delete;
    WebhookSender& operator=(const WebhookSender&) = delete;

    // Sends on a thread of its own until stop().
    void start();
    void stop();
    // One round: claims the deliveries due, sends them, records each outcome;
    // how many were attempted. The thread calls it; tests may too.
    [[nodiscard]] core::Result<std::size_t> runOnce();

private:
    void loop();

    HubStorage& m_storage;
    const HubKeys& m_keys;
    WebhookSenderOptions m_options;
    core::Clock m_clock;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace fangsiang::hub
