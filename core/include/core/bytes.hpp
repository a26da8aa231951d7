#pragma once
// Byte buffers and the fixed-size keys, hashes and signatures of the record
// format, with hex helpers for logs, files and JSON.

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::core {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::size_t kPublicKeySize = 32;   // crypto_sign_PUBLICKEYBYTES
inline constexpr std::size_t kSignatureSize = 64;   // crypto_sign_BYTES
inline constexpr std::size_t kHashSize = 32;        // BLAKE2b-256
inline constexpr std::size_t kBoxPublicKeySize = 32; // crypto_box_PUBLICKEYBYTES

using PublicKey = std::array<std::uint8_t, kPublicKeySize>;
using BoxPublicKey = std::array<std::uint8_t, kBoxPublicKeySize>;
using Signature = std::array<std::uint8_t, kSignatureSize>;
using Hash = std::array<std::uint8_t, kHashSize>;

[[nodiscard]] std::string toHex(ByteView bytes);
// Lower- or upper-case hex; nullopt on odd length or a non-hex character.
[[nodiscard]] std::optional<Bytes> fromHex(std::string_view hex);

template <std::size_t N>
[[nodiscard]] std::optional<std::array<std::uint8_t, N>> fixedFromHex(std::string_view hex) {
    auto bytes = fromHex(hex);
    if (!bytes || bytes->size() != N)
        return std::nullopt;
    std::array<std::uint8_t, N> out{};
    for (std::size_t i = 0; i < N; ++i)
        out[i] = (*bytes)[i];
    return out;
}

// Little-endian integers, the byte order of every binary format here.
template <std::unsigned_integral T>
void storeLittleEndian(std::uint8_t* out, T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i)
        out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}
template <std::unsigned_integral T>
[[nodiscard]] T loadLittleEndian(const std::uint8_t* in) {
    T value = 0;
    for (std::size_t i = sizeof(T); i-- > 0;)
        value = static_cast<T>(value << 8 | in[i]);
    return value;
}
template <std::unsigned_integral T>
void appendLittleEndian(Bytes& out, T value) {
    out.resize(out.size() + sizeof(T));
    storeLittleEndian(out.data() + out.size() - sizeof(T), value);
}

inline ByteView asBytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline std::string_view asText(ByteView bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace fangsiang::core
