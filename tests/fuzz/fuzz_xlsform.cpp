// An XLSForm workbook given to `fangsiang-hub publish`: the zip, its XML
// parts, the sheets and the conversion to a survey.
#include "hub/xlsform.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)hub::convertXlsForm(std::string_view(reinterpret_cast<const char*>(data), size), "surveys/form.xlsx");
    return 0;
}
