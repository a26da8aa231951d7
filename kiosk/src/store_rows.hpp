#pragma once
// What the record store's source files share: reading rows and the store's
// metadata. Private to kiosk/src.

#include "kiosk/store.hpp"
#include "kiosk/hub_pins.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"
#include <sys/stat.h>
#include <algorithm>
#include <array>
#include <cstdio>

namespace fangsiang::kiosk::detail {

using core::sql::Statement;

// A fixed-size value (hash, key) from a blob column, when the size is right.
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixedFrom(core::ByteView bytes) {
    if (bytes.size() != N)
        return std::nullopt;
    std::array<std::uint8_t, N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

inline core::Bytes bytesOf(core::ByteView view) { return core::Bytes(view.begin(), view.end()); }

// The chain position in a row of (seq, hash).
inline core::Result<core::ChainHead> chainHeadFromRow(const Statement& row) {
    const auto sequence = static_cast<std::uint64_t>(row.columnInt(0));
    auto hash = fixedFrom<core::kHashSize>(row.columnBlob(1));
    if (!hash)
        return core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(sequence) + " has a damaged hash");
    return core::ChainHead{sequence, *hash};
}

// The record in a row of (seq, bytes).
inline core::Result<core::Record> recordFromRow(const Statement& row) {
    auto record = core::Record::parse(row.columnBlob(1));
    if (!record)
        return core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(row.columnInt(0)) +
                                                 " is damaged: " + record.error().message);
    return record;
}

template <typename T, typename FromRow>
core::Result<std::optional<T>> metaValue(core::sql::Database& db, std::string_view key, FromRow fromRow) {
    auto stmt = TRY(db.query("SELECT value FROM meta WHERE key = ?1", key));
    return stmt.optionalRow<T>(fromRow);
}

inline core::Result<std::optional<std::int64_t>> metaInt(core::sql::Database& db, std::string_view key) {
    return metaValue<std::int64_t>(db, key, [](const Statement& row) { return row.columnInt(0); });
}

inline core::Result<std::optional<core::Bytes>> metaBlob(core::sql::Database& db, std::string_view key) {
    return metaValue<core::Bytes>(db, key, [](const Statement& row) { return bytesOf(row.columnBlob(0)); });
}

template <typename T>
core::Status setMeta(core::sql::Database& db, std::string_view key, const T& value) {
    return db.run("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  key, value);
}

// Where pruning left the chain: the sequence and hash of the last record it
// deleted. Neither is set before the first pruning.
struct Anchor {
    std::optional<std::int64_t> sequence;
    std::optional<core::Bytes> hash;

    [[nodiscard]] bool hashIsWhole() const { return hash && hash->size() == core::kHashSize; }
    // The chain position to go on from; a damaged hash is left all zero.
    [[nodiscard]] core::ChainHead position() const {
        core::ChainHead head;
        head.sequence = static_cast<std::uint64_t>(sequence.value_or(0));
        if (sequence && hashIsWhole())
            std::copy(hash->begin(), hash->end(), head.hash.begin());
        return head;
    }
};

inline core::Result<Anchor> readAnchor(core::sql::Database& db) {
    Anchor anchor;
    anchor.sequence = TRY(metaInt(db, "anchor_seq"));
    anchor.hash = TRY(metaBlob(db, "anchor_hash"));
    return anchor;
}


}  // namespace fangsiang::kiosk::detail
