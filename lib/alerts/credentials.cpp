#include "alerts/credentials.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "config/json_config.hpp"
#include "files/private_file.hpp"

namespace sos::alerts {

using config::ConfigError;

namespace {

constexpr std::size_t kMaxFile = 4096;

std::string_view trim(std::string_view s) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && blank(s.back()))
        s.remove_suffix(1);
    return s;
}

// A value as a shell or systemd would have it: one pair of surrounding quotes taken off.
std::string_view unquoted(std::string_view v) {
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        return v.substr(1, v.size() - 2);
    return v;
}

void check(const TelegramCredentials& c, const std::string& where_token, const std::string& where_chat) {
    if (!plausible_token(c.token.reveal()))
        throw ConfigError(
            fmt::format("{}: not a bot token (digits, ':', then letters, digits, '_' or '-')", where_token));
    if (!plausible_chat_id(c.chat_id.reveal()))
        throw ConfigError(fmt::format("{}: not a chat id (a number, or @channelname)", where_chat));
}

TelegramCredentials from_environment() {
    TelegramCredentials c;
    for (const char* name : {kTokenVariable, kChatVariable}) {
        const char* value = std::getenv(name);
        if (value == nullptr || *value == '\0')
            throw ConfigError(
                fmt::format("--telegram: the environment variable {} is {} (or give --telegram-file)", name,
                            value == nullptr ? "not set" : "empty"));
        (std::string_view(name) == kTokenVariable ? c.token : c.chat_id) =
            brokers::Secret(std::string(trim(value)));
    }
    check(c, fmt::format("the environment variable {}", kTokenVariable),
          fmt::format("the environment variable {}", kChatVariable));
    return c;
}

TelegramCredentials from_file(const std::string& path) {
    files::PrivateFile f = files::read_private(path, kMaxFile);
    if (f.problem == files::PrivateFileProblem::TooLong)
        throw ConfigError(fmt::format("--telegram-file {}: too long to hold a token and a chat id", path));
    if (!f.ok()) throw ConfigError("--telegram-file " + f.error);
    TelegramCredentials c;
    std::string_view rest = f.text;
    int line_no = 0;
    std::string problem;
    while (!rest.empty() && problem.empty()) {
        const auto nl = rest.find('\n');
        const std::string_view line = trim(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        const auto eq = line.find('=');
        const std::string_view name = trim(line.substr(0, eq == std::string_view::npos ? 0 : eq));
        const std::string_view value = unquoted(trim(line.substr(eq == std::string_view::npos ? 0 : eq + 1)));
        if (eq == std::string_view::npos || (name != kTokenVariable && name != kChatVariable))
            problem = fmt::format("--telegram-file {}: line {}: expected {}=... or {}=...", path, line_no,
                                  kTokenVariable, kChatVariable);
        else
            (name == kTokenVariable ? c.token : c.chat_id) = brokers::Secret(std::string(value));
    }
    files::wipe(f.text);
    if (!problem.empty()) throw ConfigError(problem);
    for (const auto* missing :
         {c.token.empty() ? kTokenVariable : nullptr, c.chat_id.empty() ? kChatVariable : nullptr})
        if (missing) throw ConfigError(fmt::format("--telegram-file {}: no {}=... line", path, missing));
    check(c, fmt::format("--telegram-file {}: {}", path, kTokenVariable),
          fmt::format("--telegram-file {}: {}", path, kChatVariable));
    return c;
}

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

bool plausible_token(std::string_view token) {
    const auto colon = token.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon + 1 == token.size() || token.size() > 256)
        return false;
    for (std::size_t i = 0; i < colon; ++i)
        if (token[i] < '0' || token[i] > '9') return false;
    for (std::size_t i = colon + 1; i < token.size(); ++i)
        if (!word_char(token[i])) return false;
    return true;
}

bool plausible_chat_id(std::string_view chat) {
    if (chat.empty() || chat.size() > 128) return false;
    if (chat.front() == '@') {
        for (char c : chat.substr(1))
            if (!word_char(c) || c == '-') return false;
        return chat.size() > 1;
    }
    const std::string_view digits = chat.front() == '-' ? chat.substr(1) : chat;
    if (digits.empty()) return false;
    for (char c : digits)
        if (c < '0' || c > '9') return false;
    return true;
}

TelegramCredentials telegram_credentials(const std::string& file) {
    return file.empty() ? from_environment() : from_file(file);
}

}  // namespace sos::alerts
