#include "kiosk/sync_problem.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace fangsiang::kiosk {

const char* syncProblemName(SyncProblem problem) {
    switch (problem) {
    case SyncProblem::NotEnrolled: return "not-enrolled";
    case SyncProblem::Unreachable: return "unreachable";
    case SyncProblem::Slow: return "slow";
    case SyncProblem::Certificate: return "certificate";
    case SyncProblem::NotTheHub: return "not-the-hub";
    case SyncProblem::UnknownDevice: return "unknown-device";
    case SyncProblem::Revoked: return "revoked";
    case SyncProblem::BadCode: return "bad-code";
    case SyncProblem::ExpiredCode: return "expired-code";
    case SyncProblem::UsedCode: return "used-code";
    case SyncProblem::AlreadyEnrolled: return "already-enrolled";
    case SyncProblem::BadAddress: return "bad-address";
    case SyncProblem::Clock: return "clock";
    case SyncProblem::HubBusy: return "hub-busy";
    case SyncProblem::HubFailed: return "hub-failed";
    case SyncProblem::Rejected: return "rejected";
    case SyncProblem::Storage: return "storage";
    case SyncProblem::Other: return "other";
    }
    return "other";
}

namespace {

bool mentions(std::string_view text, std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           }) != text.end();
}

template <std::size_t N>
bool mentionsAny(std::string_view text, const std::array<std::string_view, N>& words) {
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return mentions(text, w); });
}

// The link's failures come from libcurl as text (sync/http_client.cpp).
SyncProblem linkProblem(std::string_view message) {
    static constexpr std::array<std::string_view, 5> kTls{"ssl", "certificate", "tls", "x509", "peer verification"};
    static constexpr std::array<std::string_view, 3> kSlow{"too slow", "timed out", "timeout"};
    if (mentionsAny(message, kTls))
        return SyncProblem::Certificate;
    if (mentionsAny(message, kSlow))
        return SyncProblem::Slow;
    return SyncProblem::Unreachable;
}

}  // namespace

SyncProblem syncProblemOf(core::ErrorCode code, std::string_view message) {
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::Network: return linkProblem(message);
    case ErrorCode::Io:
        // The link's errors are Io in the HTTP client; the device's own files too.
        if (mentions(message, "hub") || mentions(message, "connect") || mentions(message, "resolve") ||
            linkProblem(message) != SyncProblem::Unreachable)
            return linkProblem(message);
        return SyncProblem::Storage;
    case ErrorCode::NotFound:
        return mentions(message, "not enrolled") ? SyncProblem::NotEnrolled : SyncProblem::Other;
    case ErrorCode::NotAHubAnswer: return SyncProblem::NotTheHub;
    case ErrorCode::UnknownDevice: return SyncProblem::UnknownDevice;
    case ErrorCode::RevokedDevice: return SyncProblem::Revoked;
    case ErrorCode::BadEnrolmentCode: return SyncProblem::BadCode;
    case ErrorCode::ExpiredEnrolmentCode: return SyncProblem::ExpiredCode;
    case ErrorCode::UsedEnrolmentCode: return SyncProblem::UsedCode;
    case ErrorCode::AlreadyEnrolled: return SyncProblem::AlreadyEnrolled;
    case ErrorCode::InvalidArgument:
        if (mentions(message, "enrolled already"))
            return SyncProblem::AlreadyEnrolled;
        return SyncProblem::BadAddress;
    case ErrorCode::StaleRequest: return SyncProblem::Clock;
    case ErrorCode::Busy: return SyncProblem::HubBusy;
    case ErrorCode::Internal: return SyncProblem::HubFailed;
    case ErrorCode::BadSignature:
    case ErrorCode::Malformed:
    case ErrorCode::Conflict:
    case ErrorCode::Gap:
    case ErrorCode::BrokenChain:
    case ErrorCode::WrongDevice:
    case ErrorCode::BadRequest:
    case ErrorCode::UnsupportedProtocol:
    case ErrorCode::TooLarge: return SyncProblem::Rejected;
    case ErrorCode::Corrupt:
    case ErrorCode::Permissions: return SyncProblem::Storage;
    default: return SyncProblem::Other;
    }
}

}  // namespace fangsiang::kiosk
