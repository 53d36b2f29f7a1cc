// The rule that tells "certainly never left" from "may have been received", from what
// libcurl reports about a finished transfer (private to lib/net; unit-tested on its own).
//
// The fact it rests on: libcurl calls CURLOPT_PREREQFUNCTION "after a connection has been
// established or a connection has been reused (including any SSL handshake), but before any
// request is actually made on the connection" (since 7.80.0; lib/multi.c calls it on entering
// the DO state, whose protocol handler writes the request). So:
//   - never called: no byte of the request was written; any failure is NotSent (resolve,
//     refused, connect timeout, TLS handshake);
//   - called: the request may have been written, whole or in part; any failure after it is
//     MaybeReceived, whatever the error code (a timeout, a reset, "empty reply").
// libcurl's timings cannot prove the first case: PRETRANSFER is stamped in the DID state,
// after the request went out (lib/multi.c before_perform in 7.88), and error codes alone do not
// say which attempt failed: after a reused connection dies unanswered, libcurl retries on a new
// one (lib/transfer.c Curl_retry_request), and that retry's COULDNT_CONNECT follows a request
// that may have been received.
#pragma once

#include <curl/curl.h>

#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace sos::net::detail {

struct TransferFacts {
    CURLcode code = CURLE_OK;
    int prereq_calls = 0;         // how often libcurl was about to write the request
    bool resend_blocked = false;  // we stopped libcurl's second write of a non-idempotent request
    bool response_too_large = false;
    long http_status = 0;
};

struct Classified {
    HttpOutcome outcome;
    HttpFailure failure;
};

Classified classify(const TransferFacts& f);

// "POST /api/v1/placeorder to http://127.0.0.1:5000: connection refused (never sent: safe to
// retry)". Only the method, path, origin and libcurl's fixed text for the code appear.
std::string describe_failure(HttpMethod method, std::string_view path, std::string_view origin,
                             const TransferFacts& f, const Classified& c, const HttpRequest& request);

}  // namespace sos::net::detail
