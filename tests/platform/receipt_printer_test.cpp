// The receipt printers: the PNG printer (what it writes, where, and what it
// refuses), and ESC/POS on a device file (a real file, /dev/full, a path
// that is not there) and on a CUPS queue that does not exist.

#include "platform/receipt_printer.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <core/files.hpp>

#include <cstdlib>
#include <filesystem>

using namespace fangsiang;

namespace fs = std::filesystem;

namespace {

platform::Image paper(int height) {
    platform::Image image;
    image.width = platform::kReceiptPaperWidth;
    image.height = height;
    image.rgba.assign(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(height) * 4, 255);
    for (int x = 20; x < 200; ++x)  // a line of ink
        image.rgba[(static_cast<std::size_t>(height / 2) * image.width + x) * 4] = 0;
    return image;
}

}  // namespace

TEST_CASE("a printed receipt is a private PNG named after its ticket", "[printer]") {
    std::string pattern = (fs::temp_directory_path() / "fangsiang-printer-XXXXXX").string();
    const fs::path dir = ::mkdtemp(pattern.data());
    platform::PngReceiptPrinter printer(dir / "receipts");

    auto printed = printer.print(paper(300), "6340105-1-7-7");
    INFO((printed.ok() ? "" : printed.error().message));
    REQUIRE(printed.ok());
    CHECK(*printed == (dir / "receipts" / "6340105-1-7-7.png").string());
    struct stat st {};
    REQUIRE(::stat(printed->c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto back = platform::loadPng(*printed);
    REQUIRE(back.ok());
    CHECK(back->width == platform::kReceiptPaperWidth);
    CHECK(back->height == 300);
    CHECK(back->rgba == paper(300).rgba);

    SECTION("a name that would leave the folder is refused") {
        CHECK_FALSE(printer.print(paper(10), "../escape").ok());
        CHECK_FALSE(printer.print(paper(10), "").ok());
        CHECK_FALSE(fs::exists(dir / "escape.png"));
    }
    SECTION("an empty picture is refused") {
        CHECK_FALSE(printer.print(platform::Image{}, "x").ok());
    }
    fs::remove_all(dir);
}

TEST_CASE("an ESC/POS receipt reaches the device file byte for byte, one job per print", "[printer][escpos]") {
    std::string pattern = (fs::temp_directory_path() / "fangsiang-lp-XXXXXX").string();
    const fs::path dir = ::mkdtemp(pattern.data());
    const fs::path device = dir / "lp0";
    REQUIRE(core::writeFileAtomically(device, {}, 0600).ok());
    kiosk::escpos::PrintOptions options;
    platform::EscPosReceiptPrinter printer(options, platform::deviceFileOutput(device));
    CHECK(printer.paperWidth() == 384);
    const platform::Image image = paper(40);
    auto expected = kiosk::escpos::encodeReceipt({image.width, image.height, image.rgba}, options);
    REQUIRE(expected.ok());

    auto printed = printer.print(image, "6340105-1-7-7");
    INFO((printed.ok() ? "" : printed.error().message));
    REQUIRE(printed.ok());
    CHECK_THAT(*printed, Catch::Contains(device.string()));
    auto bytes = core::readFile(device, 1u << 20);
    REQUIRE(bytes.ok());
    CHECK(*bytes == *expected);
    // Print again: exactly one more job after the first.
    REQUIRE(printer.print(image, "6340105-1-7-7").ok());
    bytes = core::readFile(device, 1u << 20);
    core::Bytes twice = *expected;
    twice.insert(twice.end(), expected->begin(), expected->end());
    CHECK(*bytes == twice);
    fs::remove_all(dir);
}

TEST_CASE("printer trouble comes back as an error the kiosk can word", "[printer][escpos]") {
    const platform::Image image = paper(20);
    SECTION("a full device (ENOSPC, as a printer out of paper answers)") {
        platform::EscPosReceiptPrinter printer({}, platform::deviceFileOutput("/dev/full"));
        auto printed = printer.print(image, "t");
        REQUIRE_FALSE(printed.ok());
        CHECK(printed.error().code == core::ErrorCode::Io);
        CHECK_THAT(printed.error().message, Catch::Contains("/dev/full") && Catch::Contains("out of paper"));
    }
    SECTION("a device that is not plugged in, and is not made up") {
        const fs::path absent = fs::temp_directory_path() / "fangsiang-no-printer" / "lp0";
        platform::EscPosReceiptPrinter printer({}, platform::deviceFileOutput(absent));
        auto printed = printer.print(image, "t");
        REQUIRE_FALSE(printed.ok());
        CHECK(printed.error().code == core::ErrorCode::NotFound);
        CHECK_THAT(printed.error().message, Catch::Contains("plugged in"));
        CHECK_FALSE(fs::exists(absent));
    }
    SECTION("a printer that stops taking data is given up, not waited for without end") {
        // A pipe whose reader never reads: full after 64 KiB, as a jammed
        // printer's buffer is.
        std::string pattern = (fs::temp_directory_path() / "fangsiang-lp-XXXXXX").string();
        const fs::path dir = ::mkdtemp(pattern.data());
        const fs::path fifo = dir / "lp0";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
        REQUIRE(reader >= 0);
        platform::EscPosReceiptPrinter printer({}, platform::deviceFileOutput(fifo));
        auto printed = printer.print(paper(2000), "t");  // 96 KB of raster
        ::close(reader);
        REQUIRE_FALSE(printed.ok());
        CHECK(printed.error().code == core::ErrorCode::Io);
        CHECK_THAT(printed.error().message, Catch::Contains("took nothing"));
        fs::remove_all(dir);
    }
    SECTION("a CUPS queue that does not exist") {
        platform::EscPosReceiptPrinter printer({}, platform::cupsQueueOutput("fangsiang-no-such-queue"));
        auto printed = printer.print(image, "t");
        REQUIRE_FALSE(printed.ok());
        CHECK(printed.error().code == core::ErrorCode::NotFound);
        CHECK_THAT(printed.error().message, Catch::Contains("fangsiang-no-such-queue"));
    }
    SECTION("a picture wider than the paper is refused before anything is sent") {
        std::string pattern = (fs::temp_directory_path() / "fangsiang-lp-XXXXXX").string();
        const fs::path dir = ::mkdtemp(pattern.data());
        REQUIRE(core::writeFileAtomically(dir / "lp0", {}, 0600).ok());
        platform::EscPosReceiptPrinter printer({}, platform::deviceFileOutput(dir / "lp0"));
        platform::Image wide;
        wide.width = 576;
        wide.height = 4;
        wide.rgba.assign(576 * 4 * 4, 255);
        auto printed = printer.print(wide, "t");
        REQUIRE_FALSE(printed.ok());
        CHECK(printed.error().code == core::ErrorCode::InvalidArgument);
        CHECK(fs::file_size(dir / "lp0") == 0);
        fs::remove_all(dir);
    }
}
