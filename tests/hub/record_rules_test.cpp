// What the hub accepts inside a correctly signed record: every payload a
// genuine kiosk writes, nothing a genuine kiosk could never write (refused
// for good, with the reason, opening no ticket), and every record whatever
// its kiosk's clock said, with the hub's own time used where that is wrong.

#include "hub_test_support.hpp"

#include "hub/record_rules.hpp"

#include "kiosk/store_backend.hpp"

#include "core/catalogue.hpp"
#include "core/sqlite.hpp"
#include "core/survey.hpp"
#include "core/ticket.hpp"

#include <catch2/catch.hpp>

#include <climits>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using core::ErrorCode;
using core::RecordKind;
using Catch::Matchers::Contains;

namespace {

// A hub whose clock stands where the test puts it, with one device enrolled.
struct ClockedHub {
    TestHub hub;
    std::int64_t nowMs = test::kTestTimeMs;
    HubService service;
    core::DeviceIdentity id;

    explicit ClockedHub(std::uint8_t seed = 41)
        : service(hub.storage(), hub.keys(), options()), id(seededIdentity(seed)) {
        enrolIdentity(hub, id);
    }
    HubServiceOptions options() {
        HubServiceOptions o = quietOptions();
        o.clock = [this] { return nowMs; };
        return o;
    }
    sync::PushAck push(const std::vector<core::Bytes>& records) {
        return pushOk(service, hub.keys().signing.publicKey, wireOf(id, records));
    }
    std::size_t tickets() {
        auto list = hub.storage().listTickets(1000);
        REQUIRE(list.ok());
        return list->size();
    }
    std::vector<Incident> incidentsOf(const std::string& kind) {
        auto all = hub.storage().incidents(1000);
        REQUIRE(all.ok());
        std::vector<Incident> out;
        for (auto& i : *all)
            if (i.kind == kind)
                out.push_back(i);
        return out;
    }
};

// The payloads a kiosk's own code writes, through that code.
std::vector<core::RecordDraft> genuineDrafts(const core::BoxPublicKey& hubBox) {
    std::vector<core::RecordDraft> drafts;
    kiosk::ComplaintForm anonymous;
    anonymous.category = kiosk::ComplaintCategory::Water;
    anonymous.description = "น้ำประปาไม่ไหลมาสามวันแล้ว";
    anonymous.giveContact = false;
    drafts.push_back({RecordKind::Complaint, kiosk::StoreBackend::complaintPayload(anonymous, kOffice), {}});

    kiosk::ComplaintForm withContact;
    withContact.category = kiosk::ComplaintCategory::RoadsLights;
    withContact.description = std::string(1000, 'x') + "ไฟดับ";
    withContact.village = "4";
    withContact.landmark = "หน้าวัดป่าสัก";
    withContact.giveContact = true;
    withContact.name = "สมหญิง ใจดี";
    withContact.phone = "0812345678";
    auto sealed = core::sealPersonalData(kiosk::StoreBackend::contactJson(withContact), hubBox);
    REQUIRE(sealed.ok());
    drafts.push_back({RecordKind::Complaint, kiosk::StoreBackend::complaintPayload(withContact, kOffice), *sealed});

    kiosk::ComplaintForm longest;  // the most the kiosk's screens let through
    longest.description = std::string(2000, 'a');
    for (int i = 0; i < 200; ++i)
        longest.landmark += "ก";
    longest.giveContact = true;  // chose to give contact, then typed none
    drafts.push_back({RecordKind::Complaint, kiosk::StoreBackend::complaintPayload(longest, kOffice), {}});

    auto catalogue = core::Catalogue::load(FANGSIANG_ASSETS_DIR "/content/catalogue.json");
    REQUIRE(catalogue.ok());
    auto survey = core::SurveyDefinition::load(FANGSIANG_ASSETS_DIR "/content/surveys/standard-satisfaction.json");
    REQUIRE(survey.ok());
    REQUIRE(survey->resolveOptions(*catalogue).ok());
    core::SurveyResponse response(*survey);
    REQUIRE(response.answer("service", catalogue->services().front().id).ok());
    for (const char* q : {"process", "staff", "facilities", "information"})
        REQUIRE(response.answer(q, std::int64_t{4}).ok());
    REQUIRE(response.answer("overall", std::int64_t{2}).ok());
    REQUIRE(response.answer("why_low", std::string("คิวยาวมาก")).ok());
    REQUIRE(response.answer("comment", std::string(500, 'c')).ok());
    auto payload = response.toPayload("kiosk");
    REQUIRE(payload.ok());
    drafts.push_back({RecordKind::SurveyResponse, *payload, {}});

    // A field survey of the demo's buyers, with the answers its session asked once.
    auto buyer = core::SurveyDefinition::load(FANGSIANG_ASSETS_DIR "/content/surveys/product-buyer.json");
    REQUIRE(buyer.ok());
    REQUIRE(buyer->session() != nullptr);
    core::SurveyResponse session(*buyer->session());
    REQUIRE(session.answer("site", std::string("otop-fair")).ok());
    core::SurveyResponse respondent(*buyer);
    const std::vector<std::pair<const char*, core::Answer>> answers = {
        {"product", std::string("herbal-soap")}, {"bought_at", std::string("online")}, {"delivery", std::int64_t{4}},
        {"buyer_type", std::string("local")},    {"quality", std::int64_t{5}},        {"packaging", std::int64_t{4}},
        {"seller", std::int64_t{5}},             {"recommend", std::int64_t{5}},      {"buy_again", std::string("yes")},
        {"channels", std::vector<std::string>{"online"}}};
    for (const auto& [q, a] : answers)
        REQUIRE(respondent.answer(q, a).ok());
    auto fieldPayload = respondent.toPayload("field", &session);
    REQUIRE(fieldPayload.ok());
    drafts.push_back({RecordKind::SurveyResponse, *fieldPayload, {}});

    // The project's own demo and test kiosks.
    drafts.push_back(test::surveyDraft(3));
    drafts.push_back({RecordKind::Complaint,
                      R"({"category":"roads-lights","text":"ไฟส่องสว่างหน้าวัดดับมาสามคืนแล้ว","village":"หมู่ที่ 4","landmark":"หน้าวัดป่าสัก"})",
                      {}});
    drafts.push_back({RecordKind::SurveyResponse,
                      R"({"survey":"standard-satisfaction","version":1,"service":"civil-registration","answers":{"process":5,"staff":5}})",
                      {}});
    drafts.push_back({RecordKind::DeviceEvent, R"({"event":"store-demo"})", {}});
    return drafts;
}

struct BadPayload {
    RecordKind kind;
    std::string payload;
    bool sealed;
    std::string why;  // part of the refusal's message
};

}  // namespace

TEST_CASE("every payload a genuine kiosk writes is accepted", "[hub][records]") {
    ClockedHub h;
    std::vector<core::Bytes> records;
    core::ChainHead head;
    for (const auto& draft : genuineDrafts(h.hub.keys().box.publicKey)) {
        auto record = core::signRecord(draft, head, test::kTestTimeMs, h.id);
        REQUIRE(record.ok());
        head = record->asHead();
        records.push_back(record->bytes());
    }
    auto ack = h.push(records);
    for (const auto& v : ack.refused)
        UNSCOPED_INFO("record " << v.sequence << ": " << v.message);
    CHECK(ack.refused.empty());
    CHECK(ack.accepted == records.size());
    CHECK(h.tickets() == 4);  // one per complaint
}

TEST_CASE("records a genuine kiosk could never write are refused for good, with the reason, and open no ticket",
          "[hub][records][security]") {
    const std::string longText(2001, 'a');
    const BadPayload bad = GENERATE_COPY(values<BadPayload>({
        // Not a JSON object at all: the format says a payload is one.
        {RecordKind::Complaint, "[]", false, "must be a JSON object"},
        {RecordKind::Complaint, R"("ถนนพัง")", false, "must be a JSON object"},
        {RecordKind::Complaint, "42", false, "must be a JSON object"},
        {RecordKind::Complaint, "null", false, "must be a JSON object"},
        {RecordKind::Complaint, "", false, "is not JSON"},
        {RecordKind::Complaint, "{\"text\":", false, "is not JSON"},
        {RecordKind::SurveyResponse, "[1,2,3]", false, "must be a JSON object"},
        {RecordKind::DeviceEvent, "true", false, "must be a JSON object"},
        // Complaints: the kiosk's fields, types and limits.
        {RecordKind::Complaint, "{}", false, "category: is missing"},
        {RecordKind::Complaint, R"({"category":"water"})", false, "text: is missing"},
        {RecordKind::Complaint, R"({"category":"water","text":"   "})", false, "text: is empty"},
        {RecordKind::Complaint, R"({"category":"water","text":")" + longText + R"("})", false, "longer than 2000"},
        {RecordKind::Complaint, R"({"category":"Water!","text":"a"})", false, "is not an id"},
        {RecordKind::Complaint, R"({"category":5,"text":"a"})", false, "category: must be text"},
        {RecordKind::Complaint, R"({"category":"water","text":["a"]})", false, "text: must be text"},
        {RecordKind::Complaint, R"({"category":"water","text":"a","priority":"urgent"})", false, "priority: is not a field"},
        {RecordKind::Complaint, R"({"category":"water","text":"a","office":"9999999"})", false, "names office 9999999"},
        {RecordKind::Complaint, R"({"type":"survey","category":"water","text":"a"})", false, "type: is \"survey\""},
        {RecordKind::Complaint, R"({"category":"water","text":"a","anonymous":true})", true, "anonymous: is true"},
        {RecordKind::Complaint, R"({"category":"water","text":"a","anonymous":"no"})", false, "anonymous"},
        {RecordKind::Complaint, R"({"category":"water","text":"a","village":null})", false, "village: must not be null"},
        {RecordKind::Complaint, R"({"category":"water","text":"a","landmark":")" + longText + R"("})", false,
         "landmark: is longer than 200"},
        {RecordKind::Complaint, R"({"category":"water","text":"a","text":"b"})", false, "\"text\" twice"},
        // Survey responses.
        {RecordKind::SurveyResponse, "{}", false, "survey: is missing"},
        {RecordKind::SurveyResponse, R"({"survey":"standard"})", false, "answers: is missing"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":[5]})", false, "answers: must be an object"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":{"overall":true}})", false, "must be a number"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":{"overall":{"a":1}}})", false, "must be a number"},
        {RecordKind::SurveyResponse, R"({"survey":"buyer","answers":{},"session":{"site":true}})", false,
         "session: site: must be a number"},
        {RecordKind::SurveyResponse, R"({"survey":"buyer","answers":{},"session":[1]})", false,
         "session: must be an object"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":{"overall":[1,2]}})", false, "list of option ids"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":{"Overall!":1}})", false, "is not an id"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","version":0,"answers":{}})", false, "version"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":{},"name":"x"})", false, "name: is not a field"},
        {RecordKind::SurveyResponse, R"({"survey":"standard","answers":{"overall":4}})", true, "sealed personal data"},
        // Device events.
        {RecordKind::DeviceEvent, "{}", false, "event: is missing"},
        {RecordKind::DeviceEvent, R"({"event":"boot"})", true, "sealed personal data"},
    }));
    CAPTURE(bad.payload.substr(0, 120), bad.why);

    ClockedHub h;
    auto sealed = core::sealPersonalData(R"({"phone":"0812345678"})", h.hub.keys().box.publicKey);
    REQUIRE(sealed.ok());
    // A good record, the bad one, and a good one after it.
    auto first = core::signRecord(test::surveyDraft(1), {}, test::kTestTimeMs, h.id);
    REQUIRE(first.ok());
    core::Bytes second = signAnyBytes(h.id, first->asHead(), bad.kind, bad.payload, test::kTestTimeMs + 1,
                                      bad.sealed ? core::ByteView(*sealed) : core::ByteView());
    auto secondRecord = core::Record::parse(second);
    REQUIRE(secondRecord.ok());  // a well-formed, correctly signed record...
    REQUIRE(core::verifySignature(*secondRecord).ok());
    auto third = core::signRecord(test::surveyDraft(3), secondRecord->asHead(), test::kTestTimeMs + 2, h.id);
    REQUIRE(third.ok());

    auto ack = h.push({first->bytes(), second, third->bytes()});
    CHECK(ack.accepted == 1);
    CHECK(ack.held == 1);
    REQUIRE(ack.refused.size() == 1);  // ...refused, and the one after it waits
    CHECK(ack.refused[0].sequence == 2);
    CHECK(ack.refused[0].code == ErrorCode::Malformed);
    CHECK(ack.refused[0].permanent);
    CHECK_THAT(ack.refused[0].message, Contains(bad.why));
    CHECK(h.tickets() == 0);
    auto incidents = h.incidentsOf("refused");
    REQUIRE(incidents.size() == 1);
    CHECK_THAT(incidents[0].detail, Contains(bad.why));

    // The device sets it aside and says so; the chain goes on past it.
    auto next = h.push({third->bytes()});
    CHECK(next.refused.size() == 1);  // without the skip, a gap
    auto skipped = pushOk(h.service, h.hub.keys().signing.publicKey, wireOf(h.id, {third->bytes()}, {2}));
    CHECK(skipped.accepted == 1);
    CHECK(skipped.held == 3);
}

TEST_CASE("a kiosk sets aside what the hub refuses for good, with the reason, and the rest arrives",
          "[hub][records][sync]") {
    TestHub hub;
    TestKiosk kiosk;
    kiosk.enrolWith(hub, hub.url());
    {
        auto identity = core::DeviceIdentity::loadOrCreate(kiosk.dir());
        REQUIRE(identity.ok());
        auto store = kiosk::Store::open(kiosk.dir() / sync::kRecordsFile);
        REQUIRE(store.ok());
        // A JSON object the device's own store takes, but no kiosk screen
        // makes: a complaint with no text.
        REQUIRE(store->append(*identity, test::surveyDraft(1), test::kTestTimeMs).ok());
        REQUIRE(store->append(*identity, {RecordKind::Complaint, R"({"category":"water"})", {}}, test::kTestTimeMs).ok());
        REQUIRE(store->append(*identity, test::surveyDraft(3), test::kTestTimeMs).ok());
    }
    auto client = sync::SyncClient::open(kiosk.dir());
    REQUIRE(client.ok());
    auto pushed = client->push();
    REQUIRE(pushed.ok());
    CHECK(pushed->quarantined == 1);
    CHECK(pushed->held == 3);
    auto sequences = hub.storage().sequences(kiosk.key());
    REQUIRE(sequences.ok());
    CHECK(*sequences == std::vector<std::uint64_t>{1, 3});
    auto db = core::sql::Database::open(kiosk.dir() / sync::kRecordsFile, core::sql::OpenMode::ReadOnly);
    REQUIRE(db.ok());
    auto reason = db->prepare("SELECT reason FROM quarantine WHERE seq = 2");
    REQUIRE(reason.ok());
    REQUIRE(*reason->step());
    CHECK_THAT(reason->columnText(0), Contains("text: is missing"));
}

TEST_CASE("a creation time no clock could give is malformed", "[hub][records][time]") {
    ClockedHub h;
    core::Bytes negative = signAnyBytes(h.id, {}, RecordKind::Complaint, R"({"category":"water","text":"a"})", -1);
    auto ack = h.push({negative});
    CHECK(ack.accepted == 0);
    REQUIRE(ack.refused.size() == 1);
    CHECK(ack.refused[0].code == ErrorCode::Malformed);
    CHECK(ack.refused[0].permanent);
    CHECK_THAT(ack.refused[0].message, Contains("negative"));
    CHECK(h.tickets() == 0);
}

TEST_CASE("a kiosk's wrong clock never loses a record: the hub keeps it and uses its own time",
          "[hub][records][time]") {
    ClockedHub h;
    const std::int64_t now = h.nowMs;
    struct Case {
        std::int64_t createdAt;
        bool plausible;
    };
    const std::vector<Case> cases = {
        {0, false},                                   // a Raspberry Pi booted without its clock
        {1, false},
        {kEarliestPlausibleMs - 1, false},            // 2023-12-31 23:59:59.999
        {kEarliestPlausibleMs, true},
        {now - 3LL * 24 * 3600 * 1000, true},         // carried by USB three days later
        {now + kClockAheadToleranceMs, true},         // a little fast
        {now + kClockAheadToleranceMs + 1, false},
        {INT64_MAX, false},
    };
    std::vector<core::Bytes> records;
    core::ChainHead head;
    for (const auto& c : cases) {
        auto r = signAnyRecord(h.id, head, RecordKind::Complaint,
                               R"({"category":"water","text":"น้ำไม่ไหล )" + std::to_string(c.createdAt) + "\"}",
                               c.createdAt);
        head = r.asHead();
        records.push_back(r.bytes());
    }
    auto ack = h.push(records);
    CHECK(ack.refused.empty());
    CHECK(ack.accepted == cases.size());

    // Beside each record, the hub's receive time; the ticket is dated by the
    // record's time only when that was plausible.
    std::vector<StoredRecord> stored;
    REQUIRE(h.hub.storage()
                .forEachRecord(h.id.publicKey(),
                               [&](const StoredRecord& row) -> core::Status {
                                   stored.push_back(row);
                                   return core::Ok{};
                               })
                .ok());
    REQUIRE(stored.size() == cases.size());
    auto device = h.hub.storage().findDevice(h.id.publicKey());
    REQUIRE(device.ok());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(i, cases[i].createdAt);
        CHECK(stored[i].createdAtMs == cases[i].createdAt);
        CHECK(stored[i].receivedAtMs == now);
        CHECK(isPlausibleCreationTime(cases[i].createdAt, now) == cases[i].plausible);
        auto ticket = h.hub.storage().findTicket(core::Ticket{kOffice, (*device)->number, i + 1}.text());
        REQUIRE(ticket.ok());
        REQUIRE(ticket->has_value());
        CHECK((*ticket)->filedAtMs == (cases[i].plausible ? cases[i].createdAt : now));
        CHECK((*ticket)->updatedAtMs == now);
    }

    // One incident for the device that day, however many batches...
    auto clockWrong = h.incidentsOf("device-clock-wrong");
    REQUIRE(clockWrong.size() == 1);
    CHECK(clockWrong[0].sequence == 1);
    CHECK_THAT(clockWrong[0].detail, Contains("clock is wrong"));
    CHECK_THAT(clockWrong[0].detail, Contains("1970-01-01"));
    h.nowMs += 3600 * 1000;
    auto later = signAnyRecord(h.id, head, RecordKind::SurveyResponse, test::surveyDraft(1).payload, 5);
    head = later.asHead();
    CHECK(h.push({later.bytes()}).accepted == 1);
    CHECK(h.incidentsOf("device-clock-wrong").size() == 1);

    // ...another the next day, and one for each device.
    h.nowMs += 24 * 3600 * 1000;
    auto nextDay = signAnyRecord(h.id, head, RecordKind::SurveyResponse, test::surveyDraft(2).payload, 6);
    CHECK(h.push({nextDay.bytes()}).accepted == 1);
    CHECK(h.incidentsOf("device-clock-wrong").size() == 2);
    auto other = seededIdentity(42);
    enrolIdentity(h.hub, other);
    auto theirs = signAnyRecord(other, {}, RecordKind::SurveyResponse, test::surveyDraft(1).payload, 7);
    CHECK(pushOk(h.service, h.hub.keys().signing.publicKey, wireOf(other, {theirs.bytes()})).accepted == 1);
    CHECK(h.incidentsOf("device-clock-wrong").size() == 3);

    // A right clock logs nothing.
    ClockedHub fine(43);
    auto good = core::signRecord(test::surveyDraft(1), {}, fine.nowMs - 1000, fine.id);
    REQUIRE(good.ok());
    CHECK(fine.push({good->bytes()}).accepted == 1);
    CHECK(fine.incidentsOf("device-clock-wrong").empty());
}
