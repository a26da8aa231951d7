// The case workflow's rules: every move between states allowed or refused
// with its reason in both languages, what each move needs, and due dates
// counted in working days across a weekend and a holiday.

#include "hub/case_workflow.hpp"
#include "hub/due_dates.hpp"

#include "core/ticket.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>

using namespace fangsiang;
using namespace fangsiang::hub;
using Catch::Matchers::Contains;
using S = CaseState;
namespace chr = std::chrono;

namespace {

const std::string kTicket = core::Ticket{"6340105", 3, 42}.text();
const std::string kOtherTicket = core::Ticket{"6340105", 3, 41}.text();

// A change to `to` carrying everything any move could need.
CaseChange complete(CaseState to) {
    CaseChange change;
    change.to = to;
    change.unit = "public-works";
    change.officer = "somchai";
    change.reply = "ซ่อมไฟฟ้าส่องสว่างแล้ว";
    change.forwardedTo = "การไฟฟ้าส่วนภูมิภาค";
    change.duplicateOf = kOtherTicket;
    return change;
}

// Every move the workflow allows, written out once more by hand.
const std::set<std::pair<S, S>>& allowedMoves() {
    static const std::set<std::pair<S, S>> kMoves = {
        {S::Received, S::Accepted},   {S::Received, S::Forwarded},   {S::Received, S::NotOurs},
        {S::Received, S::Duplicate},  {S::Received, S::Rejected},    {S::Accepted, S::Accepted},
        {S::Accepted, S::InProgress}, {S::Accepted, S::Forwarded},   {S::Accepted, S::NotOurs},
        {S::Accepted, S::Duplicate},  {S::Accepted, S::Rejected},    {S::InProgress, S::Resolved},
        {S::InProgress, S::Accepted}, {S::InProgress, S::Forwarded}, {S::InProgress, S::NotOurs},
        {S::InProgress, S::Duplicate}, {S::InProgress, S::Rejected}, {S::Resolved, S::Closed},
        {S::Resolved, S::InProgress}, {S::Forwarded, S::Closed},     {S::NotOurs, S::Closed},
        {S::Duplicate, S::Closed},    {S::Rejected, S::Closed},
    };
    return kMoves;
}

chr::sys_days date(int y, unsigned m, unsigned d) { return chr::sys_days{chr::year{y} / m / d}; }

// Noon, office time, of a date.
std::int64_t noonMs(chr::sys_days day) {
    return (chr::sys_time<chr::milliseconds>{day} + chr::hours{12} - chr::hours{7}).time_since_epoch().count();
}

CasePolicy policyFrom(const char* json) {
    auto policy = parseCasePolicy(json, "policy.json");
    INFO((policy ? "" : policy.error().message));
    REQUIRE(policy.ok());
    return *policy;
}

}  // namespace

TEST_CASE("every move between two states is allowed or refused as the workflow says, with the reason",
          "[hub][cases]") {
    const auto from = static_cast<S>(GENERATE(range(0, 9)));
    const auto to = static_cast<S>(GENERATE(range(0, 9)));
    CAPTURE(sync::ticketStatusName(from), sync::ticketStatusName(to));
    const auto refusal = refuseChange(from, kTicket, complete(to));
    if (allowedMoves().contains({from, to})) {
        CHECK_FALSE(refusal.has_value());
        const auto next = nextStates(from);
        CHECK(std::find(next.begin(), next.end(), to) != next.end());
    } else {
        REQUIRE(refusal.has_value());
        CHECK_THAT(refusal->en, Contains(caseStateName(from).en));
        CHECK_THAT(refusal->th, Contains(caseStateName(from).th));
        if (from != S::Closed) {
            CHECK_THAT(refusal->en, Contains("cannot become \"" + caseStateName(to).en + "\""));
            CHECK_THAT(refusal->en, Contains("it can become"));
        } else {
            CHECK_THAT(refusal->en, Contains("cannot change any more"));
        }
    }
}

TEST_CASE("a move is refused without what it needs, and named in both languages", "[hub][cases]") {
    struct Need {
        S from;
        S to;
        void (*clear)(CaseChange&);
        const char* english;
        const char* thai;
    };
    const Need need = GENERATE(
        Need{S::Received, S::Accepted, [](CaseChange& c) { c.unit.clear(); }, "the unit that handles it is needed",
             "หน่วยงานที่รับผิดชอบ"},
        Need{S::Received, S::Accepted, [](CaseChange& c) { c.officer = "  "; }, "the officer who has it is needed",
             "เจ้าหน้าที่ผู้รับผิดชอบ"},
        Need{S::InProgress, S::Resolved, [](CaseChange& c) { c.reply.clear(); }, "the reply to the citizen is needed",
             "คำตอบถึงผู้ร้องเรียน"},
        Need{S::Received, S::Forwarded, [](CaseChange& c) { c.forwardedTo.clear(); },
             "the office or agency it goes to is needed", "หน่วยงานที่ส่งต่อไป"},
        Need{S::Accepted, S::NotOurs, [](CaseChange& c) { c.reply = "\n"; },
             "where the citizen should go instead is needed", "ควรติดต่อที่ใด"},
        Need{S::Received, S::Rejected, [](CaseChange& c) { c.reply.clear(); }, "the reason for rejecting it is needed",
             "เหตุผล"},
        Need{S::Received, S::Duplicate, [](CaseChange& c) { c.duplicateOf = "42"; },
             "the ticket of the case it repeats is needed", "เลขที่เรื่อง"},
        Need{S::Received, S::Duplicate, [](CaseChange& c) { c.duplicateOf = kTicket; }, "a case cannot repeat itself",
             "ซ้ำกับตัวเอง"});
    CAPTURE(need.english);
    auto change = complete(need.to);
    REQUIRE_FALSE(refuseChange(need.from, kTicket, change).has_value());
    need.clear(change);
    const auto refusal = refuseChange(need.from, kTicket, change);
    REQUIRE(refusal.has_value());
    CHECK_THAT(refusal->en, Contains(need.english));
    CHECK_THAT(refusal->th, Contains(need.thai));
}

TEST_CASE("an officer's reply is readable text of at most 2,000 characters", "[hub][cases]") {
    auto change = complete(S::Resolved);
    SECTION("2,000 Thai characters, with line breaks") {
        change.reply.clear();
        for (int i = 0; i < 1999; ++i)
            change.reply += "ก";
        change.reply += "\n";
        CHECK_FALSE(refuseChange(S::InProgress, kTicket, change).has_value());
    }
    SECTION("one more") {
        for (std::size_t i = 0; i < kMaxCaseTextChars + 1; ++i)
            change.reply += "ก";
        const auto refusal = refuseChange(S::InProgress, kTicket, change);
        REQUIRE(refusal.has_value());
        CHECK_THAT(refusal->en, Contains("longer than 2000 characters"));
    }
    SECTION("not UTF-8") {
        change.reply = "ok \xff";
        REQUIRE(refuseChange(S::InProgress, kTicket, change).has_value());
    }
    SECTION("a control character") {
        change.reply = std::string("fixed\x1b[2J", 10);
        const auto refusal = refuseChange(S::InProgress, kTicket, change);
        REQUIRE(refusal.has_value());
        CHECK_THAT(refusal->en, Contains("control character"));
    }
}

TEST_CASE("only a resolved or other outcome keeps the promise to the citizen", "[hub][cases]") {
    CHECK_FALSE(isOutcome(S::Received));
    CHECK_FALSE(isOutcome(S::Accepted));
    CHECK_FALSE(isOutcome(S::InProgress));
    for (S s : {S::Resolved, S::Closed, S::Forwarded, S::NotOurs, S::Duplicate, S::Rejected})
        CHECK(isOutcome(s));
    CHECK(caseStateName(S::NotOurs).th == "ไม่อยู่ในอำนาจหน้าที่");
}

TEST_CASE("due dates count working days across a weekend and a holiday", "[hub][cases][due]") {
    // 2026-12-04 is a Friday; 2026-12-05 (Saturday) and 2026-12-07
    // (Monday, the day in lieu) are holidays; 2026-12-10 (Thursday) too.
    const auto policy = policyFrom(R"({"format": 1, "counting": "working", "weekend": ["sat", "sun"],
        "holidays": ["2026-12-05", "2026-12-07", "2026-12-10"],
        "targets": {"roads-lights": 3, "conduct-corruption": 15}, "reply_days": 15, "due_soon_days": 2})");
    const auto friday = date(2026, 12, 4);

    // Working days after Friday: Tue 8, Wed 9, Fri 11.
    CHECK(formatDate(addDays(policy, friday, 1)) == "2026-12-08");
    CHECK(formatDate(addDays(policy, friday, 3)) == "2026-12-11");
    const auto due = dueFor(policy, "roads-lights", noonMs(friday));
    CHECK(formatDate(officeDate(policy, due.targetMs)) == "2026-12-11");
    CHECK(due.targetMs == endOfDayMs(policy, date(2026, 12, 11)));
    // 15 working days: December 8, 9, 11, 14-18, 21-25, 28, 29.
    CHECK(formatDate(officeDate(policy, due.replyByMs)) == "2026-12-29");
    CHECK(due.dueMs() == due.targetMs);
    // A category without a target gets the default, 15 days.
    CHECK(dueFor(policy, "water", noonMs(friday)).targetMs == due.replyByMs);

    SECTION("a case received late on Friday evening, office time, is still Friday's") {
        const auto lateFriday = noonMs(friday) + 11 * 3'600'000;  // 23:00 in Bangkok, 16:00 UTC
        CHECK(formatDate(officeDate(policy, lateFriday)) == "2026-12-04");
        CHECK(dueFor(policy, "roads-lights", lateFriday).targetMs == due.targetMs);
        CHECK(formatDate(officeDate(policy, lateFriday + 3'600'000)) == "2026-12-05");
    }
    SECTION("on time, due soon, overdue") {
        CHECK(dueStatus(policy, due.targetMs, noonMs(friday)) == DueStatus::OnTime);
        // Tuesday: two working days on is Friday 11, the due day.
        CHECK(dueStatus(policy, due.targetMs, noonMs(date(2026, 12, 8))) == DueStatus::DueSoon);
        CHECK(dueStatus(policy, due.targetMs, due.targetMs) == DueStatus::DueSoon);
        CHECK(dueStatus(policy, due.targetMs, due.targetMs + 1) == DueStatus::Overdue);
    }
}

TEST_CASE("calendar days end on the next working day when the last day is a day off", "[hub][cases][due]") {
    const auto policy = policyFrom(R"({"format": 1, "counting": "calendar", "holidays": ["2026-12-10"],
        "default_target_days": 7})");
    // Thursday 3 + 7 days is Thursday 10, a holiday: Friday 11.
    CHECK(formatDate(addDays(policy, date(2026, 12, 3), 7)) == "2026-12-11");
    // Monday 30 November + 5 is Saturday 5 December: Monday 7.
    CHECK(formatDate(addDays(policy, date(2026, 11, 30), 5)) == "2026-12-07");
    CHECK(formatDate(addDays(policy, date(2026, 12, 1), 7)) == "2026-12-08");
}

TEST_CASE("an office's policy file with a mistake is refused, naming the field", "[hub][cases][due]") {
    struct Bad {
        const char* json;
        const char* says;
    };
    const Bad bad = GENERATE(
        Bad{R"({"format": 2})", "policy.json: format: must be 1"},
        Bad{R"({"format": 1, "counting": "lunar"})", "counting: must be \"working\" or \"calendar\""},
        Bad{R"({"format": 1, "weekend": ["sat", "caturday"]})", "weekend[1]: must be one of sun, mon"},
        Bad{R"({"format": 1, "weekend": ["sun","mon","tue","wed","thu","fri","sat"]})", "leaves no working day"},
        Bad{R"({"format": 1, "holidays": ["2026-02-30"]})", "holidays[0]: must be a date written as YYYY-MM-DD"},
        Bad{R"({"format": 1, "holidays": ["5/12/2026"]})", "holidays[0]: must be a date"},
        Bad{R"({"format": 1, "targets": {"roads-lights": 0}})", "targets: roads-lights"},
        Bad{R"({"format": 1, "targets": {"Roads Lights": 7}})", "is not a category id"},
        Bad{R"({"format": 1, "targets": [7]})", "targets: must map complaint categories to days"},
        Bad{R"({"format": 1, "reply_days": 400})", "reply_days"},
        Bad{R"({"format": 1, "reply_days": null})", "reply_days: must not be null"},
        Bad{R"({"format": 1, "replydays": 15})", "replydays: is not a setting of a case policy"},
        Bad{R"([1, 2])", "policy.json"});
    CAPTURE(bad.json);
    auto policy = parseCasePolicy(bad.json, "policy.json");
    REQUIRE_FALSE(policy.ok());
    CHECK_THAT(policy.error().message, Contains(bad.says));
}

TEST_CASE("without a policy file, an office counts 15 working days with Saturday and Sunday off",
          "[hub][cases][due]") {
    const CasePolicy policy;
    CHECK(policy.counting == DayCounting::Working);
    CHECK(policy.targetFor("anything") == 15);
    // Monday 7 December 2026 + 15 working days (no holidays known): Monday 28.
    CHECK(formatDate(addDays(policy, date(2026, 12, 7), 15)) == "2026-12-28");
}
