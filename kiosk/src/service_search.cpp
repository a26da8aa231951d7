#include "kiosk/service_search.hpp"

#include <algorithm>

namespace fangsiang::kiosk {

namespace {

char32_t foldCase(char32_t cp) {
    if (cp >= U'A' && cp <= U'Z')
        return cp - U'A' + U'a';
    return cp;
}

bool isWordChar(char32_t cp) {
    return (cp >= U'a' && cp <= U'z') || (cp >= U'0' && cp <= U'9') || core::thai::isThaiDigit(cp) ||
           (cp >= 0x00C0 && cp <= 0x024F && cp != 0x00D7 && cp != 0x00F7);
}

// Normalised, case-folded text with every separator made a single space.
std::string normalisedText(std::string_view text) {
    std::u32string cps = core::thai::decodeUtf8(core::thai::normalizeForSearch(text));
    std::u32string out;
    out.reserve(cps.size());
    for (char32_t cp : cps) {
        cp = foldCase(cp);
        if (core::thai::isTisThai(cp) || isWordChar(cp))
            out.push_back(cp);
        else if (!out.empty() && out.back() != U' ')
            out.push_back(U' ');
    }
    return core::thai::encodeUtf8(out);
}

bool anyHasPrefix(const std::vector<std::string>& words, std::string_view prefix) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return w.starts_with(prefix); });
}

std::string withoutSpaces(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != ' ')
            out.push_back(c);
    return out;
}

void append(std::vector<std::string>& to, std::vector<std::string> more) {
    to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace

std::vector<std::string> searchWords(std::string_view text, const core::thai::WordBreaker& breaker) {
    const std::u32string cps = core::thai::decodeUtf8(normalisedText(text));
    std::vector<std::string> words;
    std::vector<std::size_t> breaks;
    std::size_t i = 0;
    while (i < cps.size()) {
        if (core::thai::isTisThai(cps[i])) {
            const std::size_t end = core::thai::thaiRunEnd(cps, i);
            const std::u32string_view run(cps.data() + i, end - i);
            breaks.clear();
            breaker.findBreaks(run, breaks);
            std::size_t from = 0;
            breaks.push_back(run.size());
            for (std::size_t to : breaks) {
                if (to > from)
                    words.push_back(core::thai::encodeUtf8(run.substr(from, to - from)));
                from = to;
            }
            i = end;
        } else if (isWordChar(cps[i])) {
            std::size_t end = i;
            while (end < cps.size() && isWordChar(cps[end]))
                ++end;
            words.push_back(core::thai::encodeUtf8(std::u32string_view(cps.data() + i, end - i)));
            i = end;
        } else {
            ++i;
        }
    }
    return words;
}

core::Result<ServiceSearch> ServiceSearch::build(const core::Catalogue& catalogue) {
    ServiceSearch search(TRY(core::thai::WordBreaker::create()));
    for (const auto& service : catalogue.services()) {
        Entry e;
        e.service = &service;
        for (const std::string* text : {&service.name.th, &service.name.en}) {
            append(e.nameWords, searchWords(*text, search.m_breaker));
            e.nameText += normalisedText(*text) + " ";
        }
        for (const auto& list : {service.keywordsTh, service.keywordsEn})
            for (const auto& keyword : list) {
                append(e.keywordWords, searchWords(keyword, search.m_breaker));
                e.keywordCompact += withoutSpaces(normalisedText(keyword)) + " ";
            }
        e.nameCompact = withoutSpaces(e.nameText);
        append(e.otherWords, searchWords(service.unit.th, search.m_breaker));
        append(e.otherWords, searchWords(service.unit.en, search.m_breaker));
        if (const core::ServiceCategory* category = catalogue.findCategory(service.category)) {
            append(e.otherWords, searchWords(category->name.th, search.m_breaker));
            append(e.otherWords, searchWords(category->name.en, search.m_breaker));
        }
        search.m_entries.push_back(std::move(e));
    }
    return search;
}

std::vector<const core::Service*> ServiceSearch::find(std::string_view query, std::size_t limit) const {
    const std::vector<std::string> words = searchWords(query, m_breaker);
    const std::string whole = normalisedText(query);
    if (words.empty())
        return {};
    // Without spaces, for part-of-word matches in Thai text.
    const std::string compact = withoutSpaces(whole);

    struct Hit {
        int score;
        std::size_t order;
        const core::Service* service;
    };
    std::vector<Hit> hits;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries[i];
        int score = 0;
        bool allWords = true;
        for (const auto& w : words) {
            if (anyHasPrefix(e.nameWords, w))
                score += 4;
            else if (anyHasPrefix(e.keywordWords, w))
                score += 2;
            else if (anyHasPrefix(e.otherWords, w))
                score += 1;
            else
                allWords = false;
        }
        if (!allWords) {
            // A part of a word the dictionary did not split as typed.
            if (compact.size() >= 3 && e.nameCompact.find(compact) != std::string::npos)
                score = 3;
            else if (compact.size() >= 3 && e.keywordCompact.find(compact) != std::string::npos)
                score = 1;
            else
                continue;
        }
        // A name that starts with the query is the best match of all.
        if (e.nameText.starts_with(whole) || e.nameText.find(" " + whole) != std::string::npos)
            score += 2;
        hits.push_back({score, i, e.service});
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
    std::vector<const core::Service*> out;
    for (const auto& h : hits) {
        if (out.size() >= limit)
            break;
        out.push_back(h.service);
    }
    return out;
}

}  // namespace fangsiang::kiosk
