// Complaint figures from the cases table, checked against what the test
// itself did: complaints filed through ingest at known times, moved through
// the workflow by CaseService at known times, then every figure recomputed
// here from that plan (and, for the category targets, from the raw rows of
// the cases table in plain SQL). The complaint report files and route too.

#include "report_support.hpp"

#include "hub/case_service.hpp"
#include "hub/complaint_figures.hpp"
#include "hub/report_content.hpp"
#include "hub/report_files.hpp"

#include "core/sqlite.hpp"
#include "core/ticket.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace fangsiang;
using namespace fangsiang::hub;
using test::kOffice;

namespace {

constexpr std::int64_t kHour = 3600LL * 1000;
constexpr std::int64_t kDay = 24 * kHour;

const std::vector<std::string> kCategories = {"roads-lights", "water", "waste"};
const std::vector<std::string> kVillages = {"1", "2", "3", "4"};

// What the test did to one case, and when.
struct Plan {
    std::string ticket, category, village;
    std::int64_t filed = 0, accepted = 0, resolved = 0;  // 0: never
};

double median(std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? double(v[v.size() / 2]) : (double(v[v.size() / 2 - 1]) + double(v[v.size() / 2])) / 2.0;
}

double p90(std::vector<std::int64_t> v) {  // nearest rank
    std::sort(v.begin(), v.end());
    std::size_t rank = 0;
    while (10 * (rank + 1) < 9 * v.size())
        ++rank;
    return double(v[rank]);
}

}  // namespace

TEST_CASE("complaint figures match what was done to each case", "[reports][complaints]") {
    test::TestHub hub;
    auto id = test::seededIdentity(171);
    test::enrolIdentity(hub, id);
    auto device = hub.storage().findDevice(id.publicKey());
    REQUIRE(device.ok());
    REQUIRE(hub.storage().addUnit(Unit{kOffice, "works", "กองช่าง", "Public Works"}, AuditEntry{}).ok());
    Officer somchai;
    somchai.username = "somchai";
    somchai.displayName = "สมชาย";
    somchai.role = Role::Officer;
    somchai.officeCode = kOffice;
    somchai.unitCode = "works";
    REQUIRE(hub.storage().addOfficer(somchai, "$argon2id$unused", AuditEntry{}).ok());

    std::vector<Plan> plan;
    core::ChainHead head;
    for (int i = 0; i < 40; ++i) {
        Plan p;
        p.category = kCategories[i % 3];
        p.village = kVillages[i % 4];
        p.filed = test::officeMs(2026, 1 + i % 3, 2 + i % 25, 9);
        auto record = test::complaintRecord(id, head, kOffice, p.category, "ถนนชำรุดเป็นหลุมลึก จุดที่ " + std::to_string(i),
                                            p.village, "", nullptr, p.filed);
        head = record.asHead();
        test::pushOk(hub, test::wireOf(id, {record.bytes()}));
        p.ticket = core::Ticket{kOffice, (*device)->number, head.sequence}.text();
        if (i % 4 != 0)
            p.accepted = p.filed + (1 + i % 7) * kHour;
        if (i % 4 == 2)
            p.resolved = p.filed + (1 + i % 9) * kDay;  // within 15 days
        if (i % 4 == 3)
            p.resolved = p.filed + (16 + i % 10) * kDay;  // beyond them
        plan.push_back(std::move(p));
    }
    // The moves, in time order, each at its planned moment.
    std::int64_t clock = 0;
    CaseService cases(hub.storage(), nullptr, [&] { return clock; });
    const Actor console = Actor::console();
    for (const auto& p : plan) {
        if (p.accepted == 0)
            continue;
        clock = p.accepted;
        CaseChange accept;
        accept.to = CaseState::Accepted;
        accept.unit = "works";
        accept.officer = "somchai";
        auto moved = cases.change(console, p.ticket, accept, "");
        INFO((moved ? std::string() : moved.error().message));
        REQUIRE(moved.ok());
        if (p.resolved == 0)
            continue;
        clock = p.resolved;
        CaseChange resolve;
        resolve.to = CaseState::Resolved;
        resolve.reply = "ซ่อมเรียบร้อยแล้ว";
        REQUIRE(cases.change(console, p.ticket, CaseChange{CaseState::InProgress, "", "", "", "", ""}, "").ok());
        REQUIRE(cases.change(console, p.ticket, resolve, "").ok());
    }

    const std::int64_t now = test::officeMs(2026, 4, 30, 12);
    auto f = complaintFigures(hub.storage().reports(), kOffice, {202601, 202603}, now);
    INFO((f ? std::string() : f.error().message));
    REQUIRE(f.ok());
    CHECK(f->total == 40);
    std::map<std::string, std::int64_t> byCategory, byVillage;
    for (const auto& p : plan) {
        ++byCategory[p.category];
        ++byVillage[p.village];
    }
    for (const auto& r : f->byCategory)
        CHECK(r.n == byCategory[r.key]);
    CHECK(f->byCategory.size() == 3);
    for (const auto& r : f->byVillage)
        CHECK(r.n == byVillage[r.key]);
    std::map<std::string, std::int64_t> byState;
    for (const auto& r : f->byState)
        byState[r.key] = r.n;
    CHECK(byState == std::map<std::string, std::int64_t>{{"received", 10}, {"accepted", 10}, {"resolved", 20}});
    for (const auto& r : f->byMonth)
        CHECK(r.n == std::count_if(plan.begin(), plan.end(), [&](const Plan& p) {
                  return std::to_string(monthKeyOf(p.filed)) == r.key;
              }));

    std::vector<std::int64_t> accept, resolve;
    for (const auto& p : plan) {
        if (p.accepted)
            accept.push_back(p.accepted - p.filed);
        if (p.resolved)
            resolve.push_back(p.resolved - p.filed);
    }
    CHECK(f->toAccept.n == 30);
    CHECK(f->toAccept.medianHours == Approx(median(accept) / kHour));
    CHECK(f->toAccept.p90Hours == Approx(p90(accept) / kHour));
    CHECK(f->toResolve.n == 20);
    CHECK(f->toResolve.medianHours == Approx(median(resolve) / kHour));
    CHECK(f->toResolve.p90Hours == Approx(p90(resolve) / kHour));
    CHECK(f->toFirstReply.n == 20);  // the resolution is the first reply here

    // Told within 15 days: the ten resolved in time, out of all forty (each one's 15 days have passed).
    CHECK(f->outcomeIn15Days.n == 40);
    CHECK(f->outcomeIn15Days.met == 10);
    CHECK(f->outcomeIn15Days.percent() == Approx(25.0));

    // Within the category's target, against the targets in the raw rows.
    std::int64_t counted = 0, met = 0;
    for (const auto& p : plan) {
        // Ticket numbers are digits and dashes: safe to write into the query.
        const std::int64_t target =
            test::queryStoreNumber(hub.dir(), "SELECT target_at FROM cases WHERE ticket = '" + p.ticket + "'");
        const bool open = p.resolved == 0;
        if (!open || now > target) {
            ++counted;
            met += !open && p.resolved <= target;
        }
    }
    CHECK(f->resolvedInTarget.n == counted);
    CHECK(f->resolvedInTarget.met == met);

    // The open cases (twenty) by age at the end of April: all over 30 days old.
    std::array<std::int64_t, 5> backlog{};
    for (const auto& p : plan)
        if (p.resolved == 0) {
            const auto days = (now - p.filed) / kDay;
            backlog[days <= 7 ? 0 : days <= 15 ? 1 : days <= 30 ? 2 : days <= 60 ? 3 : 4]++;
        }
    CHECK(f->backlog == backlog);

    SECTION("the ranking's kept rows count the same cases, and follow a case reopened") {
        // The buckets of report_store.hpp, spelled out again here.
        const auto bucketOf = [](std::int64_t ms) {
            const std::int64_t h = ms / kHour;
            return h < 72 ? h : h < 336 ? 72 + (h - 72) / 6 * 6 : h < 2160 ? 336 + (h - 336) / 24 * 24
                                                                          : 2160 + (h - 2160) / 168 * 168;
        };
        struct Expected {
            std::map<int, std::array<std::int64_t, 4>> months;  // filed, replied, resolved, in target
            std::map<std::int64_t, std::int64_t> buckets;
            std::int64_t openPast = 0;
        };
        const auto expected = [&](std::int64_t at) {
            Expected e;
            for (const auto& p : plan) {
                const std::int64_t target =
                    test::queryStoreNumber(hub.dir(), "SELECT target_at FROM cases WHERE ticket = '" + p.ticket + "'");
                auto& m = e.months[monthKeyOf(p.filed)];
                ++m[0];
                if (p.resolved) {
                    ++m[1];  // the resolution is the first reply
                    ++m[2];
                    m[3] += p.resolved <= target;
                    ++e.buckets[bucketOf(p.resolved - p.filed)];
                } else if (at > target) {
                    ++e.openPast;
                }
            }
            return e;
        };
        const auto kept = [&](std::int64_t at) {
            auto rows = hub.storage().reports().rankingRows("standard-satisfaction", 202601, 202603, at);
            INFO((rows ? std::string() : rows.error().message));
            REQUIRE(rows.ok());
            Expected k;
            for (const auto& m : rows->caseMonths) {
                CHECK(m.office == kOffice);
                k.months[m.month] = {m.filed, m.replied, m.resolved, m.resolvedInTarget};
            }
            for (const auto& b : rows->resolveHours)
                k.buckets[b.hours] += b.n;
            for (const auto& o : rows->openPastTarget)
                k.openPast += o.n;
            return k;
        };
        const auto same = [&](std::int64_t at) {
            const Expected e = expected(at), k = kept(at);
            CHECK(k.months == e.months);
            CHECK(k.buckets == e.buckets);
            CHECK(k.openPast == e.openPast);
        };
        same(now);
        CHECK(kept(now).openPast + 20 == counted);  // as complaintFigures() counted them
        // The open case whose target comes first: not past at its target, past a millisecond later.
        std::int64_t first = INT64_MAX;
        for (const auto& p : plan)
            if (p.resolved == 0)
                first = std::min(first, test::queryStoreNumber(hub.dir(), "SELECT target_at FROM cases WHERE "
                                                                          "ticket = '" + p.ticket + "'"));
        CHECK(kept(first).openPast == 0);
        CHECK(kept(first + 1).openPast == 1);
        CHECK(expected(first + 1).openPast == 1);
        // Reopened, a resolved case leaves the resolved and their buckets.
        auto reopened = std::find_if(plan.begin(), plan.end(), [](const Plan& p) { return p.resolved != 0; });
        clock = now;
        REQUIRE(cases.change(console, reopened->ticket, CaseChange{CaseState::InProgress, "", "", "", "", ""}, "")
                    .ok());
        const std::int64_t resolvedAt =
            test::queryStoreNumber(hub.dir(), "SELECT resolved_at FROM cases WHERE ticket = '" + reopened->ticket + "'");
        if (resolvedAt == 0) {
            reopened->resolved = 0;
            same(now);
            const Expected k = kept(now);
            std::int64_t resolved = 0;
            for (const auto& [month, m] : k.months)
                resolved += m[2];
            CHECK(resolved == 19);
        } else {
            same(now);  // the store keeps the first resolution's time
        }
    }

    SECTION("the complaint report files") {
        auto office = hub.storage().findOffice(kOffice);
        REQUIRE(office.ok());
        const auto doc = complaintDocument(*f, **office, now);
        const std::string csv = documentCsv(doc);
        CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
        CHECK_THAT(csv, Catch::Contains("รายงานผลการดำเนินการเรื่องร้องเรียน"));
        CHECK_THAT(csv, Catch::Contains("แจ้งผลแก่ผู้ร้องภายใน 15 วัน ร้อยละ 25.00"));
        CHECK(csv.find("ถนนชำรุดเป็นหลุมลึก") == std::string::npos);  // never a complaint's text
        auto xlsx = documentXlsx(doc);
        REQUIRE(xlsx.ok());
        auto pdf = documentPdf(doc);
        REQUIRE(pdf.ok());
        test::TempDir dir;
        REQUIRE(core::writeFileAtomically(dir / "c.pdf", core::asBytes(*pdf), 0644).ok());
        // The pages as images, for a person to look at: a folder of this
        // test's own per backend, since the suites run side by side.
        const std::filesystem::path pages =
            std::filesystem::path("report-pages") / (test::testingPostgres() ? "complaints-postgresql" : "complaints");
        std::filesystem::create_directories(pages);
        std::filesystem::copy_file(dir / "c.pdf", pages / "complaints.pdf",
                                   std::filesystem::copy_options::overwrite_existing);
        REQUIRE(std::system(("pdftoppm -r 80 -png '" + (dir / "c.pdf").string() + "' '" +
                             (pages / "complaints").string() + "'")
                                .c_str()) == 0);
        CHECK(std::filesystem::exists(pages / "complaints-1.png"));
    }
}
