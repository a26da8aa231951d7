#include "core/catalogue.hpp"

#include "core/json_fields.hpp"
#include "bad_files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace fangsiang;
using namespace fangsiang::core;

namespace {

Json validCatalogue() {
    return Json::parse(R"({
      "format": 1,
      "office": {"code": "6340105",
                 "name": {"th": "เทศบาลตำบลบ้านสวนดอกไม้", "en": "Ban Suan Dok Mai Subdistrict Municipality"},
                 "hours": {"th": "วันจันทร์–วันศุกร์ 08:30–16:30 น.", "en": "Mon–Fri 08:30–16:30"}},
      "categories": [{"id": "civil-registration", "name": {"th": "งานทะเบียนราษฎร", "en": "Civil registration"}}],
      "services": [{
        "id": "birth-registration", "category": "civil-registration",
        "name": {"th": "การแจ้งเกิด", "en": "Birth registration"},
        "unit": {"th": "งานทะเบียนราษฎร", "en": "Civil Registration Unit"},
        "conditions": [{"th": "แจ้งภายใน 15 วัน", "en": "Report within 15 days"}],
        "steps": [{"text": {"th": "ยื่นคำร้อง", "en": "Submit the request"}, "minutes": 10},
                  {"text": {"th": "ออกสูติบัตร", "en": "Certificate issued"}, "minutes": 50},
                  {"text": {"th": "ตรวจสอบ", "en": "Check"}, "days": 1}],
        "documents": [{"name": {"th": "บัตรประจำตัวประชาชน", "en": "National ID card"}, "originals": 1, "copies": 1}],
        "fee_baht": 0,
        "where": {"th": "ช่องบริการที่ 1", "en": "Counter 1"},
        "hours": {"th": "เวลาราชการ", "en": "Office hours"},
        "complaint_channel": {"th": "โทร 055-123456", "en": "Call 055-123456"},
        "keywords": {"th": ["สูติบัตร"], "en": ["birth certificate"]}
      }]
    })");
}

using test::Says;

// Each kind of bad catalogue, made from the valid one, and what it is told.
const std::vector<test::BadFile<Json>> kBadCatalogues = {
    {"not JSON", [](Json) { return std::string("{\"format\": 1,"); },
     Says::StartingWith, "catalogue.json: not valid JSON"},
    {"not UTF-8", [](Json) { return std::string("{\"format\": 1, \"x\": \"\xff\"}"); },
     Says::Containing, "UTF-8"},
    {"unknown format", [](Json doc) { doc["format"] = 2; return doc.dump(); },
     Says::StartingWith, "catalogue.json: format: must be between 1 and 1"},
    {"missing fee", [](Json doc) { doc["services"][0].erase("fee_baht"); return doc.dump(); },
     Says::Exactly, "catalogue.json: services[0] (birth-registration): fee_baht: is missing (write 0 when there is no fee)"},
    {"negative fee", [](Json doc) { doc["services"][0]["fee_baht"] = -5; return doc.dump(); },
     Says::Containing, "fee_baht"},
    {"missing English", [](Json doc) { doc["services"][0]["name"].erase("en"); return doc.dump(); },
     Says::Exactly, "catalogue.json: services[0] (birth-registration): name: en: is missing"},
    {"blank Thai", [](Json doc) { doc["services"][0]["unit"]["th"] = "  "; return doc.dump(); },
     Says::Exactly, "catalogue.json: services[0] (birth-registration): unit: th: is blank"},
    {"a step with both minutes and days", [](Json doc) { doc["services"][0]["steps"][1]["days"] = 2; return doc.dump(); },
     Says::Exactly, "catalogue.json: services[0] (birth-registration): steps[1]: give either \"minutes\" or \"days\" "
                    "(exactly one)"},
    {"no steps", [](Json doc) { doc["services"][0]["steps"] = Json::array(); return doc.dump(); },
     Says::Containing, "steps: needs at least one step"},
    {"a document asked for zero times",
     [](Json doc) {
         doc["services"][0]["documents"][0]["originals"] = 0;
         doc["services"][0]["documents"][0]["copies"] = 0;
         return doc.dump();
     },
     Says::Containing, "documents[0]: asks for neither"},
    {"an unknown category", [](Json doc) { doc["services"][0]["category"] = "parking"; return doc.dump(); },
     Says::Containing, "category: \"parking\" is not one of the categories"},
    {"a duplicate service id", [](Json doc) { doc["services"].push_back(doc["services"][0]); return doc.dump(); },
     Says::Exactly, "catalogue.json: services[1] (birth-registration): id: \"birth-registration\" is used twice"},
    {"an id of the wrong form", [](Json doc) { doc["services"][0]["id"] = "Birth Registration"; return doc.dump(); },
     Says::Containing, "is not a valid id"},
    {"an e-service link that is not https",
     [](Json doc) { doc["services"][0]["eservice_url"] = "http://example.go.th/x"; return doc.dump(); },
     Says::Containing, "eservice_url: must be an https:// address"},
    {"a wrong type", [](Json doc) { doc["services"][0]["steps"][0]["minutes"] = "ten"; return doc.dump(); },
     Says::Containing, "steps[0]: minutes: must be a whole number"},
    {"a bad office code", [](Json doc) { doc["office"]["code"] = "12ab"; return doc.dump(); },
     Says::Exactly, "catalogue.json: office: code: must be 5 to 10 digits"},
};

}  // namespace

TEST_CASE("a valid catalogue loads with every citizen-manual field", "[catalogue]") {
    auto catalogue = Catalogue::parse(validCatalogue().dump(), "catalogue.json");
    INFO((catalogue.ok() ? "" : catalogue.error().message));
    REQUIRE(catalogue.ok());
    REQUIRE(catalogue->services().size() == 1);
    const Service& s = catalogue->services()[0];
    CHECK(s.name.in(Language::Thai) == "การแจ้งเกิด");
    CHECK(s.name.in(Language::English) == "Birth registration");
    CHECK(s.totalMinutes() == 60);
    CHECK(s.totalDays() == 1);
    CHECK(formatDuration(s.totalDays(), s.totalMinutes(), Language::Thai) == "1 วันทำการ 1 ชั่วโมง");
    CHECK(formatDuration(0, 70, Language::English) == "1 hour 10 minutes");
    CHECK(s.documents[0].originals == 1);
    CHECK(catalogue->findService("birth-registration") == &s);
    CHECK(catalogue->servicesIn("civil-registration").size() == 1);

    SECTION("a free service says so, never a blank") {
        CHECK(formatFee(s, Language::Thai) == "ไม่มีค่าธรรมเนียม");
        CHECK(formatFee(s, Language::English) == "No fee");
    }
    SECTION("a fee is shown in baht") {
        auto doc = validCatalogue();
        doc["services"][0]["fee_baht"] = 50;
        auto priced = Catalogue::parse(doc.dump(), "catalogue.json");
        REQUIRE(priced.ok());
        CHECK(formatFee(priced->services()[0], Language::Thai) == "50 บาท");
    }
}

TEST_CASE("each kind of bad catalogue gets an error naming file, entry and field", "[catalogue]") {
    test::checkRefused<Catalogue>(GENERATE(from_range(kBadCatalogues)), validCatalogue(), "catalogue.json");
}

TEST_CASE("the demo office's catalogue is valid and complete", "[catalogue][assets]") {
    auto catalogue = Catalogue::load(std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content" / "catalogue.json");
    INFO((catalogue.ok() ? "" : catalogue.error().message));
    REQUIRE(catalogue.ok());
    CHECK(catalogue->services().size() >= 20);
    CHECK(catalogue->categories().size() >= 6);
    for (const auto& category : catalogue->categories())
        CHECK_FALSE(catalogue->servicesIn(category.id).empty());
    for (const auto& service : catalogue->services()) {
        CHECK_FALSE(formatFee(service, Language::Thai).empty());
        CHECK_FALSE(service.steps.empty());
    }
}
