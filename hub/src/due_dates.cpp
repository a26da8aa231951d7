#include "hub/due_dates.hpp"

#include "core/content_json.hpp"
#include "core/json_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>

namespace fangsiang::hub {

namespace chr = std::chrono;

namespace {

constexpr std::array<std::string_view, 7> kWeekdayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// "2026-12-05": a real date, written with four, two and two digits.
std::optional<chr::sys_days> parseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int year = 0;
    unsigned month = 0, day = 0;
    auto digits = [&text](std::size_t from, std::size_t n, auto& out) {
        const char* first = text.data() + from;
        for (std::size_t i = 0; i < n; ++i)
            if (first[i] < '0' || first[i] > '9')
                return false;
        return std::from_chars(first, first + n, out).ec == std::errc{};
    };
    if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day))
        return std::nullopt;
    const chr::year_month_day date{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!date.ok())
        return std::nullopt;
    return chr::sys_days{date};
}

core::Result<int> days(const core::JsonFields& f, const char* key, int fallback, int min) {
    return static_cast<int>(TRY(f.optionalInteger(key, min, kMaxPolicyDays)).value_or(fallback));
}

}  // namespace

bool CasePolicy::isWorkingDay(chr::sys_days day) const {
    return !weekend[chr::weekday{day}.c_encoding()] && !holidays.contains(day);
}

int CasePolicy::targetFor(std::string_view category) const {
    auto found = targetDays.find(category);
    return found == targetDays.end() ? defaultTargetDays : found->second;
}

core::Result<CasePolicy> parseCasePolicy(std::string_view json, const std::string& fileName) {
    const core::Where where(fileName);
    const auto object = TRY(core::parseJsonObject(json, where));
    const core::JsonFields f(object, where);
    TRY(f.onlyFields({"format", "counting", "weekend", "holidays", "targets", "default_target_days", "reply_days",
                      "due_soon_days"},
                     "is not a setting of a case policy"));
    if (TRY(f.integer("format")) != 1)
        return where.field("format").error("must be 1");

    CasePolicy policy;
    if (auto counting = TRY(f.optionalString("counting", 16))) {
        if (*counting == "working")
            policy.counting = DayCounting::Working;
        else if (*counting == "calendar")
            policy.counting = DayCounting::Calendar;
        else
            return where.field("counting").error("must be \"working\" or \"calendar\"");
    }
    if (f.find("weekend") != nullptr) {
        policy.weekend.fill(false);
        const auto* list = TRY(f.array("weekend", true, 7));
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto& day = (*list)[i];
            const auto name = day.is_string() ? day.get<std::string>() : std::string();
            const auto* at = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), name);
            if (at == kWeekdayNames.end())
                return where.field("weekend").index(i).error("must be one of sun, mon, tue, wed, thu, fri, sat");
            policy.weekend[static_cast<std::size_t>(at - kWeekdayNames.begin())] = true;
        }
        if (list->size() == 7)
            return where.field("weekend").error("leaves no working day in the week");
    }
    const auto* holidays = TRY(f.array("holidays", false, kMaxHolidays));
    for (std::size_t i = 0; i < holidays->size(); ++i) {
        const auto& day = (*holidays)[i];
        const auto date = day.is_string() ? parseDate(day.get<std::string>()) : std::nullopt;
        if (!date)
            return where.field("holidays").index(i).error("must be a date written as YYYY-MM-DD");
        policy.holidays.insert(*date);
    }
    if (const auto* targets = f.find("targets")) {
        if (!targets->is_object())
            return where.field("targets").error("must map complaint categories to days");
        const core::JsonFields t(*targets, where.field("targets"));
        for (const auto& [category, value] : targets->items()) {
            if (!core::content::isValidId(category))
                return where.field("targets").field(category).error("is not a category id");
            policy.targetDays.emplace(category, static_cast<int>(TRY(t.integer(category.c_str(), 1, kMaxPolicyDays))));
        }
    }
    policy.defaultTargetDays = TRY(days(f, "default_target_days", policy.defaultTargetDays, 1));
    policy.replyDays = TRY(days(f, "reply_days", policy.replyDays, 1));
    policy.dueSoonDays = TRY(days(f, "due_soon_days", policy.dueSoonDays, 0));
    return policy;
}

chr::sys_days officeDate(const CasePolicy& policy, std::int64_t atMs) {
    const auto local = chr::sys_time<chr::milliseconds>{chr::milliseconds{atMs}} + policy.utcOffset;
    return chr::floor<chr::days>(local);
}

chr::sys_days addDays(const CasePolicy& policy, chr::sys_days start, int days) {
    chr::sys_days day = start;
    if (policy.counting == DayCounting::Calendar) {
        day += chr::days{days};
    } else {
        for (int counted = 0; counted < days;) {
            day += chr::days{1};
            if (policy.isWorkingDay(day))
                ++counted;
        }
    }
    // A period never ends on a day off. The weekend leaves a working day in
    // every week, but holidays could fill one: a year's search is enough.
    for (int guard = 0; guard < 366 && !policy.isWorkingDay(day); ++guard)
        day += chr::days{1};
    return day;
}

std::int64_t endOfDayMs(const CasePolicy& policy, chr::sys_days day) {
    const auto nextMidnightUtc = chr::sys_time<chr::milliseconds>{day + chr::days{1}} - policy.utcOffset;
    return nextMidnightUtc.time_since_epoch().count() - 1;
}

CaseDue dueFor(const CasePolicy& policy, std::string_view category, std::int64_t receivedAtMs) {
    const auto received = officeDate(policy, receivedAtMs);
    return CaseDue{endOfDayMs(policy, addDays(policy, received, policy.targetFor(category))),
                   endOfDayMs(policy, addDays(policy, received, policy.replyDays))};
}

DueStatus dueStatus(const CasePolicy& policy, std::int64_t dueMs, std::int64_t nowMs) {
    if (nowMs > dueMs)
        return DueStatus::Overdue;
    const auto soon = addDays(policy, officeDate(policy, nowMs), policy.dueSoonDays);
    return officeDate(policy, dueMs) <= soon ? DueStatus::DueSoon : DueStatus::OnTime;
}

std::string formatDate(chr::sys_days day) {
    const chr::year_month_day date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return text;
}

}  // namespace fangsiang::hub
