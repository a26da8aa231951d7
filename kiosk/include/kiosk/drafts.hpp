#pragma once
// Interviews in progress in field mode: saved after every answer in a small
// SQLite file of their own (drafts.db in the data folder, mode 0600, WAL,
// synchronous=FULL), so a power cut or a restart loses at most the answer
// being given. A draft is not a record: it is never signed and never sent;
// submitting it makes the record, and then the draft goes.
//
// Signing exactly once: before the record is signed the draft is marked
// "submitting" with the store's head at that moment. The record carries the
// draft's interview id. After a crash, settle() looks at the records after
// that head: when one carries the id, the draft was signed and is removed;
// when none does, the mark is lifted and the draft can be resumed.

#include "core/result.hpp"
#include "core/sqlite.hpp"
#include "core/survey.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fangsiang::kiosk {

class Store;

inline constexpr const char* kDraftsFile = "drafts.db";

struct Draft {
    std::string id;            // the interview id: "i" and 32 hex digits
    std::string surveyId;
    int surveyVersion = 0;
    std::string enumeratorId;
    std::string sessionJson = "{}";  // the session's answers, by question id
    std::string answersJson = "{}";  // the respondent's answers so far, by question id
    int question = -1;         // the question on screen when last saved
    std::int64_t startedMs = 0;
    std::int64_t updatedMs = 0;
    std::optional<std::uint64_t> submittingAfter;  // the store's head when its record began to be signed
    int answered = 0;          // how many answers answersJson holds (for the list; no answer is shown there)
};

// A new interview id, from the system's random source.
[[nodiscard]] std::string newInterviewId();

class DraftStore {
public:
    // Opens (creating) drafts.db in `dataDir`.
    [[nodiscard]] static core::Result<DraftStore> open(const std::filesystem::path& dataDir);

    // Writes the draft (insert or replace) and returns once it is on disk.
    [[nodiscard]] core::Status save(const Draft& draft);
    [[nodiscard]] core::Result<std::vector<Draft>> list();  // newest first
    [[nodiscard]] core::Result<std::optional<Draft>> find(std::string_view id);
    [[nodiscard]] core::Status remove(std::string_view id);
    [[nodiscard]] core::Status markSubmitting(std::string_view id, std::uint64_t storeHead);
    // After a restart: drafts whose record was signed go, the others lose
    // their "submitting" mark. Returns how many were found signed.
    [[nodiscard]] core::Result<int> settle(Store& store);

    [[nodiscard]] const std::filesystem::path& path() const { return m_db.path(); }

private:
    explicit DraftStore(core::sql::Database db) : m_db(std::move(db)) {}
    core::sql::Database m_db;
};

// The answers of `json` (as SurveyResponse::answersJson writes them) given
// again to `response`, in the survey's order; an answer that no longer fits
// (the survey changed) is an error naming the question.
[[nodiscard]] core::Status restoreAnswers(core::SurveyResponse& response, std::string_view json);
// How many answers a JSON object of answers holds.
[[nodiscard]] int countAnswers(std::string_view json);

}  // namespace fangsiang::kiosk
