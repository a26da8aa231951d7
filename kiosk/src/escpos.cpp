#include "kiosk/escpos.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace fangsiang::kiosk::escpos {

namespace {

using core::ErrorCode;
using core::makeError;

// Luminance 0 (black) .. 255 (white) of a pixel over white paper.
int luminance(const std::uint8_t* p) {
    const int lum = (p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000;
    return 255 - (255 - lum) * p[3] / 255;
}

core::Status check(const RgbaPicture& picture, const PrintOptions& options) {
    if (options.paperDots != kPaper58mmDots && options.paperDots != kPaper80mmDots)
        return makeError(ErrorCode::InvalidArgument, "the paper must be " + std::to_string(kPaper58mmDots) + " dots (58 mm) or " +
                                                         std::to_string(kPaper80mmDots) + " dots (80 mm) wide, not " +
                                                         std::to_string(options.paperDots));
    if (picture.width <= 0 || picture.height <= 0 ||
        picture.rgba.size() != static_cast<std::size_t>(picture.width) * static_cast<std::size_t>(picture.height) * 4)
        return makeError(ErrorCode::InvalidArgument, "the receipt to print is an empty picture");
    if (picture.width > options.paperDots)
        return makeError(ErrorCode::InvalidArgument, "the receipt is " + std::to_string(picture.width) +
                                                         " dots wide, wider than the paper's " +
                                                         std::to_string(options.paperDots));
    if (picture.height > kMaxRows)
        return makeError(ErrorCode::TooLarge, "the receipt is " + std::to_string(picture.height) + " rows long, more than " +
                                                  std::to_string(kMaxRows));
    if (options.feedLines < 0 || options.feedLines > 255)
        return makeError(ErrorCode::InvalidArgument, "the feed after a receipt must be 0 to 255 lines");
    return core::Ok{};
}

}  // namespace

core::Result<core::Bytes> rasterise(const RgbaPicture& picture, const PrintOptions& options) {
    TRY(check(picture, options));
    const std::size_t rowBytes = static_cast<std::size_t>(options.paperDots) / 8;
    const auto w = static_cast<std::size_t>(picture.width);
    core::Bytes bits(rowBytes * static_cast<std::size_t>(picture.height), 0);
    // Floyd-Steinberg carries each row's error into the next: two rows of
    // it, one pixel of margin on either side.
    std::vector<int> error(options.halftone == Halftone::FloydSteinberg ? 2 * (w + 2) : 0, 0);
    for (std::size_t y = 0; y < static_cast<std::size_t>(picture.height); ++y) {
        int* here = error.empty() ? nullptr : error.data() + (y % 2) * (w + 2) + 1;
        int* below = error.empty() ? nullptr : error.data() + ((y + 1) % 2) * (w + 2) + 1;
        if (below != nullptr) std::fill(below - 1, below + w + 1, 0);
        for (std::size_t x = 0; x < w; ++x) {
            const int lum = luminance(&picture.rgba[(y * w + x) * 4]);
            bool black = false;
            if (here == nullptr) {
                black = lum < kInkThreshold;
            } else {
                const int value = std::clamp(lum + here[x] / 16, -255, 510);
                black = value < 128;
                const int e = value - (black ? 0 : 255);
                here[x + 1] += e * 7;
                below[x - 1] += e * 3;
                below[x] += e * 5;
                below[x + 1] += e * 1;
            }
            if (black) bits[y * rowBytes + x / 8] |= static_cast<std::uint8_t>(0x80u >> (x % 8));
        }
    }
    return bits;
}

core::Result<core::Bytes> encodeReceipt(const RgbaPicture& picture, const PrintOptions& options) {
    const core::Bytes bits = TRY(rasterise(picture, options));
    const std::size_t rowBytes = static_cast<std::size_t>(options.paperDots) / 8;
    core::Bytes out{0x1B, 0x40};
    for (int top = 0; top < picture.height; top += kBandRows) {
        const int rows = std::min(kBandRows, picture.height - top);
        const core::Bytes header{0x1D,
                                 0x76,
                                 0x30,
                                 0x00,
                                 static_cast<std::uint8_t>(rowBytes & 0xFF),
                                 static_cast<std::uint8_t>(rowBytes >> 8),
                                 static_cast<std::uint8_t>(rows & 0xFF),
                                 static_cast<std::uint8_t>(rows >> 8)};
        out.insert(out.end(), header.begin(), header.end());
        const auto from = bits.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(top) * rowBytes);
        out.insert(out.end(), from, from + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(rows) * rowBytes));
    }
    out.insert(out.end(), {0x1B, 0x64, static_cast<std::uint8_t>(options.feedLines)});
    if (options.cut) out.insert(out.end(), {0x1D, 0x56, 0x01});
    return out;
}

}  // namespace fangsiang::kiosk::escpos
