#include <stdexcept>

#include "cli/exit_codes.hpp"
#include "commands.hpp"
#include "diag/log.hpp"
#include "journal/runs.hpp"
#include "journal/sqlite.hpp"
#include "ndjson/fd_io.hpp"

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

int print_from_journal(const std::string& db, const std::function<std::string()>& compose) {
    try {
        const std::string text = compose();
        if (ndjson::write_all(1, text.data(), text.size()) == ndjson::WriteStatus::Error)
            return cli::kExitIoError;
    } catch (...) {
        return reading_error(db);
    }
    return cli::kExitOk;
}

}  // namespace sos::tools::journal
