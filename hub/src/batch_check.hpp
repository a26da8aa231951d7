#pragma once
// A push's records checked before the hub takes the device's chain for
// writing: each on its own (structure, device, payload rules) and its
// signature, in parallel across the cores, and their texts broken into the
// terms the store will count. Private to hub/src.

#include "hub/keywords.hpp"
#include "sync/protocol.hpp"

#include "core/record.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace fangsiang::hub {

struct Prechecked {
    std::optional<core::Record> record;
    std::optional<core::Error> problem;
    BrokenTexts texts;  // the record's texts broken into their terms (breakRecordTexts)
};

// One entry per record of the batch, in its order. When the records link to
// one another and the last one's signature verifies, that signature covers
// every earlier record through the hashes (docs/PROTOCOL.md, "One signature
// for a linked batch"); otherwise each record's signature is checked, so a
// refusal names the record and its reason.
[[nodiscard]] std::vector<Prechecked> precheckBatch(const sync::Batch& batch, std::string_view officeCode);

}  // namespace fangsiang::hub
