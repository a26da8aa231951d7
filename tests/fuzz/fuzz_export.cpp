// A USB export file, as `fangsiang-hub import` reads it.
#include "sync/protocol.hpp"

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parts = sync::decodeExportFile(core::ByteView(data, size));
    if (parts)
        for (const auto& part : *parts)
            if (auto plain = sync::decompress(part, sync::kMaxBatchBytes))
                (void)sync::decodeBatch(*plain);
    return 0;
}
