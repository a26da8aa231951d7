#pragma once
// A real PostgreSQL 15 server for the tests, one per test process: initdb
// into a temporary folder, pg_ctl start listening on a unix socket in that
// folder only (no TCP), trust authentication, stopped when the process
// ends. Each test case takes a fresh database of its own (CREATE DATABASE ...
// TEMPLATE template0). As root (CI) the server runs as the `postgres` user,
// since initdb refuses root; the folder is given to that user.
//
// The server runs with fsync off: the tests kill processes, never the
// machine, and the kernel keeps what a killed server wrote. Everything else
// is PostgreSQL's defaults.

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace fangsiang::test {

class PgServer {
public:
    // The process's server, started on first use.
    static PgServer& instance() {
        static PgServer server;
        return server;
    }

    // A new empty database; its connection URL.
    std::string freshDatabase() {
        const std::string name = "fangsiang_" + std::to_string(::getpid()) + "_" + std::to_string(++m_databases);
        psql("postgres", "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        return urlOf(name);
    }
    [[nodiscard]] std::string urlOf(const std::string& database) const {
        return "postgresql:///" + database + "?host=" + m_dir.path().string() + "&user=postgres";
    }
    // Runs `sql` in `database` with psql: its exit code and what it printed.
    struct PsqlRun {
        int code = -1;
        std::string output;
    };
    PsqlRun tryPsql(const std::string& database, const std::string& sql) {
        const auto out = m_dir / ("psql-" + std::to_string(++m_runs) + ".out");
        PsqlRun r;
        r.code = run({bin("psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", m_dir.path().string(), "-U",
                      "postgres", "-d", database, "-c", sql},
                     out, false);
        r.output = readAll(out);
        std::filesystem::remove(out);
        return r;
    }
    // The same, failing the test when psql fails; its output.
    std::string psql(const std::string& database, const std::string& sql) {
        PsqlRun r = tryPsql(database, sql);
        INFO(sql << "\n" << r.output);
        REQUIRE(r.code == 0);
        return r.output;
    }

    // The server killed with SIGKILL, as by the kernel or an operator.
    void kill() {
        const pid_t pid = postmasterPid();
        REQUIRE(pid > 0);
        ::kill(pid, SIGKILL);
        for (int i = 0; i < 400 && ::kill(pid, 0) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        // Its backends exit when they notice their postmaster is gone.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    // Starts the server again on the same data (it recovers from its WAL).
    void start() {
        const int code = run({bin("pg_ctl"), "-D", data().string(), "-l", (m_dir / "server.log").string(), "-w",
                              "-t", "60", "start"},
                             m_dir / "pg_ctl.out", true);
        INFO(readAll(m_dir / "pg_ctl.out") << readAll(m_dir / "server.log"));
        REQUIRE(code == 0);
    }
    [[nodiscard]] const std::filesystem::path& dir() const { return m_dir.path(); }

    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;
    ~PgServer() {
        run({bin("pg_ctl"), "-D", data().string(), "-m", "immediate", "-w", "stop"}, m_dir / "pg_ctl.out", true);
    }

private:
    PgServer() {
        m_asRoot = ::geteuid() == 0;
        if (m_asRoot) {
            const passwd* user = ::getpwnam("postgres");
            REQUIRE(user != nullptr);  // made by Debian's postgresql-15 package
            REQUIRE(::chown(m_dir.path().c_str(), user->pw_uid, user->pw_gid) == 0);
        }
        const int code = run({bin("initdb"), "-D", data().string(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                              "--locale=C.UTF-8", "--no-sync"},
                             m_dir / "initdb.out", true);
        INFO(readAll(m_dir / "initdb.out"));
        REQUIRE(code == 0);
        std::ofstream conf(data() / "postgresql.conf", std::ios::app);
        conf << "listen_addresses = ''\n"
             << "unix_socket_directories = '" << m_dir.path().string() << "'\n"
             << "fsync = off\n"
             << "max_connections = 300\n"
             << "shared_buffers = 32MB\n";
        conf.close();
        start();
    }

    static std::string bin(const std::string& name) {
        const char* dir = std::getenv("FANGSIANG_PG_BIN");
        return std::string(dir ? dir : "/usr/lib/postgresql/15/bin") + "/" + name;
    }
    [[nodiscard]] std::filesystem::path data() const { return m_dir / "data"; }

    [[nodiscard]] pid_t postmasterPid() const {
        std::ifstream in(data() / "postmaster.pid");
        pid_t pid = 0;
        in >> pid;
        return pid;
    }

    // Runs `args` to completion with its output in `out`; as the postgres
    // user when `asServer` and this process is root.
    int run(std::vector<std::string> args, const std::filesystem::path& out, bool asServer) const {
        if (asServer && m_asRoot)
            args.insert(args.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
        const pid_t pid = ::fork();
        if (pid == 0) {
            FILE* f = std::fopen(out.c_str(), "w");
            if (f) {
                ::dup2(::fileno(f), STDOUT_FILENO);
                ::dup2(::fileno(f), STDERR_FILENO);
            }
            // The server must not inherit the test's sockets or signals.
            ::setsid();
            std::vector<char*> argv;
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            _exit(127);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    }

    TempDir m_dir;
    bool m_asRoot = false;
    std::atomic<int> m_databases{0};
    std::atomic<int> m_runs{0};
};

}  // namespace fangsiang::test
