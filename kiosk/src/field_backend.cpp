#include "kiosk/field_backend.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace fangsiang::kiosk {

using Json = nlohmann::json;

core::Status FieldStoreBackend::submit(const FieldSubmission& submission) {
    TRY(m_store->append(*m_identity, core::RecordDraft{core::RecordKind::SurveyResponse, submission.payload, {}},
                        m_clock()));
    if (m_saved)
        m_saved();
    return core::Ok{};
}

core::Result<std::uint64_t> FieldStoreBackend::head() { return TRY(m_store->head()).sequence; }

bool FieldStoreBackend::takesRecords() {
    const auto standing = m_store->standing();
    return standing && standing->takesRecords();
}

namespace {

// Every field record of `surveyId` the store holds: its sequence, when it
// was made, and its payload.
template <typename Each>
void eachFieldRecord(Store& store, std::string_view surveyId, Each&& each) {
    auto rows = store.database().query("SELECT seq, bytes FROM records WHERE kind = ?1",
                                       std::int64_t{static_cast<std::uint8_t>(core::RecordKind::SurveyResponse)});
    if (!rows)
        return;
    while (true) {
        auto more = rows->step();
        if (!more || !*more)
            return;
        auto record = core::Record::parse(rows->columnBlob(1));
        if (!record)
            continue;
        const Json payload = Json::parse(record->payload(), nullptr, false);
        if (!payload.is_object() || payload.value("context", "") != "field" || payload.value("survey", "") != surveyId)
            continue;
        each(*record, payload);
    }
}

int localDay(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm at{};
    localtime_r(&t, &at);
    return (at.tm_year + 1900) * 1000 + at.tm_yday;
}

}  // namespace

FieldCounts FieldStoreBackend::counts(std::string_view surveyId, std::int64_t nowMs) {
    FieldCounts c;
    const auto stored = m_store->counts();
    const std::uint64_t acked = stored ? stored->acknowledgedUpTo : 0;
    const int today = localDay(nowMs);
    eachFieldRecord(*m_store, surveyId, [&](const core::Record& r, const Json&) {
        if (localDay(r.createdAtMs()) == today)
            ++c.today;
        if (r.sequence() <= acked)
            ++c.sent;
        else
            ++c.waiting;
    });
    return c;
}

std::vector<std::pair<core::ConditionValue, int>> FieldStoreBackend::quotaCounts(std::string_view surveyId,
                                                                                 std::string_view question) {
    std::vector<std::pair<core::ConditionValue, int>> out;
    auto add = [&](core::ConditionValue value) {
        for (auto& [v, n] : out)
            if (v == value) {
                ++n;
                return;
            }
        out.emplace_back(std::move(value), 1);
    };
    eachFieldRecord(*m_store, surveyId, [&](const core::Record&, const Json& payload) {
        const auto session = payload.find("session");
        if (session == payload.end() || !session->is_object())
            return;
        const auto value = session->find(std::string(question));
        if (value == session->end())
            return;
        if (value->is_string())
            add(value->get<std::string>());
        else if (value->is_number_integer())
            add(value->get<std::int64_t>());
    });
    return out;
}

}  // namespace fangsiang::kiosk
