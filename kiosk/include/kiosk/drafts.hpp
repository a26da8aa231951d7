#pragma once
// Interviews in progress in field mode: saved after every answer in a small
// SQLite file of their own (drafts.db in the data folder, mode 0600, WAL,
// synchronous=FULL), so a power cut or a restart loses at most the answer
// being given. A draft is not a record: it is never signed and never sent;
// submitting it makes the record, and then the draft goes.
//
// Signing exactly once: a draft notes the store's head when its interview
// began, and the record carries the draft's interview id. After a crash
// between signing the record and removing the draft, settle() finds the id
// in a record after that head and removes the draft; a draft whose id no
// record carries is resumed. So a submit costs no write to the drafts
// file before its record is signed.

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
    std::uint64_t headAtStart = 0;  // the store's head when the interview began
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
    // After a restart: drafts whose record was signed go; returns how many.
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
