// The kiosk's kiosk.toml.
#include "kiosk_config.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)parseKioskConfig(std::string_view(reinterpret_cast<const char*>(data), size), "kiosk.toml", "/etc/fangsiang");
    return 0;
}
