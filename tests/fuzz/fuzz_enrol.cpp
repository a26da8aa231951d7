// An enrolment request, the one body the hub reads from anyone.
#include "sync/protocol.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)sync::decodeEnrolRequest(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
