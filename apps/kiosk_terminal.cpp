#include "kiosk_terminal.hpp"

#include "kiosk_sync_commands.hpp"
#include "staff_sync_job.hpp"

#include "core/clock.hpp"
#include "core/content_json.hpp"
#include "core/files.hpp"
#include "core/service_notify.hpp"
#include "kiosk/pin_lock.hpp"
#include "platform/frame_loop.hpp"

#include <SDL.h>

#include <cstdio>

namespace fangsiang {

namespace fs = std::filesystem;

// [SECTION] Field mode

std::vector<core::SurveyDefinition> fieldSurveys(const kiosk::KioskRuntime& rt) {
    const kiosk::KioskContent& content = rt.content();
    kiosk::ContentFiles files;
    for (const auto& [name, text] : content.files)
        if (name.rfind(core::content::kSurveysFolder, 0) == 0 && name.ends_with(".json"))
            files.emplace(name, text);
    if (files.size() <= 1 && !rt.options().contentDir.empty()) {
        // Installed content: the folder's surveys, read now.
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(rt.options().contentDir / "surveys", ec)) {
            if (entry.path().extension() != ".json")
                continue;
            auto bytes = core::readFile(entry.path(), core::kMaxContentFileSize);
            if (bytes)
                files.emplace(std::string(core::content::kSurveysFolder) + entry.path().filename().string(),
                              std::string(bytes->begin(), bytes->end()));
        }
    }
    std::vector<core::SurveyDefinition> surveys;
    for (const auto& [name, text] : files) {
        auto survey = core::SurveyDefinition::parse(text, name);
        if (survey && survey->resolveOptions(content.catalogue).ok())
            surveys.push_back(std::move(*survey));
        else if (!survey)
            std::fprintf(stderr, "fangsiang-kiosk: field mode leaves out %s: %s\n", name.c_str(),
                         survey.error().message.c_str());
    }
    return surveys;
}

core::Result<std::unique_ptr<FieldSession>> FieldSession::open(KioskApp& app) {
    kiosk::KioskRuntime& rt = app.runtime();
    std::unique_ptr<FieldSession> s(new FieldSession());
    s->m_surveys = fieldSurveys(rt);
    if (s->m_surveys.empty())
        return core::makeError(core::ErrorCode::NotFound, "the content has no survey that loads, so field mode has nothing to ask");
    s->m_drafts.emplace(TRY(kiosk::DraftStore::open(rt.options().dataDir)));
    s->m_settled = TRY(s->m_drafts->settle(rt.store()));
    s->m_backend = std::make_unique<kiosk::FieldStoreBackend>(rt.store(), rt.identity(), rt.options().clock,
                                                              [&rt] { rt.nudgeSync(); });
    std::vector<const core::SurveyDefinition*> surveys;
    for (const core::SurveyDefinition& d : s->m_surveys)
        surveys.push_back(&d);
    s->m_flow = std::make_unique<kiosk::FieldFlow>(std::move(surveys), app.config().enumerators, *s->m_backend,
                                                   *s->m_drafts, rt.options().display, rt.options().clock());
    return s;
}

// [SECTION] The staff menu's backend

kiosk::StaffStatus AppStaffBackend::status() {
    kiosk::KioskRuntime& rt = m_app->runtime();
    kiosk::StaffStatus s;
    s.enrolled = rt.enrolled();
    s.hubUrl = rt.pins().hubUrl;
    if (auto counts = rt.store().counts()) {
        s.waiting = counts->unacknowledged;
        s.sentUpTo = counts->acknowledgedUpTo;
    }
    {
        std::lock_guard lock(m_mutex);
        s.lastSuccessMs = m_lastSuccessMs;
        if (m_lastError) {
            s.lastError = m_lastError->message;
            s.lastProblem = kiosk::syncProblemOf(*m_lastError);
        }
    }
    if (const auto state = rt.syncState()) {
        s.lastSuccessMs = std::max(s.lastSuccessMs, state->lastSuccessMs);
        if (!state->lastError.empty() && state->lastAttemptMs >= s.lastSuccessMs) {
            s.lastError = state->lastError;
            s.lastProblem = kiosk::syncProblemOf(state->lastErrorCode, state->lastError);
        }
        s.contentVersion = state->contentVersion;
    }
    s.contentSource = rt.contentSource();
    return s;
}

core::Result<std::string> AppStaffBackend::enrol(const std::string& hubUrl, const std::string& code) {
    return enrolTerminal(m_app->config().dataDir, hubUrl, code, sync::EnrolOptions{});
}

core::Result<std::string> AppStaffBackend::syncNow() {
    // On the staff menu's worker thread: its own client and store connection.
    auto report = syncOnce(m_app->config().dataDir, sync::ClientOptions{}, true);
    std::lock_guard lock(m_mutex);
    if (!report) {
        m_lastError = report.error();
        return report.error();
    }
    m_lastError.reset();
    m_lastSuccessMs = m_app->runtime().options().clock();
    return report->pushed + (report->pulled.empty() ? "" : "; " + report->pulled);
}

std::vector<fs::path> AppStaffBackend::removableMedia() {
    auto mounts = core::readFileHead("/proc/mounts", 256 * 1024);
    if (!mounts)
        return {};
    return kiosk::removableMediaIn(core::asText(*mounts));
}

core::Result<std::string> AppStaffBackend::exportTo(const fs::path& folder) {
    return exportRecords(m_app->config().dataDir, folder);
}

core::Result<std::string> AppStaffBackend::printTest() {
    if (m_window == nullptr)
        return core::makeError(core::ErrorCode::InvalidArgument, "there is no window to draw the test page with");
    return printTestPage(*m_window, m_app->config(), m_app->printer());
}

kiosk::StaffPolicy staffPolicy(const KioskConfig& config, kiosk::TerminalMode from) {
    kiosk::StaffPolicy policy;
    policy.pinHash = config.staffPinHash;
    policy.idleMs = config.staffIdleMs;
    policy.lockFile = config.dataDir / kiosk::kPinLockFile;
    // Field staff on their own tablet may have no PIN; the counter kiosk always asks.
    policy.pinRequired = from == kiosk::TerminalMode::Citizen;
    return policy;
}

// [SECTION] The terminal

core::Result<TerminalEnd> runTerminal(KioskApp& app, const RunOptions& options, kiosk::TerminalMode start) {
    kiosk::KioskRuntime& rt = app.runtime();
    const core::Clock& clock = rt.options().clock;
    rt.startSync();
    auto window = TRY(platform::Window::create(
        windowOptions(app.config(), options.width, options.height, options.fullscreen)));
    AppStaffBackend staffBackend(app, window.get());
    StaffSyncJob syncJob;  // after the backend it uses: joined before it goes
    ui::KioskView view;
    ui::FieldView fieldView;
    ui::StaffView staffView;
    std::unique_ptr<FieldSession> field;
    std::unique_ptr<kiosk::StaffFlow> staff;
    kiosk::TerminalMode mode = start;
    bool reopen = false;

    auto openField = [&]() -> bool {
        if (field)
            return true;
        auto opened = FieldSession::open(app);
        if (!opened) {
            std::fprintf(stderr, "fangsiang-kiosk: field mode: %s\n", opened.error().message.c_str());
            return false;
        }
        field = std::move(*opened);
        fieldView = ui::FieldView{};
        return true;
    };
    if (mode == kiosk::TerminalMode::Field && !openField())
        return core::makeError(core::ErrorCode::NotFound, "field mode could not open (see above)");

    platform::LoopOptions loop;
    loop.afterFrame = [&] {
        if (serviceStaffSync(staff.get(), staffBackend, syncJob, clock(), platform::wakeFrameLoop))
            return true;
        if (staff && staff->printPending()) {
            staff->printed(staffBackend.printTest());
            return true;
        }
        return mode == kiosk::TerminalMode::Citizen && !staff && handlePrintRequest(*window, app, view);
    };
    std::int64_t nextLook = 0;
    std::int64_t nextCount = 0;
    // Under systemd (Type=notify): ready with the window up, and a watchdog
    // ping from the loop itself, which wakes at least once a second even when
    // idle, so a terminal whose screen froze is restarted.
    core::ServiceNotifier notifier = core::ServiceNotifier::fromEnvironment();
    notifier.ready("showing " + rt.contentSource());
    loop.onWake = [&] {
        const std::int64_t now = clock();
        notifier.watchdogIfDue(core::wallClockMs());
        if (now < nextLook)
            return false;
        nextLook = now + 1000;
        bool changed = false;
        if (rt.refreshContent(now)) {
            view.shownQuestion = nullptr;
            changed = true;
        }
        if (auto notices = rt.announcements(now); notices != view.announcements) {
            view.announcements = std::move(notices);
            changed = true;
        }
        if (core::TextPair status = kiosk::describeSync(rt, now); status != view.status) {
            view.status = std::move(status);
            changed = true;
        }
        // Field mode's "waiting" and "sent" follow the background sync.
        if (field && mode == kiosk::TerminalMode::Field && now >= nextCount) {
            nextCount = now + 10'000;
            const kiosk::FieldCounts before = field->flow().counts();
            field->flow().refreshCounts(now);
            const kiosk::FieldCounts& after = field->flow().counts();
            changed = changed || before.waiting != after.waiting || before.sent != after.sent;
        }
        return changed;
    };
    platform::runFrameLoop(
        *window,
        [&](ui::Context& ui) {
            const std::int64_t now = clock();
            if (staff) {
                ui::drawStaffScreen(ui, *staff, staffView, now);
                if (staff->leaving()) {
                    mode = staff->mode();
                    reopen = staff->enrolled();
                    staff.reset();
                    ui::clearStaffView(staffView);
                    if (mode == kiosk::TerminalMode::Field && !openField())
                        mode = kiosk::TerminalMode::Citizen;
                    if (field)
                        field->flow().refreshCounts(now);
                    if (reopen) {
                        // Out of the loop, to open the kiosk again with its new hub.
                        SDL_Event quit{};
                        quit.type = SDL_QUIT;
                        SDL_PushEvent(&quit);
                    }
                    ui.requestFrame();  // the screen it leaves for
                }
                return;
            }
            if (mode == kiosk::TerminalMode::Field) {
                ui::drawFieldScreen(ui, field->flow(), fieldView, now);
                if (fieldView.staffRequested) {
                    fieldView.staffRequested = false;
                    staff = std::make_unique<kiosk::StaffFlow>(staffBackend, staffPolicy(app.config(), mode), mode,
                                                               field->flow().display(), now);
                    ui.requestFrame();
                }
                return;
            }
            ui::drawKioskScreen(ui, rt.flow(), view, now);
            if (view.staffRequested) {
                view.staffRequested = false;
                rt.flow().finish(now);  // whatever a citizen left on screen goes
                staff = std::make_unique<kiosk::StaffFlow>(staffBackend, staffPolicy(app.config(), mode), mode,
                                                           rt.flow().display(), now);
                ui.requestFrame();
            }
        },
        loop);
    return reopen ? TerminalEnd::Reopen : TerminalEnd::Closed;
}

}  // namespace fangsiang
