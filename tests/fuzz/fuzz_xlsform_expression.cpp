// An XLSForm relevant or constraint expression, read both ways (with and
// without `.`, this answer).
#include "hub/xlsform.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)hub::xlsformCondition(text, true);
    (void)hub::xlsformCondition(text, false);
    return 0;
}
