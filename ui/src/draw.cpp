#include "ui/draw.hpp"

#include <algorithm>
#include <cmath>

namespace fangsiang::ui {

namespace {

// ImGui anti-aliases a filled polygon by adding a fringe around it; inside
// strips that fringe would draw seams, so the strips go without it.
class NoFillAntiAliasing {
public:
    explicit NoFillAntiAliasing(ImDrawList* list) : m_list(list), m_saved(list->Flags) {
        list->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    }
    ~NoFillAntiAliasing() { m_list->Flags = m_saved; }
    NoFillAntiAliasing(const NoFillAntiAliasing&) = delete;
    NoFillAntiAliasing& operator=(const NoFillAntiAliasing&) = delete;

private:
    ImDrawList* m_list;
    ImDrawListFlags m_saved;
};

// Strip height: small enough that a chord stays within the one-pixel
// outline of the curve it cuts.
constexpr float kStrip = 2.0f;

// How far the edge of a rounded corner of radius r lies inside the straight
// side, at distance d (0..r) from the corner's top.
float cornerInset(float r, float d) {
    const float dy = r - std::clamp(d, 0.0f, r);
    return r - std::sqrt(std::max(0.0f, r * r - dy * dy));
}

// Trapezoids from y0 to y1 whose left and right edges are `insetAt(y)` in
// from `left` and `right`. Strip boundaries sit on whole pixels: the
// rasteriser's fill rule would otherwise leave a hairline between two
// shapes that meet at a fractional row.
template <typename Inset>
void strips(ImDrawList* list, float left, float right, float y0, float y1, ImU32 colour, Inset insetAt) {
    const float top = std::round(y0);
    const float bottom = std::round(y1);
    if (bottom <= top) return;
    const int n = std::max(1, static_cast<int>(std::ceil((bottom - top) / kStrip)));
    float ya = top;
    float ia = insetAt(ya);
    for (int i = 1; i <= n; ++i) {
        const float yb = std::min(bottom, top + kStrip * static_cast<float>(i));
        const float ib = insetAt(yb);
        list->AddQuadFilled(ImVec2(left + ia, ya), ImVec2(right - ia, ya), ImVec2(right - ib, yb),
                            ImVec2(left + ib, yb), colour);
        ya = yb;
        ia = ib;
    }
}

}  // namespace

void fillCircle(ImDrawList* list, ImVec2 c, float r, ImU32 colour) {
    if (r <= 0.0f) return;
    if (r < 6.0f) {
        // Too small for the fan to cost anything.
        list->AddCircleFilled(c, r, colour);
        return;
    }
    {
        const NoFillAntiAliasing plain(list);
        const float inner = r - 0.5f;
        strips(list, c.x - inner, c.x + inner, c.y - inner, c.y + inner, colour, [&](float y) {
            const float dy = y - c.y;
            return inner - std::sqrt(std::max(0.0f, inner * inner - dy * dy));
        });
    }
    list->AddCircle(c, r - 0.5f, colour, 0, 1.0f);
}

void fillRoundedRect(ImDrawList* list, ImVec2 min, ImVec2 max, ImU32 colour, float rounding) {
    const float w = max.x - min.x;
    const float h = max.y - min.y;
    if (w <= 0.0f || h <= 0.0f) return;
    const float r = std::min({rounding, w * 0.5f, h * 0.5f});
    if (r < 1.0f) {
        list->AddRectFilled(min, max, colour);
        return;
    }
    {
        const NoFillAntiAliasing plain(list);
        const float in = 0.5f;  // the outline draws the outermost half pixel
        const ImVec2 a(min.x + in, min.y + in);
        const ImVec2 b(max.x - in, max.y - in);
        const float rr = r - in;
        const float topEnd = std::round(a.y + rr);
        const float bottomStart = std::max(topEnd, std::round(b.y - rr));
        strips(list, a.x, b.x, a.y, topEnd, colour, [&](float y) { return cornerInset(rr, y - a.y); });
        if (bottomStart > topEnd) list->AddRectFilled(ImVec2(a.x, topEnd), ImVec2(b.x, bottomStart), colour);
        strips(list, a.x, b.x, bottomStart, b.y, colour, [&](float y) { return cornerInset(rr, b.y - y); });
    }
    list->AddRect(ImVec2(min.x + 0.5f, min.y + 0.5f), ImVec2(max.x - 0.5f, max.y - 0.5f), colour, r, 0, 1.0f);
}

}  // namespace fangsiang::ui
