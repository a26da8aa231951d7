#pragma once
// Reading JSON that came from outside (content files, protocol messages)
// without exceptions: typed fields that name the place and the field when
// one is missing or of the wrong kind, e.g. "catalogue.json: services[3]
// (birth-registration): fee_baht: must be a whole number". The content
// model (core/content_json.hpp) and the wire protocol both read through it.

#include "core/bytes.hpp"
#include "core/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::core {

using Json = nlohmann::json;

inline constexpr std::size_t kAnyLength = std::numeric_limits<std::size_t>::max();

// Where in a document a value sits, and the code its errors carry
// (InvalidArgument for files a person wrote, Malformed for wire messages).
class Where {
public:
    explicit Where(std::string document, ErrorCode code = ErrorCode::InvalidArgument)
        : m_path(std::move(document)), m_code(code) {}
    [[nodiscard]] Where field(std::string_view name) const { return {m_path + ": " + std::string(name), m_code, 0}; }
    [[nodiscard]] Where index(std::size_t i) const { return {m_path + "[" + std::to_string(i) + "]", m_code, 0}; }
    // "name[i] (id)": a list entry, named by its id when it has one.
    [[nodiscard]] Where entry(std::string_view name, std::size_t i, std::string_view id) const;
    [[nodiscard]] Error error(std::string_view problem) const { return makeError(m_code, m_path + ": " + std::string(problem)); }
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] ErrorCode code() const { return m_code; }

private:
    Where(std::string path, ErrorCode code, int) : m_path(std::move(path)), m_code(code) {}
    std::string m_path;
    ErrorCode m_code;
};

// Parses text that must be one JSON object.
[[nodiscard]] Result<Json> parseJsonObject(std::string_view text, const Where& where);

// Typed access to the fields of one object. "optional" readers give nullopt
// for a field that is absent or null; the others call that missing.
class JsonFields {
public:
    JsonFields(const Json& object, Where where) : m_object(object), m_where(std::move(where)) {}

    [[nodiscard]] Result<std::optional<std::string>> optionalString(const char* key,
                                                                    std::size_t maxBytes = kAnyLength) const;
    [[nodiscard]] Result<std::string> string(const char* key, std::size_t maxBytes = kAnyLength) const;
    [[nodiscard]] Result<std::optional<std::int64_t>> optionalInteger(
        const char* key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
        std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
    [[nodiscard]] Result<std::int64_t> integer(const char* key,
                                               std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                               std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
    [[nodiscard]] Result<std::uint64_t> unsignedInteger(const char* key) const;
    [[nodiscard]] Result<std::optional<bool>> optionalBoolean(const char* key) const;
    [[nodiscard]] Result<bool> boolean(const char* key) const;
    // A list; when absent, an error if `required`, else an empty list.
    [[nodiscard]] Result<const Json*> array(const char* key, bool required = true,
                                            std::size_t maxEntries = kAnyLength) const;
    // Exactly 2N hex digits.
    template <std::size_t N>
    [[nodiscard]] Result<std::array<std::uint8_t, N>> hex(const char* key) const {
        auto text = TRY(string(key, 2 * N));
        auto bytes = fixedFromHex<N>(text);
        if (!bytes)
            return missingOr(key, "must be " + std::to_string(2 * N) + " hex digits");
        return *bytes;
    }

    // Every field is one of `known` and none is null; else an error naming
    // the first other field with `problem` ("is not a field this kind of
    // record has").
    [[nodiscard]] Status onlyFields(std::initializer_list<std::string_view> known, std::string_view problem) const;

    [[nodiscard]] const Json* find(const char* key) const;  // nullptr when absent or null
    [[nodiscard]] const Where& where() const { return m_where; }
    [[nodiscard]] Error missingOr(const char* key, std::string_view problem) const;

private:
    const Json& m_object;
    Where m_where;
};

}  // namespace fangsiang::core
