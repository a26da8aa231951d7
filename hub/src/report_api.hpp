#pragma once
// The reports' routes of the officers' API (docs/API.md, "Reports"), which
// OfficerApi hands over once the caller is signed in:
//   GET /api/v1/reports/satisfaction[.csv|.xlsx|.pdf]
//   GET /api/v1/reports/field
//   GET /api/v1/reports/complaints[.csv|.xlsx|.pdf]
//   GET /api/v1/reports/ranking[.csv]   every office of the hub, ranked
//   GET /api/v1/reports/keywords        top and rising terms of complaints and comments
//   GET /api/v1/reports/comments        survey comments, searchable, a page at a time
// Viewer and up, in their own office (an admin in any): figures, never a
// name; a comment's words only to those who may read the office's cases. The ranking to
// anyone who may read their own office's reports, since it holds the same
// figures of every office that their public pages publish. Figures only: no
// comment, name or other personal data is in any answer. Private to hub/src.

#include "hub/officer_api.hpp"

#include <array>

namespace fangsiang::hub {

inline constexpr std::array<const char*, 13> kReportRoutes = {
    "/api/v1/reports/satisfaction",     "/api/v1/reports/satisfaction.csv", "/api/v1/reports/satisfaction.xlsx",
    "/api/v1/reports/satisfaction.pdf", "/api/v1/reports/field",            "/api/v1/reports/complaints",
    "/api/v1/reports/complaints.csv",   "/api/v1/reports/complaints.xlsx",  "/api/v1/reports/complaints.pdf",
    "/api/v1/reports/ranking",          "/api/v1/reports/ranking.csv",      "/api/v1/reports/keywords",
    "/api/v1/reports/comments"};

[[nodiscard]] HubResponse handleReportRoute(OfficerService& officers, const Actor& actor, const ApiRequest& request);

}  // namespace fangsiang::hub
