// The one place where how a stage stopped becomes the tool's documented exit status.
#pragma once

#include "cli/exit_codes.hpp"
#include "pipeline/stage_outcome.hpp"

namespace sos::cli {

inline int exit_status(const pipeline::StageOutcome& outcome) {
    switch (outcome.reason) {
        case pipeline::StopReason::EndOfInput:
        case pipeline::StopReason::DownstreamClosed:
            return kExitOk;
        case pipeline::StopReason::BadInput:
            return kExitDataError;
        case pipeline::StopReason::Signal:
            return 128 + outcome.signal;
        case pipeline::StopReason::ReadFailed:
        case pipeline::StopReason::WriteFailed:
            return kExitIoError;
        case pipeline::StopReason::InternalError:
            return kExitSoftware;
    }
    return kExitSoftware;
}

// A run whose stream ended well can still fail afterwards (a journal's last commit, a state
// file): the first failure is the status.
inline int first_failure(int status, int later) {
    return status != kExitOk ? status : later;
}

}  // namespace sos::cli
