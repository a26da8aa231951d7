// The receipt: on screen after a complaint is sent (the ticket number and
// its QR code), and on paper as a thermal printer prints it.

#include "screens_internal.hpp"

#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <memory>

namespace fangsiang::ui {

namespace {

// [SECTION] QR code

// The ticket's QR code, `size` square at `pos`, with its quiet zone.
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

// A window over the whole display, white: paper for a printer to take.
// The caller ends it (ImGui::End) once it has drawn.
ImDrawList* beginPaper(const char* id) {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(ImVec2(0, 0), size, IM_COL32(255, 255, 255, 255));
    return list;
}

}  // namespace

// [SECTION] On screen

namespace detail {

namespace {

// What became of the last print, in words; trouble in the danger colour.
void printStateLine(Ctx& c, ImVec2 pos, float width) {
    const Theme& t = c.theme();
    const words::Receipt& w = words::kReceipt;
    switch (c.view.printState) {
    case PrintState::None: return;
    case PrintState::Printed: c.text(pos, c.pick(w.printed), FontRole::Body, width, Align::Left, t.accent); return;
    case PrintState::NotConnected:
    case PrintState::NotAllowed:
    case PrintState::Failed: break;
    }
    const core::TextPair& why = c.view.printState == PrintState::NotConnected ? w.notConnected
                                : c.view.printState == PrintState::NotAllowed ? w.notAllowed
                                                                              : w.failed;
    pos.y += c.text(pos, c.pick(why), FontRole::Body, width, Align::Left, t.danger);
    c.text(pos, c.pick(w.stillSaved), FontRole::Body, width, Align::Left, t.text);
}

}  // namespace

void complaintReceiptScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kReceipt.title), false);
    const auto& receipt = c.flow.receipt();
    if (!receipt)
        return;
    const Theme& t = c.theme();
    const float qrSize = std::min(c.ui.px(220), a.max.y - a.min.y - c.ui.px(kMinTarget + 40));
    const float textW = a.width() - qrSize - a.pad;
    float y = a.min.y + a.pad;
    y += c.text(ImVec2(a.left(), y), c.pick(words::kFrame.ticketNumber), FontRole::Body, textW, Align::Left, t.textMuted);
    y += c.text(ImVec2(a.left(), y), receipt->ticket.text(), FontRole::Title, textW);
    y += c.ui.px(8);
    y += c.text(ImVec2(a.left(), y), c.pick(words::kReceipt.keepTicket), FontRole::Body, textW);
    printStateLine(c, ImVec2(a.left(), y + c.ui.px(8)), textW);
    drawQr(c.draw(), core::ticketQrPayload(receipt->ticket, receipt->checkCode),
           ImVec2(a.right() - qrSize, a.min.y + a.pad), qrSize, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
    bool print = false;
    bool done = false;
    const bool again = c.view.printState != PrintState::None;
    bottomButtons(c, a, again ? &words::kReceipt.printAgain : &words::kReceipt.print, "print", print,
                  words::kFrame.done, "done", done);
    if (print)
        c.view.printRequested = true;  // one job per press: the platform prints it and clears this
    if (done)
        c.flow.finish(c.now);
}

}  // namespace detail

// [SECTION] On paper

float drawReceiptPaper(Context& ui, const kiosk::ComplaintReceipt& receipt, const core::OfficeInfo& office,
                       float widthPx) {
    const ImU32 ink = IM_COL32(0, 0, 0, 255);
    const ImU32 paper = IM_COL32(255, 255, 255, 255);
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    ImDrawList* list = beginPaper("##receipt");
    const float pad = 16.0f;
    const float w = widthPx - 2 * pad;
    float y = pad;
    auto line = [&](std::string_view text, FontRole role) {
        y += ui.drawText(list, ImVec2(pad, y), text, role, ink, w, Align::Centre);
    };
    line(office.name.th, FontRole::Body);
    line(office.name.en, FontRole::Small);
    y += 8;
    line(detail::inBoth(words::kReceipt.paperTitle, " / "), FontRole::Body);
    line(detail::inBoth(words::kReceipt.paperTicket, " / "), FontRole::Small);
    line(receipt.ticket.text(), FontRole::Title);
    {
        // Local time, as the citizen reads it on the counter's clock.
        const std::time_t when = static_cast<std::time_t>(receipt.createdAtMs / 1000);
        std::tm local{};
        localtime_r(&when, &local);
        char stamp[64];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M", &local);
        line(detail::inBoth(words::kReceipt.paperDate, " / ") + ": " + stamp, FontRole::Small);
    }
    // The whole receipt fits one frame of the smallest display.
    const float qr = std::clamp(size.y - 330.0f, 96.0f, std::min(w, 220.0f));
    drawQr(list, core::ticketQrPayload(receipt.ticket, receipt.checkCode), ImVec2((widthPx - qr) * 0.5f, y + 4), qr,
           ink, paper);
    y += qr + 12;
    line(detail::inBoth(words::kReceipt.paperCheckCode, " / ") + ": " + receipt.checkCode, FontRole::Small);
    line(words::kReceipt.keepTicket.th, FontRole::Small);
    line(words::kReceipt.keepTicket.en, FontRole::Small);
    y += pad;
    ImGui::End();
    return y;
}

float drawPrinterTestPaper(Context& ui, std::string_view officeName, float widthPx, std::string_view where) {
    const ImU32 ink = IM_COL32(0, 0, 0, 255);
    ImDrawList* list = beginPaper("##printer-test");
    // A ruler across the whole paper: each end must print, or the paper
    // width in the configuration is wrong.
    for (float x = 0; x < widthPx; x += 8.0f)
        list->AddRectFilled(ImVec2(x, 0), ImVec2(x + 1.0f, std::fmod(x, 64.0f) == 0.0f ? 16.0f : 8.0f), ink);
    list->AddRectFilled(ImVec2(0, 0), ImVec2(2.0f, 24.0f), ink);
    list->AddRectFilled(ImVec2(widthPx - 2.0f, 0), ImVec2(widthPx, 24.0f), ink);
    const float pad = 16.0f;
    const float w = widthPx - 2 * pad;
    float y = 28.0f;
    auto line = [&](std::string_view text, FontRole role) {
        y += ui.drawText(list, ImVec2(pad, y), text, role, ink, w, Align::Centre);
    };
    line(officeName, FontRole::Body);
    line(detail::inBoth(words::kReceipt.paperTest, " / "), FontRole::Title);
    // Upper and lower marks, stacked tones and sara am: what a printer's own
    // Thai font gets wrong, drawn here as the kiosk draws it.
    line("ปู่ ญี่ปุ่น น้ำ กิ่งไม้ ฎีกา ฐาน ฤๅษี", FontRole::Body);
    line("ABC abc 0123456789 ๐๑๒๓๔๕๖๗๘๙", FontRole::Small);
    line(where, FontRole::Small);
    y += pad;
    ImGui::End();
    return y;
}

}  // namespace fangsiang::ui
