#pragma once
// The small set of libsodium constructions the records use, behind checked
// functions. Call sodiumInit() (idempotent, thread-safe) before any of them;
// the identity and store do so themselves.

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/secret_key.hpp"

#include <array>
#include <string_view>

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

// [SECTION] Webhooks: signatures and the secrets kept to make them
// HMAC-SHA256 (crypto_auth_hmacsha256) of `message` under a key of any length.
inline constexpr std::size_t kHmacSha256Size = 32;
[[nodiscard]] std::array<std::uint8_t, kHmacSha256Size> hmacSha256(ByteView key, ByteView message);
// A 32-byte key for one purpose, derived from `master` (keyed BLAKE2b of
// `context`): the same master and context give the same key.
[[nodiscard]] SecretKey<32> deriveKey(const SecretKey<32>& master, std::string_view context);
// crypto_secretbox (XSalsa20-Poly1305) with a random nonce, which leads the
// result; opening checks the tag and fails (Crypto) on any change.
inline constexpr std::size_t kSecretBoxOverhead = 24 + 16;  // nonce + tag
[[nodiscard]] Bytes secretBoxSeal(ByteView plaintext, const SecretKey<32>& key);
[[nodiscard]] Result<Bytes> secretBoxOpen(ByteView boxed, const SecretKey<32>& key);

// [SECTION] Officers' passwords
// Argon2id (crypto_pwhash_str) in libsodium's self-describing string form,
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>": the salt and the cost
// travel inside it, so a later build can raise the cost and still verify
// older hashes. The cost is OWASP's recommended minimum for Argon2id
// (19 MiB, 2 passes): about 0.12 s per hash on one shared x86 server core,
// a few tenths of a second to be expected on a Raspberry Pi 4 (not yet
// measured there), so a sign-in stays quick; and 19 MiB per sign-in in
// progress keeps the hub's memory small (the hub lets two hash at once).
// 64 MiB would cost each sign-in the hub's whole memory budget.
inline constexpr std::size_t kPasswordMemLimit = 19u * 1024 * 1024;
inline constexpr unsigned long long kPasswordOpsLimit = 2;
inline constexpr std::size_t kMaxPasswordBytes = 1024;  // longer input is refused before hashing
// An Argon2id string for `password`; Crypto when libsodium cannot get the
// memory, InvalidArgument when the password is empty or too long.
[[nodiscard]] Result<std::string> hashPassword(std::string_view password);
// Whether `password` matches `storedHash` (false for anything malformed).
[[nodiscard]] bool verifyPassword(std::string_view storedHash, std::string_view password);

}  // namespace fangsiang::core
