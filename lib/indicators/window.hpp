// The last n values of a series in a ring allocated once: the memory of a windowed indicator
// is fixed when its tracker is made, however long the run.
#pragma once

#include <cstddef>
#include <vector>

namespace sos::indicators {

template <class T>
class Ring {
public:
    explicit Ring(std::size_t capacity) : buf_(capacity ? capacity : 1) {}

    std::size_t size() const { return count_; }
    std::size_t capacity() const { return buf_.size(); }
    bool full() const { return count_ == buf_.size(); }
    bool empty() const { return count_ == 0; }
    // Oldest first.
    T& front() { return buf_[head_]; }
    const T& front() const { return buf_[head_]; }
    T& back() { return buf_[wrap(head_ + count_ - 1)]; }
    const T& back() const { return buf_[wrap(head_ + count_ - 1)]; }
    const T& operator[](std::size_t i) const { return buf_[wrap(head_ + i)]; }

    // Appends, dropping the oldest when full.
    void push_back(const T& v) {
        if (full()) pop_front();
        buf_[wrap(head_ + count_)] = v;
        ++count_;
    }
    void pop_front() {
        if (++head_ == buf_.size()) head_ = 0;
        --count_;
    }
    void pop_back() { --count_; }
    void clear() { head_ = count_ = 0; }

private:
    // Indices stay below twice the capacity, so a compare replaces a division on every access.
    std::size_t wrap(std::size_t i) const { return i >= buf_.size() ? i - buf_.size() : i; }

    std::vector<T> buf_;
    std::size_t head_ = 0;
    std::size_t count_ = 0;
};

// A running sum with Neumaier's compensation: adding and removing values for millions of
// candles keeps the error at the last digit instead of letting it drift.
class RunningSum {
public:
    void add(double x) {
        const double t = sum_ + x;
        if ((sum_ >= 0 ? sum_ : -sum_) >= (x >= 0 ? x : -x))
            comp_ += (sum_ - t) + x;
        else
            comp_ += (x - t) + sum_;
        sum_ = t;
    }
    double value() const { return sum_ + comp_; }
    void reset() { sum_ = comp_ = 0; }
    double raw_sum() const { return sum_; }
    double raw_comp() const { return comp_; }
    void restore(double sum, double comp) {
        sum_ = sum;
        comp_ = comp;
    }

private:
    double sum_ = 0;
    double comp_ = 0;
};

}  // namespace sos::indicators
