#pragma once
// Moves a case to a state the way an office would, through CaseService as
// the console: the workflow's shortest path to it, with a unit and an
// officer made for the purpose when the path accepts the case. For tests
// that need a ticket answered and are not about the workflow itself.

#include "hub/case_service.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace fangsiang::test {

inline constexpr const char* kTestUnit = "public-works";
inline constexpr const char* kTestOfficer = "caseworker";

// Makes the unit and the officer the path's accept step names, once.
inline void ensureCaseHandlers(hub::HubStorage& storage, const std::string& office) {
    auto unit = storage.findUnit(office, kTestUnit);
    REQUIRE(unit.ok());
    if (!*unit)
        REQUIRE(storage.addUnit(hub::Unit{office, kTestUnit, "กองช่าง", "Public works"}, hub::AuditEntry{}).ok());
    auto officer = storage.findOfficer(kTestOfficer);
    REQUIRE(officer.ok());
    if (!*officer) {
        hub::Officer o;
        o.username = kTestOfficer;
        o.displayName = "สมชาย ใจดี";
        o.role = hub::Role::Officer;
        o.officeCode = office;
        o.unitCode = kTestUnit;
        REQUIRE(storage.addOfficer(o, "$argon2id$unused", hub::AuditEntry{}).ok());
    }
}

// The moves from `from` that reach `to`, the last one carrying `reply`.
inline std::vector<hub::CaseState> pathTo(hub::CaseState from, hub::CaseState to) {
    using S = hub::CaseState;
    if (to == S::InProgress)
        return from == S::Received ? std::vector{S::Accepted, S::InProgress} : std::vector{S::InProgress};
    if (to == S::Resolved)
        return from == S::Received ? std::vector{S::Accepted, S::InProgress, S::Resolved}
               : from == S::Accepted ? std::vector{S::InProgress, S::Resolved}
                                     : std::vector{S::Resolved};
    return {to};
}

// Moves the case; how many ticket updates the citizen's kiosk will see.
inline std::size_t moveCase(hub::HubStorage& storage, const std::string& ticket, hub::CaseState to, const std::string& reply,
                    core::Clock clock = core::systemClock()) {
    hub::CaseService cases(storage, nullptr, std::move(clock));
    auto row = storage.findCase(ticket);
    REQUIRE(row.ok());
    REQUIRE(row->has_value());
    ensureCaseHandlers(storage, (*row)->officeCode);
    const auto path = pathTo((*row)->state, to);
    for (std::size_t i = 0; i < path.size(); ++i) {
        hub::CaseChange change;
        change.to = path[i];
        if (change.to == hub::CaseState::Accepted) {
            change.unit = kTestUnit;
            change.officer = kTestOfficer;
        }
        if (i + 1 == path.size())
            change.reply = reply;
        auto moved = cases.change(hub::Actor::console(), ticket, change, "");
        INFO((moved.ok() ? "" : moved.error().message));
        REQUIRE(moved.ok());
    }
    return path.size();
}

}  // namespace fangsiang::test
