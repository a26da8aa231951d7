#include "kiosk/staff_flow.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "kiosk/pin_lock.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <ctime>

namespace fangsiang::kiosk {

const char* staffScreenName(StaffScreen screen) {
    switch (screen) {
    case StaffScreen::Pin: return "staff-pin";
    case StaffScreen::Menu: return "staff-menu";
    case StaffScreen::Enrol: return "staff-enrol";
    case StaffScreen::Sync: return "staff-sync";
    case StaffScreen::Content: return "staff-content";
    case StaffScreen::Export: return "staff-export";
    case StaffScreen::Printer: return "staff-printer";
    }
    return "unknown";
}

std::vector<std::filesystem::path> removableMediaIn(std::string_view procMounts) {
    std::vector<std::filesystem::path> out;
    std::size_t at = 0;
    while (at < procMounts.size()) {
        std::size_t end = procMounts.find('\n', at);
        if (end == std::string_view::npos)
            end = procMounts.size();
        const std::string_view line = procMounts.substr(at, end - at);
        at = end + 1;
        // "device mountpoint type options 0 0"
        const std::size_t a = line.find(' ');
        if (a == std::string_view::npos)
            continue;
        const std::size_t b = line.find(' ', a + 1);
        const std::string_view escaped = line.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
        std::string point;
        for (std::size_t i = 0; i < escaped.size(); ++i) {
            if (escaped[i] == '\\' && i + 3 < escaped.size() &&
                std::all_of(escaped.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                            escaped.begin() + static_cast<std::ptrdiff_t>(i) + 4, [](char c) { return c >= '0' && c <= '7'; })) {
                point += static_cast<char>((escaped[i + 1] - '0') * 64 + (escaped[i + 2] - '0') * 8 + (escaped[i + 3] - '0'));
                i += 3;
            } else {
                point += escaped[i];
            }
        }
        if (point.rfind("/media/", 0) == 0 || point.rfind("/run/media/", 0) == 0)
            out.emplace_back(point);
    }
    return out;
}

namespace {

std::string clockText(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm at{};
    localtime_r(&t, &at);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", at.tm_hour, at.tm_min);
    return buf;
}

core::TextPair lockedWords(std::int64_t untilMs, std::int64_t nowMs) {
    const std::string at = clockText(untilMs);
    const std::string minutes = std::to_string(std::max<std::int64_t>(1, (untilMs - nowMs + 59'999) / 60'000));
    return {"ใส่รหัสผิดหลายครั้ง เมนูเจ้าหน้าที่ถูกล็อกไว้ถึง " + at + " น. (อีก " + minutes + " นาที)",
            "Too many wrong PINs: the staff menu is locked until " + at + " (" + minutes + " min)"};
}

}  // namespace

StaffFlow::StaffFlow(StaffBackend& backend, StaffPolicy policy, TerminalMode mode, DisplaySettings display,
                     std::int64_t nowMs)
    : m_backend(&backend), m_policy(std::move(policy)), m_mode(mode), m_display(display), m_lastTouchMs(nowMs) {
    loadLock(nowMs);
    if (!m_policy.pinRequired && m_policy.pinHash.empty()) {
        m_screen = StaffScreen::Menu;
        m_status = m_backend->status();
    } else if (m_policy.pinHash.empty()) {
        say(false, {"ยังไม่ได้ตั้งรหัสเจ้าหน้าที่ (kiosk.toml ส่วน [staff] pin_hash)",
                    "No staff PIN is set up ([staff] pin_hash in kiosk.toml)"});
    }
}

void StaffFlow::loadLock(std::int64_t nowMs) {
    if (m_policy.lockFile.empty())
        return;
    auto kept = loadPinLock(m_policy.lockFile);
    if (!kept) {
        // A damaged count fails safe: locked, as after too many wrong PINs.
        std::fprintf(stderr, "fangsiang-kiosk: staff PIN lock: %s; the menu is locked for a while\n",
                     kept.error().message.c_str());
        m_wrong = m_policy.maxTries;
        m_lockedUntilMs = nowMs + m_policy.lockMs;
        saveLock();
        return;
    }
    m_wrong = kept->wrong;
    // A clock set back must not make the lock longer than one lock.
    m_lockedUntilMs = std::min(kept->lockedUntilMs, nowMs + m_policy.lockMs);
    if (m_wrong >= m_policy.maxTries && m_lockedUntilMs == 0) {
        // The last try was counted but the program stopped before it locked.
        m_lockedUntilMs = nowMs + m_policy.lockMs;
        saveLock();
    }
    if (m_lockedUntilMs > nowMs)
        say(false, lockedWords(m_lockedUntilMs, nowMs));
    else if (m_lockedUntilMs != 0) {
        m_wrong = 0;
        m_lockedUntilMs = 0;
        saveLock();
    }
}

void StaffFlow::saveLock() {
    if (m_policy.lockFile.empty())
        return;
    if (auto saved = savePinLock(m_policy.lockFile, PinLockState{m_wrong, m_lockedUntilMs}); !saved)
        std::fprintf(stderr, "fangsiang-kiosk: staff PIN lock: %s\n", saved.error().message.c_str());
}

void StaffFlow::say(bool ok, core::TextPair words) {
    m_outcomeOk = ok;
    m_outcome = std::move(words);
    m_problem.reset();
    m_detail.clear();
}

void StaffFlow::sayLinkResult(const core::Result<std::string>& result, const core::TextPair& failed) {
    if (result) {
        say(true, {*result, *result});
        return;
    }
    say(false, failed);
    m_problem = syncProblemOf(result.error());
    m_detail = result.error().message;
}

void StaffFlow::sayResult(const core::Result<std::string>& result, const core::TextPair& failed) {
    if (result)
        say(true, {*result, *result});
    else
        say(false, {failed.th + ": " + result.error().message, failed.en + ": " + result.error().message});
}

std::optional<std::int64_t> StaffFlow::lockedUntil(std::int64_t nowMs) const {
    if (m_lockedUntilMs > nowMs)
        return m_lockedUntilMs;
    return std::nullopt;
}

std::int64_t StaffFlow::nextDeadline(std::int64_t nowMs) const {
    std::int64_t due = INT64_MAX;
    if (m_syncPending)
        return due;  // synced() comes with a wake of its own
    if (m_screen != StaffScreen::Pin || !m_pin.empty())
        due = m_lastTouchMs + m_policy.idleMs;
    if (m_lockedUntilMs > nowMs)
        due = std::min(due, m_lockedUntilMs);
    return due;
}

void StaffFlow::lock() {
    core::wipe(m_pin);
    m_pin.clear();
    m_hubUrl.clear();
    if (!m_code.empty())
        core::wipe(m_code);
    m_code.clear();
    m_folder.clear();
    m_outcome.reset();
    if (m_policy.pinRequired || !m_policy.pinHash.empty())
        m_screen = StaffScreen::Pin;
    else
        m_screen = StaffScreen::Menu;
}

void StaffFlow::tick(std::int64_t nowMs) {
    // A sync under way keeps its screen until its outcome is shown.
    if (!m_syncPending && (m_screen != StaffScreen::Pin || !m_pin.empty()) && nowMs - m_lastTouchMs >= m_policy.idleMs)
        lock();
    if (m_screen == StaffScreen::Pin && m_lockedUntilMs != 0 && m_lockedUntilMs <= nowMs) {
        m_lockedUntilMs = 0;
        m_wrong = 0;
        m_outcome.reset();
        saveLock();
    }
}

// [SECTION] The PIN

void StaffFlow::typePin(std::string digits, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Pin || digits.size() > kMaxPinLength ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return;
    core::wipe(m_pin);
    m_pin = std::move(digits);
}

void StaffFlow::submitPin(std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Pin)
        return;
    if (m_policy.pinHash.empty())
        return;  // the constructor said why
    if (m_lockedUntilMs > nowMs) {
        say(false, lockedWords(m_lockedUntilMs, nowMs));
        return;
    }
    if (m_pin.size() < kMinPinLength) {
        // Too short to be anyone's PIN: not a guess, so not counted.
        core::wipe(m_pin);
        m_pin.clear();
        say(false, {"รหัสเจ้าหน้าที่มีอย่างน้อย " + std::to_string(kMinPinLength) + " หลัก",
                    "The staff PIN has at least " + std::to_string(kMinPinLength) + " digits"});
        return;
    }
    // The try is counted on disk before the PIN is checked: a guesser who
    // cuts the power while Argon2id runs has still used it.
    ++m_wrong;
    saveLock();
    const bool right = core::verifyPassword(m_policy.pinHash, m_pin);
    core::wipe(m_pin);
    m_pin.clear();
    if (!right) {
        if (m_wrong >= m_policy.maxTries) {
            m_lockedUntilMs = nowMs + m_policy.lockMs;
            saveLock();
            say(false, lockedWords(m_lockedUntilMs, nowMs));
        } else {
            const std::string left = std::to_string(m_policy.maxTries - m_wrong);
            say(false, {"รหัสไม่ถูกต้อง ลองได้อีก " + left + " ครั้ง", "That PIN is not right; " + left + " tries left"});
        }
        return;
    }
    m_wrong = 0;
    saveLock();
    m_outcome.reset();
    m_status = m_backend->status();
    m_screen = StaffScreen::Menu;
}

// [SECTION] The menu

void StaffFlow::open(StaffScreen item, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Menu || item == StaffScreen::Pin || item == StaffScreen::Menu)
        return;
    m_outcome.reset();
    m_status = m_backend->status();
    if (item == StaffScreen::Export)
        m_media = m_backend->removableMedia();
    m_screen = item;
}

void StaffFlow::back(std::int64_t nowMs) {
    touch(nowMs);
    m_outcome.reset();
    if (m_screen == StaffScreen::Menu || m_screen == StaffScreen::Pin)
        leave(nowMs);
    else
        m_screen = StaffScreen::Menu;
}

void StaffFlow::setLanguage(core::Language language, std::int64_t nowMs) {
    touch(nowMs);
    m_display.language = language;
}

void StaffFlow::setHubUrl(std::string text, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen == StaffScreen::Enrol && text.size() <= 200 && core::isValidUtf8(text))
        m_hubUrl = std::move(text);
}

void StaffFlow::setCode(std::string text, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen == StaffScreen::Enrol && text.size() <= 64 && core::isValidUtf8(text)) {
        if (!m_code.empty())
            core::wipe(m_code);
        m_code = std::move(text);
    }
}

void StaffFlow::setFolder(std::string text, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen == StaffScreen::Export && text.size() <= 400 && core::isValidUtf8(text))
        m_folder = std::move(text);
}

void StaffFlow::enrol(std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Enrol)
        return;
    if (m_hubUrl.rfind("http://", 0) != 0 && m_hubUrl.rfind("https://", 0) != 0) {
        say(false, {"ที่อยู่สำนักงานต้องขึ้นต้นด้วย https:// หรือ http://", "The hub address must start with https:// or http://"});
        return;
    }
    if (core::isBlank(m_code)) {
        say(false, {"กรุณาใส่รหัสลงทะเบียนที่สำนักงานให้มา", "Please type the one-time code the office gave you"});
        return;
    }
    auto result = m_backend->enrol(m_hubUrl, m_code);
    sayLinkResult(result, {"ลงทะเบียนไม่สำเร็จ", "Enrolment failed"});
    if (result) {
        core::wipe(m_code);
        m_code.clear();
        m_enrolledNow = true;
    }
    m_status = m_backend->status();
    m_lastTouchMs = nowMs;
}

void StaffFlow::syncNow(std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Sync || m_syncPending)
        return;
    m_syncPending = true;
    m_syncStartedMs = nowMs;
    m_status = m_backend->status();
    say(true, {"กำลังส่งข้อมูล…", "Sending…"});
}

void StaffFlow::synced(const core::Result<std::string>& result, std::int64_t nowMs) {
    if (!m_syncPending)
        return;
    m_syncPending = false;
    m_lastTouchMs = std::max(m_lastTouchMs, nowMs);  // the idle time starts again with the outcome
    sayLinkResult(result, {"ส่งข้อมูลไม่สำเร็จ", "Sync failed"});
    m_status = m_backend->status();
}

void StaffFlow::exportTo(std::size_t medium, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Export || medium >= m_media.size())
        return;
    sayResult(m_backend->exportTo(m_media[medium]), {"ส่งออกไม่สำเร็จ", "Export failed"});
}

void StaffFlow::exportToFolder(std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Export)
        return;
    if (m_folder.empty() || m_folder.front() != '/') {
        say(false, {"กรุณาพิมพ์ตำแหน่งโฟลเดอร์ เช่น /media/usb", "Please type a folder, e.g. /media/usb"});
        return;
    }
    sayResult(m_backend->exportTo(m_folder), {"ส่งออกไม่สำเร็จ", "Export failed"});
}

void StaffFlow::printTest(std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Printer)
        return;
    m_printPending = true;
    m_outcome.reset();
}

void StaffFlow::printed(const core::Result<std::string>& result) {
    m_printPending = false;
    sayResult(result, {"พิมพ์ไม่สำเร็จ", "Printing failed"});
}

void StaffFlow::switchTo(TerminalMode mode, std::int64_t nowMs) {
    touch(nowMs);
    if (m_screen != StaffScreen::Menu)
        return;
    m_mode = mode;
    m_leaving = true;
}

void StaffFlow::leave(std::int64_t nowMs) {
    touch(nowMs);
    lock();
    m_leaving = true;
}

}  // namespace fangsiang::kiosk
