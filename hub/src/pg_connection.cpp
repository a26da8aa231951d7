// libpq for the hub's PostgreSQL backend (pg_connection.hpp).

#include "pg_connection.hpp"

#include <libpq-fe.h>

#include <arpa/inet.h>

#include <cstring>
#include <regex>

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

// Type OIDs of the parameters sent (pg_type.h).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kTextOid = 25;

constexpr const char* kNotAnswering = "the hub's database is not answering; try again soon";
// The retryable errors carry this at the start of their message.
constexpr std::string_view kRetryMark = "serialization: ";

std::uint64_t toBigEndian(std::uint64_t v) {
    std::uint64_t out = 0;
    for (int i = 0; i < 8; ++i)
        reinterpret_cast<std::uint8_t*>(&out)[i] = static_cast<std::uint8_t>(v >> (56 - 8 * i));
    return out;
}

}  // namespace

void Rows::Clear::operator()(pg_result* r) const { PQclear(r); }
void Connection::Finish::operator()(pg_conn* c) const { PQfinish(c); }

Rows::Rows(pg_result* result) : m_result(result) {}

int Rows::size() const { return m_result ? PQntuples(m_result.get()) : 0; }

bool Rows::isNull(int row, int column) const { return PQgetisnull(m_result.get(), row, column) != 0; }

std::int64_t Rows::integer(int row, int column) const {
    if (isNull(row, column))
        return 0;
    const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(m_result.get(), row, column));
    const int n = PQgetlength(m_result.get(), row, column);
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    // Sign-extend int2 and int4 (a bool is one byte, 0 or 1).
    if ((n == 2 || n == 4) && (p[0] & 0x80) != 0)
        v |= ~std::uint64_t{0} << (8 * n);
    return static_cast<std::int64_t>(v);
}

std::string Rows::text(int row, int column) const {
    return std::string(PQgetvalue(m_result.get(), row, column),
                       static_cast<std::size_t>(PQgetlength(m_result.get(), row, column)));
}

core::ByteView Rows::bytes(int row, int column) const {
    return core::ByteView(reinterpret_cast<const std::uint8_t*>(PQgetvalue(m_result.get(), row, column)),
                          static_cast<std::size_t>(PQgetlength(m_result.get(), row, column)));
}

core::Result<Connection> Connection::open(const std::string& conninfo) {
    pg_conn* raw = PQconnectdb(conninfo.c_str());
    Connection conn(raw);
    if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
        std::string why = raw ? PQerrorMessage(raw) : "out of memory";
        while (!why.empty() && (why.back() == '\n' || why.back() == ' '))
            why.pop_back();
        return makeError(ErrorCode::Busy, std::string(kNotAnswering) + " (" + redacted(conninfo) + ": " + why + ")");
    }
    // Messages from the server in English whatever its locale, and quiet notices.
    PQsetNoticeProcessor(raw, [](void*, const char*) {}, nullptr);
    TRY(conn.script("SET client_min_messages = warning; SET synchronous_commit = on"));
    return conn;
}

bool Connection::healthy() const {
    return m_conn && PQstatus(m_conn.get()) == CONNECTION_OK && PQtransactionStatus(m_conn.get()) == PQTRANS_IDLE;
}

core::Error Connection::errorOf(pg_result* result, std::string_view what) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn.get());
    if (message.empty())
        message = PQerrorMessage(m_conn.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    if (message.rfind("ERROR:  ", 0) == 0)
        message = message.substr(8);
    const std::string sqlstate = state ? state : "";
    if (PQstatus(m_conn.get()) != CONNECTION_OK || sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" ||
        sqlstate == "57P02" || sqlstate == "57P03")
        return makeError(ErrorCode::Busy, std::string(kNotAnswering) + " (" + message + ")");
    if (sqlstate == "23505")
        return makeError(ErrorCode::Duplicate, message);
    if (sqlstate == "40001" || sqlstate == "40P01")
        return makeError(ErrorCode::Conflict, std::string(kRetryMark) + message);
    return makeError(ErrorCode::Io, "the hub's database refused " + std::string(what.substr(0, 60)) + ": " + message);
}

core::Result<Rows> Connection::query(std::string_view sql, const std::vector<Param>& params) {
    const std::size_t n = params.size();
    std::vector<Oid> types(n, 0);
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0), formats(n, 1);
    std::vector<std::uint64_t> numbers(n, 0);
    std::vector<char> truths(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const Param::Value& p = params[i].value;
        if (const auto* v = std::get_if<std::int64_t>(&p)) {
            numbers[i] = toBigEndian(static_cast<std::uint64_t>(*v));
            types[i] = kInt8Oid;
            values[i] = reinterpret_cast<const char*>(&numbers[i]);
            lengths[i] = 8;
        } else if (const auto* b = std::get_if<bool>(&p)) {
            truths[i] = *b ? 1 : 0;
            types[i] = kBoolOid;
            values[i] = &truths[i];
            lengths[i] = 1;
        } else if (const auto* t = std::get_if<std::string_view>(&p)) {
            types[i] = kTextOid;
            values[i] = t->data() ? t->data() : "";
            lengths[i] = static_cast<int>(t->size());
        } else if (const auto* y = std::get_if<core::ByteView>(&p)) {
            types[i] = kByteaOid;
            values[i] = y->data() ? reinterpret_cast<const char*>(y->data()) : "";
            lengths[i] = static_cast<int>(y->size());
        }
    }
    ++m_sent;
    const std::string text(sql);
    pg_result* raw = PQexecParams(m_conn.get(), text.c_str(), static_cast<int>(n), types.data(), values.data(),
                                  lengths.data(), formats.data(), 1);
    Rows rows(raw);
    const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return errorOf(raw, sql);
    const char* tuples = PQcmdTuples(raw);
    m_changed = (tuples && *tuples) ? std::atoll(tuples) : 0;
    return rows;
}

core::Status Connection::script(std::string_view sql) {
    ++m_sent;
    const std::string text(sql);
    // PQexec returns the last statement's result, or the first failure's.
    pg_result* raw = PQexec(m_conn.get(), text.c_str());
    Rows rows(raw);
    const auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        return errorOf(raw, sql);
    return Ok{};
}

bool Connection::inFailedTransaction() const {
    return m_conn && PQstatus(m_conn.get()) == CONNECTION_OK && PQtransactionStatus(m_conn.get()) != PQTRANS_IDLE;
}

bool isConnectionLost(const core::Error& error) {
    return error.code == ErrorCode::Busy && error.message.rfind(kNotAnswering, 0) == 0;
}

bool isRetryable(const core::Error& error) {
    return error.code == ErrorCode::Conflict && error.message.rfind(kRetryMark, 0) == 0;
}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
    if (m_pool && m_conn)
        m_pool->give(std::move(m_conn));
}

core::Result<Pool::Lease> Pool::acquire() {
    std::unique_lock lock(m_mutex);
    m_freed.wait(lock, [&] { return !m_idle.empty() || m_out < m_limit; });
    while (!m_idle.empty()) {
        std::unique_ptr<Connection> conn = std::move(m_idle.back());
        m_idle.pop_back();
        if (conn->healthy()) {
            ++m_out;
            conn->resetSent();
            return Lease(*this, std::move(conn));
        }
    }
    ++m_out;
    lock.unlock();
    auto opened = Connection::open(m_conninfo);
    if (!opened) {
        std::lock_guard again(m_mutex);
        --m_out;
        m_freed.notify_one();
        return opened.error();
    }
    return Lease(*this, std::make_unique<Connection>(std::move(*opened)));
}

void Pool::dropIdle() {
    std::vector<std::unique_ptr<Connection>> stale;
    {
        std::lock_guard lock(m_mutex);
        stale.swap(m_idle);
    }
}

void Pool::give(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(m_mutex);
    --m_out;
    // A connection left inside a transaction (a caller that failed between
    // BEGIN and ROLLBACK) or lost is not reused.
    if (conn->healthy())
        m_idle.push_back(std::move(conn));
    m_freed.notify_one();
}

core::Status transaction(Connection& conn, const std::function<core::Status()>& body, bool serializable) {
    for (int attempt = 0;; ++attempt) {
        TRY(conn.script(serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN"));
        core::Status done = body();
        if (done)
            done = conn.script("COMMIT");
        if (done)
            return Ok{};
        if (conn.inFailedTransaction())
            (void)conn.script("ROLLBACK");
        if (!serializable || !isRetryable(done.error()) || attempt >= 8)
            return done;
    }
}

std::string redacted(const std::string& conninfo) {
    // postgresql://user:secret@host/db -> postgresql://user:***@host/db;
    // password=secret -> password=***
    static const std::regex url(R"(^(postgres(?:ql)?://[^:/@]*):[^@]*@)");
    static const std::regex pair(R"((password\s*=\s*)('[^']*'|\S+))");
    std::string out = std::regex_replace(conninfo, url, "$1:***@");
    out = std::regex_replace(out, pair, "$1***");
    // A password given as a URL parameter.
    static const std::regex param(R"(([?&]password=)[^&]*)");
    return std::regex_replace(out, param, "$1***");
}

}  // namespace fangsiang::hub::pg
