// What the two stores' Open311 tables share (open311_store.hpp), and the
// partners' API keys.

#include "open311_store.hpp"

#include "core/bytes.hpp"
#include "core/crypto.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>

namespace fangsiang::hub {

namespace open311_store {

std::string requestsSql(const Open311Query& q, bool postgres, std::vector<Value>& values) {
    auto next = [&](Value v) {
        values.push_back(std::move(v));
        return (postgres ? "$" : "?") + std::to_string(values.size());
    };
    std::string sql =
        "SELECT c.ticket, c.office, c.state, c.category, c.text, c.hidden, c.unit, c.reply, c.filed_at, c.updated_at, "
        "c.due_at, o.ticket, o.lat_e6, o.lon_e6, o.address, o.address_id, o.media_url "
        "FROM cases c LEFT JOIN open311_requests o ON o.ticket = c.ticket WHERE c.office = ";
    sql += next(q.officeCode);
    if (!q.tickets.empty()) {
        std::string in;
        for (const auto& t : q.tickets)
            in += (in.empty() ? "" : ", ") + next(t);
        sql += " AND c.ticket IN (" + in + ")";
    } else {
        // The range first: cases_by_office (office, filed_at) and
        // cases_by_category (office, category, filed_at) answer it.
        sql += " AND c.filed_at >= " + next(q.fromMs) + " AND c.filed_at <= " + next(q.toMs);
        if (!q.categories.empty()) {
            std::string in;
            for (const auto& c : q.categories)
                in += (in.empty() ? "" : ", ") + next(c);
            sql += " AND c.category IN (" + in + ")";
        }
        if (q.open)
            sql += std::string(" AND c.state ") + (*q.open ? "IN" : "NOT IN") +
                   " ('received', 'accepted', 'in_progress')";
    }
    sql += " ORDER BY c.filed_at DESC, c.ticket DESC LIMIT " + next(static_cast<std::int64_t>(q.limit));
    return sql;
}

std::int64_t microDegrees(double degrees) { return static_cast<std::int64_t>(std::llround(degrees * 1e6)); }
double degreesOf(std::int64_t micro) { return static_cast<double>(micro) / 1e6; }

std::string auditAfter(const Open311Filing& f, const std::string& ticket) {
    // What was filed, without the text or anything personal (the case holds the text).
    return nlohmann::json{{"ticket", ticket},
                          {"category", f.category},
                          {"partner", f.partner},
                          {"contact", !f.sealedContact.empty()}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace open311_store

std::string newApiKey() {
    std::array<std::uint8_t, 32> raw{};
    core::randomBytes(raw);
    std::string hex = core::toHex(raw);
    core::wipe(raw);
    return hex;
}

std::optional<core::Hash> apiKeyHash(std::string_view key) {
    auto raw = core::fixedFromHex<32>(key);
    if (!raw)
        return std::nullopt;
    const core::Hash hash = core::hashBytes(*raw);
    core::wipe(*raw);
    return hash;
}

}  // namespace fangsiang::hub
