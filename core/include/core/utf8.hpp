#pragma once

#include <cstddef>
#include <string_view>

namespace fangsiang::core {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
[[nodiscard]] bool isValidUtf8(std::string_view text);

// True when text is empty or only spaces, tabs and line breaks.
[[nodiscard]] bool isBlank(std::string_view text);

// Length of UTF-8 text in code points.
[[nodiscard]] std::size_t codePointCount(std::string_view text);

}  // namespace fangsiang::core
