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
    }
    return "unknown";
}

std::string Error::describe() const {
    return std::string(errorCodeName(code)) + ": " + message;
}

}  // namespace fangsiang::core
