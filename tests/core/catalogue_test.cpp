#include "core/catalogue.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace fangsiang;
using namespace fangsiang::core;
using nlohmann::json;

namespace {

json validCatalogue() {
    return json::parse(R"({
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

std::string errorOf(const json& doc) {
    auto result = Catalogue::parse(doc.dump(), "catalogue.json");
    REQUIRE_FALSE(result.ok());
    return result.error().message;
}

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
    SECTION("not JSON") {
        auto result = Catalogue::parse("{\"format\": 1,", "catalogue.json");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("catalogue.json: not valid JSON") == 0);
    }
    SECTION("not UTF-8") {
        auto result = Catalogue::parse("{\"format\": 1, \"x\": \"\xff\"}", "catalogue.json");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().message.find("UTF-8") != std::string::npos);
    }
    SECTION("unknown format") {
        auto doc = validCatalogue();
        doc["format"] = 2;
        CHECK(errorOf(doc).find("catalogue.json: format: must be between 1 and 1") == 0);
    }
    SECTION("missing fee") {
        auto doc = validCatalogue();
        doc["services"][0].erase("fee_baht");
        CHECK(errorOf(doc) ==
              "catalogue.json: services[0] (birth-registration): fee_baht: is missing (write 0 when there is no fee)");
    }
    SECTION("negative fee") {
        auto doc = validCatalogue();
        doc["services"][0]["fee_baht"] = -5;
        CHECK(errorOf(doc).find("fee_baht") != std::string::npos);
    }
    SECTION("missing English") {
        auto doc = validCatalogue();
        doc["services"][0]["name"].erase("en");
        CHECK(errorOf(doc) == "catalogue.json: services[0] (birth-registration): name: en: is missing");
    }
    SECTION("blank Thai") {
        auto doc = validCatalogue();
        doc["services"][0]["unit"]["th"] = "  ";
        CHECK(errorOf(doc) == "catalogue.json: services[0] (birth-registration): unit: th: is blank");
    }
    SECTION("a step with both minutes and days") {
        auto doc = validCatalogue();
        doc["services"][0]["steps"][1]["days"] = 2;
        CHECK(errorOf(doc) == "catalogue.json: services[0] (birth-registration): steps[1]: give either \"minutes\" or "
                              "\"days\" (exactly one)");
    }
    SECTION("no steps") {
        auto doc = validCatalogue();
        doc["services"][0]["steps"] = json::array();
        CHECK(errorOf(doc).find("steps: needs at least one step") != std::string::npos);
    }
    SECTION("a document asked for zero times") {
        auto doc = validCatalogue();
        doc["services"][0]["documents"][0]["originals"] = 0;
        doc["services"][0]["documents"][0]["copies"] = 0;
        CHECK(errorOf(doc).find("documents[0]: asks for neither") != std::string::npos);
    }
    SECTION("an unknown category") {
        auto doc = validCatalogue();
        doc["services"][0]["category"] = "parking";
        CHECK(errorOf(doc).find("category: \"parking\" is not one of the categories") != std::string::npos);
    }
    SECTION("a duplicate service id") {
        auto doc = validCatalogue();
        doc["services"].push_back(doc["services"][0]);
        CHECK(errorOf(doc) == "catalogue.json: services[1] (birth-registration): id: \"birth-registration\" is used twice");
    }
    SECTION("an id of the wrong form") {
        auto doc = validCatalogue();
        doc["services"][0]["id"] = "Birth Registration";
        CHECK(errorOf(doc).find("is not a valid id") != std::string::npos);
    }
    SECTION("an e-service link that is not https") {
        auto doc = validCatalogue();
        doc["services"][0]["eservice_url"] = "http://example.go.th/x";
        CHECK(errorOf(doc).find("eservice_url: must be an https:// address") != std::string::npos);
    }
    SECTION("a wrong type") {
        auto doc = validCatalogue();
        doc["services"][0]["steps"][0]["minutes"] = "ten";
        CHECK(errorOf(doc).find("steps[0]: minutes: must be a whole number") != std::string::npos);
    }
    SECTION("a bad office code") {
        auto doc = validCatalogue();
        doc["office"]["code"] = "12ab";
        CHECK(errorOf(doc) == "catalogue.json: office: code: must be 5 to 10 digits");
    }
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
