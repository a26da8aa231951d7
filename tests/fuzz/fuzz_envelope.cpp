// What a kiosk receives from a hub: a signed envelope and each typed body.
#include "sync/protocol.hpp"

#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)sync::parseEnvelope(text);
    (void)sync::openEnvelope(text, "push-ack", core::PublicKey{});
    (void)sync::decodePushAckBody(text);
    (void)sync::decodeEnrolAnswerBody(text);
    (void)sync::decodeContentBody(text);
    (void)sync::decodeTicketUpdatesBody(text);
    (void)sync::decodeWireError(text);
    (void)sync::decodeChainHeadBody(text);
    (void)sync::decodeStoreLostAnswerBody(text);
    (void)sync::hubTimeOfRefusal(text, core::PublicKey{}, sync::Nonce{}, core::PublicKey{});
    return 0;
}
