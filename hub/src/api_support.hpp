#pragma once
// What every officers' API route shares (hub/officer_api.cpp and the case
// routes of hub/src/case_api.cpp): the JSON answer, bodies checked field by
// field, query parameters, and errors as the API sends them.

#include "hub/officer_api.hpp"
#include "officer_json.hpp"

#include "core/json_fields.hpp"

#include <charconv>
#include <initializer_list>
#include <limits>

namespace fangsiang::hub::api {

using nlohmann::json;

inline HubResponse answer(int status, const json& body) {
    return HubResponse{status, "application/json", jsonText(body), {{"Cache-Control", "no-store"}}};
}

// The fields a body may have: anything else is a mistake worth naming.
inline core::Status onlyFields(const json& object, std::initializer_list<const char*> allowed,
                               const core::Where& where) {
    for (const auto& [key, value] : object.items()) {
        bool known = false;
        for (const char* name : allowed)
            known = known || key == name;
        if (!known)
            return where.error("has a field \"" + key.substr(0, 64) + "\" that this route does not take");
    }
    return core::Ok{};
}

inline core::Result<json> bodyObject(std::string_view body, std::initializer_list<const char*> allowed,
                                     const core::Where& where) {
    auto object = TRY(core::parseJsonObject(body, where));
    TRY(onlyFields(object, allowed, where));
    return object;
}

inline core::Result<std::int64_t> queryNumber(const ApiRequest& r, const char* key, std::int64_t fallback,
                                              std::int64_t min, std::int64_t max) {
    auto it = r.query.find(key);
    if (it == r.query.end() || it->second.empty())
        return fallback;
    std::int64_t value = 0;
    const auto* end = it->second.data() + it->second.size();
    auto [ptr, ec] = std::from_chars(it->second.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max)
        return core::makeError(core::ErrorCode::BadRequest, std::string("the parameter ") + key + " must be a whole number from " +
                                                    std::to_string(min) + " to " + std::to_string(max));
    return value;
}

// The office a list is asked for: the one named, else the actor's own
// (every office for an admin, who may name none).
inline std::string officeAsked(const ApiRequest& r, const Actor& actor) {
    auto it = r.query.find("office");
    if (it != r.query.end() && !it->second.empty())
        return it->second;
    return actor.role == Role::Admin ? std::string() : actor.officeCode;
}

template <typename Fn>
HubResponse orError(Fn&& fn) {
    auto made = fn();
    if (!made)
        return apiError(made.error());
    return std::move(*made);
}

}  // namespace fangsiang::hub::api
