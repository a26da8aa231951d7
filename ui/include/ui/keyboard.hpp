#pragma once
// The on-screen keyboard: Thai Kedmanee with its shift layer, English
// QWERTY, and a digit pad for phone and ticket numbers, switched with one
// key. Keys feed a TextEditBuffer, so every Thai key passes libthai's input
// check. Geometry fits 800x480 with every key at least 48 px.

#include "ui/context.hpp"
#include "ui/text_edit.hpp"

#include <imgui.h>

#include <span>
#include <string>
#include <vector>

namespace fangsiang::ui {

enum class KeyboardLayout { Thai, English, Digits };

enum class KeyKind { Character, Shift, Backspace, Space, Switch, Done };

struct Key {
    KeyKind kind = KeyKind::Character;
    char32_t character = 0;  // for KeyKind::Character
    std::string label;       // UTF-8, as typed (drawing shapes it)
    float width = 1.0f;      // in key units
};

using KeyRow = std::vector<Key>;

// The rows of a layout's layer, top to bottom, the last being the control row.
[[nodiscard]] std::span<const KeyRow> keyboardRows(KeyboardLayout layout, bool shift);

enum class KeyboardAction { None, Typed, Refused, Done };

// A laid-out key, in screen pixels; exposed so tests can check geometry.
struct KeyRect {
    const Key* key = nullptr;
    ImVec2 min;
    ImVec2 max;
};
// Fills `out` (cleared first; its capacity is reused, so a drawn keyboard
// allocates nothing per frame).
void keyboardGeometry(KeyboardLayout layout, bool shift, ImVec2 origin, ImVec2 size, float gap,
                      std::vector<KeyRect>& out);

struct KeyboardState {
    KeyboardLayout layout = KeyboardLayout::Thai;
    bool shift = false;  // one key, then back, as on a phone
    std::vector<KeyRect> keys;  // scratch for the widget
};

// The keyboard's height for the full window width at the context's scale.
[[nodiscard]] float keyboardHeight(const Context& ui);

// Draws the keyboard in a box of `size` at the cursor and applies a tapped
// key to `buffer`. Returns what happened this frame.
KeyboardAction onScreenKeyboard(Context& ui, const char* id, KeyboardState& state, TextEditBuffer& buffer,
                                ImVec2 size);

}  // namespace fangsiang::ui
