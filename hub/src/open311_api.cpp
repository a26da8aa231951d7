// The Open311 GeoReport v2 routes (hub/open311.hpp): services from the
// complaint categories, requests read from the cases and filed by partners
// holding an API key. Every answer holds public fields only: never a name,
// phone, e-mail, a landmark or village, or the text of a hidden case.

#include "hub/open311.hpp"
#include "hub/storage.hpp"

#include "open311_format.hpp"

#include "core/complaint_categories.hpp"
#include "core/crypto.hpp"
#include "core/record.hpp"
#include "core/ticket.hpp"
#include "core/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace fangsiang::hub {

using open311::Format;
using open311::OJson;

namespace {

constexpr std::string_view kPrefix = "/open311/v2/";
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

// A category's group and the words a partner's app may search it by.
struct ServiceWords {
    const char* id;
    const char* group;
    const char* keywords;
};
constexpr ServiceWords kServiceWords[] = {
    {"roads-lights", "โครงสร้างพื้นฐาน", "ถนน,หลุม,ไฟฟ้า,ไฟส่องสว่าง,road,pothole,street light"},
    {"water", "สาธารณูปโภค", "น้ำประปา,ท่อแตก,น้ำไม่ไหล,water,pipe"},
    {"waste", "สิ่งแวดล้อม", "ขยะ,ความสะอาด,waste,garbage"},
    {"drainage-flood", "สิ่งแวดล้อม", "ท่อระบายน้ำ,น้ำท่วม,drain,flood"},
    {"noise-nuisance", "ความเป็นอยู่", "เสียงดัง,กลิ่น,เหตุรำคาญ,noise,nuisance"},
    {"stray-animals", "ความเป็นอยู่", "สุนัขจรจัด,แมวจรจัด,stray dog,animal"},
    {"conduct-corruption", "การบริหารงาน", "ทุจริต,เจ้าหน้าที่,corruption,conduct"},
    {"other", "อื่น ๆ", "อื่น ๆ,other"},
};

const ServiceWords* wordsOf(std::string_view id) {
    for (const auto& w : kServiceWords)
        if (id == w.id)
            return &w;
    return nullptr;
}

OJson serviceJson(const core::ComplaintCategoryName& c) {
    const ServiceWords* words = wordsOf(c.id);
    return OJson{{"service_code", c.id},
                {"service_name", c.label.th},
                {"description", c.label.th + " (" + c.label.en + ")"},
                {"metadata", false},  // no category asks for attributes
                {"type", "realtime"},
                {"keywords", words ? words->keywords : ""},
                {"group", words ? words->group : ""}};
}

// The route's resource and format: "services" and OJson from "services.json".
struct Target {
    std::string resource;  // services, requests, tokens
    std::string id;        // the {code}, {id} or {token}; empty for a list
    Format format = Format::Json;
    bool ok = false;
};

Target targetOf(std::string_view path) {
    Target t;
    if (!path.starts_with(kPrefix))
        return t;
    std::string_view rest = path.substr(kPrefix.size());
    const auto dot = rest.rfind('.');
    if (dot == std::string_view::npos)
        return t;
    const std::string_view ext = rest.substr(dot + 1);
    if (ext == "json")
        t.format = Format::Json;
    else if (ext == "xml")
        t.format = Format::Xml;
    else
        return t;
    rest = rest.substr(0, dot);
    const auto slash = rest.find('/');
    t.resource = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) {
        t.id = std::string(rest.substr(slash + 1));
        if (t.id.empty() || t.id.find('/') != std::string::npos)
            return t;
    }
    if (t.resource == "services" || t.resource == "requests")
        t.ok = true;
    else if (t.resource == "tokens")
        t.ok = !t.id.empty();
    return t;
}

// An error answer on its way back.
struct Refusal {
    int status;
    std::string description;
};

template <typename T>
using Checked = std::variant<T, Refusal>;

Refusal badRequest(std::string description) { return {400, std::move(description)}; }

// At most `bytes` of `text` for a message, cut between characters.
std::string clip(std::string_view text, std::size_t bytes) {
    if (text.size() <= bytes)
        return std::string(text);
    while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80)
        --bytes;
    return std::string(text.substr(0, bytes));
}

// The one value of a parameter; a parameter given twice is refused.
Checked<std::optional<std::string>> single(const Open311Request& r, const char* key) {
    auto [from, to] = r.params.equal_range(key);
    if (from == to)
        return std::optional<std::string>{};
    if (std::next(from) != to)
        return badRequest(std::string(key) + " is given more than once");
    if (!core::isValidUtf8(from->second))
        return badRequest(std::string(key) + " is not valid UTF-8 text");
    return std::optional<std::string>(from->second);
}

bool hasControl(std::string_view text, bool lineBreaks) {
    return std::any_of(text.begin(), text.end(), [lineBreaks](char c) {
        const auto u = static_cast<unsigned char>(c);
        if (lineBreaks && (c == '\n' || c == '\r' || c == '\t'))
            return false;
        return u < 0x20 || u == 0x7f;
    });
}

// The text of a field with at most `points` characters, no control
// characters but line breaks where `lineBreaks`.
std::optional<Refusal> checkText(const std::string& key, const std::string& value, std::size_t points,
                                 bool lineBreaks = false) {
    if (core::codePointCount(value) > points)
        return badRequest(key + " is longer than " + std::to_string(points) + " characters");
    if (hasControl(value, lineBreaks))
        return badRequest(key + " holds control characters");
    return std::nullopt;
}

std::optional<double> decimal(const std::string& text) {
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::vector<std::string> commaList(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    for (char c : text + ",") {
        if (c == ',') {
            while (!item.empty() && item.back() == ' ')
                item.pop_back();
            if (!item.empty())
                out.push_back(item);
            item.clear();
        } else if (c != ' ' || !item.empty()) {
            item += c;
        }
    }
    return out;
}

bool isStatus(std::string_view s) { return s == "open" || s == "closed"; }
bool isOpen(CaseState s) { return s == CaseState::Received || s == CaseState::Accepted || s == CaseState::InProgress; }

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<std::string> formDecoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%') {
            const int hi = i + 1 < text.size() ? hexValue(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

std::optional<std::multimap<std::string, std::string>> parseForm(std::string_view body) {
    std::multimap<std::string, std::string> fields;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        auto key = formDecoded(pair.substr(0, eq));
        auto value = formDecoded(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!key || !value)
            return std::nullopt;
        fields.emplace(std::move(*key), std::move(*value));
    }
    return fields;
}

struct Open311Api::Impl {
    Open311Api& api;
    const Open311Request& r;
    Format format;

    Open311Answer fail(const Refusal& refusal) const { return open311::error(format, refusal.status, refusal.description); }

    // The office the request is about: jurisdiction_id, which a hub serving
    // several offices needs.
    Checked<Office> jurisdiction() const {
        auto given = single(r, "jurisdiction_id");
        if (auto* refused = std::get_if<Refusal>(&given))
            return *refused;
        const auto& id = std::get<std::optional<std::string>>(given);
        if (id) {
            auto office = api.m_storage.findOffice(*id);
            if (!office)
                return Refusal{500, "the hub's store could not be read"};
            if (*office)
                return **office;
            return badRequest("jurisdiction_id " + clip(*id, 20) + " is not an office of this hub");
        }
        auto offices = api.m_storage.listOffices();
        if (!offices)
            return Refusal{500, "the hub's store could not be read"};
        if (offices->size() == 1)
            return offices->front();
        return badRequest(offices->empty() ? std::string("this hub serves no office yet")
                                           : "jurisdiction_id is required: this hub serves " +
                                                 std::to_string(offices->size()) + " offices (their codes)");
    }

    std::optional<Refusal> onlyParams(std::initializer_list<const char*> allowed) const {
        for (const auto& param : r.params) {
            const std::string& key = param.first;
            if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }))
                return badRequest("the parameter " + clip(key, 40) + " is not one this route takes");
        }
        return std::nullopt;
    }

    Open311Answer services(const Target& t) {
        if (auto refused = onlyParams({"jurisdiction_id", "api_key"}))
            return fail(*refused);
        auto office = jurisdiction();
        if (auto* refused = std::get_if<Refusal>(&office))
            return fail(*refused);
        if (t.id.empty()) {
            OJson list = OJson::array();
            for (const auto& c : core::complaintCategories())
                list.push_back(serviceJson(c));
            return open311::render(format, 200, "services", list);
        }
        if (core::complaintCategoryName(t.id) == nullptr)
            return fail({404, "there is no service " + clip(t.id, 40)});
        return open311::render(format, 200, "service_definition",
                               OJson{{"service_code", t.id}, {"attributes", OJson::array()}});
    }

    OJson requestJson(const Open311Case& c, const Office& office, const std::vector<Unit>& units) const {
        const core::TextPair* name = core::complaintCategoryName(c.category);
        std::string agency = office.name;
        for (const auto& u : units)
            if (u.code == c.unit && !c.unit.empty())
                agency += " / " + u.nameTh;
        OJson j{{"service_request_id", c.ticket},
               {"status", isOpen(c.state) ? "open" : "closed"},
               {"status_notes", c.reply},
               {"service_name", name ? name->th : c.category},
               {"service_code", c.category},
               {"description", c.hidden ? std::string() : c.text},
               {"agency_responsible", agency},
               {"service_notice", ""},
               {"requested_datetime", open311::w3cTime(c.filedAtMs)},
               {"updated_datetime", open311::w3cTime(c.updatedAtMs)},
               {"expected_datetime", open311::w3cTime(c.dueAtMs)},
               {"address", c.address},
               {"address_id", c.addressId},
               {"zipcode", ""},
               {"lat", nullptr},
               {"long", nullptr},
               {"media_url", c.mediaUrl}};
        if (c.lat && c.lon) {
            j["lat"] = *c.lat;
            j["long"] = *c.lon;
        }
        return j;
    }

    // The cases `query` asks for as the spec's requests; nothing when the store fails.
    std::optional<OJson> listJson(const Office& office, const Open311Query& query) {
        auto cases = api.m_storage.open311().requests(query);
        auto units = api.m_storage.listUnits(office.code);
        if (!cases || !units)
            return std::nullopt;
        OJson out = OJson::array();
        for (const auto& c : *cases)
            out.push_back(requestJson(c, office, *units));
        return out;
    }

    Open311Answer list(const Office& office, const Open311Query& query, bool one = false) {
        auto out = listJson(office, query);
        if (!out)
            return fail({500, "the hub's store could not be read"});
        if (one && out->empty())
            return fail({404, "there is no service request " + query.tickets.front() + " in " + office.code});
        return open311::render(format, 200, "service_requests", *out);
    }

    Open311Answer requests(const Target& t) {
        if (auto refused = onlyParams({"jurisdiction_id", "api_key", "service_request_id", "service_code",
                                       "start_date", "end_date", "status"}))
            return fail(*refused);
        auto office = jurisdiction();
        if (auto* refused = std::get_if<Refusal>(&office))
            return fail(*refused);
        Open311Query q;
        q.officeCode = std::get<Office>(office).code;
        if (!t.id.empty()) {
            if (!sync::isValidTicketId(t.id))
                return fail({404, "there is no service request " + clip(t.id, 40)});
            q.tickets = {t.id};
            return list(std::get<Office>(office), q, true);
        }
        std::array<std::optional<std::string>, 5> v;
        const char* keys[] = {"service_request_id", "service_code", "start_date", "end_date", "status"};
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto got = single(r, keys[i]);
            if (auto* refused = std::get_if<Refusal>(&got))
                return fail(*refused);
            v[i] = std::get<std::optional<std::string>>(got);
        }
        if (v[0]) {  // the ids given override every other filter, as the spec says
            q.tickets = commaList(*v[0]);
            if (q.tickets.empty() || q.tickets.size() > kOpen311MaxRequests)
                return fail(badRequest("service_request_id lists 1 to 1000 ticket numbers, comma separated"));
            for (const auto& id : q.tickets)
                if (!sync::isValidTicketId(id))
                    return fail(badRequest("service_request_id " + clip(id, 40) + " is not a ticket number"));
            return list(std::get<Office>(office), q);
        }
        if (v[1]) {
            q.categories = commaList(*v[1]);
            for (const auto& code : q.categories)
                if (core::complaintCategoryName(code) == nullptr)
                    return fail(badRequest("service_code " + clip(code, 40) + " is not a service of this hub"));
        }
        const std::int64_t now = api.m_clock();
        std::optional<std::int64_t> from, to;
        for (int i : {2, 3}) {
            if (!v[i])
                continue;
            auto at = open311::parseW3cTime(*v[i]);
            if (!at)
                return fail(badRequest(std::string(keys[i]) + " is not a W3C date-time such as 2026-12-01T09:30:00+07:00"));
            (i == 2 ? from : to) = *at;
        }
        q.toMs = to.value_or(from ? *from + kOpen311DefaultDays * kDayMs : now);
        q.fromMs = from.value_or(q.toMs - kOpen311DefaultDays * kDayMs);
        if (q.fromMs > q.toMs)
            return fail(badRequest("start_date is after end_date"));
        if (q.toMs - q.fromMs > kOpen311DefaultDays * kDayMs)
            return fail(badRequest("start_date to end_date spans more than 90 days, the most one request answers"));
        if (v[4]) {
            std::set<std::string> statuses;
            for (const auto& s : commaList(*v[4])) {
                if (!isStatus(s))
                    return fail(badRequest("status is open or closed (or both, comma separated), not " + clip(s, 20)));
                statuses.insert(s);
            }
            if (statuses.size() == 1)
                q.open = statuses.count("open") == 1;
        }
        q.limit = kOpen311MaxRequests;
        return list(std::get<Office>(office), q);
    }

    Open311Answer token(const Target& t) {
        if (auto refused = onlyParams({"jurisdiction_id", "api_key"}))
            return fail(*refused);
        auto office = jurisdiction();
        if (auto* refused = std::get_if<Refusal>(&office))
            return fail(*refused);
        auto ticket = api.m_storage.open311().ticketOfToken(t.id);
        if (!ticket)
            return fail({500, "the hub's store could not be read"});
        if (!*ticket || !(*ticket)->starts_with(std::get<Office>(office).code + "-"))
            return fail({404, "there is no token " + clip(t.id, 40)});
        OJson list = OJson::array();
        list.push_back(OJson{{"service_request_id", **ticket}, {"token", t.id}});
        return open311::render(format, 200, "service_requests", list);
    }

    Open311Answer post() {
        static const std::set<std::string> kFields = {
            "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email",
            "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url"};
        for (const auto& [key, value] : r.params) {
            if (key.starts_with("attribute["))
                return fail(badRequest("the service has no attributes, so " + clip(key, 40) + " is not taken"));
            if (!kFields.count(key))
                return fail(badRequest("the field " + clip(key, 40) + " is not one a service request has"));
        }
        std::map<std::string, std::string> f;
        for (const auto& key : kFields) {
            auto got = single(r, key.c_str());
            if (auto* refused = std::get_if<Refusal>(&got))
                return fail(*refused);
            if (auto& value = std::get<std::optional<std::string>>(got))
                f[key] = *value;
        }
        auto keyHash = apiKeyHash(f["api_key"]);
        if (!keyHash)
            return fail({403, "an api_key issued by this hub is needed to file a service request"});
        auto key = api.m_storage.open311().findKey(*keyHash);
        if (!key)
            return fail({500, "the hub's store could not be read"});
        if (!*key)
            return fail({403, "this api_key is not one this hub issued"});
        if ((*key)->revokedAtMs)
            return fail({403, "this api_key has been revoked"});
        const PartnerKey partner = **key;
        if (f.count("jurisdiction_id") && f["jurisdiction_id"] != partner.officeCode) {
            auto office = jurisdiction();
            if (auto* refused = std::get_if<Refusal>(&office))
                return fail(*refused);
            return fail({403, "this api_key files requests for office " + partner.officeCode + " only"});
        }

        Open311Filing filing;
        filing.officeCode = partner.officeCode;
        filing.partner = partner.partner;
        filing.keyId = partner.id;
        filing.category = f["service_code"];
        if (filing.category.empty())
            return fail(badRequest("service_code is required"));
        if (core::complaintCategoryName(filing.category) == nullptr)
            return fail(badRequest("service_code " + clip(filing.category, 40) + " is not a service of this hub"));
        filing.text = f["description"];
        if (core::isBlank(filing.text))
            return fail(badRequest("description is required: it says what is wrong"));
        const std::pair<const char*, std::size_t> limits[] = {
            {"description", 2000}, {"address_string", 250}, {"address_id", 64}, {"first_name", 100},
            {"last_name", 100},    {"device_id", 100},      {"account_id", 100}};
        for (const auto& [name, points] : limits)
            if (auto refused = checkText(name, f[name], points, std::string_view(name) == "description"))
                return fail(*refused);
        if (f.count("lat") != f.count("long"))
            return fail(badRequest("lat and long come together"));
        if (f.count("lat")) {
            auto lat = decimal(f["lat"]);
            auto lon = decimal(f["long"]);
            if (!lat || *lat < -90 || *lat > 90)
                return fail(badRequest("lat is a latitude from -90 to 90 (WGS84 decimal degrees)"));
            if (!lon || *lon < -180 || *lon > 180)
                return fail(badRequest("long is a longitude from -180 to 180 (WGS84 decimal degrees)"));
            filing.lat = lat;
            filing.lon = lon;
        }
        filing.address = f["address_string"];
        filing.addressId = f["address_id"];
        if (!filing.lat && core::isBlank(filing.address) && core::isBlank(filing.addressId))
            return fail(badRequest("a location is required: lat and long, address_string or address_id"));
        const std::string& phone = f["phone"];
        if (phone.size() > 20 || !std::all_of(phone.begin(), phone.end(), [](char c) {
                return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ';
            }))
            return fail(badRequest("phone is at most 20 digits, spaces, + and -"));
        const std::string& email = f["email"];
        if (!email.empty() && (email.size() > 254 || email.find('@') == std::string::npos || email.front() == '@' ||
                               email.back() == '@' || email.find_first_of(" <>\"") != std::string::npos ||
                               hasControl(email, false)))
            return fail(badRequest("email is not an e-mail address"));
        filing.mediaUrl = f["media_url"];
        if (!filing.mediaUrl.empty() &&
            (filing.mediaUrl.size() > 1000 || hasControl(filing.mediaUrl, false) ||
             filing.mediaUrl.find(' ') != std::string::npos ||
             !(filing.mediaUrl.starts_with("https://") || filing.mediaUrl.starts_with("http://"))))
            return fail(badRequest("media_url is an http:// or https:// address of at most 1000 characters"));

        // The person's fields are sealed to the hub as a kiosk seals them;
        // device_id and account_id are not kept at all.
        std::string name = f["first_name"];
        if (!f["last_name"].empty())
            name += (name.empty() ? "" : " ") + f["last_name"];
        if (!name.empty() || !phone.empty() || !email.empty()) {
            nlohmann::json contact = nlohmann::json::object();
            if (!name.empty())
                contact["name"] = name;
            if (!phone.empty())
                contact["phone"] = phone;
            if (!email.empty())
                contact["email"] = email;
            std::string text = contact.dump();
            auto sealed = core::sealPersonalData(text, api.m_boxKey);
            core::wipe(text);
            if (!sealed)
                return fail({500, "the contact could not be sealed"});
            filing.sealedContact = std::move(*sealed);
        }
        std::array<std::uint8_t, 16> raw{};
        core::randomBytes(raw);
        filing.token = core::toHex(raw);
        filing.atMs = api.m_clock();
        auto ticket = api.m_storage.open311().file(filing);
        for (auto* personal : {&f["first_name"], &f["last_name"], &f["phone"], &f["email"], &name})
            core::wipe(*personal);
        if (!ticket)
            return fail({500, "the request could not be stored: " + ticket.error().message});
        auto row = api.m_storage.findCase(*ticket);
        std::string notice = "สำนักงานได้รับเรื่องแล้ว";
        if (row && *row)
            notice += " จะแจ้งผลภายใน " + open311::w3cTime((*row)->dueAtMs).substr(0, 10) +
                      " / The office has it and will answer by " + open311::w3cTime((*row)->dueAtMs).substr(0, 10);
        OJson list = OJson::array();
        list.push_back(OJson{{"service_request_id", *ticket},
                            {"token", filing.token},
                            {"service_notice", notice},
                            {"account_id", nullptr}});
        return open311::render(format, 201, "service_requests", list);
    }
};

Open311Api::Open311Api(HubStorage& storage, core::BoxPublicKey hubBoxKey, std::function<std::int64_t()> clock)
    : m_storage(storage), m_boxKey(hubBoxKey), m_clock(std::move(clock)) {}

bool Open311Api::serves(std::string_view path) { return path.starts_with(kPrefix); }

Open311Answer Open311Api::answer(const Open311Request& request) {
    const Target t = targetOf(request.path);
    Impl impl{*this, request, t.format};
    if (!t.ok)
        return impl.fail({404, "no such Open311 resource: " + clip(request.path, 80) +
                                   " (services, requests or tokens, each .json or .xml)"});
    if (request.method == "POST") {
        if (t.resource != "requests" || !t.id.empty())
            return impl.fail({404, "only requests.json and requests.xml take POST"});
        if (!request.contentType.starts_with("application/x-www-form-urlencoded"))
            return impl.fail({400, "a service request is posted form-encoded (application/x-www-form-urlencoded)"});
        auto form = parseForm(request.body);
        if (!form)
            return impl.fail({400, "the form is not well encoded (a % without two hex digits)"});
        Open311Request withForm = request;
        withForm.params.merge(*form);
        Impl posted{*this, withForm, t.format};
        return posted.post();
    }
    if (t.resource == "services")
        return impl.services(t);
    if (t.resource == "tokens")
        return impl.token(t);
    return impl.requests(t);
}

}  // namespace fangsiang::hub
