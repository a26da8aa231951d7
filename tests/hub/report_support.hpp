#pragma once
// What the report tests share: survey responses generated with known
// answers, signed by enrolled devices and pushed through the hub's real
// ingest path; and the same responses read back raw from the store (the
// records' own bytes, decoded here) for the independent computation every
// figure is checked against.

#include "hub_test_support.hpp"

#include "hub/officers.hpp"

#include "core/survey.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace fangsiang::test {

inline const std::vector<std::string> kDimensions = {"process", "staff", "facilities", "information", "overall"};
inline const std::vector<std::string> kServices = {"birth-registration", "building-permit", "waste-fee"};

// A chain of records of `id` after `head`, one per payload, created at the given times.
inline std::vector<core::Record> chainOf(const core::DeviceIdentity& id, core::ChainHead& head,
                                         const std::vector<std::pair<std::string, std::int64_t>>& payloads) {
    std::vector<core::Record> out;
    for (const auto& [payload, at] : payloads) {
        auto r = core::signRecord({core::RecordKind::SurveyResponse, payload, {}}, head, at, id);
        INFO((r ? std::string() : r.error().message));
        REQUIRE(r.ok());
        head = r->asHead();
        out.push_back(std::move(*r));
    }
    return out;
}

// Pushes records in batches the protocol allows.
inline void pushAll(TestHub& hub, const core::DeviceIdentity& id, const std::vector<core::Record>& records) {
    for (std::size_t from = 0; from < records.size(); from += 500) {
        auto ack = pushOk(hub, wireOf(id, bytesOf(records, from, from + 500)));
        REQUIRE(ack.refused.empty());
    }
}

// UTC milliseconds of an office-time (UTC+7) moment.
inline std::int64_t officeMs(int year, int month, int day, int hour, int minute = 0) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 - 7LL * 3600 * 1000;
}

// `count` standard-satisfaction responses spread over the months from
// October 2025 (office time), deterministic for a seed. Ratings lean by
// service and month so that figures differ; some name no service, some
// carry a comment (never counted).
inline std::vector<std::pair<std::string, std::int64_t>> satisfactionPayloads(int count, unsigned seed, int months = 6) {
    std::mt19937 rng(seed);
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (int i = 0; i < count; ++i) {
        const int month = static_cast<int>(rng() % static_cast<unsigned>(months));
        const int year = 2025 + (10 + month - 1) / 12;
        const int m = (10 + month - 1) % 12 + 1;
        const std::int64_t at = officeMs(year, m, 1 + static_cast<int>(rng() % 28), 8 + static_cast<int>(rng() % 9),
                                         static_cast<int>(rng() % 60));
        const std::size_t service = rng() % (kServices.size() + 1);
        nlohmann::json answers = nlohmann::json::object();
        if (service < kServices.size())
            answers["service"] = kServices[service];
        for (const auto& d : kDimensions) {
            if (rng() % 20 == 0)
                continue;  // an unanswered dimension
            int v = 1 + static_cast<int>(rng() % 5);
            if (service == 0 && v < 5 && rng() % 2 == 0)
                ++v;  // the first service is liked better
            answers[d] = v;
        }
        if (rng() % 4 == 0)
            answers["comment"] = "เจ้าหน้าที่บริการดีมาก ขอบคุณค่ะ";
        nlohmann::json payload = {{"survey", "standard-satisfaction"}, {"version", 1}, {"answers", answers},
                                  {"context", "kiosk"}};
        out.emplace_back(payload.dump(), at);
    }
    return out;
}

// One survey response as the store holds it, decoded by the test itself.
struct RawResponse {
    std::string office;
    std::int64_t createdAtMs = 0;
    nlohmann::json payload;
    // Office time, computed with the C library (not the hub's calendar code).
    int month = 0;  // yyyymm
    int weekday = 0;
    int hour = 0;
};

inline std::vector<RawResponse> rawResponses(hub::HubStorage& storage) {
    std::vector<RawResponse> out;
    auto devices = storage.listDevices();
    REQUIRE(devices.ok());
    for (const auto& device : *devices) {
        auto visited = storage.forEachRecord(device.key, [&](const hub::StoredRecord& row) -> core::Status {
            if (row.kind != static_cast<std::uint8_t>(core::RecordKind::SurveyResponse))
                return core::Ok{};
            auto record = core::Record::parse(row.bytes);
            REQUIRE(record.ok());
            RawResponse r;
            r.office = device.officeCode;
            r.createdAtMs = row.createdAtMs;
            r.payload = nlohmann::json::parse(record->payload());
            const std::time_t local = static_cast<std::time_t>((row.createdAtMs + 7LL * 3600 * 1000) / 1000);
            std::tm tm{};
            gmtime_r(&local, &tm);
            r.month = (tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
            r.weekday = tm.tm_wday;
            r.hour = tm.tm_hour;
            out.push_back(std::move(r));
            return core::Ok{};
        });
        REQUIRE(visited.ok());
    }
    return out;
}

// Mean, sample standard deviation and share of 4-5 of a list of answers,
// computed the plain way.
struct Plain {
    std::int64_t n = 0;
    double mean = 0, sd = 0, satisfied = 0, low = 0;
};
inline Plain plainFigures(const std::vector<int>& values) {
    Plain p;
    p.n = static_cast<std::int64_t>(values.size());
    if (values.empty())
        return p;
    double sum = 0;
    int satisfied = 0, low = 0;
    for (int v : values) {
        sum += v;
        satisfied += v >= 4;
        low += v <= 2;
    }
    p.mean = sum / static_cast<double>(p.n);
    double sq = 0;
    for (int v : values)
        sq += (v - p.mean) * (v - p.mean);
    p.sd = p.n > 1 ? std::sqrt(sq / static_cast<double>(p.n - 1)) : 0;
    p.satisfied = 100.0 * satisfied / static_cast<double>(p.n);
    p.low = 100.0 * low / static_cast<double>(p.n);
    return p;
}

// The officers' service of `hub` at the fixed moment `nowMs`, with the
// office `office` named and `people` (username, role) added to it (each
// one's password "password-of-" and the username).
inline std::unique_ptr<hub::OfficerService> officersAt(TestHub& hub, std::int64_t nowMs, const hub::Office& office,
                                                       const std::vector<std::pair<std::string, hub::Role>>& people) {
    hub::OfficerOptions options;
    options.clock = [nowMs] { return nowMs; };
    auto officers = std::make_unique<hub::OfficerService>(hub.storage(), options);
    const hub::Actor console = hub::Actor::console();
    REQUIRE(officers->setOfficeNames(console, office, {}).ok());
    for (const auto& [user, role] : people)
        REQUIRE(officers->addOfficer(console, hub::OfficerDraft{user, user, role, office.code, ""}, "password-of-" + user, {})
                    .ok());
    return officers;
}

inline core::SurveyDefinition loadSurvey(const std::string& name) {
    auto survey = core::SurveyDefinition::load(std::filesystem::path(FANGSIANG_ASSETS_DIR) / "content" / "surveys" / name);
    INFO((survey ? std::string() : survey.error().message));
    REQUIRE(survey.ok());
    return std::move(*survey);
}

}  // namespace fangsiang::test
