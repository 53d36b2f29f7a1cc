#include "broker/live/state_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "event/json_writer.hpp"
#include "files/whole_file.hpp"

namespace sos::broker::live {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& path, std::string_view what) {
    throw StateError(fmt::format("state file {}: {}", path, what));
}

template <class E>
E word(const json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_string()) throw std::invalid_argument(fmt::format("no {}", key));
    const auto v = vocab::parse<E>(j[key].get<std::string>());
    if (!v) throw std::invalid_argument(fmt::format("bad {}", key));
    return *v;
}

std::optional<money::Paise> price(const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    const auto p = money::Paise::parse(j[key].dump());
    if (!p) throw std::invalid_argument(fmt::format("bad {}", key));
    return p;
}

openalgo::PlaceOrder read_request(const json& r) {
    openalgo::PlaceOrder o;
    o.strategy = r.at("strategy").get<std::string>();
    o.exchange = word<vocab::Exchange>(r, "exchange");
    o.symbol = r.at("symbol").get<std::string>();
    o.action = word<vocab::Side>(r, "action");
    o.quantity = r.at("quantity").get<std::int64_t>();
    o.pricetype = word<vocab::OrderType>(r, "pricetype");
    o.product = word<vocab::Product>(r, "product");
    o.price = price(r, "price");
    o.trigger_price = price(r, "trigger_price");
    return o;
}

ExitPlan read_plan(const json& p) {
    ExitPlan x;
    x.strategy = p.at("strategy").get<std::string>();
    x.underlying = p.at("underlying").get<std::string>();
    x.tf.seconds = p.at("tf").get<int>();
    x.long_underlying = p.at("long").get<bool>();
    x.sl = price(p, "sl");
    x.tp = price(p, "tp");
    x.trail = price(p, "trail");
    x.structure = p.value("structure", false);
    return x;
}

void write_plan(event::JsonWriter& w, const ExitPlan& x) {
    w.object("plan");
    w.str("strategy", x.strategy).str("underlying", x.underlying).integer("tf", x.tf.seconds);
    w.boolean("long", x.long_underlying);
    if (x.sl) w.raw("sl", x.sl->to_string());
    if (x.tp) w.raw("tp", x.tp->to_string());
    if (x.trail) w.raw("trail", x.trail->to_string());
    if (x.structure) w.boolean("structure", true);
    w.end_object();
}

std::optional<time::Timestamp> when(const json& j, const char* key) {
    return time::parse_epoch(j.at(key).dump());
}

ArmedEntry read_armed(const json& a) {
    ArmedEntry x;
    x.on.underlying = a.at("underlying").get<std::string>();
    x.on.side = word<vocab::Side>(a, "side");
    const auto level = price(a, "trigger");
    if (!level) throw std::invalid_argument("no trigger");
    x.on.level = *level;
    x.tf.seconds = a.at("tf").get<int>();
    const auto from = when(a, "from"), until = when(a, "until");
    if (!from || !until || x.tf.seconds <= 0) throw std::invalid_argument("bad on");
    x.from = *from;
    x.until = *until;
    return x;
}

void write_armed(event::JsonWriter& w, const ArmedEntry& x) {
    w.object("on");
    w.str("underlying", x.on.underlying).word("side", x.on.side).raw("trigger", x.on.level.to_string());
    w.integer("tf", x.tf.seconds).time("from", x.from).time("until", x.until);
    w.end_object();
}

StoredOrder read_intent(const json& j, const std::string& id) {
    StoredOrder o{id,
                  j.at("order_id").get<std::string>(),
                  j.at("slice").get<int>(),
                  read_request(j.at("request")),
                  LiveState::Intent,
                  {},
                  0};
    if (j.contains("role")) o.role = word<OrderRole>(j, "role");
    if (j.contains("parent")) o.parent = j.at("parent").get<std::string>();
    if (j.contains("plan")) o.plan = read_plan(j.at("plan"));
    if (j.contains("on")) {
        o.armed = read_armed(j.at("on"));
        o.state = LiveState::Armed;
    }
    if (o.role != OrderRole::Entry && o.parent.empty()) throw std::invalid_argument("no parent");
    return o;
}

void read_state(const json& j, StoredOrder& o) {
    o.state = word<LiveState>(j, "state");
    o.broker_order_id = j.at("broker_order_id").get<std::string>();
    o.filled_qty = j.at("filled_qty").get<std::int64_t>();
    if (j.contains("value")) o.filled_value = money::Paise{j.at("value").get<std::int64_t>()};
    if (j.contains("reason")) o.withdrawn = word<vocab::WithdrawReason>(j, "reason");
    if (j.contains("quantity")) o.request.quantity = j.at("quantity").get<std::int64_t>();
    if (j.contains("symbol")) {
        o.request.symbol = j.at("symbol").get<std::string>();
        o.resolved = true;
    }
}

void read_modify(const json& j, StoredOrder& o) {
    o.request.quantity = j.at("quantity").get<std::int64_t>();
    o.request.pricetype = word<vocab::OrderType>(j, "pricetype");
    o.request.trigger_price = price(j, "trigger_price");
    o.request.price.reset();
}

PositionKey key_of(const openalgo::PlaceOrder& r) {
    return PositionKey{r.symbol, std::string(vocab::name(r.exchange)), r.product};
}

Holdings read_positions(const json& a) {
    if (!a.is_array()) throw std::invalid_argument("positions is not a list");
    Holdings h;
    for (const auto& p : a)
        add_to(h,
               PositionKey{p.at("symbol").get<std::string>(), p.at("exchange").get<std::string>(),
                           word<vocab::Product>(p, "product")},
               p.at("qty").get<std::int64_t>());
    return h;
}

void sync_directory_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(path, fmt::format("cannot open its folder: {}", std::strerror(errno)));
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL;  // some file systems cannot
    ::close(fd);
    if (!synced) fail(path, fmt::format("cannot sync its folder: {}", std::strerror(errno)));
}

}  // namespace

StateFile::StateFile(std::string path) : path_(std::move(path)) {
    read_existing();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) fail(path_, fmt::format("cannot open for writing: {}", std::strerror(errno)));
    if (!existed_) sync_directory_of(path_);  // the new file's name is on disk before any intent
    drop_torn_tail();
}

StateFile::~StateFile() {
    if (fd_ >= 0) ::close(fd_);
}

void StateFile::read_existing() {
    const auto text = files::read_whole(path_, files::kStateLimit);
    if (text.error_number == ENOENT) return;  // a first run
    if (!text.ok()) fail(path_, text.error);
    existed_ = true;
    std::string_view rest = text.text;
    std::size_t number = 0;
    while (!rest.empty()) {
        ++number;
        const auto nl = rest.find('\n');
        if (nl == std::string_view::npos) break;  // cut short by a crash: its request never left
        apply_line(rest.substr(0, nl), number);
        rest.remove_prefix(nl + 1);
    }
    whole_lines_ = text.text.size() - rest.size();
    torn_tail_ = !rest.empty();
}

// The next record must start a line of its own: appended to a cut-short one, both would be one
// damaged line in the middle of the file at the next start.
void StateFile::drop_torn_tail() {
    if (!torn_tail_) return;
    if (::ftruncate(fd_, static_cast<off_t>(whole_lines_)) != 0 || ::fdatasync(fd_) != 0)
        fail(path_, fmt::format("cannot drop a line cut short: {}", std::strerror(errno)));
    torn_tail_ = false;
}

void StateFile::apply_line(std::string_view line, std::size_t number) {
    const auto j = json::parse(line, nullptr, false);
    try {
        if (j.is_discarded() || !j.is_object()) throw std::invalid_argument("not a JSON object");
        const auto rec = j.at("rec").get<std::string>();
        if (rec == "accept") return apply_accept(read_positions(j.at("positions")));
        const auto id = j.at("client_id").get<std::string>();
        if (rec == "intent") {
            if (!orders_.emplace(id, read_intent(j, id)).second)
                throw std::invalid_argument("a second intent");
            return;
        }
        if (rec != "state" && rec != "modify")
            throw std::invalid_argument("rec is not intent, state, modify or accept");
        auto it = orders_.find(id);
        if (it == orders_.end()) throw std::invalid_argument(fmt::format("a {} before its intent", rec));
        if (rec == "state")
            read_state(j, it->second);
        else
            read_modify(j, it->second);
    } catch (const std::exception& e) {
        fail(path_, fmt::format("line {}: {}", number, e.what()));
    }
}

void StateFile::apply_accept(Holdings accepted) {
    accepted_ = std::move(accepted);
    has_acceptance_ = true;
    counted_.clear();
    for (const auto& [id, o] : orders_)
        if (o.filled_qty != 0) counted_[id] = o.filled_qty;
}

Holdings StateFile::positions() const {
    Holdings h = accepted_;
    for (const auto& [id, o] : orders_) {
        const auto c = counted_.find(id);
        const auto fresh = o.filled_qty - (c == counted_.end() ? 0 : c->second);
        add_to(h, key_of(o.request), o.request.action == vocab::Side::Buy ? fresh : -fresh);
    }
    return h;
}

std::set<PositionKey> StateFile::position_keys() const {
    std::set<PositionKey> keys;
    for (const auto& [k, q] : accepted_)
        keys.insert(k);
    for (const auto& [id, o] : orders_)
        keys.insert(key_of(o.request));
    return keys;
}

void StateFile::append_accept(const Holdings& broker) {
    std::string line;
    event::JsonWriter w(line);
    w.str("rec", "accept");
    w.array("positions");
    for (const auto& [k, q] : broker) {
        w.element_object();
        w.str("symbol", k.symbol).str("exchange", k.exchange).word("product", k.product).integer("qty", q);
        w.end_object();
    }
    w.end_array();
    w.finish_line();
    append_line(line);
    apply_accept(broker);
}

const StoredOrder* StateFile::find(std::string_view client_id) const {
    auto it = orders_.find(client_id);
    return it == orders_.end() ? nullptr : &it->second;
}

void StateFile::append_line(const std::string& line) {
    std::string_view rest = line;
    while (!rest.empty()) {
        const auto n = ::write(fd_, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(path_, fmt::format("cannot write: {}", std::strerror(errno)));
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fdatasync(fd_) != 0) fail(path_, fmt::format("cannot sync: {}", std::strerror(errno)));
}

void StateFile::append_intent(const StoredOrder& o) {
    if (orders_.contains(o.client_id)) fail(path_, fmt::format("an intent for {} exists", o.client_id));
    std::string line;
    event::JsonWriter w(line);
    w.str("rec", "intent")
        .str("client_id", o.client_id)
        .str("order_id", o.order_id)
        .integer("slice", o.slice);
    w.object("request");
    openalgo::write_placeorder_fields(w, o.request);
    w.end_object();
    if (o.role != OrderRole::Entry) w.word("role", o.role).str("parent", o.parent);
    if (o.plan) write_plan(w, *o.plan);
    if (o.armed) write_armed(w, *o.armed);
    w.finish_line();
    append_line(line);
    auto& stored = orders_[o.client_id] = o;
    stored.state = o.armed ? LiveState::Armed : LiveState::Intent;
}

void StateFile::append_modify(std::string_view client_id, const Modification& m) {
    auto it = orders_.find(client_id);
    if (it == orders_.end()) fail(path_, fmt::format("no intent for {}", client_id));
    std::string line;
    event::JsonWriter w(line);
    w.str("rec", "modify")
        .str("client_id", client_id)
        .integer("quantity", m.quantity)
        .word("pricetype", m.pricetype);
    if (m.trigger) w.raw("trigger_price", m.trigger->to_string());
    w.finish_line();
    append_line(line);
    auto& r = it->second.request;
    r.quantity = m.quantity;
    r.pricetype = m.pricetype;
    r.trigger_price = m.trigger;
    r.price.reset();
}

void StateFile::append_state(std::string_view client_id, LiveState state, std::string_view broker_order_id,
                             std::int64_t filled_qty, const StateExtras& extras) {
    auto it = orders_.find(client_id);
    if (it == orders_.end()) fail(path_, fmt::format("no intent for {}", client_id));
    std::string line;
    event::JsonWriter w(line);
    w.str("rec", "state")
        .str("client_id", client_id)
        .word("state", state)
        .str("broker_order_id", broker_order_id)
        .integer("filled_qty", filled_qty);
    if (extras.filled_value.value != 0) w.integer("value", extras.filled_value.value);
    if (extras.withdrawn) w.word("reason", *extras.withdrawn);
    if (extras.quantity) w.integer("quantity", *extras.quantity);
    if (extras.symbol) w.str("symbol", *extras.symbol);
    w.finish_line();
    append_line(line);
    auto& o = it->second;
    o.state = state;
    o.broker_order_id = std::string(broker_order_id);
    o.filled_qty = filled_qty;
    o.filled_value = extras.filled_value;
    o.withdrawn = extras.withdrawn;
    if (extras.quantity) o.request.quantity = *extras.quantity;
    if (extras.symbol) {
        o.request.symbol = *extras.symbol;
        o.resolved = true;
    }
}

}  // namespace sos::broker::live
