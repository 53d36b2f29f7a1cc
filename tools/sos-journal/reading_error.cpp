#include <stdexcept>

#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "diag/log.hpp"
#include "journal/runs.hpp"
#include "journal/sqlite.hpp"

namespace sos::tools::journal {

int reading_error(const std::string& db) {
    try {
        throw;
    } catch (const sos::journal::JournalOpenError& e) {
        diag::error("{}", e.what());
        return cli::kExitNoInput;
    } catch (const sos::journal::RunNotFound& e) {
        diag::error("{}", e.what());
        return cli::kExitNoInput;
    } catch (const sos::journal::JournalError& e) {
        diag::error("{}: {}", db, e.what());
        return cli::kExitIoError;
    } catch (const std::invalid_argument& e) {
        diag::error("{}", e.what());
        return cli::kExitUsage;
    }
}

}  // namespace sos::tools::journal
