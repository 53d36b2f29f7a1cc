// A secret (an OpenAlgo API key) that cannot reach an output by accident: no conversion to a
// string, no operator<<, no fmt formatter, no JSON serialisation. The one place that puts it
// on the wire calls reveal(); a dry run shows masked(). The bytes are wiped when it dies.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <iosfwd>
#include <string>
#include <string_view>

namespace sos::brokers {

class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : value_(std::move(value)) {}
    Secret(const Secret&) = default;
    Secret(Secret&& other) noexcept;
    Secret& operator=(const Secret& other);
    Secret& operator=(Secret&& other) noexcept;
    ~Secret();

    // The key itself, for the request that carries it and for nothing else.
    std::string_view reveal() const { return value_; }
    // What a dry run or a diagnostic shows in its place.
    static constexpr std::string_view masked() { return "***"; }
    bool empty() const { return value_.empty(); }
    // Replaces every occurrence of the key in `text` by masked(): for words from elsewhere that
    // may carry it back (a server's error message echoing what it was sent).
    void mask_in(std::string& text) const;
    // Compares in time independent of where the first difference is.
    bool matches(std::string_view candidate) const;

private:
    void wipe() noexcept;

    std::string value_;
};

// Deleted so that `out << secret` and `json j = secret` fail to compile instead of finding a
// conversion; fmt has no formatter for Secret, so fmt::format("{}", secret) fails as well.
std::ostream& operator<<(std::ostream&, const Secret&) = delete;
void to_json(nlohmann::json&, const Secret&) = delete;

}  // namespace sos::brokers
