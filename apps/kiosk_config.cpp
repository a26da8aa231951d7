#include "kiosk_config.hpp"

#include "core/files.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>
#include <utility>
#include <map>
#include <set>

namespace fangsiang {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

// The keys each table may hold: a misspelt key is an error, not ignored,
// because an ignored "idle_timout_s" would leave the default in force silently.
const std::map<std::string, std::set<std::string>>& knownKeys() {
    static const std::map<std::string, std::set<std::string>> kKeys = {
        {"office", {"name", "code"}},
        {"kiosk", {"data", "content", "idle_timeout_s", "idle_countdown_s", "language", "theme", "font", "fullscreen"}},
        {"hub", {"url"}},
        {"printer", {"kind", "device", "queue", "paper_mm", "halftone", "feed_lines", "cut"}},
        {"staff", {"pin_hash", "idle_lock_s"}},
        {"field", {"enumerators"}},
    };
    return kKeys;
}

class Reader {
public:
    Reader(const toml::table& root, std::string fileName) : m_root(root), m_file(std::move(fileName)) {}

    core::Error error(const toml::node* node, const std::string& key, const std::string& problem) const {
        std::string where = m_file;
        if (node != nullptr && node->source().begin.line > 0)
            where += ":" + std::to_string(node->source().begin.line);
        return makeError(ErrorCode::InvalidArgument, where + ": " + key + ": " + problem);
    }

    Result<std::optional<std::string>> text(const char* table, const char* key) const {
        const toml::node* node = m_root.at_path(std::string(table) + "." + key).node();
        if (node == nullptr)
            return std::optional<std::string>{};
        if (!node->is_string())
            return error(node, std::string(table) + "." + key, "must be text in quotes");
        return std::optional<std::string>{node->as_string()->get()};
    }

    Result<std::optional<std::int64_t>> integer(const char* table, const char* key, std::int64_t min,
                                                std::int64_t max) const {
        const toml::node* node = m_root.at_path(std::string(table) + "." + key).node();
        if (node == nullptr)
            return std::optional<std::int64_t>{};
        const std::string name = std::string(table) + "." + key;
        if (!node->is_integer())
            return error(node, name, "must be a whole number");
        std::int64_t v = node->as_integer()->get();
        if (v < min || v > max)
            return error(node, name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return std::optional<std::int64_t>{v};
    }

    Result<std::optional<bool>> boolean(const char* table, const char* key) const {
        const toml::node* node = m_root.at_path(std::string(table) + "." + key).node();
        if (node == nullptr)
            return std::optional<bool>{};
        if (!node->is_boolean())
            return error(node, std::string(table) + "." + key, "must be true or false");
        return std::optional<bool>{node->as_boolean()->get()};
    }

    // One of a few words, each standing for a value; refused with the list.
    template <typename T>
    Result<std::optional<T>> choice(const char* table, const char* key,
                                    std::initializer_list<std::pair<const char*, T>> options) const {
        const auto word = TRY(text(table, key));
        if (!word.has_value())
            return std::optional<T>{};
        std::string listed;
        std::size_t i = 0;
        for (const auto& [name, value] : options) {
            if (*word == name)
                return std::optional<T>{value};
            listed += (i == 0 ? "" : i + 1 == options.size() ? " or " : ", ") + std::string("\"") + name + "\"";
            ++i;
        }
        const std::string path = std::string(table) + "." + key;
        return error(m_root.at_path(path).node(), path, "must be " + listed);
    }

    core::Status unknownKeys() const {
        for (const auto& [name, node] : m_root) {
            auto table = knownKeys().find(std::string(name.str()));
            if (table == knownKeys().end())
                return error(&node, std::string(name.str()), "is not a section this program knows (office, kiosk, hub, printer, staff, field)");
            if (!node.is_table())
                return error(&node, std::string(name.str()), "must be a section [" + std::string(name.str()) + "]");
            for (const auto& [key, value] : *node.as_table())
                if (!table->second.contains(std::string(key.str())))
                    return error(&value, std::string(name.str()) + "." + std::string(key.str()),
                                 "is not a setting this program knows (check the spelling)");
        }
        return core::Ok{};
    }

private:
    const toml::table& m_root;
    std::string m_file;
};

// Looks over the text before toml++ does, for what could make the parser or
// the tables it builds recurse without bound: a [a.a.a...] header of 40,000
// parts is 40,000 nested tables, built and destroyed recursively. It reads
// only as much TOML as it needs to tell keys from values: strings (which may
// hold anything), comments, table headers, and the brackets and braces of
// values; whatever it lets through the parser still judges in full.
core::Status checkShape(std::string_view text, const std::string& fileName) {
    int line = 1;
    auto refuse = [&](const std::string& problem) {
        return makeError(ErrorCode::InvalidArgument, fileName + ":" + std::to_string(line) + ": " + problem);
    };
    if (text.size() > kMaxKioskConfigBytes) {
        line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + kMaxKioskConfigBytes, '\n'));
        return refuse("the file goes on past " + std::to_string(kMaxKioskConfigBytes / 1024) +
                      " KiB, more than a kiosk configuration can be; is this the right file?");
    }
    // Open arrays ('[') and inline tables ('{') of the value being read.
    std::string open;
    bool inKey = true;  // a line's start, or after '{' or ',' in an inline table
    int components = 1; // dotted parts of the keys on this line
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\0')
            return refuse("holds a NUL byte; a configuration is plain text");
        if (c == '\n') {
            ++line;
            components = 1;
            if (open.empty())
                inKey = true;
            continue;
        }
        if (c == '#') {  // a comment, to the end of the line
            while (i + 1 < text.size() && text[i + 1] != '\n') {
                if (text[i + 1] == '\0')
                    return refuse("holds a NUL byte; a configuration is plain text");
                ++i;
            }
            continue;
        }
        if (c == '"' || c == '\'') {  // a string, one line or (tripled) many
            const bool multiline = text.substr(i, 3) == std::string(3, c);
            const bool escapes = c == '"';
            i += multiline ? 3 : 1;
            for (; i < text.size(); ++i) {
                if (text[i] == '\0')
                    return refuse("holds a NUL byte; a configuration is plain text");
                if (escapes && text[i] == '\\') {
                    if (i + 1 < text.size() && text[i + 1] == '\n')
                        ++line;
                    ++i;
                    continue;
                }
                if (text[i] == '\n') {
                    if (!multiline)
                        break;  // unterminated: the parser says so, on this line
                    ++line;
                }
                if (text[i] == c && (!multiline || text.substr(i, 3) == std::string(3, c))) {
                    if (multiline) {
                        i += 2;
                        while (i + 1 < text.size() && text[i + 1] == c)
                            ++i;  // up to two quotes may end the string's content
                    }
                    break;
                }
            }
            if (i < text.size() && text[i] == '\n')
                --i;  // let the loop count the line and start the next one
            continue;
        }
        if (inKey) {
            if (c == '.' && ++components > kMaxKioskConfigKeyComponents)
                return refuse("a key or [section] of more than " + std::to_string(kMaxKioskConfigKeyComponents) +
                              " dotted parts; this program's settings have two ([section] and name)");
            if (c == '=') {
                inKey = false;
            } else if (c == '}' && !open.empty() && open.back() == '{') {
                open.pop_back();  // an empty inline table
                inKey = false;
            }
            continue;  // a header's brackets are not values
        }
        if (c == '[' || c == '{') {
            open.push_back(c);
            if (open.size() > static_cast<std::size_t>(kMaxKioskConfigNesting))
                return refuse("values nested more than " + std::to_string(kMaxKioskConfigNesting) +
                              " deep; this program's settings are not nested at all");
            if (c == '{')
                inKey = true;
        } else if ((c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
        } else if (c == ',' && !open.empty() && open.back() == '{') {
            inKey = true;
        }
    }
    return core::Ok{};
}

// [printer]: the kind decides which of device and queue it needs; a
// setting for the other kind is an error, not silently unused.
Result<PrinterConfig> readPrinter(const Reader& r, const toml::table& root) {
    PrinterConfig printer;
    auto node = [&](const char* key) { return root.at_path(std::string("printer.") + key).node(); };
    printer.kind = TRY(r.choice<PrinterKind>(
                           "printer", "kind",
                           {{"png", PrinterKind::Png}, {"device", PrinterKind::Device}, {"cups", PrinterKind::Cups}}))
                       .value_or(PrinterKind::Png);
    const auto device = TRY(r.text("printer", "device"));
    const auto queue = TRY(r.text("printer", "queue"));
    if (device.has_value() && printer.kind != PrinterKind::Device)
        return r.error(node("device"), "printer.device", "is only for kind = \"device\"");
    if (queue.has_value() && printer.kind != PrinterKind::Cups)
        return r.error(node("queue"), "printer.queue", "is only for kind = \"cups\"");
    if (printer.kind == PrinterKind::Device) {
        if (!device.has_value())
            return r.error(node("kind"), "printer.device", "is missing: the printer's device file, e.g. \"/dev/usb/lp0\"");
        if (device->empty() || (*device)[0] != '/')
            return r.error(node("device"), "printer.device", "must be a full path such as \"/dev/usb/lp0\"");
        printer.device = *device;
    }
    if (printer.kind == PrinterKind::Cups) {
        if (!queue.has_value() || queue->empty())
            return r.error(queue.has_value() ? node("queue") : node("kind"), "printer.queue",
                           "is missing: the CUPS queue's name, as lpstat -p lists it");
        if (queue->find_first_of(" /#\t") != std::string::npos)
            return r.error(node("queue"), "printer.queue", "a CUPS queue's name has no spaces, slashes or #");
        printer.queue = *queue;
    }
    if (const auto mm = TRY(r.integer("printer", "paper_mm", 0, 1000)); mm.has_value()) {
        if (*mm == 58)
            printer.escpos.paperDots = kiosk::escpos::kPaper58mmDots;
        else if (*mm == 80)
            printer.escpos.paperDots = kiosk::escpos::kPaper80mmDots;
        else
            return r.error(node("paper_mm"), "printer.paper_mm", "must be 58 or 80 (the paper's width in mm)");
    }
    printer.escpos.halftone =
        TRY(r.choice<kiosk::escpos::Halftone>("printer", "halftone",
                                              {{"threshold", kiosk::escpos::Halftone::Threshold},
                                               {"dither", kiosk::escpos::Halftone::FloydSteinberg}}))
            .value_or(kiosk::escpos::Halftone::Threshold);
    if (const auto feed = TRY(r.integer("printer", "feed_lines", 0, 255)); feed.has_value())
        printer.escpos.feedLines = static_cast<int>(*feed);
    printer.escpos.cut = TRY(r.boolean("printer", "cut")).value_or(true);
    return printer;
}

// [staff] and [field]: the staff PIN's hash and the device's enumerators,
// `enumerators = [{id = "somsri", name = "สมศรี ใจงาม"}, ...]`.
core::Status readStaffAndField(const Reader& r, const toml::table& root, KioskConfig& config) {
    if (const auto hash = TRY(r.text("staff", "pin_hash")); hash.has_value()) {
        if (hash->rfind("$argon2id$", 0) != 0)
            return r.error(root.at_path("staff.pin_hash").node(), "staff.pin_hash",
                           "must be an Argon2id hash (fangsiang-kiosk staff-pin prints one)");
        config.staffPinHash = *hash;
    }
    if (const auto idle = TRY(r.integer("staff", "idle_lock_s", 15, 3600)); idle.has_value())
        config.staffIdleMs = *idle * 1000;
    const toml::node* list = root.at_path("field.enumerators").node();
    if (list == nullptr)
        return core::Ok{};
    if (!list->is_array())
        return r.error(list, "field.enumerators", "must be a list: [{id = \"somsri\", name = \"สมศรี ใจงาม\"}]");
    for (const toml::node& item : *list->as_array()) {
        const toml::table* t = item.as_table();
        const toml::node* id = t != nullptr ? t->get("id") : nullptr;
        const toml::node* name = t != nullptr ? t->get("name") : nullptr;
        if (t == nullptr || t->size() != 2 || id == nullptr || !id->is_string() || name == nullptr || !name->is_string())
            return r.error(&item, "field.enumerators", "each enumerator is {id = \"...\", name = \"...\"} and nothing else");
        kiosk::Enumerator e{id->as_string()->get(), name->as_string()->get()};
        const bool idOk = !e.id.empty() && e.id.size() <= 64 && e.id.front() >= 'a' && e.id.front() <= 'z' &&
                          e.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
        if (!idOk)
            return r.error(id, "field.enumerators", "id \"" + e.id.substr(0, 64) +
                                                        "\" must be lower-case letters, digits, '-' or '_', starting with a letter");
        if (e.name.empty() || e.name.size() > 200)
            return r.error(name, "field.enumerators", "name must be 1 to 200 bytes");
        for (const kiosk::Enumerator& other : config.enumerators)
            if (other.id == e.id)
                return r.error(id, "field.enumerators", "id \"" + e.id + "\" is listed twice");
        config.enumerators.push_back(std::move(e));
    }
    return core::Ok{};
}

}  // namespace

Result<KioskConfig> parseKioskConfig(std::string_view text, const std::string& fileName, const fs::path& baseDir) {
    TRY(checkShape(text, fileName));
    toml::table root;
    try {
        root = toml::parse(text, fileName);
    } catch (const toml::parse_error& e) {
        return makeError(ErrorCode::InvalidArgument, fileName + ":" + std::to_string(e.source().begin.line) + ": " +
                                                         std::string(e.description()));
    }
    Reader r(root, fileName);
    TRY(r.unknownKeys());
    KioskConfig config;

    const auto name = TRY(r.text("office", "name"));
    if (!name.has_value() || name->empty())
        return makeError(ErrorCode::InvalidArgument, fileName + ": office.name: is missing (the office's name as "
                                                                "citizens know it, e.g. \"เทศบาลตำบลบ้านสวนดอกไม้\")");
    config.officeName = *name;
    const auto code = TRY(r.text("office", "code"));
    if (!code.has_value())
        return makeError(ErrorCode::InvalidArgument, fileName + ": office.code: is missing");
    if (code->size() < 5 || code->size() > 10 || code->find_first_not_of("0123456789") != std::string::npos)
        return r.error(root.at_path("office.code").node(), "office.code", "must be 5 to 10 digits");
    config.officeCode = *code;

    auto path = [&](const char* key, fs::path fallback) -> Result<fs::path> {
        const auto value = TRY(r.text("kiosk", key));
        if (!value.has_value())
            return fallback;
        if (value->empty())
            return r.error(root.at_path(std::string("kiosk.") + key).node(), std::string("kiosk.") + key,
                           "is empty");
        fs::path p(*value);
        return p.is_absolute() ? p : baseDir / p;
    };
    config.dataDir = TRY(path("data", baseDir / "data"));
    config.contentDir = TRY(path("content", {}));
    config.font = TRY(path("font", {}));

    if (const auto idle = TRY(r.integer("kiosk", "idle_timeout_s", 15, 3600)); idle.has_value())
        config.idle.timeoutMs = *idle * 1000;
    if (const auto countdown = TRY(r.integer("kiosk", "idle_countdown_s", 3, 120)); countdown.has_value())
        config.idle.countdownMs = *countdown * 1000;

    config.language = TRY(r.choice<core::Language>("kiosk", "language",
                                                   {{"th", core::Language::Thai}, {"en", core::Language::English}}))
                          .value_or(core::Language::Thai);
    config.theme = TRY(r.choice<ThemeChoice>("kiosk", "theme",
                                             {{"default", ThemeChoice::Default},
                                              {"high-contrast", ThemeChoice::HighContrast},
                                              {"large-text", ThemeChoice::LargeText}}))
                       .value_or(ThemeChoice::Default);
    config.fullscreen = TRY(r.boolean("kiosk", "fullscreen")).value_or(true);

    if (const auto hub = TRY(r.text("hub", "url")); hub.has_value()) {
        const std::string& url = *hub;
        if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
            return r.error(root.at_path("hub.url").node(), "hub.url", "must start with https:// (or http:// on a local network)");
        config.hubUrl = url;
    }
    config.printer = TRY(readPrinter(r, root));
    TRY(readStaffAndField(r, root, config));
    return config;
}

Result<KioskConfig> loadKioskConfig(const fs::path& file) {
    // One byte past the limit is enough for the parser to refuse a long file
    // by the line where it passed the limit, without reading all of it.
    const auto bytes = TRY(core::readFileHead(file, kMaxKioskConfigBytes + 1));
    return parseKioskConfig(core::asText(bytes), file.string(), file.parent_path());
}

kiosk::RuntimeOptions runtimeOptions(const KioskConfig& config) {
    kiosk::RuntimeOptions options;
    options.dataDir = config.dataDir;
    options.contentDir = config.contentDir;
    options.officeCode = config.officeCode;
    options.idle = config.idle;
    options.display.language = config.language;
    options.display.largeText = config.theme == ThemeChoice::LargeText;
    options.display.highContrast = config.theme == ThemeChoice::HighContrast;
    return options;
}

}  // namespace fangsiang
