// The live order state machine: only evidence moves an order, illegal moves are refused and
// leave it as it was, fills only grow; client order ids are stable and fit the brokers' tags.
#include <catch2/catch.hpp>
#include <cctype>

#include "broker/live/client_order_id.hpp"
#include "broker/live/order_state.hpp"

using namespace sos;
using namespace sos::broker::live;
using vocab::OrderStatus;

namespace {

Evidence of(EvidenceKind k) {
    return Evidence{k, std::nullopt, 0};
}
Evidence book(OrderStatus s, std::int64_t filled = 0) {
    return Evidence{EvidenceKind::BookReport, s, filled};
}

}  // namespace

TEST_CASE("every state has one name and reads back") {
    for (auto s : vocab::all<LiveState>())
        CHECK(vocab::parse<LiveState>(vocab::name(s)) == s);
    CHECK(vocab::name(LiveState::PartiallyFilled) == "PARTIALLY_FILLED");
    CHECK_FALSE(vocab::parse<LiveState>("ACKED"));
}

TEST_CASE("the happy path: intent, sent, acknowledged, partially filled, filled") {
    CHECK(transition(LiveState::Intent, of(EvidenceKind::Sent), 100) == LiveState::Sent);
    CHECK(transition(LiveState::Sent, of(EvidenceKind::Accepted), 100) == LiveState::Open);
    CHECK(transition(LiveState::Open, book(OrderStatus::TriggerPending), 100) == LiveState::TriggerPending);
    CHECK(transition(LiveState::TriggerPending, book(OrderStatus::Open), 100) == LiveState::Open);
    CHECK(transition(LiveState::Open, book(OrderStatus::Open, 40), 100) == LiveState::PartiallyFilled);
    CHECK(transition(LiveState::PartiallyFilled, book(OrderStatus::Open, 70), 100) ==
          LiveState::PartiallyFilled);
    CHECK(transition(LiveState::PartiallyFilled, book(OrderStatus::Complete, 100), 100) == LiveState::Filled);
}

TEST_CASE("an acknowledgement is not a fill") {
    const auto s = transition(LiveState::Sent, of(EvidenceKind::Accepted), 100);
    REQUIRE(s);
    CHECK(*s == LiveState::Open);
    CHECK_FALSE(is_final(*s));
    Progress p{LiveState::Sent, 100, 0};
    CHECK(apply(p, of(EvidenceKind::Accepted)) == Applied::Moved);
    CHECK(p.filled_qty == 0);
}

TEST_CASE("a timeout leaves the order unknown, settled only by the book") {
    CHECK(transition(LiveState::Sent, of(EvidenceKind::NoAnswer), 10) == LiveState::Unknown);
    // Nothing of sos's own moves it: not sending again, not a late guess.
    CHECK_FALSE(transition(LiveState::Unknown, of(EvidenceKind::Sent), 10));
    CHECK_FALSE(transition(LiveState::Unknown, of(EvidenceKind::RateLimited), 10));
    CHECK_FALSE(transition(LiveState::Unknown, of(EvidenceKind::NoAnswer), 10));
    CHECK(transition(LiveState::Unknown, book(OrderStatus::Complete, 10), 10) == LiveState::Filled);
    CHECK(transition(LiveState::Unknown, book(OrderStatus::Open), 10) == LiveState::Open);
    CHECK(transition(LiveState::Unknown, book(OrderStatus::Rejected), 10) == LiveState::Rejected);
}

TEST_CASE("a refusal, a rejection after acknowledgement and a cancellation") {
    CHECK(transition(LiveState::Sent, of(EvidenceKind::Refused), 10) == LiveState::Rejected);
    CHECK(transition(LiveState::Open, book(OrderStatus::Rejected), 10) == LiveState::Rejected);  // RMS
    CHECK(transition(LiveState::TriggerPending, book(OrderStatus::Cancelled), 10) == LiveState::Cancelled);
    // The rest of a partial fill cancelled: cancelled, its filled part kept.
    Progress p{LiveState::PartiallyFilled, 10, 4};
    CHECK(apply(p, book(OrderStatus::Cancelled, 4)) == Applied::Moved);
    CHECK(p.state == LiveState::Cancelled);
    CHECK(p.filled_qty == 4);
}

TEST_CASE("a 429 takes nothing: the order is an intent again") {
    CHECK(transition(LiveState::Sent, of(EvidenceKind::RateLimited), 10) == LiveState::Intent);
}

TEST_CASE("illegal transitions are refused") {
    // Answers to a request that was never sent.
    for (auto k : {EvidenceKind::Accepted, EvidenceKind::Refused, EvidenceKind::RateLimited,
                   EvidenceKind::NoAnswer, EvidenceKind::BookReport})
        CHECK_FALSE(transition(LiveState::Intent,
                               k == EvidenceKind::BookReport ? book(OrderStatus::Open) : of(k), 10));
    // Sending twice.
    for (auto s : vocab::all<LiveState>())
        if (s != LiveState::Intent) CHECK_FALSE(transition(s, of(EvidenceKind::Sent), 10));
    // A request's answer after the book has spoken.
    CHECK_FALSE(transition(LiveState::Open, of(EvidenceKind::Accepted), 10));
    CHECK_FALSE(transition(LiveState::Open, of(EvidenceKind::Refused), 10));
    // Final states never move.
    for (auto s : {LiveState::Filled, LiveState::Rejected, LiveState::Cancelled})
        for (auto st : vocab::all<OrderStatus>())
            CHECK_FALSE(transition(s, book(st, 0), 10));
    // A partly filled order is not rejected, nor reported back to no fills.
    CHECK_FALSE(transition(LiveState::PartiallyFilled, book(OrderStatus::Rejected, 5), 10));
    CHECK_FALSE(transition(LiveState::PartiallyFilled, book(OrderStatus::Open, 0), 10));
    // Words no book uses, and fills beyond the order.
    CHECK_FALSE(transition(LiveState::Open, book(OrderStatus::Pending), 10));
    CHECK_FALSE(transition(LiveState::Open, book(OrderStatus::Unknown), 10));
    CHECK_FALSE(transition(LiveState::Open, book(OrderStatus::Open, 11), 10));
    CHECK_FALSE(transition(LiveState::Open, book(OrderStatus::Open, -1), 10));
    CHECK_FALSE(transition(LiveState::Open, Evidence{EvidenceKind::BookReport, std::nullopt, 0}, 10));
}

TEST_CASE("a refused move leaves the order as it was") {
    Progress p{LiveState::Filled, 10, 10};
    CHECK(apply(p, book(OrderStatus::Open, 3)) == Applied::Refused);
    CHECK(p.state == LiveState::Filled);
    CHECK(p.filled_qty == 10);
}

TEST_CASE("fills only grow and a repeated update is no news") {
    Progress p{LiveState::Open, 100, 0};
    CHECK(apply(p, book(OrderStatus::Open, 30)) == Applied::Moved);
    CHECK(apply(p, book(OrderStatus::Open, 30)) == Applied::Unchanged);  // duplicate order_update
    CHECK(apply(p, book(OrderStatus::Open, 20)) == Applied::Refused);    // an older report
    CHECK(p.filled_qty == 30);
    CHECK(apply(p, book(OrderStatus::Complete, 100)) == Applied::Moved);
    CHECK(p.state == LiveState::Filled);
    CHECK(p.filled_qty == 100);
    CHECK(apply(p, book(OrderStatus::Complete, 100)) == Applied::Refused);  // final
}

TEST_CASE("the status written on ORDER_UPDATE for each state") {
    CHECK(reported_status(LiveState::Intent) == OrderStatus::Pending);
    CHECK(reported_status(LiveState::Sent) == OrderStatus::Pending);
    CHECK(reported_status(LiveState::PartiallyFilled) == OrderStatus::Open);
    CHECK(reported_status(LiveState::TriggerPending) == OrderStatus::TriggerPending);
    CHECK(reported_status(LiveState::Filled) == OrderStatus::Complete);
    CHECK(reported_status(LiveState::Unknown) == OrderStatus::Unknown);
}

TEST_CASE("client order ids are deterministic, per slice, and fit a broker tag") {
    const std::string id = "ORB:NIFTY:1m:1704685740#1";
    const auto a = client_order_id(id, 0);
    REQUIRE(a);
    CHECK(*a == *client_order_id(id, 0));
    // Fixed by FNV-1a's definition, not by this build: the same after a restart or an upgrade.
    CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(*client_order_id("a", 7) == "Saf63dc4c8601ec8c07");
    CHECK(a->size() == kClientIdLength);
    CHECK(a->size() <= 20);
    for (char c : *a)
        CHECK(std::isalnum(static_cast<unsigned char>(c)));
    CHECK(*client_order_id(id, 1) != *a);
    CHECK(*client_order_id("ORB:NIFTY:1m:1704685740#2", 0) != *a);
    CHECK_FALSE(client_order_id(id, -1));
    CHECK_FALSE(client_order_id(id, kMaxSlices));
    CHECK(client_order_id(id, kMaxSlices - 1));
}
