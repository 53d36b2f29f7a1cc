#include "ndjson/line_assembler.hpp"

#include <cstring>

namespace sos::ndjson {

namespace {
bool blank(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (p[i] != ' ' && p[i] != '\t') return false;
    return true;
}
}  // namespace

void LineAssembler::add_line(const char* data, std::size_t n, LineBatch& out) {
    ++line_no_;
    if (n > 0 && data[n - 1] == '\r') --n;
    if (blank(data, n)) return;
    out.padding = padding_;
    std::size_t need = out.used + n + 1 + padding_;
    if (out.bytes.size() < need) out.bytes.resize(need < 2 * out.bytes.size() ? 2 * out.bytes.size() : need);
    std::memcpy(out.bytes.data() + out.used, data, n);
    out.lines.push_back(LineSpan{out.used, n, line_no_, false});
    out.used += n;
    out.bytes[out.used++] = '\n';
}

void LineAssembler::end_line(const char* tail, std::size_t n, LineBatch& out) {
    if (skipping_) {
        ++line_no_;
        out.lines.push_back(LineSpan{out.used, skipped_ + n, line_no_, true});
        skipping_ = false;
        skipped_ = 0;
        return;
    }
    if (carry_.empty()) {
        add_line(tail, n, out);
        return;
    }
    carry_.append(tail, n);
    add_line(carry_.data(), carry_.size(), out);
    carry_.clear();
    if (carry_.capacity() > (1u << 20)) carry_.shrink_to_fit();  // a long line passed; give memory back
}

void LineAssembler::start_skipping(std::size_t extra) {
    skipping_ = true;
    skipped_ = carry_.size() + extra;
    carry_.clear();
    carry_.shrink_to_fit();
}

std::size_t LineAssembler::skip_bom(const char* data, std::size_t n) {
    static constexpr char kBom[] = "\xEF\xBB\xBF";
    std::size_t taken = 0;
    while (bom_left_ > 0 && taken < n) {
        const std::size_t at = 3 - bom_left_;
        if (data[taken] != kBom[at]) {
            // Not a mark after all: the bytes taken for one belong to the first line.
            carry_.append(kBom, at);
            bom_left_ = 0;
            return taken;
        }
        ++taken;
        --bom_left_;
    }
    return taken;
}

void LineAssembler::feed(const char* data, std::size_t n, LineBatch& out) {
    if (bom_left_ > 0) {
        const std::size_t taken = skip_bom(data, n);
        data += taken;
        n -= taken;
    }
    while (n > 0) {
        const char* nl = static_cast<const char*>(std::memchr(data, '\n', n));
        std::size_t len = nl ? static_cast<std::size_t>(nl - data) : n;
        if (!nl) {
            // Partial line: keep it for the next read, unless it is already too long.
            if (skipping_) {
                skipped_ += len;
            } else if (carry_.size() + len > max_line_) {
                start_skipping(len);
            } else {
                carry_.append(data, len);
            }
            return;
        }
        if (!skipping_ && carry_.size() + len > max_line_) {
            start_skipping(0);
        }
        end_line(data, len, out);
        data = nl + 1;
        n -= len + 1;
    }
}

void LineAssembler::finish(LineBatch& out) {
    if (bom_left_ > 0 && bom_left_ < 3)
        carry_.append("\xEF\xBB\xBF", 3 - bom_left_);  // a stream of half a mark
    bom_left_ = 0;
    if (skipping_ || !carry_.empty()) end_line(nullptr, 0, out);
}

}  // namespace sos::ndjson
