#include "ui/context.hpp"

namespace fangsiang::ui {

void Context::setFonts(FontSet fonts) {
    m_fonts = std::move(fonts);
    m_text.clear();
}

float Context::drawText(ImDrawList* list, ImVec2 pos, std::string_view text, FontRole role, ImU32 colour,
                        float boxWidth, Align align) {
    const TextLayout& l = layout(text, boxWidth, role);
    drawLayout(list, pos, l, font(role), fontSize(role), colour, align, boxWidth);
    return l.height();
}

std::vector<std::string> Context::clampedLines(std::string_view text, float boxWidth, FontRole role,
                                              std::size_t maxLines) {
    static constexpr std::string_view kEllipsis = "\u2026";
    const TextLayout& all = layout(text, boxWidth, role);
    std::vector<std::string> out;
    const std::size_t shown = std::min(all.lines.size(), std::max<std::size_t>(maxLines, 1));
    for (std::size_t i = 0; i < shown; ++i) {
        const TextLine& line = all.lines[i];
        out.emplace_back(text.substr(line.sourceBegin, line.sourceEnd - line.sourceBegin));
    }
    if (all.lines.size() <= shown)
        return out;
    // What is left from the last shown line on, laid out in the room left by
    // the ellipsis: its first line ends where a word does.
    const std::string_view rest = text.substr(all.lines[shown - 1].sourceBegin);
    const float room = boxWidth - m_text.width(kEllipsis, font(role), fontSize(role));
    const TextLayout& fit = layout(rest, std::max(1.0f, room), role);
    std::string last = fit.lines.empty() ? std::string() : std::string(rest.substr(0, fit.lines.front().sourceEnd));
    while (!last.empty() && last.back() == ' ')
        last.pop_back();
    out.back() = last + std::string(kEllipsis);
    return out;
}

}  // namespace fangsiang::ui
