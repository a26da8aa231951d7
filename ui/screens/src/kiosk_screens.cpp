#include "screens/kiosk_screens.hpp"

#include <imgui_internal.h>
#include <qrencode.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <memory>

namespace fangsiang::ui {

using kiosk::Screen;

namespace {

// [SECTION] Words on screen
// Thai first; English when the citizen chose it.

const core::TextPair kStart{"แตะหน้าจอเพื่อเริ่มต้น", "Touch the screen to start"};
const core::TextPair kTiles[4] = {
    {"ดูบริการ", "Our services"},
    {"แจ้งเรื่องร้องเรียน", "File a complaint"},
    {"ประเมินความพึงพอใจ", "Rate our service"},
    {"ติดตามเรื่อง", "Check a ticket"},
};
constexpr Icon kTileIcons[4] = {Icon::Services, Icon::Complaint, Icon::Survey, Icon::Status};
const core::TextPair kNext{"ถัดไป", "Next"};
const core::TextPair kSearchServices{"ค้นหาบริการ", "Search services"};
const core::TextPair kSearchHint{"พิมพ์ชื่อบริการ เช่น ภาษี", "Type a service, e.g. tax"};
const core::TextPair kNoResults{"ไม่พบบริการที่ตรงกับคำค้น", "No service matches"};
const core::TextPair kComplaintSteps[6] = {
    {"ประเภท", "Topic"},       {"รายละเอียด", "Details"}, {"สถานที่", "Place"},
    {"ข้อมูลติดต่อ", "Contact"}, {"ชื่อ/โทร", "Name"},      {"ตรวจทาน", "Review"},
};
const core::TextPair kComplaintStepsAnonymous[5] = {
    {"ประเภท", "Topic"}, {"รายละเอียด", "Details"}, {"สถานที่", "Place"}, {"ข้อมูลติดต่อ", "Contact"},
    {"ตรวจทาน", "Review"},
};
const core::TextPair kChooseTopic{"เรื่องที่ต้องการแจ้งเกี่ยวกับอะไร", "What is the complaint about?"};
const core::TextPair kDescribe{"เล่าเรื่องที่ต้องการแจ้ง", "Describe the problem"};
const core::TextPair kDescribeHint{"แตะเพื่อพิมพ์ เช่น ไฟถนนหน้าวัดดับ", "Touch to type, e.g. the street light is out"};
const core::TextPair kVillage{"หมู่ที่ (ถ้าทราบ)", "Village no. (moo), if known"};
const core::TextPair kLandmark{"จุดสังเกต (ถ้ามี)", "Landmark, if any"};
const core::TextPair kLandmarkHint{"เช่น หน้าโรงเรียน", "e.g. in front of the school"};
const core::TextPair kPrivacyTitle{"ข้อมูลติดต่อของท่าน", "Your contact details"};
const core::TextPair kPrivacyBody{
    "เทศบาลขอชื่อและเบอร์โทรศัพท์ของท่าน เพื่อแจ้งผลและสอบถามรายละเอียดเรื่องนี้เท่านั้น "
    "ข้อมูลจะถูกเข้ารหัสทันทีที่บันทึก เครื่องนี้อ่านไม่ได้ ผู้ที่เห็นได้คือเจ้าหน้าที่ผู้รับผิดชอบเรื่องร้องเรียนเท่านั้น "
    "และเก็บไว้ไม่เกิน 2 ปีหลังปิดเรื่อง การให้ข้อมูลเป็นไปโดยสมัครใจ ท่านแจ้งเรื่องโดยไม่ระบุตัวตนได้",
    "The municipality asks for your name and phone number only to tell you the outcome and to ask about "
    "this complaint. They are encrypted the moment they are saved; this kiosk cannot read them. Only the "
    "officers handling complaints can see them, and they are kept for at most 2 years after the case is "
    "closed. Giving them is optional: you may stay anonymous."};
const core::TextPair kGiveContact{"ให้ข้อมูลติดต่อ", "Give my contact details"};
const core::TextPair kStayAnonymous{"ไม่ระบุตัวตน", "Stay anonymous"};
const core::TextPair kName{"ชื่อ-นามสกุล", "Name"};
const core::TextPair kPhone{"เบอร์โทรศัพท์มือถือ", "Mobile phone"};
const core::TextPair kReview{"ตรวจทานก่อนส่ง", "Check before sending"};
const core::TextPair kSend{"ส่งเรื่อง", "Send"};
const core::TextPair kTopicLabel{"ประเภท", "Topic"};
const core::TextPair kDetailsLabel{"รายละเอียด", "Details"};
const core::TextPair kPlaceLabel{"สถานที่", "Place"};
const core::TextPair kContactLabel{"ติดต่อ", "Contact"};
const core::TextPair kAnonymous{"ไม่ระบุตัวตน", "Anonymous"};
const core::TextPair kReceiptTitle{"ได้รับเรื่องของท่านแล้ว", "Your complaint is saved"};
const core::TextPair kTicketLabel{"เลขที่เรื่อง", "Ticket number"};
const core::TextPair kKeepTicket{"โปรดเก็บเลขที่เรื่องไว้ ใช้ติดตามผลที่ตู้นี้หรือโทรสอบถามเทศบาล",
                           "Keep this number to check progress here or by phone"};
const core::TextPair kPrint{"พิมพ์ใบรับเรื่อง", "Print a receipt"};
const core::TextPair kFinished{"เสร็จสิ้น", "Done"};
const core::TextPair kSendAnswers{"ส่งคำตอบ", "Send answers"};
const core::TextPair kQuestionOf{"ข้อ", "Question"};
const core::TextPair kThanks{"ขอบคุณที่ช่วยประเมิน", "Thank you for your answers"};
const core::TextPair kThanksBody{"ความเห็นของท่านช่วยให้เทศบาลปรับปรุงบริการ", "They help the municipality serve you better"};
const core::TextPair kTicketPrompt{"พิมพ์เลขที่เรื่องจากใบรับเรื่อง", "Type the number on your receipt"};
const core::TextPair kLookUp{"ค้นหา", "Look up"};
const core::TextPair kTicketStates[5] = {
    {"ไม่พบข้อมูลเรื่องนี้ที่ตู้นี้ หากเพิ่งแจ้งที่จุดอื่น ข้อมูลจะแสดงเมื่อเชื่อมต่อกับสำนักงาน",
     "This kiosk has no record of this ticket. If it was filed elsewhere, it shows once the kiosk is in touch with the office"},
    {"บันทึกไว้ที่ตู้นี้แล้ว รอส่งถึงสำนักงาน", "Saved on this kiosk, waiting to reach the office"},
    {"สำนักงานได้รับเรื่องแล้ว", "Received by the office"},
    {"อยู่ระหว่างดำเนินการ", "In progress"},
    {"ดำเนินการเสร็จแล้ว", "Resolved"},
};
const core::TextPair kReply{"คำตอบจากเทศบาล", "The office's reply"};
const core::TextPair kOtherTicket{"ตรวจสอบเรื่องอื่น", "Check another"};
const core::TextPair kLikert[5] = {
    {"ไม่เห็นด้วยอย่างยิ่ง", "Strongly disagree"}, {"ไม่เห็นด้วย", "Disagree"}, {"เฉย ๆ", "Neutral"},
    {"เห็นด้วย", "Agree"}, {"เห็นด้วยอย่างยิ่ง", "Strongly agree"},
};
const core::TextPair kLanguageSwitch{"English", "ไทย"};  // labelled in the language it leads to

// [SECTION] Frame of every screen

struct Area {
    ImVec2 min;
    ImVec2 max;
    float pad = 0.0f;
    [[nodiscard]] float width() const { return max.x - min.x - 2.0f * pad; }
    [[nodiscard]] float left() const { return min.x + pad; }
    [[nodiscard]] float right() const { return max.x - pad; }
};

struct Ctx {
    Context& ui;
    kiosk::KioskFlow& flow;
    KioskView& view;
    std::int64_t now;

    [[nodiscard]] std::string_view pick(const core::TextPair& t) const { return ui.pick(t); }
    [[nodiscard]] const Theme& theme() const { return ui.theme(); }
    [[nodiscard]] ImDrawList* draw() const { return ImGui::GetWindowDrawList(); }
    void mark(const std::string& name) const {
        view.targets[name] = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    float text(ImVec2 pos, std::string_view s, FontRole role, float width, Align align = Align::Left,
               ImU32 colour = 0) const {
        return ui.drawText(draw(), pos, s, role, colour != 0 ? colour : theme().text, width, align);
    }
};

// A square touch target drawn by `paint`; returns true when tapped.
template <typename Paint>
bool squareButton(Ctx& c, const char* id, ImVec2 pos, float size, Paint&& paint) {
    ImGui::SetCursorScreenPos(pos);
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(size, size));
    c.mark(id);
    paint(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), ImGui::IsItemActive());
    return pressed;
}

// The three display switches, right to left from `right`: high contrast,
// larger text, language. `ink` draws them on `paper`; a switch that is on
// is drawn inverted. Returns the left edge of the group.
float displaySwitches(Ctx& c, float right, float y, ImU32 ink, ImU32 paper) {
    const float pad = c.ui.px(12);
    const float target = c.ui.px(kMinTarget);
    ImDrawList* list = c.draw();
    const auto& display = c.flow.display();
    float x = right - target;
    if (squareButton(c, "contrast", ImVec2(x, y), target, [&](const ImRect& r, bool) {
            const ImVec2 ctr = r.GetCenter();
            const float rad = c.ui.px(13);
            if (display.highContrast) list->AddRectFilled(r.Min, r.Max, ink, c.ui.px(8));
            const ImU32 fg = display.highContrast ? paper : ink;
            list->AddCircle(ctr, rad, fg, 24, c.ui.px(2.5f));
            list->PathArcTo(ctr, rad, IM_PI * 0.5f, IM_PI * 1.5f, 16);
            list->PathFillConvex(fg);
        }))
        c.flow.toggleHighContrast(c.now);
    x -= target + pad * 0.5f;
    if (squareButton(c, "larger-text", ImVec2(x, y), target, [&](const ImRect& r, bool) {
            if (display.largeText) list->AddRectFilled(r.Min, r.Max, ink, c.ui.px(8));
            const ImU32 fg = display.largeText ? paper : ink;
            const TextLayout& l = c.ui.layout("ก+", r.GetWidth(), FontRole::Title);
            drawLayout(list, ImVec2(r.Min.x, std::floor(r.Min.y + (r.GetHeight() - l.lineHeight) * 0.5f)), l,
                       c.ui.font(FontRole::Title), c.ui.fontSize(FontRole::Title), fg, Align::Centre, r.GetWidth());
        }))
        c.flow.toggleLargeText(c.now);
    const float langW = c.ui.px(96);
    x -= langW + pad * 0.5f;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (ImGui::InvisibleButton("language", ImVec2(langW, target)))
        c.flow.setLanguage(display.language == core::Language::Thai ? core::Language::English
                                                                     : core::Language::Thai,
                           c.now);
    c.mark("language");
    const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    list->AddRect(r.Min, r.Max, ink, r.GetHeight() * 0.5f, 0, c.ui.px(2));
    const TextLayout& l = c.ui.layout(c.pick(kLanguageSwitch), r.GetWidth(), FontRole::Body);
    drawLayout(list, ImVec2(r.Min.x, std::floor(r.Min.y + (r.GetHeight() - l.lineHeight) * 0.5f)), l,
               c.ui.font(FontRole::Body), c.ui.fontSize(FontRole::Body), ink, Align::Centre, r.GetWidth());
    return x;
}

// The bar across the top: back, title, and the three display switches.
Area header(Ctx& c, std::string_view title, bool withBack = true) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const Theme& t = c.theme();
    const float pad = c.ui.px(12);
    const float target = c.ui.px(kMinTarget);
    const float barH = target + c.ui.px(16);
    const float y = c.ui.px(8);
    ImDrawList* list = c.draw();
    list->AddRectFilled(ImVec2(0, 0), ImVec2(display.x, barH), t.accent);

    float titleX = pad;
    if (withBack) {
        if (squareButton(c, "back", ImVec2(pad * 0.5f, y), target, [&](const ImRect& r, bool held) {
                if (held) list->AddRectFilled(r.Min, r.Max, t.surfacePressed, c.ui.px(8));
                drawIcon(list, Icon::Back, r.GetCenter(), c.ui.px(30), t.accentText, t.accent);
            }))
            c.flow.back(c.now);
        titleX = pad * 0.5f + target + pad * 0.5f;
    }

    const float x = displaySwitches(c, display.x - pad * 0.5f, y, t.accentText, t.accent);
    const float titleW = x - titleX - pad;
    const TextLayout& l = c.ui.layout(title, titleW, FontRole::Title);
    if (!l.lines.empty()) {
        // One line in the bar; a title too long for it is cut at a word.
        drawLayout(list, ImVec2(titleX, std::floor((barH - l.lineHeight) * 0.5f)), l, c.ui.font(FontRole::Title),
                   c.ui.fontSize(FontRole::Title), t.accentText, Align::Left, titleW, 1);
    }
    return Area{ImVec2(0, barH), display, pad};
}

// A full-width button row at the bottom of `area`; returns its top.
float bottomButtons(Ctx& c, const Area& area, const core::TextPair* left, const char* leftId, bool& leftPressed,
                    const core::TextPair& right, const char* rightId, bool& rightPressed) {
    const float h = c.ui.px(kMinTarget + 8);
    const float y = area.max.y - h - area.pad;
    const float gap = c.ui.px(12);
    const float w = left != nullptr ? (area.width() - gap) * 0.5f : area.width();
    leftPressed = rightPressed = false;
    if (left != nullptr) {
        ImGui::SetCursorScreenPos(ImVec2(area.left(), y));
        leftPressed = button(c.ui, leftId, c.pick(*left), ImVec2(w, h));
        c.mark(leftId);
    }
    ImGui::SetCursorScreenPos(ImVec2(area.right() - w, y));
    rightPressed = button(c.ui, rightId, c.pick(right), ImVec2(w, h), true);
    c.mark(rightId);
    return y;
}

bool primaryBottomButton(Ctx& c, const Area& area, const core::TextPair& label, const char* id) {
    bool unused = false;
    bool pressed = false;
    bottomButtons(c, area, nullptr, "", unused, label, id, pressed);
    return pressed;
}

void loadBuffer(TextEditBuffer& buffer, const std::string& value) {
    buffer.clear();
    if (!value.empty())
        buffer.insertUtf8(value);
}

// A prompt, a field and the keyboard under it. Returns true when the
// keyboard's Done key was pressed.
bool fieldWithKeyboard(Ctx& c, const Area& area, float top, std::string_view prompt, const char* id,
                       TextEditBuffer& buffer, std::string_view placeholder, bool& changed, float fieldWidth = 0.0f) {
    float y = top;
    if (!prompt.empty())
        y += c.text(ImVec2(area.left(), y), prompt, FontRole::Body, area.width());
    ImGui::SetCursorScreenPos(ImVec2(area.left(), y));
    bool focused = true;
    changed = textField(c.ui, id, buffer, placeholder, fieldWidth > 0 ? fieldWidth : area.width(), focused);
    c.mark(id);
    const float kbH = keyboardHeight(c.ui);
    ImGui::SetCursorScreenPos(ImVec2(0, area.max.y - kbH));
    const unsigned before = buffer.revision();
    const KeyboardAction action =
        onScreenKeyboard(c.ui, "keyboard", c.view.keyboard, buffer, ImVec2(area.max.x, kbH));
    changed = changed || buffer.revision() != before;
    return action == KeyboardAction::Done;
}

// [SECTION] Welcome and home

// The office's announcements as cards between `min` and `max`. When they do
// not all fit, they take turns: a new set every kAnnouncementTurnMs, with
// dots in the first card's corner saying how many there are. A long body is
// cut at a line (offices keep them short: docs/CONTENT.md).
constexpr std::int64_t kAnnouncementTurnMs = 12'000;
constexpr int kAnnouncementBodyLines = 3;

void announcementCards(Ctx& c, ImVec2 min, ImVec2 max) {
    const auto& all = c.view.announcements;
    const Theme& t = c.theme();
    ImDrawList* list = c.draw();
    const float pad = c.ui.px(10);
    const float bar = c.ui.px(6);
    const float gap = c.ui.px(10);
    const float dotStep = c.ui.px(14);
    const float textX = min.x + bar + pad * 1.5f;
    const float textW = max.x - pad - textX;

    auto layoutOf = [&](const core::Announcement& a, float titleW) {
        return std::pair<const TextLayout*, const TextLayout*>(&c.ui.layout(c.pick(a.title), titleW, FontRole::Body),
                                                               &c.ui.layout(c.pick(a.body), textW, FontRole::Small));
    };
    float total = 0.0f;
    for (const auto& a : all) {
        auto [title, body] = layoutOf(a, textW);
        const int lines = std::min(kAnnouncementBodyLines, static_cast<int>(body->lines.size()));
        total += 2.0f * pad + title->height() + static_cast<float>(lines) * body->lineHeight + gap;
    }
    const bool turns = total - gap > max.y - min.y;
    const float dotsW = turns ? dotStep * static_cast<float>(all.size()) + pad : 0.0f;
    const std::size_t first =
        turns ? static_cast<std::size_t>((c.now / kAnnouncementTurnMs) % static_cast<std::int64_t>(all.size())) : 0;

    float y = min.y;
    std::size_t shown = 0;  // cards drawn: all[first], all[first + 1], ... (wrapping)
    for (std::size_t k = 0; k < all.size(); ++k) {
        const core::Announcement& a = all[(first + k) % all.size()];
        // The first card leaves room in its corner for the dots.
        auto [title, body] = layoutOf(a, k == 0 ? textW - dotsW : textW);
        const int wanted = std::min(kAnnouncementBodyLines, static_cast<int>(body->lines.size()));
        const float room = max.y - y - 2.0f * pad - title->height();
        const int lines = std::min(wanted, static_cast<int>(std::floor(room / std::max(body->lineHeight, 1.0f))));
        if (lines < 1 || (k > 0 && lines < wanted))
            break;  // the first card may be cut short; the others show whole or wait their turn
        const float h = 2.0f * pad + title->height() + static_cast<float>(lines) * body->lineHeight;
        list->AddRectFilled(ImVec2(min.x, y), ImVec2(max.x, y + h), t.surface, c.ui.px(8));
        list->AddRect(ImVec2(min.x, y), ImVec2(max.x, y + h), t.border, c.ui.px(8), 0, c.ui.px(t.borderWidth));
        list->AddRectFilled(ImVec2(min.x, y), ImVec2(min.x + bar, y + h), t.accent, c.ui.px(8),
                            ImDrawFlags_RoundCornersLeft);
        drawLayout(list, ImVec2(textX, y + pad), *title, c.ui.font(FontRole::Body), c.ui.fontSize(FontRole::Body),
                   t.accent, Align::Left, title->width);
        drawLayout(list, ImVec2(textX, y + pad + title->height()), *body, c.ui.font(FontRole::Small),
                   c.ui.fontSize(FontRole::Small), t.text, Align::Left, textW, static_cast<std::size_t>(lines));
        ++shown;
        y += h + gap;
    }
    if (!turns || shown == 0)
        return;  // all on screen, or no room for any
    // One dot per announcement in the first card's corner, filled for those
    // on screen now.
    const float r = c.ui.px(4);
    const float dy = min.y + pad + c.ui.layout(c.pick(all[first].title), textW - dotsW, FontRole::Body).lineHeight * 0.5f;
    float dx = max.x - pad - dotStep * static_cast<float>(all.size()) + dotStep * 0.5f;
    for (std::size_t i = 0; i < all.size(); ++i, dx += dotStep) {
        if ((i + all.size() - first) % all.size() < shown)
            list->AddCircleFilled(ImVec2(dx, dy), r, t.accent, 12);
        else
            list->AddCircle(ImVec2(dx, dy), r, t.textMuted, 12, c.ui.px(1.5f));
    }
    const std::int64_t next = (c.now / kAnnouncementTurnMs + 1) * kAnnouncementTurnMs;
    c.ui.requestFrameAt(ImGui::GetTime() + static_cast<double>(next - c.now) / 1000.0);
}

void welcomeScreen(Ctx& c) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const Theme& t = c.theme();
    // The switches come before the full-screen start target, so a touch on
    // one of them is theirs (ImGui gives a point to the first item there).
    displaySwitches(c, display.x - c.ui.px(6), c.ui.px(8), t.accent, t.background);
    float bottom = display.y;
    if (!c.view.status.th.empty()) {
        // For the office's staff: whether records are reaching the hub.
        const float w = display.x - c.ui.px(24);
        const TextLayout& l = c.ui.layout(c.pick(c.view.status), w, FontRole::Small);
        bottom -= l.height() + c.ui.px(8);
        c.text(ImVec2(c.ui.px(12), bottom), c.pick(c.view.status), FontRole::Small, w, Align::Centre, t.textMuted);
    }
    ImGui::SetCursorScreenPos(ImVec2(0, 0));
    if (ImGui::InvisibleButton("start", display))
        c.flow.start(c.now);
    c.mark("start");
    const bool notices = !c.view.announcements.empty();
    const float w = display.x - c.ui.px(64);
    const float x = c.ui.px(32);
    // With announcements the greeting moves to the top (beside the
    // switches, which sit at the right) to leave them room.
    float y = notices ? c.ui.px(12) : display.y * 0.22f;
    const core::TextPair& office = c.flow.catalogue().office().name;
    y += c.text(ImVec2(x, y), "ยินดีต้อนรับ  Welcome", FontRole::Body, w, Align::Centre, t.textMuted);
    y += c.ui.px(8);
    y += c.text(ImVec2(x, y), office.th, FontRole::Title, w, Align::Centre);
    y += c.text(ImVec2(x, y), office.en, FontRole::Body, w, Align::Centre, t.textMuted);
    y += c.ui.px(notices ? 24 : 40);
    // The start button grows with the text size.
    const TextLayout& startTh = c.ui.layout(kStart.th, w * 0.7f, FontRole::Title);
    const TextLayout& startEn = c.ui.layout(kStart.en, w * 0.7f, FontRole::Small);
    const float bh = std::max(c.ui.px(88), c.ui.px(20) + startTh.height() + startEn.height());
    c.draw()->AddRectFilled(ImVec2(x + w * 0.15f, y), ImVec2(x + w * 0.85f, y + bh), t.accent, c.ui.px(16));
    float ty = y + (bh - startTh.height() - startEn.height()) * 0.5f;
    ty += c.text(ImVec2(x + w * 0.15f, ty), kStart.th, FontRole::Title, w * 0.7f, Align::Centre, t.accentText);
    c.text(ImVec2(x + w * 0.15f, ty), kStart.en, FontRole::Small, w * 0.7f, Align::Centre, t.accentText);
    if (notices)
        announcementCards(c, ImVec2(x, y + bh + c.ui.px(14)), ImVec2(x + w, bottom - c.ui.px(6)));
}

void homeScreen(Ctx& c) {
    const Area a = header(c, c.pick(c.flow.catalogue().office().name), true);
    const float gap = c.ui.px(12);
    const int cols = a.width() > c.ui.px(900) ? 4 : 2;
    const int rows = 4 / cols;
    const float top = a.min.y + a.pad;
    const float tileW = (a.width() - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float tileH = (a.max.y - top - a.pad - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    static const char* kIds[4] = {"tile:services", "tile:complaint", "tile:survey", "tile:ticket"};
    for (int i = 0; i < 4; ++i) {
        ImGui::SetCursorScreenPos(ImVec2(a.left() + static_cast<float>(i % cols) * (tileW + gap),
                                         top + static_cast<float>(i / cols) * (tileH + gap)));
        const bool pressed = tileButton(c.ui, kIds[i], kTileIcons[i], c.pick(kTiles[i]), ImVec2(tileW, tileH));
        c.mark(kIds[i]);
        if (!pressed)
            continue;
        switch (i) {
        case 0: c.flow.openServices(c.now); break;
        case 1: c.flow.openComplaint(c.now); break;
        case 2: c.flow.openSurvey(c.now); break;
        default: c.flow.openTicketCheck(c.now); break;
        }
    }
}

// [SECTION] Services

// A list of rows whose labels live as long as the list is drawn.
int rowList(Ctx& c, const char* id, const std::vector<std::string_view>& rows, ImVec2 pos, ImVec2 size) {
    ImGui::SetCursorScreenPos(pos);
    const int tapped = touchList(c.ui, id, c.view.list, rows, size);
    c.mark(id);
    if (c.view.list.velocity != 0.0f || c.view.list.dragging)
        c.ui.requestFrame();  // momentum
    return tapped;
}

void serviceCategoriesScreen(Ctx& c) {
    const Area a = header(c, c.pick(kTiles[0]));
    const float bh = c.ui.px(kMinTarget + 8);
    ImGui::SetCursorScreenPos(ImVec2(a.left(), a.min.y + a.pad));
    if (button(c.ui, "search", c.pick(kSearchServices), ImVec2(a.width(), bh)))
        c.flow.openSearch(c.now);
    c.mark("search");
    const auto& categories = c.flow.catalogue().categories();
    std::vector<std::string_view> rows;
    rows.reserve(categories.size());
    for (const auto& cat : categories)
        rows.push_back(c.pick(cat.name));
    const float top = a.min.y + a.pad * 2 + bh;
    const int tapped = rowList(c, "categories", rows, ImVec2(a.left(), top), ImVec2(a.width(), a.max.y - top - a.pad));
    if (tapped >= 0)
        c.flow.chooseCategory(categories[static_cast<std::size_t>(tapped)].id, c.now);
}

void serviceListScreen(Ctx& c) {
    const core::ServiceCategory* category = c.flow.selectedCategory();
    const Area a = header(c, category != nullptr ? c.pick(category->name) : c.pick(kTiles[0]));
    if (category == nullptr)
        return;
    const auto services = c.flow.catalogue().servicesIn(category->id);
    std::vector<std::string_view> rows;
    for (const auto* s : services)
        rows.push_back(c.pick(s->name));
    const float top = a.min.y + a.pad;
    const int tapped = rowList(c, "services", rows, ImVec2(a.left(), top), ImVec2(a.width(), a.max.y - top - a.pad));
    if (tapped >= 0)
        c.flow.chooseService(services[static_cast<std::size_t>(tapped)]->id, c.now);
}

void serviceSearchScreen(Ctx& c) {
    const Area a = header(c, c.pick(kSearchServices));
    bool changed = false;
    const float top = a.min.y + a.pad * 0.5f;
    fieldWithKeyboard(c, a, top, {}, "field", c.view.search, c.pick(kSearchHint), changed);
    if (changed)
        c.flow.setSearchQuery(c.view.search.utf8(), c.now);
    const float listTop = c.view.targets["field"].Max.y + a.pad * 0.5f;
    const float listBottom = a.max.y - keyboardHeight(c.ui) - a.pad * 0.5f;
    const auto& results = c.flow.searchResults();
    if (results.empty()) {
        if (!c.view.search.empty())
            c.text(ImVec2(a.left(), listTop), c.pick(kNoResults), FontRole::Body, a.width(), Align::Left,
                   c.theme().textMuted);
        return;
    }
    std::vector<std::string_view> rows;
    for (const auto* s : results)
        rows.push_back(c.pick(s->name));
    const int tapped = rowList(c, "results", rows, ImVec2(a.left(), listTop),
                               ImVec2(a.width(), std::max(c.ui.px(kMinTarget), listBottom - listTop)));
    if (tapped >= 0)
        c.flow.chooseService(results[static_cast<std::size_t>(tapped)]->id, c.now);
}

// The citizen manual's fields, scrolled by dragging.
void serviceDetailScreen(Ctx& c) {
    const core::Service* s = c.flow.selectedService();
    const Area a = header(c, s != nullptr ? c.pick(s->name) : "");
    if (s == nullptr)
        return;
    const Theme& t = c.theme();
    const core::Language lang = c.flow.display().language;
    const bool th = lang == core::Language::Thai;
    const ImVec2 size(a.max.x - a.min.x, a.max.y - a.min.y);
    ImGui::SetCursorScreenPos(a.min);
    ImGui::InvisibleButton("detail", size);
    c.mark("detail");
    if (ImGui::IsItemActive()) {
        c.view.detailScroll -= ImGui::GetIO().MouseDelta.y;
        c.ui.requestFrame();
    }
    ImDrawList* list = c.draw();
    list->PushClipRect(a.min, a.max, true);
    const float x = a.left();
    const float w = a.width();
    float y = a.min.y + a.pad - c.view.detailScroll;
    auto heading = [&](std::string_view text) {
        y += c.ui.px(6);
        y += c.text(ImVec2(x, y), text, FontRole::Body, w, Align::Left, t.accent);
    };
    auto body = [&](std::string_view text, float indent = 0.0f) {
        y += c.text(ImVec2(x + indent, y), text, FontRole::Body, w - indent);
    };
    y += c.text(ImVec2(x, y), c.pick(s->name), FontRole::Title, w);
    body(c.pick(s->unit));
    heading(th ? "ค่าธรรมเนียม" : "Fee");
    body(core::formatFee(*s, lang));
    if (s->feeNote)
        body(c.pick(*s->feeNote), c.ui.px(16));
    heading(th ? "ระยะเวลา" : "Time needed");
    body(core::formatDuration(s->totalDays(), s->totalMinutes(), lang));
    if (!s->conditions.empty()) {
        heading(th ? "หลักเกณฑ์และเงื่อนไข" : "Conditions");
        for (const auto& cond : s->conditions)
            body("• " + std::string(c.pick(cond)), c.ui.px(8));
    }
    heading(th ? "ขั้นตอน" : "Steps");
    int n = 1;
    for (const auto& step : s->steps) {
        body(std::to_string(n++) + ". " + std::string(c.pick(step.text)) + " (" +
                 core::formatDuration(step.days, step.minutes, lang) + ")",
             c.ui.px(8));
    }
    if (!s->documents.empty()) {
        heading(th ? "เอกสารที่ต้องใช้" : "Documents to bring");
        for (const auto& doc : s->documents) {
            std::string counts;
            if (doc.originals > 0)
                counts += (th ? "ฉบับจริง " : "original ") + std::to_string(doc.originals);
            if (doc.copies > 0)
                counts += std::string(counts.empty() ? "" : ", ") + (th ? "สำเนา " : "copy ") + std::to_string(doc.copies);
            body("• " + std::string(c.pick(doc.name)) + " (" + counts + ")", c.ui.px(8));
        }
    }
    heading(th ? "สถานที่และเวลา" : "Where and when");
    body(c.pick(s->where));
    body(c.pick(s->hours));
    if (!s->eserviceUrl.empty()) {
        heading(th ? "บริการออนไลน์" : "Online");
        body(s->eserviceUrl);
    }
    heading(th ? "ช่องทางร้องเรียน" : "Complaints");
    body(c.pick(s->complaintChannel));
    y += a.pad;
    list->PopClipRect();
    const float contentH = y + c.view.detailScroll - a.min.y;
    const float maxScroll = std::max(0.0f, contentH - (a.max.y - a.min.y));
    c.view.detailScroll = std::clamp(c.view.detailScroll, 0.0f, maxScroll);
}

// [SECTION] Complaint

void complaintSteps(Ctx& c, const Area& a, float& y) {
    const kiosk::StepInfo step = c.flow.step();
    ImGui::SetCursorScreenPos(ImVec2(a.left(), y));
    if (step.total == 5)
        stepIndicator(c.ui, c.ui.pickEach(kComplaintStepsAnonymous), step.current - 1, a.width());
    else
        stepIndicator(c.ui, c.ui.pickEach(kComplaintSteps), step.current - 1, a.width());
    y = ImGui::GetCursorScreenPos().y;
}

// Screens with a keyboard have no room for the step indicator: the step
// goes into the title instead.
std::string titleWithStep(Ctx& c, const core::TextPair& title) {
    const kiosk::StepInfo step = c.flow.step();
    const bool th = c.flow.display().language == core::Language::Thai;
    return std::string(c.pick(title)) + (th ? "  ขั้นที่ " : "  step ") + std::to_string(step.current) + "/" +
           std::to_string(step.total);
}

void complaintCategoryScreen(Ctx& c) {
    const Area a = header(c, c.pick(kTiles[1]));
    float y = a.min.y + a.pad * 0.5f;
    complaintSteps(c, a, y);
    y += c.text(ImVec2(a.left(), y), c.pick(kChooseTopic), FontRole::Body, a.width());
    const float gap = c.ui.px(8);
    const int cols = 2;
    const int rows = (kiosk::kComplaintCategoryCount + cols - 1) / cols;
    const float w = (a.width() - gap) / cols;
    const float h = std::max(c.ui.px(kMinTarget), (a.max.y - y - a.pad - gap * (rows - 1)) / rows);
    for (int i = 0; i < kiosk::kComplaintCategoryCount; ++i) {
        const auto category = static_cast<kiosk::ComplaintCategory>(i);
        ImGui::SetCursorScreenPos(
            ImVec2(a.left() + static_cast<float>(i % cols) * (w + gap), y + static_cast<float>(i / cols) * (h + gap)));
        const std::string id = std::string("topic:") + kiosk::complaintCategoryId(category);
        const bool chosen = c.flow.complaint().category == category;
        if (button(c.ui, id.c_str(), c.pick(kiosk::complaintCategoryLabel(category)), ImVec2(w, h), chosen))
            c.flow.chooseComplaintCategory(category, c.now);
        c.mark(id);
    }
}

void complaintDescribeScreen(Ctx& c) {
    const Area a = header(c, titleWithStep(c, kTiles[1]));
    const float y = a.min.y + a.pad * 0.5f;
    const float nextW = c.ui.px(140);
    bool changed = false;
    const bool done = fieldWithKeyboard(c, a, y, c.pick(kDescribe), "field", c.view.description,
                                        c.pick(kDescribeHint), changed, a.width() - nextW - c.ui.px(8));
    if (changed)
        c.flow.setDescription(c.view.description.utf8(), c.now);
    ImGui::SetCursorScreenPos(ImVec2(a.right() - nextW, c.view.targets["field"].Min.y));
    const bool next = button(c.ui, "next", c.pick(kNext), ImVec2(nextW, c.view.targets["field"].GetHeight()), true);
    c.mark("next");
    if (next || done)
        c.flow.next(c.now);
}

// One field of a two-field screen: its label, buffer, width, the keyboard it
// wants and where its text goes in the flow.
struct FieldSpec {
    const char* id;
    const core::TextPair& label;
    TextEditBuffer& buffer;
    std::string_view placeholder;
    float width;
    KeyboardLayout keyboard;
    void (kiosk::KioskFlow::*set)(std::string, std::int64_t);
};

// Two fields side by side, a "next" button, and the keyboard feeding the
// field last touched.
void twoFieldScreen(Ctx& c, const Area& a, float y, const FieldSpec (&fields)[2]) {
    const float gap = c.ui.px(12);
    const float nextW = c.ui.px(120);
    float x = a.left();
    float labelH = 0.0f;
    for (const FieldSpec& f : fields) {
        labelH = std::max(labelH, c.text(ImVec2(x, y), c.pick(f.label), FontRole::Small, f.width));
        x += f.width + gap;
    }
    y += labelH;
    x = a.left();
    for (int i = 0; i < 2; ++i) {
        const FieldSpec& f = fields[i];
        bool focused = c.view.focusedField == i;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (textField(c.ui, f.id, f.buffer, f.placeholder, f.width, focused))
            (c.flow.*f.set)(f.buffer.utf8(), c.now);
        c.mark(f.id);
        // A tap on a field moves the keyboard to it.
        if (ImGui::IsMouseClicked(0) && c.view.targets[f.id].Contains(ImGui::GetIO().MousePos)) {
            c.view.focusedField = i;
            c.view.keyboard.layout = f.keyboard;
        }
        x += f.width + gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(a.right() - nextW, y));
    const bool next = button(c.ui, "next", c.pick(kNext), ImVec2(nextW, c.view.targets[fields[0].id].GetHeight()), true);
    c.mark("next");
    const FieldSpec& target = fields[c.view.focusedField == 1 ? 1 : 0];
    const float kbH = keyboardHeight(c.ui);
    ImGui::SetCursorScreenPos(ImVec2(0, a.max.y - kbH));
    const unsigned before = target.buffer.revision();
    const KeyboardAction action =
        onScreenKeyboard(c.ui, "keyboard", c.view.keyboard, target.buffer, ImVec2(a.max.x, kbH));
    if (target.buffer.revision() != before)
        (c.flow.*target.set)(target.buffer.utf8(), c.now);
    if (next || action == KeyboardAction::Done)
        c.flow.next(c.now);
}

void complaintPlaceScreen(Ctx& c) {
    const Area a = header(c, titleWithStep(c, kTiles[1]));
    const float gap = c.ui.px(12);
    const float villageW = c.ui.px(170);
    const float landmarkW = a.width() - villageW - c.ui.px(120) - gap * 2;
    const FieldSpec fields[2] = {
        {"village", kVillage, c.view.village, "", villageW, KeyboardLayout::Digits, &kiosk::KioskFlow::setVillage},
        {"landmark", kLandmark, c.view.landmark, c.pick(kLandmarkHint), landmarkW, KeyboardLayout::Thai,
         &kiosk::KioskFlow::setLandmark},
    };
    twoFieldScreen(c, a, a.min.y + a.pad * 0.5f, fields);
}

void complaintPrivacyScreen(Ctx& c) {
    const Area a = header(c, c.pick(kTiles[1]));
    float y = a.min.y + a.pad * 0.5f;
    complaintSteps(c, a, y);
    y += c.text(ImVec2(a.left(), y), c.pick(kPrivacyTitle), FontRole::Title, a.width());
    c.text(ImVec2(a.left(), y), c.pick(kPrivacyBody), FontRole::Body, a.width());
    bool anonymous = false;
    bool give = false;
    bottomButtons(c, a, &kStayAnonymous, "anonymous", anonymous, kGiveContact, "give-contact", give);
    if (give)
        c.flow.chooseContact(true, c.now);
    else if (anonymous)
        c.flow.chooseContact(false, c.now);
}

void complaintContactScreen(Ctx& c) {
    const Area a = header(c, titleWithStep(c, kTiles[1]));
    const float gap = c.ui.px(12);
    const float phoneW = c.ui.px(210);
    const float nameW = a.width() - phoneW - c.ui.px(120) - gap * 2;
    const FieldSpec fields[2] = {
        {"name", kName, c.view.name, "", nameW, KeyboardLayout::Thai, &kiosk::KioskFlow::setName},
        {"phone", kPhone, c.view.phone, "08x-xxx-xxxx", phoneW, KeyboardLayout::Digits, &kiosk::KioskFlow::setPhone},
    };
    twoFieldScreen(c, a, a.min.y + a.pad * 0.5f, fields);
}

// Shows only the last four digits: the next person in the queue can see the screen.
std::string maskedPhone(const std::string& phone) {
    if (phone.size() < 4)
        return phone;
    return std::string(phone.size() - 4, 'x') + phone.substr(phone.size() - 4);
}

void complaintReviewScreen(Ctx& c) {
    const Area a = header(c, c.pick(kReview));
    float y = a.min.y + a.pad * 0.5f;
    complaintSteps(c, a, y);
    const auto& form = c.flow.complaint();
    const Theme& t = c.theme();
    const float labelW = c.ui.px(130);
    const float valueW = a.width() - labelW;
    auto row = [&](const core::TextPair& label, std::string_view value, int maxLines = 3) {
        const float labelH =
            c.text(ImVec2(a.left(), y), c.pick(label), FontRole::Body, labelW - c.ui.px(8), Align::Left, t.textMuted);
        const TextLayout& l = c.ui.layout(value, valueW, FontRole::Body);
        const std::size_t lines = std::min(l.lines.size(), static_cast<std::size_t>(maxLines));
        drawLayout(c.draw(), ImVec2(a.left() + labelW, y), l, c.ui.font(FontRole::Body), c.ui.fontSize(FontRole::Body),
                   t.text, Align::Left, valueW, lines);
        y += std::max(labelH, l.lineHeight * static_cast<float>(lines)) + c.ui.px(4);
    };
    if (form.category)
        row(kTopicLabel, c.pick(kiosk::complaintCategoryLabel(*form.category)), 1);
    row(kDetailsLabel, form.description, 3);
    std::string place;
    if (!form.village.empty())
        place = (c.flow.display().language == core::Language::Thai ? "หมู่ที่ " : "Moo ") + form.village;
    if (!form.landmark.empty())
        place += (place.empty() ? "" : "  ") + form.landmark;
    if (!place.empty())
        row(kPlaceLabel, place, 1);
    if (form.giveContact.value_or(false))
        row(kContactLabel, form.name + "  " + maskedPhone(form.phone), 1);
    else
        row(kContactLabel, c.pick(kAnonymous), 1);
    if (primaryBottomButton(c, a, kSend, "send"))
        c.flow.submitComplaint(c.now);
}

void drawQr(ImDrawList* list, const std::string& payload, ImVec2 pos, float size, ImU32 ink, ImU32 paper) {
    std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                       &QRcode_free);
    if (!qr)
        return;
    const int quiet = 2;
    const float cell = std::floor(size / static_cast<float>(qr->width + 2 * quiet));
    list->AddRectFilled(pos, ImVec2(pos.x + cell * (qr->width + 2 * quiet), pos.y + cell * (qr->width + 2 * quiet)), paper);
    for (int yy = 0; yy < qr->width; ++yy)
        for (int xx = 0; xx < qr->width; ++xx)
            if (qr->data[yy * qr->width + xx] & 1) {
                const ImVec2 p(pos.x + cell * static_cast<float>(xx + quiet), pos.y + cell * static_cast<float>(yy + quiet));
                list->AddRectFilled(p, ImVec2(p.x + cell, p.y + cell), ink);
            }
}

void complaintReceiptScreen(Ctx& c) {
    const Area a = header(c, c.pick(kReceiptTitle), false);
    const auto& receipt = c.flow.receipt();
    if (!receipt)
        return;
    const Theme& t = c.theme();
    const float qrSize = std::min(c.ui.px(220), a.max.y - a.min.y - c.ui.px(kMinTarget + 40));
    const float textW = a.width() - qrSize - a.pad;
    float y = a.min.y + a.pad;
    y += c.text(ImVec2(a.left(), y), c.pick(kTicketLabel), FontRole::Body, textW, Align::Left, t.textMuted);
    y += c.text(ImVec2(a.left(), y), receipt->ticket.text(), FontRole::Title, textW);
    y += c.ui.px(8);
    c.text(ImVec2(a.left(), y), c.pick(kKeepTicket), FontRole::Body, textW);
    drawQr(c.draw(), core::ticketQrPayload(receipt->ticket, receipt->checkCode),
           ImVec2(a.right() - qrSize, a.min.y + a.pad), qrSize, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
    bool print = false;
    bool done = false;
    bottomButtons(c, a, &kPrint, "print", print, kFinished, "done", done);
    if (print)
        c.view.printRequested = true;
    if (done)
        c.flow.finish(c.now);
}

// [SECTION] Survey

void surveyQuestionScreen(Ctx& c) {
    const core::Question* q = c.flow.currentQuestion();
    const Area a = header(c, c.pick(c.flow.survey().definition().title()));
    if (q == nullptr)
        return;
    const Theme& t = c.theme();
    const kiosk::StepInfo step = c.flow.step();
    float y = a.min.y + a.pad * 0.5f;
    const std::string counter = std::string(c.pick(kQuestionOf)) + " " + std::to_string(step.current) + " / " +
                                std::to_string(step.total);
    y += c.text(ImVec2(a.left(), y), counter, FontRole::Small, a.width(), Align::Left, t.textMuted);
    y += c.text(ImVec2(a.left(), y), c.pick(q->label), FontRole::Title, a.width());
    const core::Answer& given = c.flow.survey().answerTo(q->id);
    const bool last = c.flow.survey().nextShown(c.flow.survey().definition().indexOf(q->id)) < 0;
    const core::TextPair& nextLabel = last ? kSendAnswers : kNext;
    bool keyboardDone = false;

    switch (q->type) {
    case core::QuestionType::Rating: {
        int value = std::holds_alternative<std::int64_t>(given) ? static_cast<int>(std::get<std::int64_t>(given)) : 0;
        ImGui::SetCursorScreenPos(ImVec2(a.left(), y + c.ui.px(8)));
        if (smileyRating(c.ui, "rating", value, a.width()) && value >= 1)
            c.flow.answer(std::int64_t{value}, c.now);
        c.mark("rating");
        break;
    }
    case core::QuestionType::Likert: {
        int selected = std::holds_alternative<std::int64_t>(given) ? static_cast<int>(std::get<std::int64_t>(given)) - 1 : -1;
        ImGui::SetCursorScreenPos(ImVec2(a.left(), y + c.ui.px(8)));
        if (choiceChips(c.ui, "likert", c.ui.pickEach(kLikert), selected, a.width()) && selected >= 0)
            c.flow.answer(std::int64_t{selected + 1}, c.now);
        c.mark("likert");
        break;
    }
    case core::QuestionType::SingleChoice: {
        std::vector<std::string_view> options;
        int selected = -1;
        for (std::size_t i = 0; i < q->options.size(); ++i) {
            options.push_back(c.pick(q->options[i].label));
            if (std::holds_alternative<std::string>(given) && std::get<std::string>(given) == q->options[i].id)
                selected = static_cast<int>(i);
        }
        if (options.size() > 6) {
            // Long lists (the office's services) scroll; the chosen one is named above.
            if (selected >= 0)
                y += c.text(ImVec2(a.left(), y), "• " + std::string(options[static_cast<std::size_t>(selected)]),
                            FontRole::Body, a.width(), Align::Left, t.accent);
            const float bottom = a.max.y - a.pad - c.ui.px(kMinTarget + 8) - a.pad * 0.5f;
            const int tapped = rowList(c, "options", options, ImVec2(a.left(), y), ImVec2(a.width(), bottom - y));
            if (tapped >= 0)
                c.flow.answer(q->options[static_cast<std::size_t>(tapped)].id, c.now);
        } else {
            ImGui::SetCursorScreenPos(ImVec2(a.left(), y + c.ui.px(8)));
            if (choiceChips(c.ui, "options", options, selected, a.width()) && selected >= 0)
                c.flow.answer(q->options[static_cast<std::size_t>(selected)].id, c.now);
            c.mark("options");
        }
        break;
    }
    case core::QuestionType::MultipleChoice: {
        std::vector<std::string> chosen;
        if (std::holds_alternative<std::vector<std::string>>(given))
            chosen = std::get<std::vector<std::string>>(given);
        const float gap = c.ui.px(8);
        const float w = (a.width() - gap) * 0.5f;
        const float h = c.ui.px(kMinTarget + 4);
        y += c.ui.px(8);
        for (std::size_t i = 0; i < q->options.size(); ++i) {
            const auto& option = q->options[i];
            const bool on = std::find(chosen.begin(), chosen.end(), option.id) != chosen.end();
            ImGui::SetCursorScreenPos(ImVec2(a.left() + static_cast<float>(i % 2) * (w + gap),
                                             y + static_cast<float>(i / 2) * (h + gap)));
            const std::string id = "option:" + option.id;
            if (button(c.ui, id.c_str(), std::string(on ? "• " : "") + std::string(c.pick(option.label)), ImVec2(w, h), on)) {
                auto next = chosen;
                if (on)
                    next.erase(std::find(next.begin(), next.end(), option.id));
                else
                    next.push_back(option.id);
                if (next.empty())
                    c.flow.answer(core::Answer{}, c.now);  // refused: a choice needs at least one option
                else
                    c.flow.answer(next, c.now);
            }
            c.mark(id);
        }
        break;
    }
    case core::QuestionType::Text: {
        bool changed = false;
        keyboardDone = fieldWithKeyboard(c, a, y, {}, "field", c.view.answerText, "", changed,
                                         a.width() - c.ui.px(150));
        if (changed && !c.view.answerText.empty())
            c.flow.answer(c.view.answerText.utf8(), c.now);
        break;
    }
    case core::QuestionType::Number: {
        bool changed = false;
        keyboardDone = fieldWithKeyboard(c, a, y, {}, "field", c.view.answerNumber, "", changed, c.ui.px(200));
        std::int64_t value = 0;
        const std::string& text = c.view.answerNumber.utf8();
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (changed && ec == std::errc() && end == text.data() + text.size())
            c.flow.answer(value, c.now);
        break;
    }
    }

    const bool withKeyboard = q->type == core::QuestionType::Text || q->type == core::QuestionType::Number;
    if (withKeyboard) {
        const float nextW = c.ui.px(140);
        const ImRect field = c.view.targets["field"];
        ImGui::SetCursorScreenPos(ImVec2(a.right() - nextW, field.Min.y));
        const bool next = button(c.ui, "next", c.pick(nextLabel), ImVec2(nextW, field.GetHeight()), true);
        c.mark("next");
        if (next || keyboardDone)
            c.flow.next(c.now);
    } else if (primaryBottomButton(c, a, nextLabel, "next")) {
        c.flow.next(c.now);
    }
}

void finishedScreen(Ctx& c, const core::TextPair& title, const core::TextPair& body) {
    const Area a = header(c, c.pick(title), false);
    float y = a.min.y + (a.max.y - a.min.y) * 0.25f;
    y += c.text(ImVec2(a.left(), y), c.pick(title), FontRole::Title, a.width(), Align::Centre);
    c.text(ImVec2(a.left(), y), c.pick(body), FontRole::Body, a.width(), Align::Centre);
    if (primaryBottomButton(c, a, kFinished, "done"))
        c.flow.finish(c.now);
}

// [SECTION] Tickets

void ticketEntryScreen(Ctx& c) {
    const Area a = header(c, c.pick(kTiles[3]));
    const float y = a.min.y + a.pad * 0.5f;
    const float lookW = c.ui.px(140);
    bool changed = false;
    const bool done = fieldWithKeyboard(c, a, y, c.pick(kTicketPrompt), "field", c.view.ticket,
                                        c.flow.catalogue().office().code + "-1-23-4", changed, a.width() - lookW - c.ui.px(8));
    if (changed)
        c.flow.setTicketText(c.view.ticket.utf8(), c.now);
    const ImRect field = c.view.targets["field"];
    ImGui::SetCursorScreenPos(ImVec2(a.right() - lookW, field.Min.y));
    const bool look = button(c.ui, "look-up", c.pick(kLookUp), ImVec2(lookW, field.GetHeight()), true);
    c.mark("look-up");
    if (look || done)
        c.flow.lookUpTicket(c.now);
}

void ticketResultScreen(Ctx& c) {
    const Area a = header(c, c.pick(kTiles[3]));
    const auto& result = c.flow.ticketResult();
    if (!result)
        return;
    const Theme& t = c.theme();
    float y = a.min.y + a.pad;
    y += c.text(ImVec2(a.left(), y), c.pick(kTicketLabel), FontRole::Body, a.width(), Align::Left, t.textMuted);
    y += c.text(ImVec2(a.left(), y), result->ticket.text(), FontRole::Title, a.width());
    y += c.ui.px(8);
    y += c.text(ImVec2(a.left(), y), c.pick(kTicketStates[static_cast<int>(result->state)]), FontRole::Title,
                a.width(), Align::Left, t.accent);
    if (!result->reply.empty()) {
        y += c.ui.px(8);
        y += c.text(ImVec2(a.left(), y), c.pick(kReply), FontRole::Body, a.width(), Align::Left, t.textMuted);
        c.text(ImVec2(a.left(), y), result->reply, FontRole::Body, a.width());
    }
    bool other = false;
    bool done = false;
    bottomButtons(c, a, &kOtherTicket, "other", other, kFinished, "done", done);
    if (other)
        c.flow.back(c.now);
    else if (done)
        c.flow.finish(c.now);
}

// [SECTION] Entering a screen

// Fills the screen's buffers from the flow (coming back to a step shows what
// was typed) and picks the keyboard the first field needs.
void enterScreen(Ctx& c) {
    KioskView& v = c.view;
    const auto& form = c.flow.complaint();
    v.focusedField = 0;
    v.list = TouchListState{};
    v.detailScroll = 0.0f;
    v.keyboard.shift = false;
    v.keyboard.layout = KeyboardLayout::Thai;
    switch (c.flow.screen()) {
    case Screen::Welcome: clearKioskView(v); break;
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
        v.answerText.clear();
        v.answerNumber.clear();
        if (q != nullptr) {
            const core::Answer& given = c.flow.survey().answerTo(q->id);
            if (const auto* s = std::get_if<std::string>(&given); s != nullptr && q->type == core::QuestionType::Text)
                loadBuffer(v.answerText, *s);
            if (const auto* n = std::get_if<std::int64_t>(&given); n != nullptr && q->type == core::QuestionType::Number)
                loadBuffer(v.answerNumber, std::to_string(*n));
            if (q->type == core::QuestionType::Number)
                v.keyboard.layout = KeyboardLayout::Digits;
        }
        break;
    }
    default: break;
    }
}

}  // namespace

float drawReceiptPaper(Context& ui, const kiosk::ComplaintReceipt& receipt, const core::OfficeInfo& office,
                       float widthPx) {
    const ImU32 ink = IM_COL32(0, 0, 0, 255);
    const ImU32 paper = IM_COL32(255, 255, 255, 255);
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("##receipt", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(ImVec2(0, 0), size, paper);
    const float pad = 16.0f;
    const float w = widthPx - 2 * pad;
    float y = pad;
    auto line = [&](std::string_view text, FontRole role) {
        y += ui.drawText(list, ImVec2(pad, y), text, role, ink, w, Align::Centre);
    };
    line(office.name.th, FontRole::Body);
    line(office.name.en, FontRole::Small);
    y += 8;
    line("ใบรับเรื่องร้องเรียน / Complaint receipt", FontRole::Body);
    line("เลขที่เรื่อง / Ticket", FontRole::Small);
    line(receipt.ticket.text(), FontRole::Title);
    {
        // Local time, as the citizen reads it on the counter's clock.
        const std::time_t when = static_cast<std::time_t>(receipt.createdAtMs / 1000);
        std::tm local{};
        localtime_r(&when, &local);
        char stamp[64];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M", &local);
        line(std::string("วันที่ / Date: ") + stamp, FontRole::Small);
    }
    // The whole receipt fits one frame of the smallest display.
    const float qr = std::clamp(size.y - 330.0f, 96.0f, std::min(w, 220.0f));
    drawQr(list, core::ticketQrPayload(receipt.ticket, receipt.checkCode), ImVec2((widthPx - qr) * 0.5f, y + 4), qr,
           ink, paper);
    y += qr + 12;
    line("รหัสตรวจสอบ / Check code: " + receipt.checkCode, FontRole::Small);
    line(kKeepTicket.th, FontRole::Small);
    line(kKeepTicket.en, FontRole::Small);
    y += pad;
    ImGui::End();
    return y;
}

void clearKioskView(KioskView& view) {
    for (TextEditBuffer* b : {&view.description, &view.village, &view.landmark, &view.name, &view.phone, &view.ticket,
                              &view.search, &view.answerText, &view.answerNumber})
        b->clear();
    view.focusedField = 0;
    view.list = TouchListState{};
    view.detailScroll = 0.0f;
    view.toast = Toast{};
    view.shownNotice.clear();
    view.printRequested = false;
}

void drawKioskScreen(Context& ui, kiosk::KioskFlow& flow, KioskView& view, std::int64_t nowMs) {
    flow.tick(nowMs);
    // The display follows the citizen's choices.
    const auto& display = flow.display();
    ui.setLanguage(display.language);
    ui.setTheme(display.highContrast ? ThemeId::HighContrast : display.largeText ? ThemeId::LargeText : ThemeId::Default);
    applyToImGuiStyle(ui.theme(), ui.scale(), ImGui::GetStyle());

    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(ui.theme().background));
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
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
    case Screen::SurveyThanks: finishedScreen(c, kThanks, kThanksBody); break;
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

    ImGui::End();
    ImGui::PopStyleColor();
}

}  // namespace fangsiang::ui
