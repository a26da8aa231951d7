#pragma once
// Thin RAII over libpq for the hub's PostgreSQL backend: a connection that
// reconnects when the server went away, statements sent with their values as
// parameters (never spliced into the SQL), results read in binary, and a
// small pool of connections. Private to hub/src.
//
// Every value goes out as a typed binary parameter (int8, bool, text, bytea)
// and every result comes back binary, so bytes are never escaped and numbers
// never printed and parsed.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct pg_conn;
struct pg_result;

namespace fangsiang::hub::pg {

// One parameter: NULL, a whole number (int8), a truth value, text or bytes.
// Text and bytes are not copied: they must outlive the statement's call.
struct Null {};
struct Param {
    using Value = std::variant<Null, std::int64_t, bool, std::string_view, core::ByteView>;
    Param(Null) {}                                               // NOLINT(google-explicit-constructor)
    Param(std::int64_t v) : value(v) {}                          // NOLINT(google-explicit-constructor)
    Param(int v) : value(static_cast<std::int64_t>(v)) {}        // NOLINT(google-explicit-constructor)
    Param(bool v) : value(v) {}                                  // NOLINT(google-explicit-constructor)
    Param(std::string_view v) : value(v) {}                      // NOLINT(google-explicit-constructor)
    Param(const char* v) : value(std::string_view(v)) {}         // NOLINT(google-explicit-constructor)
    Param(const std::string& v) : value(std::string_view(v)) {}  // NOLINT(google-explicit-constructor)
    Param(core::ByteView v) : value(v) {}                        // NOLINT(google-explicit-constructor)
    Value value;
};

// A result set, read in binary. Columns by 0-based index.
class Rows {
public:
    Rows() = default;
    explicit Rows(pg_result* result);

    [[nodiscard]] int size() const;
    [[nodiscard]] bool empty() const { return size() == 0; }
    [[nodiscard]] bool isNull(int row, int column) const;
    // int2, int4, int8 or bool, whichever the column is.
    [[nodiscard]] std::int64_t integer(int row, int column) const;
    [[nodiscard]] bool truth(int row, int column) const { return integer(row, column) != 0; }
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] core::ByteView bytes(int row, int column) const;  // valid while the Rows live

private:
    struct Clear {
        void operator()(pg_result* r) const;
    };
    std::unique_ptr<pg_result, Clear> m_result;
};

// One connection to the server. Use from one thread at a time.
class Connection {
public:
    // Connects; fails with ErrorCode::Busy when the server does not answer.
    [[nodiscard]] static core::Result<Connection> open(const std::string& conninfo);

    // A statement with `params` as $1, $2, ...; its rows (none for most writes).
    [[nodiscard]] core::Result<Rows> query(std::string_view sql, const std::vector<Param>& params = {});
    // A statement whose rows, if any, are not wanted.
    [[nodiscard]] core::Status run(std::string_view sql, const std::vector<Param>& params = {}) {
        TRY(query(sql, params));
        return core::Ok{};
    }
    // Several statements without parameters (schema changes).
    [[nodiscard]] core::Status script(std::string_view sql);
    // Rows changed by the last statement run through query().
    [[nodiscard]] std::int64_t changed() const { return m_changed; }
    [[nodiscard]] bool healthy() const;
    // Connected, and inside a transaction (to be rolled back).
    [[nodiscard]] bool inFailedTransaction() const;
    // Statements sent since the connection was leased (see Pool::run).
    [[nodiscard]] int sent() const { return m_sent; }
    void resetSent() { m_sent = 0; }

private:
    struct Finish {
        void operator()(pg_conn* c) const;
    };
    explicit Connection(pg_conn* conn) : m_conn(conn) {}
    [[nodiscard]] core::Error errorOf(pg_result* result, std::string_view what) const;
    std::unique_ptr<pg_conn, Finish> m_conn;
    std::int64_t m_changed = 0;
    int m_sent = 0;
};

// The errors a caller branches on. A lost connection is ErrorCode::Busy
// ("the database is not answering; try again soon": the hub answers 503 and
// the device sends again); a unique key taken is Duplicate; a serialization
// failure or deadlock is Conflict with `retryable` set.
[[nodiscard]] bool isConnectionLost(const core::Error& error);
[[nodiscard]] bool isRetryable(const core::Error& error);

// Connections made on demand, at most `limit` at once, reused while healthy.
class Pool {
public:
    Pool(std::string conninfo, std::size_t limit) : m_conninfo(std::move(conninfo)), m_limit(limit) {}
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> conn) : m_pool(&pool), m_conn(std::move(conn)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() { return *m_conn; }
        Connection* operator->() { return m_conn.get(); }

    private:
        Pool* m_pool;
        std::unique_ptr<Connection> m_conn;
    };

    // A connection for one call: an idle healthy one, else a new one.
    [[nodiscard]] core::Result<Lease> acquire();
    // Forgets the idle connections (the server they talked to went away).
    void dropIdle();

    // Runs `use` on a leased connection. When the server went away since the
    // connection was last used, the first statement fails having done
    // nothing: `use` then runs once more on a new connection. A failure
    // after the first statement is returned as it is (its transaction has
    // been rolled back by the server).
    template <typename T>
    core::Result<T> run(const std::function<core::Result<T>(Connection&)>& use) {
        for (int attempt = 0;; ++attempt) {
            auto lease = TRY(acquire());
            auto result = use(*lease);
            if (result || attempt > 0 || !isConnectionLost(result.error()) || lease->sent() > 1)
                return result;
            dropIdle();  // they were connected to the same server: as stale as this one
        }
    }

private:
    void give(std::unique_ptr<Connection> conn);
    std::string m_conninfo;
    std::size_t m_limit;
    std::mutex m_mutex;
    std::condition_variable m_freed;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::size_t m_out = 0;
};

// BEGIN, `body`, COMMIT on `conn`; ROLLBACK when `body` fails. With
// `serializable`, the transaction runs at SERIALIZABLE and is retried (a few
// times) when the server reports a serialization failure.
[[nodiscard]] core::Status transaction(Connection& conn, const std::function<core::Status()>& body,
                                       bool serializable = false);

// The PostgreSQL URL or key=value string without its password, for messages.
[[nodiscard]] std::string redacted(const std::string& conninfo);

}  // namespace fangsiang::hub::pg
