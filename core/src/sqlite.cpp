#include "core/sqlite.hpp"

#include "core/files.hpp"

#include <sqlite3.h>

#include <functional>
#include <unordered_map>
#include <vector>

namespace fangsiang::core::sql {

// [SECTION] Handles

namespace detail {

// A connection's statements that ended, reset and unbound, by their SQL.
struct StatementCache {
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>, TextHash, std::equal_to<>> idle;
    std::size_t count = 0;

    StatementCache() = default;
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;
    ~StatementCache() {
        for (auto& entry : idle)
            for (sqlite3_stmt* stmt : entry.second)
                sqlite3_finalize(stmt);
    }

    sqlite3_stmt* take(std::string_view sql) {
        auto found = idle.find(sql);
        if (found == idle.end() || found->second.empty())
            return nullptr;
        sqlite3_stmt* stmt = found->second.back();
        found->second.pop_back();
        --count;
        return stmt;
    }

    void put(sqlite3_stmt* stmt, const std::string& sql) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);  // nothing a statement was given stays bound
        if (count >= kIdleStatements) {
            sqlite3_finalize(stmt);
            return;
        }
        idle[sql].push_back(stmt);
        ++count;
    }
};

void RecycleStatement::operator()(sqlite3_stmt* stmt) const {
    if (auto kept = cache.lock())
        kept->put(stmt, sql);
    else
        sqlite3_finalize(stmt);
}

void CloseDatabase::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

}  // namespace detail

// [SECTION] Statement

Statement::Statement(sqlite3_stmt* stmt, Database* db, std::string_view sql)
    : m_stmt(stmt, detail::RecycleStatement{db->m_cache, std::string(sql)}), m_db(db) {}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // An empty view may have no data pointer, which SQLite takes for NULL:
    // empty text must still be text.
    const char* data = text.data() == nullptr ? "" : text.data();
    sqlite3_bind_text64(m_stmt.get(), index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind(int index, ByteView blob) {
    // A zero-length blob must still be a blob, not NULL.
    static const std::uint8_t kEmpty = 0;
    const void* data = blob.empty() ? &kEmpty : blob.data();
    sqlite3_bind_blob64(m_stmt.get(), index, data, blob.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt.get(), index);
    return *this;
}

Result<bool> Statement::step() {
    int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error err = m_db->lastError("running a query");
    sqlite3_reset(m_stmt.get());
    return err;
}

Status Statement::run() {
    while (TRY(step())) {
        // rows, if any, are not wanted
    }
    reset();
    return Ok{};
}

void Statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

std::int64_t Statement::columnInt(int index) const { return sqlite3_column_int64(m_stmt.get(), index); }

bool Statement::columnIsNull(int index) const { return sqlite3_column_type(m_stmt.get(), index) == SQLITE_NULL; }

std::string Statement::columnText(int index) const {
    const auto* text = sqlite3_column_text(m_stmt.get(), index);
    int size = sqlite3_column_bytes(m_stmt.get(), index);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

ByteView Statement::columnBlob(int index) const {
    const void* data = sqlite3_column_blob(m_stmt.get(), index);
    int size = sqlite3_column_bytes(m_stmt.get(), index);
    if (data == nullptr)
        return {};
    return {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)};
}

// [SECTION] Database

Result<Database> Database::open(const std::filesystem::path& path, OpenMode mode) {
    int flags = SQLITE_OPEN_NOMUTEX;  // one connection per thread, by contract
    switch (mode) {
    case OpenMode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    }
    // SQLite would create the file 0644 less the umask, readable by every
    // local user, and its -wal and -shm files take the database file's mode.
    // Made here first, 0600, they are all private whatever the umask.
    if (mode == OpenMode::ReadWriteCreate)
        TRY(createFileIfAbsent(path, kPrivateFileMode));
    Database db;
    db.m_path = path;
    db.m_cache = std::make_shared<detail::StatementCache>();
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    db.m_db.reset(handle);  // SQLite may hand back a handle even when it fails: closed either way
    if (rc != SQLITE_OK) {
        std::string why = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
        return makeError(rc == SQLITE_CANTOPEN ? ErrorCode::NotFound : ErrorCode::Io,
                         "cannot open database " + path.string() + ": " + why);
    }
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, 5000);
    return db;
}

Error Database::lastError(std::string_view doing) const {
    int rc = sqlite3_extended_errcode(handle());
    int primary = rc & 0xff;
    ErrorCode code = ErrorCode::Io;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        code = ErrorCode::Corrupt;
    else if (primary == SQLITE_TOOBIG)
        code = ErrorCode::TooLarge;
    return makeError(code, std::string(doing) + " in " + m_path.string() + ": " + sqlite3_errmsg(handle()));
}

std::int64_t Database::changes() const { return sqlite3_changes64(handle()); }

Status Database::exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(handle(), sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error err = lastError("running SQL");
        sqlite3_free(message);
        return err;
    }
    return Ok{};
}

Result<Statement> Database::prepare(std::string_view sql) {
    if (m_cache)
        if (sqlite3_stmt* kept = m_cache->take(sql))
            return Statement(kept, this, sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return lastError("preparing a query");
    return Statement(stmt, this, sql);
}

Result<std::int64_t> Database::queryInt(std::string_view sql) {
    auto stmt = TRY(prepare(sql));
    if (!TRY(stmt.step()))
        return makeError(ErrorCode::NotFound, "query returned no row: " + std::string(sql));
    return stmt.columnInt(0);
}

// [SECTION] Transaction

Result<Transaction> Transaction::begin(Database& db) {
    TRY(db.run("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::~Transaction() {
    if (m_db != nullptr)
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit() {
    if (m_db == nullptr)
        return makeError(ErrorCode::InvalidArgument, "transaction already finished");
    TRY(m_db->run("COMMIT"));  // on failure still open: the destructor rolls it back
    m_db = nullptr;
    return Ok{};
}

}  // namespace fangsiang::core::sql
