// The case routes of the officers' API (docs/API.md, "Cases"): lists, the
// inbox, the case page and what officers do on it. OfficerApi signs the
// caller in and checks the CSRF token before it hands a request here.

#include "case_api.hpp"
#include "api_support.hpp"

#include "core/complaint_categories.hpp"
#include "core/crypto.hpp"
#include "core/utf8.hpp"

#include <map>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;
using namespace api;

namespace {

constexpr std::size_t kExcerptChars = 160;

json textPairJson(const core::TextPair& t) { return {{"th", t.th}, {"en", t.en}}; }

json categoryNameJson(const std::string& id) {
    if (const auto* name = core::complaintCategoryName(id))
        return textPairJson(*name);
    return {{"th", id}, {"en", id}};
}

// The first `chars` characters of `text`, whole code points.
std::string excerpt(const std::string& text, std::size_t chars) {
    std::size_t at = 0;
    for (std::size_t n = 0; at < text.size() && n < chars; ++n) {
        ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
            ++at;
    }
    return at < text.size() ? text.substr(0, at) + "…" : text;
}

// Due-date policies by office, read once per request.
class Policies {
public:
    explicit Policies(CaseService& cases) : m_cases(cases) {}
    const CasePolicy& of(const std::string& office) {
        auto it = m_byOffice.find(office);
        if (it == m_byOffice.end()) {
            auto policy = m_cases.policy(office);
            it = m_byOffice.emplace(office, policy ? std::move(*policy) : CasePolicy{}).first;
        }
        return it->second;
    }

private:
    CaseService& m_cases;
    std::map<std::string, CasePolicy> m_byOffice;
};

const char* dueName(const CaseRow& c, Policies& policies, std::int64_t nowMs) {
    if (c.state != CaseState::Received && c.state != CaseState::Accepted && c.state != CaseState::InProgress)
        return "done";
    switch (dueStatus(policies.of(c.officeCode), c.dueAtMs, nowMs)) {
    case DueStatus::OnTime: return "on-time";
    case DueStatus::DueSoon: return "due-soon";
    case DueStatus::Overdue: return "overdue";
    }
    return "on-time";
}

json summaryJson(const CaseRow& c, Policies& policies, std::int64_t nowMs) {
    return {{"ticket", c.ticket},
            {"office", c.officeCode},
            {"state", std::string(sync::ticketStatusName(c.state))},
            {"stateName", textPairJson(caseStateName(c.state))},
            {"category", c.category},
            {"categoryName", categoryNameJson(c.category)},
            {"village", c.village},
            {"unit", c.unit},
            {"officer", c.officer},
            {"filedAt", c.filedAtMs},
            {"updatedAt", c.updatedAtMs},
            {"dueAt", c.dueAtMs},
            {"due", dueName(c, policies, nowMs)},
            {"excerpt", c.hidden ? json(nullptr) : json(excerpt(c.text, kExcerptChars))},
            {"hidden", c.hidden},
            {"anonymous", c.anonymous},
            {"hasContact", c.hasContact}};
}

json listOf(const std::vector<CaseRow>& rows, Policies& policies, std::int64_t nowMs) {
    json list = json::array();
    for (const auto& c : rows)
        list.push_back(summaryJson(c, policies, nowMs));
    return list;
}

// What a move needs with it, as the case page offers it.
json needsOf(CaseState to) {
    switch (to) {
    case CaseState::Accepted: return {"unit", "officer"};
    case CaseState::Resolved:
    case CaseState::NotOurs:
    case CaseState::Rejected: return {"reply"};
    case CaseState::Forwarded: return {"forwardedTo"};
    case CaseState::Duplicate: return {"duplicateOf"};
    default: return json::array();
    }
}

json eventJson(const CaseEvent& e) {
    auto state = [](const std::optional<CaseState>& s) {
        return s ? json(std::string(sync::ticketStatusName(*s))) : json(nullptr);
    };
    return {{"id", e.id},     {"at", e.atMs},           {"actor", e.actor},     {"kind", e.kind},
            {"from", state(e.from)}, {"to", state(e.to)}, {"unit", e.unit},     {"officer", e.officer},
            {"text", e.text}, {"internal", e.internal}};
}

json viewJson(const CaseView& v, Policies& policies, std::int64_t nowMs) {
    json j = summaryJson(v.row, policies, nowMs);
    j["text"] = v.row.hidden ? json(nullptr) : json(v.row.text);
    j["landmark"] = v.row.hidden ? std::string() : v.row.landmark;
    j["hiddenReason"] = v.row.hiddenReason;
    j["reply"] = v.row.reply;
    j["forwardedTo"] = v.row.forwardedTo;
    j["duplicateOf"] = v.row.duplicateOf;
    j["device"] = v.device ? json{{"number", v.device->number}, {"label", v.device->label},
                                  {"key", core::toHex(v.device->key)}}
                           : json(nullptr);
    j["record"] = {{"sequence", v.row.sequence},
                   {"createdAt", v.createdAtMs},
                   {"receivedAt", v.row.receivedAtMs},
                   {"verified", v.verified},
                   {"verifiedMeans",
                    v.verified ? textPairJson({"ลงนามด้วยกุญแจของตู้บริการเครื่องนี้ และไม่มีการแก้ไขตั้งแต่ยื่นเรื่อง",
                                               "signed with this kiosk's key; unchanged since it was filed"})
                               : textPairJson({"ตรวจลายมือชื่อไม่ผ่าน: บันทึกอาจถูกแก้ไข แจ้งผู้ดูแลระบบ",
                                               "the signature does not check: the record may have been altered; "
                                               "tell the hub's administrator"})}};
    // A partner's case (hub/open311.hpp) has no record to verify: no
    // signature is shown rather than a failed one.
    const bool partner = v.row.device == kOpen311Device;
    j["channel"] = partner ? "open311" : "kiosk";
    if (partner)
        j["record"] = nullptr;
    json next = json::array();
    for (CaseState s : v.next)
        next.push_back({{"state", std::string(sync::ticketStatusName(s))},
                        {"name", textPairJson(caseStateName(s))},
                        {"needs", needsOf(s)}});
    j["next"] = next;
    json timeline = json::array();
    for (const auto& e : v.events)
        timeline.push_back(eventJson(e));
    j["timeline"] = timeline;
    j["canShowContact"] = v.access.showContact;
    j["canModerate"] = v.access.moderate;
    j["canChange"] = v.access.change;
    return j;
}

core::Result<std::vector<CaseState>> statesAsked(const std::string& text) {
    std::vector<CaseState> states;
    std::size_t from = 0;
    while (from <= text.size() && !text.empty()) {
        const auto comma = text.find(',', from);
        const std::string name = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
        const auto state = sync::ticketStatusFromName(name);
        if (!state)
            return makeError(ErrorCode::BadRequest, "the parameter state names \"" + name.substr(0, 32) +
                                                        "\", which is not a case state");
        states.push_back(*state);
        if (comma == std::string::npos)
            break;
        from = comma + 1;
    }
    return states;
}

std::string param(const ApiRequest& r, const char* key) {
    auto it = r.query.find(key);
    return it == r.query.end() ? std::string() : it->second;
}

core::Result<std::string> textParam(const ApiRequest& r, const char* key, std::size_t maxBytes) {
    std::string value = param(r, key);
    if (value.size() > maxBytes || !core::isValidUtf8(value))
        return makeError(ErrorCode::BadRequest, std::string("the parameter ") + key + " is too long or not UTF-8 text");
    return value;
}

core::Result<CaseQuery> queryOf(const ApiRequest& r, const Actor& actor) {
    CaseQuery q;
    q.officeCode = officeAsked(r, actor);
    const std::string states = TRY(textParam(r, "state", 200));
    q.states = TRY(statesAsked(states));
    if (r.query.count("unit"))
        q.unit = TRY(textParam(r, "unit", 64));
    q.category = TRY(textParam(r, "category", 64));
    q.village = TRY(textParam(r, "village", 64));
    q.text = TRY(textParam(r, "q", 200));
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (const auto from = TRY(queryNumber(r, "from", -1, 0, kMax)); from >= 0)
        q.filedFromMs = from;
    if (const auto to = TRY(queryNumber(r, "to", -1, 0, kMax)); to >= 0)
        q.filedToMs = to;
    const std::string due = param(r, "due");
    if (due == "soon")
        q.due = DueFilter::Soon;
    else if (due == "overdue")
        q.due = DueFilter::Overdue;
    else if (!due.empty())
        return makeError(ErrorCode::BadRequest, "the parameter due is soon or overdue");
    const std::string sort = param(r, "sort");
    if (sort == "due")
        q.sort = CaseSort::SoonestDue;
    else if (!sort.empty() && sort != "filed")
        return makeError(ErrorCode::BadRequest, "the parameter sort is filed or due");
    q.limit = static_cast<std::size_t>(TRY(queryNumber(r, "limit", 25, 1, kMaxCasePage)));
    const auto page = TRY(queryNumber(r, "page", 1, 1, 1'000'000));
    q.offset = static_cast<std::size_t>(page - 1) * q.limit;
    return q;
}

}  // namespace

core::Result<CaseChange> parseCaseChangeBody(std::string_view body) {
    const core::Where where("the change", ErrorCode::BadRequest);
    const auto object =
        TRY(bodyObject(body, {"to", "unit", "officer", "reply", "forwardedTo", "duplicateOf"}, where));
    const core::JsonFields f(object, where);
    CaseChange change;
    const auto to = TRY(f.string("to", 32));
    const auto state = sync::ticketStatusFromName(to);
    if (!state)
        return where.field("to").error("is not a case state");
    change.to = *state;
    change.unit = TRY(f.optionalString("unit", 256)).value_or("");
    change.officer = TRY(f.optionalString("officer", 256)).value_or("");
    change.reply = TRY(f.optionalString("reply", kMaxCaseTextChars * 4)).value_or("");
    change.forwardedTo = TRY(f.optionalString("forwardedTo", 256)).value_or("");
    change.duplicateOf = TRY(f.optionalString("duplicateOf", 64)).value_or("");
    return change;
}


HubResponse handleCaseRoute(CaseService& cases, const Actor& actor, const ApiRequest& r, std::string_view path,
                            const std::string& ticket, std::int64_t nowMs) {
    Policies policies(cases);
    const core::Where where("the request body", ErrorCode::BadRequest);
    return orError([&]() -> core::Result<HubResponse> {
        if (path == "/api/v1/cases") {
            const auto query = TRY(queryOf(r, actor));
            const auto page = TRY(cases.list(actor, query));
            const std::uint64_t pages = (page.total + query.limit - 1) / query.limit;
            return answer(200, {{"total", page.total},
                                {"page", query.offset / query.limit + 1},
                                {"pages", pages},
                                {"cases", listOf(page.cases, policies, nowMs)}});
        }
        if (path == "/api/v1/inbox") {
            const auto box = TRY(cases.inbox(actor, officeAsked(r, actor)));
            return answer(200, {{"counts",
                                 {{"new", box.newCount},
                                  {"dueSoon", box.dueSoonCount},
                                  {"overdue", box.overdueCount},
                                  {"open", box.openCount}}},
                                {"new", listOf(box.fresh, policies, nowMs)},
                                {"dueSoon", listOf(box.dueSoon, policies, nowMs)},
                                {"overdue", listOf(box.overdue, policies, nowMs)}});
        }
        if (path == "/api/v1/categories") {
            json list = json::array();
            for (const auto& c : core::complaintCategories())
                list.push_back({{"id", c.id}, {"name", textPairJson(c.label)}});
            return answer(200, list);
        }
        if (path == "/api/v1/templates") {
            const std::string office = officeAsked(r, actor).empty() ? actor.officeCode : officeAsked(r, actor);
            const auto list = TRY(cases.templates(actor, office));
            const std::string category = param(r, "category");
            const std::string state = param(r, "state");
            json out = json::array();
            for (const auto& t : list)
                if ((category.empty() || t.category == category || t.category == "*") &&
                    (state.empty() || sync::ticketStatusName(t.state) == state))
                    out.push_back({{"category", t.category},
                                   {"state", std::string(sync::ticketStatusName(t.state))},
                                   {"th", t.th},
                                   {"en", t.en}});
            return answer(200, out);
        }
        if (path == "/api/v1/cases/{name}")
            return answer(200, viewJson(TRY(cases.view(actor, ticket)), policies, nowMs));
        if (path == "/api/v1/cases/{name}/state") {
            const auto change = TRY(parseCaseChangeBody(r.body));
            TRY(cases.change(actor, ticket, change, r.address));
            return answer(200, viewJson(TRY(cases.view(actor, ticket)), policies, nowMs));
        }
        if (path == "/api/v1/cases/{name}/notes") {
            const auto object = TRY(bodyObject(r.body, {"text"}, where));
            const auto text = TRY(core::JsonFields(object, where).string("text", kMaxCaseTextChars * 4));
            TRY(cases.addNote(actor, ticket, text, r.address));
            return answer(201, viewJson(TRY(cases.view(actor, ticket)), policies, nowMs));
        }
        if (path == "/api/v1/cases/{name}/moderation") {
            const auto object = TRY(bodyObject(r.body, {"hidden", "reason"}, where));
            const core::JsonFields f(object, where);
            const auto hidden = TRY(f.boolean("hidden"));
            const auto reason = TRY(f.optionalString("reason", 1000)).value_or("");
            TRY(cases.moderate(actor, ticket, hidden, reason, r.address));
            return answer(200, viewJson(TRY(cases.view(actor, ticket)), policies, nowMs));
        }
        // POST /api/v1/cases/{name}/contact
        if (!r.body.empty())
            TRY(bodyObject(r.body, {}, where));
        std::string contact = TRY(cases.showContact(actor, ticket, r.address));
        auto parsed = json::parse(contact, nullptr, false);
        core::wipe(contact);
        json out = {{"name", ""}, {"phone", ""}, {"address", ""}};
        if (parsed.is_object())
            for (const char* key : {"name", "phone", "address"})
                if (auto it = parsed.find(key); it != parsed.end() && it->is_string())
                    out[key] = *it;
        HubResponse shown = answer(200, out);
        for (auto& [key, value] : parsed.items())
            if (value.is_string())
                core::wipe(value.get_ref<std::string&>());
        return shown;
    });
}

}  // namespace fangsiang::hub
