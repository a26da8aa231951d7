#pragma once
// The demo office's kiosk for the tests of apps/: its configuration with a
// data folder of the test's own, hub pins with a throw-away hub key, and a
// citizen's anonymous complaint filed through the flow.

#include "kiosk_app.hpp"

#include "core/crypto.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fangsiang::test {

inline KioskConfig demoOfficeConfig(const std::filesystem::path& dataDir) {
    KioskConfig config;
    config.officeName = "เทศบาลตำบลบ้านสวนดอกไม้";
    config.officeCode = "6340105";
    config.contentDir = std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content";
    config.dataDir = dataDir;
    return config;
}

inline kiosk::HubPins demoOfficePins() {
    kiosk::HubPins pins;
    pins.hubBoxKey = core::randomBoxKeyPair().publicKey;
    pins.officeCode = "6340105";
    pins.deviceNumber = 7;
    return pins;
}

// From Welcome to the receipt of an anonymous complaint about a street light.
inline void fileAnonymousComplaint(kiosk::KioskFlow& flow, std::int64_t now) {
    flow.start(now);
    flow.openComplaint(now);
    flow.chooseComplaintCategory(kiosk::ComplaintCategory::RoadsLights, now);
    flow.setDescription("ไฟส่องสว่างหน้าวัดดับสามคืนแล้ว", now);
    for (int step = 0; step < 2; ++step)
        flow.next(now);  // past the description, then the place, left empty
    flow.chooseContact(false, now);
    flow.submitComplaint(now);
    REQUIRE(flow.screen() == kiosk::Screen::ComplaintReceipt);
}

}  // namespace fangsiang::test
