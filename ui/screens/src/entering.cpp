// What happens when a screen comes up: its fields show what the flow holds,
// and the keyboard is the one its first field needs. Also the wipe after a
// finished flow or an idle reset.

#include "screens_internal.hpp"

#include <variant>

namespace fangsiang::ui {

namespace {

void loadBuffer(TextEditBuffer& buffer, const std::string& value) {
    buffer.clear();
    if (!value.empty())
        buffer.insertUtf8(value);
}

}  // namespace

namespace detail {

using kiosk::Screen;

void enterQuestion(KioskView& v, const core::Question* q, const core::Answer& given) {
    v.answerText.clear();
    v.answerNumber.clear();
    if (q == nullptr)
        return;
    if (const auto* s = std::get_if<std::string>(&given); s != nullptr && q->type == core::QuestionType::Text)
        loadBuffer(v.answerText, *s);
    if (const auto* n = std::get_if<std::int64_t>(&given); n != nullptr && q->type == core::QuestionType::Number)
        loadBuffer(v.answerNumber, std::to_string(*n));
    if (q->type == core::QuestionType::Number)
        v.keyboard.layout = KeyboardLayout::Digits;
}

void enterScreen(Ctx& c) {
    KioskView& v = c.view;
    const auto& form = c.flow.complaint();
    v.focusedField = 0;
    v.textArea = TextAreaState{};
    v.list = TouchListState{};
    v.detailScroll = 0.0f;
    v.keyboard.shift = false;
    v.keyboard.layout = KeyboardLayout::Thai;
    switch (c.flow.screen()) {
    case Screen::Welcome: clearKioskView(v); break;
    case Screen::ComplaintReceipt: v.printState = PrintState::None; break;
    case Screen::ServiceSearch: loadBuffer(v.search, c.flow.searchQuery()); break;
    case Screen::ComplaintDescribe: loadBuffer(v.description, form.description); break;
    case Screen::ComplaintPlace:
        loadBuffer(v.village, form.village);
        loadBuffer(v.landmark, form.landmark);
        v.keyboard.layout = KeyboardLayout::Digits;
        break;
    case Screen::ComplaintContact:
        loadBuffer(v.name, form.name);
        loadBuffer(v.phone, form.phone);
        break;
    case Screen::TicketEntry:
        loadBuffer(v.ticket, c.flow.ticketText());
        v.keyboard.layout = KeyboardLayout::Digits;
        break;
    case Screen::SurveyQuestion: {
        const core::Question* q = c.flow.currentQuestion();
        enterQuestion(v, q, q != nullptr ? c.flow.survey().answerTo(q->id) : core::Answer{});
        break;
    }
    default: break;
    }
}

}  // namespace detail

void clearKioskView(KioskView& view) {
    for (TextEditBuffer* b : {&view.description, &view.village, &view.landmark, &view.name, &view.phone, &view.ticket,
                              &view.search, &view.answerText, &view.answerNumber})
        b->clear();
    view.focusedField = 0;
    view.textArea = TextAreaState{};
    view.list = TouchListState{};
    view.detailScroll = 0.0f;
    view.toast = Toast{};
    view.shownNotice.clear();
    view.printRequested = false;
    view.printState = PrintState::None;
}

}  // namespace fangsiang::ui
