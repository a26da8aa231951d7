// Officers' password hashes: Argon2id strings at the documented cost that
// verify the right password only, and refuse what is not a hash.

#include "core/crypto.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace fangsiang;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("a password hash is Argon2id at the documented cost and verifies only its password", "[crypto][password]") {
    auto hash = core::hashPassword("ผู้ดูแล correct horse 7");
    REQUIRE(hash.ok());
    CHECK_THAT(*hash, StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    CHECK(core::verifyPassword(*hash, "ผู้ดูแล correct horse 7"));
    CHECK_FALSE(core::verifyPassword(*hash, "ผู้ดูแล correct horse 8"));
    CHECK_FALSE(core::verifyPassword(*hash, ""));

    SECTION("the same password hashes differently each time (its own salt)") {
        auto again = core::hashPassword("ผู้ดูแล correct horse 7");
        REQUIRE(again.ok());
        CHECK(*again != *hash);
        CHECK(core::verifyPassword(*again, "ผู้ดูแล correct horse 7"));
    }
    SECTION("what is not a hash verifies nothing") {
        for (const std::string& bad : {std::string(), std::string("$argon2id$"), hash->substr(0, hash->size() - 4),
                                      std::string(200, 'a')})
            CHECK_FALSE(core::verifyPassword(bad, "ผู้ดูแล correct horse 7"));
    }
}

TEST_CASE("an empty or oversized password is refused before hashing", "[crypto][password]") {
    auto empty = core::hashPassword("");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == core::ErrorCode::InvalidArgument);
    auto huge = core::hashPassword(std::string(core::kMaxPasswordBytes + 1, 'x'));
    REQUIRE_FALSE(huge.ok());
    CHECK_THAT(huge.error().message, Contains("longer than 1024 bytes"));
    CHECK_FALSE(core::verifyPassword("$argon2id$v=19$m=19456,t=2,p=1$x$y", std::string(core::kMaxPasswordBytes + 1, 'x')));
}
