// bench_kiosk: figures for the citizen kiosk, for comparison with a browser
// kiosk showing the same catalogue (tests/bench/kiosk_vs_chromium.sh).
//
//   cold start to the first frame: a fresh process loads the content, opens
//     the store and the window, draws the welcome screen and reads the frame
//     back (as a screenshot would), N times
//   memory and CPU at rest on the Home screen: a child process sits on Home
//     in its frame loop; its private and resident memory and the CPU it uses
//     over 10 s are read from /proc
//   submit to receipt: a complaint with contact details is sealed, signed,
//     committed (synchronous=FULL) and the receipt screen drawn, N times
//
// usage: bench_kiosk [--content DIR] [--runs N]
//   (internal: bench_kiosk first-frame T0_NS | bench_kiosk rest)
// Runs under whatever SDL video driver is set: x11 under Xvfb beside a
// browser, offscreen otherwise. The kiosk draws with the software renderer.

#include "kiosk/runtime.hpp"

#include "core/crypto.hpp"
#include "platform/frame_loop.hpp"
#include "platform/window.hpp"

#include <screens/kiosk_screens.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace fangsiang;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t realtimeNs() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "bench_kiosk: %s\n", what.c_str());
    std::exit(1);
}

struct Setup {
    fs::path dataDir;
    std::unique_ptr<kiosk::KioskRuntime> runtime;
};

Setup openKiosk(const fs::path& content, const fs::path& dataDir) {
    if (!core::sodiumInit())
        die("libsodium");
    kiosk::RuntimeOptions options;
    options.officeCode = "6340105";
    options.contentDir = content;
    options.dataDir = dataDir;
    kiosk::HubPins pins;
    pins.hubBoxKey = core::randomBoxKeyPair().publicKey;
    pins.officeCode = "6340105";
    pins.deviceNumber = 1;
    auto runtime = kiosk::KioskRuntime::open(options, pins);
    if (!runtime)
        die(runtime.error().message);
    return Setup{dataDir, std::move(*runtime)};
}

std::unique_ptr<platform::Window> openWindow() {
    platform::WindowOptions options;
    options.width = 800;
    options.height = 480;
    options.softwareRenderer = true;
    auto window = platform::Window::create(options);
    if (!window)
        die(window.error().message);
    return std::move(*window);
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5))];
}

// [SECTION] Child modes

int firstFrame(const fs::path& content, std::int64_t t0) {
    Setup s = openKiosk(content, fs::temp_directory_path() / ("bench-kiosk-ff-" + std::to_string(getpid())));
    auto window = openWindow();
    ui::KioskView view;
    platform::Image frame;
    auto status = window->renderFrame(
        [&](ui::Context& ui) { ui::drawKioskScreen(ui, s.runtime->flow(), view, core::wallClockMs()); }, &frame);
    if (!status)
        die(status.error().message);
    const double ms = static_cast<double>(realtimeNs() - t0) / 1e6;
    std::printf("%.2f\n", ms);
    window.reset();
    fs::remove_all(s.dataDir);
    return 0;
}

int rest(const fs::path& content) {
    Setup s = openKiosk(content, fs::temp_directory_path() / ("bench-kiosk-rest-" + std::to_string(getpid())));
    auto window = openWindow();
    ui::KioskView view;
    s.runtime->flow().start(core::wallClockMs());  // the Home screen
    platform::runFrameLoop(*window, [&](ui::Context& ui) {
        ui::drawKioskScreen(ui, s.runtime->flow(), view, core::wallClockMs());
    });
    return 0;
}

// [SECTION] Measuring a child from /proc

struct ProcSample {
    long rssKb = 0;
    long privateKb = 0;  // Private_Clean + Private_Dirty: what this process alone costs
    double cpuSeconds = 0;
};

ProcSample sample(pid_t pid) {
    ProcSample s;
    std::ifstream smaps("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string key;
    long value = 0;
    std::string unit;
    std::string line;
    while (std::getline(smaps, line)) {
        std::istringstream in(line);
        in >> key >> value >> unit;
        if (key == "Rss:")
            s.rssKb = value;
        else if (key == "Private_Clean:" || key == "Private_Dirty:")
            s.privateKb += value;
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close = all.rfind(')');
    std::istringstream fields(all.substr(close + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) stime = std::stol(field);
    }
    s.cpuSeconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    return s;
}

pid_t spawn(const std::vector<std::string>& args, int* stdoutFd) {
    int fds[2];
    if (stdoutFd != nullptr && pipe(fds) != 0)
        die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        if (stdoutFd != nullptr) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
        }
        std::vector<char*> argv;
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv("/proc/self/exe", argv.data());
        _exit(127);
    }
    if (stdoutFd != nullptr) {
        close(fds[1]);
        *stdoutFd = fds[0];
    }
    return pid;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path content = "assets/content";
    int runs = 10;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--content" && i + 1 < argc) content = argv[++i];
        else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else positional.push_back(a);
    }
    if (!positional.empty() && positional[0] == "first-frame" && positional.size() == 2)
        return firstFrame(content, std::stoll(positional[1]));
    if (!positional.empty() && positional[0] == "rest")
        return rest(content);

    const char* driver = std::getenv("SDL_VIDEODRIVER");
    std::printf("bench_kiosk (SDL video driver: %s, software renderer, 800x480)\n", driver ? driver : "default");

    // Cold start: exec to first frame read back, `runs` times.
    std::vector<double> starts;
    for (int i = 0; i < runs; ++i) {
        int out = -1;
        const std::int64_t t0 = realtimeNs();
        pid_t pid = spawn({"bench_kiosk", "--content", content.string(), "first-frame", std::to_string(t0)}, &out);
        char buf[64] = {};
        ssize_t n = read(out, buf, sizeof buf - 1);
        close(out);
        int status = 0;
        waitpid(pid, &status, 0);
        if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("the first-frame child failed");
        starts.push_back(std::atof(buf));
    }
    std::printf("  cold start to first frame (%d runs): p50 %.0f ms  max %.0f ms\n", runs, percentile(starts, 50),
                percentile(starts, 100));

    // At rest on Home: 3 s to settle, then 10 s measured.
    pid_t child = spawn({"bench_kiosk", "--content", content.string(), "rest"}, nullptr);
    sleep(3);
    const ProcSample before = sample(child);
    sleep(10);
    const ProcSample after = sample(child);
    kill(child, SIGTERM);
    waitpid(child, nullptr, 0);
    std::printf("  at rest on Home: private %.1f MB  resident %.1f MB  CPU %.2f%% of a core over 10 s\n",
                static_cast<double>(after.privateKb) / 1024.0, static_cast<double>(after.rssKb) / 1024.0,
                (after.cpuSeconds - before.cpuSeconds) * 100.0 / 10.0);

    // Submit to receipt, in this process.
    Setup s = openKiosk(content, fs::temp_directory_path() / ("bench-kiosk-submit-" + std::to_string(getpid())));
    auto window = openWindow();
    ui::KioskView view;
    auto& flow = s.runtime->flow();
    auto draw = [&](ui::Context& ui) { ui::drawKioskScreen(ui, flow, view, core::wallClockMs()); };
    std::vector<double> submits;
    for (int i = 0; i < std::max(20, runs * 3); ++i) {
        const std::int64_t now = core::wallClockMs();
        flow.start(now);
        flow.openComplaint(now);
        flow.chooseComplaintCategory(kiosk::ComplaintCategory::Water, now);
        flow.setDescription("น้ำประปาไม่ไหลตั้งแต่เช้า บ้านเลขที่ 12 หมู่ 4 ทั้งซอย", now);
        flow.next(now);
        flow.next(now);
        flow.chooseContact(true, now);
        flow.setName("สมชาย ใจดี", now);
        flow.setPhone("0812345678", now);
        flow.next(now);
        if (!window->renderFrame(draw))
            die("frame");
        const auto t = Clock::now();
        flow.submitComplaint(core::wallClockMs());
        if (!window->renderFrame(draw))
            die("frame");
        submits.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        if (flow.screen() != kiosk::Screen::ComplaintReceipt)
            die("the complaint was not accepted");
        flow.finish(core::wallClockMs());
    }
    std::printf("  submit to receipt on screen (%zu complaints with sealed contact): p50 %.1f ms  p99 %.1f ms\n",
                submits.size(), percentile(submits, 50), percentile(submits, 99));
    window.reset();
    fs::remove_all(s.dataDir);
    return 0;
}
