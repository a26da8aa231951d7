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

}  // namespace

// [SECTION] On screen

namespace detail {

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
    c.text(ImVec2(a.left(), y), c.pick(words::kReceipt.keepTicket), FontRole::Body, textW);
    drawQr(c.draw(), core::ticketQrPayload(receipt->ticket, receipt->checkCode),
           ImVec2(a.right() - qrSize, a.min.y + a.pad), qrSize, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
    bool print = false;
    bool done = false;
    bottomButtons(c, a, &words::kReceipt.print, "print", print, words::kFrame.done, "done", done);
    if (print)
        c.view.printRequested = true;
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

}  // namespace fangsiang::ui
