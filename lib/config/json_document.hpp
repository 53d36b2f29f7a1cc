// A JSON document a person wrote (a settings file, a strategy), parsed so that whatever is
// wrong with it is said in the file's terms: a syntax error or an out-of-range number by line
// and column with the line quoted and a caret under the place; nesting deeper than
// kMaxJsonDepth refused at its place (the merge and comment-stripping that follow recurse once
// per level, and a 60,000-level file overflowed the stack); a key given twice in one object
// named with its path ("phases[1]: the key 'id' is given twice in one object"), because JSON
// readers disagree on which of the two counts and a setting read the other way than written is
// worse than a refusal.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sos::config {

// Settings and strategies nest four or five levels; 64 leaves room for any hand-written file.
inline constexpr int kMaxJsonDepth = 64;

template <class Json>
struct JsonDocument {
    Json value;  // null when the text could not be parsed
    // What is wrong, each a message without the file name ("not valid JSON: line 3, column 14:
    // ...", "PLACE: line 2, column 9: the number 1e400 is out of range", "PLACE: the key 'x' is
    // given twice in one object"), with the offending line and a caret under the place on
    // further lines where there is one.
    // Duplicate keys do not stop the parse, so several may be listed; the others stop it.
    std::vector<std::string> problems;

    bool ok() const { return problems.empty(); }
};

template <class Json>
JsonDocument<Json> parse_document(std::string_view text);

extern template JsonDocument<nlohmann::json> parse_document<nlohmann::json>(std::string_view);
extern template JsonDocument<nlohmann::ordered_json> parse_document<nlohmann::ordered_json>(std::string_view);

// "line 3, column 14" of a byte offset, and the line quoted with a caret under that column
// (long lines cut around it, control bytes shown as '?'), for messages about any text file.
std::string text_position(std::string_view text, std::size_t offset);
std::string text_excerpt(std::string_view text, std::size_t offset);

}  // namespace sos::config
