#include "hub/service.hpp"

#include "hub/export_reader.hpp"
#include "hub/xlsform.hpp"
#include "hub/record_rules.hpp"

#include "core/announcements.hpp"
#include "core/catalogue.hpp"
#include "core/content_json.hpp"
#include "core/crypto.hpp"
#include "core/files.hpp"
#include "core/survey.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>
#include <system_error>
#include <thread>

namespace fangsiang::hub {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;

// [SECTION] Content and tickets (officer side)

// The most files sync::decodeContentBody takes in one bundle.
constexpr std::size_t kMaxBundleFiles = 256;

// The bytes `text` takes once escaped twice over, as nlohmann::json::dump
// (UTF-8 kept as it is) escapes it: into the bundle's JSON, and the bundle
// into the envelope's. A quote or backslash becomes 4 bytes, \b \f \n \r \t
// become 3 (\\n), any other control character 7 (\\u0001).
std::size_t twiceEscapedSize(std::string_view text) {
    std::size_t size = 0;
    for (unsigned char c : text) {
        if (c == '"' || c == '\\')
            size += 4;
        else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
            size += 3;
        else if (c < 0x20)
            size += 7;
        else
            size += 1;
    }
    return size;
}

namespace {

// A refusal of publish, saying that what is published stays.
core::Error notPublished(std::uint64_t current, ErrorCode code, const std::string& why) {
    const std::string unchanged = current == 0 ? "Nothing was published"
                                               : "Nothing was published; version " + std::to_string(current) +
                                                     " stays the current content";
    return makeError(code, why + ". " + unchanged + ".");
}

}  // namespace

core::Result<std::uint64_t> HubService::publish(const fs::path& dir, const std::string& officeCode) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return makeError(ErrorCode::NotFound, dir.string() + " is not a folder");
    const std::uint64_t current = TRY(m_storage.latestBundleVersion());
    auto refuse = [&](ErrorCode code, const std::string& why) { return notPublished(current, code, why); };

    // DIR/*.json and DIR/<folder>/*.json, as assets/content is laid out, and
    // XLSForm surveys as DIR/surveys/*.xlsx.
    std::vector<fs::path> found;
    auto isContent = [](const fs::directory_entry& e) {
        return e.is_regular_file() && (e.path().extension() == ".json" || e.path().extension() == ".xlsx");
    };
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_directory()) {
            std::error_code inner;
            for (const auto& sub : fs::directory_iterator(entry.path(), inner))
                if (isContent(sub))
                    found.push_back(sub.path());
            if (inner)
                return makeError(ErrorCode::Io, "could not read " + entry.path().string() + ": " + inner.message());
        } else if (isContent(entry)) {
            found.push_back(entry.path());
        }
    }
    if (ec)
        return makeError(ErrorCode::Io, "could not read " + dir.string() + ": " + ec.message());
    if (found.empty())
        return makeError(ErrorCode::InvalidArgument, dir.string() + " holds no .json or .xlsx files to publish");
    std::sort(found.begin(), found.end());
    if (found.size() > kMaxBundleFiles)
        return refuse(ErrorCode::TooLarge, dir.string() + " holds " + std::to_string(found.size()) +
                                               " content files; a kiosk takes at most " +
                                               std::to_string(kMaxBundleFiles));

    // Each file read within the kiosk's per-file limit (XLSForms converted
    // to the survey they become); publishFiles checks the rest.
    ContentFiles files;
    for (const auto& path : found) {
        const std::string original = fs::relative(path, dir).generic_string();
        const bool xlsForm = path.extension() == ".xlsx";
        const std::string name = xlsForm ? fs::relative(fs::path(path).replace_extension(".json"), dir).generic_string()
                                         : original;
        if (!sync::isValidContentFileName(name))
            return refuse(ErrorCode::InvalidArgument,
                          original + ": content file names use a-z, 0-9, '_' and '-' only, end in .json (or "
                                     ".xlsx for a survey), and sit at most one folder deep");
        if (xlsForm) {
            if (name.rfind(core::content::kSurveysFolder, 0) != 0)
                return refuse(ErrorCode::InvalidArgument, original + ": an XLSForm is a survey and belongs in " +
                                                              core::content::kSurveysFolder);
            if (std::binary_search(found.begin(), found.end(), fs::path(path).replace_extension(".json")))
                return refuse(ErrorCode::InvalidArgument, original + " and " + name + " would both be " + name);
            auto converted = convertXlsFormFile(path);
            if (!converted)
                return refuse(converted.error().code, converted.error().message);
            if (converted->size() > core::kMaxContentFileSize)
                return refuse(ErrorCode::TooLarge, original + " converts to more than " +
                                                       std::to_string(core::kMaxContentFileSize) + " bytes");
            files.emplace_back(name, std::move(*converted));
            continue;
        }
        auto bytes = core::readFile(path, core::kMaxContentFileSize);
        if (!bytes && bytes.error().code == ErrorCode::TooLarge)
            return refuse(ErrorCode::TooLarge, name + " is " + std::to_string(fs::file_size(path, ec)) +
                                                   " bytes; a kiosk takes content files of at most " +
                                                   std::to_string(core::kMaxContentFileSize) + " bytes");
        if (!bytes)
            return bytes.error();
        files.emplace_back(name, std::string(bytes->begin(), bytes->end()));
    }
    return publishFiles(std::move(files), officeCode);
}

core::Result<std::uint64_t> HubService::publishFiles(ContentFiles files, const std::string& officeCode) {
    if (!officeCode.empty() && !TRY(m_storage.findOffice(officeCode)))
        return makeError(ErrorCode::NotFound, "office " + officeCode + " is not on this hub (fangsiang-hub office set)");
    const std::uint64_t current = TRY(m_storage.latestBundleVersion());
    auto refuse = [&](ErrorCode code, const std::string& why) { return notPublished(current, code, why); };
    if (files.empty())
        return refuse(ErrorCode::InvalidArgument, "there are no content files to publish");
    if (files.size() > kMaxBundleFiles)
        return refuse(ErrorCode::TooLarge, std::to_string(files.size()) + " content files; a kiosk takes at most " +
                                               std::to_string(kMaxBundleFiles));

    // [1] Every file within the kiosk's limits: each against the per-file
    // limit (core::kMaxContentFileSize, what a kiosk reads a content file
    // with), all of them together against the envelope's.
    sync::ContentBundle bundle;
    std::size_t total = 0;
    for (auto& [name, text] : files) {
        if (!sync::isValidContentFileName(name))
            return refuse(ErrorCode::InvalidArgument,
                          name.substr(0, 80) + ": content file names use a-z, 0-9, '_' and '-' only, end in .json, "
                                               "and sit at most one folder deep");
        if (text.size() > core::kMaxContentFileSize)
            return refuse(ErrorCode::TooLarge, name + " is " + std::to_string(text.size()) +
                                                   " bytes; a kiosk takes content files of at most " +
                                                   std::to_string(core::kMaxContentFileSize) + " bytes");
        total += text.size();
        if (total > sync::kMaxEnvelopeBytes)  // no escaping makes the files smaller
            return refuse(ErrorCode::TooLarge, "the content files come to more than " +
                                                   std::to_string(sync::kMaxEnvelopeBytes) +
                                                   " bytes, the most a kiosk takes");
        bundle.files.emplace_back(std::move(name), std::move(text));
    }
    std::sort(bundle.files.begin(), bundle.files.end());
    for (std::size_t i = 1; i < bundle.files.size(); ++i)
        if (bundle.files[i].first == bundle.files[i - 1].first)
            return refuse(ErrorCode::InvalidArgument, bundle.files[i].first + " is given twice");
    bundle.version = current + 1;
    bundle.publishedAtMs = now();

    // [2] The signed envelope as it will travel, against the kiosk's limit
    // (sync::kMaxEnvelopeBytes: what the client decompresses and parses at
    // most). The files are JSON text escaped twice, so a file of backslashes
    // takes four times its size; the size is counted before the envelope is
    // built: the envelope without the texts, and each text twice escaped.
    sync::ContentBundle frame = bundle;
    std::size_t texts = 0;
    for (auto& [name, text] : frame.files) {
        texts += twiceEscapedSize(text);
        text.clear();
    }
    const std::size_t expected =
        sync::signEnvelope("content", sync::encodeContentBody(frame), m_keys.signing.secretKey).size() + texts;
    auto tooLarge = [&](std::size_t size) {
        return refuse(ErrorCode::TooLarge,
                      "the signed content would be " + std::to_string(size) + " bytes once its text is escaped as it " +
                          "travels (from " + std::to_string(total) + " bytes of files), and a kiosk takes at most " +
                          std::to_string(sync::kMaxEnvelopeBytes) +
                          "; make the files smaller (each backslash and quote counts four times, a control character "
                          "up to seven)");
    };
    if (expected > sync::kMaxEnvelopeBytes)
        return tooLarge(expected);

    // [3] Nothing a kiosk would refuse is published: the same validation the
    // kiosk runs when it loads the files.
    auto check = [](const auto& parsed) -> core::Status {
        if (!parsed)
            return parsed.error();
        return core::Ok{};
    };
    for (const auto& [name, text] : bundle.files) {
        core::Status valid = core::Ok{};
        if (name == core::content::kCatalogueFile)
            valid = check(core::Catalogue::parse(text, name));
        else if (name.rfind(core::content::kSurveysFolder, 0) == 0)
            valid = check(core::SurveyDefinition::parse(text, name));
        else if (name == core::content::kAnnouncementsFile)
            valid = check(core::Announcements::parse(text, name));
        else if (nlohmann::json::parse(text, nullptr, false).is_discarded())
            valid = makeError(ErrorCode::InvalidArgument, name + " is not valid JSON");
        if (!valid)
            return refuse(valid.error().code, valid.error().message);
    }

    // [4] The envelope itself: its real size, and the kiosk's own reading of
    // its exact bytes, so that nothing a kiosk would refuse as damaged is
    // ever offered to one.
    std::string envelope = sync::signEnvelope("content", sync::encodeContentBody(bundle), m_keys.signing.secretKey);
    if (envelope.size() != expected)  // the count in [2] and the serialiser disagree: say so, trust the real size
        log("content size counted as " + std::to_string(expected) + " bytes, signed as " +
            std::to_string(envelope.size()));
    if (envelope.size() > sync::kMaxEnvelopeBytes)
        return tooLarge(envelope.size());
    if (auto body = sync::openEnvelope(envelope, "content", m_keys.signing.publicKey); !body)
        return refuse(ErrorCode::Internal, "the content would not open at a kiosk (" + body.error().message + ")");
    else if (auto decoded = sync::decodeContentBody(*body); !decoded || decoded->files.size() != bundle.files.size())
        return refuse(ErrorCode::Internal, "the content would not read at a kiosk (" +
                                               (decoded ? std::string("files lost") : decoded.error().message) + ")");
    TRY(m_storage.putBundle(bundle.version, officeCode, envelope, bundle.publishedAtMs));
    log("content version " + std::to_string(bundle.version) + " published" +
        (officeCode.empty() ? std::string(" for every office") : " for office " + officeCode) + " (" +
        std::to_string(bundle.files.size()) +
        " files, " + std::to_string(envelope.size()) + " bytes signed)");
    return bundle.version;
}


}  // namespace fangsiang::hub
