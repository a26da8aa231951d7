#pragma once
// The reports' routes of the officers' API (docs/API.md, "Reports"), which
// OfficerApi hands over once the caller is signed in:
//   GET /api/v1/reports/satisfaction[.csv|.xlsx|.pdf]
//   GET /api/v1/reports/field
//   GET /api/v1/reports/complaints[.csv|.xlsx|.pdf]
// Viewer and up, in their own office (an admin in any). Figures only: no
// comment, name or other personal data is in any answer. Private to hub/src.

#include "hub/officer_api.hpp"

#include <array>

namespace fangsiang::hub {

inline constexpr std::array<const char*, 10> kReportRoutes = {
    "/api/v1/reports/satisfaction",     "/api/v1/reports/satisfaction.csv", "/api/v1/reports/satisfaction.xlsx",
    "/api/v1/reports/satisfaction.pdf", "/api/v1/reports/field",            "/api/v1/reports/keywords",
    "/api/v1/reports/complaints",       "/api/v1/reports/complaints.csv",   "/api/v1/reports/complaints.xlsx",
    "/api/v1/reports/complaints.pdf"};

[[nodiscard]] HubResponse handleReportRoute(OfficerService& officers, const Actor& actor, const ApiRequest& request);

}  // namespace fangsiang::hub
