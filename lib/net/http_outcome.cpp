#include "net/http_outcome.hpp"

#include <fmt/format.h>

namespace sos::net {

std::string_view to_string(HttpOutcome outcome) {
    switch (outcome) {
        case HttpOutcome::Answered:
            return "answered";
        case HttpOutcome::NotSent:
            return "never sent: safe to retry";
        case HttpOutcome::MaybeReceived:
            return "may have been received: do not resend blindly";
    }
    return "unknown";
}

std::string_view to_string(HttpFailure failure) {
    switch (failure) {
        case HttpFailure::None:
            return "none";
        case HttpFailure::ResolveFailed:
            return "the host name did not resolve";
        case HttpFailure::ConnectFailed:
            return "could not connect";
        case HttpFailure::ConnectTimeout:
            return "no connection in time";
        case HttpFailure::TlsFailed:
            return "TLS handshake or certificate failed";
        case HttpFailure::Timeout:
            return "no answer in time";
        case HttpFailure::ConnectionLost:
            return "the connection ended without a whole answer";
        case HttpFailure::ResendBlocked:
            return "the connection died before an answer; not sent again";
        case HttpFailure::ResponseTooLarge:
            return "the answer was too large";
        case HttpFailure::Other:
            return "failed";
    }
    return "failed";
}

namespace detail {

namespace {

HttpFailure failure_before_request(CURLcode code) {
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return HttpFailure::ResolveFailed;
        case CURLE_COULDNT_CONNECT:
            return HttpFailure::ConnectFailed;
        case CURLE_OPERATION_TIMEDOUT:
            return HttpFailure::ConnectTimeout;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
            return HttpFailure::TlsFailed;
        default:
            return HttpFailure::Other;
    }
}

HttpFailure failure_after_request(CURLcode code) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            return HttpFailure::Timeout;
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_COULDNT_CONNECT:  // libcurl's own retry of a dead kept-alive connection
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return HttpFailure::ConnectionLost;
        default:
            return HttpFailure::Other;
    }
}

}  // namespace

Classified classify(const TransferFacts& f) {
    if (f.resend_blocked) return {HttpOutcome::MaybeReceived, HttpFailure::ResendBlocked};
    if (f.response_too_large) return {HttpOutcome::MaybeReceived, HttpFailure::ResponseTooLarge};
    if (f.code == CURLE_OK) return {HttpOutcome::Answered, HttpFailure::None};
    if (f.prereq_calls == 0) return {HttpOutcome::NotSent, failure_before_request(f.code)};
    return {HttpOutcome::MaybeReceived, failure_after_request(f.code)};
}

std::string describe_failure(HttpMethod method, std::string_view path, std::string_view origin,
                             const TransferFacts& f, const Classified& c, const HttpRequest& request) {
    std::string detail(to_string(c.failure));
    if (c.failure == HttpFailure::Timeout) detail += fmt::format(" (timeout {} ms)", request.timeout.count());
    if (c.failure == HttpFailure::ConnectTimeout)
        detail += fmt::format(" (connect timeout {} ms, timeout {} ms)", request.connect_timeout.count(),
                              request.timeout.count());
    // curl_easy_strerror's texts are fixed strings: they never carry the URL or the body.
    return fmt::format("{} {} to {}: {}, libcurl: {} ({})", method == HttpMethod::Get ? "GET" : "POST", path,
                       origin, detail, curl_easy_strerror(f.code), to_string(c.outcome));
}

}  // namespace detail
}  // namespace sos::net
