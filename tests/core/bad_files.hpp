#pragma once
// Tables of bad content files for the content loaders' tests: each row says
// what is wrong with a file, makes it from a valid document, and says what
// the error must be. A test case runs every row with GENERATE.

#include <catch2/catch.hpp>

#include <string>

namespace fangsiang::test {

// How a row of a table says what the error message must be.
enum class Says { Exactly, StartingWith, Containing };

inline void checkMessage(const std::string& message, Says says, const std::string& expected) {
    switch (says) {
    case Says::Exactly: CHECK_THAT(message, Catch::Matchers::Equals(expected)); break;
    case Says::StartingWith: CHECK_THAT(message, Catch::Matchers::StartsWith(expected)); break;
    case Says::Containing: CHECK_THAT(message, Catch::Matchers::Contains(expected)); break;
    }
}

// One row of a table of bad files: what is wrong with it, the file (made
// from a valid document of the kind), and the error it must get.
template <typename Document>
struct BadFile {
    const char* what;
    std::string (*file)(Document valid);
    Says says;
    const char* message;
};

// Content::parse(file, fileName) refuses the row's file with the row's error.
template <typename Content, typename Document>
void checkRefused(const BadFile<Document>& row, const Document& valid, const std::string& fileName) {
    INFO(row.what);
    auto result = Content::parse(row.file(valid), fileName);
    REQUIRE_FALSE(result.ok());
    checkMessage(result.error().message, row.says, row.message);
}

}  // namespace fangsiang::test
