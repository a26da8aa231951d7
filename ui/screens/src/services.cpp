// The office's services: categories, the services in one, search, and a
// service's citizen manual.

#include "screens_internal.hpp"

#include <algorithm>

namespace fangsiang::ui::detail {

// [SECTION] Services

void serviceCategoriesScreen(Ctx& c) {
    const Area a = header(c, c.pick(words::kHome.tiles[0]));
    const float bh = c.ui.px(kMinTarget + 8);
    ImGui::SetCursorScreenPos(ImVec2(a.left(), a.min.y + a.pad));
    if (button(c.ui, "search", c.pick(words::kServices.search), ImVec2(a.width(), bh)))
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
    const Area a = header(c, category != nullptr ? c.pick(category->name) : c.pick(words::kHome.tiles[0]));
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
    const Area a = header(c, c.pick(words::kServices.search));
    bool changed = false;
    const float top = a.min.y + a.pad * 0.5f;
    fieldWithKeyboard(c, a, top, {}, "field", c.view.search, c.pick(words::kServices.searchHint), changed);
    if (changed)
        c.flow.setSearchQuery(c.view.search.utf8(), c.now);
    const float listTop = c.view.targets["field"].max.y + a.pad * 0.5f;
    const float listBottom = a.max.y - keyboardHeight(c.ui) - a.pad * 0.5f;
    const auto& results = c.flow.searchResults();
    if (results.empty()) {
        if (!c.view.search.empty())
            c.text(ImVec2(a.left(), listTop), c.pick(words::kServices.noResults), FontRole::Body, a.width(), Align::Left,
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
    heading(c.pick(words::kServices.fee));
    body(core::formatFee(*s, lang));
    if (s->feeNote)
        body(c.pick(*s->feeNote), c.ui.px(16));
    heading(c.pick(words::kServices.timeNeeded));
    body(core::formatDuration(s->totalDays(), s->totalMinutes(), lang));
    if (!s->conditions.empty()) {
        heading(c.pick(words::kServices.conditions));
        for (const auto& cond : s->conditions)
            body("• " + std::string(c.pick(cond)), c.ui.px(8));
    }
    heading(c.pick(words::kServices.steps));
    int n = 1;
    for (const auto& step : s->steps) {
        body(std::to_string(n++) + ". " + std::string(c.pick(step.text)) + " (" +
                 core::formatDuration(step.days, step.minutes, lang) + ")",
             c.ui.px(8));
    }
    if (!s->documents.empty()) {
        heading(c.pick(words::kServices.documents));
        for (const auto& doc : s->documents) {
            std::string counts;
            if (doc.originals > 0)
                counts += std::string(c.pick(words::kServices.originals)) + std::to_string(doc.originals);
            if (doc.copies > 0)
                counts += std::string(counts.empty() ? "" : ", ") + std::string(c.pick(words::kServices.copies)) +
                          std::to_string(doc.copies);
            body("• " + std::string(c.pick(doc.name)) + " (" + counts + ")", c.ui.px(8));
        }
    }
    heading(c.pick(words::kServices.whereAndWhen));
    body(c.pick(s->where));
    body(c.pick(s->hours));
    if (!s->eserviceUrl.empty()) {
        heading(c.pick(words::kServices.online));
        body(s->eserviceUrl);
    }
    heading(c.pick(words::kServices.complaints));
    body(c.pick(s->complaintChannel));
    y += a.pad;
    list->PopClipRect();
    const float contentH = y + c.view.detailScroll - a.min.y;
    const float maxScroll = std::max(0.0f, contentH - (a.max.y - a.min.y));
    c.view.detailScroll = std::clamp(c.view.detailScroll, 0.0f, maxScroll);
}

}  // namespace fangsiang::ui::detail
