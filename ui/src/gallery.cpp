#include "ui/gallery.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>

namespace fangsiang::ui {

namespace {

// [SECTION] Content
// The words on the pages, Thai and English side by side.

const core::TextPair kOffice{"เทศบาลตำบลฟังเสียง", "Fangsiang Subdistrict Municipality"};

const core::TextPair kTiles[4] = {
    {"ร้องเรียน / ร้องทุกข์", "File a complaint"},
    {"ประเมินความพึงพอใจ", "Rate our service"},
    {"บริการของสำนักงาน", "Office services"},
    {"ติดตามเรื่องร้องเรียน", "Track a complaint"},
};
constexpr std::array<Icon, 4> kTileIcons{Icon::Complaint, Icon::Survey, Icon::Services, Icon::Status};

const core::TextPair kSteps[3] = {
    {"เลือกบริการ", "Service"},
    {"ให้คะแนน", "Rating"},
    {"ข้อเสนอแนะ", "Suggestions"},
};

const core::TextPair kChips[4] = {
    {"งานทะเบียนราษฎร", "Civil registration"},
    {"ภาษีที่ดิน", "Land tax"},
    {"น้ำประปา", "Water supply"},
    {"ขออนุญาตก่อสร้าง", "Building permit"},
};

const core::TextPair kServices[12] = {
    {"แจ้งเกิด แจ้งตาย ย้ายที่อยู่", "Births, deaths and moving house"},
    {"ชำระภาษีที่ดินและสิ่งปลูกสร้าง", "Land and building tax"},
    {"ขออนุญาตก่อสร้างอาคาร", "Building permits"},
    {"เบี้ยยังชีพผู้สูงอายุ", "Old-age allowance"},
    {"เบี้ยความพิการ", "Disability allowance"},
    {"จัดเก็บขยะมูลฝอย", "Waste collection"},
    {"ไฟฟ้าส่องสว่างชำรุด", "Broken street lights"},
    {"น้ำประปาไม่ไหล", "No tap water"},
    {"ถนนชำรุด ทางเท้าเสียหาย", "Damaged roads and pavements"},
    {"เหตุรำคาญ เสียงดัง กลิ่น", "Noise and smell nuisances"},
    {"ป้องกันและบรรเทาสาธารณภัย", "Disaster prevention and relief"},
    {"ศูนย์พัฒนาเด็กเล็ก", "Child development centre"},
};

const core::TextPair kSurveyQuestion{
    "ท่านพึงพอใจต่อการให้บริการของเจ้าหน้าที่ในวันนี้มากน้อยเพียงใด",
    "How satisfied are you with the service you received today?"};

constexpr std::string_view kSpecimenWords = "ปู่ ฟื้น ปี่ ญุ ฐุ ฎุ น้ำ ที่นี่ กั้น";

const core::TextPair kParagraph{
    "ข้อมูลส่วนบุคคลของท่าน (ชื่อ เบอร์โทร ที่อยู่) จะถูกเข้ารหัสก่อนบันทึก ใช้เพื่อติดตามเรื่องร้องเรียนเท่านั้น "
    "และเก็บไว้ไม่เกิน 2 ปี ผู้ที่เห็นข้อมูลได้คือเจ้าหน้าที่ผู้รับผิดชอบของเทศบาลเท่านั้น การให้ข้อมูลเป็นไปโดยสมัครใจ",
    "Your personal data (name, phone, address) is encrypted before it is saved, used only to follow up your "
    "complaint and kept for at most 2 years. Only the responsible municipal officers can see it. Giving it is "
    "optional."};

const core::TextPair kLanguageSwitch{"English", "ไทย"};  // labelled in the language it leads to
const core::TextPair kBack{"ย้อนกลับ", "Back"};
const core::TextPair kNext{"ถัดไป", "Next"};
const core::TextPair kComplaintAbout{"เรื่องที่ต้องการร้องเรียน", "What is your complaint about?"};
const core::TextPair kComplaintHint{"แตะเพื่อพิมพ์ เช่น ไฟถนนดับ", "Touch to type, e.g. street light out"};
const core::TextPair kConfirmTitle{"ยืนยันการยื่นคำร้อง", "Send this request?"};
const core::TextPair kConfirmBody{"เมื่อยืนยันแล้ว ระบบจะออกเลขที่รับเรื่องให้ท่านเก็บไว้ติดตามผล",
                                  "Once you confirm, you will get a ticket number to follow it up."};
const core::TextPair kConfirm{"ยืนยัน", "Confirm"};
const core::TextPair kCancel{"ยกเลิก", "Cancel"};
const core::TextPair kSpecimenTitle{"ตัวอย่างอักษรไทย", "Thai type specimen"};
// What a gallery shot shows as typed, and in its toast.
const core::TextPair kTyped{"น้ำประปาไม่ไหลที่ซอย ๓", "No water on Soi 3"};
const core::TextPair kSaved{"บันทึกเรื่องแล้ว เลขที่ 2566-0042", "Saved: ticket 2566-0042"};

// [SECTION] Page frame

struct Frame {
    ImVec2 min;
    ImVec2 max;
    float pad;
    [[nodiscard]] float width() const { return max.x - min.x - pad * 2.0f; }
};

// The header every screen shares: a back button, the office, a language
// chip. Returns the content area below it.
Frame header(Context& ui, std::string_view title) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const Theme& t = ui.theme();
    const float pad = ui.px(16);
    const float barH = ui.px(kMinTarget + 16);
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(ImVec2(0, 0), ImVec2(display.x, barH), t.accent);
    ImGui::SetCursorScreenPos(ImVec2(pad * 0.5f, ui.px(8)));
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImRect back(ImGui::GetCursorScreenPos(), ImVec2(pad * 0.5f + ui.px(kMinTarget), ui.px(8 + kMinTarget)));
    ImGui::ItemSize(back);
    if (ImGui::ItemAdd(back, window->GetID("##back"))) {
        bool hovered = false;
        bool held = false;
        ImGui::ButtonBehavior(back, window->GetID("##back"), &hovered, &held);
        drawIcon(list, Icon::Back, back.GetCenter(), ui.px(30), t.accentText, t.accent);
    }
    const float titleX = back.Max.x + pad * 0.5f;
    const float langW = ui.px(96);
    const TextLayout& l = ui.layout(title, display.x - titleX - langW - pad * 2.0f, FontRole::Title);
    const TextLine* first = l.lines.empty() ? nullptr : &l.lines.front();
    if (first != nullptr) {
        const float ty = std::floor((barH - l.lineHeight) * 0.5f);
        list->AddText(ui.font(FontRole::Title), ui.fontSize(FontRole::Title),
                      ImVec2(titleX, ty + std::floor(ui.fontSize(FontRole::Title) * kMarkRoom)), t.accentText,
                      first->glyphs.data(), first->glyphs.data() + first->glyphs.size());
    }
    // The language switch is one touch, labelled in the other language.
    const ImRect lang(ImVec2(display.x - langW - pad * 0.5f, ui.px(8)), ImVec2(display.x - pad * 0.5f, ui.px(8 + kMinTarget)));
    list->AddRect(lang.Min, lang.Max, t.accentText, lang.GetHeight() * 0.5f, 0, ui.px(2));
    const TextLayout& ll = ui.layout(ui.pick(kLanguageSwitch), lang.GetWidth(), FontRole::Body);
    drawLayout(list, ImVec2(lang.Min.x, std::floor(lang.Min.y + (lang.GetHeight() - ll.lineHeight) * 0.5f)), ll,
               ui.font(FontRole::Body), ui.fontSize(FontRole::Body), t.accentText, Align::Centre, lang.GetWidth());
    return Frame{ImVec2(0, barH), display, pad};
}

// [SECTION] Pages

void homePage(Context& ui, GalleryState& state) {
    Frame f = header(ui, ui.pick(kOffice));
    float y = f.min.y + f.pad;
    if (state.idleDeadline > 0.0) {
        ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, y));
        if (countdownBanner(ui, state.idleDeadline, 30.0, f.width())) state.idleDeadline = 0.0;
        y = ImGui::GetItemRectMax().y + f.pad;
    }
    const int cols = f.width() > ui.px(700) ? 4 : 2;
    const int rows = (static_cast<int>(std::size(kTiles)) + cols - 1) / cols;
    const float gap = ui.px(12);
    const float tileW = (f.width() - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float tileH = std::max(ui.px(96), (f.max.y - y - f.pad - gap * static_cast<float>(rows - 1)) /
                                                static_cast<float>(rows));
    for (std::size_t i = 0; i < std::size(kTiles); ++i) {
        const int c = static_cast<int>(i) % cols;
        const int r = static_cast<int>(i) / cols;
        ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad + static_cast<float>(c) * (tileW + gap),
                                         y + static_cast<float>(r) * (tileH + gap)));
        ImGui::PushID(static_cast<int>(i));
        if (tileButton(ui, "##tile", kTileIcons[i], ui.pick(kTiles[i]), ImVec2(tileW, tileH)))
            state.toast.show(std::string(ui.pick(kTiles[i])), ImGui::GetTime());
        ImGui::PopID();
    }
    drawToast(ui, state.toast);
}

void surveyPage(Context& ui, GalleryState& state) {
    const Frame f = header(ui, ui.pick(kTiles[1]));
    const Theme& t = ui.theme();
    ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, f.min.y + f.pad * 0.5f));
    stepIndicator(ui, ui.pickEach(kSteps), state.step, f.width());
    float y = ImGui::GetCursorScreenPos().y;
    y += ui.drawText(ImGui::GetWindowDrawList(), ImVec2(f.min.x + f.pad, y), ui.pick(kSurveyQuestion),
                     FontRole::Body, t.text, f.width(), Align::Centre);
    ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, y + ui.px(4)));
    smileyRating(ui, "rating", state.rating, f.width());
    ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, ImGui::GetCursorScreenPos().y));
    choiceChips(ui, "chips", ui.pickEach(kChips), state.chip, f.width());
    const float bw = ui.px(180);
    const float by = f.max.y - ui.px(kMinTarget + 8) - f.pad * 0.5f;
    if (by > ImGui::GetCursorScreenPos().y) {
        ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, by));
        if (button(ui, "back", ui.pick(kBack), ImVec2(bw, 0)))
            state.step = std::max(0, state.step - 1);
        ImGui::SetCursorScreenPos(ImVec2(f.max.x - f.pad - bw, by));
        if (button(ui, "next", ui.pick(kNext), ImVec2(bw, 0), true))
            state.step = std::min(static_cast<int>(std::size(kSteps)) - 1, state.step + 1);
    }
}

void formPage(Context& ui, GalleryState& state) {
    const Frame f = header(ui, ui.pick(kTiles[0]));
    const Theme& t = ui.theme();
    const float kbH = keyboardHeight(ui);
    float y = f.min.y + f.pad * 0.5f;
    y += ui.drawText(ImGui::GetWindowDrawList(), ImVec2(f.min.x + f.pad, y), ui.pick(kComplaintAbout), FontRole::Body,
                     t.text, f.width());
    ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, y));
    textField(ui, "subject", state.field, ui.pick(kComplaintHint), f.width(), state.fieldFocused);
    ImGui::SetCursorScreenPos(ImVec2(0, f.max.y - kbH));
    if (onScreenKeyboard(ui, "keyboard", state.keyboard, state.field, ImVec2(f.max.x, kbH)) == KeyboardAction::Done)
        state.fieldFocused = false;
}

void listPage(Context& ui, GalleryState& state) {
    const Frame f = header(ui, ui.pick(kTiles[2]));
    ImGui::SetCursorScreenPos(ImVec2(f.min.x + f.pad, f.min.y + f.pad * 0.5f));
    const int tapped =
        touchList(ui, "services", state.list, ui.pickEach(kServices), ImVec2(f.width(), f.max.y - f.min.y - f.pad * 1.5f));
    if (tapped >= 0) state.dialogOpen = true;
    confirmDialog(ui, "##confirm", state.dialogOpen,
                  DialogText{ui.pick(kConfirmTitle), ui.pick(kConfirmBody), ui.pick(kConfirm), ui.pick(kCancel)});
}

void specimenPage(Context& ui, GalleryState& state) {
    const Frame f = header(ui, ui.pick(kSpecimenTitle));
    const Theme& t = ui.theme();
    ImDrawList* list = ImGui::GetWindowDrawList();
    float y = f.min.y + f.pad * 0.5f;
    const ImVec2 origin(f.min.x + f.pad, y);
    if (state.breakShapingForTest) {
        // What Dear ImGui draws without shaping: the tone of ปู่ floats high.
        const char* raw = "ปู่";
        list->AddText(ui.font(FontRole::Title), ui.fontSize(FontRole::Title),
                      ImVec2(origin.x, origin.y + std::floor(ui.fontSize(FontRole::Title) * kMarkRoom)), t.text, raw);
        // Everything after it stays exactly where the shaped page has it.
        const float size = ui.fontSize(FontRole::Title);
        const float skip = ui.text().width("ปู่", ui.font(FontRole::Title), size) +
                           ui.font(FontRole::Title)->CalcTextSizeA(size, FLT_MAX, 0.0f, " ").x;
        ui.drawText(list, ImVec2(origin.x + skip, y), kSpecimenWords.substr(std::string_view("ปู่ ").size()),
                    FontRole::Title, t.text, f.width() - skip);
        y += ui.layout(kSpecimenWords, f.width(), FontRole::Title).height();
    } else {
        y += ui.drawText(list, origin, kSpecimenWords, FontRole::Title, t.text, f.width());
    }
    y += ui.drawText(list, ImVec2(f.min.x + f.pad, y), kSpecimenWords, FontRole::Body, t.text, f.width());
    y += ui.drawText(list, ImVec2(f.min.x + f.pad, y), "ฝั่ง ปั้น ฟุ้ง ญาติ ฐาน ฎีกา ป่ำ สำนักงาน COVID-19 โทร 02-123-4567",
                     FontRole::Body, t.text, f.width());
    ui.drawText(list, ImVec2(f.min.x + f.pad, y + ui.px(4)), ui.pick(kParagraph), FontRole::Small, t.textMuted,
                f.width());
}

// About 2,000 Thai glyphs of wrapped text: the benchmark's screen.
void textPage(Context& ui, GalleryState& state) {
    const Frame f = header(ui, ui.pick(kOffice));
    const Theme& t = ui.theme();
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float colGap = ui.px(16);
    const float colW = (f.width() - colGap) * 0.5f;
    state.textGlyphs = 0;
    for (int col = 0; col < 2; ++col) {
        float y = f.min.y + f.pad * 0.5f;
        for (int i = 0; y < f.max.y; ++i) {
            const core::TextPair& p = (i % 2 == 0) ? kParagraph : kSurveyQuestion;
            const TextLayout& l = ui.layout(p.th, colW, FontRole::Small);
            drawLayout(list, ImVec2(f.min.x + f.pad + static_cast<float>(col) * (colW + colGap), y), l,
                       ui.font(FontRole::Small), ui.fontSize(FontRole::Small), t.text, Align::Left, colW);
            for (std::size_t k = 0; k < l.lines.size() && y + static_cast<float>(k) * l.lineHeight < f.max.y; ++k)
                for (const char c : l.lines[k].glyphs)
                    state.textGlyphs += ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != ' ') ? 1 : 0;
            y += l.height();
        }
    }
}

}  // namespace

std::string_view galleryPageName(GalleryPage page) {
    switch (page) {
        case GalleryPage::Home: return "home";
        case GalleryPage::Survey: return "survey";
        case GalleryPage::Form: return "form";
        case GalleryPage::List: return "list";
        case GalleryPage::Specimen: return "specimen";
        case GalleryPage::Text: return "text";
    }
    return "unknown";
}

void prepareGalleryShot(GalleryState& state, GalleryPage page, core::Language language, double now) {
    state = GalleryState{};
    if (page == GalleryPage::Form) {
        // Typed key by key, through the input check, as a citizen would.
        state.field.insertUtf8(kTyped.in(language));
    }
    if (page == GalleryPage::Home) {
        state.idleDeadline = now + 10.0;
        state.toast.show(kSaved.in(language), now, 60.0);
    }
}

void drawGallery(Context& ui, GalleryState& state, GalleryPage page) {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    // No window background: the platform clears the frame to the theme's
    // background, and a full-screen rectangle would cost the software
    // renderer two screen-sized triangles every frame.
    ImGui::Begin("##gallery", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBackground);
    switch (page) {
        case GalleryPage::Home: homePage(ui, state); break;
        case GalleryPage::Survey: surveyPage(ui, state); break;
        case GalleryPage::Form: formPage(ui, state); break;
        case GalleryPage::List: listPage(ui, state); break;
        case GalleryPage::Specimen: specimenPage(ui, state); break;
        case GalleryPage::Text: textPage(ui, state); break;
    }
    ImGui::End();
}

}  // namespace fangsiang::ui
