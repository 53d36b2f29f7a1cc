// Exit statuses shared by every sos tool (documented in each man page). The codes above 63
// follow sysexits.h, which shell scripts and cron wrappers already know.
#pragma once

namespace sos::cli {

inline constexpr int kExitOk = 0;           // success; also when the reader downstream went away
inline constexpr int kExitFailure = 1;      // a check or comparison failed (e.g. --check found errors)
inline constexpr int kExitUsage = 64;       // bad command line
inline constexpr int kExitDataError = 65;   // bad input line under --strict
inline constexpr int kExitNoInput = 66;     // an input file or socket could not be opened
inline constexpr int kExitSoftware = 70;    // internal error (a bug: please report it)
inline constexpr int kExitCantCreate = 73;  // an output file could not be created
inline constexpr int kExitIoError = 74;     // reading or writing failed
inline constexpr int kExitTempFail = 75;    // held by another process now: try again once it is gone
inline constexpr int kExitNoPerm = 77;  // refused to trust it: another user's, or open to others (sos-ctl)
inline constexpr int kExitConfig = 78;  // a configuration or calendar file is wrong
// Stopped by SIGINT or SIGTERM after a clean flush: 128 + the signal number (130, 143).

}  // namespace sos::cli
