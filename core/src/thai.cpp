#include "core/thai.hpp"

#include <thai/thbrk.h>
#include <thai/thcell.h>
#include <thai/thstr.h>
#include <thai/thwbrk.h>
#include <thai/thwchar.h>

#include <datrie/trie.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace fangsiang::core::thai {

static_assert(sizeof(thchar_t) == sizeof(unsigned char));

// [SECTION] UTF-8 <-> UTF-32

std::u32string decodeUtf8(std::string_view text, std::vector<std::size_t>* byteOffsets) {
    std::u32string out;
    out.reserve(text.size());
    if (byteOffsets != nullptr) {
        byteOffsets->clear();
        byteOffsets->reserve(text.size() + 1);
    }
    std::size_t i = 0;
    while (i < text.size()) {
        if (byteOffsets != nullptr) byteOffsets->push_back(i);
        const auto b0 = static_cast<unsigned char>(text[i]);
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        std::size_t len = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
        else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
        else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
        bool good = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; good && k < len; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            good = (b & 0xC0) == 0x80;
            cp = (cp << 6) | (b & 0x3F);
        }
        good = good && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (good) {
            out.push_back(cp);
            i += len;
        } else {
            out.push_back(0xFFFD);
            ++i;
        }
    }
    if (byteOffsets != nullptr) byteOffsets->push_back(text.size());
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encodeUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (const char32_t cp : text) appendUtf8(out, cp);
    return out;
}

// [SECTION] Classes

Script scriptOf(char32_t cp) {
    if (cp == U' ' || cp == U'\t' || cp == 0x00A0 || cp == 0x3000) return Script::Space;
    if ((cp >= U'0' && cp <= U'9') || isThaiDigit(cp)) return Script::Digit;
    if (isThaiBlock(cp)) return Script::Thai;
    if ((cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') ||
        (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7))
        return Script::Latin;
    return Script::Other;
}

// [SECTION] TIS-620 runs

bool isTisThai(char32_t cp) {
    return isThaiBlock(cp) && th_uni2tis(static_cast<thwchar_t>(cp)) != THCHAR_ERR &&
           th_uni2tis(static_cast<thwchar_t>(cp)) >= 0xA1;
}

std::size_t thaiRunEnd(std::u32string_view text, std::size_t from) {
    std::size_t end = from;
    while (end < text.size() && isTisThai(text[end])) ++end;
    return end;
}

std::basic_string<unsigned char> toTis620(std::u32string_view run) {
    std::basic_string<unsigned char> tis;
    tis.reserve(run.size());
    for (const char32_t cp : run) tis.push_back(th_uni2tis(static_cast<thwchar_t>(cp)));
    return tis;
}

// [SECTION] Cells

std::vector<std::size_t> cellBoundaries(std::u32string_view text) {
    std::vector<std::size_t> bounds;
    bounds.reserve(text.size() + 1);
    bounds.push_back(0);
    forEachThaiRun(
        text,
        [&](std::size_t start, std::u32string_view run) {
            const auto tis = toTis620(run);
            std::size_t pos = 0;
            while (pos < tis.size()) {
                thcell_t cell;
                const std::size_t used = th_next_cell(tis.c_str() + pos, tis.size() - pos, &cell, 1);
                pos += std::max<std::size_t>(used, 1);
                bounds.push_back(start + pos);
            }
        },
        [&](std::size_t index) { bounds.push_back(index + 1); });
    return bounds;
}

// [SECTION] Normalisation for search

namespace {

// Nikhahit (+ tone) + sara aa, which is how ำ looks when typed in pieces,
// and tone + nikhahit + sara aa, folded to (tone +) sara am.
std::u32string foldSaraAm(std::u32string_view run) {
    std::u32string folded;
    folded.reserve(run.size());
    for (std::size_t k = 0; k < run.size(); ++k) {
        if (run[k] == 0x0E4D) {
            if (k + 1 < run.size() && run[k + 1] == 0x0E32) {
                folded.push_back(0x0E33);
                ++k;
                continue;
            }
            if (k + 2 < run.size() && isThaiTone(run[k + 1]) && run[k + 2] == 0x0E32) {
                folded.push_back(run[k + 1]);
                folded.push_back(0x0E33);
                k += 2;
                continue;
            }
        }
        // The same with the tone typed first: tone + nikhahit + sara aa.
        if (isThaiTone(run[k]) && k + 2 < run.size() && run[k + 1] == 0x0E4D &&
            run[k + 2] == 0x0E32) {
            folded.push_back(run[k]);
            folded.push_back(0x0E33);
            k += 2;
            continue;
        }
        folded.push_back(run[k]);
    }
    return folded;
}

}  // namespace

std::string normalizeForSearch(std::string_view text) {
    const std::u32string in = decodeUtf8(text);
    std::u32string out;
    out.reserve(in.size());
    forEachThaiRun(
        in,
        [&](std::size_t, std::u32string_view run) {
            // Fold before th_normalize so it sees the composed sara am.
            const auto tis = toTis620(foldSaraAm(run));
            std::basic_string<thchar_t> norm(tis.size() + 1, 0);
            const std::size_t n = th_normalize(norm.data(), tis.c_str(), norm.size());
            for (std::size_t k = 0; k < n && norm[k] != 0; ++k)
                out.push_back(static_cast<char32_t>(th_tis2uni(norm[k])));
        },
        [&](std::size_t index) { out.push_back(in[index]); });
    return encodeUtf8(out);
}

// [SECTION] Word breaking

void WordBreaker::Deleter::operator()(ThBrk* brk) const { th_brk_delete(brk); }

Result<WordBreaker> WordBreaker::create() {
    ThBrk* brk = th_brk_new(nullptr);
    if (brk == nullptr)
        return makeError(ErrorCode::NotFound,
                                "libthai could not load its word-break dictionary; "
                                "install the Debian package libthai-data");
    return WordBreaker(brk);
}

namespace {

struct TrieDeleter {
    void operator()(Trie* trie) const { trie_free(trie); }
};

// Where libthai keeps its dictionary: $LIBTHAI_DICTDIR as libthai reads
// it, else Debian's place.
std::string systemDictionary() {
    const char* dir = std::getenv("LIBTHAI_DICTDIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/usr/share/libthai") + "/thbrk.tri";
}

}  // namespace

Result<WordBreaker> WordBreaker::create(const std::vector<std::string>& extraWords) {
    if (extraWords.empty())
        return create();
    if (extraWords.size() > kMaxExtraWords)
        return makeError(ErrorCode::TooLarge, "more than " + std::to_string(kMaxExtraWords) + " words of the office's own");
    const std::string dictionary = systemDictionary();
    std::unique_ptr<Trie, TrieDeleter> trie(trie_new_from_file(dictionary.c_str()));
    if (!trie)
        return makeError(ErrorCode::NotFound, "libthai's word-break dictionary " + dictionary +
                                                  " could not be read; install the Debian package libthai-data");
    for (const auto& word : extraWords) {
        const std::u32string cps = decodeUtf8(word);
        if (cps.empty() || cps.size() > kMaxExtraWordLength || thaiRunEnd(cps, 0) != cps.size())
            return makeError(ErrorCode::InvalidArgument, "\"" + word.substr(0, 4 * kMaxExtraWordLength) +
                                                             "\" is not a word of Thai letters (at most " +
                                                             std::to_string(kMaxExtraWordLength) + ")");
        std::vector<AlphaChar> key(cps.begin(), cps.end());
        key.push_back(0);
        if (!trie_store(trie.get(), key.data(), 1))
            return makeError(ErrorCode::InvalidArgument, "\"" + word + "\" could not be added to the dictionary");
    }
    const char* tmp = std::getenv("TMPDIR");
    std::string path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/fangsiang-words-XXXXXX";
    const int fd = ::mkstemp(path.data());  // 0600, a name nobody else holds
    if (fd < 0)
        return makeError(ErrorCode::Io, "could not make a temporary file for the office's dictionary");
    ::close(fd);
    const bool saved = trie_save(trie.get(), path.c_str()) == 0;
    ThBrk* brk = saved ? th_brk_new(path.c_str()) : nullptr;
    ::unlink(path.c_str());
    if (brk == nullptr)
        return makeError(ErrorCode::Io, "the office's dictionary could not be written or loaded from " + path);
    return WordBreaker(brk);
}

WordBreaker::~WordBreaker() = default;

void WordBreaker::findBreaks(std::u32string_view thaiRun, std::vector<std::size_t>& out) const {
    if (thaiRun.size() < 2) return;
    std::wstring wide(thaiRun.begin(), thaiRun.end());
    std::vector<int> pos(thaiRun.size() + 1);
    const int n = th_brk_wc_find_breaks(m_brk.get(), wide.c_str(), pos.data(), pos.size());
    for (int k = 0; k < n; ++k) {
        const int p = pos[static_cast<std::size_t>(k)];
        if (p > 0 && static_cast<std::size_t>(p) < thaiRun.size()) out.push_back(static_cast<std::size_t>(p));
    }
}

}  // namespace fangsiang::core::thai
