#pragma once
// The complaint categories a kiosk offers and a complaint record names by id
// (docs/PROTOCOL.md, kind 1), with their names, Thai first: one list for the
// kiosk's category screen and the hub's case lists and reports.

#include "core/text_pair.hpp"

#include <span>
#include <string_view>

namespace fangsiang::core {

struct ComplaintCategoryName {
    const char* id;
    TextPair label;
};

// In the order the kiosk shows them; "other" last.
[[nodiscard]] std::span<const ComplaintCategoryName> complaintCategories();
// The category's names; nothing for an id that is not one of them.
[[nodiscard]] const TextPair* complaintCategoryName(std::string_view id);

}  // namespace fangsiang::core
