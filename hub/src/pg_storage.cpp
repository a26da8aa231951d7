// The hub's PostgreSQL backend (hub/storage.hpp): the same contract as the
// SQLite store, for hubs that serve many offices.
//
// Connections come from a small pool, one per call, and every call that
// writes is one transaction. The isolation is READ COMMITTED throughout,
// which is enough because every read-then-write holds what it read:
// - ingest locks the device's row (SELECT ... FOR UPDATE) before reading its
//   head, so a second push of the same device waits until the first commits
//   and then reads the new head: two pushes can never both append after the
//   same record. Other devices' pushes run at the same time;
// - enrolment locks the code's row and the office's row, so a code is used
//   once and two devices of one office never draw the same number;
// - a case is acted on with its row locked, and the two orders that span
//   rows (ticket updates' ids, a new case policy) have advisory locks
//   (pg_cases.cpp).
// Nothing here depends on a snapshot staying still between two statements,
// which is the one thing SERIALIZABLE would add.
//
// Durability is the server's: COMMIT returns once the WAL is flushed
// (synchronous_commit = on, the default, which the hub asks for on every
// connection). When the server goes away, calls fail with ErrorCode::Busy
// (the hub answers 503) and the next call connects again; a batch cut off
// mid-way was never committed, and the device's retry stores it once.

#include "hub/storage.hpp"

#include "pg_accounts.hpp"
#include "pg_cases.hpp"
#include "pg_connection.hpp"
#include "pg_reports.hpp"
#include "pg_schema.hpp"
#include "store_copy.hpp"
#include "pg_webhooks.hpp"
#include "open311_store.hpp"

#include "core/ticket.hpp"

namespace fangsiang::hub {

using core::ChainHead;
using core::ErrorCode;
using core::makeError;
using core::Ok;
using pg::Connection;
using pg::Param;
using pg::Rows;

namespace {

std::string_view sv(const std::string& s) { return s; }
core::ByteView bv(const core::PublicKey& key) { return core::ByteView(key); }

template <std::size_t N>
std::array<std::uint8_t, N> fixedFrom(core::ByteView blob) {
    std::array<std::uint8_t, N> out{};
    if (blob.size() == N)
        std::copy(blob.begin(), blob.end(), out.begin());
    return out;
}

constexpr const char* kDeviceColumns =
    "SELECT key, office, label, enrolled_at, revoked_at, head_seq, head_hash, last_push_at, number FROM devices";
constexpr const char* kTicketColumns = "SELECT id, device, seq, office, status, reply, updated_at, filed_at FROM tickets";

DeviceInfo deviceFrom(const Rows& r, int i) {
    DeviceInfo d;
    d.key = fixedFrom<core::kPublicKeySize>(r.bytes(i, 0));
    d.officeCode = r.text(i, 1);
    d.label = r.text(i, 2);
    d.enrolledAtMs = r.integer(i, 3);
    if (!r.isNull(i, 4))
        d.revokedAtMs = r.integer(i, 4);
    d.head.sequence = static_cast<std::uint64_t>(r.integer(i, 5));
    d.head.hash = fixedFrom<core::kHashSize>(r.bytes(i, 6));
    d.lastPushAtMs = r.integer(i, 7);
    d.number = static_cast<std::uint32_t>(r.integer(i, 8));
    return d;
}

TicketRow ticketFrom(const Rows& r, int i) {
    TicketRow t;
    t.id = r.text(i, 0);
    t.device = fixedFrom<core::kPublicKeySize>(r.bytes(i, 1));
    t.sequence = static_cast<std::uint64_t>(r.integer(i, 2));
    t.officeCode = r.text(i, 3);
    t.status = sync::ticketStatusFromName(r.text(i, 4)).value_or(sync::TicketStatus::Received);
    t.reply = r.text(i, 5);
    t.updatedAtMs = r.integer(i, 6);
    t.filedAtMs = r.integer(i, 7);
    return t;
}

std::optional<std::pair<std::uint64_t, std::string>> bundleFrom(const Rows& r) {
    if (r.empty())
        return std::nullopt;
    return std::make_pair(static_cast<std::uint64_t>(r.integer(0, 0)), r.text(0, 1));
}

core::Result<std::optional<core::Bytes>> recordBytesOn(Connection& c, const core::PublicKey& device,
                                                       std::uint64_t sequence) {
    auto r = TRY(c.query("SELECT bytes FROM records WHERE device = $1 AND seq = $2",
                         {bv(device), static_cast<std::int64_t>(sequence)}));
    if (r.empty())
        return std::optional<core::Bytes>{};
    const auto b = r.bytes(0, 0);
    return std::optional<core::Bytes>(core::Bytes(b.begin(), b.end()));
}

class PgIngestSession final : public IngestSession {
public:
    PgIngestSession(pg::Pool::Lease lease, DeviceInfo device)
        : m_lease(std::move(lease)), m_device(std::move(device)), m_head(m_device.head) {}
    ~PgIngestSession() override {
        if (!m_committed && m_lease->inFailedTransaction())
            (void)m_lease->script("ROLLBACK");
    }

    const DeviceInfo& device() const override { return m_device; }
    ChainHead head() const override { return m_head; }

    core::Result<std::optional<core::Bytes>> recordAt(std::uint64_t sequence) override {
        TRY(flushRecords());
        return recordBytesOn(*m_lease, m_device.key, sequence);
    }

    core::Status append(const core::Record& record, std::int64_t nowMs, std::int64_t filedAtMs,
                        const BrokenTexts* broken) override {
        // The row waits for the batch's others: one INSERT of many rows, not
        // a round trip to the server per record.
        m_rows.push_back(PendingRecord{record.sequence(), static_cast<std::int64_t>(record.kind()),
                                       record.createdAtMs(), nowMs, record.bytes()});
        if (m_rows.size() >= kRowsPerInsert)
            TRY(flushRecords());
        if (record.kind() == core::RecordKind::Complaint) {
            TRY(openTicket(record, nowMs, filedAtMs));
            TRY(m_surveys.addComplaint(m_device.officeCode, record.payload(), filedAtMs, broken));
        }
        if (record.kind() == core::RecordKind::SurveyResponse)
            TRY(m_surveys.add(m_device.officeCode, record.payload(), filedAtMs, broken));
        m_head = record.asHead();
        m_pushed = nowMs;
        return Ok{};
    }

    core::Status commit() override {
        TRY(flushRecords());
        TRY(flushTickets());
        TRY(m_surveys.flush(*m_lease));
        TRY(m_lease->run("UPDATE devices SET head_seq = $2, head_hash = $3, "
                         "last_push_at = greatest(last_push_at, $4) WHERE key = $1",
                         {bv(m_device.key), static_cast<std::int64_t>(m_head.sequence), core::ByteView(m_head.hash),
                          m_pushed}));
        TRY(m_lease->script("COMMIT"));
        m_committed = true;
        return Ok{};
    }

private:
    struct PendingRecord {
        std::uint64_t sequence;
        std::int64_t kind;
        std::int64_t createdAtMs;
        std::int64_t receivedAtMs;
        core::Bytes bytes;
    };
    // 6 parameters a row: 1,200 of PostgreSQL's 65,535 a statement.
    static constexpr std::size_t kRowsPerInsert = 200;

    core::Status flushRecords() {
        if (m_rows.empty())
            return Ok{};
        std::string sql = "INSERT INTO records(device, seq, kind, created_at, received_at, bytes) VALUES ";
        std::vector<Param> params;
        params.reserve(m_rows.size() * 6);
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            const auto& r = m_rows[i];
            const std::size_t p = i * 6;
            sql += (i ? ",(" : "(");
            for (std::size_t k = 1; k <= 6; ++k)
                sql += "$" + std::to_string(p + k) + (k < 6 ? "," : ")");
            params.insert(params.end(), {bv(m_device.key), static_cast<std::int64_t>(r.sequence), r.kind,
                                         r.createdAtMs, r.receivedAtMs, core::ByteView(r.bytes)});
        }
        TRY(m_lease->run(sql, params));
        m_rows.clear();
        return Ok{};
    }

    // The ticket and case wait for the batch's others (openMany); the
    // records they refer to are sent first.
    core::Status openTicket(const core::Record& record, std::int64_t nowMs, std::int64_t filedAtMs) {
        if (!m_policy)  // read once per batch, not once per complaint
            m_policy = TRY(pg::PgCases(*m_lease).policyOf(m_device.officeCode));
        m_tickets.push_back(pg::TicketToOpen{core::Ticket{m_device.officeCode, m_device.number, record.sequence()}.text(),
                                             record.sequence(), nowMs, filedAtMs,
                                             caseOpeningFor(record, *m_policy, filedAtMs)});
        return Ok{};
    }

    core::Status flushTickets() {
        if (m_tickets.empty())
            return Ok{};
        TRY(flushRecords());
        std::vector<std::pair<std::string, std::int64_t>> opened;  // ticket, received at
        for (const auto& t : m_tickets)
            opened.emplace_back(t.ticket, t.receivedAtMs);
        pg::PgCases cases(*m_lease);
        TRY(cases.openMany(m_device, std::move(m_tickets)));
        m_tickets.clear();
        // The office's webhooks hear of them in this same transaction.
        if (!m_hooked)
            m_hooked = TRY(pg::hasWebhooks(*m_lease, m_device.officeCode, WebhookEvent::CaseCreated));
        if (!*m_hooked)
            return Ok{};
        for (const auto& [id, at] : opened) {
            auto row = TRY(cases.find(id));
            if (!row)
                return core::makeError(core::ErrorCode::Io, "the case of ticket " + id + " was not stored");
            TRY(pg::queueWebhooks(*m_lease, *row, {webhook_rows::createdEventOf(*row, at)}, at));
        }
        return Ok{};
    }

    pg::Pool::Lease m_lease;
    DeviceInfo m_device;
    ChainHead m_head;
    std::int64_t m_pushed = 0;
    bool m_committed = false;
    std::optional<CasePolicy> m_policy;
    std::optional<bool> m_hooked;  // whether the office has a webhook for new cases, read once per batch
    pg::SurveyTally m_surveys;  // the batch's survey responses, counted at commit
    std::vector<PendingRecord> m_rows;  // appended, not yet sent to the server
    std::vector<pg::TicketToOpen> m_tickets;  // likewise, the complaints' tickets and cases
};

class PostgresHubStorage final : public HubStorage {
public:
    explicit PostgresHubStorage(const std::string& conninfo)
        : m_conninfo(conninfo), m_pool(conninfo, kConnections), m_reports(m_pool) {}

    // [SECTION] Devices and enrolment
    core::Status putOffice(const Office& office) override {
        return write("INSERT INTO offices(code, name, name_en) VALUES($1, $2, $3) "
                     "ON CONFLICT(code) DO UPDATE SET name = CASE WHEN excluded.name = '' THEN offices.name "
                     "ELSE excluded.name END, name_en = CASE WHEN excluded.name_en = '' THEN offices.name_en "
                     "ELSE excluded.name_en END",
                     {sv(office.code), sv(office.name), sv(office.nameEn)});
    }

    core::Status putEnrolmentCode(const core::Hash& codeHash, const std::string& officeCode, std::int64_t expiresAtMs,
                                  std::int64_t nowMs) override {
        return write("INSERT INTO enrolment_codes(code_hash, office, created_at, expires_at) VALUES($1, $2, $3, $4)",
                     {core::ByteView(codeHash), sv(officeCode), nowMs, expiresAtMs});
    }

    core::Result<RedeemResult> redeemEnrolmentCode(const core::Hash& codeHash, const core::PublicKey& device,
                                                   const std::string& label, std::int64_t nowMs, Office& officeOut,
                                                   std::uint32_t& numberOut) override {
        return m_pool.run<RedeemResult>([&](Connection& c) -> core::Result<RedeemResult> {
            RedeemResult result = RedeemResult::Enrolled;
            auto redeem = [&]() -> core::Status {
                // The code's row and its office's (FOR UPDATE locks both): held to COMMIT.
                auto code = TRY(c.query("SELECT c.office, c.expires_at, c.used_at, o.name FROM enrolment_codes c "
                                        "JOIN offices o ON o.code = c.office WHERE c.code_hash = $1 FOR UPDATE",
                                        {core::ByteView(codeHash)}));
                if (code.empty())
                    return (result = RedeemResult::UnknownCode, Ok{});
                officeOut.code = code.text(0, 0);
                officeOut.name = code.text(0, 3);
                if (!code.isNull(0, 2))
                    return (result = RedeemResult::AlreadyUsed, Ok{});
                if (code.integer(0, 1) <= nowMs)
                    return (result = RedeemResult::Expired, Ok{});
                if (!TRY(c.query("SELECT 1 FROM devices WHERE key = $1", {bv(device)})).empty())
                    return (result = RedeemResult::AlreadyEnrolled, Ok{});
                auto next = TRY(c.query("SELECT coalesce(max(number), 0) + 1 FROM devices WHERE office = $1",
                                        {sv(officeOut.code)}));
                const std::int64_t number = next.integer(0, 0);
                if (number > 9999)
                    return makeError(ErrorCode::TooLarge, "office " + officeOut.code + " has 9999 devices already");
                numberOut = static_cast<std::uint32_t>(number);
                const core::Hash zero{};
                TRY(c.run("INSERT INTO devices(key, office, number, label, enrolled_at, head_seq, head_hash) "
                          "VALUES($1, $2, $3, $4, $5, 0, $6)",
                          {bv(device), sv(officeOut.code), number, sv(label), nowMs, core::ByteView(zero)}));
                return c.run("UPDATE enrolment_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1",
                             {core::ByteView(codeHash), nowMs, bv(device)});
            };
            TRY(pg::transaction(c, redeem));
            return result;
        });
    }

    core::Result<std::optional<DeviceInfo>> findDevice(const core::PublicKey& device) override {
        return one<DeviceInfo>(std::string(kDeviceColumns) + " WHERE key = $1", {bv(device)}, deviceFrom);
    }

    core::Result<std::vector<DeviceInfo>> listDevices() override {
        return all<DeviceInfo>(std::string(kDeviceColumns) + " ORDER BY enrolled_at, key", {}, deviceFrom);
    }

    core::Result<std::optional<Office>> findOffice(const std::string& code) override {
        return one<Office>("SELECT code, name, name_en FROM offices WHERE code = $1", {sv(code)},
                           [](const Rows& r, int i) { return Office{r.text(i, 0), r.text(i, 1), r.text(i, 2)}; });
    }

    core::Result<bool> revokeDevice(const core::PublicKey& device, std::int64_t nowMs) override {
        return m_pool.run<bool>([&](Connection& c) -> core::Result<bool> {
            TRY(c.run("UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE key = $1", {bv(device), nowMs}));
            return c.changed() > 0;
        });
    }

    // [SECTION] Records
    core::Result<std::unique_ptr<IngestSession>> beginIngest(const core::PublicKey& device) override {
        for (int attempt = 0;; ++attempt) {
            auto lease = TRY(m_pool.acquire());
            auto begun = lease->script("BEGIN");
            if (!begun && attempt == 0 && pg::isConnectionLost(begun.error())) {
                m_pool.dropIdle();  // the server went away since these connections were last used
                continue;
            }
            TRY(begun);
            // Held to COMMIT: the chain's head cannot move under this session.
            auto rows = TRY(lease->query(std::string(kDeviceColumns) + " WHERE key = $1 FOR UPDATE", {bv(device)}));
            if (rows.empty()) {
                (void)lease->script("ROLLBACK");
                return makeError(ErrorCode::NotFound,
                                 "the device " + core::toHex(device).substr(0, 8) + " is not enrolled");
            }
            return std::unique_ptr<IngestSession>(
                std::make_unique<PgIngestSession>(std::move(lease), deviceFrom(rows, 0)));
        }
    }

    core::Status keepConflict(const core::PublicKey& device, std::uint64_t sequence, core::ByteView bytes,
                              std::int64_t nowMs) override {
        return write("INSERT INTO conflicts(device, seq, bytes, received_at) VALUES($1, $2, $3, $4)",
                     {bv(device), static_cast<std::int64_t>(sequence), bytes, nowMs});
    }

    core::Status logIncident(const Incident& i) override {
        return write("INSERT INTO incidents(device, kind, seq, detail, at) VALUES($1, $2, $3, $4, $5)",
                     {bv(i.device), sv(i.kind), static_cast<std::int64_t>(i.sequence), sv(i.detail), i.atMs});
    }

    core::Result<std::vector<Incident>> incidents(std::size_t limit) override {
        return all<Incident>("SELECT id, device, kind, seq, detail, at FROM incidents ORDER BY id DESC LIMIT $1",
                             {static_cast<std::int64_t>(limit)}, [](const Rows& r, int i) {
                                 return Incident{r.integer(i, 0), fixedFrom<core::kPublicKeySize>(r.bytes(i, 1)),
                                                 r.text(i, 2), static_cast<std::uint64_t>(r.integer(i, 3)),
                                                 r.text(i, 4), r.integer(i, 5)};
                             });
    }

    core::Result<std::uint64_t> countIncidents(const IncidentQuery& q) override {
        Param sequence = pg::Null{};
        if (q.sequence)
            sequence = static_cast<std::int64_t>(*q.sequence);
        return count("SELECT count(*) FROM incidents WHERE device = $1 AND kind = $2 AND at >= $3 "
                     "AND ($4::bigint IS NULL OR seq = $4)",
                     {bv(q.device), sv(q.kind), q.sinceMs, sequence});
    }

    core::Result<std::uint64_t> recordCount() override { return count("SELECT count(*) FROM records", {}); }
    core::Result<std::uint64_t> recordCount(const core::PublicKey& device) override {
        return count("SELECT count(*) FROM records WHERE device = $1", {bv(device)});
    }
    core::Result<std::uint64_t> conflictCount() override { return count("SELECT count(*) FROM conflicts", {}); }

    core::Result<std::optional<core::Bytes>> recordBytes(const core::PublicKey& device, std::uint64_t sequence) override {
        return m_pool.run<std::optional<core::Bytes>>([&](Connection& c) { return recordBytesOn(c, device, sequence); });
    }

    core::Result<std::vector<std::uint64_t>> sequences(const core::PublicKey& device) override {
        return all<std::uint64_t>("SELECT seq FROM records WHERE device = $1 ORDER BY seq", {bv(device)},
                                  [](const Rows& r, int i) { return static_cast<std::uint64_t>(r.integer(i, 0)); });
    }

    core::Result<std::uint64_t> highestSequence(const core::PublicKey& device) override {
        return count("SELECT coalesce(max(seq), 0) FROM records WHERE device = $1", {bv(device)});
    }

    core::Status forEachRecord(const core::PublicKey& device,
                               const std::function<core::Status(const StoredRecord&)>& visit) override {
        // In pages by sequence: memory stays at one page whatever the store's size.
        constexpr std::int64_t kPage = 256;
        std::int64_t after = 0;
        for (;;) {
            auto page = TRY(m_pool.run<Rows>([&](Connection& c) {
                return c.query("SELECT seq, kind, created_at, received_at, bytes FROM records "
                               "WHERE device = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                               {bv(device), after, kPage});
            }));
            for (int i = 0; i < page.size(); ++i) {
                StoredRecord row;
                row.sequence = static_cast<std::uint64_t>(page.integer(i, 0));
                row.kind = static_cast<std::uint8_t>(page.integer(i, 1));
                row.createdAtMs = page.integer(i, 2);
                row.receivedAtMs = page.integer(i, 3);
                row.bytes = page.bytes(i, 4);
                TRY(visit(row));
                after = page.integer(i, 0);
            }
            if (page.size() < kPage)
                return Ok{};
        }
    }

    // [SECTION] Content
    core::Result<std::uint64_t> latestBundleVersion() override {
        return count("SELECT coalesce(max(version), 0) FROM bundles", {});
    }

    core::Status putBundle(std::uint64_t version, const std::string& officeCode, const std::string& envelope,
                           std::int64_t nowMs) override {
        return write("INSERT INTO bundles(version, envelope, published_at, office) VALUES($1, $2, $3, $4)",
                     {static_cast<std::int64_t>(version), sv(envelope), nowMs, sv(officeCode)});
    }

    core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundle() override {
        return bundle("SELECT version, envelope FROM bundles ORDER BY version DESC LIMIT 1", {});
    }

    core::Result<std::optional<std::pair<std::uint64_t, std::string>>> latestBundleFor(
        const std::string& officeCode) override {
        return bundle("SELECT version, envelope FROM bundles WHERE office IN ('', $1) ORDER BY version DESC LIMIT 1",
                      {sv(officeCode)});
    }

    core::Status forEachBundle(
        const std::function<core::Status(std::uint64_t version, const std::string& envelope)>& visit) override {
        std::int64_t after = 0;
        for (;;) {
            auto page = TRY(m_pool.run<Rows>([&](Connection& c) {
                return c.query("SELECT version, envelope FROM bundles WHERE version > $1 ORDER BY version LIMIT 64",
                               {after});
            }));
            for (int i = 0; i < page.size(); ++i) {
                after = page.integer(i, 0);
                TRY(visit(static_cast<std::uint64_t>(after), page.text(i, 1)));
            }
            if (page.size() < 64)
                return Ok{};
        }
    }

    // [SECTION] Tickets
    core::Result<std::optional<TicketRow>> findTicket(const std::string& id) override {
        return one<TicketRow>(std::string(kTicketColumns) + " WHERE id = $1", {sv(id)}, ticketFrom);
    }

    core::Result<std::vector<TicketRow>> listTickets(std::size_t limit) override {
        return all<TicketRow>(std::string(kTicketColumns) + " ORDER BY updated_at DESC, id COLLATE \"C\" LIMIT $1",
                              {static_cast<std::int64_t>(limit)}, ticketFrom);
    }

    core::Result<std::vector<sync::TicketUpdate>> ticketUpdates(const std::string& officeCode, std::uint64_t after,
                                                                std::size_t limit) override {
        return all<sync::TicketUpdate>(
            // Not a partner's (Open311) case: see docs/CASES.md.
            "SELECT id, ticket, status, reply, at FROM ticket_updates WHERE office = $1 AND id > $2 "
            "AND ticket NOT LIKE $1 || '-0-%' ORDER BY id LIMIT $3",
            {sv(officeCode), static_cast<std::int64_t>(after), static_cast<std::int64_t>(limit)},
            [](const Rows& r, int i) {
                return sync::TicketUpdate{
                    static_cast<std::uint64_t>(r.integer(i, 0)), r.text(i, 1),
                    sync::ticketStatusFromName(r.text(i, 2)).value_or(sync::TicketStatus::Received), r.text(i, 3),
                    r.integer(i, 4)};
            });
    }

    // [SECTION] Cases: pg_cases.cpp on a leased connection
    core::Result<CasePage> listCases(const CaseQuery& q) override {
        return on<CasePage>([&](Connection& c) { return pg::PgCases(c).list(q); });
    }
    core::Result<std::optional<CaseRow>> findCase(const std::string& ticket) override {
        return on<std::optional<CaseRow>>([&](Connection& c) { return pg::PgCases(c).find(ticket); });
    }
    core::Result<std::vector<CaseEvent>> caseEvents(const std::string& ticket) override {
        return on<std::vector<CaseEvent>>([&](Connection& c) { return pg::PgCases(c).events(ticket); });
    }
    core::Result<CaseRow> actOnCase(const CaseAction& action) override {
        return on<CaseRow>([&](Connection& c) { return pg::PgCases(c).act(action); });
    }
    core::Status putCasePolicy(const std::string& officeCode, const std::string& policyJson, std::int64_t nowMs,
                               const AuditEntry& audit) override {
        return status([&](Connection& c) { return pg::PgCases(c).putPolicy(officeCode, policyJson, nowMs, audit); });
    }
    core::Result<std::optional<std::string>> casePolicy(const std::string& officeCode) override {
        return on<std::optional<std::string>>([&](Connection& c) { return pg::PgCases(c).policyText(officeCode); });
    }
    core::Status putReplyTemplate(const ReplyTemplate& reply, const AuditEntry& audit) override {
        return status([&](Connection& c) { return pg::PgCases(c).putTemplate(reply, audit); });
    }
    core::Result<std::vector<ReplyTemplate>> replyTemplates(const std::string& officeCode) override {
        return on<std::vector<ReplyTemplate>>([&](Connection& c) { return pg::PgCases(c).templates(officeCode); });
    }

    // [SECTION] Offices, units, officers, sessions, audit: pg_accounts.cpp on a leased connection
    template <typename T, typename Call>
    core::Result<T> accounts(Call&& call) {
        return on<T>([&](Connection& c) { return call(pg::PgAccounts(c)); });
    }
    template <typename Call>
    core::Status changeAccounts(Call&& call) {
        return status([&](Connection& c) {
            pg::PgAccounts a(c);
            return call(a);
        });
    }
    core::Result<std::vector<Office>> listOffices() override {
        return accounts<std::vector<Office>>([](pg::PgAccounts a) { return a.listOffices(); });
    }
    core::Status addUnit(const Unit& unit, const AuditEntry& audit) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.addUnit(unit, audit); });
    }
    core::Result<std::vector<Unit>> listUnits(const std::string& officeCode) override {
        return accounts<std::vector<Unit>>([&](pg::PgAccounts a) { return a.listUnits(officeCode); });
    }
    core::Result<std::optional<Unit>> findUnit(const std::string& officeCode, const std::string& code) override {
        return accounts<std::optional<Unit>>([&](pg::PgAccounts a) { return a.findUnit(officeCode, code); });
    }
    core::Result<std::int64_t> addOfficer(const Officer& officer, const std::string& passwordHash,
                                          const AuditEntry& audit) override {
        return accounts<std::int64_t>([&](pg::PgAccounts a) { return a.addOfficer(officer, passwordHash, audit); });
    }
    core::Result<std::optional<Officer>> findOfficer(const std::string& username) override {
        return accounts<std::optional<Officer>>([&](pg::PgAccounts a) { return a.findOfficer(username); });
    }
    core::Result<std::optional<Officer>> findOfficerById(std::int64_t id) override {
        return accounts<std::optional<Officer>>([&](pg::PgAccounts a) { return a.findOfficerById(id); });
    }
    core::Result<std::optional<std::string>> passwordHashOf(std::int64_t officerId) override {
        return accounts<std::optional<std::string>>([&](pg::PgAccounts a) { return a.passwordHashOf(officerId); });
    }
    core::Result<std::vector<Officer>> listOfficers(const std::string& officeCode) override {
        return accounts<std::vector<Officer>>([&](pg::PgAccounts a) { return a.listOfficers(officeCode); });
    }
    core::Status disableOfficer(std::int64_t officerId, std::int64_t nowMs, const AuditEntry& audit) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.disableOfficer(officerId, nowMs, audit); });
    }
    core::Status resetPassword(std::int64_t officerId, const std::string& passwordHash, const AuditEntry& audit) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.resetPassword(officerId, passwordHash, audit); });
    }
    core::Status openSession(const SessionRow& session, const std::string& username, const AuditEntry& audit) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.openSession(session, username, audit); });
    }
    core::Result<std::optional<SessionRow>> findSession(const core::Hash& tokenHash) override {
        return accounts<std::optional<SessionRow>>([&](pg::PgAccounts a) { return a.findSession(tokenHash); });
    }
    core::Result<std::uint64_t> endExpiredSessions(std::int64_t idleBeforeMs, std::int64_t openedBeforeMs) override {
        return accounts<std::uint64_t>(
            [&](pg::PgAccounts a) { return a.endExpiredSessions(idleBeforeMs, openedBeforeMs); });
    }
    core::Status touchSession(const core::Hash& tokenHash, std::int64_t nowMs) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.touchSession(tokenHash, nowMs); });
    }
    core::Status closeSession(const core::Hash& tokenHash, const AuditEntry& audit) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.closeSession(tokenHash, audit); });
    }
    core::Status addLoginFailure(const std::string& username, const std::string& address, std::int64_t forgetBeforeMs,
                                 const AuditEntry& audit) override {
        return changeAccounts(
            [&](pg::PgAccounts& a) { return a.addLoginFailure(username, address, forgetBeforeMs, audit); });
    }
    core::Result<std::uint64_t> countLoginFailures(const LoginFailureQuery& query) override {
        return accounts<std::uint64_t>([&](pg::PgAccounts a) { return a.countLoginFailures(query); });
    }
    core::Status lockAccount(const std::string& username, std::int64_t untilMs, const AuditEntry& audit) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.lockAccount(username, untilMs, audit); });
    }
    core::Result<std::optional<std::int64_t>> accountLockedUntil(const std::string& username) override {
        return accounts<std::optional<std::int64_t>>([&](pg::PgAccounts a) { return a.accountLockedUntil(username); });
    }
    core::Status appendAudit(const AuditEntry& entry) override {
        return changeAccounts([&](pg::PgAccounts& a) { return a.appendAudit(entry); });
    }
    core::Result<std::vector<AuditEntry>> listAudit(const AuditQuery& query) override {
        return accounts<std::vector<AuditEntry>>([&](pg::PgAccounts a) { return a.listAudit(query); });
    }

    ReportSource& reports() override { return m_reports; }
    WebhookStore& webhooks() override { return m_webhooks; }

    core::Result<StoreCopy> copyStoreInto(const std::filesystem::path& folder) override {
        TRY(dumpPostgres(m_conninfo, folder / kPostgresDumpFile));
        return StoreCopy{"postgresql", kPostgresDumpFile};
    }
    Open311Store& open311() override { return *m_open311; }

private:
    // Calls on the pool's connections; enough for the hub's HTTP threads
    // without holding the server's connection slots for nothing.
    static constexpr std::size_t kConnections = 16;

    template <typename T, typename Use>
    core::Result<T> on(Use&& use) {
        return m_pool.run<T>(std::function<core::Result<T>(Connection&)>(std::forward<Use>(use)));
    }
    template <typename Use>
    core::Status status(Use&& use) {
        auto done = m_pool.run<bool>([&](Connection& c) -> core::Result<bool> {
            TRY(use(c));
            return true;
        });
        if (!done)
            return done.error();
        return Ok{};
    }
    core::Status write(std::string_view sql, const std::vector<Param>& params) {
        return status([&](Connection& c) { return c.run(sql, params); });
    }
    core::Result<std::uint64_t> count(std::string_view sql, const std::vector<Param>& params) {
        return on<std::uint64_t>([&](Connection& c) -> core::Result<std::uint64_t> {
            auto r = TRY(c.query(sql, params));
            return static_cast<std::uint64_t>(r.integer(0, 0));
        });
    }
    template <typename T, typename From>
    core::Result<std::optional<T>> one(const std::string& sql, const std::vector<Param>& params, From&& from) {
        return on<std::optional<T>>([&](Connection& c) -> core::Result<std::optional<T>> {
            auto r = TRY(c.query(sql, params));
            if (r.empty())
                return std::optional<T>{};
            return std::optional<T>(from(r, 0));
        });
    }
    template <typename T, typename From>
    core::Result<std::vector<T>> all(const std::string& sql, const std::vector<Param>& params, From&& from) {
        return on<std::vector<T>>([&](Connection& c) -> core::Result<std::vector<T>> {
            auto r = TRY(c.query(sql, params));
            std::vector<T> out;
            out.reserve(static_cast<std::size_t>(r.size()));
            for (int i = 0; i < r.size(); ++i)
                out.push_back(from(r, i));
            return out;
        });
    }
    core::Result<std::optional<std::pair<std::uint64_t, std::string>>> bundle(std::string_view sql,
                                                                              const std::vector<Param>& params) {
        return on<std::optional<std::pair<std::uint64_t, std::string>>>(
            [&](Connection& c) -> core::Result<std::optional<std::pair<std::uint64_t, std::string>>> {
                return bundleFrom(TRY(c.query(sql, params)));
            });
    }

    std::string m_conninfo;
    pg::Pool m_pool;
    pg::PgReports m_reports;
    pg::PgWebhooks m_webhooks{m_pool};
    std::unique_ptr<Open311Store> m_open311 = open311_store::postgresStore(m_pool);
};

// The first connection, the schema checked (and migrated) on it.
core::Result<std::unique_ptr<HubStorage>> openPostgres(const std::string& conninfo, bool create) {
    auto conn = TRY(Connection::open(conninfo));
    const std::string where = pg::redacted(conninfo);
    if (create)
        TRY(pg::createPgSchema(conn));
    else
        TRY(pg::openPgSchema(conn, where));
    return std::unique_ptr<HubStorage>(std::make_unique<PostgresHubStorage>(conninfo));
}

}  // namespace

core::Result<std::unique_ptr<HubStorage>> openPostgresHubStorage(const std::string& conninfo) {
    return openPostgres(conninfo, false);
}

core::Result<std::unique_ptr<HubStorage>> createPostgresHubStorage(const std::string& conninfo) {
    return openPostgres(conninfo, true);
}

std::string redactedDatabaseUrl(const std::string& conninfo) { return pg::redacted(conninfo); }

bool isPostgresUrl(std::string_view db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

}  // namespace fangsiang::hub
