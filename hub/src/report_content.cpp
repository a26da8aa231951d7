// The names reports use, from the latest published content (hub/report_content.hpp).

#include "hub/report_content.hpp"

#include "sync/protocol.hpp"

#include "core/catalogue.hpp"

namespace fangsiang::hub {

const core::SurveyDefinition* ReportContent::survey(const std::string& id) const {
    auto it = surveys.find(id);
    return it == surveys.end() ? nullptr : &it->second;
}

core::Result<ReportContent> reportContent(HubStorage& storage, const std::string& officeCode) {
    ReportContent out;
    auto latest = TRY(storage.latestBundleFor(officeCode));
    if (!latest)
        return out;
    auto envelope = TRY(sync::parseEnvelope(latest->second));
    if (envelope.type != "content")
        return core::makeError(core::ErrorCode::Corrupt, "the latest content version is not a content bundle");
    auto bundle = TRY(sync::decodeContentBody(envelope.body));
    std::optional<core::Catalogue> catalogue;
    for (const auto& [name, text] : bundle.files)
        if (name == "catalogue.json")
            if (auto parsed = core::Catalogue::parse(text, name))
                catalogue = std::move(*parsed);
    if (catalogue)
        for (const auto& s : catalogue->services())
            out.services.emplace(s.id, s.name);
    for (const auto& [name, text] : bundle.files) {
        if (!name.starts_with("surveys/"))
            continue;
        auto survey = core::SurveyDefinition::parse(text, name);
        if (!survey)
            continue;
        if (catalogue)
            (void)survey->resolveOptions(*catalogue);
        out.surveys.emplace(survey->id(), std::move(*survey));
    }
    return out;
}

namespace {
core::Result<Office> officeOf(HubStorage& storage, const std::string& code) {
    auto office = TRY(storage.findOffice(code));
    if (!office)
        return core::makeError(core::ErrorCode::NotFound, "there is no office " + code.substr(0, 16) + " on this hub");
    return std::move(*office);
}
}  // namespace

core::Result<SatisfactionFigures> officeSatisfaction(HubStorage& storage, const ReportContent& content,
                                                     const SatisfactionQuery& query) {
    TRY(officeOf(storage, query.office));
    return satisfactionFigures(storage.reports(), query, content.survey(query.survey), content.services);
}

core::Result<std::string> satisfactionFile(HubStorage& storage, const ReportContent& content,
                                           const SatisfactionQuery& query, ReportFormat format, std::int64_t nowMs) {
    const Office office = TRY(officeOf(storage, query.office));
    auto figures = TRY(satisfactionFigures(storage.reports(), query, content.survey(query.survey), content.services));
    return writeDocument(satisfactionDocument(figures, office, nowMs), format);
}

core::Result<ComplaintFigures> officeComplaints(HubStorage& storage, const std::string& office, MonthRange period,
                                                std::int64_t nowMs) {
    TRY(officeOf(storage, office));
    return complaintFigures(storage.reports(), office, period, nowMs);
}

core::Result<std::string> complaintFile(HubStorage& storage, const std::string& office, MonthRange period,
                                        ReportFormat format, std::int64_t nowMs) {
    const Office found = TRY(officeOf(storage, office));
    auto figures = TRY(complaintFigures(storage.reports(), office, period, nowMs));
    return writeDocument(complaintDocument(figures, found, nowMs), format);
}

}  // namespace fangsiang::hub
