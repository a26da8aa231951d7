#include "core/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <new>

namespace fangsiang::core {

namespace detail {

void* secureAlloc(std::size_t size) {
    // sodium_malloc places the buffer before a guard page and locks it; it
    // needs sodium_init() to have run, which every entry point ensures.
    if (sodium_init() < 0)
        std::abort();
    void* ptr = sodium_malloc(size);
    if (ptr == nullptr)
        throw std::bad_alloc();
    sodium_memzero(ptr, size);
    return ptr;
}

void secureFree(void* ptr, std::size_t size) {
    if (ptr == nullptr)
        return;
    sodium_memzero(ptr, size);  // sodium_free wipes too; this states the intent
    sodium_free(ptr);
}

}  // namespace detail

static_assert(kPublicKeySize == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignatureSize == crypto_sign_BYTES);
static_assert(kBoxPublicKeySize == crypto_box_PUBLICKEYBYTES);
static_assert(kSealOverhead == crypto_box_SEALBYTES);
static_assert(kHashSize >= crypto_generichash_BYTES_MIN && kHashSize <= crypto_generichash_BYTES_MAX);

Status sodiumInit() {
    if (sodium_init() < 0)
        return makeError(ErrorCode::Crypto, "libsodium could not be initialised");
    return Ok{};
}

void wipe(void* data, std::size_t size) {
    if (data != nullptr && size > 0)
        sodium_memzero(data, size);
}

bool constantTimeEqual(ByteView a, ByteView b) {
    return a.size() == b.size() && (a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0);
}

void randomBytes(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

std::uint32_t randomBelow(std::uint32_t upperBound) { return randombytes_uniform(upperBound); }

Hash hashBytes(ByteView bytes) {
    Hash out{};
    crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), nullptr, 0);
    return out;
}

SigningKeyPair signingKeyPairFromSeed(const SecretKey<32>& seed) {
    SigningKeyPair pair;
    crypto_sign_seed_keypair(pair.publicKey.data(), pair.secretKey.data(), seed.data());
    return pair;
}

SigningKeyPair randomSigningKeyPair() {
    SigningKeyPair pair;
    crypto_sign_keypair(pair.publicKey.data(), pair.secretKey.data());
    return pair;
}

Result<SigningKeyPair> signingKeyPairFromSecret(SecretKey<64> secretKey) {
    static_assert(kSigningSecretKeySize == crypto_sign_SECRETKEYBYTES);
    SigningKeyPair pair;
    pair.secretKey = std::move(secretKey);
    if (crypto_sign_ed25519_sk_to_pk(pair.publicKey.data(), pair.secretKey.data()) != 0)
        return makeError(ErrorCode::Crypto, "the signing key could not be read");
    return pair;
}

Signature signDetached(ByteView message, const SecretKey<64>& secretKey) {
    Signature sig{};
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secretKey.data());
    return sig;
}

bool verifyDetached(ByteView message, const Signature& signature, const PublicKey& publicKey) {
    return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

BoxKeyPair randomBoxKeyPair() {
    BoxKeyPair pair;
    crypto_box_keypair(pair.publicKey.data(), pair.secretKey.data());
    return pair;
}

Result<BoxKeyPair> boxKeyPairFromSecret(SecretKey<32> secretKey) {
    BoxKeyPair pair;
    pair.secretKey = std::move(secretKey);
    if (crypto_scalarmult_base(pair.publicKey.data(), pair.secretKey.data()) != 0)
        return makeError(ErrorCode::Crypto, "the box key could not be read");
    return pair;
}

Bytes sealTo(ByteView plaintext, const BoxPublicKey& recipient) {
    Bytes out(plaintext.size() + crypto_box_SEALBYTES);
    crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), recipient.data());
    return out;
}

Result<Bytes> openSealed(ByteView sealed, const BoxKeyPair& recipient) {
    if (sealed.size() < crypto_box_SEALBYTES)
        return makeError(ErrorCode::Malformed, "sealed data is shorter than its own header");
    Bytes out(sealed.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(),
                             recipient.publicKey.data(), recipient.secretKey.data()) != 0) {
        sodium_memzero(out.data(), out.size());
        return makeError(ErrorCode::Crypto, "sealed data could not be opened with this key");
    }
    return out;
}

std::array<std::uint8_t, kHmacSha256Size> hmacSha256(ByteView key, ByteView message) {
    static_assert(kHmacSha256Size == crypto_auth_hmacsha256_BYTES);
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key.data(), key.size());
    crypto_auth_hmacsha256_update(&state, message.data(), message.size());
    std::array<std::uint8_t, kHmacSha256Size> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    sodium_memzero(&state, sizeof state);
    return mac;
}

SecretKey<32> deriveKey(const SecretKey<32>& master, std::string_view context) {
    SecretKey<32> key;
    crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                       master.data(), master.size());
    return key;
}

Bytes secretBoxSeal(ByteView plaintext, const SecretKey<32>& key) {
    static_assert(kSecretBoxOverhead == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES);
    Bytes out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
    randombytes_buf(out.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES, plaintext.data(), plaintext.size(), out.data(),
                          key.data());
    return out;
}

Result<Bytes> secretBoxOpen(ByteView boxed, const SecretKey<32>& key) {
    if (boxed.size() < kSecretBoxOverhead)
        return makeError(ErrorCode::Malformed, "a sealed secret is shorter than its own header");
    Bytes out(boxed.size() - kSecretBoxOverhead);
    if (crypto_secretbox_open_easy(out.data(), boxed.data() + crypto_secretbox_NONCEBYTES,
                                   boxed.size() - crypto_secretbox_NONCEBYTES, boxed.data(), key.data()) != 0)
        return makeError(ErrorCode::Crypto, "a sealed secret could not be opened with this hub's key");
    return out;
}

std::string keyFingerprint(const PublicKey& key) { return toHex(key).substr(0, 16); }

Result<std::string> hashPassword(std::string_view password) {
    static_assert(kPasswordMemLimit >= crypto_pwhash_MEMLIMIT_MIN && kPasswordOpsLimit >= crypto_pwhash_OPSLIMIT_MIN);
    if (password.empty())
        return makeError(ErrorCode::InvalidArgument, "the password is empty");
    if (password.size() > kMaxPasswordBytes)
        return makeError(ErrorCode::InvalidArgument,
                         "the password is longer than " + std::to_string(kMaxPasswordBytes) + " bytes");
    TRY(sodiumInit());
    char out[crypto_pwhash_STRBYTES] = {};
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPasswordOpsLimit, kPasswordMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return makeError(ErrorCode::Crypto, "the password could not be hashed (out of memory)");
    return std::string(out);
}

bool verifyPassword(std::string_view storedHash, std::string_view password) {
    if (password.size() > kMaxPasswordBytes || storedHash.empty() || storedHash.size() >= crypto_pwhash_STRBYTES ||
        sodium_init() < 0)
        return false;
    // crypto_pwhash_str_verify reads a NUL-terminated string.
    char stored[crypto_pwhash_STRBYTES] = {};
    std::copy(storedHash.begin(), storedHash.end(), stored);
    return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

}  // namespace fangsiang::core
