// The scripted field session (kiosk_field_demo.hpp).

#include "kiosk_field_demo.hpp"

#include "demo_script.hpp"
#include "kiosk_terminal.hpp"

#include "core/files.hpp"

#include <screens/field_screens.hpp>

namespace fangsiang {

namespace fs = std::filesystem;
using core::Status;
using kiosk::FieldScreen;
using kiosk::StaffScreen;

namespace {

// Field mode and the staff menu under one script, each drawn in turn.
class FieldScript : public DemoScript {
public:
    FieldScript(platform::Window& window, KioskApp& app, FieldSession& field, core::Language language,
                fs::path outDir, std::string prefix)
        : DemoScript(window, language, std::move(outDir), std::move(prefix)),
          m_app(app),
          m_field(field),
          m_staffBackend(app, &window) {
        showField();
    }

    void showField() {
        show([this](ui::Context& ui) { ui::drawFieldScreen(ui, m_field.flow(), m_fieldView, clock()); },
             m_fieldView.base.targets, [this] { return std::string(kiosk::fieldScreenName(m_field.flow().screen())); });
    }
    void showStaff() {
        show([this](ui::Context& ui) { ui::drawStaffScreen(ui, *m_staff, m_staffView, clock()); }, m_staffView.base.targets,
             [this] { return std::string(kiosk::staffScreenName(m_staff->screen())); });
    }
    void showCitizen() {
        show([this](ui::Context& ui) { ui::drawKioskScreen(ui, m_app.runtime().flow(), m_kioskView, clock()); },
             m_kioskView.targets, [this] { return std::string(kiosk::screenName(m_app.runtime().flow().screen())); });
    }

    std::int64_t clock() const { return m_app.runtime().options().clock(); }
    kiosk::FieldFlow& flow() { return m_field.flow(); }
    ui::FieldView& fieldView() { return m_fieldView; }
    ui::KioskView& kioskView() { return m_kioskView; }
    Status expectField(FieldScreen screen) { return expect(kiosk::fieldScreenName(screen)); }

    // Opens the staff menu the way the terminal does (kiosk_terminal.cpp).
    void openStaff(kiosk::TerminalMode from) {
        m_staff = std::make_unique<kiosk::StaffFlow>(m_staffBackend, staffPolicy(m_app.config(), from), from,
                                                     kiosk::DisplaySettings{language()}, clock());
        m_staffView = ui::StaffView{};
        showStaff();
    }
    kiosk::StaffFlow& staff() { return *m_staff; }
    AppStaffBackend& staffBackend() { return m_staffBackend; }

    // Answers the question on screen as a respondent would, by touch (and
    // keys for a number); an optional text is left empty. Then "next". On a
    // page, every question it shows, scrolling to each by drag when it is
    // out of view; a number opens on its own screen and comes back.
    Status answerQuestion(int respondent) {
        const core::Question* q = flow().currentQuestion();
        if (q == nullptr)
            return core::makeError(core::ErrorCode::InvalidArgument, "no question is on screen");
        if (flow().page() == nullptr)
            return answerOne(*q, respondent, "");
        for (std::size_t i = 0; flow().page() != nullptr && i < flow().pageQuestions().size(); ++i) {
            const core::Question& onPage = *flow().pageQuestions()[i];
            if (onPage.type == core::QuestionType::Note || onPage.type == core::QuestionType::Text)
                continue;  // an optional text is left empty (the demo's answers show none required)
            TRY(reveal(onPage.id));
            if (onPage.type == core::QuestionType::Number || onPage.type == core::QuestionType::Decimal) {
                TRY(tap(onPage.id + ":field"));
                if (!flow().typing())
                    return core::makeError(core::ErrorCode::InvalidArgument, "the demo could not open " + onPage.id);
                TRY(answerOne(*flow().currentQuestion(), respondent, ""));  // its digits, then "done"
            } else {
                TRY(answerOne(onPage, respondent, onPage.id + ":", false));
            }
        }
        return tap("next");
    }

private:
    // Answers `q` through the targets named `prefix` + "rating", "options"…
    Status answerOne(const core::Question& q, int respondent, const std::string& prefix, bool thenNext = true) {
        const core::SurveyResponse* answers = flow().answers();
        auto answered = [&] { return !std::holds_alternative<std::monostate>(answers->answerTo(q.id)); };
        switch (q.type) {
        case core::QuestionType::Rating: TRY(tap(prefix + "rating", 0.1f + 0.2f * static_cast<float>(4 - respondent % 2), 0.4f)); break;
        case core::QuestionType::Likert: TRY(tapFirstOf(prefix + "likert", answered)); break;
        case core::QuestionType::SingleChoice:
            if (q.options.size() > 6)
                TRY(tap(prefix + "options", 0.5f, 0.05f));
            else
                TRY(tapFirstOf(prefix + "options", answered));
            break;
        case core::QuestionType::MultipleChoice:
            TRY(tap(prefix + "option:" + q.options[static_cast<std::size_t>(respondent) % q.options.size()].id));
            break;
        case core::QuestionType::Number:
        case core::QuestionType::Decimal:
            TRY(type(std::to_string(q.type == core::QuestionType::Number ? std::max<std::int64_t>(q.min, 25 + respondent) : 1)));
            break;
        case core::QuestionType::Text:
        case core::QuestionType::Note: break;
        }
        if (q.required && !answered())
            return core::makeError(core::ErrorCode::InvalidArgument, "the demo could not answer " + q.id);
        return thenNext ? tap("next") : core::Ok{};
    }

    // Scrolls the page by drag until every target of question `id` is in view.
    Status reveal(const std::string& id) {
        for (int tries = 0; tries < 6; ++tries) {
            TRY(settle());
            float lo = 1e9f, hi = -1e9f;
            for (const auto& [name, rect] : targets())
                if (name.rfind(id + ":", 0) == 0) {
                    lo = std::min(lo, rect.min.y);
                    hi = std::max(hi, rect.max.y);
                }
            const ui::PageView& page = m_fieldView.page;
            if (lo > hi || (lo >= page.viewTop && hi <= page.viewBottom))
                return core::Ok{};
            // At the right edge, beside the answers, where no target is.
            const float x = ImGui::GetIO().DisplaySize.x - 3.0f;
            const float room = page.viewBottom - page.viewTop - 8.0f;
            // Never less than a drag is (a shorter move is a tap).
            const float by = hi > page.viewBottom ? -std::clamp(hi - page.viewBottom + 8.0f, 40.0f, room)
                                                  : std::clamp(page.viewTop - lo + 8.0f, 40.0f, room);
            const float from = by < 0 ? page.viewBottom - 4.0f : page.viewTop + 4.0f;
            TRY(drag(x, from, from + by));
        }
        return core::makeError(core::ErrorCode::InvalidArgument, "the demo could not bring " + id + " into view");
    }

    // Tries points across a group of chips until one takes.
    template <typename Answered>
    Status tapFirstOf(const std::string& target, Answered&& answered) {
        for (float fy : {0.25f, 0.75f})
            for (float fx : {0.03f, 0.3f, 0.5f, 0.7f, 0.97f}) {
                TRY(tap(target, fx, fy));
                if (answered())
                    return core::Ok{};
                uncountTouch();
            }
        return core::Ok{};
    }

    KioskApp& m_app;
    FieldSession& m_field;
    AppStaffBackend m_staffBackend;
    ui::FieldView m_fieldView;
    ui::StaffView m_staffView;
    ui::KioskView m_kioskView;
    std::unique_ptr<kiosk::StaffFlow> m_staff;
};

}  // namespace

core::Result<FieldDemoResult> runFieldDemo(KioskApp& app, const fs::path& outDir, int width, int height,
                                           core::Language language, const std::string& staffPin) {
    TRY(core::ensureDirectory(outDir, 0755));
    platform::WindowOptions options = windowOptions(app.config(), width, height, false);
    options.softwareRenderer = true;
    auto window = TRY(platform::Window::create(options));
    auto field = TRY(FieldSession::open(app));
    const bool english = language == core::Language::English;
    FieldScript s(*window, app, *field, language, outDir,
                  std::to_string(width) + "x" + std::to_string(height) + (english ? "-en" : "-th") + "-field");
    FieldDemoResult result;

    // The session: who, which survey, where.
    if (english)
        TRY(s.tap("language"));
    TRY(s.shot());
    TRY(s.tap("enumerators", 0.5f, 0.1f));
    TRY(s.expectField(FieldScreen::Survey));
    TRY(s.shot());
    std::size_t buyer = 0;
    for (std::size_t i = 0; i < s.flow().surveys().size(); ++i)
        if (s.flow().surveys()[i]->id() == "product-buyer")
            buyer = i;
    // Rows of the list are as tall as a touch target and more; aim at the buyer's.
    TRY(s.tap("surveys", 0.5f, 0.02f + (static_cast<float>(buyer) + 0.5f) * 0.12f));
    if (s.flow().survey() == nullptr || s.flow().survey()->id() != "product-buyer")
        return core::makeError(core::ErrorCode::InvalidArgument, "the demo did not reach the buyer survey");
    TRY(s.expectField(FieldScreen::Context));
    TRY(s.tap("options", 0.03f, 0.5f));  // the Sunday market, the first site
    TRY(s.shot());
    TRY(s.tap("next"));
    while (s.flow().screen() == FieldScreen::Context)
        TRY(s.tap("next"));  // the producer group is optional
    TRY(s.expectField(FieldScreen::Ready));
    TRY(s.shot());

    // Three respondents, each from one touch after the last.
    for (int r = 0; r < 3; ++r) {
        s.resetTouches();
        TRY(s.tap(r == 0 ? "start-respondent" : "next-respondent"));
        TRY(s.expectField(FieldScreen::Consent));
        if (r == 0)
            TRY(s.shot());
        TRY(s.tap("agree"));
        int shots = 0;
        for (int guard = 0; guard < 40 && s.flow().screen() == FieldScreen::Question; ++guard) {
            // The first respondent's pages and a few other question screens.
            if (r == 0 && (guard == 0 || guard == 2 || s.flow().page() != nullptr || s.flow().onLastQuestion()) &&
                shots++ < 6)
                TRY(s.shot());
            if (r == 0 && s.flow().page() != nullptr && s.flow().page()->id == "ratings") {
                // "Next" before any answer: the page names the first question wanting.
                TRY(s.tap("next"));
                s.uncountTouch();
                TRY(s.shot());
            }
            TRY(s.answerQuestion(r));
        }
        TRY(s.expectField(FieldScreen::Submitted));
        result.touchesPerRespondent.push_back(s.touches());
        ++result.respondents;
        if (r == 0)
            TRY(s.shot());
    }

    // A fourth interview set aside: it waits as a draft.
    TRY(s.tap("next-respondent"));
    TRY(s.tap("agree"));
    TRY(s.answerQuestion(3));
    TRY(s.tap("back"));
    TRY(s.tap("back"));
    TRY(s.expectField(FieldScreen::Ready));
    TRY(s.shot());
    TRY(s.tap("drafts"));
    TRY(s.expectField(FieldScreen::Drafts));
    TRY(s.shot());
    TRY(s.tap("back"));

    // The staff menu from field mode, behind the PIN when one is set.
    TRY(s.tap("staff"));
    s.openStaff(kiosk::TerminalMode::Field);
    if (s.staff().screen() == StaffScreen::Pin) {
        TRY(s.type(staffPin));
        TRY(s.shot());
        TRY(s.tap("open"));
    }
    TRY(s.expect(kiosk::staffScreenName(StaffScreen::Menu)));
    TRY(s.shot());
    for (const char* item : {"item:enrol", "item:sync", "item:content", "item:export", "item:printer"}) {
        TRY(s.tap(item));
        if (std::string(item) == "item:enrol") {
            TRY(s.type("https://hub.example.go.th"));
            TRY(s.tap("code"));
            TRY(s.type("K7Q2-99XM"));
        }
        // "Sync now" is not pressed: the demo's own sync (or the test's) sends
        // the records, and says so in its own words.
        if (std::string(item) == "item:printer") {
            TRY(s.tap("print"));
            if (s.staff().printPending())
                s.staff().printed(s.staffBackend().printTest());  // between frames, as the terminal does
        }
        TRY(s.shot());
        TRY(s.tap("back"));
    }
    TRY(s.tap("leave"));

    // On the citizen kiosk, a 3-second press on the office's name asks for the PIN.
    s.showCitizen();
    s.kioskView().status = kiosk::describeSync(app.runtime(), s.clock());
    TRY(s.tap("office", 0.5f, 0.5f, 3300));
    if (!s.kioskView().staffRequested)
        return core::makeError(core::ErrorCode::InvalidArgument, "the long press on the office's name did not ask for the staff menu");
    s.openStaff(kiosk::TerminalMode::Citizen);
    TRY(s.tap("open"));  // no PIN typed: refused in words
    TRY(s.shot());
    result.screenshots = s.result().screenshots;
    return result;
}

}  // namespace fangsiang
