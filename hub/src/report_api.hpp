#pragma once
// The reports' routes of the officers' API (docs/API.md, "Reports"), which
// OfficerApi hands over once the caller is signed in:
//   GET /api/v1/reports/satisfaction[.csv|.xlsx|.pdf]
//   GET /api/v1/reports/field
//   GET /api/v1/reports/complaints[.csv|.xlsx|.pdf]
//   GET /api/v1/reports/ranking[.csv]   every office of the hub, ranked
// Viewer and up, in their own office (an admin in any); the ranking to
// anyone who may read their own office's reports, since it holds the same
// figures of every office that their public pages publish. Figures only: no
// comment, name or other personal data is in any answer. Private to hub/src.

#include "hub/officer_api.hpp"

#include <array>

namespace fangsiang::hub {

inline constexpr std::array<const char*, 11> kReportRoutes = {
    "/api/v1/reports/satisfaction",     "/api/v1/reports/satisfaction.csv", "/api/v1/reports/satisfaction.xlsx",
    "/api/v1/reports/satisfaction.pdf", "/api/v1/reports/field",            "/api/v1/reports/complaints",
    "/api/v1/reports/complaints.csv",   "/api/v1/reports/complaints.xlsx",  "/api/v1/reports/complaints.pdf",
    "/api/v1/reports/ranking",          "/api/v1/reports/ranking.csv"};

[[nodiscard]] HubResponse handleReportRoute(OfficerService& officers, const Actor& actor, const ApiRequest& request);

}  // namespace fangsiang::hub
