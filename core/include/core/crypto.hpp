#pragma once
// The small set of libsodium constructions the records use, behind checked
// functions. Call sodiumInit() (idempotent, thread-safe) before any of them;
// the identity and store do so themselves.

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/secret_key.hpp"

namespace fangsiang::core {

[[nodiscard]] Status sodiumInit();

// Zeroes memory the compiler may not optimise away (sodium_memzero): for
// plain copies of secrets and personal data before they are freed.
void wipe(void* data, std::size_t size);
template <typename Container>
void wipe(Container& c) {
    wipe(c.data(), c.size() * sizeof(*c.data()));
}

// Compares in time that does not depend on where the bytes differ.
[[nodiscard]] bool constantTimeEqual(ByteView a, ByteView b);

// Bytes from the system's secure random source.
void randomBytes(std::span<std::uint8_t> out);
// A uniformly random number in [0, upperBound), without modulo bias.
[[nodiscard]] std::uint32_t randomBelow(std::uint32_t upperBound);

// BLAKE2b-256 (crypto_generichash with a 32-byte output, no key).
[[nodiscard]] Hash hashBytes(ByteView bytes);

// Ed25519 key pair from a 32-byte seed (known-answer tests) or at random.
struct SigningKeyPair {
    PublicKey publicKey{};
    SecretKey<64> secretKey;
};
[[nodiscard]] SigningKeyPair signingKeyPairFromSeed(const SecretKey<32>& seed);
[[nodiscard]] SigningKeyPair randomSigningKeyPair();
// The key pair of a stored 64-byte secret key (seed followed by public key).
[[nodiscard]] Result<SigningKeyPair> signingKeyPairFromSecret(SecretKey<64> secretKey);
inline constexpr std::size_t kSigningSecretKeySize = 64;  // crypto_sign_SECRETKEYBYTES

[[nodiscard]] Signature signDetached(ByteView message, const SecretKey<64>& secretKey);
[[nodiscard]] bool verifyDetached(ByteView message, const Signature& signature, const PublicKey& publicKey);

// The first 16 hex digits of a public key: printed with enrolment codes and
// shown at enrolment so a person can check both ends name the same hub.
[[nodiscard]] std::string keyFingerprint(const PublicKey& key);

// X25519 key pair for sealed boxes: the hub holds the secret, devices the public.
struct BoxKeyPair {
    BoxPublicKey publicKey{};
    SecretKey<32> secretKey;
};
[[nodiscard]] BoxKeyPair randomBoxKeyPair();
// The key pair of a stored 32-byte X25519 secret key.
[[nodiscard]] Result<BoxKeyPair> boxKeyPairFromSecret(SecretKey<32> secretKey);

// crypto_box_seal: anyone with the public key can seal, only the secret opens.
inline constexpr std::size_t kSealOverhead = 48;  // crypto_box_SEALBYTES
[[nodiscard]] Bytes sealTo(ByteView plaintext, const BoxPublicKey& recipient);
[[nodiscard]] Result<Bytes> openSealed(ByteView sealed, const BoxKeyPair& recipient);

}  // namespace fangsiang::core
