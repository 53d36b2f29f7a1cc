// The HTTP client's thread: libcurl's multi interface driving every transfer of one client,
// woken by curl_multi_wakeup() when a request is submitted. libcurl handles are touched by this
// thread only (curl_multi_wakeup is the one call libcurl allows from others).
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/http_client.hpp"
#include "net/http_outcome.hpp"

namespace sos::net::detail {

namespace {

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("libcurl: global init failed");
    });
}

}  // namespace

struct Transfer {
    std::uint64_t id = 0;
    HttpRequest request;
    std::string url;
    curl_slist* headers = nullptr;
    CURL* easy = nullptr;
    std::string response;
    std::vector<std::string> set_cookies;
    std::size_t max_response = 0;
    bool too_large = false;
    int prereq_calls = 0;
    bool resend_blocked = false;
    std::int64_t submitted_ns = 0;

    ~Transfer() {
        if (easy) curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }
};

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t bytes = size * n;
    if (t->response.size() + bytes > t->max_response) {
        t->too_large = true;
        return 0;  // libcurl fails the transfer (CURLE_WRITE_ERROR)
    }
    t->response.append(data, bytes);
    return bytes;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

// One header line of the answer at a time. Only Set-Cookie is kept, and only the final
// answer's: a new status line (an interim 100, a redirect followed) starts the list again.
std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t bytes = size * n;
    std::string_view line(data, bytes);
    if (starts_with_nocase(line, "HTTP/")) {
        t->set_cookies.clear();
    } else if (starts_with_nocase(line, "set-cookie:")) {
        line.remove_prefix(11);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' '))
            line.remove_suffix(1);
        t->set_cookies.emplace_back(line);
    }
    return bytes;
}

bool has_header(const HttpRequest& r, std::string_view name) {
    return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) {
        return h.first.size() == name.size() && starts_with_nocase(h.first, name);
    });
}

// Called by libcurl each time it is about to write the request on a connection: the fact
// the NotSent / MaybeReceived rule rests on (http_outcome.hpp). A second call is libcurl's own
// resend after a reused connection died unanswered: refused for a non-idempotent request.
int on_prerequest(void* user, char*, char*, int, int) {
    auto* t = static_cast<Transfer*>(user);
    if (++t->prereq_calls > 1 && !t->request.idempotent) {
        t->resend_blocked = true;
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}

}  // namespace

void read_timing(CURL* easy, int prereq_calls, HttpResult& r);

struct HttpEngine {
    HttpEngine(HttpClient& owner, const HttpOptions& options);
    ~HttpEngine();

    bool submit(std::unique_ptr<Transfer> t);
    void run();
    void start(std::unique_ptr<Transfer> t);
    void finish(CURL* easy, CURLcode code);
    void complete(Transfer& t, CURLcode code);
    void configure(Transfer& t);

    HttpClient& owner;
    const HttpOptions options;
    const std::string origin;  // for messages
    const std::string prefix;  // the base URL's path, without a trailing '/'
    CURLM* multi = nullptr;
    std::thread thread;
    std::mutex mu;
    std::vector<std::unique_ptr<Transfer>> incoming;  // guarded by mu
    bool stopping = false;                            // guarded by mu
    std::atomic<bool> stop_flag{false};
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> running;  // the thread's
};

HttpEngine::HttpEngine(HttpClient& o, const HttpOptions& opts)
    : owner(o),
      options(opts),
      origin(o.base().origin()),
      prefix(o.base().path == "/"
                 ? ""
                 : (o.base().path.back() == '/' ? o.base().path.substr(0, o.base().path.size() - 1)
                                                : o.base().path)) {
    global_init();
    multi = curl_multi_init();
    if (!multi) throw std::runtime_error("libcurl: could not create a multi handle");
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_connections_per_host);
    thread = std::thread([this] { run(); });
}

HttpEngine::~HttpEngine() {
    {
        std::lock_guard lock(mu);
        stopping = true;
        stop_flag.store(true);
        curl_multi_wakeup(multi);
    }
    thread.join();
    for (auto& [easy, t] : running)
        curl_multi_remove_handle(multi, easy);
    running.clear();
    curl_multi_cleanup(multi);
}

bool HttpEngine::submit(std::unique_ptr<Transfer> t) {
    std::lock_guard lock(mu);
    if (stopping) return false;
    incoming.push_back(std::move(t));
    curl_multi_wakeup(multi);
    return true;
}

void HttpEngine::run() {
    std::vector<std::unique_ptr<Transfer>> batch;
    while (!stop_flag.load()) {
        {
            std::lock_guard lock(mu);
            batch.swap(incoming);
        }
        for (auto& t : batch)
            start(std::move(t));
        batch.clear();
        int still = 0;
        curl_multi_perform(multi, &still);
        int left = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &left))
            if (m->msg == CURLMSG_DONE) finish(m->easy_handle, m->data.result);
        curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
}

void HttpEngine::configure(Transfer& t) {
    CURL* e = t.easy;
    const auto& r = t.request;
    curl_easy_setopt(e, CURLOPT_URL, t.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    if (r.method == HttpMethod::Get) {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
        t.headers = curl_slist_append(t.headers, "Content-Type: application/json");
    }
    if (!has_header(r, "Accept")) t.headers = curl_slist_append(t.headers, "Accept: application/json");
    for (const auto& [name, value] : r.headers)
        t.headers = curl_slist_append(t.headers, (name + ": " + value).c_str());
    // No "Expect: 100-continue" for bodies over 1 KiB: it would hold a multi-leg order up to a
    // second waiting for an interim answer Flask never sends.
    t.headers = curl_slist_append(t.headers, "Expect:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_MAXAGE_CONN, static_cast<long>(options.max_idle.count()));
    curl_easy_setopt(e, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");  // loopback never through a proxy
    curl_easy_setopt(e, CURLOPT_USERAGENT, "sos");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    if (options.accept_compressed) curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prerequest);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, &t);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    if (!options.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options.ca_file.c_str());
    if (options.tls_insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

void HttpEngine::start(std::unique_ptr<Transfer> t) {
    t->url = origin + prefix + t->request.path;
    if (t->request.method == HttpMethod::Get && !t->request.query.empty()) t->url += "?" + t->request.query;
    t->max_response = options.max_response_bytes;
    t->easy = curl_easy_init();
    if (!t->easy) {
        complete(*t, CURLE_OUT_OF_MEMORY);
        return;
    }
    configure(*t);
    CURL* easy = t->easy;
    running.emplace(easy, std::move(t));
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) finish(easy, CURLE_FAILED_INIT);
}

void HttpEngine::finish(CURL* easy, CURLcode code) {
    auto it = running.find(easy);
    if (it == running.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    running.erase(it);
    curl_multi_remove_handle(multi, easy);
    complete(*t, code);
}

void HttpEngine::complete(Transfer& transfer, CURLcode code) {
    Transfer* t = &transfer;
    CURL* easy = t->easy;
    HttpResult r;
    r.id = t->id;
    r.tag = t->request.tag;
    TransferFacts f{code, t->prereq_calls, t->resend_blocked, t->too_large, 0};
    if (easy) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &f.http_status);
    const auto c = classify(f);
    r.outcome = c.outcome;
    r.failure = c.failure;
    if (c.outcome == HttpOutcome::Answered) {
        r.status = static_cast<int>(f.http_status);
        r.body = std::move(t->response);
        r.set_cookies = std::move(t->set_cookies);
    } else {
        const std::string& shown = t->request.shown_path.empty() ? t->request.path : t->request.shown_path;
        r.error = describe_failure(t->request.method, shown, origin, f, c, t->request);
    }
    if (easy) read_timing(easy, t->prereq_calls, r);
    r.timing.elapsed_us = (now_ns() - t->submitted_ns) / 1000;
    owner.deliver(std::move(r));
}

void read_timing(CURL* easy, int prereq_calls, HttpResult& r) {
    curl_off_t us = 0;
    if (curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &us) == CURLE_OK) r.timing.connect_us = us;
    if (curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &us) == CURLE_OK) r.timing.sent_us = us;
    if (curl_easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &us) == CURLE_OK) r.timing.first_byte_us = us;
    if (curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &us) == CURLE_OK) r.timing.total_us = us;
    long connects = 0, port = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(easy, CURLINFO_LOCAL_PORT, &port);
    r.reused_connection = prereq_calls > 0 && connects == 0;
    r.local_port = static_cast<int>(port);
}

}  // namespace sos::net::detail

namespace sos::net {

HttpClient::HttpClient(HttpOptions options)
    : base_(parse_url(options.base_url)), on_ready_(options.on_ready) {
    if (base_.scheme != Scheme::Http && base_.scheme != Scheme::Https)
        throw UrlError("REST URL \"" + base_.origin() + base_.path +
                       "\": it must start with http:// or https://");
    engine_ = std::make_unique<detail::HttpEngine>(*this, options);
}

HttpClient::~HttpClient() {
    engine_.reset();
}

std::optional<std::uint64_t> HttpClient::submit(HttpRequest request) {
    static std::atomic<std::uint64_t> next_id{1};
    {
        std::lock_guard lock(mu_);
        if (outstanding_ >= engine_->options.max_in_flight) return std::nullopt;
        ++outstanding_;
    }
    auto t = std::make_unique<detail::Transfer>();
    t->id = next_id.fetch_add(1);
    t->request = std::move(request);
    t->submitted_ns = detail::now_ns();
    const auto id = t->id;
    if (engine_->submit(std::move(t))) return id;
    std::lock_guard lock(mu_);
    --outstanding_;
    return std::nullopt;
}

void HttpClient::deliver(HttpResult result) {
    {
        std::lock_guard lock(mu_);
        done_.push_back(std::move(result));
        ready_.raise();
    }
    // After the lock: the consumer it wakes may be about to drain (and take mu_).
    if (on_ready_) on_ready_();
}

std::size_t HttpClient::in_flight() const {
    std::lock_guard lock(mu_);
    return outstanding_;
}

}  // namespace sos::net
