#pragma once
// The citizen kiosk's screens. They draw the state of a kiosk::KioskFlow and
// turn touches into calls on it; the flow decides what happens. What belongs
// to drawing alone (text being edited, the keyboard's layer, list scroll
// positions) lives in KioskView.

#include "ui/context.hpp"
#include "ui/keyboard.hpp"
#include "ui/text_area.hpp"
#include "ui/text_edit.hpp"
#include "ui/widgets.hpp"

#include <core/announcements.hpp>
#include <kiosk/flow.hpp>

#include <imgui.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fangsiang::ui {

// Where a named target was drawn, in screen pixels.
struct TargetRect {
    ImVec2 min;
    ImVec2 max;
    [[nodiscard]] float width() const { return max.x - min.x; }
    [[nodiscard]] float height() const { return max.y - min.y; }
    [[nodiscard]] bool contains(ImVec2 p) const { return p.x >= min.x && p.y >= min.y && p.x < max.x && p.y < max.y; }
};

// What became of the last receipt printed from the receipt screen, in the
// terms the screen words it by (the platform's printer error codes).
enum class PrintState {
    None,          // nothing printed yet on this receipt screen
    Printed,
    NotConnected,  // no such printer: the device is absent, the queue missing
    NotAllowed,    // the kiosk may not use the printer
    Failed,        // it took the job badly or not at all: out of paper, a write error
};

struct KioskView {
    // One buffer per field, sized to the flow's limits.
    TextEditBuffer description{kiosk::kMaxComplaintLength};
    TextEditBuffer village{3};
    TextEditBuffer landmark{kiosk::kMaxLandmarkLength};
    TextEditBuffer name{kiosk::kMaxNameLength};
    TextEditBuffer phone{20};
    TextEditBuffer ticket{24};
    TextEditBuffer search{60};
    TextEditBuffer answerText{core::kMaxTextAnswerLength};
    TextEditBuffer answerNumber{12};
    int focusedField = 0;  // which field of a two-field screen has the keyboard
    TextAreaState textArea;  // the screen's text area (one at most): scroll and caret place

    KeyboardState keyboard;
    TouchListState list;
    float detailScroll = 0.0f;
    Toast toast;

    kiosk::Screen shownScreen = kiosk::Screen::Welcome;
    const core::Question* shownQuestion = nullptr;
    std::string shownNotice;
    // Set when the citizen asks for a printed receipt; the platform prints
    // and clears it.
    bool printRequested = false;
    PrintState printState = PrintState::None;
    // A line for the office's staff at the foot of the Welcome screen (how
    // sync is going); the platform fills it, empty shows nothing.
    core::TextPair status;
    // The office's announcements for today, shown on the Welcome screen;
    // the platform fills them.
    std::vector<core::Announcement> announcements;
    // Set by a 3-second press on the office's name on the Welcome screen:
    // the program asks for the staff PIN, and clears this.
    bool staffRequested = false;

    // Where each named target was drawn on the last frame, in screen pixels,
    // so scripted touches (the demo, end-to-end tests) can press it.
    std::map<std::string, TargetRect> targets;
};

// Draws the flow's current screen over the whole display and applies this
// frame's touches to the flow. `nowMs` is wall-clock time (the flow's clock).
// Call between ImGui::NewFrame() and ImGui::Render().
void drawKioskScreen(Context& ui, kiosk::KioskFlow& flow, KioskView& view, std::int64_t nowMs);

// Draws a receipt as a thermal printer would print it (black on white,
// `widthPx` wide) at the top-left of the display; returns its height.
float drawReceiptPaper(Context& ui, const kiosk::ComplaintReceipt& receipt, const core::OfficeInfo& office,
                       float widthPx);

// The page `fangsiang-kiosk print-test` prints: a ruler across the paper,
// the office's name, Thai with every kind of mark, and `where` (the printer
// as configured). Returns its height.
float drawPrinterTestPaper(Context& ui, std::string_view officeName, float widthPx, std::string_view where);

// Wipes every text buffer (after an idle reset or a finished flow).
void clearKioskView(KioskView& view);

}  // namespace fangsiang::ui
