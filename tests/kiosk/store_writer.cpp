// A record writer for the power-cut test. It appends records to the store in
// <data folder> for as long as it lives and, only after each commit has
// returned, writes the record's sequence number as one line to stdout. The
// test kills it with SIGKILL at a random moment and then checks that every
// sequence it was told about is in the store.
//
// usage: store_writer <data folder>

#include "core/clock.hpp"
#include "core/identity.hpp"
#include "core/record.hpp"
#include "kiosk/store.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

using namespace fangsiang;
using namespace fangsiang::core;
using namespace fangsiang::kiosk;

static void report(std::uint64_t sequence) {
    // write(2), not stdio: nothing may sit in a user-space buffer when the
    // process dies, or the test would under-count what was committed.
    char line[32];
    int n = std::snprintf(line, sizeof line, "%llu\n", static_cast<unsigned long long>(sequence));
    if (::write(STDOUT_FILENO, line, static_cast<std::size_t>(n)) != n)
        _exit(3);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_writer <data folder>\n");
        return 2;
    }
    auto identity = DeviceIdentity::loadOrCreate(argv[1]);
    if (!identity) {
        std::fprintf(stderr, "store_writer: %s\n", identity.error().message.c_str());
        return 1;
    }
    auto store = Store::open(std::filesystem::path(argv[1]) / "records.db");
    if (!store) {
        std::fprintf(stderr, "store_writer: %s\n", store.error().message.c_str());
        return 1;
    }
    BoxPublicKey hubKey{};
    hubKey.fill(0x42);  // any non-zero point works for sealing; nothing opens it here

    for (std::uint64_t round = 0;; ++round) {
        const std::string text = R"({"category":"water","text":"น้ำประปาไม่ไหลตั้งแต่เช้า รอบที่ )" +
                                 std::to_string(round) + R"("})";
        if (round % 7 == 3) {
            // A batch: all of it is committed together, then reported.
            std::vector<RecordDraft> drafts(5, RecordDraft{RecordKind::SurveyResponse, text, {}});
            auto batch = store->appendBatch(*identity, drafts, wallClockMs());
            if (!batch) {
                std::fprintf(stderr, "store_writer: %s\n", batch.error().message.c_str());
                return 1;
            }
            for (const auto& record : *batch)
                report(record.sequence());
            continue;
        }
        RecordDraft draft{RecordKind::Complaint, text, {}};
        if (round % 3 == 0) {
            auto sealed = sealPersonalData(R"({"phone":"0812345678"})", hubKey);
            if (!sealed)
                return 1;
            draft.sealedPersonalData = std::move(*sealed);
        }
        auto record = store->append(*identity, draft, wallClockMs());
        if (!record) {
            std::fprintf(stderr, "store_writer: %s\n", record.error().message.c_str());
            return 1;
        }
        report(record->sequence());
        if (round % 25 == 24 && record->sequence() > 10) {
            // Acknowledgements are writes too; they must be just as safe.
            auto acked = store->markAcknowledged(record->sequence() - 10, wallClockMs());
            if (!acked) {
                std::fprintf(stderr, "store_writer: %s\n", acked.error().message.c_str());
                return 1;
            }
        }
    }
}
