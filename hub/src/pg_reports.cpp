// The reports' side of the hub's PostgreSQL store (pg_reports.hpp).
//
// The survey aggregates are not kept on PostgreSQL in this version of the
// schema: every read says so in plain words rather than answering with
// empty figures. The responses themselves are stored with every other
// record, so the schema version that adds the aggregates counts them from
// the records, as the SQLite store's migration 5 did.

#include "pg_reports.hpp"

namespace fangsiang::hub::pg {

using core::ErrorCode;
using core::makeError;
using core::Ok;

namespace {
core::Error notKept() {
    return makeError(ErrorCode::Internal, "the survey and complaint figures are not kept on a PostgreSQL hub store "
                                          "in this build; use the SQLite store for reports");
}
}  // namespace

core::Status PgReports::noteSurvey(Connection&, std::string_view, std::string_view, std::int64_t) { return Ok{}; }

core::Result<std::vector<ResponseCount>> PgReports::responses(const ReportFilter&) { return notKept(); }
core::Result<std::vector<AnswerStats>> PgReports::answerStats(const ReportFilter&) { return notKept(); }
core::Result<std::vector<AnswerCount>> PgReports::answerCounts(const ReportFilter&) { return notKept(); }
core::Result<std::vector<HourCount>> PgReports::hourCounts(const ReportFilter&) { return notKept(); }
core::Result<std::vector<CrossCount>> PgReports::crossCounts(const ReportFilter&, const std::string&) {
    return notKept();
}
core::Result<std::vector<std::string>> PgReports::surveys(const std::string&) { return notKept(); }
core::Result<std::vector<CaseTimes>> PgReports::caseTimes(const std::string&, std::int64_t, std::int64_t) {
    return notKept();
}
core::Result<OfficeTargets> PgReports::targets(const std::string&) { return notKept(); }
core::Status PgReports::setTargets(const std::string&, const OfficeTargets&) { return notKept(); }

}  // namespace fangsiang::hub::pg
