// A push's records checked before the lock (batch_check.hpp).

#include "batch_check.hpp"

#include "hub/listening.hpp"
#include "hub/record_rules.hpp"

#include <algorithm>
#include <functional>
#include <system_error>
#include <thread>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

namespace {

// A record checked on its own, before any lock is taken: structure, that it
// belongs to the batch's device, that its payload is one a kiosk of that
// device's office could have written (hub/record_rules.hpp), and, when
// asked, the device's signature.
Prechecked precheck(const core::Bytes& bytes, const core::PublicKey& device, std::string_view officeCode,
                    bool checkSignature) {
    auto record = core::Record::parse(bytes);
    if (!record)
        return {std::nullopt, record.error(), {}};
    if (record->device() != device)
        return {std::nullopt,
                makeError(ErrorCode::WrongDevice,
                          "record " + std::to_string(record->sequence()) + " belongs to another device than the batch"),
                {}};
    if (checkSignature)
        if (auto sig = core::verifySignature(*record); !sig)
            return {std::nullopt, sig.error(), {}};
    if (auto content = checkRecordContent(*record, officeCode); !content)
        return {std::nullopt, content.error(), {}};
    // Broken here, on every core, instead of inside the store's lock; a
    // failure only leaves the store to break the texts itself.
    auto texts = breakRecordTexts(*record);
    return {std::move(*record), std::nullopt, texts ? std::move(*texts) : BrokenTexts{}};
}

// Runs work(i) for i in [0, n) on up to every core, this thread included;
// with no thread to be had, this thread does it all.
void inParallel(std::size_t n, const std::function<void(std::size_t)>& work) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = std::min(cores, n / 64 + 1);
    auto every = [&](std::size_t first) {
        for (std::size_t i = first; i < n; i += workers)
            work(i);
    };
    std::vector<std::thread> helpers;
    std::size_t started = 1;
    for (; started < workers; ++started) {
        try {
            helpers.emplace_back(every, started);
        } catch (const std::system_error&) {
            break;
        }
    }
    every(0);
    for (auto& h : helpers)
        h.join();
    for (std::size_t w = started; w < workers; ++w)
        every(w);
}

// Whether every record of the batch links to the one before it in the batch
// (the next sequence, and its previous hash that record's hash).
bool linkedWithin(const std::vector<Prechecked>& checked) {
    for (const auto& c : checked)
        if (!c.record)
            return false;
    for (std::size_t i = 1; i < checked.size(); ++i) {
        const core::Record& before = *checked[i - 1].record;
        const core::Record& next = *checked[i].record;
        if (next.sequence() != before.sequence() + 1 || next.previousHash() != before.hash())
            return false;
    }
    return true;
}

}  // namespace

std::vector<Prechecked> precheckBatch(const sync::Batch& batch, std::string_view officeCode) {
    const std::size_t n = batch.records.size();
    std::vector<Prechecked> checked(n);
    inParallel(n, [&](std::size_t i) { checked[i] = precheck(batch.records[i], batch.device, officeCode, false); });
    const bool coveredByLast = n > 0 && linkedWithin(checked) && core::verifySignature(*checked.back().record).ok();
    if (!coveredByLast) {
        // Every record's own signature then. A record that passed the first
        // pass only needs that (its texts are broken already); one that
        // failed is checked again whole, so a forged record is refused for
        // its signature, as it would be with the signature checked first.
        inParallel(n, [&](std::size_t i) {
            if (!checked[i].record) {
                checked[i] = precheck(batch.records[i], batch.device, officeCode, true);
            } else if (auto sig = core::verifySignature(*checked[i].record); !sig) {
                checked[i] = {std::nullopt, sig.error(), {}};
            }
        });
    }
    return checked;
}

}  // namespace fangsiang::hub
