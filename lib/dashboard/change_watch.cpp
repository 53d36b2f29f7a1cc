#include "dashboard/change_watch.hpp"

#include "journal/schema.hpp"

namespace sos::dashboard {

bool ChangeWatch::changed() {
    try {
        if (!db_) {
            db_.emplace(journal::open_journal(path_, journal::Access::Read));
            version_ = db_->query_int("PRAGMA data_version");
            ++changes_;
            return true;
        }
        const std::int64_t v = db_->query_int("PRAGMA data_version");
        if (v == version_) return false;
        version_ = v;
        ++changes_;
        return true;
    } catch (const journal::JournalError&) {
        db_.reset();
        return false;
    }
}

}  // namespace sos::dashboard
