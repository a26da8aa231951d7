#pragma once
// What citizens talk about: the terms of complaint texts and survey
// comments, the most used terms of a period, and the terms that rise against
// a baseline.
//
// Terms are Thai words from libthai's dictionary breaker (with the words of
// complaints it lacks, assets/listening/words-th.txt, and the office's own
// words such as village names added to its dictionary), Latin words in lower
// case, and the phrases of two adjacent kept words, so that ไฟดับ,
// น้ำท่วมขัง or ถนนชำรุด are counted whole. A term that a longer term
// contains and that was used by exactly as many texts is left out of the
// lists ("ท่วม" when every text with it says "น้ำท่วมขัง"). Stop words (a list shipped in
// assets/listening/), numbers, punctuation and words of one cell are left
// out. A text counts once per term however often it repeats it, so one long
// complaint cannot make a trend.

#include "core/result.hpp"
#include "core/thai.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::hub {

class TermExtractor {
public:
    // `stopWords`: one word per line; blank lines and lines starting with
    // '#' are skipped. `words`: Thai words to keep whole (the shipped list,
    // readWordList of assets/listening/words-th.txt, and the office's own).
    [[nodiscard]] static core::Result<TermExtractor> create(std::string_view stopWords,
                                                            const std::vector<std::string>& words = {});

    // The distinct terms of `text`, words first in the order they appear,
    // then phrases ("ไฟ" + "ดับ" = "ไฟดับ"; Latin words joined by a space).
    [[nodiscard]] std::vector<std::string> terms(std::string_view text) const;

private:
    explicit TermExtractor(core::thai::WordBreaker breaker) : m_breaker(std::move(breaker)) {}

    core::thai::WordBreaker m_breaker;
    std::set<std::string, std::less<>> m_stopWords;
};

// Texts already broken into their terms, found by the text: ingest breaks a
// batch's texts on every core before it takes the store's lock
// (hub/listening.hpp, breakRecordTexts), so that counting them inside the
// lock is a look-up. A text not found here is broken where it is counted.
class BrokenTexts {
public:
    void add(std::string text, std::vector<std::string> terms) {
        m_items.emplace_back(std::move(text), std::move(terms));
    }
    [[nodiscard]] const std::vector<std::string>* find(std::string_view text) const {
        for (const auto& item : m_items)
            if (item.first == text)
                return &item.second;
        return nullptr;
    }

private:
    std::vector<std::pair<std::string, std::vector<std::string>>> m_items;  // a record has a few at most
};

// The terms of `text`: from `broken` when it holds them, else broken now.
[[nodiscard]] inline std::vector<std::string> termsOf(const TermExtractor& extract, std::string_view text,
                                                      const BrokenTexts* broken) {
    if (broken != nullptr)
        if (const auto* found = broken->find(text))
            return *found;
    return extract.terms(text);
}

// The words of a word list file: one per line, trimmed; blank lines and
// lines starting with '#' skipped.
[[nodiscard]] std::vector<std::string> readWordList(std::string_view text);

// How many texts of a period use each term, and how many texts there were.
struct TermCounts {
    std::map<std::string, std::uint64_t, std::less<>> documents;
    std::uint64_t total = 0;

    void add(const std::vector<std::string>& termsOfOneText);
    [[nodiscard]] std::uint64_t of(std::string_view term) const;
};

struct TermCount {
    std::string term;
    std::uint64_t documents = 0;
};

// The `n` terms used by most texts, most first (ties by term).
[[nodiscard]] std::vector<TermCount> topTerms(const TermCounts& counts, std::size_t n);

struct RisingOptions {
    std::uint64_t minCount = 5;  // a term used by fewer texts this period never rises
    double minRatio = 2.0;       // its share of texts at least doubled
    double minG2 = 10.83;        // log-likelihood ratio for p < 0.001 (chi-squared, 1 degree of freedom)
};

struct RisingTerm {
    std::string term;
    std::uint64_t now = 0;       // texts of the period using it
    std::uint64_t baseline = 0;  // texts of the baseline using it
    double ratio = 0;            // its share now over its share in the baseline (smoothed)
    double g2 = 0;               // Dunning's log-likelihood ratio of the two shares
};

// Terms whose share of texts in `now` is significantly above their share in
// `baseline`: Dunning's G² on the 2×2 table (uses it / does not, now /
// baseline), with the options' minimum count and ratio. Largest G² first.
[[nodiscard]] std::vector<RisingTerm> risingTerms(const TermCounts& now, const TermCounts& baseline,
                                                  const RisingOptions& options = {});

// Dunning's G² for a texts out of n1 against c texts out of n2.
[[nodiscard]] double logLikelihoodRatio(std::uint64_t a, std::uint64_t n1, std::uint64_t c, std::uint64_t n2);

}  // namespace fangsiang::hub
