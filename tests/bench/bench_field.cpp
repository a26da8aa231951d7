// bench_field: field mode's "next respondent" loop on the real store and
// drafts file (WAL, synchronous=FULL, on the disk of --data) and the real
// screens under the software renderer.
//
//   submit to the next respondent's first question: the last answer's
//     "submit" (the draft marked, the record signed and committed, the
//     draft removed) and the thanks screen drawn, "next respondent" and the
//     consent screen drawn, "I agree" (the new draft written) and the first
//     question drawn: the machine's share of those three touches, summed,
//     for each of N respondents. Goal: p99 at most 50 ms.
//
// usage: bench_field [--assets DIR] [--data DIR] [--runs N]

#include "field_support.hpp"

#include "kiosk/runtime.hpp"

#include "core/crypto.hpp"
#include "platform/window.hpp"

#include <screens/field_screens.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace fangsiang;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "bench_field: %s\n", what.c_str());
    std::exit(1);
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5))];
}

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    fs::path assets = "assets";
    fs::path data = fs::temp_directory_path() / ("bench-field-" + std::to_string(getpid()));
    int runs = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--assets") == 0)
            assets = argv[i + 1];
        else if (std::strcmp(argv[i], "--data") == 0)
            data = argv[i + 1];
        else if (std::strcmp(argv[i], "--runs") == 0)
            runs = std::max(1, std::atoi(argv[i + 1]));
    }
    if (!core::sodiumInit())
        die("libsodium");
    std::error_code ec;
    fs::create_directories(data, ec);

    kiosk::RuntimeOptions options;
    options.officeCode = "6340105";
    options.contentDir = assets / "content";
    options.dataDir = data;
    kiosk::HubPins pins;
    pins.hubBoxKey = core::randomBoxKeyPair().publicKey;
    pins.officeCode = "6340105";
    pins.deviceNumber = 1;
    auto runtime = kiosk::KioskRuntime::open(options, pins);
    if (!runtime)
        die(runtime.error().message);
    kiosk::KioskRuntime& rt = **runtime;
    auto drafts = kiosk::DraftStore::open(data);
    if (!drafts)
        die(drafts.error().message);
    const core::SurveyDefinition buyer = test::buyerSurvey(assets);
    kiosk::FieldStoreBackend backend(rt.store(), rt.identity(), core::systemClock());
    kiosk::FieldFlow flow({&buyer}, {{"somsri", "สมศรี ใจงาม"}}, backend, *drafts, kiosk::DisplaySettings{},
                          core::wallClockMs());

    platform::WindowOptions wo;
    wo.width = 800;
    wo.height = 480;
    wo.softwareRenderer = true;
    auto window = platform::Window::create(wo);
    if (!window)
        die(window.error().message);
    ui::FieldView view;
    auto frame = [&] {
        auto status = (*window)->renderFrame(
            [&](ui::Context& ui) { ui::drawFieldScreen(ui, flow, view, core::wallClockMs()); });
        if (!status)
            die(status.error().message);
    };

    flow.chooseEnumerator("somsri", core::wallClockMs());
    flow.chooseSurvey("product-buyer", core::wallClockMs());
    test::chooseSundayMarket(flow, core::wallClockMs());
    flow.startRespondent(core::wallClockMs());
    flow.consent(true, core::wallClockMs());

    std::vector<double> total, flowOnly;
    for (int r = 0; r < runs; ++r) {
        while (!flow.onLastQuestion())
            test::answerOne(flow, r, core::wallClockMs());
        frame();
        double inFlow = 0;
        const auto t0 = Clock::now();
        auto t = Clock::now();
        flow.next(core::wallClockMs());  // submit
        inFlow += msSince(t);
        if (flow.screen() != kiosk::FieldScreen::Submitted)
            die("the interview was not submitted");
        frame();
        t = Clock::now();
        flow.startRespondent(core::wallClockMs());
        inFlow += msSince(t);
        frame();
        t = Clock::now();
        flow.consent(true, core::wallClockMs());
        inFlow += msSince(t);
        frame();
        total.push_back(msSince(t0));
        flowOnly.push_back(inFlow);
        if (flow.screen() != kiosk::FieldScreen::Question)
            die("the next respondent's first question is not on screen");
    }
    const auto counts = rt.store().counts();
    std::printf("field: submit to the next respondent's first question, %d respondents, store on %s\n", runs,
                data.c_str());
    std::printf("  with the three screens drawn: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal: p99 <= 50 ms)\n",
                percentile(total, 50), percentile(total, 99), *std::max_element(total.begin(), total.end()));
    std::printf("  the flow and the disk alone:  p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", percentile(flowOnly, 50),
                percentile(flowOnly, 99), *std::max_element(flowOnly.begin(), flowOnly.end()));
    std::printf("  store: %llu records\n", counts ? static_cast<unsigned long long>(counts->records) : 0ULL);
    window->reset();
    runtime->reset();
    fs::remove_all(data, ec);
    return 0;
}
