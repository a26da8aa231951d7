#include "hub/keywords.hpp"

#include <algorithm>
#include <cmath>

namespace fangsiang::hub {

namespace thai = core::thai;

namespace {

constexpr std::size_t kMaxPhraseWords = 2;

struct Token {
    std::string text;
    bool thai = false;
    bool kept = false;
};

bool isLatinLetterOrDigit(char32_t cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
}

// A Thai word is a word when it has a consonant: not a lone ๆ, ฯ or a digit.
bool hasConsonant(std::u32string_view word) {
    return std::any_of(word.begin(), word.end(), [](char32_t cp) { return cp >= 0x0E01 && cp <= 0x0E2E; });
}

bool isNumber(std::u32string_view word) {
    return std::all_of(word.begin(), word.end(),
                       [](char32_t cp) { return (cp >= '0' && cp <= '9') || thai::isThaiDigit(cp); });
}

void addOnce(std::vector<std::string>& out, std::set<std::string, std::less<>>& seen, std::string term) {
    if (seen.insert(term).second)
        out.push_back(std::move(term));
}

}  // namespace

std::vector<std::string> readWordList(std::string_view text) {
    std::vector<std::string> words;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        if (!line.empty() && line.front() != '#')
            words.emplace_back(line);
    }
    return words;
}

core::Result<TermExtractor> TermExtractor::create(std::string_view stopWords, const std::vector<std::string>& words) {
    std::vector<std::string> normalised;
    normalised.reserve(words.size());
    for (const auto& word : words)
        normalised.push_back(thai::normalizeForSearch(word));
    TermExtractor extractor(TRY(thai::WordBreaker::create(normalised)));
    for (const auto& word : readWordList(stopWords))
        extractor.m_stopWords.insert(thai::normalizeForSearch(word));
    return extractor;
}

std::vector<std::string> TermExtractor::terms(std::string_view text) const {
    // Tokens in order, with what separates them: a token that is not kept
    // (a stop word, a number, a mark) or a gap ends a phrase.
    std::vector<Token> tokens;
    const std::u32string cps = thai::decodeUtf8(thai::normalizeForSearch(text));
    std::u32string latin;
    auto endLatin = [&] {
        if (latin.empty())
            return;
        Token t{thai::encodeUtf8(latin), false, false};
        t.kept = latin.size() >= 2 && !isNumber(latin) && !m_stopWords.contains(t.text);
        tokens.push_back(std::move(t));
        latin.clear();
    };
    auto gap = [&] {
        endLatin();
        if (!tokens.empty() && tokens.back().kept)
            tokens.push_back(Token{});
    };
    std::vector<std::size_t> breaks;
    thai::forEachThaiRun(
        cps,
        [&](std::size_t, std::u32string_view run) {
            endLatin();
            breaks.clear();
            m_breaker.findBreaks(run, breaks);
            breaks.push_back(run.size());
            std::size_t from = 0;
            for (std::size_t to : breaks) {
                const auto word = run.substr(from, to - from);
                from = to;
                Token t{thai::encodeUtf8(word), true, false};
                t.kept = hasConsonant(word) && !m_stopWords.contains(t.text);
                tokens.push_back(std::move(t));
            }
        },
        [&](std::size_t i) {
            char32_t cp = cps[i];
            if (isLatinLetterOrDigit(cp)) {
                if (cp >= 'A' && cp <= 'Z')
                    cp += 'a' - 'A';
                latin.push_back(cp);
            } else {
                gap();
            }
        });
    endLatin();

    std::vector<std::string> out;
    std::set<std::string, std::less<>> seen;
    for (const auto& t : tokens)
        if (t.kept)
            addOnce(out, seen, t.text);
    // Phrases: two kept words side by side.
    for (std::size_t length = 2; length <= kMaxPhraseWords; ++length)
        for (std::size_t i = 0; i + length <= tokens.size(); ++i) {
            std::string phrase = tokens[i].text;
            bool whole = tokens[i].kept;
            for (std::size_t k = i + 1; whole && k < i + length; ++k) {
                whole = tokens[k].kept;
                phrase += (tokens[k - 1].thai && tokens[k].thai ? "" : " ") + tokens[k].text;
            }
            if (whole)
                addOnce(out, seen, std::move(phrase));
        }
    return out;
}

void TermCounts::add(const std::vector<std::string>& termsOfOneText) {
    ++total;
    for (const auto& term : termsOfOneText)
        ++documents[term];
}

std::uint64_t TermCounts::of(std::string_view term) const {
    auto found = documents.find(term);
    return found == documents.end() ? 0 : found->second;
}

namespace {

// Leaves out each term that a longer term in `terms` contains and that was
// used by exactly as many texts (`same`): "ท่วม" when every text with it
// says "น้ำท่วมขัง". Keeps at most `limit` terms, the first in order, and
// looks no further once it has them: a text's terms all share one count,
// and comparing each with every other is quadratic in them.
template <typename T, typename Same>
void dropSubterms(std::vector<T>& terms, Same same, std::size_t limit = static_cast<std::size_t>(-1)) {
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < terms.size() && keep.size() < limit; ++i) {
        bool inside = false;
        for (std::size_t j = 0; j < terms.size() && !inside; ++j)
            inside = j != i && terms[j].term.size() > terms[i].term.size() &&
                     terms[j].term.find(terms[i].term) != std::string::npos && same(terms[i], terms[j]);
        if (!inside)
            keep.push_back(i);
    }
    std::vector<T> kept;
    kept.reserve(keep.size());
    for (const std::size_t i : keep)
        kept.push_back(std::move(terms[i]));
    terms = std::move(kept);
}

}  // namespace

std::vector<TermCount> topTerms(const TermCounts& counts, std::size_t n) {
    std::vector<TermCount> all;
    all.reserve(counts.documents.size());
    for (const auto& [term, documents] : counts.documents)
        all.push_back({term, documents});
    std::sort(all.begin(), all.end(), [](const TermCount& a, const TermCount& b) {
        return a.documents != b.documents ? a.documents > b.documents : a.term < b.term;
    });
    // Terms used by the same number of texts, most first; within each such
    // group a term inside a longer one of the group is left out.
    std::vector<TermCount> top;
    for (std::size_t i = 0; i < all.size() && top.size() < n;) {
        std::size_t j = i;
        while (j < all.size() && all[j].documents == all[i].documents)
            ++j;
        std::vector<TermCount> group(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(i)),
                                     std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(j)));
        dropSubterms(group, [](const TermCount&, const TermCount&) { return true; }, n - top.size());
        for (auto& t : group)
            top.push_back(std::move(t));
        i = j;
    }
    return top;
}

double logLikelihoodRatio(std::uint64_t a, std::uint64_t n1, std::uint64_t c, std::uint64_t n2) {
    const double N = static_cast<double>(n1 + n2);
    if (N == 0 || a > n1 || c > n2)
        return 0;
    const double cells[2][2] = {{static_cast<double>(a), static_cast<double>(n1 - a)},
                                {static_cast<double>(c), static_cast<double>(n2 - c)}};
    const double rows[2] = {static_cast<double>(n1), static_cast<double>(n2)};
    const double cols[2] = {static_cast<double>(a + c), N - static_cast<double>(a + c)};
    double g2 = 0;
    for (int r = 0; r < 2; ++r)
        for (int k = 0; k < 2; ++k) {
            const double observed = cells[r][k];
            if (observed > 0)
                g2 += observed * std::log(observed / (rows[r] * cols[k] / N));
        }
    return 2 * g2;
}

std::vector<RisingTerm> risingTerms(const TermCounts& now, const TermCounts& baseline, const RisingOptions& options) {
    std::vector<RisingTerm> rising;
    if (now.total == 0)
        return rising;
    for (const auto& [term, a] : now.documents) {
        if (a < options.minCount)
            continue;
        const std::uint64_t c = baseline.of(term);
        // Shares smoothed by half a text, so a term new this period has a
        // finite ratio.
        const double shareNow = (static_cast<double>(a) + 0.5) / (static_cast<double>(now.total) + 1);
        const double shareBefore = (static_cast<double>(c) + 0.5) / (static_cast<double>(baseline.total) + 1);
        const double ratio = shareNow / shareBefore;
        if (ratio < options.minRatio)
            continue;
        const double g2 = logLikelihoodRatio(a, now.total, c, baseline.total);
        if (g2 < options.minG2)
            continue;
        rising.push_back({term, a, c, ratio, g2});
    }
    dropSubterms(rising, [](const RisingTerm& a, const RisingTerm& b) { return a.now == b.now && a.baseline == b.baseline; });
    std::sort(rising.begin(), rising.end(), [](const RisingTerm& x, const RisingTerm& y) {
        return x.g2 != y.g2 ? x.g2 > y.g2 : x.term < y.term;
    });
    return rising;
}

}  // namespace fangsiang::hub
