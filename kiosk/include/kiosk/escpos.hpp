#pragma once
// ESC/POS for thermal receipt printers: a receipt already drawn as a picture
// becomes one raster bitmap ("GS v 0"), so Thai prints exactly as the
// screen drew it whatever fonts the printer has (most have none for Thai).
// Pure bytes, no I/O: the device file or the CUPS queue that takes them is
// in platform/receipt_printer.hpp.
//
// What is sent, in order:
//   ESC @                      1B 40               initialise
//   GS v 0 m xL xH yL yH d...  1D 76 30 00 ...     a band of at most kBandRows
//                                                  rows, x = bytes per row,
//                                                  one bit per dot, MSB left,
//                                                  1 = black
//   ESC d n                    1B 64 n             feed n lines
//   GS V 1                     1D 56 01            partial cut (when asked)

#include <core/bytes.hpp>
#include <core/result.hpp>

#include <cstdint>
#include <span>

namespace fangsiang::kiosk::escpos {

// Dots across at 203 dpi: 58 mm paper and 80 mm paper.
inline constexpr int kPaper58mmDots = 384;
inline constexpr int kPaper80mmDots = 576;
// Rows per GS v 0 command: small enough for the receive buffer of cheap
// printers, which drop or garble one image of a whole receipt.
inline constexpr int kBandRows = 256;
// A receipt is never longer than this (about 2.5 m of paper): a bigger
// picture is a mistake, not a receipt.
inline constexpr int kMaxRows = 20000;

// Luminance (0 black .. 255 white) below which a dot prints. Above half:
// the thin anti-aliased strokes of small text (a hyphen, a Thai vowel
// mark) are grey, and at half they would vanish from the paper.
inline constexpr int kInkThreshold = 160;

enum class Halftone {
    Threshold,       // darker than kInkThreshold prints: crisp text and QR codes
    FloydSteinberg,  // error diffusion: for greys (a logo, a photograph)
};

struct PrintOptions {
    int paperDots = kPaper58mmDots;
    Halftone halftone = Halftone::Threshold;
    int feedLines = 4;  // blank lines after the picture, so the cut misses it
    bool cut = true;
};

// A picture as RGBA rows, top to bottom (platform::Image's pixels).
struct RgbaPicture {
    int width = 0;
    int height = 0;
    std::span<const std::uint8_t> rgba;  // width * height * 4
};

// One bit per dot, `paperDots / 8` bytes a row, the picture at the left and
// white beyond it; transparent pixels are paper. Refuses a picture wider
// than the paper, empty, longer than kMaxRows, or of the wrong size.
[[nodiscard]] core::Result<core::Bytes> rasterise(const RgbaPicture& picture, const PrintOptions& options);

// The whole job: initialise, the picture in bands, feed, cut.
[[nodiscard]] core::Result<core::Bytes> encodeReceipt(const RgbaPicture& picture, const PrintOptions& options);

}  // namespace fangsiang::kiosk::escpos
