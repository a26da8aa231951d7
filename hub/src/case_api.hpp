#pragma once
// The case and content routes of the officers' API (case_api.cpp,
// content_api.cpp), for OfficerApi.

#include "hub/case_service.hpp"
#include "hub/officer_api.hpp"

#include <string>
#include <string_view>

namespace fangsiang::hub {

// Answers a case route (`path` is the route's pattern, `ticket` its
// "{name}" segment) for a signed-in actor whose CSRF token has been checked.
[[nodiscard]] HubResponse handleCaseRoute(CaseService& cases, const Actor& actor, const ApiRequest& request,
                                          std::string_view path, const std::string& ticket, std::int64_t nowMs);

// Answers GET and POST /api/v1/content (content_api.cpp).
[[nodiscard]] HubResponse handleContentRoute(HubService& service, const Actor& actor, const ApiRequest& request);

}  // namespace fangsiang::hub
