#pragma once
// Text a citizen sees, in Thai and English. Thai comes first: it is what the
// kiosk shows unless the citizen has chosen English.

#include <string>

namespace fangsiang::core {

enum class Language { Thai, English };

struct TextPair {
    std::string th;
    std::string en;

    [[nodiscard]] const std::string& in(Language language) const {
        return language == Language::English && !en.empty() ? en : th;
    }
    bool operator==(const TextPair&) const = default;
};

}  // namespace fangsiang::core
