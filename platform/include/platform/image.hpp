#pragma once
// Frames as RGBA pixels, saved and loaded as PNG (libpng), and the
// comparison the rendering tests use.

#include <core/result.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fangsiang::platform {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, rows top to bottom
};

[[nodiscard]] core::Status savePng(const std::string& path, const Image& image);
[[nodiscard]] core::Result<Image> loadPng(const std::string& path);

// How two frames differ. A pixel differs when any channel is off by more
// than `channelTolerance`; the frames match when no `block`-sized square
// holds more than `maxPerBlock` differing pixels. Counting per block keeps
// scattered anti-aliasing noise (a different libstb build) apart from one
// misplaced mark, which is a tight cluster of changed pixels.
struct ImageDiff {
    bool sameSize = false;
    long differingPixels = 0;
    int worstBlock = 0;  // differing pixels in the worst block
    int worstBlockX = 0;
    int worstBlockY = 0;
};
struct DiffTolerance {
    int channelTolerance = 48;
    int block = 16;
    int maxPerBlock = 6;
};
[[nodiscard]] ImageDiff compareImages(const Image& a, const Image& b, const DiffTolerance& tolerance);
[[nodiscard]] bool imagesMatch(const ImageDiff& diff, const DiffTolerance& tolerance);

}  // namespace fangsiang::platform
