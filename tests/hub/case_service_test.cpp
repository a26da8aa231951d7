// Cases in a real hub store: every complaint pushed by an enrolled device
// opens a case; officers list, search and move cases within what their role
// and unit allow; every move is on the timeline and in the audit log, and
// what the citizen should see comes down as a ticket update. A clock the test
// sets makes due dates exact.

#include "case_moves.hpp"
#include "hub_test_support.hpp"

#include "hub/case_service.hpp"

#include "core/ticket.hpp"

#include <catch2/catch.hpp>

using namespace fangsiang;
using namespace fangsiang::hub;
using namespace fangsiang::test;
using Catch::Matchers::Contains;

namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;

// A hub with one office, two units, an account of each role, and a device
// that has filed `complaints` (given as category and text).
class CaseHub {
public:
    CaseHub() : m_id(seededIdentity(41)) {
        enrolIdentity(m_hub, m_id);
        auto device = m_hub.storage().findDevice(m_id.publicKey());
        REQUIRE(device.ok());
        m_number = (*device)->number;
        for (const auto& [code, th] : {std::pair{"works", "กองช่าง"}, std::pair{"health", "กองสาธารณสุข"}})
            REQUIRE(m_hub.storage().addUnit(Unit{kOffice, code, th, code}, AuditEntry{}).ok());
        addOfficer("super", Role::Supervisor, "");
        addOfficer("somchai", Role::Officer, "works");
        addOfficer("malee", Role::Officer, "health");
        addOfficer("viewer", Role::Viewer, "");
        addOfficer("admin", Role::Admin, "");
    }

    // Files a complaint; its ticket.
    std::string file(const std::string& category, const std::string& text, const std::string& village = "",
                     const std::string& contact = "") {
        auto record = complaintRecord(m_id, m_head, kOffice, category, text, village, contact,
                                      &m_hub.keys().box.publicKey, m_now);
        m_head = record.asHead();
        pushOk(m_hub, wireOf(m_id, {record.bytes()}));
        return core::Ticket{kOffice, m_number, m_head.sequence}.text();
    }

    Actor actor(const std::string& username) {
        auto o = m_hub.storage().findOfficer(username);
        REQUIRE(o.ok());
        REQUIRE(o->has_value());
        return Actor{(*o)->id, (*o)->username, (*o)->role, (*o)->officeCode, (*o)->unitCode};
    }

    CaseService cases() {
        return CaseService(m_hub.storage(), &m_hub.keys(), [this] { return m_now; });
    }
    HubStorage& storage() { return m_hub.storage(); }
    void advance(std::int64_t ms) { m_now += ms; }
    [[nodiscard]] std::int64_t now() const { return m_now; }

private:
    void addOfficer(const std::string& name, Role role, const std::string& unit) {
        Officer o;
        o.username = name;
        o.displayName = name;
        o.role = role;
        o.officeCode = kOffice;
        o.unitCode = unit;
        REQUIRE(m_hub.storage().addOfficer(o, "$argon2id$unused", AuditEntry{}).ok());
    }

    TestHub m_hub;
    core::DeviceIdentity m_id;
    core::ChainHead m_head;
    std::uint32_t m_number = 0;
    std::int64_t m_now = test::kTestTimeMs;  // as the records are dated
};

CaseChange accept(const std::string& unit, const std::string& officer) {
    CaseChange c;
    c.to = CaseState::Accepted;
    c.unit = unit;
    c.officer = officer;
    return c;
}

CaseChange to(CaseState state, std::string reply = {}) {
    CaseChange c;
    c.to = state;
    c.reply = std::move(reply);
    return c;
}

std::vector<std::string> ticketsOf(const CasePage& page) {
    std::vector<std::string> out;
    for (const auto& c : page.cases)
        out.push_back(c.ticket);
    return out;
}

}  // namespace

TEST_CASE("a pushed complaint opens its case, with the record's fields and its due date", "[hub][cases]") {
    CaseHub hub;
    const std::string ticket = hub.file("roads-lights", "ไฟฟ้าส่องสว่างหน้าวัดดับมาสามคืนแล้ว", "3", R"({"name":"สมศรี","phone":"0812345678"})");
    auto row = hub.storage().findCase(ticket);
    REQUIRE(row.ok());
    REQUIRE(row->has_value());
    const CaseRow& c = **row;
    CHECK(c.state == CaseState::Received);
    CHECK(c.category == "roads-lights");
    CHECK(c.village == "3");
    CHECK(c.text == "ไฟฟ้าส่องสว่างหน้าวัดดับมาสามคืนแล้ว");
    CHECK(c.hasContact);
    CHECK_FALSE(c.anonymous);
    CHECK(c.filedAtMs == hub.now());
    // The default policy: 15 working days, Saturdays and Sundays off.
    CHECK(c.replyByMs == dueFor(CasePolicy{}, "roads-lights", c.filedAtMs).replyByMs);
    CHECK(c.dueAtMs == dueFor(CasePolicy{}, "roads-lights", c.filedAtMs).dueMs());
    auto events = hub.storage().caseEvents(ticket);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK((*events)[0].kind == "filed");
}

TEST_CASE("the workflow as officers work it: assign, start, resolve with a reply, close", "[hub][cases][workflow]") {
    CaseHub hub;
    CaseService cases = hub.cases();
    const std::string ticket = hub.file("roads-lights", "ไฟดับหน้าโรงเรียน");
    const Actor super = hub.actor("super"), somchai = hub.actor("somchai");

    SECTION("an officer cannot take a case nobody gave their unit") {
        auto refused = cases.change(somchai, ticket, to(CaseState::InProgress), "10.0.0.1");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == core::ErrorCode::Forbidden);
    }
    SECTION("a move the workflow does not allow is refused with the reason, in Thai and English") {
        auto refused = cases.change(super, ticket, to(CaseState::Resolved, "เรียบร้อย"), "10.0.0.1");
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == core::ErrorCode::Conflict);
        CHECK_THAT(refused.error().message, Contains("เปลี่ยนเป็น") && Contains("cannot become"));
    }
    SECTION("accepting names a unit and an officer of that unit") {
        CHECK_FALSE(cases.change(super, ticket, accept("roads", "somchai"), "").ok());
        CHECK_FALSE(cases.change(super, ticket, accept("health", "somchai"), "").ok());
        CHECK_FALSE(cases.change(super, ticket, accept("works", "nobody"), "").ok());
        CHECK_FALSE(cases.change(somchai, ticket, accept("works", "somchai"), "").ok());  // officers do not assign
        auto row = hub.storage().findCase(ticket);
        REQUIRE(row.ok());
        CHECK((*row)->state == CaseState::Received);
    }
    SECTION("the whole way, each step published to the office's kiosks") {
        REQUIRE(cases.change(super, ticket, accept("works", "somchai"), "10.0.0.1").ok());
        hub.advance(kDay);
        REQUIRE(cases.change(somchai, ticket, to(CaseState::InProgress), "10.0.0.2").ok());
        hub.advance(kDay);
        auto resolved = cases.change(somchai, ticket, to(CaseState::Resolved, "เปลี่ยนหลอดไฟแล้ว"), "10.0.0.2");
        REQUIRE(resolved.ok());
        CHECK(resolved->resolvedAtMs == hub.now());
        CHECK(resolved->outcomeAtMs == hub.now());
        CHECK(resolved->acceptedAtMs == hub.now() - 2 * kDay);
        hub.advance(kDay);
        auto closed = cases.change(super, ticket, to(CaseState::Closed), "10.0.0.1");
        REQUIRE(closed.ok());

        auto updates = hub.storage().ticketUpdates(kOffice, 0, 100);
        REQUIRE(updates.ok());
        std::vector<std::pair<CaseState, std::string>> seen;
        for (const auto& u : *updates)
            if (u.ticket == ticket)
                seen.emplace_back(u.status, u.reply);
        REQUIRE(seen.size() == 5);
        CHECK(seen[3] == std::pair{CaseState::Resolved, std::string("เปลี่ยนหลอดไฟแล้ว")});
        // Closing says nothing new: the citizen still reads the reply.
        CHECK(seen[4] == std::pair{CaseState::Closed, std::string("เปลี่ยนหลอดไฟแล้ว")});

        auto events = hub.storage().caseEvents(ticket);
        REQUIRE(events.ok());
        REQUIRE(events->size() == 5);
        CHECK((*events)[1].actor == "super");
        CHECK((*events)[1].unit == "works");
        CHECK((*events)[3].text == "เปลี่ยนหลอดไฟแล้ว");
        auto audit = hub.storage().listAudit(AuditQuery{std::nullopt, 100});
        REQUIRE(audit.ok());
        std::size_t stateEntries = 0;
        for (const auto& e : *audit)
            if (e.action == "case-state" && e.subject == ticket) {
                ++stateEntries;
                CHECK_FALSE(e.before.empty());
                CHECK_FALSE(e.after.empty());
            }
        CHECK(stateEntries == 4);
    }
    SECTION("two officers acting on the same state: the second is told it changed") {
        const CaseRow before = **hub.storage().findCase(ticket);
        REQUIRE(cases.change(super, ticket, to(CaseState::Rejected, "ไม่ใช่เรื่องร้องเรียน"), "").ok());
        CaseAction late;
        late.ticket = ticket;
        late.expected = before.state;
        late.to = CaseState::Accepted;
        late.event.ticket = ticket;
        late.event.kind = "state";
        auto refused = hub.storage().actOnCase(late);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == core::ErrorCode::Conflict);
    }
    SECTION("forwarded and duplicate tell the citizen where the matter went") {
        const std::string other = hub.file("roads-lights", "ไฟดับหน้าโรงเรียนอีกแล้ว");
        CaseChange dup = to(CaseState::Duplicate);
        dup.duplicateOf = ticket;
        auto d = cases.change(super, other, dup, "");
        REQUIRE(d.ok());
        CHECK(d->duplicateOf == ticket);
        CHECK_THAT(d->reply, Contains(ticket));
        CaseChange fwd = to(CaseState::Forwarded);
        fwd.forwardedTo = "การไฟฟ้าส่วนภูมิภาค";
        auto f = cases.change(super, ticket, fwd, "");
        REQUIRE(f.ok());
        CHECK_THAT(f->reply, Contains("การไฟฟ้าส่วนภูมิภาค"));
        CaseChange missing = to(CaseState::Duplicate);
        missing.duplicateOf = "6340105-9-999-1";
        CHECK_FALSE(cases.change(super, hub.file("water", "น้ำไม่ไหล"), missing, "").ok());
    }
}

TEST_CASE("lists show what the role and unit may see, filtered and paged", "[hub][cases][list]") {
    CaseHub hub;
    CaseService cases = hub.cases();
    const std::string lights = hub.file("roads-lights", "ไฟฟ้าดับทั้งซอย", "3");
    const std::string water = hub.file("water", "น้ำประปาไม่ไหลสองวัน", "5");
    const std::string flood = hub.file("drainage-flood", "น้ำท่วมขังหน้าบ้าน ไฟฟ้าก็ดับ", "3");
    const Actor super = hub.actor("super");
    REQUIRE(cases.change(super, lights, accept("works", "somchai"), "").ok());
    REQUIRE(cases.change(super, water, accept("health", "malee"), "").ok());

    CaseQuery all;
    all.officeCode = kOffice;
    SECTION("a supervisor sees every case of the office, newest first") {
        auto page = cases.list(super, all);
        REQUIRE(page.ok());
        CHECK(page->total == 3);
        CHECK(ticketsOf(*page) == std::vector<std::string>{flood, water, lights});
    }
    SECTION("an officer sees their unit's cases only, whatever they ask for") {
        CaseQuery q = all;
        q.unit = "health";
        auto page = cases.list(hub.actor("somchai"), q);
        REQUIRE(page.ok());
        CHECK(ticketsOf(*page) == std::vector<std::string>{lights});
        auto view = cases.view(hub.actor("somchai"), water);
        REQUIRE_FALSE(view.ok());
        CHECK(view.error().code == core::ErrorCode::Forbidden);
    }
    SECTION("a viewer sees no case at all") {
        auto page = cases.list(hub.actor("viewer"), all);
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().code == core::ErrorCode::Forbidden);
        CHECK_FALSE(cases.view(hub.actor("viewer"), lights).ok());
    }
    SECTION("another office's supervisor sees nothing of this one") {
        Actor stranger = super;
        stranger.officeCode = "6340106";
        CHECK_FALSE(cases.list(stranger, all).ok());
        CHECK_FALSE(cases.view(stranger, lights).ok());
    }
    SECTION("Thai text search, three characters and more by the index, fewer by a scan") {
        CaseQuery q = all;
        q.text = "ไฟฟ้า";
        CHECK(ticketsOf(*cases.list(super, q)) == std::vector<std::string>{flood, lights});
        q.text = "ไฟ";
        CHECK(ticketsOf(*cases.list(super, q)) == std::vector<std::string>{flood, lights});
        q.text = "ท่วมขัง";
        CHECK(ticketsOf(*cases.list(super, q)) == std::vector<std::string>{flood});
        q.text = "\"ไฟ\" OR *";  // the search's own syntax is text like any other
        CHECK(cases.list(super, q)->total == 0);
    }
    SECTION("filters by state, category, village, unit and date; pages") {
        CaseQuery q = all;
        q.states = {CaseState::Received};
        CHECK(ticketsOf(*cases.list(super, q)) == std::vector<std::string>{flood});
        q = all;
        q.category = "water";
        CHECK(ticketsOf(*cases.list(super, q)) == std::vector<std::string>{water});
        q = all;
        q.village = "3";
        CHECK(cases.list(super, q)->total == 2);
        q = all;
        q.unit = "";
        CHECK(ticketsOf(*cases.list(super, q)) == std::vector<std::string>{flood});
        q = all;
        q.filedFromMs = hub.now() + 1;
        CHECK(cases.list(super, q)->total == 0);
        q = all;
        q.limit = 2;
        q.offset = 2;
        auto page = cases.list(super, q);
        CHECK(page->total == 3);
        CHECK(ticketsOf(*page) == std::vector<std::string>{lights});
    }
    SECTION("the inbox: new, due soon and overdue, as the office counts days") {
        auto box = cases.inbox(super, kOffice);
        REQUIRE(box.ok());
        CHECK(box->newCount == 1);
        CHECK(box->openCount == 3);
        CHECK(box->overdueCount == 0);
        hub.advance(40 * kDay);  // past every due date
        box = cases.inbox(super, kOffice);
        REQUIRE(box.ok());
        CHECK(box->overdueCount == 3);
        REQUIRE(cases.change(hub.actor("somchai"), lights, to(CaseState::InProgress), "").ok());
        REQUIRE(cases.change(hub.actor("somchai"), lights, to(CaseState::Resolved, "ซ่อมแล้ว"), "").ok());
        CHECK(cases.inbox(super, kOffice)->overdueCount == 2);
        auto officerBox = cases.inbox(hub.actor("malee"), kOffice);
        REQUIRE(officerBox.ok());
        CHECK(officerBox->newCount == 1);  // accepted into health, not started
        CHECK(officerBox->overdueCount == 1);
    }
}

TEST_CASE("an office's policy moves the due dates of its open cases", "[hub][cases][due]") {
    CaseHub hub;
    CaseService cases = hub.cases();
    const std::string ticket = hub.file("roads-lights", "ไฟดับ");
    const std::string policy = R"({"format": 1, "counting": "calendar", "targets": {"roads-lights": 3}})";
    CHECK_FALSE(cases.setPolicy(hub.actor("somchai"), kOffice, policy, "").ok());
    CHECK_FALSE(cases.setPolicy(hub.actor("super"), kOffice, R"({"format": 1, "counting": "sometimes"})", "").ok());
    REQUIRE(cases.setPolicy(hub.actor("super"), kOffice, policy, "").ok());
    auto row = hub.storage().findCase(ticket);
    REQUIRE(row.ok());
    auto parsed = parseCasePolicy(policy, "test");
    REQUIRE(parsed.ok());
    CHECK((*row)->targetAtMs == dueFor(*parsed, "roads-lights", (*row)->filedAtMs).targetMs);
    CHECK((*row)->dueAtMs == (*row)->targetAtMs);
    const std::string later = hub.file("roads-lights", "ไฟดับอีก");
    CHECK((*hub.storage().findCase(later))->dueAtMs == dueFor(*parsed, "roads-lights", hub.now()).dueMs());
}

TEST_CASE("notes stay inside the office, hidden text leaves every list, and the record is never altered",
          "[hub][cases][moderation]") {
    CaseHub hub;
    CaseService cases = hub.cases();
    const std::string ticket = hub.file("noise-nuisance", "บ้านเลขที่ 12 นายสมหมาย เปิดเพลงดังทุกคืน");
    const Actor super = hub.actor("super");
    const auto bytesBefore = hub.storage().recordBytes((*hub.storage().findCase(ticket))->device, 1);
    REQUIRE(cases.addNote(super, ticket, "โทรสอบถามเพื่อนบ้านแล้ว", "").ok());
    CHECK_FALSE(cases.addNote(super, ticket, "   ", "").ok());
    CHECK_FALSE(cases.moderate(super, ticket, true, "", "").ok());  // a reason is needed
    auto hidden = cases.moderate(super, ticket, true, "ข้อมูลส่วนบุคคลของผู้อื่น", "");
    REQUIRE(hidden.ok());
    CHECK(hidden->hidden);
    auto updates = hub.storage().ticketUpdates(kOffice, 0, 100);
    REQUIRE(updates.ok());
    CHECK(updates->size() == 1);  // only "received": notes and moderation are not the citizen's
    auto events = hub.storage().caseEvents(ticket);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 3);
    CHECK((*events)[1].internal);
    CHECK((*events)[2].kind == "hidden");
    CHECK(hub.storage().recordBytes((*hub.storage().findCase(ticket))->device, 1)->value() == bytesBefore->value());
}

TEST_CASE("the sealed contact opens for the case's handlers only, and every opening is audited", "[hub][cases][contact]") {
    CaseHub hub;
    CaseService cases = hub.cases();
    const std::string ticket = hub.file("water", "น้ำไม่ไหล", "", R"({"name":"สมศรี ใจงาม","phone":"0812345678"})");
    const std::string anonymous = hub.file("water", "น้ำขุ่น");
    REQUIRE(cases.change(hub.actor("super"), ticket, accept("works", "somchai"), "").ok());

    auto shown = cases.showContact(hub.actor("somchai"), ticket, "10.0.0.9");
    REQUIRE(shown.ok());
    CHECK_THAT(*shown, Contains("0812345678"));
    CHECK_FALSE(cases.showContact(hub.actor("malee"), ticket, "").ok());   // another unit
    CHECK_FALSE(cases.showContact(hub.actor("viewer"), ticket, "").ok());
    CHECK_FALSE(cases.showContact(hub.actor("admin"), ticket, "").ok());   // runs the hub, handles no case
    auto none = cases.showContact(hub.actor("super"), anonymous, "");
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == core::ErrorCode::NotFound);

    auto audit = hub.storage().listAudit(AuditQuery{std::nullopt, 100});
    REQUIRE(audit.ok());
    const auto opened = std::count_if(audit->begin(), audit->end(), [&](const AuditEntry& e) {
        return e.action == "case-contact" && e.subject == ticket && e.actor == "somchai" && e.address == "10.0.0.9";
    });
    CHECK(opened == 1);
    // Lists never carry it.
    auto page = cases.list(hub.actor("super"), [] { CaseQuery q; q.officeCode = kOffice; return q; }());
    REQUIRE(page.ok());
    for (const auto& c : page->cases)
        CHECK_THAT(c.text + c.village + c.landmark, !Contains("0812345678"));
}

TEST_CASE("the case page verifies the record and offers the moves the actor may make", "[hub][cases][view]") {
    CaseHub hub;
    CaseService cases = hub.cases();
    const std::string ticket = hub.file("waste", "ขยะไม่ได้เก็บหนึ่งสัปดาห์");
    auto view = cases.view(hub.actor("super"), ticket);
    REQUIRE(view.ok());
    CHECK(view->verified);
    CHECK(view->createdAtMs == hub.now());
    REQUIRE(view->device.has_value());
    CHECK(view->next.front() == CaseState::Accepted);
    CHECK(view->access.assign);
    REQUIRE(cases.change(hub.actor("super"), ticket, accept("works", "somchai"), "").ok());
    auto officerView = cases.view(hub.actor("somchai"), ticket);
    REQUIRE(officerView.ok());
    CHECK_FALSE(officerView->access.assign);
    CHECK(std::find(officerView->next.begin(), officerView->next.end(), CaseState::Accepted) == officerView->next.end());
    CHECK(std::find(officerView->next.begin(), officerView->next.end(), CaseState::InProgress) !=
          officerView->next.end());
}

TEST_CASE("moveCase walks the workflow for tests that need a ticket answered", "[hub][cases]") {
    CaseHub hub;
    const std::string ticket = hub.file("water", "น้ำไม่ไหล");
    CHECK(moveCase(hub.storage(), ticket, CaseState::Resolved, "ซ่อมท่อแล้ว") == 3);
    CHECK((*hub.storage().findCase(ticket))->state == CaseState::Resolved);
}
