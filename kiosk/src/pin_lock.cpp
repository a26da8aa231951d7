#include "kiosk/pin_lock.hpp"

#include "core/files.hpp"

#include <nlohmann/json.hpp>

namespace fangsiang::kiosk {

namespace {

constexpr std::size_t kMaxLockFileSize = 1024;

}  // namespace

core::Result<PinLockState> loadPinLock(const std::filesystem::path& file) {
    auto read = core::readFile(file, kMaxLockFileSize);
    if (!read && read.error().code == core::ErrorCode::NotFound)
        return PinLockState{};
    const auto raw = TRY(std::move(read));
    const auto json = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
    auto damaged = [&](const std::string& why) {
        return core::makeError(core::ErrorCode::Corrupt, file.string() + ": " + why);
    };
    if (json.is_discarded() || !json.is_object())
        return damaged("not valid JSON");
    const auto wrong = json.find("wrong");
    const auto until = json.find("locked_until_ms");
    if (wrong == json.end() || !wrong->is_number_integer() || wrong->get<std::int64_t>() < 0 ||
        wrong->get<std::int64_t>() > 1'000'000)
        return damaged("\"wrong\" must be a whole number of tries");
    if (until == json.end() || !until->is_number_integer() || until->get<std::int64_t>() < 0)
        return damaged("\"locked_until_ms\" must be a time in milliseconds");
    return PinLockState{static_cast<int>(wrong->get<std::int64_t>()), until->get<std::int64_t>()};
}

core::Status savePinLock(const std::filesystem::path& file, const PinLockState& state) {
    const nlohmann::json json = {{"wrong", state.wrong}, {"locked_until_ms", state.lockedUntilMs}};
    const std::string text = json.dump() + "\n";
    return core::writeFileAtomically(file, core::asBytes(text), core::kPrivateFileMode);
}

}  // namespace fangsiang::kiosk
