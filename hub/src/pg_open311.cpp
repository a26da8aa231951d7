// The Open311 tables of the hub's PostgreSQL store (open311_store.hpp),
// column for column as on SQLite (sqlite_open311.cpp). A filing takes the
// office's Open311 lock to the end of its transaction, so two partners
// filing at once draw different numbers, and reads the case policy as
// ingest does (pg_cases.cpp), under the office's policy lock.

#include "open311_store.hpp"
#include "pg_accounts.hpp"
#include "pg_cases.hpp"
#include "pg_connection.hpp"
#include "pg_reports.hpp"

#include "core/ticket.hpp"

namespace fangsiang::hub::open311_store {

using core::ErrorCode;
using core::makeError;
using core::Ok;
using pg::Connection;
using pg::Param;
using pg::Rows;

namespace {

constexpr const char* kPostgresTables = R"sql(
CREATE TABLE open311_keys (
    id         BIGSERIAL PRIMARY KEY,
    key_hash   BYTEA NOT NULL UNIQUE CHECK (length(key_hash) = 32),  -- BLAKE2b of the key: the key itself is never stored
    office     TEXT NOT NULL REFERENCES offices(code),
    partner    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE TABLE open311_requests (
    ticket     TEXT PRIMARY KEY REFERENCES cases(ticket),
    office     TEXT NOT NULL,
    seq        BIGINT NOT NULL,              -- the office's Open311 number: the ticket's complaint part
    partner    TEXT NOT NULL,
    key_id     BIGINT NOT NULL REFERENCES open311_keys(id),
    token      TEXT NOT NULL UNIQUE,
    lat_e6     BIGINT,                       -- millionths of a degree; NULL when no point was given
    lon_e6     BIGINT,
    address    TEXT NOT NULL,
    address_id TEXT NOT NULL,
    media_url  TEXT NOT NULL,
    contact    BYTEA,                        -- sealed to the hub's box key; NULL when none was given
    filed_at   BIGINT NOT NULL,
    UNIQUE (office, seq)
);
CREATE TRIGGER open311_requests_unchanged BEFORE UPDATE OR DELETE ON open311_requests
    FOR EACH ROW EXECUTE FUNCTION fangsiang_refuse('what a partner filed is never changed or deleted');
CREATE TRIGGER open311_requests_kept BEFORE TRUNCATE ON open311_requests
    FOR EACH STATEMENT EXECUTE FUNCTION fangsiang_refuse('what a partner filed is never deleted');
)sql";

constexpr const char* kKeyColumns = "SELECT id, office, partner, created_at, revoked_at FROM open311_keys";

std::string_view sv(const std::string& s) { return s; }

PartnerKey keyFrom(const Rows& r, int i) {
    PartnerKey k;
    k.id = r.integer(i, 0);
    k.officeCode = r.text(i, 1);
    k.partner = r.text(i, 2);
    k.createdAtMs = r.integer(i, 3);
    if (!r.isNull(i, 4))
        k.revokedAtMs = r.integer(i, 4);
    return k;
}

Open311Case caseFrom(const Rows& r, int i) {
    Open311Case c;
    c.ticket = r.text(i, 0);
    c.officeCode = r.text(i, 1);
    c.state = sync::ticketStatusFromName(r.text(i, 2)).value_or(CaseState::Received);
    c.category = r.text(i, 3);
    c.text = r.text(i, 4);
    c.hidden = r.truth(i, 5);
    c.unit = r.text(i, 6);
    c.reply = r.text(i, 7);
    c.filedAtMs = r.integer(i, 8);
    c.updatedAtMs = r.integer(i, 9);
    c.dueAtMs = r.integer(i, 10);
    c.viaOpen311 = !r.isNull(i, 11);
    if (!r.isNull(i, 12) && !r.isNull(i, 13)) {
        c.lat = degreesOf(r.integer(i, 12));
        c.lon = degreesOf(r.integer(i, 13));
    }
    if (c.viaOpen311) {
        c.address = r.text(i, 14);
        c.addressId = r.text(i, 15);
        c.mediaUrl = r.text(i, 16);
    }
    return c;
}

class PostgresOpen311 final : public Open311Store {
public:
    explicit PostgresOpen311(pg::Pool& pool) : m_pool(pool) {}

    core::Result<std::int64_t> addKey(const core::Hash& keyHash, const std::string& officeCode,
                                      const std::string& partner, std::int64_t nowMs, const AuditEntry& audit) override {
        return on<std::int64_t>([&](Connection& c) -> core::Result<std::int64_t> {
            std::int64_t id = 0;
            auto body = [&]() -> core::Status {
                auto office = TRY(c.query("SELECT 1 FROM offices WHERE code = $1", {sv(officeCode)}));
                if (office.empty())
                    return makeError(ErrorCode::NotFound, "there is no office " + officeCode + " on this hub");
                auto r = TRY(c.query("INSERT INTO open311_keys(key_hash, office, partner, created_at) "
                                     "VALUES($1, $2, $3, $4) RETURNING id",
                                     {core::ByteView(keyHash), sv(officeCode), sv(partner), nowMs}));
                id = r.integer(0, 0);
                AuditEntry a = audit;
                a.subject = "open311-key/" + std::to_string(id);
                return pg::PgAccounts(c).appendAudit(a);
            };
            TRY(pg::transaction(c, body));
            return id;
        });
    }

    core::Result<std::optional<PartnerKey>> findKey(const core::Hash& keyHash) override {
        return on<std::optional<PartnerKey>>([&](Connection& c) -> core::Result<std::optional<PartnerKey>> {
            auto r = TRY(c.query(std::string(kKeyColumns) + " WHERE key_hash = $1", {core::ByteView(keyHash)}));
            if (r.empty())
                return std::optional<PartnerKey>{};
            return std::optional<PartnerKey>(keyFrom(r, 0));
        });
    }

    core::Result<std::vector<PartnerKey>> listKeys() override {
        return on<std::vector<PartnerKey>>([&](Connection& c) -> core::Result<std::vector<PartnerKey>> {
            auto r = TRY(c.query(std::string(kKeyColumns) + " ORDER BY id"));
            std::vector<PartnerKey> out;
            for (int i = 0; i < r.size(); ++i)
                out.push_back(keyFrom(r, i));
            return out;
        });
    }

    core::Result<bool> revokeKey(std::int64_t id, std::int64_t nowMs, const AuditEntry& audit) override {
        return on<bool>([&](Connection& c) -> core::Result<bool> {
            bool revoked = false;
            auto body = [&]() -> core::Status {
                auto r = TRY(c.query("UPDATE open311_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL "
                                     "RETURNING id",
                                     {id, nowMs}));
                revoked = !r.empty();
                return revoked ? pg::PgAccounts(c).appendAudit(audit) : core::Status(Ok{});
            };
            TRY(pg::transaction(c, body));
            return revoked;
        });
    }

    core::Result<std::string> file(const Open311Filing& f) override {
        return on<std::string>([&](Connection& c) -> core::Result<std::string> {
            std::string ticket;
            auto body = [&]() -> core::Status {
                TRY(c.run("SELECT pg_advisory_xact_lock(hashtext('open311:' || $1))", {sv(f.officeCode)}));
                auto next = TRY(c.query("SELECT coalesce(max(seq), 0) + 1 FROM open311_requests WHERE office = $1",
                                        {sv(f.officeCode)}));
                const std::int64_t seq = next.integer(0, 0);
                ticket = core::Ticket{f.officeCode, 0, static_cast<std::uint64_t>(seq)}.text();
                const core::ByteView device(kOpen311Device);
                TRY(c.run("INSERT INTO tickets(id, device, seq, office, status, reply, updated_at, filed_at) "
                          "VALUES($1, $2, $3, $4, 'received', '', $5, $5)",
                          {sv(ticket), device, seq, sv(f.officeCode), f.atMs}));
                TRY(pg::addTicketUpdate(c, ticket, f.officeCode, "received", "", f.atMs));
                const CasePolicy policy = TRY(pg::PgCases(c).policyOf(f.officeCode));
                const CaseDue due = dueFor(policy, f.category, f.atMs);
                const bool contact = !f.sealedContact.empty();
                TRY(c.run("INSERT INTO cases(ticket, office, device, seq, state, category, village, landmark, text, "
                          "anonymous, has_contact, filed_at, received_at, updated_at, target_at, reply_by, due_at) "
                          "VALUES($1, $2, $3, $4, 'received', $5, '', '', $6, $7, $8, $9, $9, $9, $10, $11, $12)",
                          {sv(ticket), sv(f.officeCode), device, seq, sv(f.category), sv(f.text), !contact, contact,
                           f.atMs, due.targetMs, due.replyByMs, due.dueMs()}));
                TRY(pg::recountComplaint(c, f.officeCode, f.category, f.atMs, f.text, 1));
                const std::string filedBy = "Open311: " + f.partner;
                TRY(c.run("INSERT INTO case_events(ticket, at, actor, kind, from_state, to_state, unit, officer, text, "
                          "internal) VALUES($1, $2, '', 'filed', '', 'received', '', '', $3, true)",
                          {sv(ticket), f.atMs, sv(filedBy)}));
                const bool point = f.lat && f.lon;
                TRY(c.run("INSERT INTO open311_requests(ticket, office, seq, partner, key_id, token, lat_e6, lon_e6, "
                          "address, address_id, media_url, contact, filed_at) "
                          "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                          {sv(ticket), sv(f.officeCode), seq, sv(f.partner), f.keyId, sv(f.token),
                           point ? Param(microDegrees(*f.lat)) : Param(pg::Null{}),
                           point ? Param(microDegrees(*f.lon)) : Param(pg::Null{}), sv(f.address), sv(f.addressId),
                           sv(f.mediaUrl), contact ? Param(core::ByteView(f.sealedContact)) : Param(pg::Null{}),
                           f.atMs}));
                AuditEntry audit;
                audit.atMs = f.atMs;
                audit.actor = "open311:" + f.partner;
                audit.officeCode = f.officeCode;
                audit.action = "open311-request";
                audit.subject = ticket;
                audit.before = "{}";
                audit.after = auditAfter(f, ticket);
                return pg::PgAccounts(c).appendAudit(audit);
            };
            TRY(pg::transaction(c, body));
            return ticket;
        });
    }

    core::Result<std::optional<std::string>> ticketOfToken(const std::string& token) override {
        return on<std::optional<std::string>>([&](Connection& c) -> core::Result<std::optional<std::string>> {
            auto r = TRY(c.query("SELECT ticket FROM open311_requests WHERE token = $1", {sv(token)}));
            if (r.empty())
                return std::optional<std::string>{};
            return std::optional<std::string>(r.text(0, 0));
        });
    }

    core::Result<std::optional<core::Bytes>> sealedContact(const std::string& ticket) override {
        return on<std::optional<core::Bytes>>([&](Connection& c) -> core::Result<std::optional<core::Bytes>> {
            auto r = TRY(c.query("SELECT contact FROM open311_requests WHERE ticket = $1 AND contact IS NOT NULL",
                                 {sv(ticket)}));
            if (r.empty())
                return std::optional<core::Bytes>{};
            const auto bytes = r.bytes(0, 0);
            return std::optional<core::Bytes>(core::Bytes(bytes.begin(), bytes.end()));
        });
    }

    core::Result<std::vector<Open311Case>> requests(const Open311Query& query) override {
        std::vector<Value> values;
        const std::string text = requestsSql(query, true, values);
        std::vector<Param> params;
        for (const auto& v : values) {
            if (std::holds_alternative<std::int64_t>(v))
                params.emplace_back(std::get<std::int64_t>(v));
            else
                params.emplace_back(std::string_view(std::get<std::string>(v)));
        }
        return on<std::vector<Open311Case>>([&](Connection& c) -> core::Result<std::vector<Open311Case>> {
            auto r = TRY(c.query(text, params));
            std::vector<Open311Case> out;
            out.reserve(static_cast<std::size_t>(r.size()));
            for (int i = 0; i < r.size(); ++i)
                out.push_back(caseFrom(r, i));
            return out;
        });
    }

private:
    template <typename T, typename Use>
    core::Result<T> on(Use&& use) {
        return m_pool.run<T>(std::function<core::Result<T>(Connection&)>(std::forward<Use>(use)));
    }
    pg::Pool& m_pool;
};

}  // namespace

core::Status migratePostgres(Connection& conn) { return conn.script(kPostgresTables); }

std::unique_ptr<Open311Store> postgresStore(pg::Pool& pool) { return std::make_unique<PostgresOpen311>(pool); }

}  // namespace fangsiang::hub::open311_store
