#include "control/answer.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace sos::control {

std::string answer_text(const Answer& a) {
    nlohmann::json j;
    j["ok"] = a.ok;
    if (!a.command.empty()) j["command"] = a.command;
    if (!a.ok) j["reason"] = a.reason;
    if (!a.detail.empty()) j["detail"] = a.detail;
    std::string out = j.dump();
    if (!a.fields.empty()) {  // members the tool wrote as JSON text already
        out.pop_back();
        out += ',' + a.fields + '}';
    }
    return out;
}

Answer parse_answer(std::string_view text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ok") || !j["ok"].is_boolean())
        throw std::runtime_error("not a control answer: " + std::string(text.substr(0, 200)));
    Answer a;
    a.ok = j["ok"].get<bool>();
    auto text_of = [&](const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    a.command = text_of("command");
    a.reason = text_of("reason");
    a.detail = text_of("detail");
    a.text = std::string(text);
    return a;
}

}  // namespace sos::control
