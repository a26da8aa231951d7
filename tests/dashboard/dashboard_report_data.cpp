// Fills a hub folder with what the report pages' browser tests read: survey
// responses and complaints of several offices, as each office's own kiosk
// would have sent them (a seeded device per office, enrolled for it, pushing
// signed records through the hub's ingest). Run before `fangsiang-hub serve`:
//
//   HUB_DIR=... REPORT_DATA=data.json dashboard_report_data
//
// data.json: [{"office": "6340105", "daysAgo": 3, "hour": 10,
//              "survey": {...payload...}}                         a survey response
//             {"office": "6340105", "daysAgo": 40, "category": "roads-lights",
//              "text": "...", "village": "...", "landmark": "...",
//              "contact": {"name": ..., "phone": ...}}, ...]       a complaint
// Each office must exist (fangsiang-hub office set) before.

#include "hub_test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>

using namespace fangsiang;
using namespace fangsiang::test;

TEST_CASE("file the records of REPORT_DATA into the hub folder HUB_DIR") {
    const char* hubDir = std::getenv("HUB_DIR");
    const char* list = std::getenv("REPORT_DATA");
    if (hubDir == nullptr || list == nullptr)
        FAIL("set HUB_DIR and REPORT_DATA");
    std::ifstream in(list);
    const auto entries = nlohmann::json::parse(in);
    REQUIRE(entries.is_array());
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    std::map<std::string, std::vector<const nlohmann::json*>> byOffice;
    for (const auto& e : entries)
        byOffice[e.value("office", std::string(kOffice))].push_back(&e);
    std::uint8_t seed = 120;
    withHubFolder(hubDir, [&](hub::HubService& service, hub::HubStorage& storage, const hub::HubKeys& keys) {
        for (const auto& [office, mine] : byOffice) {
            const auto id = seededIdentity(++seed);
            auto found = storage.findDevice(id.publicKey());
            REQUIRE(found.ok());
            core::ChainHead head;
            if (found->has_value()) {
                head = (*found)->head;
            } else {
                auto known = storage.findOffice(office);
                REQUIRE(known.ok());
                INFO("office " << office << " is not on the hub: fangsiang-hub office set it first");
                REQUIRE(known->has_value());
                auto code = service.createEnrolmentCode(office, (*known)->name, std::chrono::minutes(10));
                INFO((code ? std::string() : code.error().message));
                REQUIRE(code.ok());
                auto plain = sync::normaliseEnrolmentCode(code->code);
                sync::EnrolRequest request{*plain, id.publicKey(),
                                           id.sign(sync::enrolProofMessage(*plain, id.publicKey())), "report data"};
                REQUIRE(service.handleEnrol(sync::encodeEnrolRequest(request)).status == 200);
                REQUIRE(storage.putOffice(**known).ok());  // the code's making names the office in Thai only
            }
            // In time order, as a kiosk would have made them.
            std::vector<std::pair<std::int64_t, const nlohmann::json*>> timed;
            for (const auto* e : mine) {
                const std::int64_t days = e->value("daysAgo", 0);
                std::int64_t at = now - days * 86'400'000;
                if (e->contains("hour")) {  // that office hour (UTC+7) of the day
                    const std::int64_t dayStart = (at + 7 * 3'600'000) / 86'400'000 * 86'400'000 - 7 * 3'600'000;
                    at = std::min(now - 60'000, dayStart + e->value("hour", 10) * 3'600'000);
                }
                timed.emplace_back(at, e);
            }
            std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<core::Bytes> records;
            std::int64_t last = 0;
            for (const auto& [at, e] : timed) {
                const std::int64_t when = std::max(at, last + 1);
                last = when;
                core::RecordDraft draft;
                if (e->contains("survey")) {
                    draft = {core::RecordKind::SurveyResponse, (*e)["survey"].dump(), {}};
                } else {
                    nlohmann::json payload = {{"type", "complaint"}, {"office", office},
                                              {"anonymous", !e->contains("contact")}};
                    for (const char* field : {"category", "text", "village", "landmark"})
                        if (e->contains(field))
                            payload[field] = (*e)[field];
                    draft = {core::RecordKind::Complaint, payload.dump(), {}};
                    if (e->contains("contact")) {
                        auto sealed = core::sealPersonalData((*e)["contact"].dump(), keys.box.publicKey);
                        REQUIRE(sealed.ok());
                        draft.sealedPersonalData = std::move(*sealed);
                    }
                }
                auto record = core::signRecord(draft, head, when, id);
                REQUIRE(record.ok());
                head = record->asHead();
                records.push_back(record->bytes());
            }
            for (std::size_t from = 0; from < records.size(); from += 500) {
                const std::vector<core::Bytes> batch(records.begin() + static_cast<std::ptrdiff_t>(from),
                                                     records.begin() + static_cast<std::ptrdiff_t>(
                                                                           std::min(records.size(), from + 500)));
                const auto ack = pushOk(service, keys.signing.publicKey, wireOf(id, batch));
                REQUIRE(ack.refused.empty());
            }
        }
    });
}
