#pragma once
// Complaint ticket numbers: short, made of digits (a citizen types them on the
// kiosk's digit keyboard), unique across offices and devices by construction:
//
//     6340105-3-42-7
//     office  |  |  check digit (Luhn, over all the digits before it)
//             |  the complaint record's sequence on that device
//             the device's number within the office, assigned by the hub at enrolment
//             (1-9999), or 0 for a case a partner filed through Open311, numbered
//             by the hub per office (docs/CASES.md)
//
// At the office's own kiosk the office part may be left out ("3-42-7").
// The receipt's QR code also carries a check code derived from the signed
// record, so the hub can tell a genuine receipt from a made-up number.

#include "core/record.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace fangsiang::core {

struct Ticket {
    std::string officeCode;   // 5-10 digits
    std::uint32_t deviceNumber = 0;  // 1-9999; 0: filed through Open311
    std::uint64_t sequence = 0;      // 1-...

    [[nodiscard]] int checkDigit() const;
    // "6340105-3-42-7"
    [[nodiscard]] std::string text() const;
    // "3-42-7": what a citizen types at the office's own kiosk.
    [[nodiscard]] std::string localText() const;

    // Accepts the full form, or the local form when `homeOffice` is given.
    // Spaces are ignored. A wrong check digit is refused: it is almost always
    // a typing mistake, and the message says so.
    [[nodiscard]] static Result<Ticket> parse(std::string_view text, std::string_view homeOffice = {});
    bool operator==(const Ticket&) const = default;
};

// Luhn check digit over the decimal digits of `digits`.
[[nodiscard]] int luhnCheckDigit(std::string_view digits);

// Ten characters of base32 (RFC 4648 alphabet) of the record's hash.
[[nodiscard]] std::string receiptCheckCode(const Record& record);

// What the receipt's QR code holds: "FSTK1:<ticket>:<check code>".
[[nodiscard]] std::string ticketQrPayload(const Ticket& ticket, std::string_view checkCode);

}  // namespace fangsiang::core
