#pragma once
// The survey comments themselves, for the list beside the satisfaction
// figures (docs/LISTENING.md, "What citizens talk about"): the answers to a
// survey's text questions ("comment" when the hub has no definition of the
// survey) with their terms (hub/keywords.hpp, with the word lists of
// assets/listening built into the hub). Read from the stored records of the
// office's devices: a scan, so it costs time in proportion to the office's
// records. The keyword figures come from the counts kept at ingest
// (hub/keyword_figures.hpp), not from here.

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

// The texts a stored record adds to the term counts (a complaint's text, a
// survey response's comments), broken into their terms. Thread-safe: ingest
// calls it for a batch's records on every core.
[[nodiscard]] core::Result<BrokenTexts> breakRecordTexts(const core::Record& record);

// Survey comments answered in [fromMs, toMs), newest first.
[[nodiscard]] core::Result<std::vector<ListenedText>> surveyComments(HubStorage& storage, const ReportContent& content,
                                                                     const std::string& office, std::int64_t fromMs,
                                                                     std::int64_t toMs);

}  // namespace fangsiang::hub
