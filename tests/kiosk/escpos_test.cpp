// The ESC/POS encoder against bytes written out by hand (golden/*.hex), and
// the rules of its bands, paper widths, halftones and refusals.

#include "kiosk/escpos.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

using namespace fangsiang;
using namespace fangsiang::kiosk;

namespace {

// A picture of `width` x `height`, white and opaque.
struct Picture {
    int width;
    int height;
    std::vector<std::uint8_t> rgba;
    Picture(int w, int h) : width(w), height(h), rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 255) {}
    void set(int x, int y, std::uint8_t grey, std::uint8_t alpha = 255) {
        std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4];
        p[0] = p[1] = p[2] = grey;
        p[3] = alpha;
    }
    escpos::RgbaPicture view() const { return {width, height, rgba}; }
};

core::Bytes hexFixture(const std::string& name) {
    std::ifstream in(std::string(FANGSIANG_GOLDEN_DIR) + "/" + name);
    REQUIRE(in.good());
    core::Bytes out;
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string byte;
        while (words >> byte)
            out.push_back(static_cast<std::uint8_t>(std::stoul(byte, nullptr, 16)));
    }
    return out;
}

}  // namespace

TEST_CASE("a small picture encodes to the bytes written out by hand", "[escpos]") {
    Picture p(10, 3);
    for (int x = 0; x < 10; ++x)
        p.set(x, 0, 0);
    for (int x = 0; x < 10; x += 2)
        p.set(x, 1, 0);
    p.set(0, 2, 0, 0);  // black but transparent: paper
    p.set(1, 2, 159);
    p.set(2, 2, 160);
    p.set(9, 2, 0);
    auto job = escpos::encodeReceipt(p.view(), escpos::PrintOptions{});
    REQUIRE(job.ok());
    const core::Bytes expected = hexFixture("escpos-10x3.hex");
    REQUIRE(expected.size() == 2 + 8 + 3 * 48 + 3 + 3);
    CHECK(*job == expected);
}

TEST_CASE("a long receipt goes in bands, on either paper", "[escpos]") {
    const int paper = GENERATE(escpos::kPaper58mmDots, escpos::kPaper80mmDots);
    const std::size_t rowBytes = static_cast<std::size_t>(paper) / 8;
    Picture p(paper, 300);
    p.set(paper - 1, 299, 0);  // the last dot of the last row
    escpos::PrintOptions options;
    options.paperDots = paper;
    options.cut = false;
    options.feedLines = 6;
    auto job = escpos::encodeReceipt(p.view(), options);
    REQUIRE(job.ok());
    const core::Bytes& b = *job;
    REQUIRE(b.size() == 2 + 8 + 256 * rowBytes + 8 + 44 * rowBytes + 3);
    const core::Bytes first{0x1D, 0x76, 0x30, 0x00, static_cast<std::uint8_t>(rowBytes), 0x00, 0x00, 0x01};
    CHECK(core::Bytes(b.begin() + 2, b.begin() + 10) == first);
    const std::size_t second = 10 + 256 * rowBytes;
    const core::Bytes next{0x1D, 0x76, 0x30, 0x00, static_cast<std::uint8_t>(rowBytes), 0x00, 44, 0x00};
    CHECK(core::Bytes(b.begin() + static_cast<std::ptrdiff_t>(second), b.begin() + static_cast<std::ptrdiff_t>(second) + 8) == next);
    // The only black dot is the last bit before the feed; no cut was asked.
    CHECK(b[b.size() - 4] == 0x01);
    CHECK(core::Bytes(b.end() - 3, b.end()) == core::Bytes{0x1B, 0x64, 0x06});
}

TEST_CASE("dithering turns a light grey into as many dots as it is dark, thresholding into none", "[escpos]") {
    Picture p(384, 64);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 384; ++x)
            p.set(x, y, escpos::kInkThreshold);
    auto count = [&](escpos::Halftone h) {
        escpos::PrintOptions options;
        options.halftone = h;
        auto bits = escpos::rasterise(p.view(), options);
        REQUIRE(bits.ok());
        int black = 0;
        for (const std::uint8_t byte : *bits)
            black += __builtin_popcount(byte);
        return black;
    };
    CHECK(count(escpos::Halftone::Threshold) == 0);
    const int dithered = count(escpos::Halftone::FloydSteinberg);
    // Grey 160 is 37 % ink.
    CHECK(dithered > 384 * 64 * 32 / 100);
    CHECK(dithered < 384 * 64 * 42 / 100);
}

TEST_CASE("what cannot be printed is refused in words", "[escpos]") {
    escpos::PrintOptions options;
    SECTION("wider than the paper") {
        Picture p(385, 2);
        auto job = escpos::encodeReceipt(p.view(), options);
        REQUIRE_FALSE(job.ok());
        CHECK_THAT(job.error().message, Catch::Contains("wider than the paper"));
    }
    SECTION("a paper width no printer has") {
        options.paperDots = 400;
        Picture p(10, 2);
        REQUIRE_FALSE(escpos::encodeReceipt(p.view(), options).ok());
    }
    SECTION("an empty picture, or pixels that do not match its size") {
        CHECK_FALSE(escpos::encodeReceipt(escpos::RgbaPicture{}, options).ok());
        Picture p(10, 2);
        escpos::RgbaPicture wrong = p.view();
        wrong.height = 3;
        CHECK_FALSE(escpos::encodeReceipt(wrong, options).ok());
    }
}
