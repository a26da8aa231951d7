#pragma once
// XLSForm (ODK, KoboToolbox) surveys turned into the kiosk's survey format
// (docs/CONTENT.md), for `fangsiang-hub publish`. What the format cannot
// express is refused with the sheet, row and column and the reason; nothing
// is silently dropped. The supported subset is in docs/CONTENT.md.

#include "core/result.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::hub {

// [SECTION] .xlsx workbooks (libzip + expat)

struct XlsxLimits {
    std::size_t maxFileBytes = 8u << 20;       // the .xlsx itself
    std::size_t maxEntries = 512;              // files in the zip
    std::size_t maxPartBytes = 16u << 20;      // one sheet or the shared strings, uncompressed
    std::size_t maxTotalBytes = 48u << 20;     // everything read, uncompressed
    std::size_t maxCells = 200'000;            // all sheets together
};

// One sheet's cells as text: rows[r][c] for row r+1 and column c (A = 0);
// empty cells are empty strings. Numbers are their stored text ("18", "2.5").
struct XlsxSheet {
    std::string name;
    std::vector<std::vector<std::string>> rows;
};

[[nodiscard]] core::Result<std::vector<XlsxSheet>> readXlsx(std::string_view bytes, const XlsxLimits& limits = {});

// "A" -> 0, "Z" -> 25, "AA" -> 26; -1 when `letters` is not a column.
[[nodiscard]] int columnIndex(std::string_view letters);
[[nodiscard]] std::string columnName(int index);

// [SECTION] Expressions

// An XLSForm `relevant` or `constraint` expression (`${age} >= 18 and
// selected(${q}, 'x')`, `. <= 100`, `not(...)`) as a condition of the
// survey format (JSON). `.` (the answer itself) only where `self` is true.
[[nodiscard]] core::Result<std::string> xlsformCondition(std::string_view expression, bool self);

// [SECTION] Forms

// Converts a workbook's survey, choices and settings sheets to the JSON of a
// survey definition, validated as a kiosk validates it. `fileName` names
// the form in errors ("buyer.xlsx: survey sheet, row 7, column relevant: …").
[[nodiscard]] core::Result<std::string> convertXlsForm(std::string_view bytes, const std::string& fileName);
[[nodiscard]] core::Result<std::string> convertXlsFormFile(const std::filesystem::path& file);

}  // namespace fangsiang::hub
