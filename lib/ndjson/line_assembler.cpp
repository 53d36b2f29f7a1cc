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

void LineAssembler::add_line_in_place(std::size_t offset, std::size_t n, LineBatch& out) {
    ++line_no_;
    const char* data = out.bytes.data() + offset;
    if (n > 0 && data[n - 1] == '\r') --n;
    if (blank(data, n)) return;
    out.lines.push_back(LineSpan{offset, n, line_no_, false});
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

void LineAssembler::carry_on(const char* data, std::size_t n) {
    // Kept for the next read, unless the line is already too long.
    if (skipping_) {
        skipped_ += n;
    } else if (carry_.size() + n > max_line_) {
        start_skipping(n);
    } else {
        carry_.append(data, n);
    }
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
            carry_on(data, len);
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

char* LineAssembler::room(LineBatch& out, std::size_t n) {
    // The carried start of a line is put in front of the bytes read once a newline ends it (a
    // line longer than a read is gathered in carry_ meanwhile, so no byte is copied twice);
    // its place is kept now.
    const std::size_t at = out.used + carry_.size();
    const std::size_t need = at + n + padding_;
    if (out.bytes.size() < need) out.bytes.resize(need < 2 * out.bytes.size() ? 2 * out.bytes.size() : need);
    out.padding = padding_;
    return out.bytes.data() + at;
}

bool LineAssembler::settle_bom(LineBatch& out, std::size_t at, std::size_t n, std::size_t& from) {
    static constexpr char kBom[] = "\xEF\xBB\xBF";
    char* base = out.bytes.data();
    from = at - carry_.size();
    std::memcpy(base + from, carry_.data(), carry_.size());
    carry_.clear();
    const std::size_t have = at + n - from;
    const std::size_t k = have < 3 ? have : 3;
    if (std::memcmp(base + from, kBom, k) == 0) {
        if (k < 3) {
            carry_.assign(base + from, have);  // a mark begun, or a line: the next read tells
            return false;
        }
        from += 3;
    }
    bom_left_ = 0;
    return true;
}

void LineAssembler::cut(LineBatch& out, std::size_t n) {
    const std::size_t at = out.used + carry_.size();  // where room() had the bytes read
    const std::size_t end = at + n;
    std::size_t from = at;  // the first byte not cut yet
    if (bom_left_ > 0 && !settle_bom(out, at, n, from)) return;
    while (from < end) {
        const char* base = out.bytes.data();
        const char* nl = static_cast<const char*>(std::memchr(base + from, '\n', end - from));
        if (!nl) {
            carry_on(base + from, end - from);
            return;
        }
        const std::size_t len = static_cast<std::size_t>(nl - base) - from;
        if (!skipping_ && carry_.size() + len > max_line_) start_skipping(0);
        if (skipping_) {
            end_line(nullptr, len, out);  // overlong: no bytes kept
        } else {
            const std::size_t start = from - carry_.size();  // the place room() kept
            if (!carry_.empty()) {
                std::memcpy(out.bytes.data() + start, carry_.data(), carry_.size());
                carry_.clear();
                if (carry_.capacity() > (1u << 20)) carry_.shrink_to_fit();
            }
            add_line_in_place(start, from + len - start, out);
        }
        from += len + 1;
        out.used = from;
    }
}

void LineAssembler::finish(LineBatch& out) {
    if (bom_left_ > 0 && bom_left_ < 3)
        carry_.append("\xEF\xBB\xBF", 3 - bom_left_);  // a stream of half a mark
    bom_left_ = 0;
    if (skipping_ || !carry_.empty()) end_line(nullptr, 0, out);
}

}  // namespace sos::ndjson
