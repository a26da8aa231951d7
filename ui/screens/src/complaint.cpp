// The complaint: its topic, the description, the place, whether to give
// contact details (and which), and a last look before sending. The
// receipt that follows is in receipt.cpp.

#include "screens_internal.hpp"

#include <algorithm>

namespace fangsiang::ui::detail {

namespace {

// [SECTION] Steps

void complaintSteps(Ctx& c, const Area& a, float& y) {
    const kiosk::StepInfo step = c.flow.step();
    ImGui::SetCursorScreenPos(ImVec2(a.left(), y));
    if (step.total == 5)
        stepIndicator(c.ui, c.ui.pickEach(words::kComplaint.stepsAnonymous), step.current - 1, a.width());
    else
        stepIndicator(c.ui, c.ui.pickEach(words::kComplaint.steps), step.current - 1, a.width());
    y = ImGui::GetCursorScreenPos().y;
}

// Screens with a keyboard have no room for the step indicator: the step
// goes into the title instead.
std::string titleWithStep(Ctx& c, const core::TextPair& title) {
    const kiosk::StepInfo step = c.flow.step();
    return std::string(c.pick(title)) + std::string(c.pick(words::kComplaint.stepOf)) +
           std::to_string(step.current) + "/" + std::to_string(step.total);
}

// [SECTION] Two fields side by side

// One field of a two-field screen: its label, buffer, width (0: what the
// other field leaves), the keyboard it wants and where its text goes in the
// flow.
struct FieldSpec {
    const char* id;
    const core::TextPair& label;
    TextEditBuffer& buffer;
    std::string_view placeholder;
    float width;
    KeyboardLayout keyboard;
    void (kiosk::KioskFlow::*set)(std::string, std::int64_t);
};

// A complaint step of two fields side by side, a "next" button, and the
// keyboard feeding the field last touched.
void twoFieldScreen(Ctx& c, const FieldSpec (&fields)[2]) {
    const Area a = header(c, titleWithStep(c, words::kHome.tiles[1]));
    float y = a.min.y + a.pad * 0.5f;
    const float gap = c.ui.px(12);
    const float nextW = c.ui.px(120);
    // A field without a width of its own takes what the other and "next" leave.
    float widths[2] = {fields[0].width, fields[1].width};
    for (int i = 0; i < 2; ++i)
        if (widths[i] == 0.0f)
            widths[i] = a.width() - widths[1 - i] - nextW - gap * 2;
    float x = a.left();
    float labelH = 0.0f;
    for (int i = 0; i < 2; ++i) {
        labelH = std::max(labelH, c.text(ImVec2(x, y), c.pick(fields[i].label), FontRole::Small, widths[i]));
        x += widths[i] + gap;
    }
    y += labelH;
    x = a.left();
    for (int i = 0; i < 2; ++i) {
        const FieldSpec& f = fields[i];
        bool focused = c.view.focusedField == i;
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        if (textField(c.ui, f.id, f.buffer, f.placeholder, widths[i], focused))
            (c.flow.*f.set)(f.buffer.utf8(), c.now);
        c.mark(f.id);
        // A tap on a field moves the keyboard to it.
        if (ImGui::IsMouseClicked(0) && c.view.targets[f.id].contains(ImGui::GetIO().MousePos)) {
            c.view.focusedField = i;
            c.view.keyboard.layout = f.keyboard;
        }
        x += widths[i] + gap;
    }
    ImGui::SetCursorScreenPos(ImVec2(a.right() - nextW, y));
    const bool next = button(c.ui, "next", c.pick(words::kFrame.next), ImVec2(nextW, c.view.targets[fields[0].id].height()), true);
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

// Shows only the last four digits: the next person in the queue can see the screen.
std::string maskedPhone(const std::string& phone) {
    if (phone.size() < 4)
        return phone;
    return std::string(phone.size() - 4, 'x') + phone.substr(phone.size() - 4);
}

}  // namespace

// [SECTION] The complaint's screens

void complaintCategoryScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kHome.tiles[1]));
    float y = a.min.y + a.pad * 0.5f;
    complaintSteps(c, a, y);
    y += c.text(ImVec2(a.left(), y), c.pick(words::kComplaint.chooseTopic), FontRole::Body, a.width());
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
    const Area a = header(c, titleWithStep(c, words::kHome.tiles[1]));
    const float y = a.min.y + a.pad * 0.5f;
    const float nextW = c.ui.px(140);
    bool changed = false;
    const bool done = areaWithKeyboard(c, a, y, c.pick(words::kComplaint.describe), "field", c.view.description,
                                       c.pick(words::kComplaint.describeHint), changed, a.width() - nextW - c.ui.px(8));
    if (changed)
        c.flow.setDescription(c.view.description.utf8(), c.now);
    if (buttonBesideField(c, a, "next", words::kFrame.next, nextW) || done)
        c.flow.next(c.now);
}

void complaintPlaceScreen(Ctx& c) {
    twoFieldScreen(c, {
        {"village", words::kComplaint.village, c.view.village, "", c.ui.px(170), KeyboardLayout::Digits, &kiosk::KioskFlow::setVillage},
        {"landmark", words::kComplaint.landmark, c.view.landmark, c.pick(words::kComplaint.landmarkHint), 0.0f, KeyboardLayout::Thai,
         &kiosk::KioskFlow::setLandmark},
    });
}

void complaintPrivacyScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kHome.tiles[1]));
    float y = a.min.y + a.pad * 0.5f;
    complaintSteps(c, a, y);
    y += c.text(ImVec2(a.left(), y), c.pick(words::kComplaint.privacyTitle), FontRole::Title, a.width());
    c.text(ImVec2(a.left(), y), c.pick(words::kComplaint.privacyBody), FontRole::Body, a.width());
    bool anonymous = false;
    bool give = false;
    bottomButtons(c, a, &words::kComplaint.stayAnonymous, "anonymous", anonymous, words::kComplaint.giveContact, "give-contact", give);
    if (give)
        c.flow.chooseContact(true, c.now);
    else if (anonymous)
        c.flow.chooseContact(false, c.now);
}

void complaintContactScreen(Ctx& c) {
    twoFieldScreen(c, {
        {"name", words::kComplaint.name, c.view.name, "", 0.0f, KeyboardLayout::Thai, &kiosk::KioskFlow::setName},
        {"phone", words::kComplaint.phone, c.view.phone, "08x-xxx-xxxx", c.ui.px(210), KeyboardLayout::Digits,
         &kiosk::KioskFlow::setPhone},
    });
}

void complaintReviewScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kComplaint.review));
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
        row(words::kComplaint.topicLabel, c.pick(kiosk::complaintCategoryLabel(*form.category)), 1);
    row(words::kComplaint.detailsLabel, form.description, 3);
    std::string place;
    if (!form.village.empty())
        place = std::string(c.pick(words::kComplaint.moo)) + form.village;
    if (!form.landmark.empty())
        place += (place.empty() ? "" : "  ") + form.landmark;
    if (!place.empty())
        row(words::kComplaint.placeLabel, place, 1);
    if (form.giveContact.value_or(false))
        row(words::kComplaint.contactLabel, form.name + "  " + maskedPhone(form.phone), 1);
    else
        row(words::kComplaint.contactLabel, c.pick(words::kComplaint.anonymous), 1);
    if (primaryBottomButton(c, a, words::kComplaint.send, "send"))
        c.flow.submitComplaint(c.now);
}

}  // namespace fangsiang::ui::detail
