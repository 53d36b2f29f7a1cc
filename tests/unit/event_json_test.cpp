#include <catch2/catch.hpp>

#include <simdjson.h>

#include <string>
#include <vector>

#include "event/json_fields.hpp"
#include "event/json_nesting.hpp"

using namespace sos::event;
namespace od = simdjson::ondemand;

TEST_CASE("first_too_deep points at the bracket that opens one level too many, skipping strings") {
    CHECK(json::first_too_deep(R"({"a":[1,{"b":2}]})", 3) == 17);  // not deeper: the text's size
    CHECK(json::first_too_deep(R"({"a":[1,{"b":2}]})", 2) == 8);
    CHECK(json::first_too_deep(R"({"a":"[[[[\"[[["})", 1) == 17);  // brackets inside a string
    CHECK(json::nested_deeper_than(std::string(100, '['), 64));
    CHECK_FALSE(json::nested_deeper_than(std::string(64, '['), 64));
}

namespace {
struct Read {
    bool ok = false;
    json::Refusal refusal;
    std::vector<std::string> keys;
    std::size_t fields = 0;
};

// Reads {"name": string, "rows": [numbers]} and leaves every other field to the walk.
Read read(std::string text) {
    Read r;
    simdjson::padded_string padded(text);
    od::parser parser;
    od::document doc;
    od::value top;
    if (parser.iterate(padded).get(doc) || doc.get_value().get(top)) return r;
    r.ok = json::each_field(
        top, "", r.refusal,
        [&](std::string_view key, od::value& v) {
            r.keys.emplace_back(key);
            if (key == "name") {
                std::string s;
                return json::read_string(v, s) ? json::kUsed
                                               : r.refusal.refuse(json::field_path("", key), "not a string");
            }
            if (key != "rows") return json::kNotRead;
            return json::each_element(v, "rows", r.refusal,
                                      [&](std::size_t i, od::value& e) {
                                          double d;
                                          return json::read_number(e, d) ||
                                                 r.refusal.fail(json::element_path("rows", i),
                                                                "not a number");
                                      })
                       ? json::kUsed
                       : json::kRefused;
        },
        &r.fields);
    return r;
}
}  // namespace

TEST_CASE("each_field and each_element visit every field and name the place of a refusal") {
    auto good = read(R"({"name":"x","rows":[1,2],"other":{"deep":[true]}})");
    CHECK(good.ok);
    CHECK(good.fields == 3);
    CHECK(good.keys == std::vector<std::string>{"name", "rows", "other"});

    auto bad_row = read(R"({"rows":[1,"two"]})");
    CHECK_FALSE(bad_row.ok);
    CHECK(bad_row.refusal.where == "rows[1]");
    CHECK(bad_row.refusal.why == "not a number");

    auto not_array = read(R"({"rows":{}})");
    CHECK_FALSE(not_array.ok);
    CHECK(not_array.refusal.where == "rows");
    CHECK(not_array.refusal.why == "not an array");

    auto not_object = read(R"([1])");
    CHECK_FALSE(not_object.ok);
    CHECK(not_object.refusal.why == "not an object");
}

TEST_CASE("a field no reader reads is still checked to be well-formed") {
    auto r = read(R"({"other":[1,tru],"name":"x"})");
    CHECK_FALSE(r.ok);
    CHECK(r.refusal.where == "other");
    CHECK(r.refusal.why == "malformed value");
}
