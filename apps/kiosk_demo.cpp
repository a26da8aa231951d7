// The scripted demo (kiosk_demo.hpp): a citizen on the real screens.

#include "kiosk_demo.hpp"

#include "demo_script.hpp"

#include "core/files.hpp"
#include "platform/image.hpp"

#include <screens/kiosk_screens.hpp>

#include <SDL.h>

#include <cstdio>
#include <cstring>

namespace fangsiang {

namespace fs = std::filesystem;
using core::Status;

namespace {

// What the scripted citizen types, in the language of the run.
const core::TextPair kSearch{"ภาษี", "tax"};
const core::TextPair kDescription{"ไฟส่องสว่างหน้าวัดป่าสักดับมาสามคืนแล้ว กลางคืนมืดมาก ผู้สูงอายุเดินลำบาก",
                                  "The street light in front of the temple has been out for three nights."};
const core::TextPair kLandmark{"ประตูวัดป่าสัก", "Wat Pa Sak gate"};
const core::TextPair kComment{"บริการรวดเร็ว เจ้าหน้าที่ยิ้มแย้ม", "Quick and friendly service"};

// The citizen kiosk's screens under a DemoScript, with its screens named.
class Script : public DemoScript {
public:
    Script(platform::Window& window, kiosk::KioskRuntime& rt, core::Language language, fs::path outDir,
           std::string prefix)
        : DemoScript(window, language, std::move(outDir), std::move(prefix)), m_rt(rt) {
        show([this](ui::Context& ui) { ui::drawKioskScreen(ui, m_rt.flow(), m_view, m_rt.options().clock()); },
             m_view.targets, [this] { return std::string(kiosk::screenName(m_rt.flow().screen())); });
    }
    using DemoScript::expect;
    using DemoScript::tapTo;
    using DemoScript::type;

    // From Welcome into a flow: start, the citizen's language, the flow's tile.
    Status begin(const std::string& tile) {
        TRY(tap("start"));
        if (language() == core::Language::English)
            TRY(tap("language"));
        return tap(tile);
    }
    Status tapTo(const std::string& target, kiosk::Screen screen, float fx = 0.5f, float fy = 0.5f) {
        return DemoScript::tapTo(target, kiosk::screenName(screen), fx, fy);
    }
    Status expect(kiosk::Screen screen) const { return DemoScript::expect(kiosk::screenName(screen)); }
    [[nodiscard]] ui::KioskView& view() { return m_view; }

private:
    kiosk::KioskRuntime& m_rt;
    ui::KioskView m_view;
};

}  // namespace

core::Result<DemoResult> runScriptedDemo(KioskApp& app, const fs::path& outDir, int width, int height,
                                         core::Language language) {
    kiosk::KioskRuntime& rt = app.runtime();
    TRY(core::ensureDirectory(outDir, 0755));
    // The software renderer: the same pixels on every machine, and no GL
    // driver loaded into a headless run.
    platform::WindowOptions options = windowOptions(app.config(), width, height, false);
    options.softwareRenderer = true;
    auto window = TRY(platform::Window::create(options));
    const bool english = language == core::Language::English;
    Script s(*window, rt, language, outDir,
             std::to_string(width) + "x" + std::to_string(height) + (english ? "-en" : "-th"));
    using kiosk::Screen;

    // Welcome, home, and a look at a service.
    const std::int64_t now = rt.options().clock();
    s.view().status = kiosk::describeSync(rt, now);
    s.view().announcements = rt.announcements(now);
    TRY(s.shot());
    if (english)
        TRY(s.tap("language"));  // the switches are on Welcome too
    TRY(s.tapTo("start", Screen::Home));
    TRY(s.shot());
    // Larger text, then high contrast, each one touch; then back to normal.
    TRY(s.tap("larger-text"));
    TRY(s.shot());
    TRY(s.tap("contrast"));
    TRY(s.shot());
    TRY(s.tap("contrast"));
    TRY(s.tap("tile:services"));
    TRY(s.shot());
    TRY(s.tap("search"));
    TRY(s.type(kSearch));
    TRY(s.shot());
    TRY(s.tapTo("results", Screen::ServiceDetail, 0.5f, 0.1f));
    TRY(s.shot());
    for (int i = 0; i < 2; ++i)
        TRY(s.tap("back"));
    TRY(s.tapTo("back", Screen::Home));

    // A complaint with contact details.
    TRY(s.tap("tile:complaint"));
    TRY(s.shot());
    TRY(s.tap("topic:roads-lights"));
    TRY(s.type(kDescription));
    TRY(s.shot());
    TRY(s.tapTo("next", Screen::ComplaintPlace));
    TRY(s.type("4"));
    TRY(s.tap("landmark"));
    TRY(s.type(kLandmark));
    TRY(s.shot());
    TRY(s.tapTo("next", Screen::ComplaintPrivacy));
    TRY(s.shot());
    TRY(s.tap("give-contact"));
    TRY(s.type("สมหญิง ใจดี"));
    TRY(s.tap("phone"));
    TRY(s.type("0812345678"));
    TRY(s.shot());
    TRY(s.tapTo("next", Screen::ComplaintReview));
    TRY(s.shot());
    TRY(s.tapTo("send", Screen::ComplaintReceipt));
    s.result().ticket = rt.flow().receipt()->ticket.text();
    TRY(s.shot());
    s.result().receipt = TRY(printReceipt(*window, app));
    TRY(s.tap("done"));

    // The satisfaction survey.
    TRY(s.begin("tile:survey"));
    TRY(s.expect(Screen::SurveyQuestion));
    TRY(s.tap("options", 0.5f, 0.05f));
    TRY(s.shot());
    TRY(s.tap("next"));
    for (int q = 0; q < 5; ++q) {
        // The happiest face of five, then on; the last "next" sends.
        TRY(s.tap("rating", 0.9f, 0.4f));
        if (q == 0)
            TRY(s.shot());
        TRY(s.tap("next"));
    }
    // An optional comment, then send.
    if (rt.flow().screen() == Screen::SurveyQuestion) {
        TRY(s.type(kComment));
        TRY(s.shot());
        TRY(s.tap("next"));
    }
    TRY(s.expect(Screen::SurveyThanks));
    TRY(s.shot());
    TRY(s.tap("done"));

    // The ticket, looked up at the kiosk.
    TRY(s.begin("tile:ticket"));
    TRY(s.type(core::Ticket::parse(s.result().ticket)->localText()));
    TRY(s.shot());
    TRY(s.tapTo("look-up", Screen::TicketResult));
    TRY(s.shot());
    TRY(s.tap("done"));
    return std::move(s.result());
}

core::Result<fs::path> runTicketLookup(KioskApp& app, const fs::path& outDir, int width, int height,
                                       core::Language language, const std::string& ticket) {
    auto parsed = core::Ticket::parse(ticket);
    if (!parsed)
        return core::makeError(core::ErrorCode::InvalidArgument, "\"" + ticket + "\" is not a ticket number");
    TRY(core::ensureDirectory(outDir, 0755));
    platform::WindowOptions options = windowOptions(app.config(), width, height, false);
    options.softwareRenderer = true;
    auto window = TRY(platform::Window::create(options));
    const bool english = language == core::Language::English;
    Script s(*window, app.runtime(), language, outDir,
             std::to_string(width) + "x" + std::to_string(height) + (english ? "-en" : "-th") + "-ticket-" + ticket);
    TRY(s.begin("tile:ticket"));
    TRY(s.type(parsed->localText()));
    TRY(s.tapTo("look-up", kiosk::Screen::TicketResult));
    TRY(s.shot());
    return s.result().screenshots.back();
}

}  // namespace fangsiang
