#include "kiosk/content_set.hpp"

#include "core/content_json.hpp"
#include "core/files.hpp"
#include "sync/sync_client.hpp"

#include <cstdio>
#include <system_error>

namespace fangsiang::kiosk {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using core::Result;
using core::Status;

namespace {

using core::content::kAnnouncementsFile;
using core::content::kCatalogueFile;
constexpr const char* kSurveyFile = core::content::kStandardSurveyFile;
// Every file the kiosk reads from a content folder; the last is optional.
constexpr const char* kContentFileNames[] = {kCatalogueFile, kSurveyFile, kAnnouncementsFile};
// A copy of the installed content as it was when it last loaded without
// error, for a kiosk whose content files were since broken by an edit.
constexpr const char* kLastGoodDir = "content-last-good";
constexpr std::int64_t kContentCheckMs = 3000;

// Builds the content on show from its files; `where` prefixes file names in
// errors ("content bundle: ").
Result<std::unique_ptr<KioskContent>> buildContent(ContentFiles files, const std::string& where,
                                                   std::string source) {
    auto text = [&](const char* name) -> const std::string* {
        auto it = files.find(name);
        return it == files.end() ? nullptr : &it->second;
    };
    for (const char* required : {kCatalogueFile, kSurveyFile})
        if (text(required) == nullptr)
            return makeError(ErrorCode::NotFound, where + required + " is missing");
    auto catalogue = TRY(core::Catalogue::parse(*text(kCatalogueFile), where + kCatalogueFile));
    auto survey = TRY(core::SurveyDefinition::parse(*text(kSurveyFile), where + kSurveyFile));
    TRY(survey.resolveOptions(catalogue));
    core::Announcements announcements;
    if (const std::string* a = text(kAnnouncementsFile))
        announcements = TRY(core::Announcements::parse(*a, where + kAnnouncementsFile));
    auto content = std::make_unique<KioskContent>(KioskContent{std::move(catalogue), std::move(survey),
                                                               std::move(announcements), std::nullopt,
                                                               std::move(source), std::move(files)});
    // The index points into content->catalogue, which does not move again.
    auto search = TRY(ServiceSearch::build(content->catalogue));
    content->search.emplace(std::move(search));
    return content;
}

Result<ContentFiles> readContentFolder(const fs::path& dir) {
    ContentFiles files;
    for (const char* name : kContentFileNames) {
        auto bytes = core::readFile(dir / name, core::kMaxContentFileSize);
        if (!bytes && bytes.error().code == ErrorCode::NotFound && name == kAnnouncementsFile)
            continue;
        if (!bytes)
            return bytes.error();
        files.emplace(name, std::string(bytes->begin(), bytes->end()));
    }
    return files;
}

Result<std::unique_ptr<KioskContent>> loadContentFolder(const fs::path& dir, std::string source) {
    auto files = TRY(readContentFolder(dir));
    return buildContent(std::move(files), (dir / "").string(), std::move(source));
}

// Keeps a copy of installed content that loaded, unless the copy is current.
void saveLastGood(const fs::path& dataDir, const KioskContent& content) {
    const fs::path dir = dataDir / kLastGoodDir;
    if (auto saved = readContentFolder(dir); saved && *saved == content.files)
        return;
    Status status = core::ensureDirectory(dir / "surveys", 0700);
    for (const char* name : kContentFileNames) {
        if (!status)
            break;
        auto it = content.files.find(name);
        if (it != content.files.end()) {
            status = core::writeFileAtomically(dir / name, core::asBytes(it->second), 0600);
        } else {
            std::error_code ec;
            fs::remove(dir / name, ec);
        }
    }
    if (!status)
        std::fprintf(stderr, "fangsiang-kiosk: could not keep a copy of the content: %s\n",
                     status.error().message.c_str());
}

}  // namespace

Result<ContentSet> ContentSet::load(ContentSources sources) {
    ContentSet set(std::move(sources));
    set.m_current = TRY(set.loadNewest());
    set.m_stamp = set.stamp();
    return set;
}

// In order: the hub's verified content bundle when one has arrived; the
// content installed with the program; and when that fails to load (an edit
// broke it), the last copy of it that loaded.
Result<std::unique_ptr<KioskContent>> ContentSet::loadNewest() const {
    if (m_sources.hubSigningKey) {
        auto bundle = sync::loadContent(m_sources.dataDir, *m_sources.hubSigningKey);
        if (bundle) {
            ContentFiles files(bundle->files.begin(), bundle->files.end());
            auto content = buildContent(std::move(files), "content bundle: ",
                                        "the hub's content version " + std::to_string(bundle->version));
            if (content)
                return content;
            std::fprintf(stderr, "fangsiang-kiosk: the hub's content version %llu is not usable here (%s); using the "
                                 "installed content\n",
                         static_cast<unsigned long long>(bundle->version), content.error().message.c_str());
        } else if (bundle.error().code != ErrorCode::NotFound) {
            std::fprintf(stderr, "fangsiang-kiosk: %s; using the installed content\n", bundle.error().message.c_str());
        }
    }
    auto installed =
        loadContentFolder(m_sources.contentDir, "the installed content in " + m_sources.contentDir.string());
    if (installed) {
        saveLastGood(m_sources.dataDir, **installed);
        return installed;
    }
    const fs::path lastGoodDir = m_sources.dataDir / kLastGoodDir;
    auto lastGood =
        loadContentFolder(lastGoodDir, "the last good copy of the installed content, in " + lastGoodDir.string());
    if (!lastGood)
        return installed.error();
    std::fprintf(stderr, "fangsiang-kiosk: %s; fix the file, meanwhile the kiosk shows %s\n",
                 installed.error().message.c_str(), (*lastGood)->source.c_str());
    return lastGood;
}

// Modification times and sizes of every file content may come from.
std::string ContentSet::stamp() const {
    std::string stamp;
    auto add = [&stamp](const fs::path& file) {
        std::error_code ec;
        const auto time = fs::last_write_time(file, ec);
        const auto size = ec ? 0 : fs::file_size(file, ec);
        stamp += ec ? std::string("-") : std::to_string(time.time_since_epoch().count()) + ":" + std::to_string(size);
        stamp += ' ';
    };
    add(m_sources.dataDir / sync::kContentFile);
    for (const char* name : kContentFileNames)
        add(m_sources.contentDir / name);
    return stamp;
}

void ContentSet::poll(std::int64_t nowMs) {
    if (nowMs < m_nextCheckMs)
        return;
    m_nextCheckMs = nowMs + kContentCheckMs;
    std::string now = stamp();
    if (now == m_stamp)
        return;
    m_stamp = std::move(now);
    auto content = loadNewest();
    if (!content) {
        std::fprintf(stderr, "fangsiang-kiosk: %s; the kiosk keeps showing %s\n", content.error().message.c_str(),
                     m_current->source.c_str());
    } else if ((*content)->files != m_current->files) {
        m_pending = std::move(*content);
    } else {
        m_pending.reset();  // changed and changed back before it went on show
    }
}

void ContentSet::showPending() {
    if (m_pending)
        m_current = std::move(m_pending);
}

}  // namespace fangsiang::kiosk
