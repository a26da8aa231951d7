// Files complaints into a hub folder as a kiosk would have sent them: a
// seeded device enrolled for the test office pushes signed complaint
// records made from a JSON list (the browser tests' way to have cases
// without the kiosk's screens). Run before `fangsiang-hub serve` starts:
//
//   HUB_DIR=... COMPLAINTS=list.json dashboard_complaints
//
// list.json: [{"category": "roads-lights", "text": "...", "village": "...",
//              "landmark": "..."}, ...]; each is filed now, anonymous.
// With LEAVE_OUT=N the Nth (from 0) is never sent: the ones after it reach
// the hub as a gap in the device's chain, which the hub records.

#include "hub_test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>

using namespace fangsiang;
using namespace fangsiang::test;

TEST_CASE("file the complaints of COMPLAINTS into the hub folder HUB_DIR") {
    const char* hubDir = std::getenv("HUB_DIR");
    const char* list = std::getenv("COMPLAINTS");
    if (hubDir == nullptr || list == nullptr)
        FAIL("set HUB_DIR and COMPLAINTS");
    std::ifstream in(list);
    const auto complaints = nlohmann::json::parse(in);
    REQUIRE(complaints.is_array());
    const auto id = seededIdentity(77);
    core::ChainHead head;
    withHubFolder(hubDir, [&](hub::HubService&, hub::HubStorage& storage, const hub::HubKeys&) {
        auto found = storage.findDevice(id.publicKey());
        REQUIRE(found.ok());
        if (found->has_value())
            head = (*found)->head;
    });
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    std::vector<core::Bytes> records;
    for (const auto& c : complaints) {
        nlohmann::json payload = {{"type", "complaint"}, {"office", kOffice}, {"anonymous", true}};
        for (const char* field : {"category", "text", "village", "landmark"})
            if (c.contains(field))
                payload[field] = c[field];
        auto record = core::signRecord({core::RecordKind::Complaint, payload.dump(), {}}, head,
                                       now - 60'000 + static_cast<std::int64_t>(records.size()), id);
        REQUIRE(record.ok());
        head = record->asHead();
        records.push_back(record->bytes());
    }
    const char* leaveOut = std::getenv("LEAVE_OUT");
    if (leaveOut == nullptr) {
        seedHubFolder(hubDir, id, records);
        return;
    }
    const auto n = static_cast<std::size_t>(std::atoi(leaveOut));
    REQUIRE(n < records.size());
    seedHubFolder(hubDir, id, std::vector<core::Bytes>(records.begin(), records.begin() + static_cast<std::ptrdiff_t>(n)));
    const std::vector<core::Bytes> after(records.begin() + static_cast<std::ptrdiff_t>(n) + 1, records.end());
    withHubFolder(hubDir, [&](hub::HubService& service, hub::HubStorage&, const hub::HubKeys& keys) {
        const auto ack = pushOk(service, keys.signing.publicKey, wireOf(id, after));
        REQUIRE_FALSE(ack.refused.empty());  // refused as a gap, and on record
    });
}
