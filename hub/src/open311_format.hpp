#pragma once
// How Open311 answers are written (open311_format.cpp): the spec's JSON (a
// bare array) and XML (the array in a root element, UTF-8 declared), its
// W3C date-times, and its errors, [{code, description}].

#include "hub/open311.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace fangsiang::hub::open311 {

using OJson = nlohmann::ordered_json;

enum class Format { Json, Xml };

// "2026-12-01T09:30:00+07:00": the office's time (Thailand, UTC+7), as the spec asks, with its offset.
[[nodiscard]] std::string w3cTime(std::int64_t ms);
// A W3C date-time (YYYY-MM-DD, or with Thh:mm[:ss[.s]] and Z or ±hh:mm; a
// date alone is that day's start in Thailand) in milliseconds since 1970.
[[nodiscard]] std::optional<std::int64_t> parseW3cTime(std::string_view text);

// `list` (an array of objects) as the format writes it; in XML inside
// <root>, each item an element named as the spec names it.
[[nodiscard]] Open311Answer render(Format format, int status, const char* root, const OJson& list);
// The spec's error list with one error.
[[nodiscard]] Open311Answer error(Format format, int status, const std::string& description);

}  // namespace fangsiang::hub::open311
