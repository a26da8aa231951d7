#pragma once
// The office's service catalogue: what a citizen browses at the kiosk. The
// fields follow the Thai citizen manual (คู่มือสำหรับประชาชน); the file format
// is in docs/CONTENT.md. Loading validates everything; a bad file is refused
// whole, with an error naming the file, the entry and the field.

#include "core/result.hpp"
#include "core/text_pair.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fangsiang::core {

struct OfficeInfo {
    std::string code;
    TextPair name;
    std::optional<TextPair> address;
    std::string phone;
    TextPair hours;
};

struct ServiceCategory {
    std::string id;
    TextPair name;
    std::string icon;
};

struct ServiceStep {
    TextPair text;
    int minutes = 0;  // exactly one of minutes and days is non-zero
    int days = 0;     // working days
};

struct RequiredDocument {
    TextPair name;
    int originals = 0;
    int copies = 0;
};

struct Service {
    std::string id;
    std::string category;
    TextPair name;
    TextPair unit;
    std::vector<TextPair> conditions;
    std::vector<ServiceStep> steps;
    std::vector<RequiredDocument> documents;
    double feeBaht = 0;
    std::optional<TextPair> feeNote;
    TextPair where;
    TextPair hours;
    std::string eserviceUrl;
    TextPair complaintChannel;
    std::vector<std::string> keywordsTh;
    std::vector<std::string> keywordsEn;

    // Total time of the steps: working days and minutes, kept apart because
    // "2 days and 30 minutes" is how a citizen should read it.
    [[nodiscard]] int totalDays() const;
    [[nodiscard]] int totalMinutes() const;
};

// "ไม่มีค่าธรรมเนียม" / "No fee" for 0, else "50 บาท" / "50 baht"; never blank.
// The fee note, when there is one, is shown beside it on a line of its own.
[[nodiscard]] std::string formatFee(const Service& service, Language language);
// "1 วัน 30 นาที" / "1 working day 30 minutes".
[[nodiscard]] std::string formatDuration(int days, int minutes, Language language);

class Catalogue {
public:
    // Parses and validates catalogue JSON; `fileName` appears in errors.
    [[nodiscard]] static Result<Catalogue> parse(std::string_view json, const std::string& fileName);
    [[nodiscard]] static Result<Catalogue> load(const std::filesystem::path& file);

    [[nodiscard]] const OfficeInfo& office() const { return m_office; }
    [[nodiscard]] const std::vector<ServiceCategory>& categories() const { return m_categories; }
    [[nodiscard]] const std::vector<Service>& services() const { return m_services; }
    [[nodiscard]] const Service* findService(std::string_view id) const;
    [[nodiscard]] const ServiceCategory* findCategory(std::string_view id) const;
    [[nodiscard]] std::vector<const Service*> servicesIn(std::string_view categoryId) const;

private:
    OfficeInfo m_office;
    std::vector<ServiceCategory> m_categories;
    std::vector<Service> m_services;
};

// The largest content file accepted; a catalogue is a few hundred kilobytes.
inline constexpr std::size_t kMaxContentFileSize = 4 * 1024 * 1024;

}  // namespace fangsiang::core
