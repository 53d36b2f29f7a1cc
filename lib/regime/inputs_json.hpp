// Writing a model's `inputs` object: figures rounded to what a reader compares, so the line
// stays short and identical wherever it is computed.
#pragma once

#include <cmath>
#include <string>

#include "event/json_writer.hpp"

namespace sos::regime {

inline double round_to(double x, double scale) {
    return std::round(x * scale) / scale;
}

// Opens the object on construction; close() ends it. Keys are written in call order.
class InputsJson {
public:
    explicit InputsJson(std::string& out) : out_(out), w_(out) {}
    event::JsonWriter& w() { return w_; }
    void close() { out_.push_back('}'); }

private:
    std::string& out_;
    event::JsonWriter w_;
};

}  // namespace sos::regime
