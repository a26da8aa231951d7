// The webhook deliveries' worker (hub/webhook_sender.hpp): libcurl's multi
// interface sends one round of deliveries, each to a different hook, at once.

#include "hub/webhook_sender.hpp"
#include "hub/webhooks.hpp"

#include "core/crypto.hpp"
#include "core/record.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace fangsiang::hub {

using nlohmann::json;

namespace {

void initCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One delivery on its way.
struct Transfer {
    DueDelivery due;
    std::string body;
    std::vector<std::string> headers;
    curl_slist* headerList = nullptr;
    CURL* easy = nullptr;
    std::size_t received = 0;
    std::size_t maxReceived = 0;
    bool cutOff = false;  // the answer's body went past the limit: not read further
    char errorText[CURL_ERROR_SIZE] = {};
    std::int64_t startedAtMs = 0;

    ~Transfer() {
        if (easy != nullptr)
            curl_easy_cleanup(easy);
        curl_slist_free_all(headerList);
        core::wipe(body);
    }
};

std::size_t onAnswer(char*, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->received + n > t->maxReceived) {
        t->cutOff = true;
        return 0;  // stops reading: the status is all a delivery needs
    }
    t->received += n;
    return n;
}

std::string seconds(std::chrono::milliseconds ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
    return text;
}

// The citizen's contact, opened from the case's record now, for a hook the
// admin allowed personal data; nothing for an anonymous case.
std::optional<json> contactOf(HubStorage& storage, const HubKeys& keys, const std::string& ticket) {
    auto row = storage.findCase(ticket);
    if (!row || !*row || !(*row)->hasContact)
        return std::nullopt;
    auto bytes = storage.recordBytes((*row)->device, (*row)->sequence);
    if (!bytes || !*bytes)
        return std::nullopt;
    auto record = core::Record::parse(**bytes);
    if (!record)
        return std::nullopt;
    auto opened = core::openSealed(record->sealedPersonalData(), keys.box);
    if (!opened)
        return std::nullopt;
    json contact = json::parse(opened->begin(), opened->end(), nullptr, false);
    core::wipe(*opened);
    if (contact.is_discarded())
        return std::nullopt;
    return contact;
}

}  // namespace

std::chrono::milliseconds webhookRetryDelay(const WebhookSenderOptions& o, int attempts) {
    auto delay = o.firstRetry;
    for (int i = 1; i < attempts && delay < o.longestRetry; ++i)
        delay *= 2;
    return std::min(delay, o.longestRetry);
}

WebhookSender::WebhookSender(HubStorage& storage, const HubKeys& keys, WebhookSenderOptions options, core::Clock clock)
    : m_storage(storage), m_keys(keys), m_options(std::move(options)), m_clock(std::move(clock)) {
    initCurl();
}

WebhookSender::~WebhookSender() { stop(); }

void WebhookSender::start() {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { loop(); });
}

void WebhookSender::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void WebhookSender::loop() {
    for (;;) {
        auto sent = runOnce();
        if (!sent)
            std::fprintf(stderr, "fangsiang-hub: webhooks: %s; trying again soon\n", sent.error().message.c_str());
        std::unique_lock lock(m_mutex);
        if (m_stopping)
            return;
        // Straight on while a round was full: more may be due.
        if (sent && *sent >= m_options.batch)
            continue;
        m_wake.wait_for(lock, m_options.poll, [this] { return m_stopping; });
        if (m_stopping)
            return;
    }
}

core::Result<std::size_t> WebhookSender::runOnce() {
    const std::int64_t now = m_clock();
    const std::int64_t claim = now + (m_options.timeout + m_options.connectTimeout).count() + 60'000;
    auto due = TRY(m_storage.webhooks().claimDue(now, claim, m_options.batch));
    if (due.empty())
        return std::size_t{0};

    std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(), &curl_multi_cleanup);
    std::vector<std::unique_ptr<Transfer>> transfers;
    for (DueDelivery& d : due) {
        auto t = std::make_unique<Transfer>();
        t->due = std::move(d);
        json body = json::parse(t->due.delivery.payload, nullptr, false);
        if (!body.is_object())
            body = json::object();
        body["delivery"] = t->due.delivery.deliveryId;
        if (t->due.withPersonalData)
            if (auto contact = contactOf(m_storage, m_keys, t->due.delivery.ticket))
                body["contact"] = std::move(*contact);
        t->body = body.dump();
        auto secret = openWebhookSecret(t->due.sealedSecret, m_keys);
        const std::int64_t timestamp = m_clock() / 1000;
        if (!secret) {
            // Nothing can be signed: recorded as the attempt's outcome.
            t->startedAtMs = m_clock();
            t->easy = nullptr;
            std::snprintf(t->errorText, sizeof t->errorText, "the hook's secret does not open with this hub's key");
            transfers.push_back(std::move(t));
            continue;
        }
        t->headers = {"Content-Type: application/json",
                      "User-Agent: fangsiang-hub",
                      std::string(kWebhookEventHeader) + ": " + std::string(webhookEventName(t->due.delivery.event)),
                      std::string(kWebhookDeliveryHeader) + ": " + t->due.delivery.deliveryId,
                      std::string(kWebhookTimestampHeader) + ": " + std::to_string(timestamp),
                      std::string(kWebhookSignatureHeader) + ": " + webhookSignature(*secret, timestamp, t->body),
                      "Expect:"};
        core::wipe(*secret);
        for (const auto& h : t->headers)
            t->headerList = curl_slist_append(t->headerList, h.c_str());
        t->maxReceived = m_options.maxResponseBytes;
        CURL* e = curl_easy_init();
        t->easy = e;
        curl_easy_setopt(e, CURLOPT_URL, t->due.url.c_str());
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.timeout.count()));
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headerList);
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &onAnswer);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errorText);
        curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
        if (!m_options.caFile.empty())
            curl_easy_setopt(e, CURLOPT_CAINFO, m_options.caFile.c_str());
        t->startedAtMs = m_clock();
        curl_multi_add_handle(multi.get(), e);
        transfers.push_back(std::move(t));
    }

    int running = 0;
    do {
        if (curl_multi_perform(multi.get(), &running) != CURLM_OK)
            break;
        if (running > 0)
            curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            break;  // what is not finished stays claimed and is sent again later
    } while (running > 0);

    std::vector<std::pair<Transfer*, CURLcode>> finished;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        finished.emplace_back(t, msg->data.result);
    }
    for (auto& t : transfers)
        if (t->easy == nullptr)
            finished.emplace_back(t.get(), CURLE_OK);

    // Every handle leaves the multi before anything can return early.
    for (auto& t : transfers)
        if (t->easy != nullptr)
            curl_multi_remove_handle(multi.get(), t->easy);

    std::size_t attempted = 0;
    for (auto [t, code] : finished) {
        const std::int64_t done = m_clock();
        WebhookAttempt attempt;
        attempt.atMs = t->startedAtMs;
        attempt.tookMs = done - t->startedAtMs;
        long status = 0;
        if (t->easy != nullptr) {
            curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
            attempt.status = static_cast<int>(status);
        }
        const bool answered2xx = status >= 200 && status < 300 && (code == CURLE_OK || t->cutOff);
        if (t->easy == nullptr) {
            attempt.error = t->errorText;
        } else if (answered2xx) {
            // Delivered.
        } else if (code == CURLE_OPERATION_TIMEDOUT) {
            attempt.error = "no answer within " + seconds(m_options.timeout) + " (cut off)";
        } else if (code != CURLE_OK && !t->cutOff) {
            attempt.error = std::string(curl_easy_strerror(code)) + (t->errorText[0] ? ": " + std::string(t->errorText) : "");
        } else if (status >= 300 && status < 400) {
            char* location = nullptr;
            curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &location);
            attempt.error = "HTTP " + std::to_string(status) + ": a redirect" +
                            (location ? " to " + std::string(location).substr(0, 200) : std::string()) +
                            ", not followed (register the URL it names)";
        } else {
            attempt.error = "HTTP " + std::to_string(status);
        }
        DeliveryState state = DeliveryState::Delivered;
        std::int64_t next = 0;
        if (!attempt.error.empty()) {
            const auto delay = webhookRetryDelay(m_options, t->due.delivery.attempts + 1);
            next = done + delay.count();
            state = next - t->due.delivery.createdAtMs > m_options.giveUpAfter.count() ? DeliveryState::GivenUp
                                                                                      : DeliveryState::Pending;
            if (state == DeliveryState::GivenUp)
                attempt.error += "; given up after " + std::to_string(t->due.delivery.attempts + 1) + " attempts";
        }
        TRY(m_storage.webhooks().recordAttempt(t->due.delivery.id, attempt, state, next));
        ++attempted;
    }
    return attempted;
}

}  // namespace fangsiang::hub
