// libcurl (REST orders) and libwebsockets (the live feed) are required by the build for the
// live broker and source, which do not exist yet. These hold the promise the build makes to
// them: both targets link, and both libraries speak TLS, as OpenAlgo over https and wss needs.
#include <catch2/catch.hpp>

#include <curl/curl.h>
#include <libwebsockets.h>

#include <string>

TEST_CASE("libcurl links and was built with TLS") {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    REQUIRE(info);
    INFO("libcurl " << info->version);
    CHECK(info->version_num >= 0x074400);  // 7.68, the oldest with everything the REST broker uses
    CHECK((info->features & CURL_VERSION_SSL) != 0);
    CHECK(info->ssl_version != nullptr);
}

TEST_CASE("libwebsockets links and was built as a client with TLS") {
    const std::string version = lws_get_library_version();
    INFO("libwebsockets " << version);
    CHECK(version.rfind("4.", 0) == 0);
#if !defined(LWS_WITH_TLS) || !defined(LWS_WITH_CLIENT) || !defined(LWS_ROLE_WS)
    FAIL("libwebsockets was built without TLS, the client role or WebSockets");
#endif
}
