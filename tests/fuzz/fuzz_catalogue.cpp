// A catalogue file from an office's content folder or a hub's bundle.
#include "core/catalogue.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)core::Catalogue::parse(std::string_view(reinterpret_cast<const char*>(data), size), "catalogue.json");
    return 0;
}
