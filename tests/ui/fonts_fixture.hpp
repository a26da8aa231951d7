#pragma once
// One font atlas for a whole test program: the default fonts from
// fonts-thai-tlwg, baked at scale 1, and libthai's word breaker. No window.

#include "ui/fonts.hpp"
#include "ui/thai.hpp"

#include <imgui.h>

#include <optional>
#include <stdexcept>

namespace fangsiang::test {

struct Fonts {
    ImFontAtlas atlas;
    ui::FontSet set;
    std::optional<ui::thai::WordBreaker> breaker;

    Fonts() {
        auto loaded = ui::loadFonts(atlas, ui::FontConfig{});
        if (!loaded) throw std::runtime_error(loaded.error().describe());
        set = std::move(loaded).value();
        auto made = ui::thai::WordBreaker::create();
        if (!made) throw std::runtime_error(made.error().describe());
        breaker.emplace(std::move(made).value());
    }

    static Fonts& get() {
        static Fonts fonts;
        return fonts;
    }
};

}  // namespace fangsiang::test
