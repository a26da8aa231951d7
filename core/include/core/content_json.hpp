#pragma once
// Reading content files (catalogue, surveys, announcements) with errors that
// point at the problem: "catalogue.json: services[3] (birth-registration):
// steps[1]: give either minutes or days". The rules of content on top of the
// JSON field readers of core/json.hpp: text is never blank, labels come in
// Thai and English, ids are short and plain.

#include "core/json.hpp"
#include "core/result.hpp"
#include "core/text_pair.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::core::content {

// The files of a content folder and of the hub's content bundles.
inline constexpr const char* kCatalogueFile = "catalogue.json";
inline constexpr const char* kStandardSurveyFile = "surveys/standard-satisfaction.json";
inline constexpr const char* kSurveysFolder = "surveys/";
inline constexpr const char* kAnnouncementsFile = "announcements.json";  // optional

// Parses a whole file's bytes as a JSON object.
[[nodiscard]] Result<Json> parseObject(std::string_view text, const std::string& fileName);
// parseObject, and the document's "format" must be `format` (every content
// file says which version of its layout it follows).
[[nodiscard]] Result<Json> parseDocument(std::string_view text, const std::string& fileName, int format);

[[nodiscard]] Result<std::string> requireText(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<std::optional<std::string>> optionalText(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<TextPair> requirePair(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<std::optional<TextPair>> optionalPair(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<std::int64_t> requireInteger(const Json& object, const char* key, std::int64_t min,
                                                  std::int64_t max, const Where& where);
[[nodiscard]] Result<std::optional<std::int64_t>> optionalInteger(const Json& object, const char* key,
                                                                  std::int64_t min, std::int64_t max,
                                                                  const Where& where);
// An array field; absent is an error unless `required` is false (then empty).
[[nodiscard]] Result<const Json*> arrayField(const Json& object, const char* key, bool required, const Where& where);

// The "id" of a list entry when it has one, for naming the entry in errors.
[[nodiscard]] std::string idHint(const Json& item);

// ids: lower-case ASCII letters, digits and '-', 1 to 64 characters, starting with a letter.
[[nodiscard]] bool isValidId(std::string_view id);
[[nodiscard]] Result<std::string> requireId(const Json& object, const char* key, const Where& where);

}  // namespace fangsiang::core::content
