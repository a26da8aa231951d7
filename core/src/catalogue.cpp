#include "core/catalogue.hpp"

#include "core/content_json.hpp"
#include "core/files.hpp"

#include <cmath>
#include <cstdio>
#include <set>

namespace fangsiang::core {


// [SECTION] Durations and fees

int Service::totalDays() const {
    int total = 0;
    for (const auto& step : steps)
        total += step.days;
    return total;
}

int Service::totalMinutes() const {
    int total = 0;
    for (const auto& step : steps)
        total += step.minutes;
    return total;
}

std::string formatDuration(int days, int minutes, Language language) {
    const bool th = language == Language::Thai;
    std::string out;
    auto add = [&](int n, const char* thUnit, const char* enOne, const char* enMany) {
        if (n <= 0)
            return;
        if (!out.empty())
            out += ' ';
        out += std::to_string(n) + ' ' + (th ? thUnit : (n == 1 ? enOne : enMany));
    };
    add(days, "วันทำการ", "working day", "working days");
    add(minutes / 60, "ชั่วโมง", "hour", "hours");
    add(minutes % 60, "นาที", "minute", "minutes");
    if (out.empty())
        out = th ? "ไม่ระบุ" : "not stated";
    return out;
}

std::string formatFee(const Service& service, Language language) {
    const bool th = language == Language::Thai;
    std::string out;
    if (service.feeBaht <= 0) {
        out = th ? "ไม่มีค่าธรรมเนียม" : "No fee";
    } else {
        char amount[32];
        if (std::floor(service.feeBaht) == service.feeBaht)
            std::snprintf(amount, sizeof amount, "%.0f", service.feeBaht);
        else
            std::snprintf(amount, sizeof amount, "%.2f", service.feeBaht);
        out = std::string(amount) + (th ? " บาท" : " baht");
    }
    return out;
}

// [SECTION] Loading

namespace {

Result<std::vector<TextPair>> pairList(const Json& object, const char* key, const Where& where) {
    auto list = content::arrayField(object, key, false, where);
    if (!list)
        return list.error();
    std::vector<TextPair> out;
    for (std::size_t i = 0; i < (*list)->size(); ++i) {
        const Json& item = (**list)[i];
        Where here = where.field(key).index(i);
        if (!item.is_object())
            return here.error(R"(must be a text pair {"th": "…", "en": "…"})");
        auto th = content::requireText(item, "th", here);
        if (!th)
            return th.error();
        auto en = content::requireText(item, "en", here);
        if (!en)
            return en.error();
        out.push_back(TextPair{std::move(*th), std::move(*en)});
    }
    return out;
}

Result<std::vector<std::string>> wordList(const Json& object, const char* key, const Where& where) {
    std::vector<std::string> out;
    auto it = object.find(key);
    if (it == object.end())
        return out;
    if (!it->is_array())
        return where.field(key).error("must be a list of words");
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string() || (*it)[i].get<std::string>().empty())
            return where.field(key).index(i).error("must be a word");
        out.push_back((*it)[i].get<std::string>());
    }
    return out;
}

Result<Service> parseService(const Json& item, const Where& where, const std::set<std::string>& categoryIds) {
    if (!item.is_object())
        return where.error("must be an object { … }");
    Service s;
    auto id = content::requireId(item, "id", where);
    if (!id)
        return id.error();
    s.id = *id;
    auto category = content::requireText(item, "category", where);
    if (!category)
        return category.error();
    if (!categoryIds.contains(*category))
        return where.field("category").error("\"" + *category + "\" is not one of the categories in this file");
    s.category = *category;

#define KIOSK_PAIR(member, key)                                 \
    do {                                                        \
        auto value = content::requirePair(item, key, where);    \
        if (!value)                                             \
            return value.error();                               \
        s.member = std::move(*value);                           \
    } while (0)
    KIOSK_PAIR(name, "name");
    KIOSK_PAIR(unit, "unit");
    KIOSK_PAIR(where, "where");
    KIOSK_PAIR(hours, "hours");
    KIOSK_PAIR(complaintChannel, "complaint_channel");
#undef KIOSK_PAIR

    auto conditions = pairList(item, "conditions", where);
    if (!conditions)
        return conditions.error();
    s.conditions = std::move(*conditions);

    auto steps = content::arrayField(item, "steps", true, where);
    if (!steps)
        return steps.error();
    if ((*steps)->empty())
        return where.field("steps").error("needs at least one step");
    for (std::size_t i = 0; i < (*steps)->size(); ++i) {
        const Json& step = (**steps)[i];
        Where here = where.field("steps").index(i);
        if (!step.is_object())
            return here.error("must be an object { … }");
        ServiceStep out;
        auto text = content::requirePair(step, "text", here);
        if (!text)
            return text.error();
        out.text = std::move(*text);
        auto minutes = content::optionalInteger(step, "minutes", 1, 1440, here);
        if (!minutes)
            return minutes.error();
        auto days = content::optionalInteger(step, "days", 1, 365, here);
        if (!days)
            return days.error();
        if (minutes->has_value() == days->has_value())
            return here.error("give either \"minutes\" or \"days\" (exactly one)");
        out.minutes = static_cast<int>(minutes->value_or(0));
        out.days = static_cast<int>(days->value_or(0));
        s.steps.push_back(std::move(out));
    }

    auto documents = content::arrayField(item, "documents", false, where);
    if (!documents)
        return documents.error();
    for (std::size_t i = 0; i < (*documents)->size(); ++i) {
        const Json& doc = (**documents)[i];
        Where here = where.field("documents").index(i);
        if (!doc.is_object())
            return here.error("must be an object { … }");
        RequiredDocument out;
        auto name = content::requirePair(doc, "name", here);
        if (!name)
            return name.error();
        out.name = std::move(*name);
        auto originals = content::requireInteger(doc, "originals", 0, 20, here);
        if (!originals)
            return originals.error();
        auto copies = content::requireInteger(doc, "copies", 0, 20, here);
        if (!copies)
            return copies.error();
        if (*originals == 0 && *copies == 0)
            return here.error("asks for neither an original nor a copy");
        out.originals = static_cast<int>(*originals);
        out.copies = static_cast<int>(*copies);
        s.documents.push_back(std::move(out));
    }

    auto fee = item.find("fee_baht");
    if (fee == item.end())
        return where.field("fee_baht").error("is missing (write 0 when there is no fee)");
    if (!fee->is_number() || fee->get<double>() < 0 || !std::isfinite(fee->get<double>()))
        return where.field("fee_baht").error("must be a number of baht, 0 or more");
    s.feeBaht = fee->get<double>();
    auto feeNote = content::optionalPair(item, "fee_note", where);
    if (!feeNote)
        return feeNote.error();
    s.feeNote = std::move(*feeNote);

    auto url = content::optionalText(item, "eservice_url", where);
    if (!url)
        return url.error();
    if (url->has_value()) {
        if ((*url)->rfind("https://", 0) != 0 || (*url)->size() < 12)
            return where.field("eservice_url").error("must be an https:// address");
        s.eserviceUrl = **url;
    }

    auto keywords = item.find("keywords");
    if (keywords != item.end()) {
        Where here = where.field("keywords");
        if (!keywords->is_object())
            return here.error(R"(must be {"th": [ … ], "en": [ … ]})");
        auto th = wordList(*keywords, "th", here);
        if (!th)
            return th.error();
        auto en = wordList(*keywords, "en", here);
        if (!en)
            return en.error();
        s.keywordsTh = std::move(*th);
        s.keywordsEn = std::move(*en);
    }
    return s;
}

}  // namespace

Result<Catalogue> Catalogue::parse(std::string_view text, const std::string& fileName) {
    auto json = content::parseDocument(text, fileName, 1);
    if (!json)
        return json.error();
    const Where root(fileName);

    Catalogue catalogue;
    auto office = json->find("office");
    if (office == json->end() || !office->is_object())
        return root.field("office").error("is missing");
    {
        Where here = root.field("office");
        auto code = content::requireText(*office, "code", here);
        if (!code)
            return code.error();
        if (code->size() < 5 || code->size() > 10 || code->find_first_not_of("0123456789") != std::string::npos)
            return here.field("code").error("must be 5 to 10 digits");
        catalogue.m_office.code = *code;
        auto name = content::requirePair(*office, "name", here);
        if (!name)
            return name.error();
        catalogue.m_office.name = std::move(*name);
        auto hours = content::requirePair(*office, "hours", here);
        if (!hours)
            return hours.error();
        catalogue.m_office.hours = std::move(*hours);
        auto address = content::optionalPair(*office, "address", here);
        if (!address)
            return address.error();
        catalogue.m_office.address = std::move(*address);
        auto phone = content::optionalText(*office, "phone", here);
        if (!phone)
            return phone.error();
        catalogue.m_office.phone = phone->value_or("");
    }

    auto categories = content::arrayField(*json, "categories", true, root);
    if (!categories)
        return categories.error();
    if ((*categories)->empty())
        return root.field("categories").error("needs at least one category");
    std::set<std::string> categoryIds;
    for (std::size_t i = 0; i < (*categories)->size(); ++i) {
        const Json& item = (**categories)[i];
        Where here = root.entry("categories", i, content::idHint(item));
        if (!item.is_object())
            return here.error("must be an object { … }");
        ServiceCategory category;
        auto id = content::requireId(item, "id", here);
        if (!id)
            return id.error();
        if (!categoryIds.insert(*id).second)
            return here.field("id").error("\"" + *id + "\" is used twice");
        category.id = *id;
        auto name = content::requirePair(item, "name", here);
        if (!name)
            return name.error();
        category.name = std::move(*name);
        auto icon = content::optionalText(item, "icon", here);
        if (!icon)
            return icon.error();
        category.icon = icon->value_or("");
        catalogue.m_categories.push_back(std::move(category));
    }

    auto services = content::arrayField(*json, "services", true, root);
    if (!services)
        return services.error();
    std::set<std::string> serviceIds;
    for (std::size_t i = 0; i < (*services)->size(); ++i) {
        const Json& item = (**services)[i];
        Where here = root.entry("services", i, content::idHint(item));
        auto service = parseService(item, here, categoryIds);
        if (!service)
            return service.error();
        if (!serviceIds.insert(service->id).second)
            return here.field("id").error("\"" + service->id + "\" is used twice");
        catalogue.m_services.push_back(std::move(*service));
    }
    return catalogue;
}

Result<Catalogue> Catalogue::load(const std::filesystem::path& file) {
    auto bytes = readFile(file, kMaxContentFileSize);
    if (!bytes)
        return bytes.error();
    return parse(asText(*bytes), file.filename().string());
}

// [SECTION] Lookup

const Service* Catalogue::findService(std::string_view id) const {
    for (const auto& s : m_services)
        if (s.id == id)
            return &s;
    return nullptr;
}

const ServiceCategory* Catalogue::findCategory(std::string_view id) const {
    for (const auto& c : m_categories)
        if (c.id == id)
            return &c;
    return nullptr;
}

std::vector<const Service*> Catalogue::servicesIn(std::string_view categoryId) const {
    std::vector<const Service*> out;
    for (const auto& s : m_services)
        if (s.category == categoryId)
            out.push_back(&s);
    return out;
}

}  // namespace fangsiang::core
