#include "core/result.hpp"

namespace fangsiang::core {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::Io: return "io";
    case ErrorCode::Corrupt: return "corrupt";
    case ErrorCode::Permissions: return "permissions";
    case ErrorCode::InvalidArgument: return "invalid argument";
    case ErrorCode::TooLarge: return "too large";
    case ErrorCode::NotFound: return "not found";
    case ErrorCode::Malformed: return "malformed";
    case ErrorCode::UnknownVersion: return "unknown version";
    case ErrorCode::BadSignature: return "bad signature";
    case ErrorCode::WrongDevice: return "wrong device";
    case ErrorCode::Gap: return "gap";
    case ErrorCode::Duplicate: return "duplicate";
    case ErrorCode::BrokenChain: return "broken chain";
    case ErrorCode::Crypto: return "crypto";
    case ErrorCode::BadRequest: return "bad request";
    case ErrorCode::UnsupportedProtocol: return "unsupported protocol";
    case ErrorCode::UnknownDevice: return "unknown device";
    case ErrorCode::RevokedDevice: return "revoked device";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::BadEnrolmentCode: return "bad enrolment code";
    case ErrorCode::ExpiredEnrolmentCode: return "expired enrolment code";
    case ErrorCode::UsedEnrolmentCode: return "used enrolment code";
    case ErrorCode::AlreadyEnrolled: return "already enrolled";
    case ErrorCode::Internal: return "internal";
    case ErrorCode::NotAHubAnswer: return "not a hub answer";
    case ErrorCode::Network: return "network";
    case ErrorCode::Busy: return "busy";
    case ErrorCode::StaleRequest: return "stale request";
    case ErrorCode::NotSignedIn: return "not signed in";
    case ErrorCode::WrongLogin: return "wrong login";
    case ErrorCode::Locked: return "locked";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::BadCsrfToken: return "bad csrf token";
    }
    return "unknown";
}

std::string Error::describe() const {
    return std::string(errorCodeName(code)) + ": " + message;
}

}  // namespace fangsiang::core
