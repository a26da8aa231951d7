// What citizens talk about: terms from Thai complaint text, the office's own
// words kept whole, and rising terms found on a corpus of 321 fictional
// complaints and comments over twelve weeks (tests/data/listening) with two
// planted rises in the last week, flooding (น้ำท่วมขัง) and a bad smell
// (กลิ่นเหม็น), beside steady topics (waste, street lights, stray dogs, roads)
// and a word used twice (งูเหลือม).

#include "hub/keywords.hpp"
#include "listening_corpus.hpp"

#include "core/files.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace fangsiang;
using namespace fangsiang::hub;

namespace {

std::string readAsset(const std::string& relative) { return test::readSourceFile(relative); }

const std::string& stopWords() {
    static const std::string kText = readAsset("assets/listening/stopwords-th.txt");
    return kText;
}

// The shipped complaint words and `officeWords`.
TermExtractor extractor(const std::vector<std::string>& officeWords = {}) {
    auto words = readWordList(readAsset("assets/listening/words-th.txt"));
    words.insert(words.end(), officeWords.begin(), officeWords.end());
    auto made = TermExtractor::create(stopWords(), words);
    INFO((made ? "" : made.error().message));
    REQUIRE(made.ok());
    return std::move(made).release();
}

bool has(const std::vector<std::string>& terms, std::string_view term) {
    return std::find(terms.begin(), terms.end(), term) != terms.end();
}

using Text = test::CorpusText;

std::vector<Text> corpus() { return test::listeningCorpus(); }

// Counts of the texts of weeks [from, to].
TermCounts countWeeks(const TermExtractor& terms, const std::vector<Text>& texts, int from, int to) {
    TermCounts counts;
    for (const auto& t : texts)
        if (t.week >= from && t.week <= to)
            counts.add(terms.terms(t.text));
    return counts;
}

bool rises(const std::vector<RisingTerm>& rising, std::string_view term) {
    return std::any_of(rising.begin(), rising.end(), [term](const RisingTerm& r) { return r.term == term; });
}

}  // namespace

TEST_CASE("a complaint's terms leave out stop words, numbers and single marks, and keep phrases",
          "[hub][keywords]") {
    const auto terms = extractor().terms("ขอให้ช่วยซ่อมถนนชำรุดหน้าบ้านเลขที่ 45 ด้วยครับ ๆ");
    INFO([&] {
        std::string all;
        for (const auto& t : terms)
            all += t + " | ";
        return all;
    }());
    CHECK(has(terms, "ถนน"));
    CHECK(has(terms, "ชำรุด"));
    CHECK(has(terms, "ถนนชำรุด"));
    CHECK(has(terms, "ซ่อม"));
    for (const char* stop : {"ขอให้", "ช่วย", "ด้วย", "ครับ", "45", "ๆ", "บ้าน"})
        CHECK_FALSE(has(terms, stop));
}

TEST_CASE("a text counts once per term, Latin words in lower case, and a gap ends a phrase", "[hub][keywords]") {
    const auto x = extractor();
    const auto terms = x.terms("ขยะ ขยะ ขยะ WiFi ของสำนักงานใช้ไม่ได้");
    CHECK(std::count(terms.begin(), terms.end(), "ขยะ") == 1);
    CHECK(has(terms, "wifi"));
    CHECK_FALSE(has(terms, "WiFi"));
    CHECK_FALSE(has(terms, "ขยะขยะ"));  // the spaces part them

    TermCounts counts;
    counts.add(terms);
    counts.add(x.terms("ขยะล้นถัง"));
    CHECK(counts.total == 2);
    CHECK(counts.of("ขยะ") == 2);
    CHECK(counts.of("wifi") == 1);
    CHECK(counts.of("ไม่มี") == 0);
}

TEST_CASE("an office's own words, such as its villages, stay whole", "[hub][keywords]") {
    const std::string text = "ไฟดับที่บ้านหนองบัวแดง";
    const auto split = extractor().terms(text);
    CHECK(has(split, "แดง"));
    CHECK_FALSE(has(split, "หนองบัวแดง"));
    const auto terms = extractor({"หนองบัวแดง", "ห้วยทราย"}).terms(text);
    CHECK(has(terms, "หนองบัวแดง"));
    CHECK(has(terms, "ไฟดับ"));
    CHECK_FALSE(has(terms, "แดง"));
    CHECK_FALSE(has(terms, "บัวแดง"));

    auto latin = TermExtractor::create(stopWords(), {"Nong Bua"});
    REQUIRE_FALSE(latin.ok());
    CHECK(latin.error().code == core::ErrorCode::InvalidArgument);
    CHECK_THAT(latin.error().message, Catch::Contains("\"Nong Bua\" is not a word of Thai letters"));
    CHECK_FALSE(TermExtractor::create(stopWords(), {""}).ok());
}

TEST_CASE("top terms leave out a term inside a longer one of the same count, up to the number asked for",
          "[hub][keywords]") {
    TermCounts counts;
    counts.add({"ถนน", "ถนนชำรุด", "ชำรุด", "ไฟดับ", "น้ำ"});
    counts.add({"ถนน", "ถนนชำรุด", "ชำรุด"});
    // Used twice: ชำรุด and ถนน inside ถนนชำรุด; once: ไฟดับ, น้ำ.
    const auto names = [](const std::vector<TermCount>& top) {
        std::vector<std::string> out;
        for (const auto& t : top)
            out.push_back(t.term + "=" + std::to_string(t.documents));
        return out;
    };
    CHECK(names(topTerms(counts, 1)) == std::vector<std::string>{"ถนนชำรุด=2"});
    CHECK(names(topTerms(counts, 2)) == std::vector<std::string>{"ถนนชำรุด=2", "น้ำ=1"});
    CHECK(names(topTerms(counts, 10)) == std::vector<std::string>{"ถนนชำรุด=2", "น้ำ=1", "ไฟดับ=1"});
    // A text's terms all share one count: the first of them, in order, without their parts.
    TermCounts one;
    std::vector<std::string> terms;
    for (int i = 0; i < 2000; ++i)
        terms.push_back("คำ" + std::to_string(1000 + i));
    terms.push_back("คำ");
    one.add(terms);
    CHECK(names(topTerms(one, 2)) == std::vector<std::string>{"คำ1000=1", "คำ1001=1"});
}

TEST_CASE("Dunning's log-likelihood ratio matches the figures computed by hand", "[hub][keywords]") {
    // 20 of 50 against 5 of 500: 2 * sum O ln(O / E) over the 2x2 table,
    // computed separately: 80.0954...
    CHECK(logLikelihoodRatio(20, 50, 5, 500) == Approx(80.0954).epsilon(1e-4));
    // Equal shares: nothing to see.
    CHECK(logLikelihoodRatio(10, 100, 100, 1000) == Approx(0).margin(1e-9));
    CHECK(logLikelihoodRatio(0, 0, 0, 0) == 0);
}

TEST_CASE("on twelve weeks of complaints the planted rises are found and the steady topics are not",
          "[hub][keywords][corpus]") {
    const auto texts = corpus();
    REQUIRE(texts.size() >= 300);
    const auto x = extractor({"หนองบัวแดง", "โนนสะอาด", "ดอนแก้ว", "ห้วยทราย", "โคกสูง", "นาคำ", "ท่าช้าง"});

    const auto now = countWeeks(x, texts, 12, 12);
    const auto baseline = countWeeks(x, texts, 1, 11);
    const auto rising = risingTerms(now, baseline);
    INFO([&] {
        std::string all;
        for (const auto& r : rising)
            all += r.term + " " + std::to_string(r.now) + "/" + std::to_string(r.baseline) + " G2=" +
                   std::to_string(r.g2) + "\n";
        return all;
    }());
    CHECK(rises(rising, "น้ำท่วมขัง"));
    CHECK(rises(rising, "กลิ่นเหม็น"));
    for (const char* steady : {"ขยะ", "ไฟดับ", "สุนัขจรจัด", "ถนนชำรุด", "น้ำประปา"})
        CHECK_FALSE(rises(rising, steady));
    CHECK(now.of("งูเหลือม") == 2);  // งู + เหลือม
    CHECK_FALSE(rises(rising, "งูเหลือม"));  // two texts: under the minimum count
    CHECK(rising.front().term.find("ท่วม") != std::string::npos);

    // A week without a planted rise lights up nothing.
    CHECK(risingTerms(countWeeks(x, texts, 11, 11), countWeeks(x, texts, 1, 10)).empty());

    // Over the twelve weeks, waste is the most talked-about topic.
    const auto top = topTerms(countWeeks(x, texts, 1, 12), 5);
    REQUIRE(top.size() == 5);
    CHECK(top[0].term == "ขยะ");
    CHECK(std::is_sorted(top.begin(), top.end(),
                         [](const TermCount& a, const TermCount& b) { return a.documents > b.documents; }));
}
