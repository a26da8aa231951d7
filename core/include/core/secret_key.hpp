#pragma once
// Secret key material that wipes itself. Lives in memory that libsodium locks
// (kept out of swap where the system allows it) and is zeroed with
// sodium_memzero when the object dies. Not copyable: a secret has one owner.

#include <cstddef>
#include <cstdint>
#include <span>

namespace fangsiang::core {

namespace detail {
void* secureAlloc(std::size_t size);
void secureFree(void* ptr, std::size_t size);
}  // namespace detail

template <std::size_t N>
class SecretKey {
public:
    static constexpr std::size_t kSize = N;

    SecretKey() : m_bytes(static_cast<std::uint8_t*>(detail::secureAlloc(N))) {}
    ~SecretKey() { detail::secureFree(m_bytes, N); }

    SecretKey(const SecretKey&) = delete;
    SecretKey& operator=(const SecretKey&) = delete;
    SecretKey(SecretKey&& other) noexcept : m_bytes(other.m_bytes) { other.m_bytes = nullptr; }
    SecretKey& operator=(SecretKey&& other) noexcept {
        if (this != &other) {
            detail::secureFree(m_bytes, N);
            m_bytes = other.m_bytes;
            other.m_bytes = nullptr;
        }
        return *this;
    }

    [[nodiscard]] std::uint8_t* data() { return m_bytes; }
    [[nodiscard]] const std::uint8_t* data() const { return m_bytes; }
    [[nodiscard]] static constexpr std::size_t size() { return N; }
    [[nodiscard]] std::span<const std::uint8_t, N> bytes() const { return std::span<const std::uint8_t, N>(m_bytes, N); }

private:
    std::uint8_t* m_bytes;
};

}  // namespace fangsiang::core
