// Open311's JSON, XML, date-times and errors (open311_format.hpp).

#include "open311_format.hpp"

#include <chrono>
#include <cstdio>

namespace fangsiang::hub::open311 {

namespace {

constexpr std::int64_t kOfficeOffsetMs = 7 * 3600 * 1000;  // Thailand keeps no daylight time

// The element each item of a list is written as.
const char* itemName(std::string_view list) {
    if (list == "services")
        return "service";
    if (list == "service_requests")
        return "request";
    if (list == "errors")
        return "error";
    if (list == "attributes")
        return "attribute";
    if (list == "values")
        return "value";
    return "item";
}

void escapeInto(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\t':
        case '\n':
        case '\r': out += c; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)
                out += c;  // XML 1.0 has no other control characters
        }
    }
}

void xmlInto(std::string& out, std::string_view name, const OJson& value) {
    out += "<";
    out += name;
    out += ">";
    if (value.is_object()) {
        for (const auto& [key, item] : value.items())
            xmlInto(out, key, item);
    } else if (value.is_array()) {
        const char* item = itemName(name);
        for (const auto& element : value)
            xmlInto(out, item, element);
    } else if (value.is_string()) {
        escapeInto(out, value.get_ref<const std::string&>());
    } else if (!value.is_null()) {
        escapeInto(out, value.dump());
    }
    out += "</";
    out += name;
    out += ">";
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size())
        return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::string w3cTime(std::int64_t ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> at{milliseconds(ms + kOfficeOffsetMs)};
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> time{floor<seconds>(at - day)};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d+07:00", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

std::optional<std::int64_t> parseW3cTime(std::string_view s) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d))
        return std::nullopt;
    const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!ymd.ok() || y < 1970 || y > 9999)
        return std::nullopt;
    const std::int64_t dayMs = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
    if (s.size() == 10)
        return dayMs - kOfficeOffsetMs;
    if (s[10] != 'T' || !digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi) || h > 23 ||
        mi > 59)
        return std::nullopt;
    std::size_t at = 16;
    std::int64_t fractionMs = 0;
    if (at < s.size() && s[at] == ':') {
        if (!digits(s, at + 1, 2, sec) || sec > 59)
            return std::nullopt;
        at += 3;
        if (at < s.size() && s[at] == '.') {
            std::size_t n = 0;
            int scale = 100;
            for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++n) {
                fractionMs += (s[at] - '0') * scale;
                scale /= 10;
            }
            if (n == 0)
                return std::nullopt;
        }
    }
    std::int64_t offsetMs = 0;
    if (at < s.size() && s[at] == 'Z') {
        ++at;
    } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
        int oh = 0, om = 0;
        if (!digits(s, at + 1, 2, oh) || at + 3 >= s.size() || s[at + 3] != ':' || !digits(s, at + 4, 2, om) ||
            oh > 14 || om > 59)
            return std::nullopt;
        offsetMs = (oh * 60 + om) * 60000LL * (s[at] == '+' ? 1 : -1);
        at += 6;
    } else {
        return std::nullopt;  // W3C date-times with a time carry their zone
    }
    if (at != s.size())
        return std::nullopt;
    return dayMs + ((h * 60LL + mi) * 60 + sec) * 1000 + fractionMs - offsetMs;
}

Open311Answer render(Format format, int status, const char* root, const OJson& list) {
    if (format == Format::Json)
        return {status, "application/json; charset=utf-8",
                list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    xmlInto(out, root, list);
    return {status, "text/xml; charset=utf-8", std::move(out)};
}

Open311Answer error(Format format, int status, const std::string& description) {
    OJson list = OJson::array();
    list.push_back(OJson{{"code", status}, {"description", description}});
    return render(format, status, "errors", list);
}

}  // namespace fangsiang::hub::open311
