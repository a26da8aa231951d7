// The JSON bodies the hub reads from a device: an enrolment request (from
// anyone) and a store-lost report.
#include "sync/protocol.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)sync::decodeEnrolRequest(text);
    (void)sync::decodeStoreLostReport(text);
    return 0;
}
