#include "core/content_json.hpp"

#include "core/utf8.hpp"

namespace fangsiang::core::content {

Where Where::entry(std::string_view name, std::size_t i, std::string_view id) const {
    std::string path = m_path + ": " + std::string(name) + "[" + std::to_string(i) + "]";
    if (!id.empty())
        path += " (" + std::string(id) + ")";
    return Where(std::move(path), 0);
}

Result<Json> parseObject(std::string_view text, const std::string& fileName) {
    if (!isValidUtf8(text))
        return makeError(ErrorCode::InvalidArgument, fileName + ": the file is not UTF-8 text");
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return makeError(ErrorCode::InvalidArgument, fileName + ": not valid JSON (check commas and quotes)");
    if (!json.is_object())
        return makeError(ErrorCode::InvalidArgument, fileName + ": the file must hold one JSON object { … }");
    return json;
}

Result<Json> parseDocument(std::string_view text, const std::string& fileName, int format) {
    auto json = parseObject(text, fileName);
    if (!json)
        return json.error();
    auto version = requireInteger(*json, "format", format, format, Where(fileName));
    if (!version)
        return version.error();
    return json;
}

static bool isBlank(const std::string& s) {
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

Result<std::optional<std::string>> optionalText(const Json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::optional<std::string>{};
    if (!it->is_string())
        return where.field(key).error("must be text");
    return std::optional<std::string>{it->get<std::string>()};
}

Result<std::string> requireText(const Json& object, const char* key, const Where& where) {
    auto text = optionalText(object, key, where);
    if (!text)
        return text.error();
    if (!text->has_value())
        return where.field(key).error("is missing");
    if (isBlank(**text))
        return where.field(key).error("is blank");
    return std::move(**text);
}

Result<std::optional<TextPair>> optionalPair(const Json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::optional<TextPair>{};
    const Where here = where.field(key);
    if (!it->is_object())
        return here.error(R"(must be a text pair {"th": "…", "en": "…"})");
    auto th = requireText(*it, "th", here);
    if (!th)
        return th.error();
    auto en = requireText(*it, "en", here);
    if (!en)
        return en.error();
    return std::optional<TextPair>{TextPair{std::move(*th), std::move(*en)}};
}

Result<TextPair> requirePair(const Json& object, const char* key, const Where& where) {
    auto pair = optionalPair(object, key, where);
    if (!pair)
        return pair.error();
    if (!pair->has_value())
        return where.field(key).error("is missing");
    return std::move(**pair);
}

Result<std::optional<std::int64_t>> optionalInteger(const Json& object, const char* key, std::int64_t min,
                                                    std::int64_t max, const Where& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return std::optional<std::int64_t>{};
    if (!it->is_number_integer())
        return where.field(key).error("must be a whole number");
    auto value = it->get<std::int64_t>();
    if (value < min || value > max)
        return where.field(key).error("must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                      " (it is " + std::to_string(value) + ")");
    return std::optional<std::int64_t>{value};
}

Result<std::int64_t> requireInteger(const Json& object, const char* key, std::int64_t min, std::int64_t max,
                                    const Where& where) {
    auto value = optionalInteger(object, key, min, max, where);
    if (!value)
        return value.error();
    if (!value->has_value())
        return where.field(key).error("is missing");
    return **value;
}

Result<const Json*> arrayField(const Json& object, const char* key, bool required, const Where& where) {
    static const Json kEmpty = Json::array();
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required)
            return where.field(key).error("is missing");
        return &kEmpty;
    }
    if (!it->is_array())
        return where.field(key).error("must be a list [ … ]");
    return &*it;
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
    auto id = requireText(object, key, where);
    if (!id)
        return id.error();
    if (!isValidId(*id))
        return where.field(key).error("\"" + *id + "\" is not a valid id (lower-case letters, digits, '-' or '_', starting with a letter)");
    return id;
}

}  // namespace fangsiang::core::content
