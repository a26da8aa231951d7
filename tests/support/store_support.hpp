#pragma once
// Record stores as the tests need them: records written straight into an
// old store's table, and a store lost the way a person or an SD card loses it.

#include "test_support.hpp"

#include "core/sqlite.hpp"
#include "kiosk/store.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

namespace fangsiang::test {

// Writes survey records 1..count of `id`'s chain straight into a store's
// records table, as an older version of the program would have left them.
inline void insertRawRecords(core::sql::Database& db, const core::DeviceIdentity& id, int count) {
    core::ChainHead head;
    for (int i = 0; i < count; ++i) {
        auto record = core::signRecord(surveyDraft(i), head, kTestTimeMs + i, id);
        REQUIRE(record.ok());
        const core::Hash hash = record->hash();
        REQUIRE(db.run("INSERT INTO records(seq, kind, created_at, hash, bytes) VALUES(?1,?2,?3,?4,?5)",
                       static_cast<std::int64_t>(record->sequence()), static_cast<std::int64_t>(record->kind()),
                       record->createdAtMs(), core::ByteView(hash), core::ByteView(record->bytes()))
                    .ok());
        head = record->asHead();
    }
}

// Loses a record store as a person or a worn SD card does: the file deleted,
// or emptied to 0 bytes, with its WAL and shared-memory files gone.
inline void loseStoreFile(const std::filesystem::path& records, bool deleteFile) {
    for (const char* suffix : {"-wal", "-shm"})
        std::filesystem::remove(records.string() + suffix);
    if (deleteFile)
        std::filesystem::remove(records);
    else
        std::filesystem::resize_file(records, 0);
}

// Opens the store at `path`, failing the test with the store's words.
inline kiosk::Store openStore(const std::filesystem::path& path) {
    auto store = kiosk::Store::open(path);
    INFO((store.ok() ? std::string() : store.error().describe()));
    REQUIRE(store.ok());
    return std::move(*store);
}

}  // namespace fangsiang::test
