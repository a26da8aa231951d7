#include "kiosk/flow.hpp"

#include "core/complaint_categories.hpp"
#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "kiosk/phone.hpp"

#include <algorithm>
#include <array>

namespace fangsiang::kiosk {

// [SECTION] Names and labels

const char* screenName(Screen screen) {
    switch (screen) {
    case Screen::Welcome: return "welcome";
    case Screen::Home: return "home";
    case Screen::ServiceCategories: return "service-categories";
    case Screen::ServiceList: return "service-list";
    case Screen::ServiceSearch: return "service-search";
    case Screen::ServiceDetail: return "service-detail";
    case Screen::ComplaintCategory: return "complaint-category";
    case Screen::ComplaintDescribe: return "complaint-describe";
    case Screen::ComplaintPlace: return "complaint-place";
    case Screen::ComplaintPrivacy: return "complaint-privacy";
    case Screen::ComplaintContact: return "complaint-contact";
    case Screen::ComplaintReview: return "complaint-review";
    case Screen::ComplaintReceipt: return "complaint-receipt";
    case Screen::SurveyQuestion: return "survey-question";
    case Screen::SurveyThanks: return "survey-thanks";
    case Screen::TicketEntry: return "ticket-entry";
    case Screen::TicketResult: return "ticket-result";
    }
    return "unknown";
}

namespace {

void wipe(std::string& s) {
    if (!s.empty())
        core::wipe(s);
    s.clear();
    s.shrink_to_fit();
}

// Typed text that is UTF-8 and at most `max` characters (code points).
bool fitsCharacters(std::string_view text, int max) {
    return core::isValidUtf8(text) && core::codePointCount(text) <= static_cast<std::size_t>(max);
}

const core::TextPair kAnswerRefused{"คำตอบนี้ใช้ไม่ได้", "That answer cannot be used"};

// What the survey says when an answer breaks a question's constraint.
core::TextPair constraintWords(const core::Question& q) {
    return q.constraintMessage.value_or(kAnswerRefused);
}

}  // namespace

// ComplaintCategory is in the order of core::complaintCategories().
static_assert(kComplaintCategoryCount == 8);

const char* complaintCategoryId(ComplaintCategory category) {
    return core::complaintCategories()[static_cast<std::size_t>(category)].id;
}

const core::TextPair& complaintCategoryLabel(ComplaintCategory category) {
    return core::complaintCategories()[static_cast<std::size_t>(category)].label;
}

// [SECTION] Construction and timers

KioskFlow::KioskFlow(const core::Catalogue& catalogue, const ServiceSearch& search, const core::SurveyDefinition& survey,
                     KioskBackend& backend, IdlePolicy idle, DisplaySettings defaults, std::int64_t nowMs)
    : m_catalogue(&catalogue),
      m_search(&search),
      m_surveyDefinition(&survey),
      m_backend(&backend),
      m_idle(idle),
      m_defaults(defaults),
      m_display(defaults),
      m_lastTouchMs(nowMs),
      m_screenSinceMs(nowMs),
      m_survey(survey) {}

void KioskFlow::touch(std::int64_t nowMs) {
    m_lastTouchMs = std::max(m_lastTouchMs, nowMs);
    m_notice.reset();
}

void KioskFlow::show(Screen screen) {
    m_screen = screen;
    m_screenSinceMs = m_lastTouchMs;
}

void KioskFlow::refuse(core::TextPair why) { m_notice = std::move(why); }

namespace {
// What a citizen is told when the kiosk cannot save a record now (its store
// waits for the IT person): no reason they could act on, only where to go.
const core::TextPair kNoComplaintsNow{
    "ขออภัย ขณะนี้ตู้นี้ยังรับเรื่องร้องเรียนไม่ได้ กรุณาติดต่อเจ้าหน้าที่ที่เคาน์เตอร์",
    "Sorry, this kiosk cannot take a complaint just now. Please ask the staff at the counter"};
const core::TextPair kNoSurveysNow{
    "ขออภัย ขณะนี้ตู้นี้ยังรับแบบสอบถามไม่ได้ กรุณาติดต่อเจ้าหน้าที่ที่เคาน์เตอร์",
    "Sorry, this kiosk cannot take survey answers just now. Please ask the staff at the counter"};
}  // namespace

bool KioskFlow::sendHomeIfNoRecords(const core::TextPair& why) {
    if (m_backend->takesRecords())
        return false;
    clearTyped();
    show(Screen::Home);
    refuse(why);
    return true;
}

bool KioskFlow::touchOn(Screen screen, std::int64_t nowMs) {
    touch(nowMs);
    return m_screen == screen;
}

bool KioskFlow::check(bool ok, core::TextPair why) {
    if (!ok)
        refuse(std::move(why));
    return ok;
}

void KioskFlow::go(Screen from, Screen to, std::int64_t nowMs) {
    if (touchOn(from, nowMs))
        show(to);
}

bool KioskFlow::moveToQuestion(int index) {
    if (index < 0)
        return false;
    m_question = index;
    return true;
}

void KioskFlow::startFlow(Screen first) {
    clearTyped();
    show(first);
}

void KioskFlow::typeInto(Screen screen, std::string& field, std::string text, bool fits, core::TextPair why,
                         std::int64_t nowMs) {
    if (!touchOn(screen, nowMs) || !check(fits, std::move(why)))
        return;
    wipe(field);
    field = std::move(text);
}

void KioskFlow::clearTyped() {
    wipe(m_complaint.description);
    wipe(m_complaint.village);
    wipe(m_complaint.landmark);
    wipe(m_complaint.name);
    wipe(m_complaint.phone);
    m_complaint = ComplaintForm{};
    m_receipt.reset();
    m_complaintSubmitted = false;
    m_survey = core::SurveyResponse(*m_surveyDefinition);
    m_question = -1;
    m_surveySubmitted = false;
    wipe(m_ticketText);
    m_ticketResult.reset();
    wipe(m_query);
    m_results.clear();
}

void KioskFlow::resetAll() {
    clearTyped();
    m_category = nullptr;
    m_service = nullptr;
    m_display = m_defaults;
    m_notice.reset();
    show(Screen::Welcome);
}

std::optional<int> KioskFlow::idleCountdown(std::int64_t nowMs) const {
    if (m_screen == Screen::Welcome)
        return std::nullopt;
    const std::int64_t idle = nowMs - m_lastTouchMs;
    if (idle < m_idle.timeoutMs)
        return std::nullopt;
    const std::int64_t left = m_idle.timeoutMs + m_idle.countdownMs - idle;
    return static_cast<int>(std::max<std::int64_t>(0, (left + 999) / 1000));
}

std::int64_t KioskFlow::nextDeadline(std::int64_t nowMs) const {
    if (m_screen == Screen::Welcome)
        return m_display == m_defaults ? INT64_MAX : m_lastTouchMs + m_idle.timeoutMs;
    const std::int64_t countdownStart = m_lastTouchMs + m_idle.timeoutMs;
    const std::int64_t reset = countdownStart + m_idle.countdownMs;
    std::int64_t deadline = countdownStart;
    if (nowMs >= countdownStart) {
        // During the countdown the number on screen changes every second.
        const std::int64_t elapsed = nowMs - countdownStart;
        deadline = std::min(reset, countdownStart + (elapsed / 1000 + 1) * 1000);
    }
    if (m_screen == Screen::ComplaintReceipt || m_screen == Screen::SurveyThanks)
        deadline = std::min(deadline, m_screenSinceMs + kFinishedScreenMs);
    return deadline;
}

void KioskFlow::tick(std::int64_t nowMs) {
    if (m_screen == Screen::Welcome) {
        // Someone switched the language or the look and walked away: the
        // next person finds the office's defaults again.
        if (nowMs - m_lastTouchMs >= m_idle.timeoutMs)
            m_display = m_defaults;
        return;
    }
    if (nowMs - m_lastTouchMs >= m_idle.timeoutMs + m_idle.countdownMs) {
        resetAll();
        return;
    }
    if ((m_screen == Screen::ComplaintReceipt || m_screen == Screen::SurveyThanks) &&
        nowMs - m_screenSinceMs >= kFinishedScreenMs)
        resetAll();
}

// [SECTION] Navigation

StepInfo KioskFlow::step() const {
    const int complaintTotal = m_complaint.giveContact.value_or(true) ? 6 : 5;
    switch (m_screen) {
    case Screen::ComplaintCategory: return {1, complaintTotal};
    case Screen::ComplaintDescribe: return {2, complaintTotal};
    case Screen::ComplaintPlace: return {3, complaintTotal};
    case Screen::ComplaintPrivacy: return {4, complaintTotal};
    case Screen::ComplaintContact: return {5, complaintTotal};
    case Screen::ComplaintReview: return {complaintTotal, complaintTotal};
    case Screen::SurveyQuestion: {
        // Count the questions shown for the answers so far.
        int current = 0, total = 0;
        for (int i = m_survey.nextShown(-1); i >= 0; i = m_survey.nextShown(i)) {
            ++total;
            if (i <= m_question)
                current = total;
        }
        return {current, total};
    }
    default: return {};
    }
}

void KioskFlow::keepAlive(std::int64_t nowMs) { touch(nowMs); }

void KioskFlow::start(std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen == Screen::Welcome)
        show(Screen::Home);
}

void KioskFlow::goHome(std::int64_t nowMs) {
    touch(nowMs);
    // Leaving a flow abandons it: what was typed is dropped, not kept for later.
    clearTyped();
    m_category = nullptr;
    m_service = nullptr;
    show(Screen::Home);
}

void KioskFlow::finish(std::int64_t nowMs) {
    touch(nowMs);
    resetAll();
}

void KioskFlow::back(std::int64_t nowMs) {
    touch(nowMs);
    switch (m_screen) {
    case Screen::Welcome: break;
    case Screen::Home: resetAll(); break;
    case Screen::ServiceCategories: goHome(nowMs); break;
    case Screen::ServiceList: m_category = nullptr; show(Screen::ServiceCategories); break;
    case Screen::ServiceSearch: wipe(m_query); m_results.clear(); show(Screen::ServiceCategories); break;
    case Screen::ServiceDetail: m_service = nullptr; show(m_detailFrom); break;
    case Screen::ComplaintCategory: goHome(nowMs); break;
    case Screen::ComplaintDescribe: show(Screen::ComplaintCategory); break;
    case Screen::ComplaintPlace: show(Screen::ComplaintDescribe); break;
    case Screen::ComplaintPrivacy: show(Screen::ComplaintPlace); break;
    case Screen::ComplaintContact: show(Screen::ComplaintPrivacy); break;
    case Screen::ComplaintReview:
        show(m_complaint.giveContact.value_or(false) ? Screen::ComplaintContact : Screen::ComplaintPrivacy);
        break;
    case Screen::ComplaintReceipt: goHome(nowMs); break;
    case Screen::SurveyQuestion:
        // Back from the first question shown leaves the survey.
        if (!moveToQuestion(m_survey.previousShown(m_question)))
            goHome(nowMs);
        break;
    case Screen::SurveyThanks: goHome(nowMs); break;
    case Screen::TicketEntry: goHome(nowMs); break;
    case Screen::TicketResult: m_ticketResult.reset(); show(Screen::TicketEntry); break;
    }
}

void KioskFlow::setLanguage(core::Language language, std::int64_t nowMs) {
    touch(nowMs);
    m_display.language = language;
}

// Larger text and high contrast are two looks of their own; choosing one
// leaves the other, so one touch always gives exactly what it says.
void KioskFlow::toggleLargeText(std::int64_t nowMs) {
    touch(nowMs);
    m_display.largeText = !m_display.largeText;
    if (m_display.largeText)
        m_display.highContrast = false;
}

void KioskFlow::toggleHighContrast(std::int64_t nowMs) {
    touch(nowMs);
    m_display.highContrast = !m_display.highContrast;
    if (m_display.highContrast)
        m_display.largeText = false;
}

bool KioskFlow::replaceContent(const core::Catalogue& catalogue, const ServiceSearch& search,
                               const core::SurveyDefinition& survey) {
    if (m_screen != Screen::Welcome)
        return false;
    resetAll();  // drops every pointer into the old content
    m_catalogue = &catalogue;
    m_search = &search;
    m_surveyDefinition = &survey;
    m_survey = core::SurveyResponse(survey);
    return true;
}

// [SECTION] Services

void KioskFlow::openServices(std::int64_t nowMs) { go(Screen::Home, Screen::ServiceCategories, nowMs); }

void KioskFlow::chooseCategory(std::string_view categoryId, std::int64_t nowMs) {
    if (!touchOn(Screen::ServiceCategories, nowMs))
        return;
    if (const core::ServiceCategory* category = m_catalogue->findCategory(categoryId)) {
        m_category = category;
        show(Screen::ServiceList);
    }
}

void KioskFlow::openSearch(std::int64_t nowMs) { go(Screen::ServiceCategories, Screen::ServiceSearch, nowMs); }

void KioskFlow::setSearchQuery(std::string text, std::int64_t nowMs) {
    if (!touchOn(Screen::ServiceSearch, nowMs))
        return;
    if (!core::isValidUtf8(text) || text.size() > 300)
        return;
    wipe(m_query);
    m_query = std::move(text);
    m_results = m_search->find(m_query);
}

void KioskFlow::chooseService(std::string_view serviceId, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != Screen::ServiceList && m_screen != Screen::ServiceSearch)
        return;
    if (const core::Service* service = m_catalogue->findService(serviceId)) {
        m_detailFrom = m_screen;
        m_service = service;
        show(Screen::ServiceDetail);
    }
}

// [SECTION] Complaints

void KioskFlow::openComplaint(std::int64_t nowMs) {
    if (touchOn(Screen::Home, nowMs) && !sendHomeIfNoRecords(kNoComplaintsNow))
        startFlow(Screen::ComplaintCategory);
}

void KioskFlow::chooseComplaintCategory(ComplaintCategory category, std::int64_t nowMs) {
    if (!touchOn(Screen::ComplaintCategory, nowMs))
        return;
    m_complaint.category = category;
    show(Screen::ComplaintDescribe);
}

void KioskFlow::setDescription(std::string text, std::int64_t nowMs) {
    const bool fits = fitsCharacters(text, kMaxComplaintLength);
    typeInto(Screen::ComplaintDescribe, m_complaint.description, std::move(text), fits,
             {"ข้อความยาวเกิน 2,000 ตัวอักษร", "The text is longer than 2,000 characters"}, nowMs);
}

void KioskFlow::setVillage(std::string text, std::int64_t nowMs) {
    const bool fits = text.size() <= 3 && text.find_first_not_of("0123456789") == std::string::npos;
    typeInto(Screen::ComplaintPlace, m_complaint.village, std::move(text), fits,
             {"หมู่ที่ต้องเป็นตัวเลข", "The village (moo) must be a number"}, nowMs);
}

void KioskFlow::setLandmark(std::string text, std::int64_t nowMs) {
    const bool fits = fitsCharacters(text, kMaxLandmarkLength);
    typeInto(Screen::ComplaintPlace, m_complaint.landmark, std::move(text), fits,
             {"จุดสังเกตยาวเกินไป", "The landmark is too long"}, nowMs);
}

void KioskFlow::chooseContact(bool give, std::int64_t nowMs) {
    if (!touchOn(Screen::ComplaintPrivacy, nowMs))
        return;
    m_complaint.giveContact = give;
    if (give) {
        show(Screen::ComplaintContact);
    } else {
        // Staying anonymous drops anything typed on the contact screen before.
        wipe(m_complaint.name);
        wipe(m_complaint.phone);
        show(Screen::ComplaintReview);
    }
}

void KioskFlow::setName(std::string text, std::int64_t nowMs) {
    const bool fits = fitsCharacters(text, kMaxNameLength);
    typeInto(Screen::ComplaintContact, m_complaint.name, std::move(text), fits, {"ชื่อยาวเกินไป", "The name is too long"},
             nowMs);
}

void KioskFlow::setPhone(std::string text, std::int64_t nowMs) {
    const bool fits = text.size() <= 20;
    typeInto(Screen::ComplaintContact, m_complaint.phone, std::move(text), fits,
             {"หมายเลขโทรศัพท์ยาวเกินไป", "The phone number is too long"}, nowMs);
}

bool KioskFlow::complaintStepComplete() {
    switch (m_screen) {
    case Screen::ComplaintCategory:
        return check(m_complaint.category.has_value(),
                     {"กรุณาเลือกประเภทเรื่อง", "Please choose what the complaint is about"});
    case Screen::ComplaintDescribe:
        return check(!core::isBlank(m_complaint.description),
                     {"กรุณาเล่าเรื่องที่ต้องการแจ้ง", "Please describe the problem"});
    case Screen::ComplaintContact: {
        const bool hasName = !core::isBlank(m_complaint.name);
        const bool hasPhone = !core::isBlank(m_complaint.phone);
        if (!check(hasName || hasPhone, {"กรุณาใส่ชื่อหรือหมายเลขโทรศัพท์ หรือย้อนกลับเพื่อไม่ระบุตัวตน",
                                         "Enter a name or a phone number, or go back to stay anonymous"}))
            return false;
        if (!hasPhone)
            return true;
        auto phone = normaliseThaiMobile(m_complaint.phone);
        if (!check(phone.has_value(), {"หมายเลขโทรศัพท์มือถือไม่ถูกต้อง (10 หลัก ขึ้นต้นด้วย 06 08 หรือ 09)",
                                       "That is not a Thai mobile number (10 digits starting 06, 08 or 09)"}))
            return false;
        wipe(m_complaint.phone);
        m_complaint.phone = *phone;
        return true;
    }
    default: return true;
    }
}

void KioskFlow::next(std::int64_t nowMs) {
    touch(nowMs);
    switch (m_screen) {
    case Screen::ComplaintCategory:
        if (complaintStepComplete())
            show(Screen::ComplaintDescribe);
        break;
    case Screen::ComplaintDescribe:
        if (complaintStepComplete())
            show(Screen::ComplaintPlace);
        break;
    case Screen::ComplaintPlace: show(Screen::ComplaintPrivacy); break;
    case Screen::ComplaintContact:
        if (complaintStepComplete())
            show(Screen::ComplaintReview);
        break;
    case Screen::SurveyQuestion: {
        const core::Question& q = m_surveyDefinition->questions()[static_cast<std::size_t>(m_question)];
        const core::Answer& given = m_survey.answerTo(q.id);
        if (!std::holds_alternative<std::monostate>(given) &&
            !check(m_survey.meetsConstraint(q, given), constraintWords(q)))
            return;
        if (!check(m_survey.checkQuestion(m_question).ok(), {"กรุณาเลือกคำตอบก่อน", "Please choose an answer first"}))
            break;
        // Next on the last question shown submits the answers.
        if (!moveToQuestion(m_survey.nextShown(m_question)))
            submitSurvey(nowMs);
        break;
    }
    default: break;
    }
}

void KioskFlow::submitComplaint(std::int64_t nowMs) {
    if (!touchOn(Screen::ComplaintReview, nowMs) || m_complaintSubmitted)
        return;
    auto receipt = m_backend->submitComplaint(m_complaint);
    if (!receipt && sendHomeIfNoRecords(kNoComplaintsNow))
        return;  // the store stopped taking records while the citizen typed
    if (!receipt) {
        // The form stays as it is: the citizen can try again or ask staff.
        refuse({"บันทึกเรื่องไม่สำเร็จ กรุณาลองอีกครั้งหรือแจ้งเจ้าหน้าที่",
                "The complaint could not be saved. Please try again or ask a member of staff"});
        return;
    }
    m_complaintSubmitted = true;
    m_receipt = std::move(*receipt);
    // The receipt keeps the ticket; the text and contact details are not
    // needed on screen any more.
    wipe(m_complaint.name);
    wipe(m_complaint.phone);
    show(Screen::ComplaintReceipt);
}

// [SECTION] Surveys

void KioskFlow::openSurvey(std::int64_t nowMs) {
    if (!touchOn(Screen::Home, nowMs) || sendHomeIfNoRecords(kNoSurveysNow))
        return;
    startFlow(Screen::SurveyQuestion);
    m_question = m_survey.nextShown(-1);
}

const core::Question* KioskFlow::currentQuestion() const {
    if (m_screen != Screen::SurveyQuestion || m_question < 0)
        return nullptr;
    return &m_surveyDefinition->questions()[static_cast<std::size_t>(m_question)];
}

void KioskFlow::answer(core::Answer value, std::int64_t nowMs) {
    touch(nowMs);
    const core::Question* q = currentQuestion();
    if (q == nullptr)
        return;
    const bool fits = m_survey.meetsConstraint(*q, value);
    if (!m_survey.answer(q->id, std::move(value)).ok())
        refuse(fits ? kAnswerRefused : constraintWords(*q));
}

void KioskFlow::submitSurvey(std::int64_t nowMs) {
    if (!touchOn(Screen::SurveyQuestion, nowMs) || m_surveySubmitted)
        return;
    if (!check(m_survey.checkComplete().ok(), {"ยังตอบไม่ครบ", "Some questions still need an answer"}))
        return;
    const bool saved = m_backend->submitSurvey(m_survey).ok();
    if (!saved && sendHomeIfNoRecords(kNoSurveysNow))
        return;
    if (!check(saved, {"บันทึกคำตอบไม่สำเร็จ กรุณาลองอีกครั้ง", "The answers could not be saved. Please try again"}))
        return;
    m_surveySubmitted = true;
    show(Screen::SurveyThanks);
}

// [SECTION] Tickets

void KioskFlow::openTicketCheck(std::int64_t nowMs) {
    if (touchOn(Screen::Home, nowMs))
        startFlow(Screen::TicketEntry);
}

void KioskFlow::setTicketText(std::string text, std::int64_t nowMs) {
    const bool fits = text.size() <= 24 && text.find_first_not_of("0123456789- ") == std::string::npos;
    typeInto(Screen::TicketEntry, m_ticketText, std::move(text), fits,
             {"เลขที่เรื่องมีเฉพาะตัวเลขและขีด", "A ticket number has only digits and dashes"}, nowMs);
}

void KioskFlow::lookUpTicket(std::int64_t nowMs) {
    if (!touchOn(Screen::TicketEntry, nowMs))
        return;
    auto ticket = core::Ticket::parse(m_ticketText, m_backend->homeOffice());
    if (!ticket) {
        refuse({"เลขที่เรื่องไม่ถูกต้อง กรุณาตรวจสอบกับใบรับเรื่อง",
                "That ticket number is not valid. Please check it against the receipt"});
        return;
    }
    auto found = m_backend->lookUpTicket(*ticket);
    if (!found) {
        refuse({"ค้นหาไม่สำเร็จ กรุณาลองอีกครั้ง", "The ticket could not be looked up. Please try again"});
        return;
    }
    m_ticketResult = std::move(*found);
    show(Screen::TicketResult);
}

}  // namespace fangsiang::kiosk
