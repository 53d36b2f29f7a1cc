// The NotSent / MaybeReceived rule on its own: what libcurl reported in, the outcome out.
#include <catch2/catch.hpp>

#include "net/http_outcome.hpp"

using namespace sos::net;
using detail::classify;
using detail::TransferFacts;

TEST_CASE("a failure before libcurl was about to write the request is NotSent, whatever the code") {
    for (auto code : {CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT,
                      CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SEND_ERROR}) {
        const auto c = classify({code, 0, false, false, 0});
        CAPTURE(code);
        REQUIRE(c.outcome == HttpOutcome::NotSent);
    }
    REQUIRE(classify({CURLE_COULDNT_RESOLVE_HOST, 0}).failure == HttpFailure::ResolveFailed);
    REQUIRE(classify({CURLE_COULDNT_CONNECT, 0}).failure == HttpFailure::ConnectFailed);
    REQUIRE(classify({CURLE_OPERATION_TIMEDOUT, 0}).failure == HttpFailure::ConnectTimeout);
    REQUIRE(classify({CURLE_SSL_CONNECT_ERROR, 0}).failure == HttpFailure::TlsFailed);
}

TEST_CASE("a failure once the request may have been written is MaybeReceived, whatever the code") {
    for (auto code : {CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
                      CURLE_PARTIAL_FILE, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST}) {
        const auto c = classify({code, 1, false, false, 0});
        CAPTURE(code);
        REQUIRE(c.outcome == HttpOutcome::MaybeReceived);
    }
    REQUIRE(classify({CURLE_OPERATION_TIMEDOUT, 1}).failure == HttpFailure::Timeout);
    REQUIRE(classify({CURLE_GOT_NOTHING, 1}).failure == HttpFailure::ConnectionLost);
    // libcurl's own retry of a dead kept-alive connection failing to connect: the first
    // attempt's request may have been received.
    REQUIRE(classify({CURLE_COULDNT_CONNECT, 2}).outcome == HttpOutcome::MaybeReceived);
}

TEST_CASE("a blocked resend and an answer too large are MaybeReceived; any answer is Answered") {
    REQUIRE(classify({CURLE_ABORTED_BY_CALLBACK, 2, true}).failure == HttpFailure::ResendBlocked);
    REQUIRE(classify({CURLE_ABORTED_BY_CALLBACK, 2, true}).outcome == HttpOutcome::MaybeReceived);
    REQUIRE(classify({CURLE_WRITE_ERROR, 1, false, true}).failure == HttpFailure::ResponseTooLarge);
    REQUIRE(classify({CURLE_WRITE_ERROR, 1, false, true}).outcome == HttpOutcome::MaybeReceived);
    REQUIRE(classify({CURLE_OK, 1, false, false, 429}).outcome == HttpOutcome::Answered);
    REQUIRE(classify({CURLE_OK, 1, false, false, 500}).outcome == HttpOutcome::Answered);
}

TEST_CASE("a failure's message names the method, path and server, and says what may be concluded") {
    HttpRequest req{.path = "/api/v1/placeorder", .query = "apikey=SECRET", .body = R"({"apikey":"SECRET"})"};
    const TransferFacts f{CURLE_OPERATION_TIMEDOUT, 1};
    const auto text =
        detail::describe_failure(HttpMethod::Post, req.path, "http://127.0.0.1:5000", f, classify(f), req);
    REQUIRE_THAT(text,
                 Catch::StartsWith("POST /api/v1/placeorder to http://127.0.0.1:5000: no answer in time"));
    REQUIRE_THAT(text, Catch::Contains("(timeout 10000 ms)"));
    REQUIRE_THAT(text, Catch::Contains("may have been received"));
    REQUIRE(text.find("SECRET") == std::string::npos);
}
