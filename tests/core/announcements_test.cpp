#include "core/announcements.hpp"

#include "core/files.hpp"
#include "core/json_fields.hpp"
#include "bad_files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace fangsiang;
using namespace fangsiang::core;

namespace {

Json validAnnouncements() {
    return Json::parse(R"({
      "format": 1,
      "announcements": [
        {"id": "waste-days", "title": {"th": "วันเก็บขยะ", "en": "Waste collection days"},
         "body": {"th": "หมู่ที่ 1–4 วันจันทร์", "en": "Villages 1–4: Mondays"}},
        {"id": "land-tax", "title": {"th": "ชำระภาษีที่ดิน", "en": "Land tax"},
         "body": {"th": "ภายในเดือนเมษายน", "en": "By the end of April"},
         "from": "2026-11-01", "until": "2027-04-30"}
      ]
    })");
}

using test::Says;

// Each kind of bad announcements file, made from the valid one, and what it is told.
const std::vector<test::BadFile<Json>> kBadAnnouncements = {
    {"not JSON", [](Json) { return std::string("{\"format\": 1,"); },
     Says::StartingWith, "announcements.json: not valid JSON"},
    {"no list", [](Json doc) { doc.erase("announcements"); return doc.dump(); },
     Says::StartingWith, "announcements.json: announcements"},
    {"missing title", [](Json doc) { doc["announcements"][1].erase("title"); return doc.dump(); },
     Says::Exactly, "announcements.json: announcements[1] (land-tax): title: is missing"},
    {"missing English body", [](Json doc) { doc["announcements"][0]["body"].erase("en"); return doc.dump(); },
     Says::Exactly, "announcements.json: announcements[0] (waste-days): body: en: is missing"},
    {"a date that does not exist", [](Json doc) { doc["announcements"][1]["until"] = "2027-02-30"; return doc.dump(); },
     Says::StartingWith, "announcements.json: announcements[1] (land-tax): until: \"2027-02-30\" is not a date"},
    {"ending before it starts", [](Json doc) { doc["announcements"][1]["until"] = "2026-10-01"; return doc.dump(); },
     Says::Exactly, "announcements.json: announcements[1] (land-tax): until: is before \"from\""},
    {"the same id twice", [](Json doc) { doc["announcements"][1]["id"] = "waste-days"; return doc.dump(); },
     Says::Containing, "id: \"waste-days\" is used twice"},
    {"a title too long for one screen line",
     [](Json doc) {
         doc["announcements"][0]["title"]["th"] = std::string(kMaxAnnouncementTitle + 1, 'a');
         return doc.dump();
     },
     Says::Exactly, "announcements.json: announcements[0] (waste-days): title: is longer than 120 characters"},
    {"too many",
     [](Json doc) {
         for (std::size_t i = 0; i < kMaxAnnouncements; ++i) {
             auto extra = doc["announcements"][0];
             extra["id"] = "extra-" + std::to_string(i);
             doc["announcements"].push_back(extra);
         }
         return doc.dump();
     },
     Says::Containing, "at most 20"},
};

}  // namespace

TEST_CASE("announcements load, and each shows on its days only", "[announcements]") {
    auto parsed = Announcements::parse(validAnnouncements().dump(), "announcements.json");
    REQUIRE(parsed.ok());
    REQUIRE(parsed->all().size() == 2);
    CHECK(parsed->all()[1].title.en == "Land tax");

    auto ids = [&](Day today) {
        std::vector<std::string> out;
        for (const auto& a : parsed->current(today))
            out.push_back(a.id);
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(ids(Day{2026, 10, 31}) == V{"waste-days"});
    CHECK(ids(Day{2026, 11, 1}) == V{"waste-days", "land-tax"});   // the first day counts
    CHECK(ids(Day{2027, 4, 30}) == V{"waste-days", "land-tax"});   // and the last
    CHECK(ids(Day{2027, 5, 1}) == V{"waste-days"});

    auto empty = Announcements::parse(R"({"format": 1, "announcements": []})", "announcements.json");
    REQUIRE(empty.ok());
    CHECK(empty->current(Day{2027, 1, 1}).empty());
}

TEST_CASE("dates are checked as calendar days", "[announcements]") {
    CHECK(Day::parse("2028-02-29"));
    CHECK_FALSE(Day::parse("2027-02-29"));
    CHECK_FALSE(Day::parse("2027-04-31"));
    CHECK_FALSE(Day::parse("2027-13-01"));
    CHECK_FALSE(Day::parse("27-04-30"));
    CHECK_FALSE(Day::parse("2027/04/30"));
    CHECK_FALSE(Day::parse("2570-04-30"));  // a Buddhist-era year would silently never show
    const Day d = Day::ofInstant(1'795'000'000'000);  // 2026-11-18 in any time zone within ±1 day
    CHECK(d.year == 2026);
    CHECK(d.month == 11);
}

TEST_CASE("each kind of bad announcements file gets an error naming file, entry and field", "[announcements]") {
    test::checkRefused<Announcements>(GENERATE(from_range(kBadAnnouncements)), validAnnouncements(),
                                      "announcements.json");
}

TEST_CASE("the demo office's announcements are valid", "[announcements][assets]") {
    auto bytes = readFile(std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content" / "announcements.json", 1 << 20);
    REQUIRE(bytes.ok());
    auto parsed = Announcements::parse(asText(*bytes), "announcements.json");
    INFO((parsed.ok() ? "" : parsed.error().message));
    REQUIRE(parsed.ok());
    CHECK(parsed->all().size() >= 3);
    CHECK(parsed->current(Day{2026, 12, 1}).size() == parsed->all().size());
}
