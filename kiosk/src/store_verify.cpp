#include "kiosk/store.hpp"
#include "store_rows.hpp"

#include "kiosk/hub_pins.hpp"

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/identity.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace fangsiang::kiosk {

namespace fs = std::filesystem;
using namespace detail;
using core::sql::Statement;

// [SECTION] Verification

core::Result<VerifyReport> Store::verify() {
    VerifyReport report;
    // The walk starts where pruning left the chain (or at the beginning).
    report.head = TRY(readAnchor(m_db)).position();
    const auto device = TRY(metaBlob(m_db, "device"));
    const core::PublicKey expected =
        device ? fixedFrom<core::kPublicKeySize>(*device).value_or(core::PublicKey{}) : core::PublicKey{};

    // A recovery resumes the chain after records this store never held: the
    // first record past it links to the hub's head instead.
    const auto resumes = TRY(recoveries());
    std::size_t nextResume = 0;
    auto stmt = TRY(m_db.prepare("SELECT seq, kind, created_at, hash, bytes FROM records ORDER BY seq"));
    auto fail = [&](std::uint64_t seq, core::Error error) {
        report.firstBadSequence = seq;
        report.problem = std::move(error);
        return report;
    };
    while (TRY(stmt.step())) {
        auto seq = static_cast<std::uint64_t>(stmt.columnInt(0));
        for (; nextResume < resumes.size() && resumes[nextResume].resumeAfter < seq; ++nextResume)
            if (report.head.sequence <= resumes[nextResume].resumeAfter)
                report.head = core::ChainHead{resumes[nextResume].resumeAfter, resumes[nextResume].hub.hash};
        if (!device)
            return fail(seq, core::makeError(core::ErrorCode::Corrupt, "the store holds records but no device id"));
        auto record = core::verifyNext(stmt.columnBlob(4), expected, report.head);
        if (!record)
            return fail(seq, record.error());
        core::ByteView storedHash = stmt.columnBlob(3);
        core::Hash hash = record->hash();
        if (record->sequence() != seq || static_cast<std::int64_t>(record->kind()) != stmt.columnInt(1) ||
            record->createdAtMs() != stmt.columnInt(2) ||
            !std::equal(storedHash.begin(), storedHash.end(), hash.begin(), hash.end()))
            return fail(seq, core::makeError(core::ErrorCode::Corrupt, "record " + std::to_string(seq) +
                                                               "'s index columns do not match its signed bytes"));
        report.head = core::ChainHead{record->sequence(), hash};
        ++report.checked;
    }
    return report;
}

core::Result<std::string> Store::integrityCheck() {
    auto stmt = TRY(m_db.prepare("PRAGMA integrity_check"));
    const auto findings = TRY(stmt.collect<std::string>([](const Statement& row) { return row.columnText(0); }));
    std::string out;
    for (const auto& finding : findings)
        out += (out.empty() ? "" : "; ") + finding;
    return out;
}

}  // namespace fangsiang::kiosk
