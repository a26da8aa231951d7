#pragma once
// The citizen kiosk as a state machine: which screen is up, what has been
// chosen and typed so far, and what each touch does. ui/ draws this state and
// reports touches as calls below; tests drive it with no screen at all.
//
// Rules it keeps:
//   - every screen has a way back (back()), and Home is one touch away;
//   - multi-step flows report their step (step());
//   - after the idle timeout a countdown shows, then everything is dropped
//     and Welcome returns: nothing a citizen typed survives for the next one;
//   - a complaint or survey response is submitted at most once per flow.

#include "core/catalogue.hpp"
#include "core/survey.hpp"
#include "core/text_pair.hpp"
#include "core/ticket.hpp"
#include "kiosk/service_search.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::kiosk {

enum class Screen {
    Welcome,
    Home,
    ServiceCategories,
    ServiceList,
    ServiceSearch,
    ServiceDetail,
    ComplaintCategory,
    ComplaintDescribe,
    ComplaintPlace,
    ComplaintPrivacy,
    ComplaintContact,
    ComplaintReview,
    ComplaintReceipt,
    SurveyQuestion,
    SurveyThanks,
    TicketEntry,
    TicketResult,
};

[[nodiscard]] const char* screenName(Screen screen);

enum class ComplaintCategory {
    RoadsLights,
    Water,
    Waste,
    DrainageFlood,
    NoiseNuisance,
    StrayAnimals,
    ConductCorruption,
    Other,
};
inline constexpr int kComplaintCategoryCount = 8;
[[nodiscard]] const char* complaintCategoryId(ComplaintCategory category);
[[nodiscard]] const core::TextPair& complaintCategoryLabel(ComplaintCategory category);

inline constexpr int kMaxComplaintLength = 2000;  // characters
inline constexpr int kMaxLandmarkLength = 200;
inline constexpr int kMaxNameLength = 100;

struct ComplaintForm {
    std::optional<ComplaintCategory> category;
    std::string description;
    std::string village;   // หมู่ที่: a number, optional
    std::string landmark;  // optional
    std::optional<bool> giveContact;  // nullopt until the citizen decides after the privacy notice
    std::string name;
    std::string phone;
};

struct ComplaintReceipt {
    core::Ticket ticket;
    std::string checkCode;
    std::int64_t createdAtMs = 0;
    bool withContact = false;
};

// What the kiosk can say of a ticket: what it knows itself (unknown, not
// sent yet, received), then what the office's case workflow says.
enum class TicketState {
    Unknown,
    SavedOnKiosk,
    ReceivedByOffice,
    Accepted,
    InProgress,
    Resolved,
    Closed,
    Forwarded,
    NotOurs,
    Duplicate,
    Rejected,
};
inline constexpr std::size_t kTicketStateCount = 11;

struct TicketLookup {
    core::Ticket ticket;
    TicketState state = TicketState::Unknown;
    std::string reply;  // the office's reply, when there is one
    std::int64_t updatedAtMs = 0;
};

// Where submissions go and ticket states come from: the record store (and,
// through sync, the hub). Implemented over the real store by StoreBackend.
class KioskBackend {
public:
    virtual ~KioskBackend() = default;
    [[nodiscard]] virtual core::Result<ComplaintReceipt> submitComplaint(const ComplaintForm& form) = 0;
    [[nodiscard]] virtual core::Status submitSurvey(const core::SurveyResponse& response) = 0;
    [[nodiscard]] virtual core::Result<TicketLookup> lookUpTicket(const core::Ticket& ticket) = 0;
    // The office code tickets of this kiosk carry, so a citizen may type
    // only the local part.
    [[nodiscard]] virtual std::string homeOffice() const = 0;
    // False while the kiosk cannot save a record (its store was lost and
    // waits for the IT person): the flows that make one say so and stay
    // on Home.
    [[nodiscard]] virtual bool takesRecords() { return true; }
};

struct IdlePolicy {
    std::int64_t timeoutMs = 90'000;   // no touch for this long: the countdown starts
    std::int64_t countdownMs = 15'000; // how long the countdown shows before the reset
};

struct DisplaySettings {
    core::Language language = core::Language::Thai;
    bool largeText = false;
    bool highContrast = false;
    bool operator==(const DisplaySettings&) const = default;
};

struct StepInfo {
    int current = 0;  // 1-based; 0 when the screen is not part of a multi-step flow
    int total = 0;
};

class KioskFlow {
public:
    // The catalogue, search index and survey must outlive the flow.
    KioskFlow(const core::Catalogue& catalogue, const ServiceSearch& search, const core::SurveyDefinition& survey,
              KioskBackend& backend, IdlePolicy idle, DisplaySettings defaults, std::int64_t nowMs);

    // [SECTION] State, for drawing
    [[nodiscard]] Screen screen() const { return m_screen; }
    [[nodiscard]] StepInfo step() const;
    [[nodiscard]] const DisplaySettings& display() const { return m_display; }
    [[nodiscard]] const core::Catalogue& catalogue() const { return *m_catalogue; }
    [[nodiscard]] const core::ServiceCategory* selectedCategory() const { return m_category; }
    [[nodiscard]] const core::Service* selectedService() const { return m_service; }
    [[nodiscard]] const std::string& searchQuery() const { return m_query; }
    [[nodiscard]] const std::vector<const core::Service*>& searchResults() const { return m_results; }
    [[nodiscard]] const ComplaintForm& complaint() const { return m_complaint; }
    [[nodiscard]] const std::optional<ComplaintReceipt>& receipt() const { return m_receipt; }
    [[nodiscard]] const core::SurveyResponse& survey() const { return m_survey; }
    [[nodiscard]] const core::Question* currentQuestion() const;
    [[nodiscard]] const std::string& ticketText() const { return m_ticketText; }
    [[nodiscard]] const std::optional<TicketLookup>& ticketResult() const { return m_ticketResult; }
    // The last refusal in plain words (Thai and English), for a toast;
    // cleared by the next successful action.
    [[nodiscard]] const std::optional<core::TextPair>& notice() const { return m_notice; }
    // Seconds left before the idle reset while the countdown shows.
    [[nodiscard]] std::optional<int> idleCountdown(std::int64_t nowMs) const;
    // When the state would next change without a touch (countdown start,
    // each second of the countdown, the reset, the end of a finished screen):
    // the frame loop may sleep until then. INT64_MAX when never.
    [[nodiscard]] std::int64_t nextDeadline(std::int64_t nowMs) const;

    // [SECTION] Touches. Each counts as activity for the idle timer.
    void start(std::int64_t nowMs);  // Welcome → Home
    void back(std::int64_t nowMs);
    void goHome(std::int64_t nowMs);
    // "Done": the visit is over; everything is dropped and Welcome returns
    // for the next citizen.
    void finish(std::int64_t nowMs);
    void setLanguage(core::Language language, std::int64_t nowMs);
    void toggleLargeText(std::int64_t nowMs);
    void toggleHighContrast(std::int64_t nowMs);
    void keepAlive(std::int64_t nowMs);  // any touch that changes nothing else

    void openServices(std::int64_t nowMs);
    void chooseCategory(std::string_view categoryId, std::int64_t nowMs);
    void openSearch(std::int64_t nowMs);  // from the categories screen
    void setSearchQuery(std::string text, std::int64_t nowMs);
    void chooseService(std::string_view serviceId, std::int64_t nowMs);  // from a list or the results

    void openComplaint(std::int64_t nowMs);
    void chooseComplaintCategory(ComplaintCategory category, std::int64_t nowMs);
    void setDescription(std::string text, std::int64_t nowMs);
    void setVillage(std::string text, std::int64_t nowMs);
    void setLandmark(std::string text, std::int64_t nowMs);
    void chooseContact(bool give, std::int64_t nowMs);
    void setName(std::string text, std::int64_t nowMs);
    void setPhone(std::string text, std::int64_t nowMs);
    void next(std::int64_t nowMs);  // the step's "next" button (complaint and survey)
    void submitComplaint(std::int64_t nowMs);

    void openSurvey(std::int64_t nowMs);
    void answer(core::Answer answer, std::int64_t nowMs);
    void submitSurvey(std::int64_t nowMs);

    void openTicketCheck(std::int64_t nowMs);
    void setTicketText(std::string text, std::int64_t nowMs);
    void lookUpTicket(std::int64_t nowMs);

    // Advances timers: the idle countdown and reset, the automatic return
    // from the thank-you and receipt screens, and, on Welcome, the return of
    // the office's display settings after someone changed them and left.
    void tick(std::int64_t nowMs);

    // New content (a bundle from the hub, an edited file) takes the place of
    // the old only on the Welcome screen, so nothing changes under a
    // citizen's finger. Returns false, changing nothing, while someone is
    // using the kiosk. The new objects must outlive the flow (or the next
    // replacement); the old ones may go once this returns true.
    [[nodiscard]] bool replaceContent(const core::Catalogue& catalogue, const ServiceSearch& search,
                                      const core::SurveyDefinition& survey);

private:
    void touch(std::int64_t nowMs);
    // touch(), and whether `screen` is up: the one a touch of that screen acts on.
    [[nodiscard]] bool touchOn(Screen screen, std::int64_t nowMs);
    void show(Screen screen);
    void refuse(core::TextPair why);
    // When the backend takes no records: back to Home with `why`, the
    // polite word for the citizen; true when that happened.
    [[nodiscard]] bool sendHomeIfNoRecords(const core::TextPair& why);
    // `ok`, refusing with `why` when it is false.
    [[nodiscard]] bool check(bool ok, core::TextPair why);
    // A touch of a button on `from` that leads to `to`.
    void go(Screen from, Screen to, std::int64_t nowMs);
    // Makes question `index` the current one, unless there is none (-1).
    [[nodiscard]] bool moveToQuestion(int index);
    // A new flow from Home: nothing typed before carries over.
    void startFlow(Screen first);
    // A text field of `screen` edited: `text` replaces (and wipes) what the
    // field held when it `fits`, or is refused with `why`.
    void typeInto(Screen screen, std::string& field, std::string text, bool fits, core::TextPair why,
                  std::int64_t nowMs);
    void resetAll();
    void clearTyped();
    [[nodiscard]] bool complaintStepComplete();

    const core::Catalogue* m_catalogue;
    const ServiceSearch* m_search;
    const core::SurveyDefinition* m_surveyDefinition;
    KioskBackend* m_backend;
    IdlePolicy m_idle;
    DisplaySettings m_defaults;
    DisplaySettings m_display;

    Screen m_screen = Screen::Welcome;
    std::int64_t m_lastTouchMs = 0;
    std::int64_t m_screenSinceMs = 0;
    std::optional<core::TextPair> m_notice;

    const core::ServiceCategory* m_category = nullptr;
    const core::Service* m_service = nullptr;
    Screen m_detailFrom = Screen::ServiceList;
    std::string m_query;
    std::vector<const core::Service*> m_results;

    ComplaintForm m_complaint;
    std::optional<ComplaintReceipt> m_receipt;
    bool m_complaintSubmitted = false;

    core::SurveyResponse m_survey;
    int m_question = -1;
    bool m_surveySubmitted = false;

    std::string m_ticketText;
    std::optional<TicketLookup> m_ticketResult;
};

// A receipt or thank-you screen returns to Welcome by itself after this long.
inline constexpr std::int64_t kFinishedScreenMs = 30'000;

}  // namespace fangsiang::kiosk
