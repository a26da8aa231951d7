#include "kiosk/service_search.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;

namespace {

const Catalogue& demoCatalogue() {
    static const Catalogue catalogue =
        Catalogue::load(std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content" / "catalogue.json").value();
    return catalogue;
}

std::vector<std::string> ids(const std::vector<const Service*>& services) {
    std::vector<std::string> out;
    for (const auto* s : services)
        out.push_back(s->id);
    return out;
}

// Matches a list of service ids that holds `id` (which the matcher refers to:
// a temporary lives until the end of the check it is written in).
auto holds(const std::string& id) { return Catch::Matchers::VectorContains(id); }

}  // namespace

TEST_CASE("search words are normalised and split at Thai word boundaries", "[search]") {
    auto breaker = thai::WordBreaker::create();
    REQUIRE(breaker.ok());
    auto words = searchWords("ภาษีที่ดินและสิ่งปลูกสร้าง", *breaker);
    CHECK(std::find(words.begin(), words.end(), "ภาษี") != words.end());
    CHECK(std::find(words.begin(), words.end(), "ที่ดิน") != words.end());
    CHECK(searchWords("Birth REGISTRATION, 2567", *breaker) == std::vector<std::string>{"birth", "registration", "2567"});
    // Sara am typed as nikhahit + sara aa finds the same word.
    CHECK(searchWords("น\u0E49\u0E4D\u0E32", *breaker) == searchWords("น้ำ", *breaker));
}

TEST_CASE("a citizen finds services by Thai or English words and prefixes", "[search]") {
    auto search = ServiceSearch::build(demoCatalogue());
    REQUIRE(search.ok());
    // The ids found for a query that must find something.
    auto found = [&](std::string_view query) {
        auto out = ids(search->find(query));
        REQUIRE_FALSE(out.empty());
        return out;
    };

    SECTION("a Thai word finds the service whose name holds it") {
        CHECK_THAT(found("ภาษี"), holds("land-building-tax") && holds("signboard-tax"));
    }
    SECTION("the beginning of a Thai word") {
        CHECK_THAT(ids(search->find("ภา")), holds("land-building-tax"));
    }
    SECTION("English, in any case") {
        CHECK(found("Birth").front() == "birth-registration");
        CHECK(ids(search->find("birth")) == found("Birth"));
    }
    SECTION("a keyword the citizen uses rather than the official name") {
        CHECK_THAT(ids(search->find("สูติบัตร")), holds("birth-registration"));
    }
    SECTION("several words narrow the results") {
        auto both = found("ภาษี ป้าย");
        CHECK(both.front() == "signboard-tax");
        CHECK_THAT(both, !holds("birth-registration"));
    }
    SECTION("nothing for nothing, and nothing for nonsense") {
        CHECK(search->find("").empty());
        CHECK(search->find("   ").empty());
        CHECK(search->find("zzzzqqq").empty());
    }
}
