#pragma once
// What citizens talk about, for the report pages (docs/LISTENING.md, "What
// citizens talk about"): the texts of an office's complaints and survey
// comments over a time span, their terms (hub/keywords.hpp, with the word
// lists of assets/listening built into the hub), the top terms of a period
// and the terms rising against the period before it.
//
// Complaint texts come from the cases table; a text an officer hid
// (moderated) is left out of every figure and list here. Survey comments
// (the answers to a survey's text questions; "comment" when the hub has no
// definition of the survey) are read from the stored records of the office's
// devices: a scan, not an aggregate kept at ingest, so it costs time in
// proportion to the office's records.

#include "hub/keywords.hpp"
#include "hub/report_content.hpp"
#include "hub/storage.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fangsiang::hub {

struct ListenedText {
    std::string source;     // "complaint" or "comment"
    std::string ref;        // the ticket, or the survey's id
    std::string category;   // the complaint's category, or the comment's service
    std::string question;   // the comment's question; empty for a complaint
    std::int64_t atMs = 0;  // filed, or answered
    std::string text;
    std::vector<std::string> terms;
};

// The hub's term extractor: libthai's dictionary with assets/listening's
// words, and its stop words. Made once.
[[nodiscard]] core::Result<const TermExtractor*> listeningExtractor();

// Complaints filed in [fromMs, toMs), hidden ones left out; `category` empty for all.
[[nodiscard]] core::Result<std::vector<ListenedText>> complaintTexts(HubStorage& storage, const std::string& office,
                                                                     std::int64_t fromMs, std::int64_t toMs,
                                                                     const std::string& category = {});
// Survey comments answered in [fromMs, toMs), newest first.
[[nodiscard]] core::Result<std::vector<ListenedText>> surveyComments(HubStorage& storage, const ReportContent& content,
                                                                     const std::string& office, std::int64_t fromMs,
                                                                     std::int64_t toMs);

struct KeywordFigures {
    std::uint64_t texts = 0, baselineTexts = 0;
    std::vector<TermCount> top;
    std::vector<RisingTerm> rising;
};

[[nodiscard]] KeywordFigures keywordFigures(const std::vector<ListenedText>& now,
                                            const std::vector<ListenedText>& baseline, std::size_t top,
                                            const RisingOptions& options = {});

}  // namespace fangsiang::hub
