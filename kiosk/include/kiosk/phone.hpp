#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::kiosk {

// A Thai mobile number: ten digits starting 06, 08 or 09 ("081-234-5678",
// "0812345678"), or the same in international form (+66 81 234 5678).
// Returns the ten-digit national form, or nullopt when it is not one.
[[nodiscard]] std::optional<std::string> normaliseThaiMobile(std::string_view text);

}  // namespace fangsiang::kiosk
