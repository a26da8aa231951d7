#include "hub/request_window.hpp"

namespace fangsiang::hub {

RequestWindow::RequestWindow(std::int64_t startedAtMs, RequestWindowLimits limits)
    : m_startedAtMs(startedAtMs), m_limits(limits) {}

void RequestWindow::forgetExpired(std::int64_t nowMs) {
    while (!m_expiry.empty() && m_expiry.top().first < nowMs) {
        const Key& key = m_expiry.top().second;
        m_seen.erase(key);
        auto device = m_perDevice.find(key.substr(0, core::kPublicKeySize));
        if (device != m_perDevice.end() && --device->second == 0)
            m_perDevice.erase(device);
        m_expiry.pop();
    }
}

RequestWindow::Verdict RequestWindow::admit(const sync::PublicKey& device, const sync::Nonce& nonce,
                                            std::int64_t requestTimeMs, std::int64_t nowMs) {
    if (requestTimeMs < nowMs - sync::kRequestWindowMs || requestTimeMs > nowMs + sync::kRequestWindowMs ||
        requestTimeMs < m_startedAtMs)
        return Verdict::OutsideWindow;
    std::string deviceKey(device.begin(), device.end());
    Key key = deviceKey;
    key.append(nonce.begin(), nonce.end());

    std::lock_guard lock(m_mutex);
    forgetExpired(nowMs);
    if (m_seen.contains(key))
        return Verdict::Seen;
    auto [count, _] = m_perDevice.try_emplace(std::move(deviceKey), 0);
    if (m_seen.size() >= m_limits.total || count->second >= m_limits.perDevice) {
        if (count->second == 0)
            m_perDevice.erase(count);
        return Verdict::Full;
    }
    ++count->second;
    // Once the hub's clock passes requestTime + window the time check alone
    // refuses the request, and the nonce can go.
    m_expiry.emplace(requestTimeMs + sync::kRequestWindowMs, key);
    m_seen.insert(std::move(key));
    return Verdict::Fresh;
}

std::size_t RequestWindow::size() const {
    std::lock_guard lock(m_mutex);
    return m_seen.size();
}

}  // namespace fangsiang::hub
