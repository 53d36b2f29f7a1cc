// A plain command hook, for users who page some other way: for each notice, `/bin/sh -c
// COMMAND` runs with the notice's line (and a newline) on its standard input.
//
// The command's standard output goes to sos-alert's standard error (its standard output is the
// stream), its standard input is the line alone, it starts in a process group of its own with
// default signal handling, and it inherits no descriptor of sos-alert's but those three and no
// variable naming a Telegram secret. It has --timeout to finish; a command still running then
// is killed (its whole group) and the notice counted failed.
//
// Exit status 0: delivered. 75 (EX_TEMPFAIL, sendmail's convention for "try again later"): tried
// again with back-off. Anything else, or killed: refused, not run again for this notice.
#pragma once

#include <chrono>
#include <string>

#include "alerts/transport.hpp"

namespace sos::alerts {

inline constexpr int kTryAgainStatus = 75;

struct CommandOptions {
    std::string command;
    std::chrono::milliseconds timeout{10000};
};

class CommandTransport : public Transport {
public:
    explicit CommandTransport(CommandOptions options) : options_(std::move(options)) {}
    std::string_view name() const override { return "command"; }
    Delivery deliver(const Notice& notice, int stop_fd) override;

private:
    CommandOptions options_;
};

}  // namespace sos::alerts
