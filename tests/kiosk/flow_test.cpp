#include "kiosk/flow.hpp"

#include "kiosk/hub_pins.hpp"
#include "kiosk/store_backend.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;
using namespace fangsiang::test;

namespace {

const char* kCatalogue = R"({
  "format": 1,
  "office": {"code": "6340105", "name": {"th": "เทศบาลตำบลบ้านสวนดอกไม้", "en": "Ban Suan Dok Mai"},
             "hours": {"th": "จันทร์–ศุกร์", "en": "Mon–Fri"}},
  "categories": [{"id": "tax", "name": {"th": "ภาษี", "en": "Tax"}}],
  "services": [
    {"id": "land-tax", "category": "tax", "name": {"th": "ภาษีที่ดินและสิ่งปลูกสร้าง", "en": "Land and building tax"},
     "unit": {"th": "กองคลัง", "en": "Finance Division"}, "steps": [{"text": {"th": "ชำระภาษี", "en": "Pay"}, "minutes": 15}],
     "documents": [{"name": {"th": "หนังสือแจ้งประเมิน", "en": "Assessment notice"}, "originals": 1, "copies": 0}],
     "fee_baht": 0, "where": {"th": "กองคลัง", "en": "Finance"}, "hours": {"th": "เวลาราชการ", "en": "Office hours"},
     "complaint_channel": {"th": "โทร 055-123456", "en": "Call 055-123456"}},
    {"id": "sign-tax", "category": "tax", "name": {"th": "ภาษีป้าย", "en": "Signboard tax"},
     "unit": {"th": "กองคลัง", "en": "Finance Division"}, "steps": [{"text": {"th": "ยื่นแบบ", "en": "File"}, "minutes": 20}],
     "documents": [], "fee_baht": 0, "where": {"th": "กองคลัง", "en": "Finance"},
     "hours": {"th": "เวลาราชการ", "en": "Office hours"}, "complaint_channel": {"th": "โทร 055-123456", "en": "Call"}}
  ]
})";

const char* kSurvey = R"({
  "format": 1, "id": "standard-satisfaction", "version": 1,
  "title": {"th": "แบบประเมินความพึงพอใจ", "en": "Satisfaction survey"},
  "questions": [
    {"id": "service", "type": "single_choice", "required": true, "options_from": "services",
     "label": {"th": "ท่านมาใช้บริการใด", "en": "Which service?"}},
    {"id": "overall", "type": "rating", "required": true, "label": {"th": "โดยรวม", "en": "Overall"}},
    {"id": "improve", "type": "text", "show_if": {"question": "overall", "in": [1, 2]},
     "label": {"th": "สิ่งที่ควรปรับปรุง", "en": "What to improve"}}
  ]
})";

SurveyDefinition standardSurvey(const Catalogue& catalogue) {
    auto def = SurveyDefinition::parse(kSurvey, "survey.json").value();
    if (!def.resolveOptions(catalogue).ok())
        throw std::runtime_error("the test survey does not resolve");
    return def;
}

// A kiosk over a real store in a temporary folder, enrolled as device 3.
struct Kiosk {
    TempDir dir;
    DeviceIdentity identity = seededIdentity(5);
    BoxKeyPair hub = randomBoxKeyPair();
    Catalogue catalogue = Catalogue::parse(kCatalogue, "catalogue.json").value();
    ServiceSearch search = ServiceSearch::build(catalogue).value();
    SurveyDefinition survey = standardSurvey(catalogue);
    Store store = Store::open(dir / "records.db").value();
    std::int64_t now = kTestTimeMs;
    StoreBackend backend{store, identity, pins(), [this] { return now; }};
    IdlePolicy idle{60'000, 10'000};
    KioskFlow flow{catalogue, search, survey, backend, idle, DisplaySettings{}, now};

    HubPins pins() const {
        HubPins p;
        p.hubBoxKey = hub.publicKey;
        p.officeCode = "6340105";
        p.deviceNumber = 3;
        return p;
    }
    std::int64_t later(std::int64_t ms = 1000) { return now += ms; }
};

void fillComplaint(Kiosk& k, bool contact) {
    k.flow.start(k.later());
    k.flow.openComplaint(k.later());
    k.flow.chooseComplaintCategory(ComplaintCategory::Water, k.later());
    k.flow.setDescription("น้ำประปาไม่ไหลสามวันแล้ว", k.later());
    k.flow.next(k.later());
    k.flow.setVillage("4", k.later());
    k.flow.setLandmark("ข้างศาลาหมู่บ้าน", k.later());
    k.flow.next(k.later());
    k.flow.chooseContact(contact, k.later());
    if (contact) {
        k.flow.setName("สมศรี มีสุข", k.later());
        k.flow.setPhone("081-234-5678", k.later());
        k.flow.next(k.later());
    }
    REQUIRE(k.flow.screen() == Screen::ComplaintReview);
}

}  // namespace

TEST_CASE("a complaint goes through every step to a signed record and a receipt", "[flow][complaint]") {
    Kiosk k;
    CHECK(k.flow.screen() == Screen::Welcome);
    k.flow.start(k.later());
    CHECK(k.flow.screen() == Screen::Home);
    k.flow.openComplaint(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintCategory);
    CHECK(k.flow.step().current == 1);
    CHECK(k.flow.step().total == 6);

    SECTION("with contact details, sealed") {
        fillComplaint(k, true);
        CHECK(k.flow.step().current == 6);
        k.flow.submitComplaint(k.later());
        REQUIRE(k.flow.screen() == Screen::ComplaintReceipt);
        const auto& receipt = *k.flow.receipt();
        CHECK(receipt.ticket.text() == Ticket{"6340105", 3, 1}.text());
        CHECK(receipt.withContact);
        CHECK(k.flow.complaint().phone.empty());  // not left on screen

        auto record = k.store.get(1);
        REQUIRE(record.ok());
        REQUIRE(record->has_value());
        const Record& r = **record;
        CHECK(r.kind() == RecordKind::Complaint);
        auto payload = nlohmann::json::parse(r.payload());
        CHECK(payload["category"] == "water");
        CHECK(payload["text"] == "น้ำประปาไม่ไหลสามวันแล้ว");
        CHECK(payload["village"] == "4");
        CHECK(payload["anonymous"] == false);
        CHECK(std::string(r.payload()).find("0812345678") == std::string::npos);
        auto contact = openSealed(r.sealedPersonalData(), k.hub);
        REQUIRE(contact.ok());
        auto opened = nlohmann::json::parse(std::string(contact->begin(), contact->end()));
        CHECK(opened["phone"] == "0812345678");  // normalised
        CHECK(opened["name"] == "สมศรี มีสุข");
        CHECK(receipt.checkCode == receiptCheckCode(r));
    }
    SECTION("anonymous: no personal data at all, one step fewer") {
        fillComplaint(k, false);
        CHECK(k.flow.step().total == 5);
        k.flow.submitComplaint(k.later());
        REQUIRE(k.flow.screen() == Screen::ComplaintReceipt);
        auto record = k.store.get(1);
        REQUIRE(record->has_value());
        CHECK_FALSE((*record)->hasPersonalData());
        CHECK(nlohmann::json::parse((*record)->payload())["anonymous"] == true);
    }
    SECTION("submitted once, however often the button is pressed") {
        fillComplaint(k, false);
        k.flow.submitComplaint(k.later());
        k.flow.submitComplaint(k.later());
        k.flow.submitComplaint(k.later());
        CHECK(k.store.counts()->records == 1);
    }
}

TEST_CASE("each complaint step refuses to go on without what it needs", "[flow][complaint]") {
    Kiosk k;
    k.flow.start(k.later());
    k.flow.openComplaint(k.later());
    k.flow.next(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintCategory);
    REQUIRE(k.flow.notice());
    CHECK(k.flow.notice()->th.find("เลือกประเภท") != std::string::npos);

    k.flow.chooseComplaintCategory(ComplaintCategory::Waste, k.later());
    CHECK_FALSE(k.flow.notice());
    k.flow.setDescription("   ", k.later());
    k.flow.next(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintDescribe);
    CHECK(k.flow.notice());
    k.flow.setDescription(std::string(2001, 'a'), k.later());
    CHECK(k.flow.notice());
    k.flow.setDescription(std::string(2000, 'a'), k.later());
    CHECK_FALSE(k.flow.notice());
    k.flow.next(k.later());
    k.flow.setVillage("สี่", k.later());
    CHECK(k.flow.notice());
    CHECK(k.flow.complaint().village.empty());
    k.flow.next(k.later());
    k.flow.chooseContact(true, k.later());
    k.flow.next(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintContact);  // neither name nor phone
    k.flow.setPhone("02-123-4567", k.later());           // a landline is not a mobile
    k.flow.next(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintContact);
    CHECK(k.flow.notice()->en.find("mobile") != std::string::npos);
    k.flow.setPhone("+66 91 234 5678", k.later());
    k.flow.next(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintReview);
    CHECK(k.flow.complaint().phone == "0912345678");
}

TEST_CASE("every screen has a way back", "[flow]") {
    Kiosk k;
    fillComplaint(k, true);
    const Screen expected[] = {Screen::ComplaintContact, Screen::ComplaintPrivacy, Screen::ComplaintPlace,
                               Screen::ComplaintDescribe, Screen::ComplaintCategory, Screen::Home, Screen::Welcome};
    for (Screen screen : expected) {
        k.flow.back(k.later());
        CHECK(std::string(screenName(k.flow.screen())) == screenName(screen));
    }
    SECTION("going back keeps what was typed within the flow; leaving it drops everything") {
        Kiosk k2;
        fillComplaint(k2, true);
        k2.flow.back(k2.later());
        k2.flow.back(k2.later());
        CHECK(k2.flow.complaint().name == "สมศรี มีสุข");
        k2.flow.goHome(k2.later());
        CHECK(k2.flow.complaint().name.empty());
        CHECK(k2.flow.complaint().description.empty());
    }
    SECTION("services") {
        Kiosk k3;
        k3.flow.start(k3.later());
        k3.flow.openServices(k3.later());
        k3.flow.chooseCategory("tax", k3.later());
        CHECK(k3.flow.screen() == Screen::ServiceList);
        k3.flow.chooseService("land-tax", k3.later());
        REQUIRE(k3.flow.screen() == Screen::ServiceDetail);
        CHECK(k3.flow.selectedService()->id == "land-tax");
        k3.flow.back(k3.later());
        CHECK(k3.flow.screen() == Screen::ServiceList);
        k3.flow.back(k3.later());
        CHECK(k3.flow.screen() == Screen::ServiceCategories);
        k3.flow.back(k3.later());
        CHECK(k3.flow.screen() == Screen::Home);
    }
    SECTION("search, and back to the results") {
        Kiosk k4;
        k4.flow.start(k4.later());
        k4.flow.openServices(k4.later());
        k4.flow.openSearch(k4.later());
        REQUIRE(k4.flow.screen() == Screen::ServiceSearch);
        k4.flow.setSearchQuery("ภาษี", k4.later());
        REQUIRE(k4.flow.searchResults().size() == 2);
        CHECK(k4.flow.searchResults().front()->id == "land-tax");
        k4.flow.setSearchQuery("ภาษีป้าย", k4.later());
        REQUIRE_FALSE(k4.flow.searchResults().empty());
        CHECK(k4.flow.searchResults().front()->id == "sign-tax");
        k4.flow.chooseService("sign-tax", k4.later());
        CHECK(k4.flow.screen() == Screen::ServiceDetail);
        k4.flow.back(k4.later());
        CHECK(k4.flow.screen() == Screen::ServiceSearch);
        CHECK(k4.flow.searchQuery() == "ภาษีป้าย");
        k4.flow.back(k4.later());
        CHECK(k4.flow.screen() == Screen::ServiceCategories);
        CHECK(k4.flow.searchQuery().empty());
    }
}

TEST_CASE("a kiosk whose store takes no records says so politely and stays on Home", "[flow][loss]") {
    using Catch::Matchers::Contains;
    Kiosk k;
    SECTION("when a citizen opens a flow that makes a record") {
        // The folder is enrolled, and the store in it does not know where
        // the chain stands (kiosk/store.hpp): it takes no records.
        REQUIRE(saveHubPins(k.dir.path(), k.pins()).ok());
        k.flow.start(k.later());
        k.flow.openComplaint(k.later());
        CHECK(k.flow.screen() == Screen::Home);
        REQUIRE(k.flow.notice());
        CHECK_THAT(k.flow.notice()->en, Contains("Please ask the staff at the counter"));
        CHECK_THAT(k.flow.notice()->th, Contains("เจ้าหน้าที่ที่เคาน์เตอร์"));
        k.flow.openSurvey(k.later());
        CHECK(k.flow.screen() == Screen::Home);
        REQUIRE(k.flow.notice());
        CHECK_THAT(k.flow.notice()->en, Contains("survey"));
        // What needs no record still works.
        k.flow.openTicketCheck(k.later());
        CHECK(k.flow.screen() == Screen::TicketEntry);
        k.flow.goHome(k.later());
        k.flow.openServices(k.later());
        CHECK(k.flow.screen() == Screen::ServiceCategories);
    }
    SECTION("when the store stops taking records while a citizen types") {
        fillComplaint(k, true);
        REQUIRE(saveHubPins(k.dir.path(), k.pins()).ok());
        k.flow.submitComplaint(k.later());
        CHECK(k.flow.screen() == Screen::Home);
        REQUIRE(k.flow.notice());
        CHECK_THAT(k.flow.notice()->en, Contains("cannot take a complaint"));
        CHECK(k.flow.complaint().name.empty());  // nothing typed is kept
        CHECK_FALSE(k.flow.receipt());
    }
    CHECK(k.store.counts()->records == 0);
}

TEST_CASE("the idle reset warns, then drops everything typed", "[flow][idle]") {
    Kiosk k;
    fillComplaint(k, true);
    k.flow.setLanguage(Language::English, k.later());
    k.flow.toggleLargeText(k.later());

    k.flow.tick(k.later(59'000));
    CHECK_FALSE(k.flow.idleCountdown(k.now));
    k.flow.tick(k.later(2'000));  // 61 s without a touch
    REQUIRE(k.flow.idleCountdown(k.now));
    CHECK(*k.flow.idleCountdown(k.now) == 9);
    CHECK(k.flow.screen() == Screen::ComplaintReview);

    SECTION("a touch during the countdown keeps the citizen's work") {
        k.flow.keepAlive(k.later());
        CHECK_FALSE(k.flow.idleCountdown(k.now));
        k.flow.tick(k.later(30'000));
        CHECK(k.flow.screen() == Screen::ComplaintReview);
        CHECK(k.flow.complaint().name == "สมศรี มีสุข");
    }
    SECTION("no touch: back to Welcome, nothing survives") {
        k.flow.tick(k.later(9'000));
        CHECK(k.flow.screen() == Screen::Welcome);
        CHECK(k.flow.complaint().description.empty());
        CHECK(k.flow.complaint().name.empty());
        CHECK(k.flow.complaint().phone.empty());
        CHECK(k.flow.complaint().landmark.empty());
        CHECK_FALSE(k.flow.complaint().category);
        CHECK(k.flow.display() == DisplaySettings{});  // the next citizen starts in Thai
        CHECK(k.store.counts()->records == 0);           // nothing was submitted on their behalf
        k.flow.start(k.later());
        k.flow.openComplaint(k.later());
        CHECK(k.flow.complaint().description.empty());
    }
    SECTION("the frame loop knows when to wake") {
        // 61 s idle: the countdown started a second ago and ticks each second.
        CHECK(k.flow.nextDeadline(k.now) == k.now + 1000);
        k.flow.keepAlive(k.now);
        CHECK(k.flow.nextDeadline(k.now) == k.now + 60'000);
    }
}

TEST_CASE("idle reset also clears survey answers, ticket input and searches", "[flow][idle]") {
    Kiosk k;
    k.flow.start(k.later());
    k.flow.openSurvey(k.later());
    k.flow.answer(std::string("land-tax"), k.later());
    k.flow.tick(k.later(80'000));
    CHECK(k.flow.screen() == Screen::Welcome);
    k.flow.start(k.later());
    k.flow.openSurvey(k.later());
    CHECK(std::holds_alternative<std::monostate>(k.flow.survey().answerTo("service")));

    k.flow.goHome(k.later());
    k.flow.openTicketCheck(k.later());
    k.flow.setTicketText("3-1-", k.later());
    k.flow.tick(k.later(80'000));
    k.flow.start(k.later());
    k.flow.openTicketCheck(k.later());
    CHECK(k.flow.ticketText().empty());

    k.flow.goHome(k.later());
    k.flow.openServices(k.later());
    k.flow.openSearch(k.later());
    k.flow.setSearchQuery("ภาษี", k.later());
    k.flow.tick(k.later(80'000));
    CHECK(k.flow.searchQuery().empty());
    CHECK(k.flow.searchResults().empty());
}

TEST_CASE("a survey is answered step by step and accepted once", "[flow][survey]") {
    Kiosk k;
    k.flow.start(k.later());
    k.flow.openSurvey(k.later());
    REQUIRE(k.flow.screen() == Screen::SurveyQuestion);
    CHECK(k.flow.currentQuestion()->id == "service");
    CHECK(k.flow.step().current == 1);
    CHECK(k.flow.step().total == 2);  // "improve" shows only for a low rating

    k.flow.next(k.later());
    CHECK(k.flow.notice());  // required
    k.flow.answer(std::string("land-tax"), k.later());
    k.flow.next(k.later());
    CHECK(k.flow.currentQuestion()->id == "overall");
    k.flow.answer(std::int64_t{2}, k.later());
    CHECK(k.flow.step().total == 3);
    k.flow.next(k.later());
    CHECK(k.flow.currentQuestion()->id == "improve");
    k.flow.back(k.later());
    k.flow.answer(std::int64_t{5}, k.later());
    k.flow.next(k.later());  // the last shown question: submits
    REQUIRE(k.flow.screen() == Screen::SurveyThanks);

    // An impatient hand on the thank-you screen adds nothing.
    k.flow.submitSurvey(k.later());
    k.flow.next(k.later());
    k.flow.answer(std::int64_t{1}, k.later());
    CHECK(k.store.counts()->records == 1);
    auto record = k.store.get(1);
    REQUIRE(record->has_value());
    auto payload = nlohmann::json::parse((*record)->payload());
    CHECK(payload["survey"] == "standard-satisfaction");
    CHECK(payload["answers"]["overall"] == 5);
    CHECK_FALSE(payload["answers"].contains("improve"));

    SECTION("done ends the visit") {
        k.flow.finish(k.later());
        CHECK(k.flow.screen() == Screen::Welcome);
        CHECK(std::holds_alternative<std::monostate>(k.flow.survey().answerTo("overall")));
    }
    SECTION("the thank-you screen returns to Welcome by itself") {
        k.flow.tick(k.later(kFinishedScreenMs));
        CHECK(k.flow.screen() == Screen::Welcome);
    }
}

TEST_CASE("a ticket lookup shows what the kiosk honestly knows", "[flow][ticket]") {
    Kiosk k;
    fillComplaint(k, false);
    k.flow.submitComplaint(k.later());
    const Ticket ticket = k.flow.receipt()->ticket;
    k.flow.goHome(k.later());

    k.flow.openTicketCheck(k.later());
    k.flow.setTicketText(ticket.localText(), k.later());
    k.flow.lookUpTicket(k.later());
    REQUIRE(k.flow.screen() == Screen::TicketResult);
    CHECK(k.flow.ticketResult()->state == TicketState::SavedOnKiosk);

    SECTION("after the hub acknowledged it") {
        REQUIRE(k.store.markAcknowledged(1, k.later()).ok());
        k.flow.back(k.later());
        k.flow.lookUpTicket(k.later());
        CHECK(k.flow.ticketResult()->state == TicketState::ReceivedByOffice);
    }
    SECTION("a mistyped number is refused with a hint") {
        k.flow.back(k.later());
        std::string typo = ticket.localText();
        typo[0] = typo[0] == '9' ? '8' : static_cast<char>(typo[0] + 1);
        k.flow.setTicketText(typo, k.later());
        k.flow.lookUpTicket(k.later());
        CHECK(k.flow.screen() == Screen::TicketEntry);
        CHECK(k.flow.notice());
    }
    SECTION("a ticket of another kiosk is unknown here, not invented") {
        k.flow.back(k.later());
        k.flow.setTicketText(Ticket{"6340105", 7, 1}.localText(), k.later());
        k.flow.lookUpTicket(k.later());
        CHECK(k.flow.ticketResult()->state == TicketState::Unknown);
    }
    SECTION("letters cannot be typed") {
        k.flow.back(k.later());
        k.flow.setTicketText("abc", k.later());
        CHECK(k.flow.notice());
    }
}

TEST_CASE("language and display settings are one touch from any screen", "[flow]") {
    Kiosk k;
    fillComplaint(k, false);
    k.flow.setLanguage(Language::English, k.later());
    k.flow.toggleHighContrast(k.later());
    CHECK(k.flow.screen() == Screen::ComplaintReview);
    CHECK(k.flow.display().language == Language::English);
    CHECK(k.flow.display().highContrast);
    CHECK(complaintCategoryLabel(ComplaintCategory::Water).in(Language::English) == "Water supply");
}

TEST_CASE("display switches on Welcome return to the office's defaults when nobody follows", "[flow][idle]") {
    Kiosk k;
    REQUIRE(k.flow.screen() == Screen::Welcome);
    k.flow.setLanguage(Language::English, k.later());
    k.flow.toggleLargeText(k.later());
    CHECK(k.flow.display().language == Language::English);
    const std::int64_t deadline = k.flow.nextDeadline(k.now);
    CHECK(deadline == k.now + k.idle.timeoutMs);

    // A citizen who switched and then started keeps the choice.
    k.flow.start(k.later());
    CHECK(k.flow.display().language == Language::English);
    k.flow.finish(k.later());
    CHECK(k.flow.display() == DisplaySettings{});

    // One who switched and walked away: the next finds Thai again.
    k.flow.setLanguage(Language::English, k.later());
    k.flow.tick(k.later(k.idle.timeoutMs - 1'000));
    CHECK(k.flow.display().language == Language::English);
    k.flow.tick(k.later(1'000));
    CHECK(k.flow.display() == DisplaySettings{});
    CHECK(k.flow.nextDeadline(k.now) == INT64_MAX);
}

TEST_CASE("new content takes effect only on the Welcome screen", "[flow][content]") {
    Kiosk k;
    std::string edited = kCatalogue;
    edited.replace(edited.find("ภาษีป้าย"), std::string("ภาษีป้าย").size(), "ภาษีป้ายโฆษณา");
    const Catalogue catalogue = Catalogue::parse(edited, "catalogue.json").value();
    const ServiceSearch search = ServiceSearch::build(catalogue).value();
    const SurveyDefinition survey = standardSurvey(catalogue);

    // Mid-complaint: refused, and nothing the citizen typed is touched.
    fillComplaint(k, false);
    CHECK_FALSE(k.flow.replaceContent(catalogue, search, survey));
    CHECK(k.flow.screen() == Screen::ComplaintReview);
    CHECK(k.flow.complaint().description == "น้ำประปาไม่ไหลสามวันแล้ว");
    CHECK(&k.flow.catalogue() == &k.catalogue);

    k.flow.finish(k.later());
    REQUIRE(k.flow.replaceContent(catalogue, search, survey));
    CHECK(&k.flow.catalogue() == &catalogue);
    k.flow.start(k.later());
    k.flow.openServices(k.later());
    k.flow.openSearch(k.later());
    k.flow.setSearchQuery("โฆษณา", k.later());
    REQUIRE(k.flow.searchResults().size() == 1);
    CHECK(k.flow.searchResults().front()->name.th == "ภาษีป้ายโฆษณา");
}

TEST_CASE("a survey at the kiosk obeys its constraints and combined conditions", "[flow][survey][conditions]") {
    Kiosk k;
    auto where = SurveyDefinition::parse(R"({
      "format": 1, "id": "where-bought", "version": 1, "title": {"th": "ซื้อที่ไหน", "en": "Where bought"},
      "questions": [
        {"id": "age", "type": "number", "min": 0, "max": 120, "required": true,
         "constraint": {"at_least": 18},
         "constraint_message": {"th": "ผู้ตอบต้องอายุ 18 ปีขึ้นไป", "en": "Respondents must be 18 or over"},
         "label": {"th": "อายุ", "en": "Age"}},
        {"id": "bought_at", "type": "single_choice", "required": true, "label": {"th": "ซื้อที่ใด", "en": "Bought where"},
         "options": [{"id": "online", "label": {"th": "ออนไลน์", "en": "Online"}},
                     {"id": "shop", "label": {"th": "ร้านค้า", "en": "Shop"}},
                     {"id": "fair", "label": {"th": "งานแสดงสินค้า", "en": "Fair"}}]},
        {"id": "delivery", "type": "rating", "required": true,
         "show_if": {"all": [{"question": "bought_at", "equals": "online"}, {"question": "age", "less_than": 60}]},
         "label": {"th": "การจัดส่ง", "en": "Delivery"}},
        {"id": "fair_name", "type": "text",
         "show_if": {"not": {"question": "bought_at", "in": ["online", "shop"]}},
         "label": {"th": "ชื่องาน", "en": "Which fair"}}
      ]
    })", "where-bought.json");
    REQUIRE(where.ok());
    REQUIRE(k.flow.replaceContent(k.catalogue, k.search, *where));
    k.flow.start(k.later());
    k.flow.openSurvey(k.later());
    REQUIRE(k.flow.currentQuestion()->id == "age");

    k.flow.answer(std::int64_t{16}, k.later());
    REQUIRE(k.flow.notice());
    CHECK(k.flow.notice()->th == "ผู้ตอบต้องอายุ 18 ปีขึ้นไป");  // the survey's own words
    k.flow.next(k.later());
    CHECK(k.flow.currentQuestion()->id == "age");  // no answer kept: still here
    k.flow.answer(std::int64_t{140}, k.later());
    CHECK(k.flow.notice()->en == "That answer cannot be used");  // outside the range, not the constraint
    k.flow.answer(std::int64_t{35}, k.later());
    CHECK_FALSE(k.flow.notice());
    k.flow.next(k.later());
    REQUIRE(k.flow.currentQuestion()->id == "bought_at");

    SECTION("online and under 60: the delivery question, then the end") {
        k.flow.answer(std::string("online"), k.later());
        CHECK(k.flow.step().total == 3);
        k.flow.next(k.later());
        REQUIRE(k.flow.currentQuestion()->id == "delivery");
        k.flow.next(k.later());
        CHECK(k.flow.notice());  // required
        k.flow.answer(std::int64_t{4}, k.later());
        k.flow.next(k.later());
        REQUIRE(k.flow.screen() == Screen::SurveyThanks);
        auto payload = nlohmann::json::parse((*k.store.get(1))->payload());
        CHECK(payload["answers"] == nlohmann::json({{"age", 35}, {"bought_at", "online"}, {"delivery", 4}}));
    }
    SECTION("at a fair: not(in online, shop) asks which fair") {
        k.flow.answer(std::string("fair"), k.later());
        k.flow.next(k.later());
        REQUIRE(k.flow.currentQuestion()->id == "fair_name");
        k.flow.answer(std::string("งานกาชาด"), k.later());
        k.flow.next(k.later());
        REQUIRE(k.flow.screen() == Screen::SurveyThanks);
        auto payload = nlohmann::json::parse((*k.store.get(1))->payload());
        CHECK(payload["answers"]["fair_name"] == "งานกาชาด");
        CHECK_FALSE(payload["answers"].contains("delivery"));
    }
}

TEST_CASE("a note at the kiosk is passed with next, and a decimal keeps its digits", "[flow][survey]") {
    Kiosk k;
    auto survey = SurveyDefinition::parse(R"json({
      "format": 1, "id": "price", "version": 1, "title": {"th": "ราคา", "en": "Price"},
      "questions": [
        {"id": "intro", "type": "note", "label": {"th": "คำถามสั้น ๆ สองข้อ", "en": "Two short questions"}},
        {"id": "kilos", "type": "decimal", "min": 0, "max": 100, "decimals": 1, "required": true,
         "constraint": {"greater_than": 0},
         "constraint_message": {"th": "ต้องมากกว่าศูนย์", "en": "More than nothing, please"},
         "label": {"th": "น้ำหนัก (กก.)", "en": "Weight (kg)"}}
      ]
    })json", "price.json");
    REQUIRE(survey.ok());
    REQUIRE(k.flow.replaceContent(k.catalogue, k.search, *survey));
    k.flow.start(k.later());
    k.flow.openSurvey(k.later());
    REQUIRE(k.flow.currentQuestion()->id == "intro");
    k.flow.next(k.later());
    CHECK_FALSE(k.flow.notice());
    REQUIRE(k.flow.currentQuestion()->id == "kilos");
    k.flow.answer(0.0, k.later());
    CHECK(k.flow.notice()->en == "More than nothing, please");
    k.flow.answer(2.55, k.later());
    CHECK(k.flow.notice()->en == "That answer cannot be used");  // two digits after the point
    k.flow.answer(2.5, k.later());
    k.flow.next(k.later());
    REQUIRE(k.flow.screen() == Screen::SurveyThanks);
    auto payload = nlohmann::json::parse((*k.store.get(1))->payload());
    CHECK(payload["answers"] == nlohmann::json({{"kilos", 2.5}}));
}
