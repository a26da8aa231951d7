// Reading the cells of an .xlsx workbook: libzip opens the archive in
// memory, expat reads the parts (workbook, its relationships, the shared
// strings and each sheet). Every size is bounded before it is trusted: the
// file, the number of entries, each part's unpacked bytes counted as they
// are read (not as the zip's header claims), all parts together, and the
// cells. A document type declaration is refused, so no entity can expand.

#include "hub/xlsform.hpp"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <utility>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

int columnIndex(std::string_view letters) {
    if (letters.empty() || letters.size() > 3)
        return -1;
    int index = 0;
    for (char c : letters) {
        if (c < 'A' || c > 'Z')
            return -1;
        index = index * 26 + (c - 'A' + 1);
    }
    return index - 1;
}

std::string columnName(int index) {
    std::string name;
    for (int n = index + 1; n > 0; n = (n - 1) / 26)
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    return name;
}

namespace {

constexpr std::size_t kMaxRows = 20'000;
constexpr int kMaxColumns = 256;

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};

class Archive {
public:
    Archive(zip_t* zip, const XlsxLimits& limits) : m_zip(zip), m_limits(limits) {}

    [[nodiscard]] bool has(const std::string& name) const { return zip_name_locate(m_zip.get(), name.c_str(), 0) >= 0; }

    // The unpacked bytes of one entry, counted as they come.
    core::Result<std::string> read(const std::string& name) {
        zip_file_t* file = zip_fopen(m_zip.get(), name.c_str(), 0);
        if (file == nullptr)
            return makeError(ErrorCode::InvalidArgument, "the workbook has no " + name + " (is it an .xlsx file?)");
        std::string out;
        char buffer[16384];
        while (true) {
            const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
            if (n < 0) {
                zip_fclose(file);
                return makeError(ErrorCode::InvalidArgument, name + " in the workbook is damaged and cannot be unpacked");
            }
            if (n == 0)
                break;
            out.append(buffer, static_cast<std::size_t>(n));
            m_total += static_cast<std::size_t>(n);
            if (out.size() > m_limits.maxPartBytes || m_total > m_limits.maxTotalBytes) {
                zip_fclose(file);
                return makeError(ErrorCode::TooLarge,
                                 name + " unpacks to more than " +
                                     std::to_string(out.size() > m_limits.maxPartBytes ? m_limits.maxPartBytes
                                                                                       : m_limits.maxTotalBytes) +
                                     " bytes; a form is far smaller (is the file a zip bomb?)");
            }
        }
        zip_fclose(file);
        return out;
    }

private:
    std::unique_ptr<zip_t, ZipCloser> m_zip;
    const XlsxLimits& m_limits;
    std::size_t m_total = 0;
};

std::string_view localName(const XML_Char* name) {
    std::string_view n(name);
    auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const XML_Char* attribute(const XML_Char** attrs, std::string_view wanted) {
    for (int i = 0; attrs[i] != nullptr; i += 2)
        if (localName(attrs[i]) == wanted || std::string_view(attrs[i]) == wanted)
            return attrs[i + 1];
    return nullptr;
}

// Two attributes an element needs together, or nothing when either is absent.
std::optional<std::pair<std::string, std::string>> attributePair(const XML_Char** attrs, std::string_view first,
                                                                 std::string_view second) {
    const XML_Char* a = attribute(attrs, first);
    const XML_Char* b = attribute(attrs, second);
    if (a == nullptr || b == nullptr)
        return std::nullopt;
    return std::pair<std::string, std::string>{a, b};
}

// One XML part read with callbacks; `Handler` has start(name, attrs),
// end(name) and text(chars).
template <typename Handler>
core::Status parseXml(const std::string& part, std::string_view text, Handler& handler) {
    struct Parser {
        XML_Parser p;
        ~Parser() { XML_ParserFree(p); }
    } parser{XML_ParserCreate(nullptr)};
    if (parser.p == nullptr)
        return makeError(ErrorCode::Internal, "could not start an XML parser");
    struct State {
        Handler* handler;
        XML_Parser parser;
        bool doctype = false;
    } state{&handler, parser.p};
    XML_SetUserData(parser.p, &state);
    XML_SetElementHandler(
        parser.p,
        [](void* data, const XML_Char* name, const XML_Char** attrs) {
            static_cast<State*>(data)->handler->start(localName(name), attrs);
        },
        [](void* data, const XML_Char* name) { static_cast<State*>(data)->handler->end(localName(name)); });
    XML_SetCharacterDataHandler(parser.p, [](void* data, const XML_Char* s, int len) {
        static_cast<State*>(data)->handler->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    XML_SetStartDoctypeDeclHandler(parser.p, [](void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
        auto* s = static_cast<State*>(data);
        s->doctype = true;
        XML_StopParser(s->parser, XML_FALSE);
    });
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return makeError(ErrorCode::TooLarge, part + " is too large");
    const auto status = XML_Parse(parser.p, text.data(), static_cast<int>(text.size()), XML_TRUE);
    if (state.doctype)
        return makeError(ErrorCode::InvalidArgument, part + " declares a document type, which a workbook never does");
    if (status != XML_STATUS_OK)
        return makeError(ErrorCode::InvalidArgument,
                         part + " is not well-formed XML (line " + std::to_string(XML_GetCurrentLineNumber(parser.p)) +
                             ": " + XML_ErrorString(XML_GetErrorCode(parser.p)) + ")");
    if (handler.failure)
        return *handler.failure;
    return core::Ok{};
}

struct SheetRef {
    std::string name;
    std::string relation;
};

struct WorkbookHandler {
    std::vector<SheetRef> sheets;
    std::optional<core::Error> failure;
    void start(std::string_view name, const XML_Char** attrs) {
        if (name != "sheet")
            return;
        if (auto both = attributePair(attrs, "name", "id"))
            sheets.push_back({both->first, both->second});
    }
    void end(std::string_view) {}
    void text(std::string_view) {}
};

struct RelationsHandler {
    std::map<std::string, std::string> targets;
    std::optional<core::Error> failure;
    void start(std::string_view name, const XML_Char** attrs) {
        if (name != "Relationship")
            return;
        if (auto both = attributePair(attrs, "Id", "Target"))
            targets[both->first] = both->second;
    }
    void end(std::string_view) {}
    void text(std::string_view) {}
};

// <si><t>text</t></si> or rich text <si><r><t>a</t></r><r><t>b</t></r></si>;
// phonetic runs (<rPh>) are not part of the text.
struct SharedStringsHandler {
    std::vector<std::string> strings;
    std::optional<core::Error> failure;
    std::size_t maxBytes = 0;
    std::size_t bytes = 0;
    bool inText = false;
    int phonetic = 0;
    void start(std::string_view name, const XML_Char**) {
        if (name == "si")
            strings.emplace_back();
        else if (name == "rPh")
            ++phonetic;
        else if (name == "t")
            inText = phonetic == 0 && !strings.empty();
    }
    void end(std::string_view name) {
        if (name == "rPh")
            --phonetic;
        else if (name == "t")
            inText = false;
    }
    void text(std::string_view s) {
        if (inText)
            strings.back().append(s);
    }
};

struct SheetHandler {
    XlsxSheet* sheet = nullptr;
    const std::vector<std::string>* shared = nullptr;
    std::size_t* cells = nullptr;
    std::size_t maxCells = 0;
    std::optional<core::Error> failure;

    std::size_t row = 0;  // 1-based, 0 before the first row
    int column = -1;
    std::string type;
    std::string value;
    bool inValue = false;
    bool inCell = false;

    void fail(std::string why) {
        if (!failure)
            failure = makeError(ErrorCode::InvalidArgument, "sheet " + sheet->name + ": " + why);
    }
    void start(std::string_view name, const XML_Char** attrs) {
        if (failure)
            return;
        if (name == "row") {
            const XML_Char* r = attribute(attrs, "r");
            row = r != nullptr ? static_cast<std::size_t>(std::strtoul(r, nullptr, 10)) : row + 1;
            if (row == 0 || row > kMaxRows)
                return fail("row " + std::to_string(row) + " is beyond the " + std::to_string(kMaxRows) + " rows a form may have");
            column = -1;
        } else if (name == "c") {
            inCell = true;
            value.clear();
            const XML_Char* t = attribute(attrs, "t");
            type = t != nullptr ? t : "n";
            const XML_Char* r = attribute(attrs, "r");
            if (r != nullptr) {
                std::string_view ref(r);
                const auto digits = ref.find_first_of("0123456789");
                column = columnIndex(ref.substr(0, digits));
                if (column < 0)
                    return fail("the cell reference \"" + std::string(ref) + "\" is not a cell");
            } else {
                ++column;
            }
            if (column >= kMaxColumns)
                return fail("column " + columnName(column) + " is beyond the " + std::to_string(kMaxColumns) +
                            " columns a form may have");
        } else if (inCell && (name == "v" || name == "t")) {
            inValue = true;
        }
    }
    void end(std::string_view name) {
        if (failure)
            return;
        if (name == "v" || name == "t") {
            inValue = false;
        } else if (name == "c") {
            inCell = false;
            if (row == 0)
                return fail("a cell sits outside any row");
            if (++*cells > maxCells)
                return fail("the workbook has more than " + std::to_string(maxCells) + " cells");
            std::string text;
            if (type == "s") {
                char* end = nullptr;
                const unsigned long i = std::strtoul(value.c_str(), &end, 10);
                if (value.empty() || *end != '\0' || i >= shared->size())
                    return fail("cell " + columnName(column) + std::to_string(row) + " names a shared string that does not exist");
                text = (*shared)[i];
            } else if (type == "b") {
                text = value == "1" ? "true" : "false";
            } else if (type == "e") {
                return fail("cell " + columnName(column) + std::to_string(row) + " holds a formula error (" + value + ")");
            } else {
                text = value;  // n, str (a formula's text), inlineStr
            }
            if (text.empty())
                return;
            auto& rows = sheet->rows;
            if (rows.size() < row)
                rows.resize(row);
            auto& cellsOfRow = rows[row - 1];
            if (cellsOfRow.size() <= static_cast<std::size_t>(column))
                cellsOfRow.resize(static_cast<std::size_t>(column) + 1);
            cellsOfRow[static_cast<std::size_t>(column)] = std::move(text);
        }
    }
    void text(std::string_view s) {
        if (inValue && !failure) {
            if (value.size() + s.size() > 32767)  // Excel's own limit for one cell
                return fail("a cell holds more than 32767 characters");
            value.append(s);
        }
    }
};

template <typename Handler>
core::Status readPart(Archive& archive, const std::string& part, Handler& handler) {
    auto text = TRY(archive.read(part));
    return parseXml(part, text, handler);
}

std::string partPath(const std::string& target) {
    if (!target.empty() && target.front() == '/')
        return target.substr(1);
    return "xl/" + target;
}

}  // namespace

core::Result<std::vector<XlsxSheet>> readXlsx(std::string_view bytes, const XlsxLimits& limits) {
    if (bytes.size() > limits.maxFileBytes)
        return makeError(ErrorCode::TooLarge, "the workbook is " + std::to_string(bytes.size()) +
                                                  " bytes; a form may be at most " +
                                                  std::to_string(limits.maxFileBytes));
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        return makeError(ErrorCode::Internal, "could not read the workbook from memory");
    }
    zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip == nullptr) {
        zip_source_free(source);
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        return makeError(ErrorCode::InvalidArgument, "not an .xlsx workbook: it does not open as a zip file (" + why + ")");
    }
    zip_error_fini(&error);
    Archive archive(zip, limits);
    const zip_int64_t entries = zip_get_num_entries(zip, 0);
    if (entries < 0 || static_cast<std::size_t>(entries) > limits.maxEntries)
        return makeError(ErrorCode::TooLarge, "the workbook holds " + std::to_string(entries) +
                                                  " files; a form has far fewer than " +
                                                  std::to_string(limits.maxEntries));

    WorkbookHandler workbook;
    TRY(readPart(archive, "xl/workbook.xml", workbook));
    RelationsHandler relations;
    TRY(readPart(archive, "xl/_rels/workbook.xml.rels", relations));
    SharedStringsHandler shared;
    if (archive.has("xl/sharedStrings.xml"))
        TRY(readPart(archive, "xl/sharedStrings.xml", shared));

    std::vector<XlsxSheet> sheets;
    std::size_t cells = 0;
    for (const auto& ref : workbook.sheets) {
        auto target = relations.targets.find(ref.relation);
        if (target == relations.targets.end())
            return makeError(ErrorCode::InvalidArgument, "sheet " + ref.name + " has no part in the workbook");
        XlsxSheet sheet{ref.name, {}};
        SheetHandler handler;
        handler.sheet = &sheet;
        handler.shared = &shared.strings;
        handler.cells = &cells;
        handler.maxCells = limits.maxCells;
        TRY(readPart(archive, partPath(target->second), handler));
        sheets.push_back(std::move(sheet));
    }
    return sheets;
}

}  // namespace fangsiang::hub
