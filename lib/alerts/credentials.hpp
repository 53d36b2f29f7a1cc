// Where the Telegram bot's token and chat id come from: the environment (SOS_TELEGRAM_TOKEN,
// SOS_TELEGRAM_CHAT_ID), or a file only its owner can read (--telegram-file) holding the same
// two as NAME=VALUE lines, so one file serves sos-alert and a systemd unit's EnvironmentFile=.
// A file others could read is refused, naming it and its mode. Every refusal names the file or
// the variable and never any part of a value.
#pragma once

#include <string>

#include "brokers/secret.hpp"

namespace sos::alerts {

inline constexpr const char* kTokenVariable = "SOS_TELEGRAM_TOKEN";
inline constexpr const char* kChatVariable = "SOS_TELEGRAM_CHAT_ID";

struct TelegramCredentials {
    brokers::Secret token;
    brokers::Secret chat_id;
};

// From `file` when it is not empty, else from the environment. Throws config::ConfigError.
TelegramCredentials telegram_credentials(const std::string& file);

// What a token and a chat id may hold: a token is Telegram's "123456789:AAE..." (digits, a
// colon, letters, digits, '_' and '-'); a chat id is a number (negative for a group) or a
// channel's "@name". Anything else is a mistake (a quote copied along) caught before it is
// sent, and keeps a token from reaching into the request's path.
bool plausible_token(std::string_view token);
bool plausible_chat_id(std::string_view chat);

}  // namespace sos::alerts
