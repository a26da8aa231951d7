#pragma once
// Filled shapes that SDL's software renderer can afford. It rasterises each
// triangle by scanning the triangle's whole bounding box, and ImGui fills a
// rounded rectangle or a circle as a fan whose every triangle spans the
// shape, so a large tile costs its area twenty times over. These fill the
// inside with horizontal strips (about twice the area in all) and leave the
// smooth edge to a one-pixel anti-aliased outline.

#include <imgui.h>

namespace fangsiang::ui {

void fillCircle(ImDrawList* list, ImVec2 centre, float radius, ImU32 colour);
void fillRoundedRect(ImDrawList* list, ImVec2 min, ImVec2 max, ImU32 colour, float rounding);

}  // namespace fangsiang::ui
