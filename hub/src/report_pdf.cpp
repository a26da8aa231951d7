// The report documents as PDF (hub/report_files.hpp): Cairo draws, Pango
// shapes Thai (marks above and below in place) and breaks its lines with
// libthai's dictionary, as the kiosk does. A4 portrait; the office's name
// and the page number head every page, a table's heading row is repeated
// on each page it continues on, and a row is never split across pages.

#include "hub/report_files.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <memory>
#include <numeric>

#if defined(__SANITIZE_ADDRESS__)
// fontconfig keeps the configuration and fonts it has read for the life of
// the process (FcFini is not safe while another thread may be drawing), and
// LeakSanitizer counts them at exit: not this program's leak.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;

namespace {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48;
constexpr double kTop = 78;      // below the running head
constexpr double kBottom = 60;   // above the foot
constexpr double kPad = 4;
// Laksaman is fonts-thai-tlwg's TH Sarabun New: the face Thai government
// documents are set in, at its usual sizes.
constexpr const char* kFont = "Laksaman";

struct Writer {
    cairo_t* cr = nullptr;
    PangoContext* context = nullptr;
    const ReportDocument* doc = nullptr;
    double y = kTop;
    int page = 0;

    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(const std::string& text, double size, bool bold,
                                                                   double width) const {
        std::unique_ptr<PangoLayout, decltype(&g_object_unref)> l(pango_layout_new(context), g_object_unref);
        PangoFontDescription* font = pango_font_description_new();
        pango_font_description_set_family(font, kFont);
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        // Absolute: in the page's units, points, whatever the font map's resolution.
        pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
        pango_layout_set_font_description(l.get(), font);
        pango_font_description_free(font);
        pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
        return l;
    }

    static double height(PangoLayout* l) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }

    void draw(PangoLayout* l, double x, double at) const {
        cairo_move_to(cr, x, at);
        pango_cairo_show_layout(cr, l);
    }

    // The running head and foot of a new page.
    void startPage() {
        if (page > 0)
            cairo_show_page(cr);
        ++page;
        cairo_set_source_rgb(cr, 0, 0, 0);
        const double width = kPageWidth - 2 * kMargin;
        auto office = layout(doc->officeName, 13, true, width * 0.75);
        draw(office.get(), kMargin, 30);
        auto number = layout("หน้า " + std::to_string(page), 12, false, width * 0.25);
        pango_layout_set_alignment(number.get(), PANGO_ALIGN_RIGHT);
        draw(number.get(), kMargin + width * 0.75, 31);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, kMargin, 56);
        cairo_line_to(cr, kPageWidth - kMargin, 56);
        cairo_stroke(cr);
        auto foot = layout(doc->title.th + "  ·  " + doc->period.th + "  ·  จัดทำเมื่อ " + doc->madeOn, 10, false, width);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        draw(foot.get(), kMargin, kPageHeight - 40);
        cairo_set_source_rgb(cr, 0, 0, 0);
        y = kTop;
    }

    void ensure(double needed) {
        if (y + needed > kPageHeight - kBottom)
            startPage();
    }

    void paragraph(const std::string& text, double size, bool bold, double after) {
        auto l = layout(text, size, bold, kPageWidth - 2 * kMargin);
        const double h = height(l.get());
        ensure(h);
        draw(l.get(), kMargin, y);
        y += h + after;
    }

    // The height of a row of cells (a heading row is set smaller and bold).
    double rowHeight(const std::vector<std::string>& cells, const std::vector<double>& widths, bool head) const {
        double h = 0;
        for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
            auto l = layout(cells[c], head ? 12 : 13, head, widths[c] - 2 * kPad);
            h = std::max(h, height(l.get()));
        }
        return h + 2 * kPad;
    }

    // Figures and short words (a band, pass or fail) centred; longer text from the left.
    static bool centred(const std::string& text, std::size_t column) {
        std::size_t codePoints = 0;
        for (unsigned char c : text)
            codePoints += (c & 0xC0) != 0x80;
        return column > 0 && codePoints <= 12;
    }

    void row(const std::vector<std::string>& cells, const std::vector<double>& widths, bool head, double h) {
        double x = kMargin;
        if (head) {
            cairo_set_source_rgb(cr, 0.88, 0.91, 0.95);
            cairo_rectangle(cr, x, y, std::accumulate(widths.begin(), widths.end(), 0.0), h);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
        }
        cairo_set_line_width(cr, 0.5);
        for (std::size_t c = 0; c < widths.size(); ++c) {
            if (c < cells.size()) {
                auto l = layout(cells[c], head ? 12 : 13, head, widths[c] - 2 * kPad);
                if (!head && centred(cells[c], c))
                    pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
                draw(l.get(), x + kPad, y + kPad);
            }
            cairo_rectangle(cr, x, y, widths[c], h);
            cairo_stroke(cr);
            x += widths[c];
        }
        y += h;
    }

    void table(const ReportTable& t) {
        const double total = kPageWidth - 2 * kMargin;
        std::vector<double> widths = t.widths;
        widths.resize(t.columns.size(), 1.0);
        const double sum = std::accumulate(widths.begin(), widths.end(), 0.0);
        for (auto& w : widths)
            w = w / sum * total;
        std::vector<std::string> head;
        for (const auto& c : t.columns)
            head.push_back(c.th);
        const double headHeight = rowHeight(head, widths, true);
        // The title stays with the heading row and the first row.
        auto texts = [](const std::vector<ReportCell>& r) {
            std::vector<std::string> cells;
            for (const auto& c : r)
                cells.push_back(c.text);
            return cells;
        };
        const double first = t.rows.empty() ? 0 : rowHeight(texts(t.rows[0]), widths, false);
        ensure(26 + headHeight + first);
        paragraph(t.title.th, 15, true, 4);
        row(head, widths, true, headHeight);
        for (const auto& r : t.rows) {
            const auto cells = texts(r);
            const double h = rowHeight(cells, widths, false);
            if (y + h > kPageHeight - kBottom) {
                startPage();
                row(head, widths, true, headHeight);
            }
            row(cells, widths, false, h);
        }
        y += 16;
    }
};

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

core::Result<std::string> documentPdf(const ReportDocument& d) {
    std::string out;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(appendTo, &out, kPageWidth, kPageHeight);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return makeError(ErrorCode::Io, "could not start the PDF");
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, (d.title.th + " " + d.officeName).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Fangsiang hub");
    cairo_t* cr = cairo_create(surface);
    // A font map of this document's own, freed with it: Pango's default one
    // lives in a thread-local and its caches would outlive every request
    // thread that made a PDF.
    PangoFontMap* fontMap = pango_cairo_font_map_new();
    PangoContext* context = pango_font_map_create_context(fontMap);
    pango_cairo_update_context(cr, context);
    Writer w;
    w.cr = cr;
    w.context = context;
    w.doc = &d;
    w.startPage();
    w.paragraph(d.title.th, 20, true, 2);
    w.paragraph(d.officeName + "  ระยะเวลา " + d.period.th, 15, false, 2);
    for (const auto& note : d.notes)
        w.paragraph(note, 12, false, 2);
    w.y += 10;
    for (const auto& t : d.tables)
        w.table(t);
    g_object_unref(context);
    g_object_unref(fontMap);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        return makeError(ErrorCode::Io, std::string("could not write the PDF: ") + cairo_status_to_string(status));
    return out;
}

}  // namespace fangsiang::hub
