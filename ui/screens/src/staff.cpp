// The staff menu: the PIN, the items, and each item's screen with its
// outcome in words.

#include "screens_internal.hpp"
#include "words_staff.hpp"

#include "screens/field_screens.hpp"

#include <ctime>

namespace fangsiang::ui {

namespace {

using kiosk::StaffFlow;
using kiosk::StaffScreen;
using detail::Area;
using detail::DrawCtx;
namespace w = words;

struct StaffCtx : DrawCtx {
    StaffCtx(Context& u, StaffFlow& f, StaffView& v, std::int64_t n) : DrawCtx{u, v.base, n}, flow(f), staff(v) {}
    StaffFlow& flow;
    StaffView& staff;
};

Area frame(StaffCtx& c, std::string_view title) {
    detail::HeaderTouches touched;
    const Area a = detail::headerBar(c, title, true, c.flow.display(), touched, true);
    if (touched.language)
        c.flow.setLanguage(c.flow.display().language == core::Language::Thai ? core::Language::English
                                                                              : core::Language::Thai,
                           c.now);
    if (touched.back)
        c.flow.back(c.now);
    return a;
}

bool wideButton(StaffCtx& c, const char* id, std::string_view label, ImVec2 pos, ImVec2 size, bool primary = false) {
    ImGui::SetCursorScreenPos(pos);
    const bool pressed = button(c.ui, id, label, size, primary);
    c.mark(id);
    return pressed;
}

// The outcome of the last action, under everything else at `y`: a failed
// sync or enrolment in words first, its technical detail smaller below.
float outcome(StaffCtx& c, const Area& a, float y) {
    if (!c.flow.outcome())
        return y;
    const ImU32 colour = c.flow.outcomeOk() ? c.theme().accent : c.theme().danger;
    std::string said(c.pick(*c.flow.outcome()));
    if (const auto& problem = c.flow.problem())
        said += ": " + std::string(c.pick(w::kSyncProblems.of(*problem)));
    y += c.text(ImVec2(a.left(), y), said, FontRole::Body, a.width(), Align::Left, colour);
    if (!c.flow.detail().empty())
        y += c.text(ImVec2(a.left(), y), std::string(c.pick(w::kStaff.details)) + ": " + c.flow.detail(), FontRole::Small,
                    a.width(), Align::Left, c.theme().textMuted);
    return y;
}

// What the toast says of the outcome: the words, never the detail.
std::string outcomeWords(Context& ui, const StaffFlow& flow) {
    std::string said(ui.pick(*flow.outcome()));
    if (const auto& problem = flow.problem())
        said += ": " + std::string(ui.pick(w::kSyncProblems.of(*problem)));
    return said;
}

std::string when(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm at{};
    localtime_r(&t, &at);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d/%d/%d %02d:%02d", at.tm_mday, at.tm_mon + 1, at.tm_year + 1900, at.tm_hour,
                  at.tm_min);
    return buf;
}

// A line "label: value".
float fact(StaffCtx& c, const Area& a, float y, const core::TextPair& label, const std::string& value) {
    return y + c.text(ImVec2(a.left(), y), std::string(c.pick(label)) + ": " + value, FontRole::Body, a.width());
}

// [SECTION] The PIN

void pinScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.title));
    float y = a.min.y + a.pad * 0.5f;
    y += c.text(ImVec2(a.left(), y), c.pick(w::kStaff.pinPrompt), FontRole::Body, a.width());
    // The PIN shows as dots only.
    const float fieldW = c.ui.px(260);
    const float fieldH = c.ui.px(kMinTarget + 8);
    c.draw()->AddRect(ImVec2(a.left(), y), ImVec2(a.left() + fieldW, y + fieldH), c.theme().border, c.ui.px(8), 0,
                      c.ui.px(2));
    const float r = c.ui.px(7);
    for (std::size_t i = 0; i < c.flow.pinLength(); ++i)
        c.draw()->AddCircleFilled(ImVec2(a.left() + c.ui.px(24) + static_cast<float>(i) * c.ui.px(20), y + fieldH * 0.5f),
                                  r, c.theme().text, 16);
    ImGui::SetCursorScreenPos(ImVec2(a.left(), y));
    ImGui::InvisibleButton("field", ImVec2(fieldW, fieldH));
    c.mark("field");
    const float outcomeX = a.left() + fieldW + c.ui.px(12);
    bool open = false;
    if (!c.flow.lockedUntil(c.now))
        open = wideButton(c, "open", c.pick(w::kStaff.open), ImVec2(outcomeX, y), ImVec2(c.ui.px(160), fieldH), true);
    y += fieldH + c.ui.px(6);
    outcome(c, a, y);
    const float kbH = keyboardHeight(c.ui);
    ImGui::SetCursorScreenPos(ImVec2(0, a.max.y - kbH));
    const unsigned before = c.staff.pin.revision();
    applyKeyInput(c.staff.pin);  // a keyboard plugged into a tablet types too
    c.staff.base.keyboard.layout = KeyboardLayout::Digits;
    const KeyboardAction action = onScreenKeyboard(c.ui, "keyboard", c.staff.base.keyboard, c.staff.pin, ImVec2(a.max.x, kbH));
    if (c.staff.pin.revision() != before)
        c.flow.typePin(c.staff.pin.utf8(), c.now);
    if (open || action == KeyboardAction::Done) {
        c.flow.submitPin(c.now);
        c.staff.pin.clear();
    }
    if (const auto until = c.flow.lockedUntil(c.now))
        c.ui.requestFrameAt(ImGui::GetTime() + static_cast<double>(*until - c.now) / 1000.0);
}

// [SECTION] The menu

void menuScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.title));
    const float gap = c.ui.px(10);
    const int cols = 2;
    const float top = a.min.y + a.pad * 0.5f;
    const float bw = (a.width() - gap) / cols;
    const float bh = std::max(c.ui.px(kMinTarget + 8), (a.max.y - top - a.pad - 3 * gap) / 4.0f);
    static const StaffScreen kItems[5] = {StaffScreen::Enrol, StaffScreen::Sync, StaffScreen::Content,
                                          StaffScreen::Export, StaffScreen::Printer};
    static const char* kIds[5] = {"item:enrol", "item:sync", "item:content", "item:export", "item:printer"};
    for (int i = 0; i < 5; ++i) {
        const ImVec2 pos(a.left() + static_cast<float>(i % cols) * (bw + gap), top + static_cast<float>(i / cols) * (bh + gap));
        if (wideButton(c, kIds[i], c.pick(w::kStaff.items[i]), pos, ImVec2(bw, bh)))
            c.flow.open(kItems[i], c.now);
    }
    const bool field = c.flow.mode() == kiosk::TerminalMode::Field;
    const ImVec2 switchPos(a.left() + bw + gap, top + 2 * (bh + gap));
    if (wideButton(c, "switch", c.pick(field ? w::kStaff.toCitizen : w::kStaff.toField), switchPos, ImVec2(bw, bh)))
        c.flow.switchTo(field ? kiosk::TerminalMode::Citizen : kiosk::TerminalMode::Field, c.now);
    if (wideButton(c, "leave", c.pick(w::kStaff.backToWork), ImVec2(a.left(), top + 3 * (bh + gap)),
                   ImVec2(a.width(), bh), true))
        c.flow.leave(c.now);
}

// [SECTION] The items

void enrolScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.items[0]));
    // One row above the keyboard: the address, the code, and "enrol".
    float y = a.min.y + a.pad * 0.5f;
    TextEditBuffer* fields[2] = {&c.staff.hubUrl, &c.staff.code};
    const core::TextPair* prompts[2] = {&w::kStaff.hubAddress, &w::kStaff.code};
    const char* ids[2] = {"hub-url", "code"};
    const float gap = c.ui.px(10);
    const float buttonW = c.ui.px(140);
    const float widths[2] = {(a.width() - buttonW - 2 * gap) * 0.6f, (a.width() - buttonW - 2 * gap) * 0.4f};
    float x = a.left();
    float labelH = 0.0f;
    for (int i = 0; i < 2; ++i) {
        labelH = std::max(labelH, c.text(ImVec2(x, y), c.pick(*prompts[i]), FontRole::Small, widths[i]));
        x += widths[i] + gap;
    }
    y += labelH;
    x = a.left();
    for (int i = 0; i < 2; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        bool focused = c.staff.focusedField == i;
        if (textField(c.ui, ids[i], *fields[i], "", widths[i], focused)) {
            if (i == 0)
                c.flow.setHubUrl(fields[i]->utf8(), c.now);
            else
                c.flow.setCode(fields[i]->utf8(), c.now);
        }
        c.mark(ids[i]);
        // A tap on a field moves the keyboard to it.
        if (ImGui::IsMouseClicked(0) && c.staff.base.targets[ids[i]].contains(ImGui::GetIO().MousePos))
            c.staff.focusedField = i;
        x += widths[i] + gap;
    }
    const TargetRect field = c.staff.base.targets["hub-url"];
    if (wideButton(c, "enrol", c.pick(w::kStaff.enrol), ImVec2(a.right() - buttonW, field.min.y),
                   ImVec2(buttonW, field.height()), true))
        c.flow.enrol(c.now);
    const float kbH = keyboardHeight(c.ui);
    ImGui::SetCursorScreenPos(ImVec2(0, a.max.y - kbH));
    TextEditBuffer& focused = *fields[c.staff.focusedField];
    const unsigned before = focused.revision();
    onScreenKeyboard(c.ui, "keyboard", c.staff.base.keyboard, focused, ImVec2(a.max.x, kbH));
    if (focused.revision() != before) {
        if (c.staff.focusedField == 0)
            c.flow.setHubUrl(focused.utf8(), c.now);
        else
            c.flow.setCode(focused.utf8(), c.now);
    }
}

void syncScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.items[1]));
    const kiosk::StaffStatus& s = c.flow.status();
    float y = a.min.y + a.pad * 0.5f;
    if (!s.enrolled)
        y += c.text(ImVec2(a.left(), y), c.pick(w::kStaff.notEnrolled), FontRole::Body, a.width(), Align::Left,
                    c.theme().danger);
    else
        y = fact(c, a, y, w::kStaff.hub, s.hubUrl);
    y = fact(c, a, y, w::kStaff.waiting, std::to_string(s.waiting));
    y = fact(c, a, y, w::kStaff.sentUpTo, std::to_string(s.sentUpTo));
    y = fact(c, a, y, w::kStaff.lastSuccess, s.lastSuccessMs > 0 ? when(s.lastSuccessMs) : std::string(c.pick(w::kStaff.never)));
    if (s.lastError.empty() || c.flow.syncPending() || c.flow.problem()) {
        // While sending, or with this sync's own outcome below, the older problem is not repeated.
        if (!c.flow.syncPending() && !c.flow.problem())
            y = fact(c, a, y, w::kStaff.lastError, std::string(c.pick(w::kStaff.none)));
    } else {
        const core::TextPair& words = w::kSyncProblems.of(s.lastProblem.value_or(kiosk::SyncProblem::Other));
        y = fact(c, a, y, w::kStaff.lastError, std::string(c.pick(words)));
        y += c.text(ImVec2(a.left(), y), std::string(c.pick(w::kStaff.details)) + ": " + s.lastError, FontRole::Small,
                    a.width(), Align::Left, c.theme().textMuted);
    }
    y += c.ui.px(6);
    if (c.flow.syncPending()) {
        // What is under way, with its seconds: one frame a second while it runs.
        const std::int64_t seconds = std::max<std::int64_t>(0, (c.now - c.flow.syncStartedMs()) / 1000);
        const std::string line = std::string(c.pick(w::kStaff.sending)) + "… " + std::string(c.pick(w::kStaff.waiting)) +
                                 " " + std::to_string(s.waiting) + " · " + std::to_string(seconds) + " " +
                                 std::string(c.pick(w::kStaff.seconds));
        y += c.text(ImVec2(a.left(), y), line, FontRole::Body, a.width(), Align::Left, c.theme().accent);
        c.text(ImVec2(a.left(), y), c.pick(w::kStaff.stillUsable), FontRole::Small, a.width(), Align::Left,
               c.theme().textMuted);
        c.ui.requestFrameAt(ImGui::GetTime() + 1.0);
    } else {
        outcome(c, a, y);
    }
    if (detail::primaryBottomButton(c, a, c.flow.syncPending() ? w::kStaff.sending : w::kStaff.syncNow, "sync-now"))
        c.flow.syncNow(c.now);
}

void contentScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.items[2]));
    const kiosk::StaffStatus& s = c.flow.status();
    float y = a.min.y + a.pad * 0.5f;
    y = fact(c, a, y, w::kStaff.version, s.contentVersion > 0 ? std::to_string(s.contentVersion) : std::string("-"));
    fact(c, a, y, w::kStaff.source, s.contentSource);
}

void exportScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.items[3]));
    float y = a.min.y + a.pad * 0.5f;
    const float bh = c.ui.px(kMinTarget + 8);
    if (c.flow.media().empty()) {
        y += c.text(ImVec2(a.left(), y), c.pick(w::kStaff.noMedia), FontRole::Small, a.width());
    } else {
        for (std::size_t i = 0; i < c.flow.media().size() && i < 2; ++i) {
            const std::string id = "medium:" + std::to_string(i);
            if (wideButton(c, id.c_str(), std::string(c.pick(w::kStaff.exportHere)) + " → " + c.flow.media()[i].string(),
                           ImVec2(a.left(), y), ImVec2(a.width(), bh), true))
                c.flow.exportTo(i, c.now);
            y += bh + c.ui.px(6);
        }
    }
    bool changed = false;
    const bool done = detail::fieldWithKeyboard(c, a, y, c.pick(w::kStaff.folder), "field", c.staff.folder, "/media/usb",
                                                changed, a.width() - c.ui.px(150));
    if (changed)
        c.flow.setFolder(c.staff.folder.utf8(), c.now);
    if (detail::buttonBesideField(c, a, "export-folder", w::kStaff.exportHere, c.ui.px(140)) || done)
        c.flow.exportToFolder(c.now);
}

void printerScreen(StaffCtx& c) {
    const Area a = frame(c, c.pick(w::kStaff.items[4]));
    outcome(c, a, a.min.y + a.pad * 0.5f);
    if (detail::primaryBottomButton(c, a, w::kStaff.print, "print"))
        c.flow.printTest(c.now);
}

}  // namespace

void clearStaffView(StaffView& view) {
    for (TextEditBuffer* b : {&view.pin, &view.hubUrl, &view.code, &view.folder})
        b->clear();
    view.focusedField = 0;
    clearKioskView(view.base);
}

void drawStaffScreen(Context& ui, StaffFlow& flow, StaffView& view, std::int64_t nowMs) {
    flow.tick(nowMs);
    ui.setLanguage(flow.display().language);
    ui.setTheme(ThemeId::Default);
    detail::beginScreenWindow(ui, "##staff");
    StaffCtx c{ui, flow, view, nowMs};
    view.base.targets.clear();
    if (flow.screen() != view.shownScreen) {
        // The PIN screen again (idle lock, leaving): nothing typed stays.
        if (flow.screen() == StaffScreen::Pin)
            clearStaffView(view);
        view.shownScreen = flow.screen();
        view.focusedField = 0;
        view.base.keyboard.shift = false;
        view.base.keyboard.layout = flow.screen() == StaffScreen::Pin ? KeyboardLayout::Digits : KeyboardLayout::English;
    }
    switch (flow.screen()) {
    case StaffScreen::Pin: pinScreen(c); break;
    case StaffScreen::Menu: menuScreen(c); break;
    case StaffScreen::Enrol: enrolScreen(c); break;
    case StaffScreen::Sync: syncScreen(c); break;
    case StaffScreen::Content: contentScreen(c); break;
    case StaffScreen::Export: exportScreen(c); break;
    case StaffScreen::Printer: printerScreen(c); break;
    }
    // Every outcome is also said over the screen, where the keyboard cannot hide it.
    if (const auto& said = flow.outcome(); said && outcomeWords(ui, flow) != view.shownOutcome) {
        view.shownOutcome = outcomeWords(ui, flow);
        view.base.toast.show(view.shownOutcome, ImGui::GetTime(), 6.0);
    } else if (!said) {
        view.shownOutcome.clear();
    }
    drawToast(ui, view.base.toast);
    const std::int64_t due = flow.nextDeadline(nowMs);
    if (due != INT64_MAX)
        ui.requestFrameAt(ImGui::GetTime() + static_cast<double>(due - nowMs) / 1000.0);
    detail::endScreenWindow();
}

}  // namespace fangsiang::ui
