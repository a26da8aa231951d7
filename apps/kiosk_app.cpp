#include "kiosk_app.hpp"

#include "core/content_json.hpp"
#include "core/files.hpp"
#include "platform/frame_loop.hpp"
#include "sync/sync_client.hpp"
#include "platform/image.hpp"
#include "platform/window.hpp"

#include <screens/kiosk_screens.hpp>

#include <SDL.h>
#include <imgui.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>

namespace fangsiang {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using core::Result;
using core::Status;

std::int64_t wallClockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// [SECTION] Ticket status from the hub

namespace {

// The store's answer for tickets the hub has not spoken about yet, and the
// hub's latest word (pulled and verified by the sync worker) otherwise.
class SyncedBackend final : public kiosk::KioskBackend {
public:
    SyncedBackend(kiosk::StoreBackend& local, fs::path dataDir, std::function<void()> saved)
        : m_local(local), m_dataDir(std::move(dataDir)), m_saved(std::move(saved)) {}

    Result<kiosk::ComplaintReceipt> submitComplaint(const kiosk::ComplaintForm& form) override {
        auto receipt = m_local.submitComplaint(form);
        if (receipt)
            m_saved();
        return receipt;
    }
    Status submitSurvey(const core::SurveyResponse& response) override {
        auto saved = m_local.submitSurvey(response);
        if (saved)
            m_saved();
        return saved;
    }
    Result<kiosk::TicketLookup> lookUpTicket(const core::Ticket& ticket) override {
        auto local = m_local.lookUpTicket(ticket);
        auto update = sync::lookupTicket(m_dataDir, ticket.text());
        if (!update || !update->has_value())
            return local;  // nothing from the hub (or its file is unreadable): what this kiosk knows
        kiosk::TicketLookup lookup;
        lookup.ticket = ticket;
        switch ((*update)->status) {
        case sync::TicketStatus::Received: lookup.state = kiosk::TicketState::ReceivedByOffice; break;
        case sync::TicketStatus::InProgress: lookup.state = kiosk::TicketState::InProgress; break;
        case sync::TicketStatus::Resolved: lookup.state = kiosk::TicketState::Resolved; break;
        }
        lookup.reply = (*update)->reply;
        lookup.updatedAtMs = (*update)->updatedAtMs;
        return lookup;
    }
    std::string homeOffice() const override { return m_local.homeOffice(); }

private:
    kiosk::StoreBackend& m_local;
    fs::path m_dataDir;
    std::function<void()> m_saved;
};

}  // namespace

// [SECTION] Putting the kiosk together

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
    auto catalogue = core::Catalogue::parse(*text(kCatalogueFile), where + kCatalogueFile);
    if (!catalogue)
        return catalogue.error();
    auto survey = core::SurveyDefinition::parse(*text(kSurveyFile), where + kSurveyFile);
    if (!survey)
        return survey.error();
    TRY(survey->resolveOptions(*catalogue));
    core::Announcements announcements;
    if (const std::string* a = text(kAnnouncementsFile)) {
        auto parsed = core::Announcements::parse(*a, where + kAnnouncementsFile);
        if (!parsed)
            return parsed.error();
        announcements = std::move(*parsed);
    }
    auto content = std::make_unique<KioskContent>(KioskContent{std::move(*catalogue), std::move(*survey),
                                                               std::move(announcements), std::nullopt,
                                                               std::move(source), std::move(files)});
    auto search = kiosk::ServiceSearch::build(content->catalogue);  // points into content->catalogue
    if (!search)
        return search.error();
    content->search.emplace(std::move(*search));
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
    auto files = readContentFolder(dir);
    if (!files)
        return files.error();
    return buildContent(std::move(*files), (dir / "").string(), std::move(source));
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

// In order: the hub's verified content bundle when one has arrived; the
// content installed with the program; and when that fails to load (an edit
// broke it), the last copy of it that loaded. Every failure is reported in
// plain words naming the file, the entry and the field.
Result<std::unique_ptr<KioskContent>> KioskRuntime::loadContent() {
    if (m_enrolled) {
        auto bundle = sync::loadContent(m_config.dataDir, m_pins.hubSigningKey);
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
    auto installed = loadContentFolder(m_config.contentDir, "the installed content in " + m_config.contentDir.string());
    if (installed) {
        saveLastGood(m_config.dataDir, **installed);
        return installed;
    }
    auto lastGood = loadContentFolder(m_config.dataDir / kLastGoodDir,
                                      "the last good copy of the installed content, in " +
                                          (m_config.dataDir / kLastGoodDir).string());
    if (!lastGood)
        return installed.error();
    std::fprintf(stderr, "fangsiang-kiosk: %s; fix the file, meanwhile the kiosk shows %s\n",
                 installed.error().message.c_str(), (*lastGood)->source.c_str());
    return lastGood;
}

// Modification times and sizes of every file content may come from.
std::string KioskRuntime::contentStamp() const {
    std::string stamp;
    auto add = [&stamp](const fs::path& file) {
        std::error_code ec;
        const auto time = fs::last_write_time(file, ec);
        const auto size = ec ? 0 : fs::file_size(file, ec);
        stamp += ec ? std::string("-") : std::to_string(time.time_since_epoch().count()) + ":" + std::to_string(size);
        stamp += ' ';
    };
    add(m_config.dataDir / sync::kContentFile);
    for (const char* name : kContentFileNames)
        add(m_config.contentDir / name);
    return stamp;
}

std::vector<core::Announcement> KioskRuntime::announcements(std::int64_t nowMs) const {
    return m_content->announcements.current(core::Day::ofInstant(nowMs));
}

bool KioskRuntime::refreshContent(std::int64_t nowMs) {
    if (nowMs >= m_nextContentCheckMs) {
        m_nextContentCheckMs = nowMs + kContentCheckMs;
        std::string stamp = contentStamp();
        if (stamp != m_contentStamp) {
            m_contentStamp = std::move(stamp);
            auto content = loadContent();
            if (!content) {
                std::fprintf(stderr, "fangsiang-kiosk: %s; the kiosk keeps showing %s\n",
                             content.error().message.c_str(), m_content->source.c_str());
            } else if ((*content)->files != m_content->files) {
                m_pendingContent = std::move(*content);
            } else {
                m_pendingContent.reset();  // changed and changed back before it went on show
            }
        }
    }
    if (!m_pendingContent)
        return false;
    const KioskContent& next = *m_pendingContent;
    if (!m_flow->replaceContent(next.catalogue, *next.search, next.survey))
        return false;  // someone is using the kiosk: at the next Welcome screen
    m_content = std::move(m_pendingContent);
    std::printf("fangsiang-kiosk: now showing %s\n", m_content->source.c_str());
    return true;
}

Result<std::unique_ptr<KioskRuntime>> KioskRuntime::open(const KioskConfig& config,
                                                         const std::optional<kiosk::HubPins>& fallbackPins) {
    std::unique_ptr<KioskRuntime> rt(new KioskRuntime());
    rt->m_config = config;

    auto identity = core::DeviceIdentity::loadOrCreate(config.dataDir);
    if (!identity)
        return identity.error();
    rt->m_identity.emplace(std::move(*identity));
    auto store = kiosk::Store::open(config.dataDir / "records.db");
    if (!store)
        return store.error();
    rt->m_store.emplace(std::move(*store));

    auto pins = kiosk::loadHubPins(config.dataDir);
    if (pins) {
        rt->m_pins = std::move(*pins);
        rt->m_enrolled = true;
    } else if (pins.error().code == ErrorCode::NotFound && fallbackPins) {
        rt->m_pins = *fallbackPins;
    } else if (pins.error().code == ErrorCode::NotFound) {
        return makeError(ErrorCode::NotFound, pins.error().message +
                                                  "; enrol it first: fangsiang-kiosk enroll HUB-URL CODE");
    } else {
        return pins.error();
    }
    if (rt->m_pins.officeCode.empty())
        rt->m_pins.officeCode = config.officeCode;

    auto content = rt->loadContent();
    if (!content)
        return content.error();
    rt->m_content = std::move(*content);
    rt->m_contentStamp = rt->contentStamp();

    rt->m_printer = std::make_unique<platform::PngReceiptPrinter>(config.dataDir / "receipts");
    rt->m_storeBackend =
        std::make_unique<kiosk::StoreBackend>(*rt->m_store, *rt->m_identity, rt->m_pins, wallClockMs);
    KioskRuntime* self = rt.get();
    rt->m_backend = std::make_unique<SyncedBackend>(*rt->m_storeBackend, config.dataDir, [self] {
        if (self->m_sync)
            self->m_sync->nudge();
    });
    kiosk::DisplaySettings display;
    display.language = config.language;
    display.largeText = config.theme == ThemeChoice::LargeText;
    display.highContrast = config.theme == ThemeChoice::HighContrast;
    rt->m_flow = std::make_unique<kiosk::KioskFlow>(rt->m_content->catalogue, *rt->m_content->search,
                                                    rt->m_content->survey, *rt->m_backend,
                                                    config.idle, display, wallClockMs());
    return rt;
}

void KioskRuntime::startSync() {
    if (!m_enrolled || m_sync)
        return;
    m_sync = std::make_unique<sync::SyncWorker>(m_config.dataDir, sync::WorkerOptions{});
    m_sync->start();
}

std::optional<sync::SyncState> KioskRuntime::syncState() const {
    if (!m_sync)
        return std::nullopt;
    return m_sync->state();
}

// [SECTION] Printing

namespace {

// Draws the receipt on a strip of paper and hands it to the printer.
Result<fs::path> printReceipt(platform::Window& window, KioskRuntime& rt) {
    const auto& receipt = rt.flow().receipt();
    if (!receipt)
        return makeError(ErrorCode::InvalidArgument, "there is no receipt to print");
    constexpr float kPaperWidth = static_cast<float>(platform::kReceiptPaperWidth);
    float height = 0.0f;
    platform::Image frame;
    TRY(window.renderFrame(
        [&](ui::Context& ui) { height = ui::drawReceiptPaper(ui, *receipt, rt.catalogue().office(), kPaperWidth); },
        &frame));
    platform::Image paper;
    paper.width = std::min(frame.width, platform::kReceiptPaperWidth);
    paper.height = std::min(frame.height, static_cast<int>(std::ceil(height)));
    paper.rgba.resize(static_cast<std::size_t>(paper.width) * static_cast<std::size_t>(paper.height) * 4);
    for (int y = 0; y < paper.height; ++y)
        std::copy_n(frame.rgba.begin() + static_cast<std::ptrdiff_t>(y) * frame.width * 4, paper.width * 4,
                    paper.rgba.begin() + static_cast<std::ptrdiff_t>(y) * paper.width * 4);
    auto printed = rt.printer().print(paper, receipt->ticket.text());
    if (!printed)
        return printed.error();
    return fs::path(*printed);
}

platform::WindowOptions windowOptions(const KioskConfig& config, int width, int height, bool fullscreen) {
    platform::WindowOptions options;
    options.width = width;
    options.height = height;
    options.fullscreen = fullscreen;
    options.title = "Fangsiang";
    if (!config.font.empty()) {
        options.fonts.regularPath = config.font.string();
        options.fonts.boldPath = config.font.string();
    }
    return options;
}

}  // namespace

// [SECTION] The counter kiosk

namespace {

std::string clockText(std::int64_t ms, std::int64_t nowMs) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    const std::time_t now = static_cast<std::time_t>(nowMs / 1000);
    std::tm at{};
    std::tm today{};
    localtime_r(&t, &at);
    localtime_r(&now, &today);
    char buf[32];
    if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
        std::snprintf(buf, sizeof buf, "%02d:%02d", at.tm_hour, at.tm_min);
    else
        std::snprintf(buf, sizeof buf, "%d/%d %02d:%02d", at.tm_mday, at.tm_mon + 1, at.tm_hour, at.tm_min);
    return buf;
}

}  // namespace

// One line for the office's staff on the Welcome screen: is this kiosk's
// work reaching the office?
core::TextPair describeSync(const KioskRuntime& rt, std::int64_t nowMs) {
    if (!rt.enrolled())
        return {"ตู้นี้ยังไม่ได้ลงทะเบียนกับสำนักงาน ข้อมูลเก็บไว้ที่ตู้นี้",
                "This kiosk is not enrolled with the office: records stay on it"};
    const auto state = rt.syncState();
    if (!state)
        return {};
    core::TextPair line;
    if (state->lastSuccessMs > 0) {
        const std::string at = clockText(state->lastSuccessMs, nowMs);
        line = {"ส่งถึงสำนักงานล่าสุด " + at + " น.", "Last reached the office at " + at};
    } else {
        line = {"ยังไม่ได้ติดต่อสำนักงาน", "Not yet in touch with the office"};
    }
    if (state->queued > 0) {
        const std::string n = std::to_string(state->queued);
        line.th += " · รอส่ง " + n + " รายการ";
        line.en += " · " + n + (state->queued == 1 ? " record waiting" : " records waiting");
    }
    if (!state->lastError.empty() && state->consecutiveFailures > 0) {
        line.th += " · ติดต่อไม่สำเร็จ จะลองใหม่เอง";
        line.en += " · last try failed: " + state->lastError;
    }
    return line;
}

Status runKiosk(KioskRuntime& rt, const RunOptions& options) {
    std::printf("Fangsiang kiosk: %s, showing %s\n", rt.catalogue().office().name.th.c_str(),
                rt.contentSource().c_str());
    if (rt.enrolled())
        std::printf("  syncing with the hub at %s\n", rt.pins().hubUrl.c_str());
    else
        std::printf("  not enrolled with a hub: records stay on this kiosk\n");
    rt.startSync();
    auto window = platform::Window::create(windowOptions(rt.config(), options.width, options.height, options.fullscreen));
    if (!window)
        return window.error();
    ui::KioskView view;
    platform::LoopOptions loop;
    loop.afterFrame = [&] {
        if (!view.printRequested)
            return false;
        view.printRequested = false;
        auto printed = printReceipt(**window, rt);
        if (!printed)
            std::fprintf(stderr, "fangsiang-kiosk: the receipt was not printed: %s\n", printed.error().message.c_str());
        return true;  // redraw the screen the receipt frame replaced
    };
    // The world outside changes on a scale of seconds; a burst of touch
    // frames should not read the sync state or the calendar each time.
    std::int64_t nextLook = 0;
    loop.onWake = [&] {
        const std::int64_t now = wallClockMs();
        if (now < nextLook)
            return false;
        nextLook = now + 1000;
        bool changed = false;
        if (rt.refreshContent(now)) {
            view.shownQuestion = nullptr;  // it pointed into the old survey
            changed = true;
        }
        if (auto notices = rt.announcements(now); notices != view.announcements) {
            view.announcements = std::move(notices);
            changed = true;
        }
        if (core::TextPair status = describeSync(rt, now); status != view.status) {
            view.status = std::move(status);
            changed = true;
        }
        return changed;
    };
    platform::runFrameLoop(
        **window, [&](ui::Context& ui) { ui::drawKioskScreen(ui, rt.flow(), view, wallClockMs()); }, loop);
    return core::Ok{};
}

// [SECTION] The scripted demo

namespace {

// Drives the real screens: a touch is a scripted pointer pressed and
// released over a named target (Window::setScriptedPointer), and text
// arrives as SDL text-input events, as from a physical keyboard.
class Script {
public:
    Script(platform::Window& window, KioskRuntime& rt, fs::path outDir, std::string prefix)
        : m_window(window), m_rt(rt), m_outDir(std::move(outDir)), m_prefix(std::move(prefix)) {}

    Status frame(platform::Image* capture = nullptr) {
        SDL_Event event;
        while (SDL_PollEvent(&event) != 0)
            m_window.handleEvent(event);
        return m_window.renderFrame([&](ui::Context& ui) { ui::drawKioskScreen(ui, m_rt.flow(), m_view, wallClockMs()); },
                                    capture);
    }

    Status settle() {
        for (int i = 0; i < 3; ++i)
            TRY(frame());
        return core::Ok{};
    }

    // Presses the centre of a named target (optionally offset within it).
    Status tap(const std::string& target, float fx = 0.5f, float fy = 0.5f) {
        TRY(settle());
        auto it = m_view.targets.find(target);
        if (it == m_view.targets.end())
            return makeError(ErrorCode::NotFound, std::string("the demo found no \"") + target + "\" on the " +
                                                      kiosk::screenName(m_rt.flow().screen()) + " screen");
        const ui::TargetRect& r = it->second;
        const float x = r.min.x + r.width() * fx;
        const float y = r.min.y + r.height() * fy;
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, false});
        TRY(frame());
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, true});
        TRY(frame());
        TRY(frame());
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, false});
        TRY(frame());
        return settle();
    }

    // Types UTF-8 text into the focused field, one character per event.
    Status type(std::string_view text) {
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t len = 1;
            const auto b = static_cast<unsigned char>(text[i]);
            if (b >= 0xF0) len = 4;
            else if (b >= 0xE0) len = 3;
            else if (b >= 0xC0) len = 2;
            SDL_Event e{};
            e.type = SDL_TEXTINPUT;
            e.text.windowID = SDL_GetWindowID(m_window.sdlWindow());
            std::memcpy(e.text.text, text.data() + i, std::min(len, sizeof e.text.text - 1));
            SDL_PushEvent(&e);
            TRY(frame());
            i += len;
        }
        return settle();
    }

    Status shot(DemoResult& result) {
        TRY(settle());
        platform::Image image;
        TRY(frame(&image));
        char name[128];
        std::snprintf(name, sizeof name, "%s-%02d-%s.png", m_prefix.c_str(), ++m_shots,
                      kiosk::screenName(m_rt.flow().screen()));
        const fs::path file = m_outDir / name;
        TRY(platform::savePng(file.string(), image));
        result.screenshots.push_back(file);
        return core::Ok{};
    }

    [[nodiscard]] ui::KioskView& view() { return m_view; }

private:
    platform::Window& m_window;
    KioskRuntime& m_rt;
    ui::KioskView m_view;
    fs::path m_outDir;
    std::string m_prefix;
    int m_shots = 0;
};

Status expectScreen(KioskRuntime& rt, kiosk::Screen screen) {
    if (rt.flow().screen() != screen)
        return makeError(ErrorCode::InvalidArgument, std::string("the demo expected the ") + kiosk::screenName(screen) +
                                                         " screen but is on " + kiosk::screenName(rt.flow().screen()));
    return core::Ok{};
}

}  // namespace

Result<DemoResult> runScriptedDemo(KioskRuntime& rt, const fs::path& outDir, int width, int height,
                                   core::Language language) {
    TRY(core::ensureDirectory(outDir, 0755));
    // The software renderer: the same pixels on every machine, and no GL
    // driver loaded into a headless run.
    platform::WindowOptions options = windowOptions(rt.config(), width, height, false);
    options.softwareRenderer = true;
    auto window = platform::Window::create(options);
    if (!window)
        return window.error();
    const bool english = language == core::Language::English;
    Script s(**window, rt, outDir, std::to_string(width) + "x" + std::to_string(height) + (english ? "-en" : "-th"));
    DemoResult result;
    using kiosk::Screen;

    // Welcome, home, and a look at a service.
    s.view().status = describeSync(rt, wallClockMs());
    s.view().announcements = rt.announcements(wallClockMs());
    TRY(s.shot(result));
    if (english)
        TRY(s.tap("language"));  // the switches are on Welcome too
    TRY(s.tap("start"));
    TRY(expectScreen(rt, Screen::Home));
    TRY(s.shot(result));
    // Larger text, then high contrast, each one touch; then back to normal.
    TRY(s.tap("larger-text"));
    TRY(s.shot(result));
    TRY(s.tap("contrast"));
    TRY(s.shot(result));
    TRY(s.tap("contrast"));
    TRY(s.tap("tile:services"));
    TRY(s.shot(result));
    TRY(s.tap("search"));
    TRY(s.type(english ? "tax" : "ภาษี"));
    TRY(s.shot(result));
    TRY(s.tap("results", 0.5f, 0.1f));
    TRY(expectScreen(rt, Screen::ServiceDetail));
    TRY(s.shot(result));
    TRY(s.tap("back"));
    TRY(s.tap("back"));
    TRY(s.tap("back"));
    TRY(expectScreen(rt, Screen::Home));

    // A complaint with contact details.
    TRY(s.tap("tile:complaint"));
    TRY(s.shot(result));
    TRY(s.tap("topic:roads-lights"));
    TRY(s.type(english ? "The street light in front of the temple has been out for three nights."
                             : "ไฟส่องสว่างหน้าวัดป่าสักดับมาสามคืนแล้ว กลางคืนมืดมาก ผู้สูงอายุเดินลำบาก"));
    TRY(s.shot(result));
    TRY(s.tap("next"));
    TRY(expectScreen(rt, Screen::ComplaintPlace));
    TRY(s.type("4"));
    TRY(s.tap("landmark"));
    TRY(s.type(english ? "Wat Pa Sak gate" : "ประตูวัดป่าสัก"));
    TRY(s.shot(result));
    TRY(s.tap("next"));
    TRY(expectScreen(rt, Screen::ComplaintPrivacy));
    TRY(s.shot(result));
    TRY(s.tap("give-contact"));
    TRY(s.type("สมหญิง ใจดี"));
    TRY(s.tap("phone"));
    TRY(s.type("0812345678"));
    TRY(s.shot(result));
    TRY(s.tap("next"));
    TRY(expectScreen(rt, Screen::ComplaintReview));
    TRY(s.shot(result));
    TRY(s.tap("send"));
    TRY(expectScreen(rt, Screen::ComplaintReceipt));
    result.ticket = rt.flow().receipt()->ticket.text();
    TRY(s.shot(result));
    auto printed = printReceipt(**window, rt);
    if (!printed)
        return printed.error();
    result.receipt = *printed;
    TRY(s.tap("done"));

    // The satisfaction survey.
    TRY(s.tap("start"));
    if (english)
        TRY(s.tap("language"));
    TRY(s.tap("tile:survey"));
    TRY(expectScreen(rt, Screen::SurveyQuestion));
    TRY(s.tap("options", 0.5f, 0.05f));
    TRY(s.shot(result));
    TRY(s.tap("next"));
    for (int q = 0; q < 5; ++q) {
        // The happiest face of five, then on; the last "next" sends.
        TRY(s.tap("rating", 0.9f, 0.4f));
        if (q == 0)
            TRY(s.shot(result));
        TRY(s.tap("next"));
    }
    // An optional comment, then send.
    if (rt.flow().screen() == Screen::SurveyQuestion) {
        TRY(s.type(english ? "Quick and friendly service" : "บริการรวดเร็ว เจ้าหน้าที่ยิ้มแย้ม"));
        TRY(s.shot(result));
        TRY(s.tap("next"));
    }
    TRY(expectScreen(rt, Screen::SurveyThanks));
    TRY(s.shot(result));
    TRY(s.tap("done"));

    // The ticket, looked up at the kiosk.
    TRY(s.tap("start"));
    if (english)
        TRY(s.tap("language"));
    TRY(s.tap("tile:ticket"));
    TRY(s.type(core::Ticket::parse(result.ticket)->localText()));
    TRY(s.shot(result));
    TRY(s.tap("look-up"));
    TRY(expectScreen(rt, Screen::TicketResult));
    TRY(s.shot(result));
    TRY(s.tap("done"));
    return result;
}

}  // namespace fangsiang
