#pragma once
// Field survey mode as a state machine: an enumerator collects a survey
// from many respondents in one session. Once per session: who is asking
// (the enumerators configured on the device), which survey (any survey of
// the content) and the session's context (the survey's session questions:
// site, village, producer group). Then, per respondent: a short PDPA
// consent notice, the questions, submit, and one touch to the next
// respondent with the context kept.
//
// Rules it keeps:
//   - every answer is saved at once as a draft (kiosk/drafts.hpp); a draft
//     is never signed or sent, and a submitted interview is signed once;
//   - nothing a respondent gave carries over to the next one: each starts
//     from the survey's defaults, and the screens are told to wipe;
//   - the session's screens show counts (this session, today, waiting,
//     sent, the quotas) and never an earlier respondent's answers.

#include "core/survey.hpp"
#include "core/text_pair.hpp"
#include "kiosk/drafts.hpp"
#include "kiosk/flow.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::kiosk {

enum class FieldScreen {
    Enumerator,  // who is collecting
    Survey,      // which survey
    Context,     // the session's questions, one at a time
    Ready,       // the session: counters, quotas, start the next respondent
    Drafts,      // interviews in progress: resume or discard
    Consent,     // the PDPA notice for one respondent
    Question,    // one question of the survey, or one page of questions shown together
    Submitted,   // saved; one touch to the next respondent
};
[[nodiscard]] const char* fieldScreenName(FieldScreen screen);

struct Enumerator {
    std::string id;  // goes in every record: lower-case letters, digits, '-' or '_'
    std::string name;
};

// What the session's screens count. `waiting` and `sent` are this device's
// field records not yet acknowledged by the hub and acknowledged.
struct FieldCounts {
    int session = 0;
    int today = 0;
    std::uint64_t waiting = 0;
    std::uint64_t sent = 0;
};

// One finished interview, ready to be signed.
struct FieldSubmission {
    std::string payload;  // the record payload (SurveyResponse::toPayload plus enumerator and interview)
    std::string interviewId;
};

// Where field records go: the device's record store (FieldStoreBackend).
class FieldBackend {
public:
    virtual ~FieldBackend() = default;
    // Signs and stores the record.
    [[nodiscard]] virtual core::Status submit(const FieldSubmission& submission) = 0;
    // The store's head now: a draft notes it as its interview begins.
    [[nodiscard]] virtual core::Result<std::uint64_t> head() = 0;
    // Counts of this device's records of `surveyId` (today: local day of `nowMs`).
    [[nodiscard]] virtual FieldCounts counts(std::string_view surveyId, std::int64_t nowMs) = 0;
    // Responses so far by value of session question `question`, for the quotas.
    [[nodiscard]] virtual std::vector<std::pair<core::ConditionValue, int>> quotaCounts(std::string_view surveyId,
                                                                                      std::string_view question) = 0;
    [[nodiscard]] virtual bool takesRecords() { return true; }
};

// The record payload of an interview: the survey's answers, "context":
// "field", and "session" with the session's answers plus "enumerator" and
// "interview" (docs/PROTOCOL.md).
[[nodiscard]] core::Result<std::string> fieldPayload(const core::SurveyResponse& response,
                                                     const core::SurveyResponse& session,
                                                     std::string_view enumeratorId, std::string_view interviewId);

class FieldFlow {
public:
    // The surveys must outlive the flow; `enumerators` may be empty when
    // the device has none configured (then the flow says so and stays).
    FieldFlow(std::vector<const core::SurveyDefinition*> surveys, std::vector<Enumerator> enumerators,
              FieldBackend& backend, DraftStore& drafts, DisplaySettings display, std::int64_t nowMs);

    // [SECTION] State, for drawing
    [[nodiscard]] FieldScreen screen() const { return m_screen; }
    [[nodiscard]] const DisplaySettings& display() const { return m_display; }
    [[nodiscard]] const std::vector<Enumerator>& enumerators() const { return m_enumerators; }
    [[nodiscard]] const std::vector<const core::SurveyDefinition*>& surveys() const { return m_surveys; }
    [[nodiscard]] const Enumerator* enumerator() const;
    [[nodiscard]] const core::SurveyDefinition* survey() const { return m_survey; }
    // The question on screen (Context: a session question; Question: the
    // survey's). On a page, the page's first shown question, or the typed
    // question opened from it (typing()).
    [[nodiscard]] const core::Question* currentQuestion() const;
    // [SECTION] Pages: a survey's page is one screen with all its shown
    // questions; choices and ratings are answered on it, a typed answer
    // (text, number) opens on a screen of its own with the keyboard and
    // comes back to the page. Which questions are shown follows the
    // answers as they are given (show_if of the page's own questions).
    // The page on screen; null on a one-question screen and while typing.
    [[nodiscard]] const core::SurveyPage* page() const;
    // The page's questions shown for the answers so far, in order.
    [[nodiscard]] std::vector<const core::Question*> pageQuestions() const;
    // Whether a typed question of the page is open on its own.
    [[nodiscard]] bool typing() const { return m_typing >= 0; }
    // The question "next" found wanting (required and unanswered, or its
    // constraint not met): the screen shows it and its message.
    [[nodiscard]] const std::string& wanting() const { return m_wanting; }
    // The answers the current question belongs to (session or respondent).
    [[nodiscard]] const core::SurveyResponse* answers() const;
    // The session's answers (its context), once a survey with session questions is chosen.
    [[nodiscard]] const core::SurveyResponse* sessionAnswers() const {
        return m_survey != nullptr && m_survey->session() != nullptr && m_session ? &*m_session : nullptr;
    }
    [[nodiscard]] bool onLastQuestion() const;
    [[nodiscard]] StepInfo step() const;
    [[nodiscard]] const FieldCounts& counts() const { return m_counts; }
    [[nodiscard]] const std::vector<core::QuotaProgress>& quota() const { return m_quota; }
    // The session question the quota counts, and this session's value of it.
    [[nodiscard]] const core::Question* quotaQuestion() const;
    [[nodiscard]] const std::vector<Draft>& drafts() const { return m_draftList; }
    [[nodiscard]] const std::optional<core::TextPair>& notice() const { return m_notice; }
    // Bumped whenever a respondent's answers are dropped (a new respondent,
    // a finished or discarded interview): the screens wipe their buffers.
    [[nodiscard]] unsigned respondent() const { return m_respondent; }
    [[nodiscard]] const std::string& interviewId() const { return m_interview; }

    // [SECTION] Touches
    void back(std::int64_t nowMs);
    void setLanguage(core::Language language, std::int64_t nowMs);
    void chooseEnumerator(std::string_view id, std::int64_t nowMs);
    void chooseSurvey(std::string_view id, std::int64_t nowMs);
    void answer(core::Answer answer, std::int64_t nowMs);
    // Answers a question of the page on screen.
    void answerOnPage(std::string_view questionId, core::Answer answer, std::int64_t nowMs);
    // Opens a typed question of the page on its own; next or back returns to the page.
    void typeOnPage(std::string_view questionId, std::int64_t nowMs);
    void next(std::int64_t nowMs);  // Context and Question: on, and on the last one, finish or submit
    void startRespondent(std::int64_t nowMs);  // Ready or Submitted → Consent
    void consent(bool agreed, std::int64_t nowMs);
    void setAside(std::int64_t nowMs);  // Question → Ready, the draft kept
    void openDrafts(std::int64_t nowMs);
    void resumeDraft(std::string_view id, std::int64_t nowMs);
    void discardDraft(std::string_view id, std::int64_t nowMs);
    void endSession(std::int64_t nowMs);  // Ready → Enumerator

    // The store's counters again (after a sync).
    void refreshCounts(std::int64_t nowMs);

private:
    void show(FieldScreen screen) { m_screen = screen; }
    void refuse(core::TextPair why) { m_notice = std::move(why); }
    [[nodiscard]] bool check(bool ok, core::TextPair why);
    void loadDrafts();
    void enterSession();
    void dropRespondent();
    void saveDraft(std::int64_t nowMs);
    void submit(std::int64_t nowMs);
    void refreshQuota();
    [[nodiscard]] int pageIndexOf(int question) const;  // -1 when the question has no page
    // The question the screen starts at for `index`: a page's first shown question.
    [[nodiscard]] int screenStart(int index) const;
    // The last question index the screen at m_question covers.
    [[nodiscard]] int screenEnd() const;
    // Checks one question before leaving it; says why not and returns false.
    [[nodiscard]] bool checkLeaving(const core::SurveyResponse& r, const core::Question& q);
    void nextOnPage(std::int64_t nowMs);
    void give(const core::Question& q, core::Answer value, std::int64_t nowMs);

    std::vector<const core::SurveyDefinition*> m_surveys;
    std::vector<Enumerator> m_enumerators;
    FieldBackend* m_backend;
    DraftStore* m_drafts;
    DisplaySettings m_display;

    FieldScreen m_screen = FieldScreen::Enumerator;
    FieldScreen m_draftsFrom = FieldScreen::Enumerator;
    std::optional<core::TextPair> m_notice;
    std::string m_enumeratorId;
    const core::SurveyDefinition* m_survey = nullptr;
    std::optional<core::SurveyResponse> m_session;
    std::optional<core::SurveyResponse> m_response;
    int m_question = -1;
    int m_typing = -1;  // a typed question of the page, open on its own
    std::string m_wanting;
    std::string m_interview;
    std::int64_t m_startedMs = 0;
    std::uint64_t m_headAtStart = 0;
    unsigned m_respondent = 0;
    int m_sessionCount = 0;
    FieldCounts m_counts;
    std::vector<core::QuotaProgress> m_quota;
    std::vector<Draft> m_draftList;
};

}  // namespace fangsiang::kiosk
