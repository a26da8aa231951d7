#include "hub_report_commands.hpp"

#include "hub/report_content.hpp"

#include "core/clock.hpp"
#include "core/files.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

using namespace fangsiang;
using namespace fangsiang::hub;

struct HubReportCommands {
    CLI::App* satisfaction = nullptr;
    CLI::App* complaints = nullptr;
    CLI::App* target = nullptr;
    std::string office, period, service, format, out;
    int months = 0;
    double satisfied = 70.0, alertMean = 3.41;
};

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "fangsiang-hub: %s\n", message.c_str());
    return 1;
}

}  // namespace

std::shared_ptr<HubReportCommands> registerReportCommands(CLI::App& app) {
    auto c = std::make_shared<HubReportCommands>();
    auto* report = app.add_subcommand("report", "the office's report files and targets");
    report->require_subcommand(1);
    // The options both report files take.
    auto fileOptions = [&](CLI::App* sub) {
        sub->add_option("--office", c->office, "the office's code")->required();
        auto* months =
            sub->add_option("--months", c->months, "the last 6 or 12 months, this month included")->check(CLI::IsMember({6, 12}));
        auto* period = sub->add_option("--period", c->period,
                                       "instead of --months: 2026-10, 2026-10..2027-03, fy2570 or fy2570-q1");
        months->excludes(period);
        sub->add_option("--format", c->format, "pdf, xlsx or csv")->required();
        sub->add_option("--out", c->out, "the file to write")->required();
    };
    c->satisfaction = report->add_subcommand("satisfaction", "the ITA satisfaction report (per dimension and service)");
    fileOptions(c->satisfaction);
    c->satisfaction->add_option("--service", c->service, "one service only (its id)");
    c->complaints = report->add_subcommand("complaints", "the ITA complaint report (counts, times, the 15-day rule)");
    fileOptions(c->complaints);
    c->target = report->add_subcommand("target", "set an office's satisfaction target and alert threshold");
    c->target->add_option("--office", c->office, "the office's code")->required();
    c->target->add_option("--satisfied", c->satisfied, "the share satisfied (4 or 5) that passes, in % (LPA: 70)")
        ->required();
    c->target->add_option("--alert-mean", c->alertMean, "a dimension's monthly mean under this alerts (1-5)")
        ->capture_default_str();
    return c;
}

bool reportCommandChosen(const HubReportCommands& c) { return *c.satisfaction || *c.complaints || *c.target; }

int runReportCommands(HubReportCommands& c, HubStorage& storage) {
    if (*c.target) {
        if (auto set = storage.reports().setTargets(c.office, {c.satisfied, c.alertMean}); !set)
            return fail(set.error().message);
        std::printf("office %s: satisfied target %.2f%%, alert under a mean of %.2f\n", c.office.c_str(), c.satisfied,
                    c.alertMean);
        return 0;
    }
    auto format = reportFormatFromName(c.format);
    if (!format)
        return fail(format.error().message);
    MonthRange period;
    if (!c.period.empty()) {
        auto range = parsePeriod(c.period);
        if (!range)
            return fail(range.error().message);
        period = *range;
    } else {
        period = lastMonths(core::systemClock()(), c.months == 0 ? 12 : c.months);
    }
    const std::int64_t now = core::systemClock()();
    core::Result<std::string> file = std::string();
    if (*c.complaints) {
        file = complaintFile(storage, c.office, period, *format, now);
    } else {
        SatisfactionQuery query;
        query.office = c.office;
        query.period = period;
        if (!c.service.empty())
            query.service = c.service;
        auto content = reportContent(storage, c.office);
        if (!content)
            return fail(content.error().message);
        file = satisfactionFile(storage, *content, query, *format, now);
    }
    if (!file)
        return fail(file.error().message);
    if (auto written = core::writeFileAtomically(c.out, core::asBytes(*file), 0644); !written)
        return fail(written.error().message);
    std::printf("%s: the %s report of office %s, %s to %s (%zu bytes)\n", c.out.c_str(),
                *c.complaints ? "complaint" : "satisfaction", c.office.c_str(), monthName(period.from).en.c_str(),
                monthName(period.to).en.c_str(), file->size());
    return 0;
}
