// An enumerator that never stops, for the field power-cut test. It runs a
// field session of the buyer survey over the store and the drafts file in
// <data folder>: at start it settles the drafts and resumes the newest one,
// then interviews respondent after respondent. Only after each call into
// the flow has returned (and so the draft or the record is on disk) it
// writes one line to stdout:
//   resumed <interview> <answers>   a draft resumed at start, with its answers
//   answered <interview> <answers>  the draft now holds this many answers
//   signed <interview>              the interview's record is in the store
// The test kills it with SIGKILL at random moments.
//
// usage: field_writer <data folder> <assets folder>

#include "field_support.hpp"
#include "test_support.hpp"

#include <unistd.h>

#include <cstdio>

using namespace fangsiang;
using namespace fangsiang::kiosk;

static void report(const std::string& line) {
    // write(2), not stdio: nothing may sit in a buffer when the process dies.
    const std::string text = line + "\n";
    if (::write(STDOUT_FILENO, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        _exit(3);
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: field_writer <data folder> <assets folder>\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const core::DeviceIdentity identity = test::seededIdentity(9);
    const core::SurveyDefinition buyer = test::buyerSurvey(argv[2]);
    auto store = Store::open(dir / "records.db");
    auto drafts = DraftStore::open(dir);
    if (!store || !drafts) {
        std::fprintf(stderr, "field_writer: %s\n", (!store ? store.error() : drafts.error()).message.c_str());
        return 1;
    }
    if (auto settled = drafts->settle(*store); !settled) {
        std::fprintf(stderr, "field_writer: %s\n", settled.error().message.c_str());
        return 1;
    }
    std::int64_t now = test::kTestTimeMs;
    FieldStoreBackend backend(*store, identity, [&now] { return now; });
    FieldFlow flow({&buyer}, {{"somsri", "สมศรี ใจงาม"}}, backend, *drafts, DisplaySettings{}, ++now);

    auto answers = [&] { return std::to_string(countAnswers(flow.answers()->answersJson())); };
    int respondent = 0;
    if (!flow.drafts().empty()) {
        flow.openDrafts(++now);
        const std::string id = flow.drafts().front().id;
        flow.resumeDraft(id, ++now);
        if (flow.screen() != FieldScreen::Question)
            return 4;
        report("resumed " + id + " " + answers());
    } else {
        flow.chooseEnumerator("somsri", ++now);
        flow.chooseSurvey("product-buyer", ++now);
        test::chooseSundayMarket(flow, ++now);
    }
    while (true) {
        if (flow.screen() != FieldScreen::Question) {
            flow.startRespondent(++now);
            flow.consent(true, ++now);
        }
        const std::string id = flow.interviewId();
        while (flow.screen() == FieldScreen::Question) {
            const bool last = flow.onLastQuestion();
            const core::Question* q = flow.currentQuestion();
            core::Answer a = test::someAnswer(*q, respondent);
            if (!std::holds_alternative<std::monostate>(a)) {
                flow.answer(std::move(a), ++now);
                report("answered " + id + " " + answers());
            }
            flow.next(++now);
            if (last && flow.screen() == FieldScreen::Submitted)
                report("signed " + id);
        }
        if (flow.screen() != FieldScreen::Submitted)
            return 5;  // refused: the test sees the exit status
        ++respondent;
    }
}
