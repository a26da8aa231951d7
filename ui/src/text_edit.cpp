#include "ui/text_edit.hpp"

#include "ui/thai.hpp"

#include <thai/thcell.h>
#include <thai/thinp.h>
#include <thai/thwchar.h>

#include <algorithm>

namespace fangsiang::ui {

namespace {

thchar_t toTisOrZero(char32_t cp) {
    const thchar_t c = th_uni2tis(static_cast<thwchar_t>(cp));
    return c == THCHAR_ERR ? 0 : c;
}

// The cell that ends at `pos`, as libthai's input check wants it. Text before
// the cell does not matter, so only the last few code points are converted.
thcell_t contextCell(const std::u32string& text, std::size_t pos) {
    thcell_t cell;
    th_init_cell(&cell);
    if (pos == 0) return cell;
    const std::size_t from = pos > 4 ? pos - 4 : 0;
    std::basic_string<thchar_t> tis;
    for (std::size_t i = from; i < pos; ++i) {
        const thchar_t c = toTisOrZero(text[i]);
        // A code point TIS-620 cannot hold is a base of its own: the check
        // then treats the new character as starting a fresh cell.
        tis.push_back(c == 0 ? thchar_t{'A'} : c);
    }
    th_prev_cell(tis.c_str(), tis.size(), &cell, 1);
    return cell;
}

}  // namespace

EditResult TextEditBuffer::insert(char32_t cp) {
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp > 0x10FFFF || cp == 0xFFFD)
        return EditResult::Ignored;

    std::u32string replacement(1, cp);
    std::size_t erase = 0;
    const thchar_t tis = thai::isThaiBlock(cp) ? toTisOrZero(cp) : 0;
    if (tis >= 0xA1) {
        thinpconv_t conv{};
        if (!th_validate_leveled(contextCell(m_text, m_caret), tis, &conv, ISC_STRICT))
            return EditResult::Refused;
        erase = static_cast<std::size_t>(-std::min(conv.offset, 0));
        if (erase > m_caret) return EditResult::Refused;
        replacement.clear();
        for (const thchar_t* c = conv.conv; *c != 0 && c < conv.conv + sizeof(conv.conv); ++c)
            replacement.push_back(static_cast<char32_t>(th_tis2uni(*c)));
        if (replacement.empty()) return EditResult::Refused;
    }
    if (m_text.size() - erase + replacement.size() > m_max) return EditResult::TooLong;

    const bool corrected = erase != 0 || replacement != std::u32string(1, cp);
    m_text.replace(m_caret - erase, erase, replacement);
    m_caret = m_caret - erase + replacement.size();
    changed();
    return corrected ? EditResult::Corrected : EditResult::Inserted;
}

EditResult TextEditBuffer::insertUtf8(std::string_view text) {
    EditResult last = EditResult::Ignored;
    for (const char32_t cp : thai::decodeUtf8(text)) {
        const EditResult r = insert(cp);
        if (r == EditResult::TooLong) return r;
        if (r != EditResult::Ignored) last = r;
    }
    return last;
}

bool TextEditBuffer::backspace() {
    if (m_caret == 0) return false;
    const auto bounds = thai::cellBoundaries(m_text);
    auto it = std::lower_bound(bounds.begin(), bounds.end(), m_caret);
    const std::size_t from = it == bounds.begin() ? 0 : *std::prev(it);
    m_text.erase(from, m_caret - from);
    m_caret = from;
    changed();
    return true;
}

void TextEditBuffer::moveLeft() {
    if (m_caret == 0) return;
    const auto bounds = thai::cellBoundaries(m_text);
    auto it = std::lower_bound(bounds.begin(), bounds.end(), m_caret);
    m_caret = it == bounds.begin() ? 0 : *std::prev(it);
    ++m_revision;
}

void TextEditBuffer::moveRight() {
    if (m_caret >= m_text.size()) return;
    const auto bounds = thai::cellBoundaries(m_text);
    auto it = std::upper_bound(bounds.begin(), bounds.end(), m_caret);
    m_caret = it == bounds.end() ? m_text.size() : *it;
    ++m_revision;
}

void TextEditBuffer::moveTo(std::size_t pos) {
    pos = std::min(pos, m_text.size());
    if (pos != 0 && pos != m_text.size()) {
        const auto bounds = thai::cellBoundaries(m_text);
        pos = *std::prev(std::upper_bound(bounds.begin(), bounds.end(), pos));
    }
    if (pos == m_caret) return;
    m_caret = pos;
    ++m_revision;
}

void TextEditBuffer::clear() {
    m_text.clear();
    m_caret = 0;
    changed();
}

void TextEditBuffer::changed() {
    m_utf8 = thai::encodeUtf8(m_text);
    ++m_revision;
}

}  // namespace fangsiang::ui
