//===- Status.h - Error reporting for the calibration library ---*- C++ -*-===//
//
// The calibration library is built with -fno-exceptions (LLVM flags) and has
// no LLVM dependency, so it reports errors with these two small value types
// instead of exceptions or llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_CALIBRATION_STATUS_H
#define AUTOQUANT_CALIBRATION_STATUS_H

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace autoquant::calib {

/// Success, or failure with a message meant for the user (it names the
/// problem, e.g. "3 NaN and 1 Inf values among 1000 observed").
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status status;
    status.failed = true;
    status.message = std::move(message);
    return status;
  }

  bool ok() const { return !failed; }
  explicit operator bool() const { return ok(); }
  /// The error message; empty on success.
  const std::string &getMessage() const { return message; }

private:
  Status() = default;
  bool failed = false;
  std::string message;
};

/// A value of type T, or an error message.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : value(std::move(value)) {}
  Result(Status status) : status(std::move(status)) {
    assert(!this->status.ok() && "a Result built from a Status must fail");
  }
  static Result error(std::string message) {
    return Result(Status::error(std::move(message)));
  }

  bool ok() const { return value.has_value(); }
  explicit operator bool() const { return ok(); }

  const T &operator*() const {
    assert(ok() && "dereferencing a failed Result");
    return *value;
  }
  T &operator*() {
    assert(ok() && "dereferencing a failed Result");
    return *value;
  }
  const T *operator->() const { return &**this; }
  T *operator->() { return &**this; }

  /// The error message; empty on success.
  const std::string &getMessage() const { return status.getMessage(); }
  /// The status of this result, to forward a failure.
  const Status &getStatus() const { return status; }

private:
  std::optional<T> value;
  Status status = Status::success();
};

} // namespace autoquant::calib

#endif // AUTOQUANT_CALIBRATION_STATUS_H
