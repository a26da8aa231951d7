#include "kiosk/drafts.hpp"

#include "core/bytes.hpp"
#include "core/crypto.hpp"
#include "kiosk/store.hpp"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <array>

namespace fangsiang::kiosk {

namespace fs = std::filesystem;
using core::ErrorCode;
using core::makeError;
using Json = nlohmann::json;

std::string newInterviewId() {
    std::array<std::uint8_t, 16> bytes{};
    core::randomBytes(bytes);
    return "i" + core::toHex(core::ByteView(bytes.data(), bytes.size()));
}

// [SECTION] The file

core::Result<DraftStore> DraftStore::open(const fs::path& dataDir) {
    std::error_code ec;
    if (!fs::is_directory(dataDir, ec))
        return makeError(ErrorCode::NotFound, "the data folder " + dataDir.string() + " does not exist");
    const fs::path path = dataDir / kDraftsFile;
    auto db = TRY(core::sql::Database::open(path, core::sql::OpenMode::ReadWriteCreate));
    // Answers in progress are the respondent's: the kiosk's user only.
    ::chmod(path.c_str(), 0600);
    auto mode = TRY(db.prepare("PRAGMA journal_mode = WAL"));
    if (!TRY(mode.step()) || mode.columnText(0) != "wal")
        return makeError(ErrorCode::Io, path.string() + " cannot use write-ahead logging");
    mode = {};
    TRY(db.exec("PRAGMA synchronous = FULL"));
    TRY(db.exec(R"sql(
        CREATE TABLE IF NOT EXISTS drafts (
            id               TEXT PRIMARY KEY,
            survey           TEXT NOT NULL,
            survey_version   INTEGER NOT NULL,
            enumerator       TEXT NOT NULL,
            session          TEXT NOT NULL,
            answers          TEXT NOT NULL,
            question         INTEGER NOT NULL,
            started_at       INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL,
            head_at_start    INTEGER NOT NULL
        ) WITHOUT ROWID;
    )sql"));
    return DraftStore(std::move(db));
}

core::Status DraftStore::save(const Draft& d) {
    auto insert = TRY(m_db.query(
        "INSERT OR REPLACE INTO drafts (id, survey, survey_version, enumerator, session, answers, question, "
        "started_at, updated_at, head_at_start) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        std::string_view(d.id), std::string_view(d.surveyId), std::int64_t{d.surveyVersion},
        std::string_view(d.enumeratorId), std::string_view(d.sessionJson), std::string_view(d.answersJson),
        std::int64_t{d.question}, d.startedMs, d.updatedMs, static_cast<std::int64_t>(d.headAtStart)));
    return insert.run();
}

namespace {

constexpr const char* kColumns =
    "SELECT id, survey, survey_version, enumerator, session, answers, question, started_at, updated_at, "
    "head_at_start FROM drafts";

Draft draftFromRow(const core::sql::Statement& row) {
    Draft d;
    d.id = row.columnText(0);
    d.surveyId = row.columnText(1);
    d.surveyVersion = static_cast<int>(row.columnInt(2));
    d.enumeratorId = row.columnText(3);
    d.sessionJson = row.columnText(4);
    d.answersJson = row.columnText(5);
    d.question = static_cast<int>(row.columnInt(6));
    d.startedMs = row.columnInt(7);
    d.updatedMs = row.columnInt(8);
    d.headAtStart = static_cast<std::uint64_t>(row.columnInt(9));
    d.answered = countAnswers(d.answersJson);
    return d;
}

}  // namespace

core::Result<std::vector<Draft>> DraftStore::list() {
    auto rows = TRY(m_db.prepare(std::string(kColumns) + " ORDER BY updated_at DESC, id"));
    return rows.collect<Draft>(draftFromRow);
}

core::Result<std::optional<Draft>> DraftStore::find(std::string_view id) {
    auto row = TRY(m_db.query(std::string(kColumns) + " WHERE id = ?1", id));
    return row.optionalRow<Draft>(draftFromRow);
}

core::Status DraftStore::remove(std::string_view id) { return m_db.run("DELETE FROM drafts WHERE id = ?1", id); }

core::Result<int> DraftStore::settle(Store& store) {
    int signedAlready = 0;
    const core::ChainHead head = TRY(store.head());
    for (const Draft& d : TRY(list())) {
        bool found = false;
        for (std::uint64_t seq = d.headAtStart + 1; seq <= head.sequence && !found; ++seq) {
            const auto record = TRY(store.get(seq));
            found = record && record->kind() == core::RecordKind::SurveyResponse &&
                    record->payload().find("\"" + d.id + "\"") != std::string_view::npos;
        }
        if (found) {
            TRY(remove(d.id));
            ++signedAlready;
        }
    }
    return signedAlready;
}

// [SECTION] Answers as JSON

int countAnswers(std::string_view json) {
    const Json parsed = Json::parse(json, nullptr, false);
    return parsed.is_object() ? static_cast<int>(parsed.size()) : 0;
}

namespace {

core::Result<core::Answer> answerFromJson(const core::Question& q, const Json& value) {
    const auto bad = [&] {
        return makeError(ErrorCode::Malformed, "the draft's answer to " + q.id + " does not fit its question");
    };
    switch (q.type) {
    case core::QuestionType::Rating:
    case core::QuestionType::Likert:
    case core::QuestionType::Number:
        if (!value.is_number_integer())
            return bad();
        return core::Answer{value.get<std::int64_t>()};
    case core::QuestionType::Decimal:
        if (!value.is_number())
            return bad();
        return core::Answer{value.get<double>()};
    case core::QuestionType::Text:
    case core::QuestionType::SingleChoice:
        if (!value.is_string())
            return bad();
        return core::Answer{value.get<std::string>()};
    case core::QuestionType::MultipleChoice: {
        if (!value.is_array())
            return bad();
        std::vector<std::string> chosen;
        for (const Json& option : value) {
            if (!option.is_string())
                return bad();
            chosen.push_back(option.get<std::string>());
        }
        return core::Answer{std::move(chosen)};
    }
    case core::QuestionType::Note: break;
    }
    return bad();
}

}  // namespace

core::Status restoreAnswers(core::SurveyResponse& response, std::string_view json) {
    const Json parsed = Json::parse(json, nullptr, false);
    if (!parsed.is_object())
        return makeError(ErrorCode::Malformed, "the draft's answers are not a JSON object");
    for (const core::Question& q : response.definition().questions()) {
        auto it = parsed.find(q.id);
        if (it == parsed.end())
            continue;
        core::Answer value = TRY(answerFromJson(q, *it));
        TRY(response.answer(q.id, std::move(value)));
    }
    return core::Ok{};
}

}  // namespace fangsiang::kiosk
