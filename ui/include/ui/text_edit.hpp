#pragma once
// The content of a text field, edited the way Thai is typed: every key goes
// through libthai's input sequence check (WTT 2.0, strict level), so an
// impossible sequence such as two tone marks on one consonant is corrected or
// refused and never stored. The caret sits between cells, and backspace
// removes the cell before it.

#include <cstddef>
#include <string>
#include <string_view>

namespace fangsiang::ui {

enum class EditResult {
    Inserted,   // stored as typed
    Corrected,  // stored in the order Thai requires (ก + ่ + ิ becomes กิ่)
    Refused,    // an impossible sequence; nothing changed
    TooLong,    // the field's length limit; nothing changed
    Ignored,    // a control character or a non-character; nothing changed
};

class TextEditBuffer {
public:
    // maxCodePoints bounds what a citizen can type into one field.
    explicit TextEditBuffer(std::size_t maxCodePoints = 200) : m_max(maxCodePoints) {}

    EditResult insert(char32_t cp);
    // Types a whole UTF-8 string key by key (SDL text input, tests).
    EditResult insertUtf8(std::string_view text);
    // Removes the cell before the caret; false at the start.
    bool backspace();
    void moveLeft();
    void moveRight();
    void moveHome() { moveTo(0); }
    void moveEnd() { moveTo(m_text.size()); }
    // Puts the caret at `pos`, or at the start of the cell `pos` falls in:
    // the caret never sits between a consonant and its marks.
    void moveTo(std::size_t pos);
    void clear();

    [[nodiscard]] const std::string& utf8() const { return m_utf8; }
    [[nodiscard]] const std::u32string& codePoints() const { return m_text; }
    [[nodiscard]] std::size_t caret() const { return m_caret; }  // in code points, on a cell boundary
    [[nodiscard]] std::size_t maxCodePoints() const { return m_max; }
    [[nodiscard]] bool empty() const { return m_text.empty(); }
    // Bumped on every change, so a widget can cache what it derives.
    [[nodiscard]] unsigned revision() const { return m_revision; }

private:
    void changed();

    std::u32string m_text;
    std::string m_utf8;  // kept in step with m_text so drawing never converts
    std::size_t m_caret = 0;
    std::size_t m_max;
    unsigned m_revision = 0;
};

}  // namespace fangsiang::ui
