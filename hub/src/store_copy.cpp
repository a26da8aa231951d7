// The backends' halves of a backup (store_copy.hpp).

#include "store_copy.hpp"

#include "hub/storage.hpp"
#include "pg_connection.hpp"

#include "core/files.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {

// A temporary name beside `file`, gone when this goes unless released.
class PartFile {
public:
    explicit PartFile(const fs::path& file) : m_path(file) { m_path += ".part." + std::to_string(::getpid()); }
    ~PartFile() {
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;
    [[nodiscard]] const fs::path& path() const { return m_path; }
    // Puts the finished file in place as `file` (never over one that
    // appeared meanwhile) and fsyncs it and the folder.
    core::Status finishAs(const fs::path& file) {
        TRY(core::syncFileAndFolder(m_path));
        if (::link(m_path.c_str(), file.c_str()) != 0)
            return makeError(ErrorCode::Io, "cannot put the backup in place as " + file.string() + ": " +
                                                std::strerror(errno));
        ::unlink(m_path.c_str());
        m_path.clear();
        return core::syncFileAndFolder(file);
    }

private:
    fs::path m_path;
};

core::Status refuseExisting(const fs::path& file) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(file, ec)))
        return makeError(ErrorCode::InvalidArgument, file.string() + " exists already; a backup never replaces a file");
    return Ok{};
}

// A PostgreSQL program: FANGSIANG_PG_BIN's, else the one on the PATH.
std::string pgTool(const std::string& name) {
    const char* dir = std::getenv("FANGSIANG_PG_BIN");
    return dir && *dir ? std::string(dir) + "/" + name : name;
}

// A connection string without its password, as key=value pairs, and the
// password apart (for PGPASSWORD).
struct SplitConninfo {
    std::string conninfo;
    std::string password;
};

core::Result<SplitConninfo> splitPassword(const std::string& conninfo) {
    char* why = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(conninfo.c_str(), &why),
                                                                           &PQconninfoFree);
    if (!options) {
        std::string reason = why ? why : "out of memory";
        PQfreemem(why);
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
            reason.pop_back();
        return makeError(ErrorCode::InvalidArgument,
                         "the database URL " + pg::redacted(conninfo) + " cannot be read: " + reason);
    }
    SplitConninfo out;
    for (const PQconninfoOption* o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        if (std::string_view(o->keyword) == "password") {
            out.password = o->val;
            continue;
        }
        std::string value;
        for (const char* c = o->val; *c; ++c) {
            if (*c == '\\' || *c == '\'')
                value += '\\';
            value += *c;
        }
        out.conninfo += std::string(out.conninfo.empty() ? "" : " ") + o->keyword + "='" + value + "'";
    }
    return out;
}

// Runs a PostgreSQL program to its end with PGPASSWORD set when given; its
// messages in `log`. Ok on exit 0, else an error with its last line.
core::Status runPgTool(const std::vector<std::string>& args, const std::string& password, const fs::path& log,
                       const std::string& what) {
    TRY(core::createFileIfAbsent(log));
    const pid_t pid = ::fork();
    if (pid < 0)
        return makeError(ErrorCode::Io, "cannot start " + args[0] + ": " + std::strerror(errno));
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd >= 0) {
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
        }
        if (!password.empty())
            ::setenv("PGPASSWORD", password.c_str(), 1);
        ::setenv("LC_MESSAGES", "C", 1);
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::ifstream in(log);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty())
            last = line;
    ::unlink(log.c_str());
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return Ok{};
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return makeError(ErrorCode::NotFound, args[0] + " is not installed (Debian: postgresql-client-15); " + what +
                                                  " needs it");
    return makeError(ErrorCode::Io, what + " failed" + (last.empty() ? "" : ": " + pg::redacted(last)));
}

}  // namespace

core::Status copySqliteStore(core::sql::Database& db, const fs::path& file) {
    TRY(refuseExisting(file));
    PartFile part(file);
    TRY(core::createFileIfAbsent(part.path()));
    {
        auto copy = TRY(core::sql::Database::open(part.path(), core::sql::OpenMode::ReadWrite));
        sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", db.handle(), "main");
        if (!backup)
            return makeError(ErrorCode::Io, std::string("the backup could not start: ") + sqlite3_errmsg(copy.handle()));
        // All pages in one step: one read transaction on the store, so the
        // copy is one moment of it, and writers (WAL) are never held up.
        int rc = SQLITE_OK;
        for (int tries = 0; tries < 600; ++tries) {
            rc = sqlite3_backup_step(backup, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE)
            return makeError(ErrorCode::Io, std::string("the backup of the SQLite store failed: ") + sqlite3_errstr(rc));
    }
    return part.finishAs(file);
}

core::Status dumpPostgres(const std::string& conninfo, const fs::path& file) {
    TRY(refuseExisting(file));
    const SplitConninfo split = TRY(splitPassword(conninfo));
    PartFile part(file);
    TRY(core::createFileIfAbsent(part.path()));  // 0600 before pg_dump writes into it
    fs::path log = file;
    log += ".log";
    TRY(runPgTool({pgTool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                   "--file=" + part.path().string(), "--dbname=" + split.conninfo},
                  split.password, log, "pg_dump of " + pg::redacted(conninfo)));
    return part.finishAs(file);
}

core::Status restorePostgresDump(const fs::path& dump, const std::string& conninfo) {
    {
        auto conn = TRY(pg::Connection::open(conninfo));
        auto tables = TRY(conn.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() LIMIT 1"));
        if (!tables.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "the database " + pg::redacted(conninfo) +
                                 " has tables already; a backup is restored only into an empty database (and "
                                 "never replaces a store)");
    }
    const SplitConninfo split = TRY(splitPassword(conninfo));
    fs::path log = dump.parent_path() / ("restore-" + std::to_string(::getpid()) + ".log");
    std::error_code ec;
    if (::access(dump.parent_path().c_str(), W_OK) != 0)
        log = fs::temp_directory_path(ec) / log.filename();
    return runPgTool({pgTool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                      "--dbname=" + split.conninfo, dump.string()},
                     split.password, log, "pg_restore into " + pg::redacted(conninfo));
}

}  // namespace fangsiang::hub
