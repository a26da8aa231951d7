// Makes a large USB export file for measuring `fangsiang-hub import` (not run
// by ctest). Enrols a seeded device in an existing hub folder, then writes
// the export part by part:
//
//   HUB_DIR=build/import-rss/hub FILE=build/import-rss/large.fsx MIB=200 build/dev/tests/hub/hub_make_export
//   /usr/bin/time -v build/dev/apps/fangsiang-hub --dir build/import-rss/hub import build/import-rss/large.fsx
//
// Parts are 250 complaints carrying 4 kB of sealed data each (~1.1 MB, as
// ciphertext does not compress), so a 200 MiB file has about 180 parts.

#include "hub_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace fangsiang;
using namespace fangsiang::test;

TEST_CASE("make an export file of MIB mebibytes for the device enrolled in HUB_DIR") {
    const char* hubDir = std::getenv("HUB_DIR");
    const char* file = std::getenv("FILE");
    const char* mib = std::getenv("MIB");
    if (hubDir == nullptr || file == nullptr || mib == nullptr) {
        WARN("set HUB_DIR, FILE and MIB");
        return;
    }
    auto id = seededIdentity(99);
    seedHubFolder(hubDir, id, {});
    auto keys = hub::loadHubKeys(hubDir);
    REQUIRE(keys.ok());
    ExportShape shape;
    shape.recordsPerPart = 250;
    shape.sealedBytes = 4096;
    const double partMiB = 250 * 4.45 / 1024;
    shape.parts = static_cast<std::size_t>(std::atof(mib) / partMiB) + 1;
    const std::uint64_t records = writeBulkyExport(file, id, shape, keys->box.publicKey);
    std::printf("%s: %zu parts, %llu records, %.1f MiB\n", file, shape.parts, static_cast<unsigned long long>(records),
                static_cast<double>(std::filesystem::file_size(file)) / (1 << 20));
}
