// Records from outside: the parser, then chain verification against a head.
#include "core/record.hpp"

#include <cstddef>
#include <cstdint>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const core::ByteView bytes(data, size);
    if (auto record = core::Record::parse(bytes)) {
        (void)core::verifySignature(*record);
        (void)core::checkLink(core::ChainHead{}, *record);
        (void)record->payload();
        (void)core::verifyNext(bytes, record->device(), core::ChainHead{});
    }
    return 0;
}
