// What citizens talk about (hub/listening.hpp).

#include "hub/listening.hpp"
#include "listening_words.hpp"
#include "survey_answers.hpp"

#include "core/record.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>
#include <optional>

namespace fangsiang::hub {

core::Result<const TermExtractor*> listeningExtractor() {
    static std::once_flag once;
    static std::optional<core::Result<TermExtractor>> made;
    std::call_once(once, [] { made.emplace(TermExtractor::create(kShippedStopWords, readWordList(kShippedWords))); });
    if (!*made)
        return made->error();
    return &**made;
}

core::Result<BrokenTexts> breakRecordTexts(const core::Record& record) {
    BrokenTexts broken;
    std::vector<std::string> texts;
    if (record.kind() == core::RecordKind::Complaint) {
        const auto root = nlohmann::json::parse(record.payload(), nullptr, false);
        if (root.is_object() && root.contains("text") && root["text"].is_string())
            texts.push_back(root["text"].get<std::string>());
    } else if (record.kind() == core::RecordKind::SurveyResponse) {
        if (auto response = reports::countedResponse(record.payload()))
            texts = std::move(response->comments);
    }
    if (texts.empty())
        return broken;
    const TermExtractor* extract = TRY(listeningExtractor());
    for (auto& text : texts)
        if (text.find_first_not_of(" \t\r\n") != std::string::npos && broken.find(text) == nullptr) {
            auto terms = extract->terms(text);
            broken.add(std::move(text), std::move(terms));
        }
    return broken;
}

namespace {

// The text questions of a survey: its definition's, else "comment".
std::vector<std::string> textQuestions(const core::SurveyDefinition* definition) {
    if (definition == nullptr)
        return {"comment"};
    std::vector<std::string> out;
    for (const auto& q : definition->questions())
        if (q.type == core::QuestionType::Text)
            out.push_back(q.id);
    return out;
}

}  // namespace

core::Result<std::vector<ListenedText>> surveyComments(HubStorage& storage, const ReportContent& content,
                                                       const std::string& office, std::int64_t fromMs,
                                                       std::int64_t toMs) {
    const TermExtractor* terms = TRY(listeningExtractor());
    std::vector<ListenedText> out;
    for (const auto& device : TRY(storage.listDevices())) {
        if (device.officeCode != office)
            continue;
        TRY(storage.forEachRecord(device.key, [&](const StoredRecord& row) -> core::Status {
            if (row.kind != static_cast<std::uint8_t>(core::RecordKind::SurveyResponse) || row.createdAtMs < fromMs ||
                row.createdAtMs >= toMs)
                return core::Ok{};
            auto record = core::Record::parse(row.bytes);
            if (!record)
                return core::Ok{};  // verified at ingest; a record that no longer parses says nothing here
            const auto payload = nlohmann::json::parse(record->payload(), nullptr, false);
            if (!payload.is_object() || !payload.contains("answers") || !payload["answers"].is_object())
                return core::Ok{};
            const std::string survey = payload.value("survey", std::string());
            const auto& answers = payload["answers"];
            const std::string service = answers.contains("service") && answers["service"].is_string()
                                            ? answers["service"].get<std::string>()
                                            : std::string();
            for (const auto& question : textQuestions(content.survey(survey))) {
                if (!answers.contains(question) || !answers[question].is_string())
                    continue;
                const std::string text = answers[question].get<std::string>();
                if (text.find_first_not_of(" \t\r\n") == std::string::npos)
                    continue;
                out.push_back({"comment", survey, service, question, row.createdAtMs, text, terms->terms(text)});
            }
            return core::Ok{};
        }));
    }
    std::stable_sort(out.begin(), out.end(), [](const ListenedText& a, const ListenedText& b) { return a.atMs > b.atMs; });
    return out;
}

}  // namespace fangsiang::hub
