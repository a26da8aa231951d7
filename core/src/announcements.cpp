#include "core/announcements.hpp"

#include "core/content_json.hpp"
#include "core/utf8.hpp"

#include <ctime>

namespace fangsiang::core {

Day Day::ofInstant(std::int64_t utcMs) {
    const std::time_t t = static_cast<std::time_t>(utcMs / 1000);
    std::tm local{};
    localtime_r(&t, &local);
    return Day{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::optional<Day> Day::parse(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
        return std::nullopt;
    auto number = [&](std::size_t at, std::size_t len) {
        int n = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (iso[i] < '0' || iso[i] > '9')
                return -1;
            n = n * 10 + (iso[i] - '0');
        }
        return n;
    };
    const Day d{number(0, 4), number(5, 2), number(8, 2)};
    if (d.year < 2000 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1)
        return std::nullopt;
    static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    if (d.day > kDays[d.month - 1] || (d.month == 2 && d.day == 29 && !leap))
        return std::nullopt;
    return d;
}

namespace {

Result<std::optional<Day>> optionalDay(const Json& item, const char* key, const Where& where) {
    auto text = TRY(content::optionalText(item, key, where));
    if (!text)
        return std::optional<Day>{};
    auto day = Day::parse(*text);
    if (!day)
        return where.field(key).error("\"" + *text + "\" is not a date written as YYYY-MM-DD (Christian era, "
                                      "for example 2027-04-30)");
    return day;
}

// requirePair, with each text at most `max` characters.
Result<TextPair> boundedPair(const Json& item, const char* key, std::size_t max, const Where& where) {
    auto pair = TRY(content::requirePair(item, key, where));
    for (const std::string* text : {&pair.th, &pair.en})
        if (codePointCount(*text) > max)
            return where.field(key).error("is longer than " + std::to_string(max) + " characters");
    return pair;
}

}  // namespace

Result<Announcements> Announcements::parse(std::string_view json, const std::string& fileName) {
    const auto [doc, root] = TRY(content::parseDocument(json, fileName, 1));
    auto items = TRY(content::arrayField(doc, "announcements", true, root));
    if (items->size() > kMaxAnnouncements)
        return root.field("announcements").error("holds " + std::to_string(items->size()) +
                                                 " entries; at most " + std::to_string(kMaxAnnouncements) +
                                                 " are allowed");
    content::UniqueIds ids;
    auto parseOne = [&](const Json& item, const Where& here) -> Result<Announcement> {
        TRY(content::requireObject(item, here));
        Announcement a;
        a.id = TRY(ids.take(item, here));
        a.title = TRY(boundedPair(item, "title", kMaxAnnouncementTitle, here));
        a.body = TRY(boundedPair(item, "body", kMaxAnnouncementBody, here));
        a.from = TRY(optionalDay(item, "from", here));
        a.until = TRY(optionalDay(item, "until", here));
        if (a.from && a.until && a.until->key() < a.from->key())
            return here.field("until").error("is before \"from\"");
        return a;
    };
    Announcements out;
    out.m_items = TRY(content::parseEntries<Announcement>(*items, "announcements", root, content::EntryNames::WithId,
                                                          parseOne));
    return out;
}

std::vector<Announcement> Announcements::current(Day today) const {
    std::vector<Announcement> out;
    for (const auto& a : m_items) {
        if (a.from && today.key() < a.from->key())
            continue;
        if (a.until && today.key() > a.until->key())
            continue;
        out.push_back(a);
    }
    return out;
}

}  // namespace fangsiang::core
