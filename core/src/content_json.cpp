#include "core/content_json.hpp"

#include "core/utf8.hpp"

namespace fangsiang::core::content {

Result<Json> parseObject(std::string_view text, const std::string& fileName) {
    return parseJsonObject(text, Where(fileName));
}

Result<Document> parseDocument(std::string_view text, const std::string& fileName, int format) {
    Document document{TRY(parseObject(text, fileName)), Where(fileName)};
    TRY(requireInteger(document.json, "format", format, format, document.root));
    return document;
}

Result<std::optional<std::string>> optionalText(const Json& object, const char* key, const Where& where) {
    return JsonFields(object, where).optionalString(key);
}

Result<std::string> requireText(const Json& object, const char* key, const Where& where) {
    auto text = TRY(JsonFields(object, where).string(key));
    if (core::isBlank(text))
        return where.field(key).error("is blank");
    return text;
}

Result<TextPair> parsePair(const Json& value, const Where& where) {
    if (!value.is_object())
        return where.error(R"(must be a text pair {"th": "…", "en": "…"})");
    auto th = TRY(requireText(value, "th", where));
    auto en = TRY(requireText(value, "en", where));
    return TextPair{std::move(th), std::move(en)};
}

Result<std::optional<TextPair>> optionalPair(const Json& object, const char* key, const Where& where) {
    const Json* value = JsonFields(object, where).find(key);
    if (value == nullptr)
        return std::optional<TextPair>{};
    return std::optional<TextPair>{TRY(parsePair(*value, where.field(key)))};
}

Result<TextPair> requirePair(const Json& object, const char* key, const Where& where) {
    auto pair = TRY(optionalPair(object, key, where));
    if (!pair)
        return where.field(key).error("is missing");
    return std::move(*pair);
}

Result<std::optional<std::int64_t>> optionalInteger(const Json& object, const char* key, std::int64_t min,
                                                    std::int64_t max, const Where& where) {
    return JsonFields(object, where).optionalInteger(key, min, max);
}

Result<std::int64_t> requireInteger(const Json& object, const char* key, std::int64_t min, std::int64_t max,
                                    const Where& where) {
    return JsonFields(object, where).integer(key, min, max);
}

Result<const Json*> arrayField(const Json& object, const char* key, bool required, const Where& where) {
    return JsonFields(object, where).array(key, required);
}

Status requireObject(const Json& value, const Where& where, std::string_view shape) {
    if (!value.is_object())
        return where.error("must be an object " + std::string(shape));
    return Ok{};
}

std::string idHint(const Json& item) {
    if (item.is_object()) {
        auto it = item.find("id");
        if (it != item.end() && it->is_string())
            return it->get<std::string>();
    }
    return {};
}

bool isValidId(std::string_view id) {
    if (id.empty() || id.size() > 64 || !(id[0] >= 'a' && id[0] <= 'z'))
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

Result<std::string> requireId(const Json& object, const char* key, const Where& where) {
    auto id = TRY(requireText(object, key, where));
    if (!isValidId(id))
        return where.field(key).error("\"" + id + "\" is not a valid id (lower-case letters, digits, '-' or '_', starting with a letter)");
    return id;
}

Status UniqueIds::add(const std::string& id, const Where& where) {
    if (!m_ids.insert(id).second)
        return where.field("id").error("\"" + id + "\" is used twice");
    return Ok{};
}

Result<std::string> UniqueIds::take(const Json& entry, const Where& where) {
    auto id = TRY(requireId(entry, "id", where));
    TRY(add(id, where));
    return id;
}

}  // namespace fangsiang::core::content
