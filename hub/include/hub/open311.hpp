#pragma once
// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) on the hub: other city
// systems, apps and dashboards list the office's complaint categories as
// services, read its cases as service requests and file new ones with a
// partner's API key. Routes under /open311/v2/ (docs/API.md, "Open311"):
//   GET  services.{json,xml}              the complaint categories
//   GET  services/{code}.{json,xml}       one category's definition
//   POST requests.{json,xml}              a new case, form-encoded, with api_key
//   GET  tokens/{token}.{json,xml}        the ticket a filing's token became
//   GET  requests.{json,xml}              cases, filtered as the spec says
//   GET  requests/{id}.{json,xml}         one case by its ticket number
//
// A case filed through Open311 has no device and no signed record: it is
// marked by its row in open311_requests (its partner, place and sealed
// contact), its device is kOpen311Device and its ticket's device part is 0,
// which no kiosk ever has (docs/CASES.md, "Cases filed through Open311").

#include "hub/accounts.hpp"
#include "hub/cases.hpp"

#include "core/crypto.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

class HubStorage;

// The device key of every case filed through Open311: no kiosk has it.
inline constexpr core::PublicKey kOpen311Device{};

// A partner application's key, as the store keeps it (its hash only).
struct PartnerKey {
    std::int64_t id = 0;
    std::string officeCode;
    std::string partner;
    std::int64_t createdAtMs = 0;
    std::optional<std::int64_t> revokedAtMs;
};

// What a partner files, checked (open311_api.cpp) before the store sees it.
struct Open311Filing {
    std::string officeCode;
    std::string partner;
    std::int64_t keyId = 0;
    std::string category;
    std::string text;
    std::optional<double> lat, lon;
    std::string address, addressId, mediaUrl;
    core::Bytes sealedContact;  // sealed to the hub's box key; empty when the partner gave none
    std::string token;
    std::int64_t atMs = 0;
};

// What the store gives back for GET requests: the public columns of a case,
// and the partner's place when it was filed through Open311.
struct Open311Case {
    std::string ticket;
    std::string officeCode;
    CaseState state = CaseState::Received;
    std::string category;
    std::string text;
    bool hidden = false;
    std::string unit;
    std::string reply;
    std::int64_t filedAtMs = 0, updatedAtMs = 0, dueAtMs = 0;
    bool viaOpen311 = false;
    std::optional<double> lat, lon;
    std::string address, addressId, mediaUrl;
};

struct Open311Query {
    std::string officeCode;            // always set: one office's cases
    std::vector<std::string> tickets;  // when given, only these (the other filters do not apply)
    std::vector<std::string> categories;  // any of these; empty: every category
    std::int64_t fromMs = 0, toMs = 0; // filed in [fromMs, toMs]
    std::optional<bool> open;          // open: no outcome yet; closed: the office has given its answer
    std::size_t limit = 1000;
};

inline constexpr std::size_t kOpen311MaxRequests = 1000;
inline constexpr std::int64_t kOpen311DefaultDays = 90;

// The Open311 tables of a store (schema 7 on SQLite, 5 on PostgreSQL).
class Open311Store {
public:
    virtual ~Open311Store() = default;
    // The new key's id; the office must be on the hub. Audited with `audit`.
    [[nodiscard]] virtual core::Result<std::int64_t> addKey(const core::Hash& keyHash, const std::string& officeCode,
                                                            const std::string& partner, std::int64_t nowMs,
                                                            const AuditEntry& audit) = 0;
    [[nodiscard]] virtual core::Result<std::optional<PartnerKey>> findKey(const core::Hash& keyHash) = 0;
    [[nodiscard]] virtual core::Result<std::vector<PartnerKey>> listKeys() = 0;
    // False when there is no such key or it was revoked already.
    [[nodiscard]] virtual core::Result<bool> revokeKey(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) = 0;
    // In one transaction: the ticket (device part 0, the office's next
    // Open311 number), its first update, the case due as the office's policy
    // counts with its "filed" line, the request's row and the audit entry.
    // Returns the ticket number.
    [[nodiscard]] virtual core::Result<std::string> file(const Open311Filing& filing) = 0;
    [[nodiscard]] virtual core::Result<std::optional<std::string>> ticketOfToken(const std::string& token) = 0;
    // The sealed contact a partner gave with a case; nothing when none.
    [[nodiscard]] virtual core::Result<std::optional<core::Bytes>> sealedContact(const std::string& ticket) = 0;
    // Newest filed first, at most query.limit.
    [[nodiscard]] virtual core::Result<std::vector<Open311Case>> requests(const Open311Query& query) = 0;
};

// An incoming request as the Open311 routes read it.
struct Open311Request {
    std::string method;  // GET or POST
    std::string path;
    std::multimap<std::string, std::string> params;  // the query's parameters
    std::string contentType;
    std::string body;                                // a POST's form, application/x-www-form-urlencoded
    std::string address;
};

// A form body's fields (or nothing when it is not form-encoded: a '%' not
// followed by two hex digits).
[[nodiscard]] std::optional<std::multimap<std::string, std::string>> parseForm(std::string_view body);

// The most a POST's body may be.
inline constexpr std::size_t kOpen311MaxBody = 32 * 1024;

struct Open311Answer {
    int status = 200;
    std::string contentType;
    std::string body;
};

class Open311Api {
public:
    // `hubBoxKey` seals the contact a partner gives; `clock` is the hub's.
    Open311Api(HubStorage& storage, core::BoxPublicKey hubBoxKey, std::function<std::int64_t()> clock);
    [[nodiscard]] static bool serves(std::string_view path);
    [[nodiscard]] Open311Answer answer(const Open311Request& request);

private:
    struct Impl;
    HubStorage& m_storage;
    core::BoxPublicKey m_boxKey;
    std::function<std::int64_t()> m_clock;
};

// API keys: 32 random bytes as 64 hex digits; only their BLAKE2b is kept.
[[nodiscard]] std::string newApiKey();
// The hash of a key as given; nothing when it is not 64 hex digits.
[[nodiscard]] std::optional<core::Hash> apiKeyHash(std::string_view key);

}  // namespace fangsiang::hub
