// fangsiang-fault-proxy: the tests' fault proxy as a program, to watch a
// kiosk and a hub on a bad link by hand, e.g.
//
//   fangsiang-fault-proxy --upstream 8080 --kbit 256 --latency-ms 300 --cut-every-kb 200
//   fangsiang-kiosk enroll http://127.0.0.1:<printed port> CODE
//
// It listens on 127.0.0.1 only and forwards to 127.0.0.1:<upstream> only.

#include "fault_proxy.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void onSignal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"fangsiang-fault-proxy: a bad link on loopback, for trying sync by hand"};
    int upstream = 0;
    double kbit = 0, cutEveryKb = 0;
    int latencyMs = 0;
    std::string portFile;
    app.add_option("--upstream", upstream, "the hub's port on 127.0.0.1")->required()->check(CLI::Range(1, 65535));
    app.add_option("--kbit", kbit, "bandwidth each way in kbit/s (0: unlimited)");
    app.add_option("--latency-ms", latencyMs, "added latency each way");
    app.add_option("--cut-every-kb", cutEveryKb, "cut the connection every this many KB (0: never)");
    app.add_option("--port-file", portFile, "write the port listened on to this file");
    CLI11_PARSE(app, argc, argv);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    fangsiang::test::FaultProxy proxy(upstream);
    proxy.setBandwidth(static_cast<std::uint64_t>(kbit * 1000 / 8));
    proxy.setLatencyMs(latencyMs);
    proxy.setCutEvery(static_cast<std::uint64_t>(cutEveryKb * 1000));
    if (!portFile.empty())
        std::ofstream(portFile) << proxy.port() << "\n";
    std::printf("fault proxy on %s -> 127.0.0.1:%d\n", proxy.url().c_str(), upstream);
    std::fflush(stdout);
    while (!g_stop)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::printf("%llu bytes up, %llu down, %llu connections, %llu cuts\n",
                static_cast<unsigned long long>(proxy.bytesUp()), static_cast<unsigned long long>(proxy.bytesDown()),
                static_cast<unsigned long long>(proxy.connections()), static_cast<unsigned long long>(proxy.cuts()));
    return 0;
}
