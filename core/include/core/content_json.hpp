#pragma once
// Reading content files (catalogue, surveys, announcements) with errors that
// point at the problem: "catalogue.json: services[3] (birth-registration):
// steps[1]: give either minutes or days". The rules of content on top of the
// JSON field readers of core/json_fields.hpp: text is never blank, labels come in
// Thai and English, ids are short and plain.

#include "core/json_fields.hpp"
#include "core/result.hpp"
#include "core/text_pair.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::core::content {

// The files of a content folder and of the hub's content bundles.
inline constexpr const char* kCatalogueFile = "catalogue.json";
inline constexpr const char* kStandardSurveyFile = "surveys/standard-satisfaction.json";
inline constexpr const char* kSurveysFolder = "surveys/";
inline constexpr const char* kAnnouncementsFile = "announcements.json";  // optional

// Parses a whole file's bytes as a JSON object.
[[nodiscard]] Result<Json> parseObject(std::string_view text, const std::string& fileName);

// A content file being read: its JSON object and the Where that names the
// file in errors.
struct Document {
    Json json;
    Where root;
};
// parseObject, and the document's "format" must be `format` (every content
// file says which version of its layout it follows).
[[nodiscard]] Result<Document> parseDocument(std::string_view text, const std::string& fileName, int format);

[[nodiscard]] Result<std::string> requireText(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<std::optional<std::string>> optionalText(const Json& object, const char* key, const Where& where);
// A text pair {"th": …, "en": …} whose texts are not blank; `where` names it.
[[nodiscard]] Result<TextPair> parsePair(const Json& value, const Where& where);
[[nodiscard]] Result<TextPair> requirePair(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<std::optional<TextPair>> optionalPair(const Json& object, const char* key, const Where& where);
[[nodiscard]] Result<std::int64_t> requireInteger(const Json& object, const char* key, std::int64_t min,
                                                  std::int64_t max, const Where& where);
[[nodiscard]] Result<std::optional<std::int64_t>> optionalInteger(const Json& object, const char* key,
                                                                  std::int64_t min, std::int64_t max,
                                                                  const Where& where);
// An array field; absent is an error unless `required` is false (then empty).
[[nodiscard]] Result<const Json*> arrayField(const Json& object, const char* key, bool required, const Where& where);

// An error unless `value` is an object; `shape` shows what one looks like.
[[nodiscard]] Status requireObject(const Json& value, const Where& where, std::string_view shape = "{ … }");

// The "id" of a list entry when it has one, for naming the entry in errors.
[[nodiscard]] std::string idHint(const Json& item);

// How errors name the entries of a list: "steps[1]", or "services[3]
// (birth-registration)" for lists whose entries have ids.
enum class EntryNames { ByIndex, WithId };

// Calls visit(entry, here) -> Status for each entry of `list` (the field
// `key` of the object at `where`), `here` naming the entry; stops at the
// first error.
template <typename Visit>
[[nodiscard]] Status forEachEntry(const Json& list, const char* key, const Where& where, EntryNames names,
                                  Visit&& visit) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json& entry = list[i];
        const Where here = names == EntryNames::WithId ? where.entry(key, i, idHint(entry)) : where.field(key).index(i);
        TRY(std::invoke(visit, entry, here));
    }
    return Ok{};
}

// forEachEntry for the common case: parse(entry, here) -> Result<T> turns
// each entry into a T.
template <typename T, typename Parse>
[[nodiscard]] Result<std::vector<T>> parseEntries(const Json& list, const char* key, const Where& where,
                                                  EntryNames names, Parse&& parse) {
    std::vector<T> out;
    out.reserve(list.size());
    auto parseOne = [&](const Json& entry, const Where& here) -> Status {
        out.push_back(TRY(std::invoke(parse, entry, here)));
        return Ok{};
    };
    TRY(forEachEntry(list, key, where, names, parseOne));
    return out;
}

// ids: lower-case ASCII letters, digits and '-', 1 to 64 characters, starting with a letter.
[[nodiscard]] bool isValidId(std::string_view id);
[[nodiscard]] Result<std::string> requireId(const Json& object, const char* key, const Where& where);

// The ids of one list's entries, each of which may be used once.
class UniqueIds {
public:
    // Refuses an id this list has used already, at `where`'s "id".
    [[nodiscard]] Status add(const std::string& id, const Where& where);
    // requireId(entry, "id", where), and add() it.
    [[nodiscard]] Result<std::string> take(const Json& entry, const Where& where);
    [[nodiscard]] bool contains(std::string_view id) const { return m_ids.contains(id); }

private:
    std::set<std::string, std::less<>> m_ids;
};

}  // namespace fangsiang::core::content
