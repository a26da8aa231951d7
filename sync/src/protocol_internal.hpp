#pragma once
// What the protocol's source files share: reading and writing wire messages.
// Private to sync/src.

#include "sync/protocol.hpp"

#include "core/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::sync::detail {

using nlohmann::json;
using core::makeError;

inline Error malformed(std::string message) { return makeError(ErrorCode::Malformed, std::move(message)); }

inline core::JsonFields fieldsOf(const json& object, std::string_view what) {
    return core::JsonFields(object, core::Where(std::string(what), ErrorCode::Malformed));
}

// What every message about a device's chain carries: the device, the request
// it answers, and where the hub's chain of it stands.
template <typename Message>
json chainPositionJson(const Message& m) {
    return {{"protocol", kProtocolVersion},
            {"device", core::toHex(m.device)},
            {"nonce", core::toHex(m.nonce)},
            {"held", m.held},
            {"head", core::toHex(m.headHash)}};
}
template <typename Message>
Status readChainPosition(const core::JsonFields& f, Message& m) {
    m.device = TRY(f.hex<core::kPublicKeySize>("device"));
    m.nonce = TRY(f.hex<kNonceSize>("nonce"));
    m.held = TRY(f.unsignedInteger("held"));
    m.headHash = TRY(f.hex<core::kHashSize>("head"));
    return core::Ok{};
}
inline std::string dumpMessage(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

inline Status checkProtocolField(const json& object, std::string_view what) {
    auto it = object.find("protocol");
    if (it == object.end() || !it->is_number_integer())
        return malformed(std::string(what) + ": \"protocol\" is missing");
    if (it->get<std::int64_t>() != kProtocolVersion)
        return makeError(ErrorCode::UnsupportedProtocol, std::string(what) + " uses protocol version " +
                                                        std::to_string(it->get<std::int64_t>()) +
                                                        "; this program speaks version " +
                                                        std::to_string(kProtocolVersion));
    return core::Ok{};
}

// A wire message: one JSON object of this protocol version, whose errors
// say Malformed.
inline Result<json> parseMessage(std::string_view text, std::string_view what) {
    auto object = TRY(core::parseJsonObject(text, core::Where(std::string(what), ErrorCode::Malformed)));
    TRY(checkProtocolField(object, what));
    return object;
}

inline std::uint32_t clampToU32(std::uint64_t value) {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(value, UINT32_MAX));
}

// The entries of a JSON list, each an object, each read by decodeOne.
template <typename T, typename DecodeOne>
Result<std::vector<T>> decodeEach(const json& list, const char* notAnObject, DecodeOne decodeOne) {
    std::vector<T> out;
    out.reserve(list.size());
    for (const auto& item : list) {
        if (!item.is_object())
            return malformed(notAnObject);
        out.push_back(TRY(decodeOne(item)));
    }
    return out;
}


}  // namespace fangsiang::sync::detail
