#include "hub/record_rules.hpp"

#include "core/content_json.hpp"
#include "core/json_fields.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace fangsiang::hub {

using core::ErrorCode;
using core::Json;
using core::JsonFields;
using core::Where;

// [SECTION] Times

bool isPlausibleCreationTime(std::int64_t createdAtMs, std::int64_t receivedAtMs) {
    if (createdAtMs < kEarliestPlausibleMs)
        return false;
    // receivedAtMs + tolerance cannot overflow for any clock this side of
    // the year 292 million; compare by subtraction all the same.
    return createdAtMs - receivedAtMs <= kClockAheadToleranceMs;
}

std::int64_t hubTimeOf(std::int64_t createdAtMs, std::int64_t receivedAtMs) {
    return isPlausibleCreationTime(createdAtMs, receivedAtMs) ? createdAtMs : receivedAtMs;
}

// [SECTION] Payloads

namespace {

// Parses the payload as one JSON object, refusing a key that appears twice
// in any object: nlohmann::json::dump, which the kiosk writes with, never
// repeats one, and a repeated key could be read two ways.
core::Result<Json> parsePayload(std::string_view text, const Where& where) {
    std::vector<std::set<std::string>> open;
    std::string repeated;
    Json::parser_callback_t noteKeys = [&](int, Json::parse_event_t event, Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start: open.emplace_back(); break;
        case Json::parse_event_t::object_end:
            if (!open.empty())
                open.pop_back();
            break;
        case Json::parse_event_t::key:
            if (!open.empty() && !open.back().insert(parsed.get<std::string>()).second && repeated.empty())
                repeated = parsed.get<std::string>();
            break;
        default: break;
        }
        return true;
    };
    Json json = Json::parse(text, noteKeys, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return where.error("is not JSON");
    if (!json.is_object())
        return where.error("must be a JSON object, not " + std::string(json.type_name()));
    if (!repeated.empty())
        return where.error("names the field \"" + repeated + "\" twice");
    return json;
}

constexpr std::string_view kUnknownField = "is not a field this kind of record has";

core::Status idText(const std::string& text, const Where& where) {
    if (!core::content::isValidId(text))
        return where.error("\"" + text.substr(0, kMaxIdBytes) +
                           "\" is not an id (lower-case letters, digits, '-' or '_', starting with a letter)");
    return core::Ok{};
}

core::Status textOfAtMost(const std::string& text, std::size_t points, const Where& where) {
    if (core::codePointCount(text) > points)
        return where.error("is longer than " + std::to_string(points) + " characters");
    return core::Ok{};
}

core::Status noSealedData(const core::Record& record, const Where& where) {
    if (record.hasPersonalData())
        return where.error("carries sealed personal data, which only a complaint may");
    return core::Ok{};
}

// {"type":"complaint","office":"6340105","category":"water","text":"…",
//  "anonymous":true,"village":"4","landmark":"…"}: kiosk::StoreBackend.
core::Status checkComplaint(const core::Record& record, const Json& payload, std::string_view officeCode,
                            const Where& where) {
    const JsonFields f(payload, where);
    TRY(f.onlyFields({"type", "office", "category", "text", "anonymous", "village", "landmark"}, kUnknownField));
    if (auto type = TRY(f.optionalString("type", kMaxIdBytes)); type && *type != "complaint")
        return where.field("type").error("is \"" + *type + "\" in a complaint");
    if (auto office = TRY(f.optionalString("office", 16)); office && *office != officeCode)
        return where.field("office").error("names office " + *office + ", but the device is enrolled for office " +
                                           std::string(officeCode));
    const std::string category = TRY(f.string("category", kMaxIdBytes));
    TRY(idText(category, where.field("category")));
    const std::string text = TRY(f.string("text", core::kMaxPayloadSize));
    if (core::isBlank(text))
        return where.field("text").error("is empty; a complaint says what is wrong");
    TRY(textOfAtMost(text, kMaxComplaintTextPoints, where.field("text")));
    if (TRY(f.optionalBoolean("anonymous")).value_or(false) && record.hasPersonalData())
        return where.field("anonymous").error("is true, yet the record carries sealed contact details");
    if (auto village = TRY(f.optionalString("village", core::kMaxPayloadSize)))
        TRY(textOfAtMost(*village, kMaxVillagePoints, where.field("village")));
    if (auto landmark = TRY(f.optionalString("landmark", core::kMaxPayloadSize)))
        TRY(textOfAtMost(*landmark, kMaxLandmarkPoints, where.field("landmark")));
    return core::Ok{};
}

// An object of answers by question id: a number (rating, likert, number,
// decimal), a text or option id, or a list of option ids.
core::Status checkAnswers(const Json* answers, const Where& where) {
    if (answers == nullptr)
        return where.error("is missing");
    if (!answers->is_object())
        return where.error("must be an object of answers by question id");
    if (answers->size() > kMaxAnswers)
        return where.error("has more than " + std::to_string(kMaxAnswers) + " answers");
    for (const auto& [question, answer] : answers->items()) {
        const Where at = where.field(question);
        TRY(idText(question, at));
        if (answer.is_number_integer() || (answer.is_number_float() && std::isfinite(answer.get<double>())))
            continue;
        if (answer.is_string()) {
            TRY(textOfAtMost(answer.get_ref<const std::string&>(), kMaxAnswerTextPoints, at));
            continue;
        }
        if (answer.is_array()) {
            if (answer.size() > kMaxChoicesPerAnswer)
                return at.error("chooses more than " + std::to_string(kMaxChoicesPerAnswer) + " options");
            for (const auto& choice : answer) {
                if (!choice.is_string())
                    return at.error("must be a list of option ids");
                TRY(idText(choice.get_ref<const std::string&>(), at));
            }
            continue;
        }
        return at.error("must be a number, a text or a list of option ids, not " + std::string(answer.type_name()));
    }
    return core::Ok{};
}

// {"survey":"standard-satisfaction","version":1,"answers":{...},"context":"kiosk"}:
// core::SurveyResponse::toPayload; a field survey adds the answers its
// session asked once, "session":{...}.
core::Status checkSurveyResponse(const core::Record& record, const Json& payload, const Where& where) {
    const JsonFields f(payload, where);
    TRY(f.onlyFields({"survey", "version", "answers", "context", "service", "session"}, kUnknownField));
    TRY(noSealedData(record, where));
    const std::string survey = TRY(f.string("survey", kMaxIdBytes));
    TRY(idText(survey, where.field("survey")));
    TRY(f.optionalInteger("version", 1, 1'000'000'000));
    if (auto context = TRY(f.optionalString("context", kMaxIdBytes)))
        TRY(idText(*context, where.field("context")));
    if (auto service = TRY(f.optionalString("service", kMaxIdBytes)))
        TRY(idText(*service, where.field("service")));
    TRY(checkAnswers(f.find("answers"), where.field("answers")));
    if (const Json* session = f.find("session"))
        TRY(checkAnswers(session, where.field("session")));
    return core::Ok{};
}

// {"event":"store-demo", ...}: what the device itself notes. The hub stores
// device events and interprets nothing but their name.
core::Status checkDeviceEvent(const core::Record& record, const Json& payload, const Where& where) {
    TRY(noSealedData(record, where));
    const JsonFields f(payload, where);
    const std::string event = TRY(f.string("event", kMaxIdBytes));
    TRY(idText(event, where.field("event")));
    return core::Ok{};
}

}  // namespace

core::Status checkRecordContent(const core::Record& record, std::string_view officeCode) {
    const Where where("record " + std::to_string(record.sequence()) + " (" + core::recordKindName(record.kind()) +
                          "): payload",
                      ErrorCode::Malformed);
    const Json payload = TRY(parsePayload(record.payload(), where));
    switch (record.kind()) {
    case core::RecordKind::Complaint: return checkComplaint(record, payload, officeCode, where);
    case core::RecordKind::SurveyResponse: return checkSurveyResponse(record, payload, where);
    case core::RecordKind::DeviceEvent: return checkDeviceEvent(record, payload, where);
    }
    return where.error("is of an unknown kind");
}

}  // namespace fangsiang::hub
