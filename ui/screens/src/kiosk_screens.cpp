// The entry point: the display settings the citizen chose, the screen the
// flow is on, what the flow refused, and the idle countdown over it all.
// Each flow's screens are in their own file (screens_internal.hpp).

#include "screens_internal.hpp"

namespace fangsiang::ui {

namespace detail {

void beginScreenWindow(Context& ui, const char* id) {
    applyToImGuiStyle(ui.theme(), ui.scale(), ImGui::GetStyle());
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(ui.theme().background));
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
}

void endScreenWindow() {
    ImGui::End();
    ImGui::PopStyleColor();
}

}  // namespace detail

void drawKioskScreen(Context& ui, kiosk::KioskFlow& flow, KioskView& view, std::int64_t nowMs) {
    using kiosk::Screen;
    using namespace detail;
    flow.tick(nowMs);
    // The display follows the citizen's choices.
    const auto& display = flow.display();
    ui.setLanguage(display.language);
    ui.setTheme(display.highContrast ? ThemeId::HighContrast : display.largeText ? ThemeId::LargeText : ThemeId::Default);
    beginScreenWindow(ui, "##kiosk");
    Ctx c{ui, flow, view, nowMs};
    view.targets.clear();

    const core::Question* question = flow.currentQuestion();
    if (flow.screen() != view.shownScreen || question != view.shownQuestion) {
        view.shownScreen = flow.screen();
        view.shownQuestion = question;
        enterScreen(c);
    }

    switch (flow.screen()) {
    case Screen::Welcome: welcomeScreen(c); break;
    case Screen::Home: homeScreen(c); break;
    case Screen::ServiceCategories: serviceCategoriesScreen(c); break;
    case Screen::ServiceList: serviceListScreen(c); break;
    case Screen::ServiceSearch: serviceSearchScreen(c); break;
    case Screen::ServiceDetail: serviceDetailScreen(c); break;
    case Screen::ComplaintCategory: complaintCategoryScreen(c); break;
    case Screen::ComplaintDescribe: complaintDescribeScreen(c); break;
    case Screen::ComplaintPlace: complaintPlaceScreen(c); break;
    case Screen::ComplaintPrivacy: complaintPrivacyScreen(c); break;
    case Screen::ComplaintContact: complaintContactScreen(c); break;
    case Screen::ComplaintReview: complaintReviewScreen(c); break;
    case Screen::ComplaintReceipt: complaintReceiptScreen(c); break;
    case Screen::SurveyQuestion: surveyQuestionScreen(c); break;
    case Screen::SurveyThanks: surveyThanksScreen(c); break;
    case Screen::TicketEntry: ticketEntryScreen(c); break;
    case Screen::TicketResult: ticketResultScreen(c); break;
    }

    // What the flow refused, in words, for a few seconds.
    if (const auto& notice = flow.notice(); notice) {
        const std::string text(ui.pick(*notice));
        if (text != view.shownNotice) {
            view.shownNotice = text;
            view.toast.show(text, ImGui::GetTime(), 4.0);
        }
    } else {
        view.shownNotice.clear();
    }
    drawToast(ui, view.toast);

    if (const auto left = flow.idleCountdown(nowMs); left) {
        const double deadline = ImGui::GetTime() + static_cast<double>(*left);
        if (countdownBanner(ui, deadline, 15.0))
            flow.keepAlive(nowMs);
    }
    // Sleep until the flow's next timer (idle countdown, a finished screen).
    const std::int64_t due = flow.nextDeadline(nowMs);
    if (due != INT64_MAX)
        ui.requestFrameAt(ImGui::GetTime() + static_cast<double>(due - nowMs) / 1000.0);

    endScreenWindow();
}

}  // namespace fangsiang::ui
