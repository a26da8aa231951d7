#pragma once
// Every widget on a few screens, in Thai or English and in any theme. The
// gallery program saves them as PNG for people to look at; the rendering
// test compares one against a committed golden image; the benchmark times
// the text-heavy one.

#include "ui/context.hpp"
#include "ui/keyboard.hpp"
#include "ui/text_edit.hpp"
#include "ui/widgets.hpp"

#include <cstddef>
#include <string_view>

namespace fangsiang::ui {

enum class GalleryPage { Home, Survey, Form, List, Specimen, Text };
inline constexpr GalleryPage kGalleryPages[] = {GalleryPage::Home, GalleryPage::Survey, GalleryPage::Form,
                                                 GalleryPage::List, GalleryPage::Specimen, GalleryPage::Text};
[[nodiscard]] std::string_view galleryPageName(GalleryPage page);

struct GalleryState {
    int rating = 4;
    int chip = 1;
    int step = 1;
    TouchListState list;
    TextEditBuffer field{120};
    bool fieldFocused = true;
    KeyboardState keyboard;
    bool dialogOpen = true;
    Toast toast;
    double idleDeadline = 0.0;  // ImGui time; 0 hides the countdown banner
    // Draws the specimen's word ปู่ from unshaped code points, as plain ImGui
    // would: the rendering test proves its comparison notices.
    bool breakShapingForTest = false;
    // Glyphs (code points drawn, spaces excluded) on the text page's last
    // frame, for the benchmark's report.
    std::size_t textGlyphs = 0;
};

// Fills the display with one gallery page. Call between ImGui::NewFrame()
// and ImGui::Render().
void drawGallery(Context& ui, GalleryState& state, GalleryPage page);

// The fixed contents a gallery shot shows: a typed field, a toast, a
// countdown. `now` is ImGui time.
void prepareGalleryShot(GalleryState& state, GalleryPage page, core::Language language, double now);

}  // namespace fangsiang::ui
