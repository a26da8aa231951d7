#include "kiosk_app.hpp"

#include "kiosk/files.hpp"
#include "platform/frame_loop.hpp"
#include "platform/image.hpp"
#include "platform/window.hpp"

#include <ui/kiosk_screens.hpp>

#include <SDL.h>
#include <imgui.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>

namespace fangsiang {

namespace fs = std::filesystem;
using kiosk::ErrorCode;
using kiosk::makeError;
using kiosk::Result;
using kiosk::Status;

std::int64_t wallClockMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// [SECTION] Putting the kiosk together

Result<std::unique_ptr<KioskRuntime>> KioskRuntime::open(const KioskConfig& config,
                                                         const std::optional<kiosk::HubPins>& fallbackPins) {
    std::unique_ptr<KioskRuntime> rt(new KioskRuntime());
    rt->m_config = config;

    auto catalogue = kiosk::Catalogue::load(config.contentDir / "catalogue.json");
    if (!catalogue)
        return catalogue.error();
    rt->m_catalogue.emplace(std::move(*catalogue));
    auto search = kiosk::ServiceSearch::build(*rt->m_catalogue);
    if (!search)
        return search.error();
    rt->m_search.emplace(std::move(*search));
    auto survey = kiosk::SurveyDefinition::load(config.contentDir / "surveys" / "standard-satisfaction.json");
    if (!survey)
        return survey.error();
    KIOSK_TRY(survey->resolveOptions(*rt->m_catalogue));
    rt->m_survey.emplace(std::move(*survey));

    auto identity = kiosk::DeviceIdentity::loadOrCreate(config.dataDir);
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

    rt->m_backend = std::make_unique<kiosk::StoreBackend>(*rt->m_store, *rt->m_identity, rt->m_pins, wallClockMs);
    kiosk::DisplaySettings display;
    display.language = config.language;
    display.largeText = config.theme == ThemeChoice::LargeText;
    display.highContrast = config.theme == ThemeChoice::HighContrast;
    rt->m_flow = std::make_unique<kiosk::KioskFlow>(*rt->m_catalogue, *rt->m_search, *rt->m_survey, *rt->m_backend,
                                                    config.idle, display, wallClockMs());
    return rt;
}

// [SECTION] Printing

namespace {

// The receipt printer of a kiosk without one: the receipt, drawn as a
// thermal printer would print it, saved as PNG in <data>/receipts/.
constexpr float kPaperWidth = 384.0f;  // 58 mm paper at 203 dpi

Result<fs::path> printReceipt(platform::Window& window, KioskRuntime& rt) {
    const auto& receipt = rt.flow().receipt();
    if (!receipt)
        return makeError(ErrorCode::InvalidArgument, "there is no receipt to print");
    float height = 0.0f;
    platform::Image frame;
    KIOSK_TRY(window.renderFrame(
        [&](ui::Context& ui) { height = ui::drawReceiptPaper(ui, *receipt, rt.catalogue().office(), kPaperWidth); },
        &frame));
    platform::Image paper;
    paper.width = std::min(frame.width, static_cast<int>(kPaperWidth));
    paper.height = std::min(frame.height, static_cast<int>(std::ceil(height)));
    paper.rgba.resize(static_cast<std::size_t>(paper.width) * static_cast<std::size_t>(paper.height) * 4);
    for (int y = 0; y < paper.height; ++y)
        std::copy_n(frame.rgba.begin() + static_cast<std::ptrdiff_t>(y) * frame.width * 4, paper.width * 4,
                    paper.rgba.begin() + static_cast<std::ptrdiff_t>(y) * paper.width * 4);
    const fs::path dir = rt.config().dataDir / "receipts";
    KIOSK_TRY(kiosk::ensureDirectory(dir, 0700));
    const fs::path file = dir / (receipt->ticket.text() + ".png");
    KIOSK_TRY(platform::savePng(file.string(), paper));
    return file;
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

Status runKiosk(KioskRuntime& rt, const RunOptions& options) {
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
    platform::runFrameLoop(
        **window, [&](ui::Context& ui) { ui::drawKioskScreen(ui, rt.flow(), view, wallClockMs()); }, loop);
    return kiosk::Ok{};
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
            KIOSK_TRY(frame());
        return kiosk::Ok{};
    }

    // Presses the centre of a named target (optionally offset within it).
    Status tap(const std::string& target, float fx = 0.5f, float fy = 0.5f) {
        KIOSK_TRY(settle());
        auto it = m_view.targets.find(target);
        if (it == m_view.targets.end())
            return makeError(ErrorCode::NotFound, std::string("the demo found no \"") + target + "\" on the " +
                                                      kiosk::screenName(m_rt.flow().screen()) + " screen");
        const ImRect& r = it->second;
        const float x = r.Min.x + r.GetWidth() * fx;
        const float y = r.Min.y + r.GetHeight() * fy;
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, false});
        KIOSK_TRY(frame());
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, true});
        KIOSK_TRY(frame());
        KIOSK_TRY(frame());
        m_window.setScriptedPointer(platform::Window::Pointer{x, y, false});
        KIOSK_TRY(frame());
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
            KIOSK_TRY(frame());
            i += len;
        }
        return settle();
    }

    Status shot(DemoResult& result) {
        KIOSK_TRY(settle());
        platform::Image image;
        KIOSK_TRY(frame(&image));
        char name[128];
        std::snprintf(name, sizeof name, "%s-%02d-%s.png", m_prefix.c_str(), ++m_shots,
                      kiosk::screenName(m_rt.flow().screen()));
        const fs::path file = m_outDir / name;
        KIOSK_TRY(platform::savePng(file.string(), image));
        result.screenshots.push_back(file);
        return kiosk::Ok{};
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
    return kiosk::Ok{};
}

}  // namespace

Result<DemoResult> runScriptedDemo(KioskRuntime& rt, const fs::path& outDir, int width, int height,
                                   kiosk::Language language) {
    KIOSK_TRY(kiosk::ensureDirectory(outDir, 0755));
    // The software renderer: the same pixels on every machine, and no GL
    // driver loaded into a headless run.
    platform::WindowOptions options = windowOptions(rt.config(), width, height, false);
    options.softwareRenderer = true;
    auto window = platform::Window::create(options);
    if (!window)
        return window.error();
    const bool english = language == kiosk::Language::English;
    Script s(**window, rt, outDir, std::to_string(width) + "x" + std::to_string(height) + (english ? "-en" : "-th"));
    DemoResult result;
    using kiosk::Screen;

    // Welcome, home, and a look at a service.
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("start"));
    if (english)
        KIOSK_TRY(s.tap("language"));
    KIOSK_TRY(expectScreen(rt, Screen::Home));
    KIOSK_TRY(s.shot(result));
    // Larger text, then high contrast, each one touch; then back to normal.
    KIOSK_TRY(s.tap("larger-text"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("contrast"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("contrast"));
    KIOSK_TRY(s.tap("tile:services"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("search"));
    KIOSK_TRY(s.type(english ? "tax" : "ภาษี"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("results", 0.5f, 0.1f));
    KIOSK_TRY(expectScreen(rt, Screen::ServiceDetail));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("back"));
    KIOSK_TRY(s.tap("back"));
    KIOSK_TRY(s.tap("back"));
    KIOSK_TRY(expectScreen(rt, Screen::Home));

    // A complaint with contact details.
    KIOSK_TRY(s.tap("tile:complaint"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("topic:roads-lights"));
    KIOSK_TRY(s.type(english ? "The street light in front of the temple has been out for three nights."
                             : "ไฟส่องสว่างหน้าวัดป่าสักดับมาสามคืนแล้ว กลางคืนมืดมาก ผู้สูงอายุเดินลำบาก"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("next"));
    KIOSK_TRY(expectScreen(rt, Screen::ComplaintPlace));
    KIOSK_TRY(s.type("4"));
    KIOSK_TRY(s.tap("landmark"));
    KIOSK_TRY(s.type(english ? "Wat Pa Sak gate" : "ประตูวัดป่าสัก"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("next"));
    KIOSK_TRY(expectScreen(rt, Screen::ComplaintPrivacy));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("give-contact"));
    KIOSK_TRY(s.type("สมหญิง ใจดี"));
    KIOSK_TRY(s.tap("phone"));
    KIOSK_TRY(s.type("0812345678"));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("next"));
    KIOSK_TRY(expectScreen(rt, Screen::ComplaintReview));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("send"));
    KIOSK_TRY(expectScreen(rt, Screen::ComplaintReceipt));
    result.ticket = rt.flow().receipt()->ticket.text();
    KIOSK_TRY(s.shot(result));
    auto printed = printReceipt(**window, rt);
    if (!printed)
        return printed.error();
    result.receipt = *printed;
    KIOSK_TRY(s.tap("done"));

    // The satisfaction survey.
    KIOSK_TRY(s.tap("start"));
    if (english)
        KIOSK_TRY(s.tap("language"));
    KIOSK_TRY(s.tap("tile:survey"));
    KIOSK_TRY(expectScreen(rt, Screen::SurveyQuestion));
    KIOSK_TRY(s.tap("options", 0.5f, 0.05f));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("next"));
    for (int q = 0; q < 5; ++q) {
        // The happiest face of five, then on; the last "next" sends.
        KIOSK_TRY(s.tap("rating", 0.9f, 0.4f));
        if (q == 0)
            KIOSK_TRY(s.shot(result));
        KIOSK_TRY(s.tap("next"));
    }
    // An optional comment, then send.
    if (rt.flow().screen() == Screen::SurveyQuestion) {
        KIOSK_TRY(s.type(english ? "Quick and friendly service" : "บริการรวดเร็ว เจ้าหน้าที่ยิ้มแย้ม"));
        KIOSK_TRY(s.shot(result));
        KIOSK_TRY(s.tap("next"));
    }
    KIOSK_TRY(expectScreen(rt, Screen::SurveyThanks));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("done"));

    // The ticket, looked up at the kiosk.
    KIOSK_TRY(s.tap("start"));
    if (english)
        KIOSK_TRY(s.tap("language"));
    KIOSK_TRY(s.tap("tile:ticket"));
    KIOSK_TRY(s.type(kiosk::Ticket::parse(result.ticket)->localText()));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("look-up"));
    KIOSK_TRY(expectScreen(rt, Screen::TicketResult));
    KIOSK_TRY(s.shot(result));
    KIOSK_TRY(s.tap("done"));
    return result;
}

}  // namespace fangsiang
