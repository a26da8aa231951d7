// What citizens talk about, from the term counts the hub keeps at ingest:
// the listening corpus (tests/data/listening: 321 fictional complaints and
// comments over twelve weeks, two rises planted in the last) signed by a
// kiosk and pushed through the real ingest path, one corpus week a month.
// Every figure is checked against an independent count made here from the
// records' own bytes, with the word lists read from assets/ (the hub uses
// the copies built into it).

#include "listening_corpus.hpp"
#include "report_support.hpp"

#include "hub/keyword_figures.hpp"

#include "core/sqlite.hpp"
#include "core/ticket.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace fangsiang;
using namespace fangsiang::hub;

namespace {

// Corpus week w is stored in month w of 2026 (office time).
int monthOfWeek(int week) { return 202600 + week; }

// The corpus as records of one kiosk: complaints with their category, and
// comments as the "comment" answer of a satisfaction response.
std::vector<core::Record> corpusRecords(const core::DeviceIdentity& id, const std::string& office) {
    std::vector<core::Record> out;
    core::ChainHead head;
    int n = 0;
    for (const auto& t : test::listeningCorpus()) {
        const std::int64_t at = test::officeMs(2026, t.week, 1 + n % 27, 9 + n % 8, n % 60);
        ++n;
        const bool complaint = t.kind == "complaint";
        const nlohmann::json payload =
            complaint ? nlohmann::json{{"type", "complaint"}, {"office", office},   {"category", t.category},
                                       {"text", t.text},      {"anonymous", true}, {"village", "3"}}
                      : nlohmann::json{{"survey", "standard-satisfaction"},
                                       {"version", 1},
                                       {"answers", {{"overall", 1 + n % 5}, {"comment", t.text}}},
                                       {"context", "kiosk"}};
        auto r = core::signRecord(
            {complaint ? core::RecordKind::Complaint : core::RecordKind::SurveyResponse, payload.dump(), {}}, head, at,
            id);
        REQUIRE(r.ok());
        head = r->asHead();
        out.push_back(std::move(*r));
    }
    return out;
}

TermExtractor assetExtractor() {
    auto made = TermExtractor::create(test::readSourceFile("assets/listening/stopwords-th.txt"),
                                      readWordList(test::readSourceFile("assets/listening/words-th.txt")));
    REQUIRE(made.ok());
    return std::move(*made);
}

// The independent count: every complaint and comment of the store decoded
// here, its office-time month by the C library, its terms counted.
struct Independent {
    std::map<int, TermCounts> complaints, comments, all;
};

Independent countRaw(hub::HubStorage& storage, const TermExtractor& terms) {
    Independent out;
    auto devices = storage.listDevices();
    REQUIRE(devices.ok());
    for (const auto& device : *devices) {
        auto visited = storage.forEachRecord(device.key, [&](const hub::StoredRecord& row) -> core::Status {
            const bool complaint = row.kind == static_cast<std::uint8_t>(core::RecordKind::Complaint);
            if (!complaint && row.kind != static_cast<std::uint8_t>(core::RecordKind::SurveyResponse))
                return core::Ok{};
            auto record = core::Record::parse(row.bytes);
            REQUIRE(record.ok());
            const auto payload = nlohmann::json::parse(record->payload());
            const std::time_t local = static_cast<std::time_t>((row.createdAtMs + 7LL * 3600 * 1000) / 1000);
            std::tm tm{};
            gmtime_r(&local, &tm);
            const int month = (tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
            const std::string text =
                complaint ? payload["text"].get<std::string>() : payload["answers"].value("comment", std::string());
            if (text.empty())
                return core::Ok{};
            const auto found = terms.terms(text);
            (complaint ? out.complaints : out.comments)[month].add(found);
            out.all[month].add(found);
            return core::Ok{};
        });
        REQUIRE(visited.ok());
    }
    return out;
}

TermCounts sum(const std::map<int, TermCounts>& byMonth, int from, int to) {
    TermCounts out;
    for (const auto& [month, counts] : byMonth) {
        if (month < from || month > to)
            continue;
        out.total += counts.total;
        for (const auto& [term, n] : counts.documents)
            out.documents[term] += n;
    }
    return out;
}

bool rises(const std::vector<RisingTerm>& rising, std::string_view term) {
    return std::any_of(rising.begin(), rising.end(), [term](const RisingTerm& r) { return r.term == term; });
}

}  // namespace

TEST_CASE("the terms counted at ingest give the figures an independent count gives", "[reports][keywords]") {
    test::TestHub hub;
    auto id = test::seededIdentity(160);
    const std::string office = test::kOffice;
    test::enrolIdentity(hub, id);
    test::pushAll(hub, id, corpusRecords(id, office));
    const auto raw = countRaw(hub.storage(), assetExtractor());

    const auto which = GENERATE(0, 1, 2);  // every text, complaints, comments
    const auto& expected = which == 0 ? raw.all : which == 1 ? raw.complaints : raw.comments;
    KeywordQuery q;
    q.office = office;
    q.period = {monthOfWeek(1), monthOfWeek(12)};
    if (which > 0)
        q.source = which == 1 ? TextSource::Complaint : TextSource::Comment;
    auto f = keywordFigures(hub.storage().reports(), q);
    REQUIRE(f.ok());
    const TermCounts whole = sum(expected, q.period.from, q.period.to);
    CHECK(f->texts == whole.total);
    CHECK(f->texts == (which == 0 ? 321u : which == 1 ? 261u : 60u));
    const auto top = topTerms(whole, q.top);
    REQUIRE(f->top.size() == top.size());
    for (std::size_t i = 0; i < top.size(); ++i) {
        CHECK(f->top[i].term == top[i].term);
        CHECK(f->top[i].documents == top[i].documents);
    }
    REQUIRE(f->months.size() == 12);
    for (const auto& m : f->months) {
        const auto it = expected.find(m.month);
        const TermCounts none;
        const TermCounts& counts = it == expected.end() ? none : it->second;
        CHECK(m.texts == counts.total);
        for (std::size_t i = 0; i < f->top.size(); ++i)
            CHECK(m.uses[i] == counts.of(f->top[i].term));
    }
    const auto rising = risingTerms(sum(expected, f->recent.from, f->recent.to),
                                    sum(expected, f->baseline.from, f->baseline.to), q.rising);
    REQUIRE(f->rising.size() == rising.size());
    for (std::size_t i = 0; i < rising.size(); ++i) {
        CHECK(f->rising[i].term == rising[i].term);
        CHECK(f->rising[i].g2 == Approx(rising[i].g2));
    }
}

TEST_CASE("the planted rises of the last month are found from the store, the steady topics are not",
          "[reports][keywords]") {
    test::TestHub hub;
    auto id = test::seededIdentity(161);
    const std::string office = test::kOffice;
    test::enrolIdentity(hub, id);
    test::pushAll(hub, id, corpusRecords(id, office));
    KeywordQuery q;
    q.office = office;
    q.period = {monthOfWeek(1), monthOfWeek(12)};
    q.source = TextSource::Complaint;
    auto f = keywordFigures(hub.storage().reports(), q);
    REQUIRE(f.ok());
    INFO([&] {
        std::string all;
        for (const auto& r : f->rising)
            all += r.term + " " + std::to_string(r.now) + "/" + std::to_string(r.baseline) + " G2=" +
                   std::to_string(r.g2) + "\n";
        return all;
    }());
    CHECK(f->recent.from == monthOfWeek(12));
    CHECK(f->recent.to == monthOfWeek(12));
    CHECK(rises(f->rising, "น้ำท่วมขัง"));
    CHECK(rises(f->rising, "กลิ่นเหม็น"));
    for (const char* steady : {"ขยะ", "ไฟดับ", "สุนัข", "ถนนชำรุด", "งูเหลือม"})
        CHECK_FALSE(rises(f->rising, steady));

    SECTION("one category only") {
        KeywordQuery roads = q;
        roads.category = "roads-lights";
        auto r = keywordFigures(hub.storage().reports(), roads);
        REQUIRE(r.ok());
        CHECK(r->texts > 0);
        CHECK(r->texts < f->texts);
        CHECK_FALSE(rises(r->rising, "กลิ่นเหม็น"));
    }
    SECTION("an empty period is refused in words") {
        KeywordQuery empty = q;
        empty.period = {202605, 202604};
        auto r = keywordFigures(hub.storage().reports(), empty);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Catch::Contains("period"));
    }
}

TEST_CASE("migration 6 counts the terms of the texts stored before it", "[reports][keywords][sqlite]") {
    test::TestHub hub;
    auto id = test::seededIdentity(162);
    const std::string office = test::kOffice;
    test::enrolIdentity(hub, id);
    test::pushAll(hub, id, corpusRecords(id, office));
    KeywordQuery q;
    q.office = office;
    q.period = {monthOfWeek(1), monthOfWeek(12)};
    auto before = keywordFigures(hub.storage().reports(), q);
    REQUIRE(before.ok());
    auto copy = hub.dir() / "v5.db";
    {
        auto db = core::sql::Database::open(hub.dir() / "hub.db", core::sql::OpenMode::ReadWrite);
        REQUIRE(db.ok());
        REQUIRE(db->exec("VACUUM INTO '" + copy.string() + "'").ok());
        auto old = core::sql::Database::open(copy, core::sql::OpenMode::ReadWrite);
        REQUIRE(old.ok());
        // Version 5 had no term tables (and the heat map in its own shape:
        // an empty one of that shape is enough here).
        REQUIRE(old->exec(std::string(test::kBackToVersion8) + "DROP TABLE open311_requests; DROP TABLE open311_keys; "
                          "DROP TABLE term_counts; DROP TABLE text_counts; DROP TABLE survey_hours; "
                          "CREATE TABLE survey_hours (office TEXT NOT NULL, survey TEXT NOT NULL, month INTEGER NOT "
                          "NULL, question TEXT NOT NULL, weekday INTEGER NOT NULL, hour INTEGER NOT NULL, value "
                          "INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (office, survey, month, question, "
                          "weekday, hour, value)) STRICT, WITHOUT ROWID; PRAGMA user_version = 5;")
                    .ok());
    }
    auto migrated = hub::openSqliteHubStorage(copy);
    INFO((migrated ? std::string() : migrated.error().message));
    REQUIRE(migrated.ok());
    auto after = keywordFigures((*migrated)->reports(), q);
    REQUIRE(after.ok());
    CHECK(after->texts == before->texts);
    REQUIRE(after->top.size() == before->top.size());
    for (std::size_t i = 0; i < after->top.size(); ++i) {
        CHECK(after->top[i].term == before->top[i].term);
        CHECK(after->top[i].documents == before->top[i].documents);
    }
}

TEST_CASE("a complaint an officer hides leaves the term counts, and rejoins them when shown again",
          "[reports][keywords]") {
    test::TestHub hub;
    auto id = test::seededIdentity(163);
    test::enrolIdentity(hub, id);
    core::ChainHead head;
    const std::int64_t at = test::officeMs(2026, 3, 10, 10);
    auto file = [&](const std::string& category, const std::string& text, std::int64_t when) {
        auto r = test::complaintRecord(id, head, test::kOffice, category, text, "", "", nullptr, when);
        head = r.asHead();
        return r;
    };
    const auto steady = file("roads-lights", "ไฟดับหน้าโรงเรียน", at);
    const auto plain = file("other", "ขอบคุณเจ้าหน้าที่ ไฟดับซ่อมเร็ว", at + 60000);
    const auto rude = file("other", "พบจระเข้ในคลอง ไฟดับ", at + 120000);
    test::pushAll(hub, id, {steady, plain, rude});
    KeywordQuery q;
    q.office = test::kOffice;
    q.period = {202603, 202603};
    q.top = 100;
    auto uses = [&](const std::string& term) {
        auto f = keywordFigures(hub.storage().reports(), q);
        REQUIRE(f.ok());
        for (const auto& t : f->top)
            if (t.term == term)
                return std::make_pair(t.documents, f->texts);
        return std::make_pair(std::uint64_t{0}, f->texts);
    };
    CHECK(uses("คลอง") == std::make_pair(std::uint64_t{1}, std::uint64_t{3}));
    CHECK(uses("ไฟดับ") == std::make_pair(std::uint64_t{3}, std::uint64_t{3}));

    auto devices = hub.storage().listDevices();
    REQUIRE(devices.ok());
    REQUIRE(devices->size() == 1);
    const std::string ticket = core::Ticket{test::kOffice, devices->front().number, rude.sequence()}.text();
    auto act = [&](bool hidden) {
        auto found = hub.storage().findCase(ticket);
        REQUIRE(found.ok());
        REQUIRE(found->has_value());
        CaseAction a;
        a.ticket = ticket;
        a.expected = (*found)->state;
        a.hidden = hidden;
        a.hiddenReason = hidden ? "ถ้อยคำไม่สุภาพ" : "";
        a.event.ticket = ticket;
        a.event.atMs = at + 600000;
        a.event.kind = "moderated";
        a.event.actor = "admin";
        REQUIRE(hub.storage().actOnCase(a).ok());
    };
    act(true);
    CHECK(uses("คลอง").first == 0);
    CHECK(uses("ไฟดับ") == std::make_pair(std::uint64_t{2}, std::uint64_t{2}));
    if (std::filesystem::exists(hub.dir() / "hub.db")) {  // the SQLite store: no row of it is left
        auto db = core::sql::Database::open(hub.dir() / "hub.db", core::sql::OpenMode::ReadOnly);
        REQUIRE(db.ok());
        CHECK(*db->queryInt("SELECT count(*) FROM term_counts WHERE term LIKE '%จระเข้%'") == 0);
    }
    act(false);
    CHECK(uses("คลอง") == std::make_pair(std::uint64_t{1}, std::uint64_t{3}));
}
