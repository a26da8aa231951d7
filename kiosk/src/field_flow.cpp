#include "kiosk/field_flow.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fangsiang::kiosk {

using Json = nlohmann::json;

const char* fieldScreenName(FieldScreen screen) {
    switch (screen) {
    case FieldScreen::Enumerator: return "field-enumerator";
    case FieldScreen::Survey: return "field-survey";
    case FieldScreen::Context: return "field-context";
    case FieldScreen::Ready: return "field-ready";
    case FieldScreen::Drafts: return "field-drafts";
    case FieldScreen::Consent: return "field-consent";
    case FieldScreen::Question: return "field-question";
    case FieldScreen::Submitted: return "field-submitted";
    }
    return "unknown";
}

core::Result<std::string> fieldPayload(const core::SurveyResponse& response, const core::SurveyResponse& session,
                                       std::string_view enumeratorId, std::string_view interviewId) {
    const bool withSession = response.definition().session() != nullptr;
    const std::string text = TRY(response.toPayload("field", withSession ? &session : nullptr));
    Json payload = Json::parse(text);
    Json& s = payload["session"];
    if (!s.is_object())
        s = Json::object();
    s["enumerator"] = std::string(enumeratorId);
    s["interview"] = std::string(interviewId);
    return payload.dump();
}

namespace {

const core::TextPair kChooseFirst{"กรุณาเลือกคำตอบก่อน", "Please choose an answer first"};
const core::TextPair kAnswerRefused{"คำตอบนี้ใช้ไม่ได้", "That answer cannot be used"};
const core::TextPair kNotSaved{"บันทึกร่างคำตอบในเครื่องไม่สำเร็จ คำตอบยังอยู่บนหน้าจอ",
                               "The draft could not be saved on this device; the answers are still on screen"};

// Reserved by field mode in a record's "session" object.
bool reservedName(std::string_view id) { return id == "enumerator" || id == "interview"; }

}  // namespace

// [SECTION] Construction and state

FieldFlow::FieldFlow(std::vector<const core::SurveyDefinition*> surveys, std::vector<Enumerator> enumerators,
                     FieldBackend& backend, DraftStore& drafts, DisplaySettings display, std::int64_t)
    : m_surveys(std::move(surveys)),
      m_enumerators(std::move(enumerators)),
      m_backend(&backend),
      m_drafts(&drafts),
      m_display(display) {
    loadDrafts();
    if (m_enumerators.empty())
        refuse({"ยังไม่ได้ตั้งชื่อผู้เก็บข้อมูลในเครื่องนี้ (kiosk.toml ส่วน [field])",
                "No enumerator is set up on this device ([field] in kiosk.toml)"});
}

const Enumerator* FieldFlow::enumerator() const {
    for (const Enumerator& e : m_enumerators)
        if (e.id == m_enumeratorId)
            return &e;
    return nullptr;
}

const core::SurveyResponse* FieldFlow::answers() const {
    if (m_screen == FieldScreen::Context && m_session)
        return &*m_session;
    if (m_screen == FieldScreen::Question && m_response)
        return &*m_response;
    return nullptr;
}

const core::Question* FieldFlow::currentQuestion() const {
    const core::SurveyResponse* r = answers();
    const int index = m_screen == FieldScreen::Question && m_typing >= 0 ? m_typing : m_question;
    if (r == nullptr || index < 0)
        return nullptr;
    return &r->definition().questions()[static_cast<std::size_t>(index)];
}

int FieldFlow::pageIndexOf(int question) const {
    const core::SurveyResponse* r = answers();
    if (r == nullptr || question < 0 || question >= static_cast<int>(r->definition().questions().size()))
        return -1;
    return r->definition().questions()[static_cast<std::size_t>(question)].page;
}

int FieldFlow::screenStart(int index) const {
    const int p = pageIndexOf(index);
    if (p < 0)
        return index;
    const core::SurveyResponse& r = *answers();
    const core::SurveyPage& page = r.definition().pages()[static_cast<std::size_t>(p)];
    for (int i = page.first; i < page.first + page.count; ++i)
        if (r.isShown(r.definition().questions()[static_cast<std::size_t>(i)]))
            return i;
    return index;
}

int FieldFlow::screenEnd() const {
    const int p = pageIndexOf(m_question);
    if (p < 0)
        return m_question;
    const core::SurveyPage& page = answers()->definition().pages()[static_cast<std::size_t>(p)];
    return page.first + page.count - 1;
}

const core::SurveyPage* FieldFlow::page() const {
    if (m_screen != FieldScreen::Question || m_typing >= 0)
        return nullptr;
    const int p = pageIndexOf(m_question);
    return p < 0 ? nullptr : &m_response->definition().pages()[static_cast<std::size_t>(p)];
}

std::vector<const core::Question*> FieldFlow::pageQuestions() const {
    std::vector<const core::Question*> shown;
    const core::SurveyPage* p = page();
    if (p == nullptr)
        return shown;
    for (int i = p->first; i < p->first + p->count; ++i) {
        const core::Question& q = m_response->definition().questions()[static_cast<std::size_t>(i)];
        if (m_response->isShown(q))
            shown.push_back(&q);
    }
    return shown;
}

bool FieldFlow::onLastQuestion() const {
    const core::SurveyResponse* r = answers();
    return r != nullptr && m_typing < 0 && r->nextShown(screenEnd()) < 0;
}

// A page counts as one step, however many questions it shows.
StepInfo FieldFlow::step() const {
    const core::SurveyResponse* r = answers();
    if (r == nullptr)
        return {};
    int current = 0, total = 0, lastPage = -1;
    for (int i = r->nextShown(-1); i >= 0; i = r->nextShown(i)) {
        const int p = r->definition().questions()[static_cast<std::size_t>(i)].page;
        if (p >= 0 && p == lastPage)
            continue;
        lastPage = p;
        ++total;
        if (i <= m_question)
            current = total;
    }
    return {current, total};
}

const core::Question* FieldFlow::quotaQuestion() const {
    if (m_survey == nullptr || m_survey->quotas().empty() || m_survey->session() == nullptr)
        return nullptr;
    return m_survey->session()->find(m_survey->quotas().front().question);
}

bool FieldFlow::check(bool ok, core::TextPair why) {
    if (ok)
        m_notice.reset();
    else
        refuse(std::move(why));
    return ok;
}

void FieldFlow::loadDrafts() {
    auto list = m_drafts->list();
    if (list)
        m_draftList = std::move(*list);
}

// [SECTION] The session

void FieldFlow::back(std::int64_t nowMs) {
    m_notice.reset();
    switch (m_screen) {
    case FieldScreen::Enumerator: break;
    case FieldScreen::Survey: show(FieldScreen::Enumerator); break;
    case FieldScreen::Context:
        if (const int previous = m_session->previousShown(m_question); previous >= 0)
            m_question = previous;
        else
            show(FieldScreen::Survey);
        break;
    case FieldScreen::Ready: endSession(nowMs); break;
    case FieldScreen::Drafts: show(m_draftsFrom); break;
    case FieldScreen::Consent: show(FieldScreen::Ready); break;
    case FieldScreen::Question:
        m_wanting.clear();
        if (m_typing >= 0) {
            m_typing = -1;  // back to the page, the answer as typed so far
        } else if (const int previous = m_response->previousShown(m_question); previous >= 0) {
            m_question = screenStart(previous);
            saveDraft(nowMs);
        } else {
            setAside(nowMs);
        }
        break;
    case FieldScreen::Submitted: show(FieldScreen::Ready); break;
    }
}

void FieldFlow::setLanguage(core::Language language, std::int64_t) { m_display.language = language; }

void FieldFlow::chooseEnumerator(std::string_view id, std::int64_t) {
    if (m_screen != FieldScreen::Enumerator)
        return;
    for (const Enumerator& e : m_enumerators)
        if (e.id == id) {
            m_enumeratorId = e.id;
            m_notice.reset();
            show(FieldScreen::Survey);
        }
}

void FieldFlow::chooseSurvey(std::string_view id, std::int64_t nowMs) {
    if (m_screen != FieldScreen::Survey)
        return;
    const auto it = std::find_if(m_surveys.begin(), m_surveys.end(), [&](auto* s) { return s->id() == id; });
    if (it == m_surveys.end())
        return;
    if (const core::SurveyDefinition* session = (*it)->session()) {
        for (const core::Question& q : session->questions())
            if (!check(!reservedName(q.id), {"แบบสอบถามนี้มีคำถามชื่อ " + q.id + " ซึ่งโหมดเก็บข้อมูลภาคสนามใช้เอง",
                                             "This survey has a session question named " + q.id +
                                                 ", a name field mode uses itself"}))
                return;
    }
    m_survey = *it;
    m_session.emplace(m_survey->session() != nullptr ? *m_survey->session() : *m_survey);
    m_sessionCount = 0;
    m_notice.reset();
    if (m_survey->session() != nullptr && (m_question = m_session->nextShown(-1)) >= 0) {
        show(FieldScreen::Context);
        return;
    }
    enterSession();
    refreshCounts(nowMs);
}

void FieldFlow::enterSession() {
    show(FieldScreen::Ready);
    m_question = -1;
    refreshQuota();
}

void FieldFlow::endSession(std::int64_t) {
    dropRespondent();
    m_session.reset();
    m_survey = nullptr;
    m_sessionCount = 0;
    m_quota.clear();
    loadDrafts();
    show(FieldScreen::Enumerator);
}

void FieldFlow::refreshCounts(std::int64_t nowMs) {
    if (m_survey == nullptr)
        return;
    m_counts = m_backend->counts(m_survey->id(), nowMs);
    m_counts.session = m_sessionCount;
    refreshQuota();
}

void FieldFlow::refreshQuota() {
    m_quota.clear();
    if (m_survey == nullptr || m_survey->quotas().empty())
        return;
    const core::Quota& quota = m_survey->quotas().front();
    m_quota = core::quotaProgress(quota, m_backend->quotaCounts(m_survey->id(), quota.question));
}

// [SECTION] Questions, for the session's context and for each respondent

void FieldFlow::answer(core::Answer value, std::int64_t nowMs) {
    if (const core::Question* q = currentQuestion())
        give(*q, std::move(value), nowMs);
}

void FieldFlow::answerOnPage(std::string_view questionId, core::Answer value, std::int64_t nowMs) {
    for (const core::Question* q : pageQuestions())
        if (q->id == questionId) {
            give(*q, std::move(value), nowMs);
            return;
        }
}

void FieldFlow::typeOnPage(std::string_view questionId, std::int64_t) {
    for (const core::Question* q : pageQuestions())
        if (q->id == questionId && (q->type == core::QuestionType::Text || q->type == core::QuestionType::Number ||
                                    q->type == core::QuestionType::Decimal)) {
            m_typing = m_response->definition().indexOf(q->id);
            m_notice.reset();
            return;
        }
}

void FieldFlow::give(const core::Question& question, core::Answer value, std::int64_t nowMs) {
    const core::Question* q = &question;
    core::SurveyResponse& r = m_screen == FieldScreen::Context ? *m_session : *m_response;
    const bool fits = r.meetsConstraint(*q, value);
    if (!r.answer(q->id, std::move(value)).ok()) {
        if (q->type == core::QuestionType::Number || q->type == core::QuestionType::Decimal) {
            // A number on its way ("2" of "25") is not refused aloud; but what
            // the screen shows is no longer the stored answer, so that goes.
            r.clear(q->id);
            if (m_screen == FieldScreen::Question)
                saveDraft(nowMs);
            return;
        }
        refuse(fits ? kAnswerRefused : q->constraintMessage.value_or(kAnswerRefused));
        return;
    }
    m_notice.reset();
    if (m_wanting == q->id)
        m_wanting.clear();
    if (m_screen == FieldScreen::Question)
        saveDraft(nowMs);
}

bool FieldFlow::checkLeaving(const core::SurveyResponse& r, const core::Question& q) {
    const core::Answer& given = r.answerTo(q.id);
    if (!std::holds_alternative<std::monostate>(given) &&
        !check(r.meetsConstraint(q, given), q.constraintMessage.value_or(kAnswerRefused)))
        return false;
    if (q.type == core::QuestionType::Number && q.required && std::holds_alternative<std::monostate>(given)) {
        const std::string from = std::to_string(q.min), to = std::to_string(q.max);
        refuse({"กรุณาใส่ตัวเลขตั้งแต่ " + from + " ถึง " + to, "Please enter a number from " + from + " to " + to});
        return false;
    }
    return check(r.checkQuestion(r.definition().indexOf(q.id)).ok(), kChooseFirst);
}

void FieldFlow::next(std::int64_t nowMs) {
    const core::Question* q = currentQuestion();
    if (q == nullptr)
        return;
    core::SurveyResponse& r = m_screen == FieldScreen::Context ? *m_session : *m_response;
    if (m_screen == FieldScreen::Question && m_typing >= 0) {
        // A typed answer of a page: checked, then back to its page.
        if (!checkLeaving(r, *q))
            return;
        m_typing = -1;
        m_wanting.clear();
        saveDraft(nowMs);
        return;
    }
    if (page() != nullptr) {
        nextOnPage(nowMs);
        return;
    }
    if (!checkLeaving(r, *q))
        return;
    if (const int following = r.nextShown(m_question); following >= 0) {
        m_question = screenStart(following);
        if (m_screen == FieldScreen::Question)
            saveDraft(nowMs);
        return;
    }
    if (m_screen == FieldScreen::Context) {
        enterSession();
        refreshCounts(nowMs);
    } else {
        submit(nowMs);
    }
}

// Every shown question of the page is checked in order; the first found
// wanting is named (wanting()) with its message, and the page stays.
void FieldFlow::nextOnPage(std::int64_t nowMs) {
    for (const core::Question* q : pageQuestions()) {
        if (!checkLeaving(*m_response, *q)) {
            if (m_notice && *m_notice == kChooseFirst)
                m_notice = core::TextPair{"กรุณาตอบข้อ \"" + q->label.th + "\"", "Please answer \"" + q->label.en + "\""};
            m_wanting = q->id;
            return;
        }
    }
    m_wanting.clear();
    if (const int following = m_response->nextShown(screenEnd()); following >= 0) {
        m_question = screenStart(following);
        saveDraft(nowMs);
        return;
    }
    submit(nowMs);
}

// [SECTION] Respondents

void FieldFlow::dropRespondent() {
    m_response.reset();
    m_interview.clear();
    m_question = -1;
    m_typing = -1;
    m_wanting.clear();
    ++m_respondent;
}

void FieldFlow::startRespondent(std::int64_t) {
    if (m_screen != FieldScreen::Ready && m_screen != FieldScreen::Submitted)
        return;
    if (!check(m_backend->takesRecords(), {"เครื่องนี้ยังรับบันทึกไม่ได้ กรุณาดูเมนูเจ้าหน้าที่",
                                           "This device cannot take records now; see the staff menu"}))
        return;
    dropRespondent();
    show(FieldScreen::Consent);
}

void FieldFlow::consent(bool agreed, std::int64_t nowMs) {
    if (m_screen != FieldScreen::Consent)
        return;
    if (!agreed) {
        // Nothing is kept of someone who declined.
        dropRespondent();
        show(FieldScreen::Ready);
        return;
    }
    m_response.emplace(*m_survey);
    m_interview = newInterviewId();
    m_startedMs = nowMs;
    // Where the store stood as the interview began: after a crash, its
    // record is looked for after this (DraftStore::settle).
    auto head = m_backend->head();
    m_headAtStart = head ? *head : 0;
    show(FieldScreen::Question);
    m_question = screenStart(m_response->nextShown(-1));
    // The draft is written with the first answer: until then there is
    // nothing to keep, and the next respondent's first question comes up
    // without waiting for the disk.
}

void FieldFlow::saveDraft(std::int64_t nowMs) {
    if (!m_response || m_interview.empty())
        return;
    Draft d;
    d.id = m_interview;
    d.surveyId = m_survey->id();
    d.surveyVersion = m_survey->version();
    d.enumeratorId = m_enumeratorId;
    d.sessionJson = m_survey->session() != nullptr ? m_session->answersJson() : "{}";
    d.answersJson = m_response->answersJson();
    d.question = m_question;
    d.startedMs = m_startedMs;
    d.updatedMs = nowMs;
    d.headAtStart = m_headAtStart;
    if (!m_drafts->save(d).ok())
        refuse(kNotSaved);
}

void FieldFlow::submit(std::int64_t) {
    if (!check(m_response->checkComplete().ok(), {"ยังตอบไม่ครบ", "Some questions still need an answer"}))
        return;
    auto payload = fieldPayload(*m_response, *m_session, m_enumeratorId, m_interview);
    if (!check(payload.ok(), {"บันทึกคำตอบไม่สำเร็จ กรุณาลองอีกครั้ง", "The answers could not be saved. Please try again"}))
        return;
    if (!check(m_backend->submit(FieldSubmission{*payload, m_interview}).ok(),
               {"บันทึกคำตอบไม่สำเร็จ ร่างคำตอบยังเก็บไว้ กรุณาลองอีกครั้ง",
                "The answers could not be saved; the draft is kept. Please try again"}))
        return;
    // Signed: the draft goes (a crash before this line is settled at the
    // next start, DraftStore::settle).
    (void)m_drafts->remove(m_interview);
    ++m_sessionCount;
    m_counts.session = m_sessionCount;
    ++m_counts.today;
    ++m_counts.waiting;
    if (const core::Question* q = quotaQuestion()) {
        const core::Answer& value = m_session->answerTo(q->id);
        for (core::QuotaProgress& p : m_quota) {
            const bool same = std::visit(
                [&](const auto& v) {
                    using V = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<V, std::string> || std::is_same_v<V, std::int64_t>)
                        return std::holds_alternative<V>(value) && std::get<V>(value) == v;
                    return false;
                },
                p.value);
            if (same) {
                ++p.done;
                p.remaining = std::max(0, p.target - p.done);
                p.met = p.done >= p.target;
            }
        }
    }
    dropRespondent();
    show(FieldScreen::Submitted);
}

void FieldFlow::setAside(std::int64_t nowMs) {
    if (m_screen != FieldScreen::Question)
        return;
    m_typing = -1;
    saveDraft(nowMs);
    dropRespondent();
    loadDrafts();
    show(FieldScreen::Ready);
}

// [SECTION] Drafts

void FieldFlow::openDrafts(std::int64_t) {
    if (m_screen != FieldScreen::Enumerator && m_screen != FieldScreen::Ready)
        return;
    loadDrafts();
    m_draftsFrom = m_screen;
    show(FieldScreen::Drafts);
}

void FieldFlow::resumeDraft(std::string_view id, std::int64_t nowMs) {
    if (m_screen != FieldScreen::Drafts)
        return;
    auto found = m_drafts->find(id);
    if (!found || !found->has_value())
        return;
    const Draft& d = **found;
    const auto it = std::find_if(m_surveys.begin(), m_surveys.end(), [&](auto* s) { return s->id() == d.surveyId; });
    if (!check(it != m_surveys.end() && (*it)->version() == d.surveyVersion,
               {"แบบสอบถามของร่างนี้เปลี่ยนไปแล้ว ทำต่อไม่ได้", "This draft's survey has changed since; it cannot be resumed"}))
        return;
    const core::SurveyDefinition& survey = **it;
    core::SurveyResponse session(survey.session() != nullptr ? *survey.session() : survey);
    core::SurveyResponse response(survey);
    if (survey.session() != nullptr && !check(restoreAnswers(session, d.sessionJson).ok(), kAnswerRefused))
        return;
    if (!check(restoreAnswers(response, d.answersJson).ok(), kAnswerRefused))
        return;
    dropRespondent();
    m_survey = &survey;
    m_enumeratorId = d.enumeratorId;
    m_session.emplace(std::move(session));
    m_response.emplace(std::move(response));
    m_interview = d.id;
    m_startedMs = d.startedMs;
    m_headAtStart = d.headAtStart;
    const int count = static_cast<int>(survey.questions().size());
    show(FieldScreen::Question);
    m_question = d.question >= 0 && d.question < count && m_response->isShown(survey.questions()[static_cast<std::size_t>(d.question)])
                     ? d.question
                     : m_response->nextShown(-1);
    m_question = screenStart(m_question);
    refreshCounts(nowMs);
}

void FieldFlow::discardDraft(std::string_view id, std::int64_t) {
    if (m_screen != FieldScreen::Drafts)
        return;
    if (!check(m_drafts->remove(id).ok(), {"ลบร่างไม่สำเร็จ", "The draft could not be discarded"}))
        return;
    loadDrafts();
}

}  // namespace fangsiang::kiosk
