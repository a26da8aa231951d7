// A pushed batch: zstd frame, then the batch codec, as the hub reads it.
#include "sync/protocol.hpp"

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const core::ByteView input(data, size);
    // The same bytes as a compressed frame and as an already decompressed batch.
    if (auto plain = sync::decompress(input, sync::kMaxBatchBytes))
        (void)sync::decodeBatch(*plain);
    (void)sync::decodeBatch(input);
    return 0;
}
