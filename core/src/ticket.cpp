#include "core/ticket.hpp"

#include <charconv>
#include <vector>

namespace fangsiang::core {

int luhnCheckDigit(std::string_view digits) {
    // Walk from the right; the digit next to the (future) check digit is doubled.
    int sum = 0;
    bool doubleIt = true;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (*it < '0' || *it > '9')
            continue;
        int d = *it - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return (10 - sum % 10) % 10;
}

int Ticket::checkDigit() const {
    return luhnCheckDigit(officeCode + std::to_string(deviceNumber) + std::to_string(sequence));
}

std::string Ticket::text() const { return officeCode + "-" + localText(); }

std::string Ticket::localText() const {
    return std::to_string(deviceNumber) + "-" + std::to_string(sequence) + "-" + std::to_string(checkDigit());
}

Result<Ticket> Ticket::parse(std::string_view text, std::string_view homeOffice) {
    auto refuse = [](const std::string& why) { return makeError(ErrorCode::InvalidArgument, why); };
    std::vector<std::string> parts(1);
    for (char c : text) {
        if (c == ' ')
            continue;
        if (c == '-') {
            parts.emplace_back();
            continue;
        }
        if (c < '0' || c > '9')
            return refuse("a ticket number has only digits and dashes, like 6340105-3-42-7");
        parts.back().push_back(c);
    }
    if (parts.size() == 3 && !homeOffice.empty())
        parts.insert(parts.begin(), std::string(homeOffice));
    if (parts.size() != 4)
        return refuse("a ticket number has four parts, like 6340105-3-42-7");
    for (const auto& part : parts)
        if (part.empty())
            return refuse("a part of the ticket number is missing");

    Ticket ticket;
    ticket.officeCode = parts[0];
    if (ticket.officeCode.size() < 5 || ticket.officeCode.size() > 10)
        return refuse("the office part of a ticket number has 5 to 10 digits");
    auto number = [](const std::string& s, std::uint64_t max, std::uint64_t& out) {
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && end == s.data() + s.size() && out >= 1 && out <= max;
    };
    std::uint64_t device = 0;  // "0": a case filed through Open311, which no kiosk's number is
    if (parts[1] != "0" && !number(parts[1], 9999, device))
        return refuse("the device part of the ticket number is not valid");
    ticket.deviceNumber = static_cast<std::uint32_t>(device);
    if (!number(parts[2], 1'000'000'000'000ULL, ticket.sequence))
        return refuse("the complaint part of the ticket number is not valid");
    if (parts[3].size() != 1 || parts[3][0] - '0' != ticket.checkDigit())
        return refuse("this ticket number does not check out; please look at the receipt again, a digit may be mistyped");
    return ticket;
}

std::string receiptCheckCode(const Record& record) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const Hash hash = record.hash();
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; out.size() < 10; ++i) {
        buffer = (buffer << 8) | hash[i];
        bits += 8;
        while (bits >= 5 && out.size() < 10) {
            out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    return out;
}

std::string ticketQrPayload(const Ticket& ticket, std::string_view checkCode) {
    return "FSTK1:" + ticket.text() + ":" + std::string(checkCode);
}

}  // namespace fangsiang::core
