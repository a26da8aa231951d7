// The webhooks' registration body an admin's browser posts (hub/src/
// webhook_api.hpp) and the check of the URL it names (hub/webhooks.hpp),
// which together decide what the hub will later send deliveries to.
#include "webhook_api.hpp"

#include "hub/webhooks.hpp"

#include <cstdlib>
#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto hook = hub::parseWebhookBody(text);
    if (hook) {
        (void)hub::refuseWebhookUrl(hook->url);
        for (auto event : hook->events)
            if (hub::webhookEventFromName(hub::webhookEventName(event)) != event)
                std::abort();
    } else if (hook.error().message.empty()) {
        std::abort();  // every refusal says why
    }
    (void)hub::refuseWebhookUrl(text);
    (void)hub::webhookEventFromName(text);
    return 0;
}
