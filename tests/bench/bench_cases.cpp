// The officers' case lists on a big office: N generated complaints (100,000
// by default) pushed through the real ingest path into a real SQLite store,
// a third of them taken by units, then the inbox and filtered lists as the
// dashboard asks for them, timed in the hub's process (server time, without
// HTTP). Prints p50/p95/max per query and the process's peak RSS.
//   bench_cases [N] [REPEATS]

#include "sync_test_support.hpp"

#include "hub/case_service.hpp"

#include "core/sqlite.hpp"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

using namespace fangsiang;
using namespace fangsiang::hub;

namespace {

using Clock = std::chrono::steady_clock;

// Complaints put together from what citizens write about, where, and a
// detail, so that the text index sees varied Thai rather than a few
// sentences.
struct Topic {
    const char* category;
    const char* what;
};
const Topic kTopics[] = {
    {"roads-lights", "ไฟฟ้าส่องสว่างดับทั้งซอย"}, {"roads-lights", "ถนนชำรุดเป็นหลุมใหญ่"},
    {"roads-lights", "เสาไฟเอียงจะล้ม"},          {"water", "น้ำประปาไม่ไหล"},
    {"water", "น้ำประปาขุ่นมีตะกอน"},              {"water", "ท่อประปาแตกน้ำรั่ว"},
    {"waste", "ขยะไม่ได้เก็บหนึ่งสัปดาห์"},        {"waste", "มีคนลักลอบทิ้งขยะ"},
    {"drainage-flood", "น้ำท่วมขังทุกครั้งที่ฝนตก"}, {"drainage-flood", "ท่อระบายน้ำอุดตัน"},
    {"stray-animals", "สุนัขจรจัดไล่กัดเด็กนักเรียน"}, {"noise-nuisance", "เสียงดังจากโรงงานตอนกลางคืน"},
    {"noise-nuisance", "เผาขยะควันเข้าบ้าน"},       {"conduct-corruption", "เจ้าหน้าที่เรียกเงินเพิ่ม"},
    {"other", "ขอติดตั้งกระจกโค้งที่ทางแยก"},       {"other", "The street light by the temple is off"},
};
const char* const kPlaces[] = {"หน้าวัด", "หน้าโรงเรียน", "ตลาดสด", "ซอยสาม", "ทางเข้าหมู่บ้าน", "ข้างศาลาประชาคม",
                               "ริมคลอง", "หน้าตลาดนัด", "หลังสถานีอนามัย", "สี่แยกไฟแดง"};
const char* const kDetails[] = {"ขอให้เร่งแก้ไขด้วย", "เป็นมาสามวันแล้ว", "อันตรายต่อคนเดินถนน",
                                "แจ้งไปแล้วแต่ยังไม่มีใครมาดู", "เด็กและผู้สูงอายุเดือดร้อน", "ขอบคุณครับ",
                                "กลางคืนมืดมาก", "ส่งกลิ่นเหม็น"};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void timeQuery(const char* name, int repeats, const std::function<std::uint64_t()>& run) {
    std::vector<double> times;
    std::uint64_t rows = 0;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        rows = run();
        times.push_back(ms(Clock::now() - start));
    }
    std::sort(times.begin(), times.end());
    auto at = [&](double q) { return times[static_cast<std::size_t>(q * static_cast<double>(times.size() - 1))]; };
    std::printf("  %-44s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%llu cases match)\n", name, at(0.5), at(0.95),
                times.back(), static_cast<unsigned long long>(rows));
}

}  // namespace

int main(int argc, char** argv) {
    const int total = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 100;
    test::TempDir dir;
    auto keys = createHubKeys(dir.path());
    auto storage = createSqliteHubStorage(dir / "hub.db");
    if (!keys || !storage) {
        std::fprintf(stderr, "bench_cases: could not make a hub\n");
        return 1;
    }
    HubService service(**storage, *keys, test::quietOptions());
    auto id = test::seededIdentity(7);
    auto code = service.createEnrolmentCode(test::kOffice, "เทศบาลตำบลบ้านสวน", std::chrono::minutes(5));
    auto plain = sync::normaliseEnrolmentCode(code->code);
    if (service.handleEnrol(sync::encodeEnrolRequest(
                                {*plain, id.publicKey(), id.sign(sync::enrolProofMessage(*plain, id.publicKey())), "bench"}))
            .status != 200) {
        std::fprintf(stderr, "bench_cases: the device did not enrol\n");
        return 1;
    }

    std::mt19937 random(42);
    const std::int64_t now = core::wallClockMs();
    const std::int64_t span = 3 * 365LL * 24 * 3600 * 1000;
    const auto loadStart = Clock::now();
    core::ChainHead head;
    for (int made = 0; made < total;) {
        sync::Batch batch;
        batch.device = id.publicKey();
        batch.nonce = sync::randomNonce();
        for (int i = 0; i < 500 && made < total; ++i, ++made) {
            const Topic& topic = kTopics[random() % std::size(kTopics)];
            const std::string text = std::string(topic.what) + kPlaces[random() % std::size(kPlaces)] + " " +
                                     kDetails[random() % std::size(kDetails)];
            nlohmann::json payload = {{"type", "complaint"},        {"office", test::kOffice},
                                      {"category", topic.category}, {"text", text},
                                      {"anonymous", true},          {"village", std::to_string(1 + random() % 12)}};
            // Filed over the past three years, oldest first.
            const std::int64_t at = now - span + span * made / total;
            auto record = core::signRecord({core::RecordKind::Complaint, payload.dump(), {}}, head, at, id);
            head = record->asHead();
            batch.records.push_back(record->bytes());
        }
        auto wire = sync::encodeBatch(batch, sync::IdentitySigner(id));
        if (service.handlePush(sync::kBatchMediaType, sync::compress(*wire)).status != 200) {
            std::fprintf(stderr, "bench_cases: a push was refused\n");
            return 1;
        }
    }
    const double loadMs = ms(Clock::now() - loadStart);

    // As an office's store looks after three years: the unit and officer
    // that take cases, nearly every case older than a month closed, the
    // month's cases spread over the open states. Written straight into the
    // store in one transaction (making 100,000 moves one by one through
    // CaseService would measure fsync, not the lists).
    const char* kUnit = "works";
    const char* kOfficer = "somchai";
    Officer handler;
    handler.username = kOfficer;
    handler.displayName = "สมชาย";
    handler.role = Role::Officer;
    handler.officeCode = test::kOffice;
    handler.unitCode = kUnit;
    if (!(*storage)->addUnit(Unit{test::kOffice, kUnit, "กองช่าง", "Public works"}, AuditEntry{}) ||
        !(*storage)->addOfficer(handler, "$argon2id$unused", AuditEntry{})) {
        std::fprintf(stderr, "bench_cases: could not add the unit\n");
        return 1;
    }
    {
        auto db = core::sql::Database::open(dir / "hub.db", core::sql::OpenMode::ReadWrite);
        const std::int64_t month = now - 30LL * 24 * 3600 * 1000;
        const std::string m = std::to_string(month);
        if (!db || !db->exec("BEGIN; "
                             "UPDATE cases SET state = 'closed', unit = 'works', officer = 'somchai', "
                             "accepted_at = filed_at + 86400000, first_reply_at = filed_at + 432000000, "
                             "outcome_at = filed_at + 432000000, resolved_at = filed_at + 432000000, "
                             "closed_at = filed_at + 864000000 WHERE filed_at < " + m + " AND rowid % 50 <> 0; "
                             "UPDATE cases SET state = 'accepted', unit = 'works', officer = 'somchai', "
                             "accepted_at = filed_at + 86400000 WHERE state = 'received' AND rowid % 3 = 1; "
                             "UPDATE cases SET state = 'in_progress', unit = 'works', officer = 'somchai', "
                             "accepted_at = filed_at + 86400000 WHERE state = 'received' AND rowid % 3 = 2; "
                             "COMMIT;")) {
            std::fprintf(stderr, "bench_cases: could not age the cases\n");
            return 1;
        }
    }
    std::printf("bench_cases: %d complaints pushed and opened as cases in %.1f s (%.0f per second)\n", total,
                loadMs / 1000, total / (loadMs / 1000));

    CaseService cases(**storage, &*keys);
    Actor super{1, "bench", Role::Supervisor, test::kOffice, ""};
    Actor officer{2, kOfficer, Role::Officer, test::kOffice, kUnit};
    auto listOf = [&](const Actor& who, CaseQuery q) {
        q.officeCode = test::kOffice;
        return [&cases, who, q] { return cases.list(who, q)->total; };
    };
    std::printf("queries, %d times each (server time in the hub's process):\n", repeats);
    timeQuery("inbox (supervisor)", repeats, [&] {
        auto box = cases.inbox(super, test::kOffice);
        return box->newCount + box->dueSoonCount + box->overdueCount;
    });
    timeQuery("inbox (officer of a unit)", repeats, [&] { return cases.inbox(officer, test::kOffice)->newCount; });
    CaseQuery q;
    timeQuery("all cases, page 1", repeats, listOf(super, q));
    q.states = {CaseState::Accepted};
    q.unit = kUnit;
    timeQuery("state accepted, unit, page 1", repeats, listOf(super, q));
    q = {};
    q.category = "water";
    q.village = "5";
    timeQuery("category + village", repeats, listOf(super, q));
    q = {};
    q.filedFromMs = now - 30LL * 24 * 3600 * 1000;
    q.filedToMs = now;
    timeQuery("filed in the last 30 days", repeats, listOf(super, q));
    q = {};
    q.text = "ท่วมขัง";
    timeQuery("Thai text search (ท่วมขัง, trigram index)", repeats, listOf(super, q));
    q.text = "หน้าโรงเรียน";
    timeQuery("Thai text search (หน้าโรงเรียน)", repeats, listOf(super, q));
    q.text = "ไฟ";
    timeQuery("Thai text search (ไฟ, 2 characters: a scan)", std::max(1, repeats / 10), listOf(super, q));
    q = {};
    q.offset = 25 * 1000;
    timeQuery("all cases, page 1,001", repeats, listOf(super, q));

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS of the process: %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024);
    return 0;
}
