#pragma once
// Errors as values. Anything that can fail on bad input, I/O or the network
// returns Result<T>: either a value or an Error that carries a code a program
// can branch on and a message a person can read.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace fangsiang::core {

enum class ErrorCode {
    Io,               // a file or database could not be read or written
    Corrupt,          // stored data is damaged
    Permissions,      // a secret file is readable by others
    InvalidArgument,  // the caller's input breaks a documented rule
    TooLarge,         // input exceeds a documented limit
    NotFound,
    // Record verification reasons, also used by the hub.
    Malformed,
    UnknownVersion,
    BadSignature,
    WrongDevice,
    Gap,
    Duplicate,
    BrokenChain,
    Crypto,           // a libsodium operation failed
    // The sync protocol's reasons, as a hub gives them and a client returns
    // them (their wire names: sync/protocol.hpp; NotFound, TooLarge,
    // Malformed, BadSignature, WrongDevice, Gap and BrokenChain above too).
    BadRequest,            // the request is not what the route takes
    UnsupportedProtocol,   // another protocol version
    UnknownDevice,         // not enrolled with this hub
    RevokedDevice,         // enrolled, then revoked
    Conflict,              // another record for a sequence the hub holds
    BadEnrolmentCode,
    ExpiredEnrolmentCode,
    UsedEnrolmentCode,
    AlreadyEnrolled,
    Internal,              // the hub failed; sending again is safe
    NotAHubAnswer,         // the answer was not a verifiable hub answer (a login page, damage)
    Network,               // the link failed: no answer at all
    Busy,                  // the hub is at capacity now; the same request later will do
    StaleRequest,          // a signed request outside the hub's time window, or seen already
    // The officers' API (docs/API.md).
    NotSignedIn,           // no session, or it has ended
    WrongLogin,            // the username or password is wrong (never says which)
    Locked,                // too many failed sign-ins: the account or address waits
    Forbidden,             // signed in, but the role or office does not allow it
    BadCsrfToken,          // a request that changes something without its session's CSRF token
};

[[nodiscard]] const char* errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;

    // "gap: record 7 follows record 5" style text for logs and screens.
    [[nodiscard]] std::string describe() const;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}            // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::move(error)) {}        // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T& value() & { assert(ok()); return std::get<T>(m_state); }
    [[nodiscard]] const T& value() const& { assert(ok()); return std::get<T>(m_state); }
    [[nodiscard]] T&& value() && { assert(ok()); return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const { assert(!ok()); return std::get<Error>(m_state); }
    // Moves the value out (for TRY).
    T release() && { assert(ok()); return std::get<T>(std::move(m_state)); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success or an Error.
struct Ok {};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Ok) {}                                              // NOLINT(google-explicit-constructor)
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error& error() const { assert(m_failed); return m_error; }
    void release() && {}  // for TRY: there is no value

private:
    Error m_error{ErrorCode::Io, {}};
    bool m_failed = false;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace fangsiang::core

// TRY(expr): the value of a Result, or an early return of its error, in
// one line (SerenityOS's TRY):
//     auto bytes = TRY(readFile(path, kMaxContentFileSize));
//     TRY(transaction.commit());
// A GNU statement expression, which GCC and Clang (the compilers this
// project builds with) accept; __extension__ keeps -Wpedantic quiet.
#define TRY(expr)                                      \
    __extension__({                                    \
        auto&& fangsiang_try_result_ = (expr);         \
        if (!fangsiang_try_result_.ok()) [[unlikely]]  \
            return fangsiang_try_result_.error();      \
        std::move(fangsiang_try_result_).release();    \
    })
