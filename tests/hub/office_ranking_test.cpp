// The ranking of offices, checked against an independent computation: four
// offices with survey responses and complaints pushed through the hub's real
// ingest and moved through the real workflow; then each figure recomputed
// here from the raw records (decoded by the test) and from the cases table
// in plain SQL, and the ranks from the formula in office_ranking.hpp worked
// out here. An office of three answers, all of them the best, is not ranked
// first.

#include "report_support.hpp"

#include "hub/case_service.hpp"
#include "hub/office_ranking.hpp"

#include "core/sqlite.hpp"
#include "core/ticket.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>

using namespace fangsiang;
using namespace fangsiang::hub;

namespace {

constexpr std::int64_t kHour = 3600LL * 1000;
constexpr std::int64_t kDay = 24 * kHour;

struct OfficePlan {
    std::string code;
    int responses;   // standard-satisfaction responses
    int lowest;      // answers drawn from lowest..5
    int cases;       // complaints filed
};

// A: liked, B: disliked, C: three answers all 5, D: in between.
const std::vector<OfficePlan> kPlans = {
    {"6340101", 60, 3, 24}, {"6340102", 60, 1, 15}, {"6340103", 3, 5, 2}, {"6340104", 40, 2, 12}};

void enrolFor(test::TestHub& hub, const core::DeviceIdentity& id, const std::string& office) {
    auto made = hub.service().createEnrolmentCode(office, "เทศบาล " + office, std::chrono::seconds(600));
    REQUIRE(made.ok());
    auto code = sync::normaliseEnrolmentCode(made->code);
    REQUIRE(code.has_value());
    sync::EnrolRequest request{*code, id.publicKey(), id.sign(sync::enrolProofMessage(*code, id.publicKey())), "test"};
    REQUIRE(hub.service().handleEnrol(sync::encodeEnrolRequest(request)).status == 200);
}

// Responses of one office in January to March 2026, answers lowest..5.
std::vector<std::pair<std::string, std::int64_t>> responsesOf(const OfficePlan& plan, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (int i = 0; i < plan.responses; ++i) {
        nlohmann::json answers = nlohmann::json::object();
        for (const auto& d : test::kDimensions)
            answers[d] = plan.lowest + static_cast<int>(rng() % static_cast<unsigned>(6 - plan.lowest));
        answers["comment"] = "ความเห็นที่ไม่ถูกนับ";
        nlohmann::json payload = {{"survey", "standard-satisfaction"}, {"version", 1}, {"answers", answers},
                                  {"context", "kiosk"}};
        out.emplace_back(payload.dump(), test::officeMs(2026, 1 + i % 3, 3 + i % 20, 10));
    }
    return out;
}

struct Plain {
    std::int64_t responses = 0, answers = 0, sum = 0;
    std::int64_t filed = 0, replied = 0, counted = 0, met = 0;
    std::vector<double> resolveHours;
};

double shrunk(double value, double n, double prior, double k) { return (n * value + k * prior) / (n + k); }

// The middle of a resolve time's bucket: whole hours below 72, then 6 hours
// to 336, days to 2,160, weeks beyond.
double bucketMiddle(double hours) {
    const auto h = static_cast<std::int64_t>(std::floor(hours));
    if (h < 72)
        return double(h) + 0.5;
    if (h < 336)
        return double(72 + (h - 72) / 6 * 6) + 3;
    if (h < 2160)
        return double(336 + (h - 336) / 24 * 24) + 12;
    return double(2160 + (h - 2160) / 168 * 168) + 84;
}

}  // namespace

TEST_CASE("office ranking matches a plain computation over the raw rows", "[reports][ranking]") {
    test::TestHub hub;
    std::int64_t clock = 0;
    CaseService cases(hub.storage(), nullptr, [&] { return clock; });
    const Actor console = Actor::console();
    unsigned seed = 200;
    for (const auto& plan : kPlans) {
        REQUIRE(hub.storage().putOffice(Office{plan.code, "เทศบาลตำบล " + plan.code, "Office " + plan.code}).ok());
        REQUIRE(hub.storage().addUnit(Unit{plan.code, "works", "กองช่าง", "Public Works"}, AuditEntry{}).ok());
        Officer officer;
        officer.username = "officer-" + plan.code;
        officer.displayName = "เจ้าหน้าที่ " + plan.code;
        officer.role = Role::Officer;
        officer.officeCode = plan.code;
        officer.unitCode = "works";
        REQUIRE(hub.storage().addOfficer(officer, "$argon2id$unused", AuditEntry{}).ok());
        auto id = test::seededIdentity(static_cast<std::uint8_t>(++seed));
        enrolFor(hub, id, plan.code);
        core::ChainHead head;
        test::pushAll(hub, id, test::chainOf(id, head, responsesOf(plan, seed)));
        auto device = hub.storage().findDevice(id.publicKey());
        REQUIRE(device.ok());
        for (int i = 0; i < plan.cases; ++i) {
            const std::int64_t filed = test::officeMs(2026, 1 + i % 3, 2 + i % 25, 9);
            auto record = test::complaintRecord(id, head, plan.code, "roads-lights", "ไฟทางดับหน้าบ้าน จุดที่ " +
                                                std::to_string(i), "1", "", nullptr, filed);
            head = record.asHead();
            test::pushOk(hub, test::wireOf(id, {record.bytes()}));
            const std::string ticket = core::Ticket{plan.code, (*device)->number, head.sequence}.text();
            if (i % 3 == 0)
                continue;  // never touched
            clock = filed + (1 + i % 5) * kHour;
            CaseChange accept;
            accept.to = CaseState::Accepted;
            accept.unit = "works";
            accept.officer = "officer-" + plan.code;
            auto accepted = cases.change(console, ticket, accept, "");
            INFO((accepted ? std::string() : accepted.error().message));
            REQUIRE(accepted.ok());
            if (i % 3 == 1) {
                clock = filed + (1 + (i * 7 + plan.cases) % 30) * kDay;  // some within target, some after
                REQUIRE(cases.change(console, ticket, CaseChange{CaseState::InProgress, "", "", "", "", ""}, "").ok());
                CaseChange resolve;
                resolve.to = CaseState::Resolved;
                resolve.reply = "ซ่อมแล้ว";
                REQUIRE(cases.change(console, ticket, resolve, "").ok());
            }
        }
    }

    const std::int64_t now = test::officeMs(2026, 4, 30, 12);
    const MonthRange period{202601, 202603};

    // The independent computation: survey answers from the records' own
    // bytes, complaint facts from the cases table in plain SQL.
    std::map<std::string, Plain> plain;
    for (const auto& r : test::rawResponses(hub.storage())) {
        auto& p = plain[r.office];
        ++p.responses;
        for (const auto& d : test::kDimensions)
            if (r.payload["answers"].contains(d)) {
                ++p.answers;
                p.sum += r.payload["answers"][d].get<int>();
            }
    }
    auto db = core::sql::Database::open(hub.dir() / "hub.db", core::sql::OpenMode::ReadOnly);
    REQUIRE(db.ok());
    for (const auto& plan : kPlans) {
        auto row = db->query(
            "SELECT count(*), sum(first_reply_at > 0), "
            "sum(resolved_at > 0 OR (state IN ('received','accepted','in_progress') AND ?2 > target_at)), "
            "sum(resolved_at > 0 AND resolved_at <= target_at) FROM cases WHERE office = ?1",
            std::string_view(plan.code), now);
        REQUIRE(row.ok());
        REQUIRE(*row->step());
        auto& p = plain[plan.code];
        p.filed = row->columnInt(0);
        p.replied = row->columnInt(1);
        p.counted = row->columnInt(2);
        p.met = row->columnInt(3);
        auto times = db->query("SELECT resolved_at - filed_at FROM cases WHERE office = ?1 AND "
                               "resolved_at > 0 ORDER BY 1",
                               std::string_view(plan.code));
        REQUIRE(times.ok());
        while (*times->step())
            p.resolveHours.push_back(double(times->columnInt(0)) / double(kHour));
    }
    std::int64_t hubAnswers = 0, hubSum = 0, hubCounted = 0, hubMet = 0, hubFiled = 0, hubReplied = 0;
    for (const auto& [code, p] : plain) {
        hubAnswers += p.answers;
        hubSum += p.sum;
        hubCounted += p.counted;
        hubMet += p.met;
        hubFiled += p.filed;
        hubReplied += p.replied;
    }
    const double hubMean = double(hubSum) / double(hubAnswers);

    SECTION("each figure, n and the hub's pooled figures") {
        auto ranking = officeRanking(hub.storage(), period, now);
        INFO((ranking ? std::string() : ranking.error().message));
        REQUIRE(ranking.ok());
        REQUIRE(ranking->offices.size() == kPlans.size());
        CHECK(ranking->hubSatisfactionMean == Approx(hubMean));
        CHECK(ranking->hubInTargetPercent == Approx(100.0 * double(hubMet) / double(hubCounted)));
        CHECK(ranking->hubCoveragePercent == Approx(100.0 * double(hubReplied) / double(hubFiled)));
        const double k = ranking->options.priorWeight;
        for (const auto& o : ranking->offices) {
            CAPTURE(o.office.code);
            const auto& p = plain.at(o.office.code);
            const double mean = double(p.sum) / double(p.answers);
            CHECK(o.satisfaction.n == p.responses);
            CHECK(o.satisfaction.value == Approx(mean));
            CHECK(o.satisfaction.shrunk == Approx(shrunk(mean, double(p.responses), hubMean, k)));
            CHECK(o.satisfaction.low <= mean);
            CHECK(o.satisfaction.high >= mean);
            CHECK(o.inTarget.n == p.counted);
            CHECK(o.inTarget.value == Approx(p.counted ? 100.0 * double(p.met) / double(p.counted) : 0));
            CHECK(o.coverage.n == p.filed);
            CHECK(o.coverage.value == Approx(100.0 * double(p.replied) / double(p.filed)));
            CHECK(o.toResolve.n == static_cast<std::int64_t>(p.resolveHours.size()));
            if (!p.resolveHours.empty()) {
                // Each time at the middle of its bucket (office_ranking.hpp);
                // these are whole days, so within 12 hours of the exact median.
                std::vector<double> h;
                for (const double hours : p.resolveHours)
                    h.push_back(bucketMiddle(hours));
                const double median = h.size() % 2 ? h[h.size() / 2] : (h[h.size() / 2 - 1] + h[h.size() / 2]) / 2;
                const auto& x = p.resolveHours;
                const double exact = x.size() % 2 ? x[x.size() / 2] : (x[x.size() / 2 - 1] + x[x.size() / 2]) / 2;
                CHECK(o.toResolve.value == Approx(median));
                CHECK(std::abs(o.toResolve.value - exact) <= 12.0);
                CHECK(o.toResolve.low <= median);
                CHECK(o.toResolve.high >= median);
            }
            REQUIRE(o.trend.size() == 3);
            std::int64_t filedInTrend = 0;
            for (const auto& t : o.trend)
                filedInTrend += t.complaints;
            CHECK(filedInTrend == p.filed);
        }
    }

    SECTION("the ranks follow the shrunk figures; below the minimum n an office is unranked") {
        auto ranking = officeRanking(hub.storage(), period, now);
        REQUIRE(ranking.ok());
        std::map<std::string, int> satisfactionRank, inTargetRank;
        for (const auto& o : ranking->offices) {
            satisfactionRank[o.office.code] = o.satisfaction.rank;
            inTargetRank[o.office.code] = o.inTarget.rank;
        }
        // A liked (answers 3-5), D (2-5), B (1-5); C has 3 responses, under 30.
        CHECK(satisfactionRank == std::map<std::string, int>{{"6340101", 1}, {"6340102", 3}, {"6340103", 0},
                                                             {"6340104", 2}});
        CHECK(ranking->offices.back().office.code == "6340103");  // the unranked listed last
        // C has 2 complaints, under the 10 that rank.
        CHECK(inTargetRank.at("6340103") == 0);
        CHECK(inTargetRank.at("6340101") > 0);
    }

    SECTION("an office of three answers is not ranked first even when it may be ranked") {
        const auto& c = plain.at("6340103");
        REQUIRE(c.responses == 3);
        REQUIRE(c.sum == 5 * c.answers);  // every answer the best
        RankingOptions options;
        options.minResponses = 1;
        auto ranking = officeRanking(hub.storage(), period, now, options);
        REQUIRE(ranking.ok());
        const auto& first = ranking->offices.front();
        CHECK(first.office.code == "6340101");
        CHECK(first.satisfaction.rank == 1);
        for (const auto& o : ranking->offices)
            if (o.office.code == "6340103") {
                CHECK(o.satisfaction.value == Approx(5.0));
                CHECK(o.satisfaction.rank > 1);
                CHECK(o.satisfaction.shrunk < first.satisfaction.shrunk);
            }
        // Without the shrinking it would have been first: the test can fail.
        options.priorWeight = 0;
        auto raw = officeRanking(hub.storage(), period, now, options);
        REQUIRE(raw.ok());
        CHECK(raw->offices.front().office.code == "6340103");
    }

    SECTION("a store from before the ranking's rows (version 8) counts them from what it holds") {
        auto before = officeRanking(hub.storage(), period, now);
        REQUIRE(before.ok());
        const auto copy = hub.dir() / "v8.db";
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
        {
            auto old = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
            REQUIRE(old.ok());
            REQUIRE(old->exec(test::kBackToVersion8).ok());
        }
        auto migrated = openSqliteHubStorage(copy);
        INFO((migrated ? std::string() : migrated.error().message));
        REQUIRE(migrated.ok());
        auto after = officeRanking(**migrated, period, now);
        REQUIRE(after.ok());
        REQUIRE(after->offices.size() == before->offices.size());
        for (std::size_t i = 0; i < after->offices.size(); ++i) {
            const auto &a = after->offices[i], &b = before->offices[i];
            CAPTURE(a.office.code);
            CHECK(a.office.code == b.office.code);
            CHECK(a.satisfaction.n == b.satisfaction.n);
            CHECK(a.satisfaction.value == Approx(b.satisfaction.value));
            CHECK(a.inTarget.n == b.inTarget.n);
            CHECK(a.inTarget.value == Approx(b.inTarget.value));
            CHECK(a.coverage.n == b.coverage.n);
            CHECK(a.toResolve.n == b.toResolve.n);
            CHECK(a.toResolve.value == Approx(b.toResolve.value));
        }
    }

    SECTION("the ranking as a CSV table names every office") {
        auto ranking = officeRanking(hub.storage(), period, now);
        REQUIRE(ranking.ok());
        const std::string csv = documentCsv(rankingDocument(*ranking, now));
        for (const auto& plan : kPlans)
            CHECK_THAT(csv, Catch::Contains(plan.code));
        CHECK_THAT(csv, Catch::Contains("ไม่จัดอันดับ"));
        CHECK_THAT(csv, !Catch::Contains("ความเห็นที่ไม่ถูกนับ"));
    }
}

TEST_CASE("the intervals of the ranking: Wilson for shares, Student's t for means", "[reports][ranking]") {
    // Wilson, 95%: 8 of 10 -> 49.02%..94.33% (Newcombe 1998, table I).
    auto [low, high] = wilsonPercent(8, 10);
    CHECK(low == Approx(49.02).margin(0.01));
    CHECK(high == Approx(94.33).margin(0.01));
    auto [zeroLow, zeroHigh] = wilsonPercent(0, 10);
    CHECK(zeroLow == Approx(0.0));
    CHECK(zeroHigh == Approx(27.75).margin(0.01));
    CHECK(wilsonPercent(0, 0) == std::pair<double, double>{0.0, 100.0});
    CHECK(tQuantile95(1) == Approx(12.706));
    CHECK(tQuantile95(10) == Approx(2.228));
    CHECK(tQuantile95(40) == Approx(2.021).margin(0.001));
    CHECK(tQuantile95(120) == Approx(1.980).margin(0.001));
}

TEST_CASE("rankOffices: an office with no answers and no cases is listed, unranked, with n = 0", "[reports][ranking]") {
    OfficeRankInput empty;
    empty.office = Office{"6340199", "อบต. ว่าง", ""};
    OfficeRankInput some;
    some.office = Office{"6340198", "อบต. มี", ""};
    some.satisfaction.faces = {0, 0, 10, 20, 10};
    some.responses = 40;
    const auto r = rankOffices({202601, 202601}, {empty, some}, RankingOptions{});
    REQUIRE(r.offices.size() == 2);
    CHECK(r.offices[0].office.code == "6340198");
    CHECK(r.offices[0].satisfaction.rank == 1);
    CHECK(r.offices[1].satisfaction.rank == 0);
    CHECK(r.offices[1].satisfaction.n == 0);
    CHECK(r.offices[1].coverage.n == 0);
    CHECK(r.offices[1].toResolve.n == 0);
    REQUIRE(r.offices[1].trend.size() == 1);
}

TEST_CASE("rankOffices: the median time to resolve from the buckets, and its interval", "[reports][ranking]") {
    OfficeRankInput in;
    in.office = Office{"6340197", "อบต. ทดสอบ", ""};
    // 5 cases in hour 3, 4 in the bucket 72-78 h, 2 in the day from 336 h.
    in.resolveHours = {{"", 336, 2}, {"", 3, 5}, {"", 72, 4}};
    in.caseMonths = {{"6340197", 202601, 11, 11, 11, 6}};
    const auto r = rankOffices({202601, 202601}, {in}, RankingOptions{});
    const auto& t = r.offices.at(0).toResolve;
    CHECK(t.n == 11);
    CHECK(t.value == Approx(75.0));  // the 6th of 11: the first of the 72-78 bucket, at its middle
    CHECK(t.low == Approx(3.5));     // rank floor(5.5 - 3.25) = 2
    CHECK(t.high == Approx(348.0));  // rank ceil(6.5 + 3.25) = 10
    CHECK(r.offices.at(0).coverage.n == 11);
    CHECK(r.offices.at(0).trend.at(0).complaints == 11);
    CHECK(r.offices.at(0).trend.at(0).resolved == 11);
    in.resolveHours = {{"", 3, 5}, {"", 72, 5}};
    CHECK(rankOffices({202601, 202601}, {in}, RankingOptions{}).offices.at(0).toResolve.value == Approx((3.5 + 75.0) / 2));
}
