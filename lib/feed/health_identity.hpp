// A live source's own HEALTH line names the process as every tool's does (pipeline/health.hpp):
// host, start time and version beside the contract's tool and pid.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/health.hpp"

namespace sos::feed {

inline void add_identity(nlohmann::json& extra) {
    const auto id = pipeline::this_process("sos-feed");
    extra["host"] = id.host;
    extra["started"] = id.started.seconds();
    extra["version"] = id.version;
}

}  // namespace sos::feed
