#pragma once
// Officers, units and offices as the officers' API sends them and the audit
// log keeps them (before and after a change). Never a password hash.

#include "hub/accounts.hpp"
#include "hub/storage.hpp"

#include <nlohmann/json.hpp>

namespace fangsiang::hub {

inline nlohmann::json officerJson(const Officer& o) {
    return {{"user", o.username},
            {"displayName", o.displayName},
            {"role", std::string(roleName(o.role))},
            {"office", o.officeCode},
            {"unit", o.unitCode},
            {"disabled", o.disabledAtMs.has_value()}};
}

inline nlohmann::json unitJson(const Unit& u) {
    return {{"office", u.officeCode}, {"code", u.code}, {"nameTh", u.nameTh}, {"nameEn", u.nameEn}};
}

inline nlohmann::json officeJson(const Office& o) {
    return {{"code", o.code}, {"nameTh", o.name}, {"nameEn", o.nameEn}};
}

inline nlohmann::json deviceJson(const DeviceInfo& d) {
    return {{"device", core::toHex(d.key)},
            {"office", d.officeCode},
            {"number", d.number},
            {"label", d.label},
            {"enrolledAt", d.enrolledAtMs},
            {"revoked", d.revokedAtMs.has_value()},
            {"held", d.head.sequence},
            {"lastPushAt", d.lastPushAtMs}};
}

inline nlohmann::json incidentJson(const Incident& i) {
    return {{"id", i.id}, {"kind", i.kind}, {"sequence", i.sequence}, {"detail", i.detail}, {"at", i.atMs}};
}

// Compact JSON text, invalid UTF-8 replaced rather than thrown on.
inline std::string jsonText(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace fangsiang::hub
