// A survey response as the aggregates count it (survey_answers.hpp).

#include "survey_answers.hpp"

#include "core/content_json.hpp"

#include <nlohmann/json.hpp>

namespace fangsiang::hub::reports {

using nlohmann::json;

std::optional<CountedResponse> countedResponse(std::string_view payload) {
    const json root = json::parse(payload, nullptr, false);
    if (!root.is_object() || !root.contains("survey") || !root["survey"].is_string() || !root.contains("answers") ||
        !root["answers"].is_object())
        return std::nullopt;
    CountedResponse out;
    out.survey = root["survey"].get<std::string>();
    const json& answers = root["answers"];
    if (root.contains("service") && root["service"].is_string())
        out.service = root["service"].get<std::string>();
    else if (answers.contains("service") && answers["service"].is_string() &&
             core::content::isValidId(answers["service"].get_ref<const std::string&>()))
        out.service = answers["service"].get<std::string>();
    auto add = [&](const std::string& question, const json& answer) {
        if (answer.is_number_integer()) {
            const auto v = answer.get<std::int64_t>();
            out.answers.push_back({question, true, std::to_string(v), v});
        } else if (answer.is_string()) {
            const auto& text = answer.get_ref<const std::string&>();
            if (core::content::isValidId(text))
                out.answers.push_back({question, false, text, 0});
        } else if (answer.is_array()) {
            for (const auto& option : answer)
                if (option.is_string() && core::content::isValidId(option.get_ref<const std::string&>()))
                    out.answers.push_back({question, false, option.get<std::string>(), 0});
        }
    };
    for (const auto& [question, answer] : answers.items()) {
        add(question, answer);
        if (answer.is_string() && !core::content::isValidId(answer.get_ref<const std::string&>()) &&
            answer.get_ref<const std::string&>().find_first_not_of(" \t\r\n") != std::string::npos)
            out.comments.push_back(answer.get<std::string>());
    }
    const auto session = root.find("session");
    if (session != root.end() && session->is_object())
        for (const auto& [question, answer] : session->items())
            if (!answers.contains(question))
                add(question, answer);
    return out;
}

}  // namespace fangsiang::hub::reports
