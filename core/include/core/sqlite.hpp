#pragma once
// Thin RAII over the SQLite C API, shared by the device store and the hub's
// store. A Database owns one connection (use it from one thread at a time); a
// Statement is a prepared statement that resets itself; a Transaction rolls
// back in its destructor unless committed, and never throws.
//
// A Statement that ends is reset, its bindings cleared, and kept by its
// Database for the next prepare() of the same SQL, so a statement run once a
// record is compiled once per connection, not once a record. At most
// kIdleStatements wait so; a Statement outliving its Database is finalised.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace fangsiang::core::sql {

class Database;

inline constexpr std::size_t kIdleStatements = 128;

namespace detail {
struct StatementCache;
// What a handle's owner does with it at the end: back to its Database's
// cache (or sqlite3_finalize once the Database is gone), sqlite3_close_v2.
// Owning the handles through unique_ptr gives Statement and Database their
// moves, and forbids their copies, without writing either.
struct RecycleStatement {
    std::weak_ptr<StatementCache> cache;
    std::string sql;  // as prepare() was given it: the key it is found by again
    void operator()(sqlite3_stmt* stmt) const;
};
struct CloseDatabase {
    void operator()(sqlite3* db) const;
};
}  // namespace detail

class Statement {
public:
    Statement() = default;

    // Binds by 1-based index. Blobs and text are copied by SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, ByteView blob);
    Statement& bindNull(int index);

    // Steps once. True when a row is available, false when done.
    [[nodiscard]] Result<bool> step();
    // Steps to completion, for statements that return no rows.
    [[nodiscard]] Status run();
    void reset();

    // Steps through every row and turns each into a T with fromRow(*this).
    template <typename T, typename FromRow>
    [[nodiscard]] Result<std::vector<T>> collect(FromRow&& fromRow) {
        std::vector<T> out;
        while (TRY(step()))
            out.push_back(fromRow(*this));
        return out;
    }

    // Steps once and turns the row, if there is one, into a T with
    // fromRow(*this): the lookup by key that finds one row or none.
    template <typename T, typename FromRow>
    [[nodiscard]] Result<std::optional<T>> optionalRow(FromRow&& fromRow) {
        if (!TRY(step()))
            return std::optional<T>{};
        return std::optional<T>(fromRow(*this));
    }

    [[nodiscard]] std::int64_t columnInt(int index) const;
    [[nodiscard]] bool columnIsNull(int index) const;
    [[nodiscard]] std::string columnText(int index) const;
    [[nodiscard]] ByteView columnBlob(int index) const;  // valid until the next step/reset

private:
    friend class Database;
    Statement(sqlite3_stmt* stmt, Database* db, std::string_view sql);
    std::unique_ptr<sqlite3_stmt, detail::RecycleStatement> m_stmt;
    Database* m_db = nullptr;
};

enum class OpenMode { ReadWriteCreate, ReadWrite, ReadOnly };

class Database {
public:
    [[nodiscard]] static Result<Database> open(const std::filesystem::path& path, OpenMode mode);

    Database() = default;

    [[nodiscard]] Status exec(const std::string& sql);
    [[nodiscard]] Result<Statement> prepare(std::string_view sql);
    // prepare(sql) with `args` bound to ?1, ?2, … in turn.
    template <typename... Args>
    [[nodiscard]] Result<Statement> query(std::string_view sql, const Args&... args) {
        auto stmt = TRY(prepare(sql));
        [[maybe_unused]] int index = 0;
        (stmt.bind(++index, args), ...);
        return stmt;
    }
    // query(sql, args…) stepped to completion, for statements that return no rows.
    template <typename... Args>
    [[nodiscard]] Status run(std::string_view sql, const Args&... args) {
        auto stmt = TRY(query(sql, args...));
        return stmt.run();
    }
    // The single integer a query like "PRAGMA user_version" returns.
    [[nodiscard]] Result<std::int64_t> queryInt(std::string_view sql);

    // Rows changed by the last INSERT, UPDATE or DELETE.
    [[nodiscard]] std::int64_t changes() const;
    [[nodiscard]] sqlite3* handle() const { return m_db.get(); }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    // The last error SQLite reported on this connection, in words.
    [[nodiscard]] Error lastError(std::string_view doing) const;

private:
    friend class Statement;
    std::unique_ptr<sqlite3, detail::CloseDatabase> m_db;
    std::filesystem::path m_path;
    // Declared after the connection: its idle statements are finalised first.
    std::shared_ptr<detail::StatementCache> m_cache;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so a
// writer never fails half-way on a lock upgrade); ROLLBACK on destruction
// unless commit() succeeded.
class Transaction {
public:
    [[nodiscard]] static Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    [[nodiscard]] Status commit();

private:
    explicit Transaction(Database* db) : m_db(db) {}
    Database* m_db;
};

}  // namespace fangsiang::core::sql
