#pragma once
// What the reports name things with: the surveys and services of the hub's
// latest published content (the signed bundle in the store; its signature
// is checked each time the store is opened, hub/store_check.hpp). A hub that has published nothing, or a survey that is no
// longer in the content, still reports: the figures then use the question
// and service ids (hub/satisfaction.hpp).

#include "hub/report_files.hpp"
#include "hub/satisfaction.hpp"
#include "hub/storage.hpp"

#include "core/survey.hpp"
#include "core/text_pair.hpp"

#include <map>
#include <string>

namespace fangsiang::hub {

struct ReportContent {
    std::map<std::string, core::SurveyDefinition> surveys;  // by id
    std::map<std::string, core::TextPair> services;         // the catalogue's, by id
    [[nodiscard]] const core::SurveyDefinition* survey(const std::string& id) const;
};

// The surveys and services of the content an office's kiosks receive (the
// newest published for it or for every office); empty when none is.
// A survey or catalogue that no longer parses is left out (it was checked
// when published).
[[nodiscard]] core::Result<ReportContent> reportContent(HubStorage& storage, const std::string& officeCode);

// An office's satisfaction figures with the content's names; NotFound when
// the office is not on this hub.
[[nodiscard]] core::Result<SatisfactionFigures> officeSatisfaction(HubStorage& storage, const ReportContent& content,
                                                                   const SatisfactionQuery& query);
// An office's complaint figures at `nowMs`; NotFound when the office is not on this hub.
[[nodiscard]] core::Result<ComplaintFigures> officeComplaints(HubStorage& storage, const std::string& office,
                                                              MonthRange period, std::int64_t nowMs);
// The complaint report file of an office, made at `nowMs`.
[[nodiscard]] core::Result<std::string> complaintFile(HubStorage& storage, const std::string& office, MonthRange period,
                                                      ReportFormat format, std::int64_t nowMs);
// The satisfaction report file of an office, made at `nowMs`.
[[nodiscard]] core::Result<std::string> satisfactionFile(HubStorage& storage, const ReportContent& content,
                                                         const SatisfactionQuery& query, ReportFormat format,
                                                         std::int64_t nowMs);

}  // namespace fangsiang::hub
