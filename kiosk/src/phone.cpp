#include "kiosk/phone.hpp"

namespace fangsiang::kiosk {

std::optional<std::string> normaliseThaiMobile(std::string_view text) {
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9')
            digits.push_back(c);
        else if (c == '+' && digits.empty() && !plus)
            plus = true;
        else if (c != ' ' && c != '-' && c != '(' && c != ')')
            return std::nullopt;
    }
    if (plus) {
        if (digits.rfind("66", 0) != 0)
            return std::nullopt;
        digits = "0" + digits.substr(2);
    }
    if (digits.size() != 10 || digits[0] != '0' || (digits[1] != '6' && digits[1] != '8' && digits[1] != '9'))
        return std::nullopt;
    return digits;
}

}  // namespace fangsiang::kiosk
