// The engine's symbol lookup: every symbol inserted is found, through growth and collisions,
// and nothing else is.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "strategy/symbol_index.hpp"

TEST_CASE("the symbol index finds every symbol it holds and nothing else") {
    sos::strategy::SymbolIndex<int> index;
    CHECK(index.find("NIFTY") == nullptr);
    std::vector<int> values(5000);
    std::vector<std::string> names;
    for (int i = 0; i < 5000; ++i) {
        // Short and long names, names that differ only in their ninth byte or in length.
        names.push_back(i % 3 == 0   ? "S" + std::to_string(i)
                        : i % 3 == 1 ? "NIFTY24NOV" + std::to_string(i) + "CE"
                                     : "BANKNIFTY" + std::string(static_cast<std::size_t>(i % 17), 'X') +
                                           std::to_string(i));
        values[static_cast<std::size_t>(i)] = i;
        index.insert(names.back(), &values[static_cast<std::size_t>(i)]);
    }
    REQUIRE(index.size() == 5000);
    for (int i = 0; i < 5000; ++i) {
        const int* v = index.find(names[static_cast<std::size_t>(i)]);
        REQUIRE(v != nullptr);
        CHECK(*v == i);
    }
    CHECK(index.find("") == nullptr);
    CHECK(index.find("S") == nullptr);
    CHECK(index.find("S0 ") == nullptr);
    CHECK(index.find("NIFTY24NOV1C") == nullptr);
    CHECK(index.find(std::string("S1\0", 3)) == nullptr);
}

TEST_CASE("symbol comparison sees a difference in any byte of a name of any length") {
    using Index = sos::strategy::SymbolIndex<int>;
    for (std::size_t n = 0; n <= 20; ++n) {
        const std::string a = std::string("NIFTY24NOV24000CE-XYZ").substr(0, n);
        CHECK(Index::same(a, a));
        CHECK(Index::hash(a) == Index::hash(std::string(a)));
        for (std::size_t i = 0; i < n; ++i) {
            std::string b = a;
            b[i] = static_cast<char>(b[i] ^ 0x20);
            INFO(n << " " << i);
            CHECK_FALSE(Index::same(a, b));
            CHECK(Index::hash(a) != Index::hash(b));
        }
        CHECK_FALSE(Index::same(a, a + "A"));
    }
}
