// Satisfaction and field-survey figures, each checked against the same
// figure computed here from the raw records (decoded from their stored
// bytes, office time by the C library): responses made with known answers,
// signed, and stored through the hub's real ingest path.

#include "report_support.hpp"

#include "hub/field_figures.hpp"
#include "hub/satisfaction.hpp"

#include "core/sqlite.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace fangsiang;
using test::kOffice;

namespace {

hub::SatisfactionFigures figures(hub::HubStorage& storage, hub::MonthRange period,
                                 std::optional<std::string> service = std::nullopt,
                                 const core::SurveyDefinition* definition = nullptr) {
    hub::SatisfactionQuery q;
    q.office = kOffice;
    q.period = period;
    q.service = std::move(service);
    auto f = hub::satisfactionFigures(storage.reports(), q, definition);
    INFO((f ? std::string() : f.error().message));
    REQUIRE(f.ok());
    return std::move(*f);
}

// Every figure of `f` against the plain computation over `raw`.
void checkAgainstRaw(const hub::SatisfactionFigures& f, const std::vector<test::RawResponse>& raw,
                     const std::optional<std::string>& service) {
    auto inScope = [&](const test::RawResponse& r, int fromMonth, int toMonth) {
        if (r.month < fromMonth || r.month > toMonth)
            return false;
        const auto& a = r.payload["answers"];
        const std::string s = a.contains("service") ? a["service"].get<std::string>() : "";
        return !service || s == *service;
    };
    std::int64_t responses = 0;
    for (const auto& r : raw)
        responses += inScope(r, f.query.period.from, f.query.period.to);
    CHECK(f.responses == responses);
    std::vector<int> all;
    for (const auto& d : f.dimensions) {
        std::vector<int> values;
        for (const auto& r : raw)
            if (inScope(r, f.query.period.from, f.query.period.to) && r.payload["answers"].contains(d.question))
                values.push_back(r.payload["answers"][d.question].get<int>());
        all.insert(all.end(), values.begin(), values.end());
        const auto p = test::plainFigures(values);
        INFO(d.question);
        CHECK(d.faces.n() == p.n);
        CHECK(d.faces.mean() == Approx(p.mean).epsilon(1e-12));
        CHECK(d.faces.sd() == Approx(p.sd).epsilon(1e-12));
        CHECK(d.faces.satisfiedPercent() == Approx(p.satisfied).epsilon(1e-12));
        CHECK(d.pass == (p.n > 0 && p.satisfied >= 70.0));
    }
    const auto p = test::plainFigures(all);
    CHECK(f.all.n() == p.n);
    CHECK(f.all.mean() == Approx(p.mean).epsilon(1e-12));
    // Month by month.
    for (const auto& point : f.trend)
        for (const auto& d : point.dimensions) {
            std::vector<int> values;
            for (const auto& r : raw)
                if (inScope(r, point.month, point.month) && r.payload["answers"].contains(d.question))
                    values.push_back(r.payload["answers"][d.question].get<int>());
            const auto pm = test::plainFigures(values);
            INFO(point.month << " " << d.question);
            CHECK(d.faces.n() == pm.n);
            CHECK(d.faces.mean() == Approx(pm.mean).epsilon(1e-12));
        }
    // The heat map of "overall", every service (it is kept per office).
    std::map<std::pair<int, int>, std::vector<int>> cells;
    for (const auto& r : raw)
        if (r.month >= f.query.period.from && r.month <= f.query.period.to && r.payload["answers"].contains("overall"))
            cells[{r.weekday, r.hour}].push_back(r.payload["answers"]["overall"].get<int>());
    std::int64_t heatTotal = 0;
    for (int d = 0; d < 7; ++d)
        for (int h = 0; h < 24; ++h) {
            const auto pc = test::plainFigures(cells[{d, h}]);
            INFO("weekday " << d << " hour " << h);
            CHECK(f.heat[d][h].n == pc.n);
            CHECK(f.heat[d][h].mean == Approx(pc.mean).epsilon(1e-12));
            CHECK(f.heat[d][h].lowPercent == Approx(pc.low).epsilon(1e-12));
            heatTotal += f.heat[d][h].n;
        }
    CHECK(heatTotal > 0);
}

}  // namespace

TEST_CASE("a mean on the 5-point scale takes its Thai band", "[reports]") {
    struct Row {
        double mean;
        const char* band;
    };
    const auto row = GENERATE(Row{5.00, "มากที่สุด"}, Row{4.21, "มากที่สุด"}, Row{4.2049, "มาก"}, Row{4.20, "มาก"},
                              Row{3.41, "มาก"}, Row{3.40, "ปานกลาง"}, Row{2.61, "ปานกลาง"}, Row{2.60, "น้อย"},
                              Row{1.81, "น้อย"}, Row{1.80, "น้อยที่สุด"}, Row{1.00, "น้อยที่สุด"}, Row{4.205, "มากที่สุด"});
    INFO(row.mean);
    CHECK(std::string(hub::bandOf(row.mean).th) == row.band);
}

TEST_CASE("periods are months, ranges, Thai fiscal years and their quarters", "[reports]") {
    auto period = [](const char* text) {
        auto p = hub::parsePeriod(text);
        INFO(text << (p ? "" : ": " + p.error().message));
        REQUIRE(p.ok());
        return std::pair(p->from, p->to);
    };
    CHECK(period("2026-10") == std::pair(202610, 202610));
    CHECK(period("2025-11..2026-02") == std::pair(202511, 202602));
    CHECK(period("fy2569") == std::pair(202510, 202609));
    CHECK(period("fy2569-q1") == std::pair(202510, 202512));
    CHECK(period("fy2569-q2") == std::pair(202601, 202603));
    CHECK(period("fy2569-q4") == std::pair(202607, 202609));
    CHECK(hub::fiscalYearOf(202610) == 2570);
    CHECK(hub::fiscalYearOf(202609) == 2569);
    CHECK(hub::monthName(202610).th == "ต.ค. 2569");
    CHECK(hub::thaiDate(test::officeMs(2026, 12, 1, 0, 30)) == "1 ธันวาคม 2569");
    CHECK(hub::lastMonths(test::officeMs(2026, 3, 31, 23), 6).from == 202510);
    for (const char* bad : {"", "2026", "2026-13", "26-10", "fy70", "fy2569-q5", "2026-10..2026-01", "fy2569x"}) {
        auto p = hub::parsePeriod(bad);
        INFO(bad);
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().code == core::ErrorCode::BadRequest);
    }
}

TEST_CASE("four known answers give the figures worked out by hand", "[reports]") {
    test::TestHub hub;
    auto id = test::seededIdentity(141);
    test::enrolIdentity(hub, id);
    core::ChainHead head;
    std::vector<std::pair<std::string, std::int64_t>> payloads;
    int i = 0;
    for (int overall : {5, 4, 3, 1})
        payloads.emplace_back(R"({"survey":"standard-satisfaction","version":1,"answers":{"service":"waste-fee","overall":)" +
                                  std::to_string(overall) + "}}",
                              test::officeMs(2026, 1, 5 + i++, 9));
    test::pushAll(hub, id, test::chainOf(id, head, payloads));

    const auto f = figures(hub.storage(), {202601, 202601});
    REQUIRE(f.dimensions.size() == 1);
    const auto& d = f.dimensions[0];
    CHECK(d.question == "overall");
    CHECK(d.label.th == "ความพึงพอใจโดยรวม");
    CHECK(d.faces.n() == 4);
    CHECK(d.faces.mean() == Approx(3.25));
    CHECK(std::string(hub::bandOf(d.faces.mean()).th) == "ปานกลาง");
    CHECK(d.faces.sd() == Approx(std::sqrt(8.75 / 3)));
    CHECK(d.faces.satisfiedPercent() == Approx(50.0));
    CHECK_FALSE(d.pass);  // 50% < the 70% target
    REQUIRE(f.services.size() == 1);
    CHECK(f.services[0].service == "waste-fee");
    CHECK(f.services[0].responses == 4);
    // 5-8 January 2026 were Monday to Thursday, at 09:00 office time.
    CHECK(f.heat[1][9].n == 1);
    CHECK(f.heat[4][9].n == 1);
    CHECK(f.heat[4][9].mean == Approx(1.0));

    SECTION("the office's own target decides pass or fail") {
        REQUIRE(hub.storage().reports().setTargets(kOffice, {50.0, 3.0}).ok());
        CHECK(figures(hub.storage(), {202601, 202601}).dimensions[0].pass);
        auto refused = hub.storage().reports().setTargets(kOffice, {120.0, 3.0});
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message, Catch::Contains("percentage"));
        CHECK(hub.storage().reports().targets(kOffice)->satisfiedPercent == Approx(50.0));
        CHECK_FALSE(hub.storage().reports().setTargets("9999999", {50.0, 3.0}).ok());
    }
}

TEST_CASE("satisfaction figures match a plain computation over the raw records", "[reports]") {
    test::TestHub hub;
    auto a = test::seededIdentity(142), b = test::seededIdentity(143);
    test::enrolIdentity(hub, a);
    test::enrolIdentity(hub, b);
    core::ChainHead ha, hb;
    test::pushAll(hub, a, test::chainOf(a, ha, test::satisfactionPayloads(700, 1)));
    test::pushAll(hub, b, test::chainOf(b, hb, test::satisfactionPayloads(500, 2)));
    const auto raw = test::rawResponses(hub.storage());
    REQUIRE(raw.size() == 1200);
    const auto definition = test::loadSurvey("standard-satisfaction.json");

    const auto period = GENERATE(hub::MonthRange{202510, 202603}, hub::MonthRange{202511, 202601},
                                 hub::MonthRange{202603, 202603});
    const auto service = GENERATE(std::optional<std::string>{}, std::optional<std::string>{"birth-registration"},
                                  std::optional<std::string>{"waste-fee"});
    INFO(period.from << ".." << period.to << " " << service.value_or("every service"));
    const auto f = figures(hub.storage(), period, service, &definition);
    REQUIRE(f.dimensions.size() == 5);
    CHECK(f.dimensions[0].label.th == "ขั้นตอนและระยะเวลาการให้บริการ");
    checkAgainstRaw(f, raw, service);
    if (!service) {
        std::int64_t sum = 0;
        for (const auto& s : f.services)
            sum += s.responses;
        CHECK(sum == f.responses);
        CHECK(f.services.size() == 4);  // three services and "none named"
    }
}

TEST_CASE("migration 5 counts the survey responses stored before it", "[reports][sqlite]") {
    test::TestHub hub;
    auto id = test::seededIdentity(144);
    test::enrolIdentity(hub, id);
    core::ChainHead head;
    test::pushAll(hub, id, test::chainOf(id, head, test::satisfactionPayloads(300, 3)));
    const auto before = figures(hub.storage(), {202510, 202603});
    const auto path = hub.dir() / "hub.db";
    {
        // The store as a version 4 hub left it: the same records, no aggregates.
        auto copy = hub.dir() / "old.db";
        auto db = core::sql::Database::open(path, core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
        auto old = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
        REQUIRE(old.ok());
        REQUIRE(old->exec(test::kBackToVersion8).ok());
        for (const char* table : {"survey_responses", "survey_stats", "survey_counts", "survey_hours", "survey_cross",
                                  "report_targets"})
            REQUIRE(old->exec(std::string("DROP TABLE ") + table).ok());
        REQUIRE(old->exec("DROP TABLE open311_requests; DROP TABLE open311_keys; PRAGMA user_version = 4").ok());
    }
    auto migrated = hub::openSqliteHubStorage(hub.dir() / "old.db");
    INFO((migrated ? std::string() : migrated.error().message));
    REQUIRE(migrated.ok());
    const auto after = figures(**migrated, {202510, 202603});
    CHECK(after.responses == 300);
    REQUIRE(after.dimensions.size() == before.dimensions.size());
    for (std::size_t i = 0; i < after.dimensions.size(); ++i) {
        CHECK(after.dimensions[i].faces.faces == before.dimensions[i].faces.faces);
    }
    checkAgainstRaw(after, test::rawResponses(**migrated), std::nullopt);
}

TEST_CASE("a batch rolled back counts nothing, and the same batch committed counts once", "[reports]") {
    test::TestHub hub;
    auto id = test::seededIdentity(146);
    test::enrolIdentity(hub, id);
    core::ChainHead head;
    const auto records = test::chainOf(id, head, test::satisfactionPayloads(120, 5));
    auto& storage = hub.storage();
    {
        auto session = storage.beginIngest(id.publicKey());
        REQUIRE(session.ok());
        for (const auto& r : records)
            REQUIRE((*session)->append(r, r.createdAtMs(), r.createdAtMs()).ok());
        // Dropped without commit(): a connection lost mid-batch.
    }
    CHECK(figures(storage, {202510, 202603}).responses == 0);
    CHECK(*storage.recordCount() == 0);
    test::pushAll(hub, id, records);
    const auto f = figures(storage, {202510, 202603});
    CHECK(f.responses == 120);
    checkAgainstRaw(f, test::rawResponses(storage), std::nullopt);
}

TEST_CASE("migration 6 keeps the heat map of a version 5 store", "[reports][sqlite]") {
    test::TestHub hub;
    auto id = test::seededIdentity(145);
    test::enrolIdentity(hub, id);
    core::ChainHead head;
    test::pushAll(hub, id, test::chainOf(id, head, test::satisfactionPayloads(400, 3)));
    const auto before = figures(hub.storage(), {202510, 202603});
    auto copy = hub.dir() / "v5.db";
    {
        // Version 5 kept a row per hour and face, and every whole number
        // answered (not only faces): one such row must not reach the map.
        auto db = core::sql::Database::open(hub.dir() / "hub.db", core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
        auto old = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
        REQUIRE(old.ok());
        auto done = old->exec(
            "CREATE TABLE v5 (office TEXT NOT NULL, survey TEXT NOT NULL, month INTEGER NOT NULL, "
            "question TEXT NOT NULL, weekday INTEGER NOT NULL, hour INTEGER NOT NULL, value INTEGER NOT NULL, "
            "n INTEGER NOT NULL, PRIMARY KEY (office, survey, month, question, weekday, hour, value)) "
            "STRICT, WITHOUT ROWID;"
            "INSERT INTO v5 SELECT office, survey, month, question, weekday, hour, 1, f1 FROM survey_hours WHERE f1 > 0;"
            "INSERT INTO v5 SELECT office, survey, month, question, weekday, hour, 2, f2 FROM survey_hours WHERE f2 > 0;"
            "INSERT INTO v5 SELECT office, survey, month, question, weekday, hour, 3, f3 FROM survey_hours WHERE f3 > 0;"
            "INSERT INTO v5 SELECT office, survey, month, question, weekday, hour, 4, f4 FROM survey_hours WHERE f4 > 0;"
            "INSERT INTO v5 SELECT office, survey, month, question, weekday, hour, 5, f5 FROM survey_hours WHERE f5 > 0;"
            "INSERT INTO v5 SELECT office, survey, month, question, weekday, hour, 37, 9 FROM survey_hours LIMIT 1;"
            "DROP TABLE survey_hours; ALTER TABLE v5 RENAME TO survey_hours; DROP TABLE open311_requests; " +
            std::string(test::kBackToVersion8) +
            "DROP TABLE open311_keys; PRAGMA user_version = 5;");
        INFO((done ? std::string() : done.error().message));
        REQUIRE(done.ok());
    }
    auto migrated = hub::openSqliteHubStorage(copy);
    INFO((migrated ? std::string() : migrated.error().message));
    REQUIRE(migrated.ok());
    const auto after = figures(**migrated, {202510, 202603});
    std::int64_t cells = 0;
    for (int d = 0; d < 7; ++d)
        for (int h = 0; h < 24; ++h) {
            CHECK(after.heat[d][h].n == before.heat[d][h].n);
            CHECK(after.heat[d][h].mean == Approx(before.heat[d][h].mean));
            cells += after.heat[d][h].n;
        }
    CHECK(cells > 0);
    checkAgainstRaw(after, test::rawResponses(**migrated), std::nullopt);
}

TEST_CASE("a store that lost an aggregate table is refused as damaged", "[reports][sqlite]") {
    test::TestHub hub;
    const auto path = hub.dir() / "hub.db";
    auto copy = hub.dir() / "lost.db";
    {
        auto db = core::sql::Database::open(path, core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
        auto lost = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
        REQUIRE(lost.ok());
        REQUIRE(lost->exec("DROP TABLE survey_counts").ok());
    }
    auto opened = hub::openSqliteHubStorage(copy);
    REQUIRE_FALSE(opened.ok());
    CHECK_THAT(opened.error().message, Catch::Contains("survey_counts"));
}

TEST_CASE("alerts: a low recent mean, and a sharp rise of the two lowest faces", "[reports]") {
    test::TestHub hub;
    auto id = test::seededIdentity(145);
    test::enrolIdentity(hub, id);
    core::ChainHead head;
    std::vector<std::pair<std::string, std::int64_t>> payloads;
    auto add = [&](int year, int month, int staff, int overall, int count) {
        for (int i = 0; i < count; ++i)
            payloads.emplace_back(R"({"survey":"standard-satisfaction","version":1,"answers":{"staff":)" +
                                      std::to_string(staff) + R"(,"overall":)" + std::to_string(overall) + "}}",
                                  test::officeMs(year, month, 1 + i % 28, 10));
    };
    // Three calm months, then staff falls: 1s and 2s jump from none to most.
    for (int m : {10, 11, 12}) {
        add(2025, m, 4, 4, 20);
        add(2025, m, 5, 3, 10);
    }
    add(2026, 1, 1, 4, 12);
    add(2026, 1, 2, 4, 8);
    add(2026, 1, 4, 4, 10);
    test::pushAll(hub, id, test::chainOf(id, head, payloads));
    const auto f = figures(hub.storage(), {202601, 202601});
    std::set<std::pair<std::string, std::string>> alerts;
    for (const auto& a : f.alerts)
        alerts.insert({a.kind, a.question});
    CHECK(alerts == std::set<std::pair<std::string, std::string>>{{"mean-below", "staff"}, {"low-rising", "staff"}});
    for (const auto& a : f.alerts)
        if (a.kind == "low-rising") {
            CHECK(a.value == Approx(100.0 * 20 / 30));
            CHECK(a.baseline == Approx(0.0));
            CHECK_THAT(a.message.th, Catch::Contains("1–2"));
        }
    // A calm month alerts nothing.
    CHECK(figures(hub.storage(), {202512, 202512}).alerts.empty());
}

TEST_CASE("field survey figures and the product by channel cross-tabulation match the raw records", "[reports]") {
    test::TestHub hub;
    auto id = test::seededIdentity(146);
    test::enrolIdentity(hub, id);
    const auto definition = test::loadSurvey("product-buyer.json");
    const std::vector<std::string> products = {"woven-cloth", "baked-banana", "herbal-soap", "chili-paste"};
    const std::vector<std::string> channels = {"online", "shop", "fair", "market"};
    const std::vector<std::string> heard = {"fair", "otop-shop", "word-of-mouth", "online", "signs"};
    std::mt19937 rng(7);
    std::vector<std::pair<std::string, std::int64_t>> payloads;
    for (int i = 0; i < 400; ++i) {
        nlohmann::json answers = {{"product", products[rng() % products.size()]},
                                  {"bought_at", channels[rng() % channels.size()]},
                                  {"buyer_type", "local"},
                                  {"quality", 1 + static_cast<int>(rng() % 5)},
                                  {"packaging", 1 + static_cast<int>(rng() % 5)},
                                  {"seller", 1 + static_cast<int>(rng() % 5)},
                                  {"recommend", 1 + static_cast<int>(rng() % 5)},
                                  {"buy_again", rng() % 3 == 0 ? "maybe" : "yes"}};
        if (rng() % 3 != 0)
            answers["price_paid"] = static_cast<int>(rng() % 800) + 20;
        nlohmann::json chosen = nlohmann::json::array();
        for (const auto& h : heard)
            if (rng() % 3 == 0 && chosen.size() < 3)
                chosen.push_back(h);
        if (chosen.empty())
            chosen.push_back("passing-by");
        answers["channels"] = chosen;
        nlohmann::json payload = {{"survey", "product-buyer"}, {"version", 2}, {"answers", answers},
                                  {"context", "field"}, {"session", {{"site", i % 2 ? "sunday-market" : "otop-fair"}}}};
        payloads.emplace_back(payload.dump(), test::officeMs(2026, 2 + i % 2, 1 + i % 27, 9));
    }
    core::ChainHead head;
    test::pushAll(hub, id, test::chainOf(id, head, payloads));
    const auto raw = test::rawResponses(hub.storage());

    hub::FieldQuery q{kOffice, "product-buyer", {202602, 202603}, "bought_at"};
    auto f = hub::fieldFigures(hub.storage().reports(), q, &definition);
    INFO((f ? std::string() : f.error().message));
    REQUIRE(f.ok());
    CHECK(f->responses == 400);
    CHECK(f->byLabel.th == "ท่านซื้อสินค้านี้จากที่ใด");
    REQUIRE(f->byOptions.size() == 4);
    auto answerOf = [](const test::RawResponse& r, const std::string& question) -> const nlohmann::json* {
        const auto& a = r.payload["answers"];
        if (a.contains(question))
            return &a[question];
        if (r.payload.contains("session") && r.payload["session"].contains(question))
            return &r.payload["session"][question];
        return nullptr;
    };
    auto plainNumbers = [&](const std::string& question, const std::string& channel) {
        std::vector<int> v;
        for (const auto& r : raw)
            if (const auto* a = answerOf(r, question); a && (channel.empty() || r.payload["answers"]["bought_at"] == channel))
                v.push_back(a->get<int>());
        return v;
    };
    auto median = [](std::vector<int> v) {
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? double(v[v.size() / 2]) : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
    };
    auto chose = [&](const test::RawResponse& r, const std::string& question, const std::string& option) {
        const auto* a = answerOf(r, question);
        if (a == nullptr)
            return false;
        if (a->is_array())
            return std::find(a->begin(), a->end(), option) != a->end();
        return a->is_string() && *a == option;
    };
    for (std::size_t c = 0; c < channels.size(); ++c) {
        CHECK(f->byOptions[c].id == channels[c]);
        CHECK(f->byOptions[c].n == std::count_if(raw.begin(), raw.end(), [&](const auto& r) {
                  return chose(r, "bought_at", channels[c]);
              }));
    }
    std::set<std::string> seen;
    for (const auto& qf : f->questions) {
        INFO(qf.id);
        seen.insert(qf.id);
        if (qf.type == "single_choice" || qf.type == "multiple_choice") {
            for (const auto& o : qf.all.options) {
                const auto n = std::count_if(raw.begin(), raw.end(), [&](const auto& r) { return chose(r, qf.id, o.id); });
                INFO(o.id);
                CHECK(o.n == n);
            }
            if (qf.id != "bought_at")
                for (std::size_t c = 0; c < channels.size(); ++c)
                    for (const auto& o : qf.byOption[c].options) {
                        const auto n = std::count_if(raw.begin(), raw.end(), [&](const auto& r) {
                            return chose(r, "bought_at", channels[c]) && chose(r, qf.id, o.id);
                        });
                        INFO(channels[c] << " x " << o.id);
                        CHECK(o.n == n);
                        CHECK(o.percent == Approx(f->byOptions[c].n ? 100.0 * n / f->byOptions[c].n : 0));
                    }
        } else {
            const auto values = plainNumbers(qf.id, "");
            const auto p = test::plainFigures(values);
            CHECK(qf.all.n == p.n);
            if (p.n == 0)
                continue;
            double sum = 0;
            for (int v : values)
                sum += v;
            CHECK(qf.all.mean == Approx(sum / p.n).epsilon(1e-12));
            CHECK(qf.all.median == Approx(median(values)));
            for (std::size_t c = 0; c < channels.size(); ++c) {
                const auto cv = plainNumbers(qf.id, channels[c]);
                INFO(channels[c]);
                CHECK(qf.byOption[c].n == static_cast<std::int64_t>(cv.size()));
                if (!cv.empty())
                    CHECK(qf.byOption[c].median == Approx(median(cv)));
            }
        }
    }
    CHECK(seen.count("site"));       // the session's question, counted with each response
    CHECK(seen.count("price_paid"));
    CHECK_FALSE(seen.count("comment"));  // texts are never counted
    // The product in online sales against the other channels: woven cloth, say.
    const auto product = std::find_if(f->questions.begin(), f->questions.end(), [](const auto& x) { return x.id == "product"; });
    REQUIRE(product != f->questions.end());
    CHECK(product->byOption[0].options[0].id == "woven-cloth");

    SECTION("a question that is not a choice cannot be tabulated by") {
        for (const char* by : {"price_paid", "comment", "nothing"}) {
            auto bad = hub::fieldFigures(hub.storage().reports(), {kOffice, "product-buyer", {202602, 202603}, by},
                                         &definition);
            REQUIRE_FALSE(bad.ok());
            CHECK(bad.error().code == core::ErrorCode::BadRequest);
        }
    }
}
