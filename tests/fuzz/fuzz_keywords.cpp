// A complaint's text or a survey comment, as the hub's keyword figures read
// it: any bytes, with the office's words in the dictionary.
#include "hub/keywords.hpp"

#include <cstdlib>
#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const hub::TermExtractor kTerms = [] {
        auto made = hub::TermExtractor::create("ที่\nและ\nครับ\n", {"หนองบัวแดง", "น้ำท่วมขัง"});
        if (!made)
            std::abort();
        return std::move(made).release();
    }();
    hub::TermCounts counts;
    counts.add(kTerms.terms(std::string_view(reinterpret_cast<const char*>(data), size)));
    (void)hub::topTerms(counts, 10);
    return 0;
}
