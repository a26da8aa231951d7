#pragma once
// The content a kiosk shows (the catalogue, its search index, the survey
// and the office's announcements) and where it comes from: the hub's
// verified bundle when one has arrived, else the content installed with the
// program, else the last copy of that which loaded. While the kiosk runs,
// changed files are picked up; bad ones are refused in plain words and the
// content on show stays.

#include "kiosk/service_search.hpp"

#include "core/announcements.hpp"
#include "core/bytes.hpp"
#include "core/catalogue.hpp"
#include "core/result.hpp"
#include "core/survey.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace fangsiang::kiosk {

// The files content is built from, by name within the content folder
// ("catalogue.json", "surveys/standard-satisfaction.json", ...).
using ContentFiles = std::map<std::string, std::string>;

// One set of content, kept together because the index and the flow point
// into it.
struct KioskContent {
    core::Catalogue catalogue;
    core::SurveyDefinition survey;
    core::Announcements announcements;
    std::optional<ServiceSearch> search;
    std::string source;  // where it came from, in words for the log
    ContentFiles files;  // what it was built from, to notice a real change
};

struct ContentSources {
    std::filesystem::path contentDir;  // the installed content
    // The device's data folder: the hub's bundle arrives here, and the last
    // good copy of the installed content is kept here.
    std::filesystem::path dataDir;
    // Set once the kiosk is enrolled: the key the hub's bundle must be
    // signed with. Without it only installed content is read.
    std::optional<core::PublicKey> hubSigningKey;
};

class ContentSet {
public:
    // The newest content that loads, in the order above. Every failure is
    // reported naming the file, the entry and the field; when nothing
    // loads, the installed content's error is returned.
    [[nodiscard]] static core::Result<ContentSet> load(ContentSources sources);

    // Points into current() stay valid until showPending().
    [[nodiscard]] const KioskContent& current() const { return *m_current; }
    // Looks for changed content files, at most every few seconds. Valid new
    // content waits as pending(); bad content is reported on stderr and
    // changes nothing; content changed and changed back waits no more.
    void poll(std::int64_t nowMs);
    [[nodiscard]] const KioskContent* pending() const { return m_pending.get(); }
    // The pending content goes on show.
    void showPending();

private:
    explicit ContentSet(ContentSources sources) : m_sources(std::move(sources)) {}
    [[nodiscard]] core::Result<std::unique_ptr<KioskContent>> loadNewest() const;
    [[nodiscard]] std::string stamp() const;

    ContentSources m_sources;
    std::unique_ptr<KioskContent> m_current;
    std::unique_ptr<KioskContent> m_pending;
    std::string m_stamp;  // of the files when last looked at
    std::int64_t m_nextCheckMs = 0;
};

}  // namespace fangsiang::kiosk
