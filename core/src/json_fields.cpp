#include "core/json_fields.hpp"

#include "core/utf8.hpp"

#include <algorithm>

namespace fangsiang::core {

Where Where::entry(std::string_view name, std::size_t i, std::string_view id) const {
    std::string path = m_path + ": " + std::string(name) + "[" + std::to_string(i) + "]";
    if (!id.empty())
        path += " (" + std::string(id) + ")";
    return {std::move(path), m_code, 0};
}

Result<Json> parseJsonObject(std::string_view text, const Where& where) {
    if (!isValidUtf8(text))
        return where.error("is not UTF-8 text");
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        return where.error("not valid JSON (check commas and quotes)");
    if (!json.is_object())
        return where.error("must be one JSON object { … }");
    return json;
}

const Json* JsonFields::find(const char* key) const {
    if (!m_object.is_object())
        return nullptr;
    auto it = m_object.find(key);
    return it == m_object.end() || it->is_null() ? nullptr : &*it;
}

Status JsonFields::onlyFields(std::initializer_list<std::string_view> known, std::string_view problem) const {
    for (const auto& [key, value] : m_object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            return m_where.field(key).error(problem);
        if (value.is_null())
            return m_where.field(key).error("must not be null");
    }
    return Ok{};
}

Error JsonFields::missingOr(const char* key, std::string_view problem) const {
    return m_where.field(key).error(find(key) == nullptr ? "is missing" : problem);
}

Result<std::optional<std::string>> JsonFields::optionalString(const char* key, std::size_t maxBytes) const {
    const Json* value = find(key);
    if (value == nullptr)
        return std::optional<std::string>{};
    if (!value->is_string())
        return m_where.field(key).error("must be text");
    const auto& text = value->get_ref<const std::string&>();
    if (text.size() > maxBytes)
        return m_where.field(key).error("is too long (at most " + std::to_string(maxBytes) + " bytes)");
    return std::optional<std::string>(text);
}

Result<std::string> JsonFields::string(const char* key, std::size_t maxBytes) const {
    auto text = TRY(optionalString(key, maxBytes));
    if (!text)
        return m_where.field(key).error("is missing");
    return std::move(*text);
}

Result<std::optional<std::int64_t>> JsonFields::optionalInteger(const char* key, std::int64_t min,
                                                                 std::int64_t max) const {
    const Json* value = find(key);
    if (value == nullptr)
        return std::optional<std::int64_t>{};
    if (!value->is_number_integer())
        return m_where.field(key).error("must be a whole number");
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return m_where.field(key).error("is out of range");
    const auto number = value->get<std::int64_t>();
    if (number < min || number > max)
        return m_where.field(key).error("must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                        " (it is " + std::to_string(number) + ")");
    return std::optional<std::int64_t>(number);
}

Result<std::int64_t> JsonFields::integer(const char* key, std::int64_t min, std::int64_t max) const {
    auto number = TRY(optionalInteger(key, min, max));
    if (!number)
        return m_where.field(key).error("is missing");
    return *number;
}

Result<std::uint64_t> JsonFields::unsignedInteger(const char* key) const {
    const Json* value = find(key);
    if (value == nullptr || !value->is_number_unsigned())
        return missingOr(key, "must be a whole number, 0 or more");
    return value->get<std::uint64_t>();
}

Result<std::optional<bool>> JsonFields::optionalBoolean(const char* key) const {
    const Json* value = find(key);
    if (value == nullptr)
        return std::optional<bool>{};
    if (!value->is_boolean())
        return m_where.field(key).error("must be true or false");
    return std::optional<bool>(value->get<bool>());
}

Result<bool> JsonFields::boolean(const char* key) const {
    auto value = TRY(optionalBoolean(key));
    if (!value)
        return m_where.field(key).error("is missing");
    return *value;
}

Result<const Json*> JsonFields::array(const char* key, bool required, std::size_t maxEntries) const {
    static const Json kEmpty = Json::array();
    const Json* value = find(key);
    if (value == nullptr) {
        if (required)
            return m_where.field(key).error("is missing");
        return &kEmpty;
    }
    if (!value->is_array())
        return m_where.field(key).error("must be a list [ … ]");
    if (value->size() > maxEntries)
        return m_where.field(key).error("has too many entries (at most " + std::to_string(maxEntries) + ")");
    return value;
}

}  // namespace fangsiang::core
