// A survey file from an office's content folder or a hub's bundle.
#include "core/survey.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)core::SurveyDefinition::parse(std::string_view(reinterpret_cast<const char*>(data), size), "surveys/standard-satisfaction.json");
    return 0;
}
