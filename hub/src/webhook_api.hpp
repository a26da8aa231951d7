#pragma once
// The webhooks' routes of the officers' API (docs/API.md, "Webhooks"), which
// OfficerApi hands over once the caller is signed in; the admin's only:
//   GET    /api/v1/webhooks[?office=C]          the hooks in use
//   POST   /api/v1/webhooks                     register one; the answer carries its secret, once
//   DELETE /api/v1/webhooks/{id}                remove one (its pending deliveries are given up)
//   GET    /api/v1/webhooks/{id}/deliveries     its deliveries, newest first, with their attempts
// Private to hub/src.

#include "hub/officer_api.hpp"
#include "hub/webhooks.hpp"

#include <array>

namespace fangsiang::hub {

inline constexpr std::array<const char*, 4> kWebhookRoutes = {"/api/v1/webhooks", "/api/v1/webhooks",
                                                              "/api/v1/webhooks/{name}",
                                                              "/api/v1/webhooks/{name}/deliveries"};

// {"office", "events": [...], "url", "withPersonalData"}, checked field by field.
[[nodiscard]] core::Result<Webhook> parseWebhookBody(std::string_view body);

[[nodiscard]] HubResponse handleWebhookRoute(WebhookAdmin& admin, const Actor& actor, const ApiRequest& request,
                                             std::string_view path, const std::string& id);

}  // namespace fangsiang::hub
