#include "cli/print_text.hpp"

#include "cli/exit_codes.hpp"
#include "ndjson/fd_io.hpp"

namespace sos::cli {

void add_print_defaults(CLI::App& app, bool& flag, const std::string& files) {
    app.add_flag("--print-defaults", flag, "Print the shipped settings (" + files + ") and exit");
}

int print_text(std::initializer_list<std::string_view> texts) {
    for (const auto text : texts) {
        const auto status = ndjson::write_all(1, text.data(), text.size());
        if (status == ndjson::WriteStatus::Error) return kExitIoError;
        if (status == ndjson::WriteStatus::Closed) break;
    }
    return kExitOk;
}

}  // namespace sos::cli
