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

}  // namespace fangsiang::ui
