// The dashboard's token: what a request that changes state must carry. From --token-file (a file
// only its owner can read: lib/files' rule for secrets), else from SOS_DASHBOARD_TOKEN, else a new
// random one written to an owner-only file under $XDG_RUNTIME_DIR (or /tmp/sos-$UID), whose path
// is logged so the operator can read it. The token itself is never printed, logged or journaled.
#pragma once

#include <string>

#include "brokers/secret.hpp"

namespace sos::dashboard {

inline constexpr const char* kTokenEnv = "SOS_DASHBOARD_TOKEN";

struct Token {
    brokers::Secret secret;
    std::string
        origin;  // where it came from, for the log: "--token-file P", "SOS_DASHBOARD_TOKEN", "new in P"
};

// Throws config::ConfigError (a bad token file, an empty variable) or std::runtime_error (the new
// token's file cannot be written).
Token load_token(const std::string& token_file);

// A new token: 32 random bytes (getrandom) as 64 hexadecimal digits.
brokers::Secret random_token();

// Where a new token is written: $XDG_RUNTIME_DIR/sos-dashboard.token, else
// /tmp/sos-<uid>/sos-dashboard.token (the folder created owner-only).
std::string default_token_path();

}  // namespace sos::dashboard
