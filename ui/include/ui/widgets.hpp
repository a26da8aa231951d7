#pragma once
// Touch widgets for the kiosk. Each is an ImGui item (it takes its place at
// the cursor and reports what the user did); none owns application state.
// Labels come in the language to show (Context::pick).
// Every target is at least 48 design pixels (about 9 mm at 800x480) high.

#include "ui/context.hpp"
#include "ui/text_edit.hpp"

#include <imgui.h>

#include <span>
#include <string>

namespace fangsiang::ui {

// The smallest touch target, in design pixels.
inline constexpr float kMinTarget = 48.0f;

enum class Icon { Complaint, Survey, Services, Status, Info, Back };

// [SECTION] Buttons
// A large tile: icon above, label below (wrapped, centred).
bool tileButton(Context& ui, const char* id, Icon icon, std::string_view label, ImVec2 size);
// A plain button; `primary` fills it with the accent colour.
bool button(Context& ui, const char* id, std::string_view label, ImVec2 size, bool primary = false);

// [SECTION] Touch-scrollable list
struct TouchListState {
    float offset = 0.0f;    // pixels scrolled from the top
    float velocity = 0.0f;  // pixels per second after a fling
    bool dragging = false;  // moved past the tap threshold while held
    bool held = false;      // held last frame, so a release can be told apart
};
// Rows labelled `rows`; drag to scroll, fling for momentum, tap to choose.
// Returns the tapped row or -1.
int touchList(Context& ui, const char* id, TouchListState& state, std::span<const std::string_view> rows,
              ImVec2 size);

// [SECTION] Choices
// Five faces from very dissatisfied (1) to very satisfied (5); 0 = none yet.
bool smileyRating(Context& ui, const char* id, int& value, float width);
// One of several options as pills that wrap onto more rows; -1 = none.
bool choiceChips(Context& ui, const char* id, std::span<const std::string_view> options, int& selected,
                 float width);
// Where the citizen is in a multi-step flow (0-based current step).
void stepIndicator(Context& ui, std::span<const std::string_view> steps, int current, float width);

// [SECTION] Text field
// Applies this frame's typed characters (SDL text input) and the Backspace,
// Left and Right keys to `buffer`; for a field that has the focus.
void applyKeyInput(TextEditBuffer& buffer);
// Shows `buffer` with its caret; a tap focuses it. While focused, SDL text
// input and the arrow, Home, End and Backspace keys edit it. Returns true
// when the content changed this frame.
bool textField(Context& ui, const char* id, TextEditBuffer& buffer, std::string_view placeholder, float width,
               bool& focused);

// [SECTION] Overlays
enum class DialogResult { None, Confirmed, Cancelled };
struct DialogText {
    std::string_view title;
    std::string_view body;
    std::string_view confirm;
    std::string_view cancel;
};
// A modal question over a dimmed screen. Call every frame while `open`;
// closes itself on an answer.
DialogResult confirmDialog(Context& ui, const char* id, bool& open, const DialogText& text);

// A short message at the bottom of the screen that goes away by itself.
struct Toast {
    std::string message;
    double until = 0.0;  // ImGui time
    void show(std::string text, double now, double seconds = 3.0) {
        message = std::move(text);
        until = now + seconds;
    }
};
void drawToast(Context& ui, Toast& toast);

// The idle-reset warning, counting down to `deadline` (ImGui time), as wide
// as `width` (0: the rest of the line). Returns true when the citizen
// touches it to stay.
bool countdownBanner(Context& ui, double deadline, double totalSeconds, float width = 0.0f);

// [SECTION] Drawing helpers shared by screens
void drawIcon(ImDrawList* list, Icon icon, ImVec2 centre, float size, ImU32 colour, ImU32 background);

}  // namespace fangsiang::ui
