#include "feed/replay/csv_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <unordered_map>

#include "event/validate.hpp"
#include "ndjson/line_reader.hpp"
#include "time/written_time.hpp"

namespace sos::feed {

std::string symbol_from_path(const std::string& path) {
    std::string base = path.substr(path.find_last_of('/') + 1);
    std::size_t cut = base.find_first_of("._- ");
    base = base.substr(0, cut);
    for (auto& c : base)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return base;
}

namespace {

// Reads lines of a byte range of a file.
class RangeReader {
public:
    RangeReader(const std::string& path, std::uint64_t begin, std::uint64_t end, std::uint64_t first_line)
        : fd_(open_file(path)),
          reader_(fd_, path, ndjson::LineReaderOptions{1 << 20, 64, 1 << 20, first_line, true, begin, end}) {}
    ~RangeReader() { ::close(fd_); }
    RangeReader(const RangeReader&) = delete;
    RangeReader& operator=(const RangeReader&) = delete;

    // Next line (empty text for an over-long one); false at the end of the range.
    bool next(ndjson::LineSpan& span, std::string_view& text) {
        while (index_ >= batch_.lines.size()) {
            if (reader_.ended()) return false;
            batch_.clear();
            index_ = 0;
            reader_.read_or_throw(batch_);
        }
        span = batch_.lines[index_++];
        text = span.overlong ? std::string_view{} : batch_.text(span);
        return true;
    }
    std::uint64_t bytes_read() const { return reader_.bytes_read(); }

private:
    static int open_file(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
        return fd;
    }

    int fd_;
    ndjson::LineReader reader_;
    ndjson::LineBatch batch_;
    std::size_t index_ = 0;
};

bool parse_number(std::string_view s, double& out) {
    if (s.empty()) return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size() && std::isfinite(out);
}

class CsvBlockSource : public Source {
public:
    CsvBlockSource(std::string path, CsvLayout layout, CsvOptions opts, const time::Calendar& cal,
                   diag::BadInput& bad, std::uint64_t begin, std::uint64_t end, std::uint64_t first_line)
        : path_(std::move(path)),
          layout_(layout),
          opts_(std::move(opts)),
          cal_(cal),
          bad_(bad),
          reader_(path_, begin, end, first_line),
          begin_(begin),
          end_(end) {
        if (opts_.symbol.empty()) opts_.symbol = symbol_from_path(path_);
        tf_ = opts_.tf;
    }

    std::string_view name() const override { return "replay"; }
    SourceProgress progress() const override { return {reader_.bytes_read(), end_ - begin_}; }
    bool recorded() const override { return true; }

    // A file is always ready.
    Pull next(FeedItem& item) override { return take(item) ? Pull::Ready : Pull::End; }

private:
    bool take(FeedItem& item) {
        item.events.clear();
        item.raw.clear();
        item.origin = path_;
        if (layout_.candles() && !tf_) infer_timeframe();
        if (!ready_.empty()) {
            Row r = std::move(ready_.front());
            ready_.pop_front();
            finish_row(r, item);
            return true;
        }
        Row r;
        while (read_row(r)) {
            if (layout_.candles() && !tf_) {  // still inferring (only on the first rows)
                ready_.push_back(std::move(r));
                continue;
            }
            finish_row(r, item);
            return true;
        }
        return false;
    }

    struct Row {
        event::Event e;
        std::uint64_t line = 0;
        bool has_time = true;
    };

    bool read_row(Row& row) {
        ndjson::LineSpan span;
        std::string_view text;
        // After --strict has stopped the run, nothing more is read (or reported).
        while (!stopped_ && reader_.next(span, text)) {
            if (span.overlong) {
                stopped_ = !bad_.report(path_, span.number, ndjson::overlong_message(span.length));
                continue;
            }
            std::string why;
            if (parse_row(text, row, why)) {
                row.line = span.number;
                return true;
            }
            stopped_ = !bad_.report(path_, span.number, why);
        }
        return false;
    }

    bool parse_row(std::string_view text, Row& row, std::string& why) {
        split_csv(text, layout_.separator, fields_, scratch_);
        if (fields_.size() < layout_.columns) {
            why = "has " + std::to_string(fields_.size()) + " fields, the header has " +
                  std::to_string(layout_.columns);
            return false;
        }
        auto field = [&](int i) { return fields_[static_cast<std::size_t>(i)]; };
        std::optional<time::WrittenTime> when =
            layout_.datetime >= 0
                ? time::parse_written_time(field(layout_.datetime), opts_.zone)
                : time::parse_written_date_and_clock(field(layout_.date), field(layout_.time), opts_.zone);
        if (!when) {
            why = "cannot read the time '" +
                  std::string(layout_.datetime >= 0 ? field(layout_.datetime) : field(layout_.date)) + "'";
            return false;
        }
        row.has_time = when->has_time;
        event::Event& e = row.e;
        e = event::Event{};
        e.env.timestamp = when->t;
        e.env.src = "replay";
        e.env.symbol = layout_.symbol >= 0 ? std::string(field(layout_.symbol)) : opts_.symbol;
        if (e.env.symbol.empty()) {
            why = "empty symbol";
            return false;
        }
        e.env.exchange = layout_.exchange >= 0 ? std::string(field(layout_.exchange)) : opts_.exchange;
        // The spacing of rows is the file's, refused rows included: a refused row must not make
        // a 1m file look like a 2m one.
        if (layout_.candles() && !tf_) spacing_.note(e.env.symbol, when->t, when->has_time, cal_);
        auto number = [&](int col, const char* name, double& out) {
            if (parse_number(field(col), out)) return true;
            why = std::string(name) + " '" + std::string(field(col)) + "' is not a number";
            return false;
        };
        auto optional_number = [&](int col, const char* name, std::optional<double>& out) {
            if (col < 0 || field(col).empty()) return true;
            double v;
            if (!number(col, name, v)) return false;
            out = v;
            return true;
        };
        if (layout_.candles()) {
            e.env.kind = event::Kind::Candle;
            auto& k = e.body.emplace<event::Candle>();
            if (!number(layout_.open, "open", k.o) || !number(layout_.high, "high", k.h) ||
                !number(layout_.low, "low", k.l) || !number(layout_.close, "close", k.c))
                return false;
            // A file without a volume column gives volume 0; a row with its volume left empty
            // is missing a field, as a CANDLE line without "v" is.
            if (layout_.volume >= 0 && field(layout_.volume).empty()) {
                why = "volume is empty";
                return false;
            }
            if (layout_.volume >= 0 && !number(layout_.volume, "volume", k.v)) return false;
            if (!optional_number(layout_.oi, "oi", k.oi)) return false;
            if (layout_.tf >= 0) {
                auto tf = time::parse_timeframe(field(layout_.tf));
                if (!tf) {
                    why = "timeframe '" + std::string(field(layout_.tf)) + "' is not one sos knows";
                    return false;
                }
                k.tf = *tf;
                row_has_tf_ = true;
            }
        } else {
            e.env.kind = event::Kind::Tick;
            auto& t = e.body.emplace<event::Tick>();
            if (!number(layout_.price, "price", t.ltp)) return false;
            if (!optional_number(layout_.volume, "volume", t.volume)) return false;
            if (!optional_number(layout_.oi, "oi", t.oi)) return false;
        }
        // The same checks as a line of the contract gets (prices positive, high not below low,
        // open and close inside the range, nothing negative), so CSV and NDJSON agree.
        if (auto problem = event::validate(e)) {
            why = std::string(event::type_name(e.env.kind)) + ": ";
            if (!problem->field.empty()) why += problem->field + ": ";
            why += problem->reason;
            return false;
        }
        if (!layout_.candles() && layout_.trade_qty >= 0 && !field(layout_.trade_qty).empty()) {
            // Per-trade quantities become the contract's cumulative day volume.
            double q;
            if (!number(layout_.trade_qty, "quantity", q)) return false;
            if (q < 0) {
                why = "quantity '" + std::string(field(layout_.trade_qty)) + "' is negative";
                return false;
            }
            auto& t = *e.as<event::Tick>();
            auto& day = cumulative_[e.env.symbol];
            auto date = cal_.local_date(e.time());
            if (date != day.first) day = {date, 0.0};
            day.second += q;
            if (!t.volume) t.volume = day.second;
        }
        return true;
    }

    // Candle files without a timeframe: the smallest spacing between two bars of one symbol
    // on one day among the first rows; date-only files are daily.
    void infer_timeframe() {
        Row r;
        while (ready_.size() < 400 && read_row(r)) {
            if (row_has_tf_) {
                tf_ = r.e.as<event::Candle>()->tf;
                ready_.push_back(std::move(r));
                return;
            }
            ready_.push_back(std::move(r));
        }
        if (spacing_.dated_only)
            tf_ = time::kDaily;
        else if (spacing_.best >= 60 && spacing_.best % 60 == 0)
            tf_ = time::Timeframe{static_cast<int>(spacing_.best)};
        else
            tf_ = time::kOneMinute;
    }

    // The smallest spacing of two rows of one symbol on one day, while the timeframe is inferred.
    struct Spacing {
        std::unordered_map<std::string, time::Timestamp> last;
        std::int64_t best = 0;
        bool dated_only = false;

        void note(const std::string& symbol, time::Timestamp t, bool has_time, const time::Calendar& cal) {
            if (!has_time) dated_only = true;
            auto it = last.find(symbol);
            if (it != last.end() && cal.local_date(it->second) == cal.local_date(t)) {
                const std::int64_t d = (t.ns - it->second.ns) / time::kNanosPerSecond;
                if (d > 0 && (best == 0 || d < best)) best = d;
            }
            last[symbol] = t;
        }
    };

    void finish_row(Row& r, FeedItem& item) {
        item.line = r.line;
        if (auto* k = r.e.as<event::Candle>()) {
            if (!row_has_tf_) k->tf = *tf_;
            if (k->tf.daily() || !r.has_time) {
                // A daily bar opens with the session.
                auto s = cal_.session(cal_.local_date(r.e.time()));
                r.e.env.timestamp =
                    s ? s->open : cal_.zone().at(cal_.local_date(r.e.time()), 9 * 3600 + 15 * 60);
            } else if (opts_.stamped_at_close) {
                r.e.env.timestamp = r.e.time().plus_seconds(-k->tf.seconds);
            }
        }
        event::Event& slot = item.events.add();
        slot = std::move(r.e);
    }

    std::string path_;
    CsvLayout layout_;
    CsvOptions opts_;
    const time::Calendar& cal_;
    diag::BadInput& bad_;
    RangeReader reader_;
    std::uint64_t begin_, end_;
    std::optional<time::Timeframe> tf_;
    Spacing spacing_;
    bool row_has_tf_ = false;
    bool stopped_ = false;
    std::deque<Row> ready_;
    std::vector<std::string_view> fields_;
    std::string scratch_;
    std::unordered_map<std::string, std::pair<time::Date, double>> cumulative_;
};

struct Block {
    std::uint64_t begin, end, first_line;
};

// Byte ranges of runs of one symbol, when every symbol's rows are contiguous; empty when the
// symbols are interleaved (the file is then read as one time-ordered stream).
std::vector<Block> symbol_blocks(const std::string& path, const CsvLayout& layout, std::uint64_t data_begin,
                                 std::uint64_t size) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    std::vector<char> buf(1 << 20);
    std::string carry;
    std::uint64_t carry_start = data_begin, pos = data_begin, line_no = 1;
    std::vector<Block> blocks;
    std::vector<std::string> seen;
    std::vector<std::string_view> fields;
    std::string scratch, current;
    bool interleaved = false;
    auto on_line = [&](std::string_view line, std::uint64_t start) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) return;
        split_csv(line, layout.separator, fields, scratch);
        std::string_view sym = static_cast<std::size_t>(layout.symbol) < fields.size()
                                   ? fields[static_cast<std::size_t>(layout.symbol)]
                                   : std::string_view{};
        if (!blocks.empty() && sym == current) return;
        if (std::find(seen.begin(), seen.end(), sym) != seen.end()) {
            interleaved = true;
            return;
        }
        seen.emplace_back(sym);
        if (!blocks.empty()) blocks.back().end = start;
        blocks.push_back({start, size, line_no});
        current.assign(sym);
    };
    while (!interleaved && pos < size) {
        ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(pos));
        if (n <= 0) break;
        std::size_t i = 0, len = static_cast<std::size_t>(n);
        while (i < len && !interleaved) {
            const char* nl = static_cast<const char*>(std::memchr(buf.data() + i, '\n', len - i));
            if (!nl) {
                if (carry.empty()) carry_start = pos + i;
                carry.append(buf.data() + i, len - i);
                break;
            }
            std::size_t j = static_cast<std::size_t>(nl - buf.data());
            if (carry.empty()) {
                on_line(std::string_view(buf.data() + i, j - i), pos + i);
            } else {
                carry.append(buf.data() + i, j - i);
                on_line(carry, carry_start);
                carry.clear();
            }
            i = j + 1;
        }
        pos += static_cast<std::uint64_t>(n);
    }
    if (!interleaved && !carry.empty()) on_line(carry, carry_start);
    ::close(fd);
    if (interleaved) return {};
    return blocks;
}

}  // namespace

std::vector<std::unique_ptr<Source>> open_csv(const std::string& path, const CsvOptions& opts,
                                              const time::Calendar& calendar, diag::BadInput& bad) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    ::fstat(fd, &st);
    std::string head(64 << 10, '\0');
    ssize_t n = ::pread(fd, head.data(), head.size(), 0);
    ::close(fd);
    if (n <= 0) throw std::runtime_error(path + ": empty file");
    head.resize(static_cast<std::size_t>(n));
    std::size_t nl = head.find('\n');
    if (nl == std::string::npos && static_cast<std::uint64_t>(n) == static_cast<std::uint64_t>(st.st_size))
        nl = head.size();
    if (nl == std::string::npos) throw std::runtime_error(path + ":1: header line too long");
    std::string error;
    auto layout = read_csv_header(std::string_view(head).substr(0, nl), error);
    if (!layout) throw std::runtime_error(path + ":1: " + error);
    const std::uint64_t data_begin = std::min<std::uint64_t>(nl + 1, static_cast<std::uint64_t>(st.st_size));
    const std::uint64_t size = static_cast<std::uint64_t>(st.st_size);

    std::vector<std::unique_ptr<Source>> out;
    std::vector<Block> blocks;
    if (layout->symbol >= 0) blocks = symbol_blocks(path, *layout, data_begin, size);
    if (blocks.size() <= 1) blocks = {{data_begin, size, 2}};
    for (const auto& b : blocks)
        out.push_back(std::make_unique<CsvBlockSource>(path, *layout, opts, calendar, bad, b.begin, b.end,
                                                       b.first_line));
    return out;
}

}  // namespace sos::feed
