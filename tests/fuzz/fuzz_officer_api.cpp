// The JSON bodies the officers' API reads from a browser: the sign-in, a new
// account, a password reset, a case's move and uploaded content
// (hub/officer_api.hpp), and the path matching that finds a route's segment.
#include "hub/officer_api.hpp"

#include <string>
#include <string_view>

using namespace fangsiang;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)hub::parseLoginBody(text);
    (void)hub::parseUserBody(text);
    (void)hub::parseResetBody(text);
    (void)hub::parseCaseChangeBody(text);
    (void)hub::parseContentBody(text);
    std::string name;
    (void)hub::matchApiPath("/api/v1/users/{name}/disable", text, &name);
    return 0;
}
