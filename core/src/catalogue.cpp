#include "core/catalogue.hpp"

#include "core/content_json.hpp"
#include "core/files.hpp"

#include <cmath>
#include <cstdio>

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

using content::EntryNames;

Result<std::vector<TextPair>> pairList(const Json& object, const char* key, const Where& where) {
    auto list = TRY(content::arrayField(object, key, false, where));
    return content::parseEntries<TextPair>(*list, key, where, EntryNames::ByIndex, content::parsePair);
}

Result<std::string> parseWord(const Json& word, const Where& where) {
    if (!word.is_string() || word.get_ref<const std::string&>().empty())
        return where.error("must be a word");
    return word.get<std::string>();
}

Result<std::vector<std::string>> wordList(const Json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end())
        return std::vector<std::string>{};
    if (!it->is_array())
        return where.field(key).error("must be a list of words");
    return content::parseEntries<std::string>(*it, key, where, EntryNames::ByIndex, parseWord);
}

// A step takes either minutes at the counter or working days, never both.
Result<ServiceStep> parseStep(const Json& step, const Where& where) {
    TRY(content::requireObject(step, where));
    ServiceStep out;
    out.text = TRY(content::requirePair(step, "text", where));
    auto minutes = TRY(content::optionalInteger(step, "minutes", 1, 1440, where));
    auto days = TRY(content::optionalInteger(step, "days", 1, 365, where));
    if (minutes.has_value() == days.has_value())
        return where.error("give either \"minutes\" or \"days\" (exactly one)");
    out.minutes = static_cast<int>(minutes.value_or(0));
    out.days = static_cast<int>(days.value_or(0));
    return out;
}

Result<RequiredDocument> parseRequiredDocument(const Json& document, const Where& where) {
    TRY(content::requireObject(document, where));
    auto name = TRY(content::requirePair(document, "name", where));
    auto originals = static_cast<int>(TRY(content::requireInteger(document, "originals", 0, 20, where)));
    auto copies = static_cast<int>(TRY(content::requireInteger(document, "copies", 0, 20, where)));
    if (originals == 0 && copies == 0)
        return where.error("asks for neither an original nor a copy");
    return RequiredDocument{std::move(name), originals, copies};
}

Result<std::vector<ServiceStep>> parseSteps(const Json& service, const Where& where) {
    auto steps = TRY(content::arrayField(service, "steps", true, where));
    if (steps->empty())
        return where.field("steps").error("needs at least one step");
    return content::parseEntries<ServiceStep>(*steps, "steps", where, EntryNames::ByIndex, parseStep);
}

Result<double> parseFee(const Json& service, const Where& where) {
    auto fee = service.find("fee_baht");
    if (fee == service.end())
        return where.field("fee_baht").error("is missing (write 0 when there is no fee)");
    if (!fee->is_number() || fee->get<double>() < 0 || !std::isfinite(fee->get<double>()))
        return where.field("fee_baht").error("must be a number of baht, 0 or more");
    return fee->get<double>();
}

Result<Service> parseService(const Json& item, const Where& where, const content::UniqueIds& categoryIds) {
    TRY(content::requireObject(item, where));
    Service s;
    s.id = TRY(content::requireId(item, "id", where));
    s.category = TRY(content::requireText(item, "category", where));
    if (!categoryIds.contains(s.category))
        return where.field("category").error("\"" + s.category + "\" is not one of the categories in this file");
    s.name = TRY(content::requirePair(item, "name", where));
    s.unit = TRY(content::requirePair(item, "unit", where));
    s.where = TRY(content::requirePair(item, "where", where));
    s.hours = TRY(content::requirePair(item, "hours", where));
    s.complaintChannel = TRY(content::requirePair(item, "complaint_channel", where));
    s.conditions = TRY(pairList(item, "conditions", where));
    s.steps = TRY(parseSteps(item, where));
    auto documents = TRY(content::arrayField(item, "documents", false, where));
    s.documents = TRY(content::parseEntries<RequiredDocument>(*documents, "documents", where, EntryNames::ByIndex,
                                                              parseRequiredDocument));
    s.feeBaht = TRY(parseFee(item, where));
    s.feeNote = TRY(content::optionalPair(item, "fee_note", where));

    if (auto url = TRY(content::optionalText(item, "eservice_url", where))) {
        if (url->rfind("https://", 0) != 0 || url->size() < 12)
            return where.field("eservice_url").error("must be an https:// address");
        s.eserviceUrl = std::move(*url);
    }

    if (auto keywords = item.find("keywords"); keywords != item.end()) {
        const Where here = where.field("keywords");
        if (!keywords->is_object())
            return here.error(R"(must be {"th": [ … ], "en": [ … ]})");
        s.keywordsTh = TRY(wordList(*keywords, "th", here));
        s.keywordsEn = TRY(wordList(*keywords, "en", here));
    }
    return s;
}

Result<OfficeInfo> parseOffice(const Json& document, const Where& root) {
    auto office = document.find("office");
    if (office == document.end() || !office->is_object())
        return root.field("office").error("is missing");
    const Where here = root.field("office");
    OfficeInfo info;
    info.code = TRY(content::requireText(*office, "code", here));
    if (info.code.size() < 5 || info.code.size() > 10 || info.code.find_first_not_of("0123456789") != std::string::npos)
        return here.field("code").error("must be 5 to 10 digits");
    info.name = TRY(content::requirePair(*office, "name", here));
    info.hours = TRY(content::requirePair(*office, "hours", here));
    info.address = TRY(content::optionalPair(*office, "address", here));
    info.phone = TRY(content::optionalText(*office, "phone", here)).value_or("");
    return info;
}

}  // namespace

Result<Catalogue> Catalogue::parse(std::string_view text, const std::string& fileName) {
    const auto [json, root] = TRY(content::parseDocument(text, fileName, 1));

    Catalogue catalogue;
    catalogue.m_office = TRY(parseOffice(json, root));

    auto categories = TRY(content::arrayField(json, "categories", true, root));
    if (categories->empty())
        return root.field("categories").error("needs at least one category");
    content::UniqueIds categoryIds;
    auto parseCategory = [&](const Json& item, const Where& here) -> Result<ServiceCategory> {
        TRY(content::requireObject(item, here));
        ServiceCategory category;
        category.id = TRY(categoryIds.take(item, here));
        category.name = TRY(content::requirePair(item, "name", here));
        category.icon = TRY(content::optionalText(item, "icon", here)).value_or("");
        return category;
    };
    catalogue.m_categories =
        TRY(content::parseEntries<ServiceCategory>(*categories, "categories", root, EntryNames::WithId, parseCategory));

    auto services = TRY(content::arrayField(json, "services", true, root));
    content::UniqueIds serviceIds;
    auto parseOne = [&](const Json& item, const Where& here) -> Result<Service> {
        // A second use of an id is found once the whole entry has been read.
        auto service = TRY(parseService(item, here, categoryIds));
        TRY(serviceIds.add(service.id, here));
        return service;
    };
    catalogue.m_services = TRY(content::parseEntries<Service>(*services, "services", root, EntryNames::WithId, parseOne));
    return catalogue;
}

Result<Catalogue> Catalogue::load(const std::filesystem::path& file) {
    auto bytes = TRY(readFile(file, kMaxContentFileSize));
    return parse(asText(bytes), file.filename().string());
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
