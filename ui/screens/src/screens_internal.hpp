#pragma once
// What the kiosk's screens share, private to ui/screens/: the context every
// screen draws with, the frame around every screen (frame.cpp), and one
// function per screen. Each flow's screens live in their own file:
// welcome.cpp (Welcome and Home), services.cpp, complaint.cpp, receipt.cpp
// (the receipt on screen and on paper, with its QR code), survey.cpp,
// tickets.cpp; entering.cpp fills a screen's fields when it comes up, and
// kiosk_screens.cpp picks the screen. The words they show are in words.cpp.

#include "screens/field_screens.hpp"
#include "screens/kiosk_screens.hpp"
#include "words.hpp"

#include <imgui_internal.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::ui::detail {

// [SECTION] Words
// Every word a citizen reads is in words.cpp, looked up by name:
// words::kComplaint.describe.

// Thai and English together, for what everyone reads (the greeting, the
// printed receipt): "ยินดีต้อนรับ  Welcome".
[[nodiscard]] inline std::string inBoth(const core::TextPair& text, std::string_view separator) {
    return text.th + std::string(separator) + text.en;
}

// [SECTION] What every screen draws with

// The part of the display below the header, with its padding.
struct Area {
    ImVec2 min;
    ImVec2 max;
    float pad = 0.0f;
    [[nodiscard]] float width() const { return max.x - min.x - 2.0f * pad; }
    [[nodiscard]] float left() const { return min.x + pad; }
    [[nodiscard]] float right() const { return max.x - pad; }
};

// What any screen draws with, whichever flow it belongs to.
struct DrawCtx {
    Context& ui;
    KioskView& view;
    std::int64_t now;

    [[nodiscard]] std::string_view pick(const core::TextPair& t) const { return ui.pick(t); }
    [[nodiscard]] const Theme& theme() const { return ui.theme(); }
    [[nodiscard]] ImDrawList* draw() const { return ImGui::GetWindowDrawList(); }
    // Remembers where the last item was drawn, under `name`.
    void mark(const std::string& name) const {
        view.targets[name] = TargetRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    }
    float text(ImVec2 pos, std::string_view s, FontRole role, float width, Align align = Align::Left,
               ImU32 colour = 0) const {
        return ui.drawText(draw(), pos, s, role, colour != 0 ? colour : theme().text, width, align);
    }
};

// A citizen kiosk screen: the drawing context and the flow it shows.
struct Ctx : DrawCtx {
    Ctx(Context& u, kiosk::KioskFlow& f, KioskView& v, std::int64_t n) : DrawCtx{u, v, n}, flow(f) {}
    kiosk::KioskFlow& flow;
};

// [SECTION] The frame of every screen (frame.cpp)

// What was touched in the header this frame.
struct HeaderTouches {
    bool back = false;
    bool language = false;
    bool largeText = false;
    bool contrast = false;
};
// The three display switches, right to left from `right`: high contrast,
// larger text, language, showing `display`. `ink` draws them on `paper`; a
// switch that is on is drawn inverted. Returns the left edge of the group.
float displaySwitches(DrawCtx& c, const kiosk::DisplaySettings& display, float right, float y, ImU32 ink, ImU32 paper,
                      HeaderTouches& touched, bool languageOnly = false);
// The bar across the top: back, title, and the display switches (only the
// language when `languageOnly`). Returns the area below it.
Area headerBar(DrawCtx& c, std::string_view title, bool withBack, const kiosk::DisplaySettings& display,
               HeaderTouches& touched, bool languageOnly = false);
// The citizen kiosk's header: the touches go to its flow.
// The screen's one window, the whole display in the theme's background,
// with the theme (set on `ui` already) applied to ImGui's style. Every
// screen family (citizen, field, staff) draws inside one.
void beginScreenWindow(Context& ui, const char* id);
void endScreenWindow();

Area header(Ctx& c, std::string_view title, bool withBack = true);
// The kiosk's display switches on `paper`, applied to its flow.
float displaySwitches(Ctx& c, float right, float y, ImU32 ink, ImU32 paper);
// A full-width button row at the bottom of `area`; returns its top.
float bottomButtons(DrawCtx& c, const Area& area, const core::TextPair* left, const char* leftId, bool& leftPressed,
                    const core::TextPair& right, const char* rightId, bool& rightPressed);
bool primaryBottomButton(DrawCtx& c, const Area& area, const core::TextPair& label, const char* id);
// A primary button `width` wide at the right of `area`, level with the
// target marked "field" and as tall; returns true when tapped.
bool buttonBesideField(DrawCtx& c, const Area& area, const char* id, const core::TextPair& label, float width);
// A prompt, a field and the keyboard under it. Returns true when the
// keyboard's Done key was pressed.
bool fieldWithKeyboard(DrawCtx& c, const Area& area, float top, std::string_view prompt, const char* id,
                       TextEditBuffer& buffer, std::string_view placeholder, bool& changed, float fieldWidth = 0.0f);
// A prompt, a text area taking the height down to the keyboard, and the
// keyboard under it; for text longer than a line. Returns true when the
// keyboard's Done key was pressed.
bool areaWithKeyboard(DrawCtx& c, const Area& area, float top, std::string_view prompt, const char* id,
                      TextEditBuffer& buffer, std::string_view placeholder, bool& changed, float width);
// A touch list of `rows`, whose labels live as long as the list is drawn.
int rowList(DrawCtx& c, const char* id, const std::vector<std::string_view>& rows, ImVec2 pos, ImVec2 size);

// [SECTION] The screens, one per kiosk::Screen

void welcomeScreen(Ctx& c);
void homeScreen(Ctx& c);
void serviceCategoriesScreen(Ctx& c);
void serviceListScreen(Ctx& c);
void serviceSearchScreen(Ctx& c);
void serviceDetailScreen(Ctx& c);
void complaintCategoryScreen(Ctx& c);
void complaintDescribeScreen(Ctx& c);
void complaintPlaceScreen(Ctx& c);
void complaintPrivacyScreen(Ctx& c);
void complaintContactScreen(Ctx& c);
void complaintReviewScreen(Ctx& c);
void complaintReceiptScreen(Ctx& c);
void surveyQuestionScreen(Ctx& c);
void surveyThanksScreen(Ctx& c);
void ticketEntryScreen(Ctx& c);
void ticketResultScreen(Ctx& c);

// [SECTION] A survey question, for the kiosk's survey and for field mode (survey.cpp)

// Draws the answer part of `q` from `top`, giving each new answer to
// `give`. Returns true when the keyboard's Done key was pressed.
bool questionBody(DrawCtx& c, const Area& a, float top, const core::Question& q, const core::Answer& given,
                  const std::function<void(core::Answer)>& give);
// Whether `q` is answered with the keyboard.
[[nodiscard]] bool typedQuestion(const core::Question& q);
// The question's buffers as the answer `given` (coming back to it shows it).
void enterQuestion(KioskView& v, const core::Question* q, const core::Answer& given);

// [SECTION] A page of field mode's survey: its shown questions together,
// scrolling when they do not fit (field_page.cpp). Returns true when its
// "next" was tapped.
bool fieldPage(DrawCtx& c, kiosk::FieldFlow& flow, PageView& page, const Area& a, const core::TextPair& nextLabel);

// Fills the screen's buffers from the flow (coming back to a step shows what
// was typed) and picks the keyboard the first field needs.
void enterScreen(Ctx& c);

}  // namespace fangsiang::ui::detail
