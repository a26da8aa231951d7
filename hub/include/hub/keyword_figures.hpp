#pragma once
// What citizens talk about, from the term counts the hub keeps as records
// arrive (hub/report_store.hpp): the terms most used in a period, each
// term's month by month, and the terms that rise (Dunning's G²,
// hub/keywords.hpp): the whole period's against a baseline given, else the
// period's last month's against the three months before it. Never
// read from the texts themselves, so a year answers in the same time
// whatever the store's size. From a term to its cases: the case list's text
// search (CaseQuery::text) finds the complaints that use it.

#include "hub/keywords.hpp"
#include "hub/report_store.hpp"
#include "hub/satisfaction.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

struct KeywordQuery {
    std::string office;
    MonthRange period;
    std::optional<TextSource> source;      // complaint texts or survey comments; both when none
    std::optional<std::string> category;   // a complaint category (or a comment's survey)
    std::size_t top = 20;
    RisingOptions rising;
    // When given, the period's terms rise against these months (the same
    // number of months before it, for the report pages).
    std::optional<MonthRange> baseline;
};

// One month of the period: its texts, and how many used each top term (in
// the order of KeywordFigures::top).
struct KeywordMonth {
    int month = 0;
    std::uint64_t texts = 0;
    std::vector<std::uint64_t> uses;
};

struct KeywordFigures {
    KeywordQuery query;
    std::uint64_t texts = 0;          // texts of the whole period
    std::vector<TermCount> top;       // most used first
    std::vector<KeywordMonth> months; // every month of the period
    MonthRange recent;                // the period, or its last month, against
    MonthRange baseline;              // the query's baseline, or the three months before
    std::uint64_t recentTexts = 0, baselineTexts = 0;
    std::vector<RisingTerm> rising;   // largest G² first
};

// BadRequest when the period is empty.
[[nodiscard]] core::Result<KeywordFigures> keywordFigures(ReportSource& source, const KeywordQuery& query);

}  // namespace fangsiang::hub
