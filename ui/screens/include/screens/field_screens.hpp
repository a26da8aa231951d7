#pragma once
// Field mode's screens and the staff menu's. Like the citizen kiosk's, they
// draw the state of their flow (kiosk::FieldFlow, kiosk::StaffFlow) and
// turn touches into calls on it; buffers, keyboard and targets live in the
// views.

#include "screens/kiosk_screens.hpp"

#include <kiosk/field_flow.hpp>
#include <kiosk/staff_flow.hpp>

#include <map>
#include <string>
#include <utility>

namespace fangsiang::ui {

// A page of questions on one screen: how far it is scrolled and where each
// question was drawn, kept while a typed answer of the page is open.
struct PageView {
    const core::SurveyPage* shownPage = nullptr;
    float scroll = 0.0f;       // pixels of the page's content above the visible part
    float contentHeight = 0.0f;
    float viewHeight = 0.0f;
    float viewTop = 0.0f, viewBottom = 0.0f;  // where the visible part is on the display
    std::map<std::string, std::pair<float, float>, std::less<>> placed;  // question id: top and bottom in the content
    std::string shownWanting;  // the question last scrolled to because "next" found it wanting
    std::string follow;        // just answered: the question after it is scrolled into view
    int followFrames = 0;
    bool dragging = false;     // a drag scrolls; when it ends the view settles on a question's top      // frames left to find it (one the answer shows is placed a frame later)
};

struct FieldView {
    KioskView base;  // the answer buffers, keyboard, lists, toast and targets
    PageView page;
    kiosk::FieldScreen shownScreen = kiosk::FieldScreen::Enumerator;
    const core::Question* shownQuestion = nullptr;
    unsigned shownRespondent = 0;
    // Set when the staff menu button was touched; the program opens it and clears this.
    bool staffRequested = false;
};

// Draws the field flow's screen over the whole display and applies this
// frame's touches to it. Call between ImGui::NewFrame() and ImGui::Render().
void drawFieldScreen(Context& ui, kiosk::FieldFlow& flow, FieldView& view, std::int64_t nowMs);

struct StaffView {
    KioskView base;  // keyboard, targets, toast
    TextEditBuffer pin{kiosk::kMaxPinLength};
    TextEditBuffer hubUrl{200};
    TextEditBuffer code{64};
    TextEditBuffer folder{400};
    int focusedField = 0;
    kiosk::StaffScreen shownScreen = kiosk::StaffScreen::Pin;
    std::string shownOutcome;
};

void drawStaffScreen(Context& ui, kiosk::StaffFlow& flow, StaffView& view, std::int64_t nowMs);

// Wipes the staff view's fields (the PIN, the code).
void clearStaffView(StaffView& view);

}  // namespace fangsiang::ui
