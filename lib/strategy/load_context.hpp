// What loading one strategy file shares between its parts: the errors found so far, typed
// reads of JSON values that report a wrong type at their place, the key checks (unknown keys,
// two spellings of one key) and expression compilation into the strategy's program.
// Internal to lib/strategy.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strategy/strategy.hpp"

namespace sos::strategy::detail {

using Json = nlohmann::ordered_json;

class LoadContext {
public:
    LoadContext(std::string_view file, Strategy& s) : file_(file), s_(s) {}

    void error(std::string_view place, std::string_view message);
    std::vector<std::string>& errors() { return errors_; }
    bool failed() const { return !errors_.empty(); }
    Strategy& strategy() { return s_; }

    // Reports every key of `obj` not in `allowed` (with a suggestion for a likely typo).
    void check_keys(const Json& obj, std::string_view place, std::initializer_list<std::string_view> allowed);
    // The value of `key` or its other spelling `alias`; both present is an error. `found`
    // receives the spelling used (for places in messages).
    const Json* get(const Json& obj, std::string_view place, std::string_view key,
                    std::string_view alias = {}, std::string* found = nullptr);

    std::optional<std::string> string(const Json& v, std::string_view place);
    std::optional<double> number(const Json& v, std::string_view place);
    std::optional<int> whole(const Json& v, std::string_view place, int min, int max);
    std::optional<bool> boolean(const Json& v, std::string_view place);
    bool is_array(const Json& v, std::string_view place);
    bool is_object(const Json& v, std::string_view place);

    // Compiles the expression string at `place` into the strategy's program.
    std::optional<Expr> expression(const Json& v, const std::string& place, const expr::Scope& scope);

    expr::Compiler* compiler = nullptr;

private:
    std::string file_;
    Strategy& s_;
    std::vector<std::string> errors_;
};

// params and regime_config/regime_overrides, shared by both kinds.
void load_params(LoadContext& c, const Json& root);
// The options kind's own keys.
void load_options(LoadContext& c, const Json& root);

std::string join_place(std::string_view base, std::string_view key);
std::string index_place(std::string_view base, std::size_t i);

}  // namespace sos::strategy::detail
