#include "sync/protocol.hpp"
#include "protocol_internal.hpp"

#include "core/crypto.hpp"
#include "core/json_fields.hpp"
#include "core/ticket.hpp"

#include <nlohmann/json.hpp>
#include <zstd.h>

#include <algorithm>
#include <limits>

namespace fangsiang::sync {

using nlohmann::json;
using core::makeError;
using namespace detail;

// [SECTION] Enrolment

std::optional<std::string> normaliseEnrolmentCode(std::string_view code) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string out;
    if (code.size() > 64)
        return std::nullopt;
    for (char c : code) {
        if (c == '-' || c == ' ')
            continue;
        char u = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (u == 'I' || u == 'L')
            u = '1';
        if (u == 'O')
            u = '0';
        if (kAlphabet.find(u) == std::string_view::npos)
            return std::nullopt;
        out.push_back(u);
    }
    if (out.empty())
        return std::nullopt;
    return out;
}

Bytes enrolProofMessage(std::string_view normalisedCode, const PublicKey& device) {
    Bytes body(normalisedCode.begin(), normalisedCode.end());
    body.push_back(0);
    body.insert(body.end(), device.begin(), device.end());
    return domainMessage(kDomainEnrol, body);
}

std::string encodeEnrolRequest(const EnrolRequest& request) {
    json j = {{"protocol", kProtocolVersion},
              {"code", request.code},
              {"device", core::toHex(request.device)},
              {"proof", core::toHex(request.proof)},
              {"label", request.label}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<EnrolRequest> decodeEnrolRequest(std::string_view body) {
    if (body.size() > kMaxJsonRequestBytes)
        return makeError(ErrorCode::TooLarge, "the enrolment request is too large");
    const auto j = TRY(parseMessage(body, "the enrolment request"));
    const core::JsonFields f = fieldsOf(j, "the enrolment request");
    EnrolRequest request;
    request.code = TRY(f.string("code", 64));
    request.device = TRY(f.hex<core::kPublicKeySize>("device"));
    request.proof = TRY(f.hex<core::kSignatureSize>("proof"));
    if (j.contains("label"))
        request.label = TRY(f.string("label", 200));
    return request;
}

std::string encodeEnrolAnswerBody(const EnrolAnswer& answer) {
    json j = {{"protocol", kProtocolVersion},
              {"device", core::toHex(answer.device)},
              {"officeCode", answer.officeCode},
              {"officeName", answer.officeName},
              {"deviceNumber", answer.deviceNumber},
              {"hubSigningKey", core::toHex(answer.hubSigningKey)},
              {"hubBoxKey", core::toHex(answer.hubBoxKey)},
              {"enrolledAt", answer.enrolledAtMs}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<EnrolAnswer> decodeEnrolAnswerBody(std::string_view body) {
    const auto j = TRY(parseMessage(body, "the enrolment answer"));
    const core::JsonFields f = fieldsOf(j, "the enrolment answer");
    EnrolAnswer a;
    a.device = TRY(f.hex<core::kPublicKeySize>("device"));
    a.officeCode = TRY(f.string("officeCode", 64));
    a.officeName = TRY(f.string("officeName", 400));
    a.hubSigningKey = TRY(f.hex<core::kPublicKeySize>("hubSigningKey"));
    a.hubBoxKey = TRY(f.hex<core::kBoxPublicKeySize>("hubBoxKey"));
    a.enrolledAtMs = TRY(f.integer("enrolledAt"));
    const auto number = TRY(f.unsignedInteger("deviceNumber"));
    if (number < 1 || number > 9999)
        return malformed("the enrolment answer: \"deviceNumber\" must be from 1 to 9999");
    a.deviceNumber = static_cast<std::uint32_t>(number);
    return a;
}

// [SECTION] Export files

Bytes encodeExportFile(const std::vector<Bytes>& compressedBatches) {
    Bytes out(kExportMagic.begin(), kExportMagic.end());
    core::appendLittleEndian<std::uint32_t>(out, static_cast<std::uint32_t>(compressedBatches.size()));
    for (const auto& part : compressedBatches) {
        core::appendLittleEndian<std::uint32_t>(out, static_cast<std::uint32_t>(part.size()));
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

Result<std::vector<Bytes>> decodeExportFile(ByteView file) {
    if (file.size() < 8 || !std::equal(kExportMagic.begin(), kExportMagic.end(), file.data()))
        return malformed("the file is not a Fangsiang export");
    std::uint32_t parts = core::loadLittleEndian<std::uint32_t>(file.data() + 4);
    if (parts > kMaxExportParts)
        return makeError(ErrorCode::TooLarge, "the export file claims too many parts");
    std::vector<Bytes> out;
    std::size_t at = 8;
    for (std::uint32_t i = 0; i < parts; ++i) {
        if (file.size() - at < 4)
            return malformed("the export file ends inside part " + std::to_string(i + 1));
        std::uint32_t len = core::loadLittleEndian<std::uint32_t>(file.data() + at);
        at += 4;
        if (len > kMaxRequestBytes || file.size() - at < len)
            return malformed("part " + std::to_string(i + 1) + " of the export file has an impossible length");
        out.emplace_back(file.data() + at, file.data() + at + len);
        at += len;
    }
    if (at != file.size())
        return malformed("the export file has bytes after its last part");
    return out;
}

}  // namespace fangsiang::sync
