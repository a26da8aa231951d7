// Checking a ticket: typing its number, and what the kiosk knows of it.

#include "screens_internal.hpp"

namespace fangsiang::ui::detail {

// [SECTION] Tickets

void ticketEntryScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kHome.tiles[3]));
    const float y = a.min.y + a.pad * 0.5f;
    const float lookW = c.ui.px(140);
    bool changed = false;
    const bool done = fieldWithKeyboard(c, a, y, c.pick(words::kTickets.prompt), "field", c.view.ticket,
                                        c.flow.catalogue().office().code + "-1-23-4", changed, a.width() - lookW - c.ui.px(8));
    if (changed)
        c.flow.setTicketText(c.view.ticket.utf8(), c.now);
    if (buttonBesideField(c, a, "look-up", words::kTickets.lookUp, lookW) || done)
        c.flow.lookUpTicket(c.now);
}

void ticketResultScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kHome.tiles[3]));
    const auto& result = c.flow.ticketResult();
    if (!result)
        return;
    const Theme& t = c.theme();
    float y = a.min.y + a.pad;
    y += c.text(ImVec2(a.left(), y), c.pick(words::kFrame.ticketNumber), FontRole::Body, a.width(), Align::Left, t.textMuted);
    y += c.text(ImVec2(a.left(), y), result->ticket.text(), FontRole::Title, a.width());
    y += c.ui.px(8);
    y += c.text(ImVec2(a.left(), y), c.pick(words::kTickets.states[static_cast<int>(result->state)]), FontRole::Title,
                a.width(), Align::Left, t.accent);
    if (!result->reply.empty()) {
        y += c.ui.px(8);
        y += c.text(ImVec2(a.left(), y), c.pick(words::kTickets.reply), FontRole::Body, a.width(), Align::Left, t.textMuted);
        c.text(ImVec2(a.left(), y), result->reply, FontRole::Body, a.width());
    }
    bool other = false;
    bool done = false;
    bottomButtons(c, a, &words::kTickets.other, "other", other, words::kFrame.done, "done", done);
    if (other)
        c.flow.back(c.now);
    else if (done)
        c.flow.finish(c.now);
}

}  // namespace fangsiang::ui::detail
