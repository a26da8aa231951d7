// The content routes of the officers' API (docs/API.md, "Content"): what an
// office's kiosks receive, and publishing new content from the dashboard,
// checked exactly as `fangsiang-hub publish` checks a folder.

#include "case_api.hpp"
#include "api_support.hpp"

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;
using namespace api;

namespace {

core::Result<HubService::ContentFiles> parseContentBody(std::string_view body) {
    const core::Where where("the content", ErrorCode::BadRequest);
    const auto object = TRY(bodyObject(body, {"files"}, where));
    const auto it = object.find("files");
    if (it == object.end() || !it->is_object())
        return where.field("files").error("must be an object of file names and their text");
    HubService::ContentFiles files;
    for (const auto& [name, text] : it->items()) {
        if (!text.is_string())
            return where.field("files").error("\"" + name.substr(0, 64) + "\" must be the file's text");
        files.emplace_back(name, text.get<std::string>());
    }
    return files;
}

}  // namespace

HubResponse handleContentRoute(HubService& service, const Actor& actor, const ApiRequest& r) {
    return orError([&]() -> core::Result<HubResponse> {
        const std::string office = officeAsked(r, actor);
        if (r.method == "POST") {
            TRY(permit(actor, Permission::ManageContent, office));
            auto files = TRY(parseContentBody(r.body));
            std::vector<std::string> names;
            for (const auto& [name, text] : files)
                names.push_back(name);
            const auto version = TRY(service.publishFiles(std::move(files), office));
            const AuditEntry entry{0,  service.nowMs(), actor.username, office, "content-publish",
                                   "version " + std::to_string(version), "", jsonText({{"files", names}}), r.address};
            TRY(service.storage().appendAudit(entry));
            return answer(201, {{"version", version}, {"office", office}});
        }
        TRY(permit(actor, Permission::ReadContent, office));
        auto latest = TRY(office.empty() ? service.storage().latestBundle() : service.storage().latestBundleFor(office));
        if (!latest)
            return answer(200, {{"version", 0}, {"files", json::array()}});
        const auto body = TRY(sync::openEnvelope(latest->second, "content", service.keys().signing.publicKey));
        const auto bundle = TRY(sync::decodeContentBody(body));
        json files = json::array();
        for (const auto& [name, text] : bundle.files)
            files.push_back({{"name", name}, {"bytes", text.size()}});
        return answer(200, {{"version", bundle.version}, {"publishedAt", bundle.publishedAtMs}, {"files", files}});
    });
}

}  // namespace fangsiang::hub
