#pragma once
// The listening test corpus (tests/data/listening/corpus.tsv): 321
// fictional complaints and comments over twelve weeks, with planted rises
// in the twelfth, read by the keyword tests. FANGSIANG_SOURCE_DIR names the
// source tree.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fangsiang::test {

inline std::string readSourceFile(const std::string& relative) {
    std::ifstream in(std::string(FANGSIANG_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct CorpusText {
    int week = 0;
    std::string kind;  // "complaint" or "comment"
    std::string category;
    std::string text;
};

inline std::vector<CorpusText> listeningCorpus() {
    std::vector<CorpusText> texts;
    std::istringstream lines(readSourceFile("tests/data/listening/corpus.tsv"));
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        CorpusText t;
        std::string week;
        std::getline(fields, week, '\t');
        std::getline(fields, t.kind, '\t');
        std::getline(fields, t.category, '\t');
        std::getline(fields, t.text);
        t.week = std::stoi(week);
        texts.push_back(std::move(t));
    }
    return texts;
}

}  // namespace fangsiang::test
