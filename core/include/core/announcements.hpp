#pragma once
// The office's announcements (ประกาศ): short notices the Welcome screen shows
// to everyone who walks past, such as a tax deadline or a water cut. They
// come from `announcements.json` beside the catalogue, or in the hub's
// content bundle; the format is in docs/CONTENT.md.

#include "core/result.hpp"
#include "core/text_pair.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::core {

// A calendar day in the office's time zone, compared as yyyymmdd.
struct Day {
    int year = 0, month = 0, day = 0;
    [[nodiscard]] int key() const { return year * 10000 + month * 100 + day; }
    // The local calendar day of a UTC instant.
    [[nodiscard]] static Day ofInstant(std::int64_t utcMs);
    // "2027-04-30"; nullopt unless it is a real date.
    [[nodiscard]] static std::optional<Day> parse(std::string_view iso);
};

struct Announcement {
    std::string id;
    TextPair title;  // one line: what it is about
    TextPair body;   // a few sentences
    std::optional<Day> from;   // first day shown; none: from now on
    std::optional<Day> until;  // last day shown; none: until removed
    bool operator==(const Announcement& other) const {
        return id == other.id && title == other.title && body == other.body;
    }
};

inline constexpr std::size_t kMaxAnnouncements = 20;
inline constexpr std::size_t kMaxAnnouncementTitle = 120;  // characters
inline constexpr std::size_t kMaxAnnouncementBody = 600;

class Announcements {
public:
    Announcements() = default;
    // Validates the whole file; an error names the file, the entry and the
    // field. An empty list is valid.
    [[nodiscard]] static Result<Announcements> parse(std::string_view json, const std::string& fileName);

    [[nodiscard]] const std::vector<Announcement>& all() const { return m_items; }
    // Those whose days include `today`, in the file's order.
    [[nodiscard]] std::vector<Announcement> current(Day today) const;

private:
    std::vector<Announcement> m_items;
};

}  // namespace fangsiang::core
