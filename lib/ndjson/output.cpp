#include "ndjson/output.hpp"

#include "event/encoder.hpp"

namespace sos::ndjson {

void Output::emit(const event::Event& e) {
    std::string_view type = event::type_name(e.env.kind);
    if (!filter_.allows(type)) return;
    event::encode(e, sink_.buffer());
    ++lines_;
    sink_.line_done();
}

}  // namespace sos::ndjson
