#pragma once
// Whether what the hub holds is still what it stored: every record is
// signed by its device and linked by hash to the one before it, so damage to
// the store (a bad disk, a partial restore, an edit) shows as a record that
// no longer verifies. openSqliteHubStorage checks the file with SQLite's own
// check; this checks the records, above the storage interface.
//
//   Heads  each device's head record (the hub's chain head): there, signed by
//          the device, its hash the one the hub links the next record to,
//          nothing held past it; and the latest content bundle's signature.
//          Cheap (one signature per device): run whenever the hub opens.
//   Full   every record and every chain: structure, signature, the columns
//          beside the bytes, each link, each skip on record (a "skipped"
//          incident); every content version. `fangsiang-hub check`.

#include "hub/keys.hpp"
#include "hub/storage.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fangsiang::hub {

enum class CheckDepth { Heads, Full };

struct StoreCheckReport {
    std::uint64_t devices = 0;
    std::uint64_t recordsVerified = 0;   // signature and link both checked
    std::uint64_t bundlesVerified = 0;
    std::vector<std::string> problems;   // one line each, plain words; empty when all is well
    [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Problems found go in the report; an error is returned only when the store
// could not be read at all.
[[nodiscard]] core::Result<StoreCheckReport> checkHubStore(HubStorage& storage, const HubKeys& keys,
                                                           CheckDepth depth);

// For opening: Ok, or a Corrupt error that names the first problems and
// says to restore the store from a backup.
[[nodiscard]] core::Status requireSoundStore(HubStorage& storage, const HubKeys& keys,
                                             const std::string& storeName);

}  // namespace fangsiang::hub
