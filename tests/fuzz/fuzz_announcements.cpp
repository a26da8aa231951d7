// A announcements file from an office's content folder or a hub's bundle.
#include "core/announcements.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)core::Announcements::parse(std::string_view(reinterpret_cast<const char*>(data), size), "announcements.json");
    return 0;
}
