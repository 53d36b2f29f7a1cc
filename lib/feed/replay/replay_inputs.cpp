#include "feed/replay/replay_inputs.hpp"

#include "feed/replay/format_sniff.hpp"
#include "feed/replay/ndjson_source.hpp"

namespace sos::feed {

ReplayInputs open_replay_inputs(const std::vector<std::string>& specs, const CsvOptions& csv,
                                const time::Calendar& calendar, diag::BadInput& bad) {
    std::vector<std::unique_ptr<ndjson::Endpoint>> inputs;
    const auto named = specs.empty() ? std::vector<std::string>{"-"} : specs;
    for (const auto& spec : named)
        inputs.push_back(ndjson::open_input(spec));
    ReplayInputs out;
    // A file named on the command line is judged a little ahead (a row stamped far ahead is
    // refused alone); standard input, a pipe or a socket is a stream and is not held back.
    if (inputs.size() == 1 && sniff_format(*inputs[0]) == RecordFormat::Ndjson) {
        out.recorded_file = named[0] != "-" && inputs[0]->regular_file();
        out.stream = std::move(inputs[0]);
        return out;
    }
    for (auto& input : inputs) {
        if (sniff_format(*input) == RecordFormat::Csv) {
            for (auto& s : open_csv(input->name(), csv, calendar, bad))
                out.sources.push_back(std::move(s));
        } else {
            out.sources.push_back(std::make_unique<NdjsonSource>(std::move(input), bad));
        }
    }
    return out;
}

}  // namespace sos::feed
