#pragma once
// Search of the service catalogue as a citizen types: Thai or English,
// normalised (th_normalize, sara am folded, Latin case folded), matching
// whole words and word prefixes ("ภาษี" finds ภาษีที่ดินและสิ่งปลูกสร้าง,
// "birth" finds Birth registration), and any part of a name as a fallback,
// because a half-typed Thai word is not yet a dictionary word.

#include "core/catalogue.hpp"
#include "core/thai.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::kiosk {

// Normalised, case-folded words of `text`: Thai runs split by the dictionary,
// Latin letters and digits by anything else.
[[nodiscard]] std::vector<std::string> searchWords(std::string_view text, const core::thai::WordBreaker& breaker);

class ServiceSearch {
public:
    // Indexes every service. The catalogue must outlive the index.
    [[nodiscard]] static core::Result<ServiceSearch> build(const core::Catalogue& catalogue);

    // Best matches first: the service's name before its keywords before its
    // unit and category; catalogue order among equals. Empty query: nothing.
    [[nodiscard]] std::vector<const core::Service*> find(std::string_view query, std::size_t limit = 30) const;

private:
    struct Entry {
        const core::Service* service = nullptr;
        std::vector<std::string> nameWords;     // both languages
        std::vector<std::string> keywordWords;
        std::vector<std::string> otherWords;    // unit, category
        std::string nameText;                   // normalised names, space-separated
        std::string nameCompact;                // the same without spaces, for part-of-word matches
        std::string keywordCompact;
    };
    explicit ServiceSearch(core::thai::WordBreaker breaker) : m_breaker(std::move(breaker)) {}
    core::thai::WordBreaker m_breaker;
    std::vector<Entry> m_entries;
};

}  // namespace fangsiang::kiosk
