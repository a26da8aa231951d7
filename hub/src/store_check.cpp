#include "hub/store_check.hpp"

#include "core/crypto.hpp"

#include <utility>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

namespace {

// Past this many problems on one device the rest are counted, not listed:
// a store damaged that badly is restored, not read line by line.
constexpr std::size_t kProblemsPerDevice = 20;

std::string nameOf(const DeviceInfo& d) {
    return "device " + core::toHex(d.key).substr(0, 16) + " (office " + d.officeCode + ", no. " +
           std::to_string(d.number) + ")";
}

// A record as stored checked on its own: structure, the device and sequence
// it is filed under, the signature. Empty when it holds.
std::optional<std::string> checkOnItsOwn(core::ByteView bytes, const DeviceInfo& device, std::uint64_t sequence,
                                         std::optional<core::Record>& parsed) {
    auto record = core::Record::parse(bytes);
    if (!record)
        return "record " + std::to_string(sequence) + " is damaged: " + record.error().message;
    if (record->device() != device.key)
        return "record " + std::to_string(sequence) + " is filed under this device but names device " +
               core::toHex(record->device()).substr(0, 16);
    if (record->sequence() != sequence)
        return "record " + std::to_string(sequence) + " is filed under sequence " + std::to_string(sequence) +
               " but its bytes say " + std::to_string(record->sequence());
    if (!core::verifySignature(*record))
        return "record " + std::to_string(sequence) + " no longer verifies: its bytes are not the ones the device signed";
    parsed = std::move(*record);
    return std::nullopt;
}

class Checker {
public:
    Checker(HubStorage& storage, const HubKeys& keys, StoreCheckReport& report)
        : m_storage(storage), m_keys(keys), m_report(report) {}

    // The store may be serving while it is checked (`backup` checks the
    // store it copies from): a push commits its records and the head they
    // reach together, so the head read after the highest record is at least
    // that record, and is the one checked.
    void head(const DeviceInfo& listed) {
        m_device = &listed;
        m_listed = 0;
        auto highest = m_storage.highestSequence(listed.key);
        if (!highest)
            return problem("cannot be read: " + highest.error().message);
        auto now = m_storage.findDevice(listed.key);
        if (!now)
            return problem("cannot be read: " + now.error().message);
        const core::ChainHead head = *now ? (*now)->head : listed.head;
        if (head.sequence == 0) {
            if (*highest != 0)
                problem("holds records up to " + std::to_string(*highest) + " but its chain head says none");
            return;
        }
        if (head.sequence < *highest)
            problem("holds records up to " + std::to_string(*highest) + ", but its chain head is record " +
                    std::to_string(head.sequence));
        if (head.sequence > *highest) {  // records arrived since; or the head's are missing
            auto again = m_storage.highestSequence(listed.key);
            if (!again)
                return problem("cannot be read: " + again.error().message);
            if (*again < head.sequence)
                problem("holds records up to " + std::to_string(*again) + ", but its chain head is record " +
                        std::to_string(head.sequence));
        }
        auto bytes = m_storage.recordBytes(listed.key, head.sequence);
        if (!bytes)
            return problem("its head record " + std::to_string(head.sequence) +
                           " cannot be read: " + bytes.error().message);
        if (!bytes->has_value())
            return problem("its head record " + std::to_string(head.sequence) + " is missing");
        std::optional<core::Record> record;
        if (auto wrong = checkOnItsOwn(**bytes, listed, head.sequence, record))
            return problem(*wrong);
        if (record->hash() != head.hash)
            return problem("its head record " + std::to_string(head.sequence) +
                           " is not the record the hub linked the chain to (its hash differs)");
        ++m_report.recordsVerified;
    }

    void chain(const DeviceInfo& device) {
        m_device = &device;
        m_listed = 0;
        core::ChainHead running;       // the last record read, as the next one must link to it
        bool linkKnown = true;         // false after a damaged record: the next link cannot be judged
        std::vector<std::pair<std::uint64_t, std::uint64_t>> jumps;  // (first missing, next held)
        auto read = m_storage.forEachRecord(device.key, [&](const StoredRecord& row) -> core::Status {
            std::optional<core::Record> record;
            auto wrong = checkOnItsOwn(row.bytes, device, row.sequence, record);
            bool sound = !wrong;
            if (wrong)
                problem(*wrong);
            if (record && (static_cast<std::uint8_t>(record->kind()) != row.kind ||
                           record->createdAtMs() != row.createdAtMs)) {
                problem("record " + std::to_string(row.sequence) +
                        ": the kind or time stored beside it differ from its signed bytes");
                sound = false;
            }
            if (row.sequence == running.sequence + 1) {
                if (record && linkKnown && record->previousHash() != running.hash) {
                    problem("record " + std::to_string(row.sequence) + " does not link to record " +
                            std::to_string(running.sequence) + " (the chain was altered)");
                    sound = false;
                }
            } else if (row.sequence > running.sequence + 1) {
                jumps.emplace_back(running.sequence + 1, row.sequence);
            }
            if (sound)
                ++m_report.recordsVerified;
            running = chainHeadOf(row, record);
            linkKnown = record.has_value();
            return core::Ok{};
        });
        if (!read)
            problem("cannot be read past record " + std::to_string(running.sequence) + ": " + read.error().message);
        // A jump in the sequence is sound only where the device set the
        // missing records aside and the hub noted so (a "skipped" incident
        // at the record after them).
        for (const auto& [missing, next] : jumps) {
            auto noted = m_storage.countIncidents(IncidentQuery{device.key, "skipped", next});
            if (!noted || *noted == 0)
                problem("records " + std::to_string(missing) + " to " + std::to_string(next - 1) +
                        " are missing, and nothing shows the device set them aside");
        }
        if (running.sequence != device.head.sequence)
            problem("its chain ends at record " + std::to_string(running.sequence) + " but its head says " +
                    std::to_string(device.head.sequence));
        else if (linkKnown && running.hash != device.head.hash)
            problem("its last record is not the one the hub linked the chain to (its hash differs)");
    }

    void bundle(std::uint64_t version, const std::string& envelope) {
        m_device = nullptr;
        auto body = sync::openEnvelope(envelope, "content", m_keys.signing.publicKey);
        if (!body)
            return problem("content version " + std::to_string(version) + " no longer verifies: " + body.error().message);
        auto decoded = sync::decodeContentBody(*body);
        if (!decoded)
            return problem("content version " + std::to_string(version) + " is damaged: " + decoded.error().message);
        if (decoded->version != version)
            return problem("content version " + std::to_string(version) + " is filed under the wrong version (it says " +
                           std::to_string(decoded->version) + ")");
        ++m_report.bundlesVerified;
    }

private:
    static core::ChainHead chainHeadOf(const StoredRecord& row, const std::optional<core::Record>& record) {
        return core::ChainHead{row.sequence, record ? record->hash() : core::hashBytes(row.bytes)};
    }

    void problem(const std::string& what) {
        if (m_device == nullptr) {
            m_report.problems.push_back(what);
            return;
        }
        ++m_listed;
        if (m_listed <= kProblemsPerDevice)
            m_report.problems.push_back(nameOf(*m_device) + ": " + what);
        else if (m_listed == kProblemsPerDevice + 1)
            m_report.problems.push_back(nameOf(*m_device) + ": more problems follow; not listed");
    }

    HubStorage& m_storage;
    const HubKeys& m_keys;
    StoreCheckReport& m_report;
    const DeviceInfo* m_device = nullptr;
    std::size_t m_listed = 0;
};

}  // namespace

core::Result<StoreCheckReport> checkHubStore(HubStorage& storage, const HubKeys& keys, CheckDepth depth) {
    StoreCheckReport report;
    Checker checker(storage, keys, report);
    const auto devices = TRY(storage.listDevices());
    report.devices = devices.size();
    for (const auto& device : devices) {
        if (depth == CheckDepth::Heads)
            checker.head(device);
        else
            checker.chain(device);
    }
    if (depth == CheckDepth::Heads) {
        auto latest = storage.latestBundle();
        if (!latest)
            report.problems.push_back("the latest content version cannot be read: " + latest.error().message);
        else if (latest->has_value())
            checker.bundle((*latest)->first, (*latest)->second);
    } else {
        std::uint64_t expected = 1;
        auto read = storage.forEachBundle([&](std::uint64_t version, const std::string& envelope) -> core::Status {
            if (version != expected)
                report.problems.push_back("content versions " + std::to_string(expected) + " to " +
                                          std::to_string(version - 1) + " are missing");
            expected = version + 1;
            checker.bundle(version, envelope);
            return core::Ok{};
        });
        if (!read)
            report.problems.push_back("the content versions cannot be read: " + read.error().message);
    }
    return report;
}

core::Status requireSoundStore(HubStorage& storage, const HubKeys& keys, const std::string& storeName) {
    auto report = checkHubStore(storage, keys, CheckDepth::Heads);
    if (!report)
        return makeError(ErrorCode::Corrupt, "the hub store " + storeName + " cannot be read (" +
                                                 report.error().message +
                                                 "). Stop the hub and restore hub.db from the latest backup; "
                                                 "nothing was changed.");
    if (report->ok())
        return core::Ok{};
    std::string text;
    const std::size_t shown = std::min<std::size_t>(report->problems.size(), 3);
    for (std::size_t i = 0; i < shown; ++i)
        text += (i ? "; " : "") + report->problems[i];
    if (report->problems.size() > shown)
        text += "; and " + std::to_string(report->problems.size() - shown) + " more";
    return makeError(ErrorCode::Corrupt, "the hub store " + storeName + " is damaged: what it holds no longer "
                                         "verifies (" + text + "). Stop the hub and restore hub.db from the latest "
                                         "backup, then run `fangsiang-hub check` on it; nothing was changed.");
}

}  // namespace fangsiang::hub
