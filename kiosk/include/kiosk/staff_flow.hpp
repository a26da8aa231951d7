#pragma once
// The staff menu as a state machine: what the office's IT person or an
// enumerator does on the terminal itself, so that nobody needs a shell.
// Reached from the citizen kiosk by a long press on the office's name and
// the staff PIN (an Argon2id hash in kiosk.toml), or from field mode.
//
// Rules it keeps:
//   - five wrong PINs in a row lock the menu for a while, and the screen
//     says until when; the count and the lock are on disk, so closing the
//     menu, killing the program or a restart does not reset them;
//   - an idle staff screen locks again (the PIN is asked anew);
//   - enrolment, sync and export go through the sync client's own
//     functions (the backend), and say what happened in words.

#include "core/result.hpp"
#include "core/text_pair.hpp"
#include "kiosk/flow.hpp"
#include "kiosk/sync_problem.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::kiosk {

enum class StaffScreen {
    Pin,      // the staff PIN
    Menu,     // the items
    Enrol,    // hub address and one-time code
    Sync,     // what waits, what was sent, the last success and the last error; sync now
    Content,  // the content on show and its version
    Export,   // the removable media mounted, or a folder typed
    Printer,  // a test receipt
};
[[nodiscard]] const char* staffScreenName(StaffScreen screen);

// What the terminal is showing when the staff leave the menu.
enum class TerminalMode { Citizen, Field };

struct StaffStatus {
    bool enrolled = false;
    std::string hubUrl;
    std::uint64_t waiting = 0;     // records not yet acknowledged
    std::uint64_t sentUpTo = 0;    // the hub holds every record up to this one
    std::int64_t lastSuccessMs = 0;
    std::string lastError;         // the technical detail; empty when the last pass went well
    std::optional<SyncProblem> lastProblem;  // its kind, said in words by the screen
    std::uint64_t contentVersion = 0;
    std::string contentSource;     // where the content on show came from, in words
};

// What the staff menu's items do: implemented over the sync client, the
// store and the printer by the program (apps/kiosk_staff.cpp).
class StaffBackend {
public:
    virtual ~StaffBackend() = default;
    [[nodiscard]] virtual StaffStatus status() = 0;
    // Each returns what happened in words, or the error.
    [[nodiscard]] virtual core::Result<std::string> enrol(const std::string& hubUrl, const std::string& code) = 0;
    // One push and pull. The program runs it on a worker thread of its own
    // (StaffFlow::syncPending), never on the thread that draws.
    [[nodiscard]] virtual core::Result<std::string> syncNow() = 0;
    [[nodiscard]] virtual std::vector<std::filesystem::path> removableMedia() = 0;
    [[nodiscard]] virtual core::Result<std::string> exportTo(const std::filesystem::path& folder) = 0;
    // Draws and prints the test page; called between frames.
    [[nodiscard]] virtual core::Result<std::string> printTest() = 0;
};

struct StaffPolicy {
    std::string pinHash;                 // Argon2id ([staff] pin_hash); empty: no PIN set
    bool pinRequired = true;             // false when opened from field mode on a device without a PIN
    int maxTries = 5;
    std::int64_t lockMs = 5 * 60'000;    // after maxTries wrong PINs
    std::int64_t idleMs = 120'000;       // an idle staff screen locks
    // Where the wrong tries and the lock are kept across restarts
    // (kiosk/pin_lock.hpp); empty keeps them in memory only.
    std::filesystem::path lockFile{};
};

inline constexpr std::size_t kMaxPinLength = 12;
inline constexpr std::size_t kMinPinLength = 4;

// Mount points under /media and /run/media in the text of /proc/mounts
// (octal escapes such as \040 for a space undone).
[[nodiscard]] std::vector<std::filesystem::path> removableMediaIn(std::string_view procMounts);

class StaffFlow {
public:
    StaffFlow(StaffBackend& backend, StaffPolicy policy, TerminalMode mode, DisplaySettings display, std::int64_t nowMs);

    // [SECTION] State, for drawing
    [[nodiscard]] StaffScreen screen() const { return m_screen; }
    [[nodiscard]] const DisplaySettings& display() const { return m_display; }
    [[nodiscard]] std::size_t pinLength() const { return m_pin.size(); }
    [[nodiscard]] int wrongTries() const { return m_wrong; }
    // Until when the PIN is refused, when it is.
    [[nodiscard]] std::optional<std::int64_t> lockedUntil(std::int64_t nowMs) const;
    [[nodiscard]] const StaffStatus& status() const { return m_status; }
    [[nodiscard]] const std::vector<std::filesystem::path>& media() const { return m_media; }
    [[nodiscard]] const std::string& hubUrl() const { return m_hubUrl; }
    [[nodiscard]] const std::string& code() const { return m_code; }
    [[nodiscard]] const std::string& folder() const { return m_folder; }
    // The outcome of the last action, in words (Thai and English), and whether it went well.
    [[nodiscard]] const std::optional<core::TextPair>& outcome() const { return m_outcome; }
    [[nodiscard]] bool outcomeOk() const { return m_outcomeOk; }
    // When the last sync or enrolment failed: what kind of trouble (the
    // screens say it in words) and the error's own text, secondary.
    [[nodiscard]] const std::optional<SyncProblem>& problem() const { return m_problem; }
    [[nodiscard]] const std::string& detail() const { return m_detail; }
    [[nodiscard]] TerminalMode mode() const { return m_mode; }
    // Set when the staff leave the menu; the program shows that mode.
    [[nodiscard]] bool leaving() const { return m_leaving; }
    // Set after an enrolment went through: the program reopens the kiosk with its new hub.
    [[nodiscard]] bool enrolled() const { return m_enrolledNow; }
    [[nodiscard]] std::int64_t nextDeadline(std::int64_t nowMs) const;

    // [SECTION] Touches
    void typePin(std::string digits, std::int64_t nowMs);  // the PIN field's text
    void submitPin(std::int64_t nowMs);
    void open(StaffScreen item, std::int64_t nowMs);
    void back(std::int64_t nowMs);
    void setLanguage(core::Language language, std::int64_t nowMs);
    void setHubUrl(std::string text, std::int64_t nowMs);
    void setCode(std::string text, std::int64_t nowMs);
    void setFolder(std::string text, std::int64_t nowMs);
    void enrol(std::int64_t nowMs);
    // Asks for a sync. It takes as long as the link does, so the program
    // runs it on a worker (syncPending) while the screen says "sending"
    // with what waits, and hands the outcome to synced().
    void syncNow(std::int64_t nowMs);
    [[nodiscard]] bool syncPending() const { return m_syncPending; }
    [[nodiscard]] std::int64_t syncStartedMs() const { return m_syncStartedMs; }
    void synced(const core::Result<std::string>& result, std::int64_t nowMs);
    void exportTo(std::size_t medium, std::int64_t nowMs);  // one of media()
    void exportToFolder(std::int64_t nowMs);                 // the folder typed
    // Asks for a test receipt. The page is drawn with frames of its own, so
    // the program prints it between frames (printPending) and hands the
    // outcome to printed().
    void printTest(std::int64_t nowMs);
    [[nodiscard]] bool printPending() const { return m_printPending; }
    void printed(const core::Result<std::string>& result);
    void switchTo(TerminalMode mode, std::int64_t nowMs);
    void leave(std::int64_t nowMs);
    // The idle lock.
    void tick(std::int64_t nowMs);

private:
    void touch(std::int64_t nowMs) { m_lastTouchMs = nowMs; }
    void say(bool ok, core::TextPair words);
    void sayResult(const core::Result<std::string>& result, const core::TextPair& failed);
    // Like sayResult, with a failure said as its kind (SyncProblem) and its detail.
    void sayLinkResult(const core::Result<std::string>& result, const core::TextPair& failed);
    void lock();
    void loadLock(std::int64_t nowMs);
    void saveLock();

    StaffBackend* m_backend;
    StaffPolicy m_policy;
    TerminalMode m_mode;
    DisplaySettings m_display;
    StaffScreen m_screen = StaffScreen::Pin;
    std::string m_pin;
    int m_wrong = 0;
    std::int64_t m_lockedUntilMs = 0;
    std::int64_t m_lastTouchMs = 0;
    StaffStatus m_status;
    std::vector<std::filesystem::path> m_media;
    std::string m_hubUrl;
    std::string m_code;
    std::string m_folder;
    std::optional<core::TextPair> m_outcome;
    bool m_outcomeOk = false;
    bool m_leaving = false;
    bool m_enrolledNow = false;
    bool m_printPending = false;
    bool m_syncPending = false;
    std::int64_t m_syncStartedMs = 0;
    std::optional<SyncProblem> m_problem;
    std::string m_detail;
};

}  // namespace fangsiang::kiosk
