// sos-exec --live: orders placed through one OpenAlgo instance, behind the Broker interface
// the paper broker implements (docs/live.md, docs/decisions.md "Live placement").
//
// On the stage's thread, never waiting on the network: place() offers an ORDER's requests to the
// bounded order queue (lib/orderqueue: all of them or none; a full queue refuses the ORDER with
// ORDER_UPDATE REJECTED and REJECT QUEUE_FULL, nothing written, nothing sent), then writes each
// request's intent to the state file (synced); poll() (after every line and on the stage's
// timer) hands queued requests to the HTTP client within the rate budget (lib/ratelimit's
// BrokerLimiter, the one budget of the instance: cancels before entries), reads the answers that
// came back, and every book_every asks the order book, then the trade book, while any order is
// not settled. The HTTP client's own thread does the network (lib/net).
//
// Only evidence moves an order (order_state.hpp): an acknowledgement is OPEN, never a fill;
// FILL lines come from the trade book alone (fill_ledger.hpp: deduplicated); no answer makes it
// UNKNOWN, settled from the order book (book_match.hpp), never resent; a 429 sends it again
// after retry_after; a rejection after acknowledgement shows in the order book and is
// reported; a working order is cancelled (cancelorder) at its entry's expiry, keeping what
// filled. Every transition is an ORDER_UPDATE line and a state file record.
//
// The order_update stream (live_broker_stream.cpp, order_stream.hpp, docs/decisions.md "The
// order_update stream"): with the entry's ws address, updates move orders and write FILLs as
// they come, deduplicated with the trade book by each order's written filled quantity
// (fill_ledger.hpp); the books' polling goes on regardless and settles what the stream missed.
//
// Exits (live_broker_exits.cpp, exit_rules.hpp, docs/decisions.md "Exits live"): each entry
// slice that fills gets an SL-M at the exchange for what it holds (its intent synced first, like
// every order), resized by modifyorder as more fills, moved by modifyorder as the local stop
// trails. Stop, target and square-off are decided on the underlying's candles as the paper
// broker decides them; the exit is the exchange stop itself, modified to MARKET, or (no stop
// working) a MARKET order: never an exit beside a stop that can still fill. The kill switch and
// the square-off (live_broker_kill.cpp) withdraw entries not yet sent, cancel working ones,
// close every position of their scope and report done only once the position book agrees.
//
// Entries triggered on their underlying (live_broker_armed.cpp, armed_entries.hpp): an option's
// stop entry on its index is ARMED, durably, and watched on the index's candles; when the index
// trades through its level the option goes at MARKET (slice 0 by optionsorder, ATM at that
// moment; the others on the option it resolved). Its expiry, a kill, a pause and the square-off
// withdraw it; a restart re-arms it from the state file.
//
// Structures (live_broker_structure.cpp, structure_plan.hpp): a structure ORDER waits for its
// underlying's expiries (/expiry, asked once a day), then each leg of each freeze slice is an
// order of its own (intent synced, state machine, FILL from the trade book) and each slice goes
// out as one optionsmultiorder, BUY legs first; every leg's result moves its own order. A leg
// that failed while others filled: the structure is unwound (the legs that filled closed at
// MARKET, short legs first) or alerted, as --leg-failed says.
//
// POSITION marks (live_broker_marks.cpp, marks.hpp, docs/decisions.md "Live POSITION marks"):
// what sos holds per symbol from the FILL lines it wrote, after each fill and EXIT, on each
// candle of the symbol (at its close) and each option chain pricing it (at its LTP).
//
// Reconciliation at every start (live_broker_reconcile.cpp, reconcile.hpp): before the first
// order goes, the order book and trade book settle what the state file left open, then the
// position book is compared with what sos holds (the state file, the journal's history). New
// ORDERs wait meanwhile. Agreement opens the way; a mismatch writes ALERT RECONCILE_MISMATCH and
// refuses entries (exits of known positions still go) until the operator accepts the broker's
// positions (CONTROL resume for sos-exec, or sos-exec reconcile --accept-broker).
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broker/broker.hpp"
#include "broker/live/exit_rules.hpp"
#include "broker/live/fill_ledger.hpp"
#include "broker/live/history_positions.hpp"
#include "broker/live/live_order.hpp"
#include "broker/live/marks.hpp"
#include "broker/live/order_stream.hpp"
#include "broker/live/reconcile.hpp"
#include "broker/live/state_file.hpp"
#include "brokers/secret.hpp"
#include "instrument/registry.hpp"
#include "lockfile/account_lock.hpp"
#include "net/http_client.hpp"
#include "openalgo/multi_order.hpp"
#include "openalgo/position_book.hpp"
#include "orderqueue/pacer.hpp"
#include "ratelimit/broker_limiter.hpp"
#include "time/calendar.hpp"
#include "vocab/leg_failure.hpp"
#include "vocab/withdraw_reason.hpp"

namespace sos::broker::live {

struct LiveOptions {
    std::string broker_name;
    std::string rest;  // the entry's REST address
    std::string ws;    // its WebSocket address: the order_update stream; empty: the books alone
    brokers::Secret key;
    std::string state_path;
    int entry_valid_bars = 3;  // an entry works this many candles of its timeframe
    std::chrono::milliseconds order_timeout{10000};
    std::chrono::milliseconds book_every{1000};
    std::chrono::milliseconds poll_every{100};
    std::size_t queue_capacity = 50;   // entry requests that may wait (--order-queue)
    ratelimit::BrokerLimits limits{};  // OpenAlgo's 10/s orders, 50/s others, NSE's 10 orders/s
    // The session's calendar and its square-off time (seconds of the local day) for intraday
    // positions; no calendar: no square-off (unit tests that do not ask for one).
    const time::Calendar* calendar = nullptr;
    int square_off_seconds = 15 * 3600 + 15 * 60;
    // The instance's lock (one live executor per account), held for the broker's life; taken
    // before the state file is opened (open_live_brokers). None in unit tests.
    std::optional<lockfile::AccountLock> lock;
    // A structure one of whose legs failed while others filled (--leg-failed).
    vocab::LegFailure leg_failed = vocab::LegFailure::Unwind;
    // Called on a network thread once an HTTP answer or an order_update frame is queued, so
    // that poll() runs soon (sos-exec's stage waker, pipeline/waker.hpp); none: poll() finds
    // them at its next call. Must not block.
    std::function<void()> wake;
};

class LiveBroker : public Broker {
public:
    LiveBroker(LiveOptions options, std::shared_ptr<const instrument::Registry> instruments);
    ~LiveBroker() override;

    std::string_view mode() const override { return "live"; }
    void place(const OrderRequest& order, EventSink& out) override;
    void on_market(const event::Event& e, EventSink& out) override;
    void flatten(std::string_view scope, time::Timestamp at, EventSink& out) override;
    void restore(const event::Event& e) override;
    void control(const event::Control& c, time::Timestamp at, EventSink& out) override;
    void reconcile(time::Timestamp at, EventSink& out) override;
    void poll(EventSink& out) override;
    std::chrono::milliseconds poll_interval() const override { return options_.poll_every; }
    SweepState sweep_state() const override;    // the latest kill's or square-off's (live_broker_kill.cpp)
    StreamState stream_state() const override;  // live_broker_stream.cpp

private:
    enum class Call : std::uint8_t {
        Place,
        Cancel,
        Modify,
        OrderBook,
        TradeBook,
        PositionBook,
        SweepBook,
        Multi,  // an optionsmultiorder: Pending's client_id is its first leg's
        Expiry  // /expiry: Pending's client_id is the underlying
    };
    // Where the start's reconciliation stands: new ORDERs wait, go, or are refused (entries).
    enum class Gate : std::uint8_t { Checking, Open, Refusing };
    struct Pending {
        Call call;
        std::string client_id;
    };
    // A queued request names its order by client id; its kind says placeorder or cancelorder.
    using Queued = orderqueue::Queued<std::string>;

    // One ORDER's position: its entry slices, and what the exits know of it.
    struct Position {
        std::string order_id;
        ExitPlan plan;
        vocab::Product product = vocab::Product::Mis;
        std::vector<std::string> slices;  // the entry slices' client ids
        bool protect = false;             // an exchange stop goes out for what fills
        std::optional<money::Paise> sl;   // the stop as it stands (trailed)
        std::optional<money::Paise> best;
        std::optional<time::Timestamp> opened;  // the first fill's time: exits on later candles
        time::Timestamp placed{};               // the ORDER's time (after a restart: unknown, 0)
        time::Date day;  // the session it was placed in (after a restart: unknown, 1970)
        std::optional<vocab::ExitReason> exiting;
        bool stop_alerted = false;
        bool done = false;  // its EXIT written, or nothing filled and nothing can
    };
    // A kill or a square-off: done when every position it closes is closed and the position
    // book agrees with what sos then holds on every key it touched.
    struct Sweep {
        vocab::ExitReason reason = vocab::ExitReason::Kill;
        std::string scope;
        std::set<std::string> orders;  // the ORDER ids it closes
        std::set<PositionKey> keys;
        int rounds = 0;
        ratelimit::TimePoint next_ask{};
        bool asked = false;
        bool over = false;
        bool confirmed = false;  // over, and the position book agreed
        int rechecks = 0;        // position book reads after FLAT_UNCONFIRMED (live_broker_kill.cpp)
    };

    // One optionsmultiorder: its body (without the key) and its legs' client ids, in its order.
    struct MultiSend {
        openalgo::OptionsMultiOrder body;
        std::vector<std::string> legs;
    };
    // An underlying's expiries as /expiry listed them, on the session day they were asked.
    struct Expiries {
        std::vector<time::Date> dates;
        time::Date day;
        bool known = false;
        bool in_flight = false;
        ratelimit::TimePoint next_ask{};
    };

    // live_broker_structure.cpp
    void place_structure(const OrderRequest& order, EventSink& out);
    void place_legs(const OrderRequest& order, const std::vector<time::Date>& listed, EventSink& out);
    void ask_expiries();
    void on_expiry(const net::HttpResult& r, const std::string& underlying, EventSink& out);
    void drop_awaiting(std::string_view scope, EventSink& out);
    bool send_structure(LiveOrder& head, EventSink& out);
    void on_multi_answer(const std::string& head, const net::HttpResult& r, EventSink& out);
    void on_leg_result(LiveOrder& o, const openalgo::LegResult* result, EventSink& out);
    void check_structure(Position& p, EventSink& out);
    bool shorts_held(const Position& p) const;
    time::Date session_day() const;
    // live_broker_send.cpp
    void send_due(EventSink& out);
    bool send_place(LiveOrder& o, EventSink& out);
    bool send_cancel(LiveOrder& o, EventSink& out);
    bool send_modify(LiveOrder& o, EventSink& out);
    void queue_cancel(LiveOrder& o);
    static Queued queued_place(const LiveOrder& o);
    void ask_books();
    bool submit(Call call, const std::string& client_id, std::string_view path, std::string body,
                std::chrono::milliseconds timeout);
    // live_broker_answers.cpp
    void on_result(net::HttpResult&& r, EventSink& out);
    void on_place_answer(LiveOrder& o, const net::HttpResult& r, EventSink& out);
    void on_cancel_answer(LiveOrder& o, const net::HttpResult& r, EventSink& out);
    void on_modify_answer(LiveOrder& o, const net::HttpResult& r, EventSink& out);
    void on_orderbook(const net::HttpResult& r, EventSink& out);
    void on_tradebook(const net::HttpResult& r, EventSink& out);
    void settle_unknown(const std::vector<openalgo::BookOrder>& book, EventSink& out);
    void books_failed(std::string_view which, const std::string& why, EventSink& out);
    void apply_book(const std::vector<openalgo::BookOrder>& book, EventSink& out,
                    std::string_view source = "order book");
    void write_fill(LiveOrder& o, std::int64_t qty, money::Paise price, time::Timestamp at, EventSink& out);
    // live_broker_stream.cpp
    void service_stream(EventSink& out);
    void on_stream_news(StreamNews& n, EventSink& out);
    bool on_stream_update(const openalgo::OrderUpdateFrame& u, EventSink& out);
    time::Timestamp stream_fill_time(const LiveOrder& o);
    // live_broker_reconcile.cpp
    bool needs_round() const;
    void ask_positions();
    void on_positionbook(const net::HttpResult& r, EventSink& out);
    void decide(EventSink& out);
    bool gate_allows(const OrderRequest& order, EventSink& out);
    bool hold(const OrderRequest& order, std::size_t requests, EventSink& out);
    void release_held(EventSink& out);
    Holdings known_now() const;
    void write_positions(const std::vector<PositionCheck>& checks, std::string_view verdict, EventSink& out);
    // live_broker_exits.cpp
    void open_position(const OrderRequest& order, const std::vector<std::string>& slices);
    void adopt_positions();
    std::int64_t filled_of(const LiveOrder& o) const;
    std::int64_t held_by(const LiveOrder& entry) const;  // filled minus what its exits filled
    std::vector<LiveOrder*> children(const std::string& entry, OrderRole role);
    void manage(EventSink& out);
    void manage_slice(Position& p, LiveOrder& entry, EventSink& out);
    void protect_slice(Position& p, LiveOrder& entry, std::int64_t held, EventSink& out);
    void exit_slice(Position& p, LiveOrder& entry, std::int64_t held, EventSink& out);
    void place_child(const Position& p, const LiveOrder& entry, OrderRole role, std::int64_t qty,
                     EventSink& out);
    void want_modify(LiveOrder& stop, const Modification& m);
    void close_if_done(Position& p, EventSink& out);
    void exits_on_candle(const event::Event& e, EventSink& out);
    void note_fill(const LiveOrder& o, std::int64_t qty, money::Paise price, time::Timestamp at);
    // live_broker_kill.cpp
    void withdraw(LiveOrder& o, vocab::WithdrawReason why, EventSink& out);
    void withdraw_held(const std::function<bool(const OrderRequest&)>& which, vocab::WithdrawReason why,
                       EventSink& out);
    void start_sweep(vocab::ExitReason reason, std::string scope, const std::vector<Position*>& closing,
                     EventSink& out);
    void check_sweeps(EventSink& out);
    void on_sweepbook(const net::HttpResult& r, EventSink& out);
    bool in_scope(const Position& p, std::string_view scope) const;
    // live_broker_armed.cpp
    std::string armed_message(const LiveOrder& o) const;
    void watch_armed(const event::Event& e, EventSink& out);
    void fire(LiveOrder& o, std::string message, EventSink& out);
    void fire_followers(EventSink& out);
    void fire_crossed(EventSink& out);
    bool by_options(const LiveOrder& o) const;
    void resolve(LiveOrder& o, const std::string& symbol, EventSink& out);
    bool settle_unknown_option(LiveOrder& o, const std::vector<openalgo::BookOrder>& book);
    void pause_armed(std::string_view scope, EventSink& out);
    // live_broker_marks.cpp
    std::int64_t written_of(const LiveOrder& o) const;  // the quantity of its FILL lines
    std::vector<Holding> holdings_in(const std::string& symbol) const;
    bool holds(const std::string& symbol) const;
    std::set<std::string> held_symbols() const;
    void mark_on_market(const event::Event& e);
    void write_marks(EventSink& out);  // the POSITION lines due
    // live_broker.cpp
    void place_now(const OrderRequest& order, EventSink& out);
    bool move(LiveOrder& o, const Evidence& ev, std::string message, EventSink& out);
    void record(const LiveOrder& o);
    void say(const LiveOrder& o, std::string message, EventSink& out);
    std::string reported_id(const LiveOrder& o) const;  // the id o's ORDER_UPDATE carries now
    void alert(std::string code, std::string message, EventSink& out, std::string_view level = "warn");
    // An ORDER not taken (the queue is full, or entries are refused after a reconciliation
    // mismatch): ORDER_UPDATE REJECTED "REASON: detail (broker)" and REJECT with the reason.
    void refuse(const OrderRequest& order, const std::string& reason, const std::string& detail,
                EventSink& out);
    bool unsettled() const;
    LiveOrder* find_by_broker_id(std::string_view id);
    std::string masked(std::string text) const;

    LiveOptions options_;
    std::shared_ptr<const instrument::Registry> instruments_;
    StateFile state_;
    ratelimit::BrokerLimiter limiter_;
    orderqueue::Pacer<std::string> pacer_;  // on limiter_: requests wait here for their budget
    std::map<std::string, LiveOrder, std::less<>> orders_;  // by client id
    std::set<std::string, std::less<>> claimed_;            // broker order ids of sos's orders
    std::map<std::uint64_t, Pending> pending_;              // by request id
    FillLedger fills_;
    Marks marks_;  // the prices marking what sos holds, the day's realised P&L (live_broker_marks.cpp)
    std::map<std::string, Position, std::less<>> trades_;  // each ORDER's position, by its id
    std::vector<Sweep> sweeps_;
    std::map<std::string, MultiSend, std::less<>> multi_;    // by the first leg's client id
    std::map<std::string, Expiries, std::less<>> expiries_;  // by underlying
    std::vector<OrderRequest> awaiting_;                     // structure ORDERs waiting for their expiries
    std::set<std::string, std::less<>> broken_;              // structures whose failed leg was dealt with
    std::map<std::pair<std::string, int>, time::Timestamp> last_close_;  // per candle series
    // The position book as the exits and sweeps read it: requests numbered as sent, the number
    // of the one whose answer is in exit_book_.
    std::uint64_t book_asked_ = 0, book_answered_ = 0;
    bool sweepbook_in_flight_ = false;
    Holdings exit_book_;
    std::optional<std::vector<openalgo::BookOrder>> book_;  // the order book of this round
    bool books_in_flight_ = false;
    bool books_alerted_ = false;  // BOOKS_FAILED said; cleared when both books answer
    ratelimit::TimePoint next_books_{};
    time::Timestamp now_{};  // the stream's time: the latest order or candle seen
    std::unique_ptr<net::HttpClient> http_;
    // The order_update stream (none without a ws address), what it said, and the updates of
    // broker order ids not yet known (an update ahead of its placement's answer), oldest first.
    std::unique_ptr<OrderStream> stream_;
    std::vector<StreamNews> stream_news_;
    std::deque<openalgo::OrderUpdateFrame> parked_;
    bool stream_alerted_ = false;  // ORDER_STREAM_DOWN said; RECOVERED when it is up again
    // The start's reconciliation (live_broker_reconcile.cpp).
    Gate gate_ = Gate::Checking;
    struct Held {
        OrderRequest order;
        std::size_t requests = 0;  // its placeorder requests (freeze slices)
    };
    std::vector<Held> held_;         // ORDERs that came while Checking
    std::size_t held_requests_ = 0;  // their requests: they count against queue_capacity
    HistoryPositions history_;
    bool history_over_ = false;                                     // reconcile() was called
    std::optional<std::vector<openalgo::BookPosition>> positions_;  // the position book read
    bool accept_pending_ = false;  // the operator accepted: adopt the next position book read
    int rounds_ = 0;               // rounds read again because an unsettled order may explain a mismatch
};

}  // namespace sos::broker::live
