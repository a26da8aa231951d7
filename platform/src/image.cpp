#include "platform/image.hpp"

#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace fangsiang::platform {

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

core::Status savePng(const std::string& path, const Image& image) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4)
        return core::makeError(core::ErrorCode::InvalidArgument, "image has no pixels or the wrong size");
    // libpng's simplified API reports errors in the image struct instead of
    // longjmp-ing through C++ frames.
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(image.width);
    png.height = static_cast<png_uint_32>(image.height);
    png.format = PNG_FORMAT_RGBA;
    File file(std::fopen(path.c_str(), "wb"));
    if (!file) return core::makeError(core::ErrorCode::Io, "cannot create " + path);
    if (!png_image_write_to_stdio(&png, file.get(), 0, image.rgba.data(), 0, nullptr))
        return core::makeError(core::ErrorCode::Io, "writing " + path + " failed: " + png.message);
    if (std::fflush(file.get()) != 0) return core::makeError(core::ErrorCode::Io, "writing " + path + " failed");
    return core::Ok{};
}

core::Result<Image> loadPng(const std::string& path) {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&png, path.c_str()))
        return core::makeError(core::ErrorCode::NotFound, "cannot read " + path + ": " + png.message);
    png.format = PNG_FORMAT_RGBA;
    // A frame is at most a few thousand pixels across; refuse anything that
    // would make the buffer absurd.
    if (png.width == 0 || png.height == 0 || png.width > 8192 || png.height > 8192) {
        png_image_free(&png);
        return core::makeError(core::ErrorCode::TooLarge, path + " is not a frame-sized image");
    }
    Image image;
    image.width = static_cast<int>(png.width);
    image.height = static_cast<int>(png.height);
    image.rgba.resize(PNG_IMAGE_SIZE(png));
    if (!png_image_finish_read(&png, nullptr, image.rgba.data(), 0, nullptr))
        return core::makeError(core::ErrorCode::Corrupt, "decoding " + path + " failed: " + png.message);
    return image;
}

ImageDiff compareImages(const Image& a, const Image& b, const DiffTolerance& tol) {
    ImageDiff diff;
    diff.sameSize = a.width == b.width && a.height == b.height && a.rgba.size() == b.rgba.size();
    if (!diff.sameSize || tol.block <= 0) return diff;
    const int bw = (a.width + tol.block - 1) / tol.block;
    const int bh = (a.height + tol.block - 1) / tol.block;
    std::vector<int> blocks(static_cast<std::size_t>(bw) * static_cast<std::size_t>(bh), 0);
    for (int y = 0; y < a.height; ++y) {
        for (int x = 0; x < a.width; ++x) {
            const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(a.width) + static_cast<std::size_t>(x)) * 4;
            bool differs = false;
            for (int c = 0; c < 4; ++c)
                differs = differs || std::abs(int{a.rgba[i + static_cast<std::size_t>(c)]} - int{b.rgba[i + static_cast<std::size_t>(c)]}) > tol.channelTolerance;
            if (!differs) continue;
            ++diff.differingPixels;
            int& n = blocks[static_cast<std::size_t>(y / tol.block) * static_cast<std::size_t>(bw) + static_cast<std::size_t>(x / tol.block)];
            if (++n > diff.worstBlock) {
                diff.worstBlock = n;
                diff.worstBlockX = (x / tol.block) * tol.block;
                diff.worstBlockY = (y / tol.block) * tol.block;
            }
        }
    }
    return diff;
}

bool imagesMatch(const ImageDiff& diff, const DiffTolerance& tol) {
    return diff.sameSize && diff.worstBlock <= tol.maxPerBlock;
}

}  // namespace fangsiang::platform
