#include "core/sqlite.hpp"

#include <sqlite3.h>

#include <utility>

namespace fangsiang::core::sql {

// [SECTION] Statement

Statement::~Statement() {
    if (m_stmt != nullptr)
        sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_db(std::exchange(other.m_db, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (m_stmt != nullptr)
            sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind(int index, ByteView blob) {
    // A zero-length blob must still be a blob, not NULL.
    static const std::uint8_t kEmpty = 0;
    const void* data = blob.empty() ? &kEmpty : blob.data();
    sqlite3_bind_blob64(m_stmt, index, data, blob.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Result<bool> Statement::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error err = m_db->lastError("running a query");
    sqlite3_reset(m_stmt);
    return err;
}

Status Statement::run() {
    for (;;) {
        auto more = step();
        if (!more)
            return more.error();
        if (!*more)
            break;
    }
    reset();
    return Ok{};
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::columnInt(int index) const { return sqlite3_column_int64(m_stmt, index); }

bool Statement::columnIsNull(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_NULL; }

std::string Statement::columnText(int index) const {
    const auto* text = sqlite3_column_text(m_stmt, index);
    int size = sqlite3_column_bytes(m_stmt, index);
    return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

ByteView Statement::columnBlob(int index) const {
    const void* data = sqlite3_column_blob(m_stmt, index);
    int size = sqlite3_column_bytes(m_stmt, index);
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
    Database db;
    db.m_path = path;
    int rc = sqlite3_open_v2(path.c_str(), &db.m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db.m_db != nullptr ? sqlite3_errmsg(db.m_db) : sqlite3_errstr(rc);
        return makeError(rc == SQLITE_CANTOPEN ? ErrorCode::NotFound : ErrorCode::Io,
                         "cannot open database " + path.string() + ": " + why);
    }
    sqlite3_extended_result_codes(db.m_db, 1);
    sqlite3_busy_timeout(db.m_db, 5000);
    return db;
}

Database::~Database() {
    if (m_db != nullptr)
        sqlite3_close_v2(m_db);
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (m_db != nullptr)
            sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Error Database::lastError(std::string_view doing) const {
    int rc = sqlite3_extended_errcode(m_db);
    int primary = rc & 0xff;
    ErrorCode code = ErrorCode::Io;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        code = ErrorCode::Corrupt;
    else if (primary == SQLITE_TOOBIG)
        code = ErrorCode::TooLarge;
    return makeError(code, std::string(doing) + " in " + m_path.string() + ": " + sqlite3_errmsg(m_db));
}

std::int64_t Database::changes() const { return sqlite3_changes64(m_db); }

Status Database::exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error err = lastError("running SQL");
        sqlite3_free(message);
        return err;
    }
    return Ok{};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return lastError("preparing a query");
    return Statement(stmt, this);
}

Result<std::int64_t> Database::queryInt(std::string_view sql) {
    auto stmt = TRY(prepare(sql));
    if (!TRY(stmt.step()))
        return makeError(ErrorCode::NotFound, "query returned no row: " + std::string(sql));
    return stmt.columnInt(0);
}

// [SECTION] Transaction

Result<Transaction> Transaction::begin(Database& db) {
    TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(&db);
}

Transaction::~Transaction() {
    if (m_db != nullptr)
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit() {
    if (m_db == nullptr)
        return makeError(ErrorCode::InvalidArgument, "transaction already finished");
    auto status = m_db->exec("COMMIT");
    if (!status)
        return status;  // still open: the destructor rolls it back
    m_db = nullptr;
    return Ok{};
}

}  // namespace fangsiang::core::sql
