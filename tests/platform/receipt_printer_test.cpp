// The PNG receipt printer: what it writes, where, and what it refuses.

#include "platform/receipt_printer.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

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
