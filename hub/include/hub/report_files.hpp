#pragma once
// The report files an office hands to the ITA/OIT assessment and to its
// executive: one document model (a title, the office, the period, tables),
// written as CSV (UTF-8 with a byte order mark, so Excel opens Thai intact),
// as XLSX (libxlsxwriter, one sheet per table) and as PDF (Cairo + Pango:
// Thai shaped and broken into lines with libthai's dictionary, the office's
// name on every page, dates in the Buddhist era). Nothing personal is in
// any of them: figures only.

#include "hub/complaint_figures.hpp"
#include "hub/satisfaction.hpp"
#include "hub/storage.hpp"

#include "core/text_pair.hpp"

#include <optional>
#include <string>
#include <vector>

namespace fangsiang::hub {

struct ReportCell {
    std::string text;              // as shown (Thai first)
    std::optional<double> number;  // a figure: written as a number in XLSX
};

struct ReportTable {
    core::TextPair title;
    std::vector<core::TextPair> columns;
    std::vector<double> widths;  // relative column widths on the page
    std::vector<std::vector<ReportCell>> rows;
};

struct ReportDocument {
    core::TextPair title;
    std::string officeName;     // on every page
    std::string officeCode;
    core::TextPair period;      // "ตุลาคม 2568 – มีนาคม 2569"
    std::string madeOn;         // "1 ธันวาคม 2569"
    std::vector<std::string> notes;  // lines under the title (the target, the scale)
    std::vector<ReportTable> tables;
};

enum class ReportFormat { Pdf, Xlsx, Csv };
// "pdf", "xlsx", "csv"; BadRequest naming the text otherwise.
[[nodiscard]] core::Result<ReportFormat> reportFormatFromName(std::string_view name);
[[nodiscard]] const char* reportMediaType(ReportFormat format);
[[nodiscard]] const char* reportExtension(ReportFormat format);

// The ITA satisfaction report: per dimension, per service, month by month,
// and the alerts.
[[nodiscard]] ReportDocument satisfactionDocument(const SatisfactionFigures& figures, const Office& office,
                                                  std::int64_t madeAtMs);

// The ITA complaint report: counts, times, the 15-day rule, the backlog.
[[nodiscard]] ReportDocument complaintDocument(const ComplaintFigures& figures, const Office& office,
                                               std::int64_t madeAtMs);

[[nodiscard]] std::string documentCsv(const ReportDocument& document);
[[nodiscard]] core::Result<std::string> documentXlsx(const ReportDocument& document);
[[nodiscard]] core::Result<std::string> documentPdf(const ReportDocument& document);
[[nodiscard]] core::Result<std::string> writeDocument(const ReportDocument& document, ReportFormat format);

// "3.25", "70.00": the figures as the files show them.
[[nodiscard]] std::string fixed2(double value);

}  // namespace fangsiang::hub
