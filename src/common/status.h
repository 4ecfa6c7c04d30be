#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "common/check.h"
#include "common/error_code.h"

namespace kalam {

/// Outcome of an operation: OK (allocates nothing) or an error code with a message and an optional
/// 1-based character position in the SQL text (CONTRACT §2 `position`).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::optional<int> position = std::nullopt);

  static Status OK() { return Status(); }

  bool ok() const { return rep_ == nullptr; }
  ErrorCode code() const { return rep_ ? rep_->code : ErrorCode::kOk; }
  const std::string& message() const;
  std::optional<int> position() const { return rep_ ? rep_->position : std::nullopt; }

  /// Returns a copy with the position set (used when a nested parser reports relative offsets).
  Status WithPosition(std::optional<int> position) const;
  /// "CODE: message", for logs and test failures.
  std::string ToString() const;
  /// Ignoring an error must be explicit and greppable.
  void IgnoreError(std::string_view /*why*/) const {}

 private:
  struct Rep {
    ErrorCode code;
    std::string message;
    std::optional<int> position;
  };
  std::shared_ptr<const Rep> rep_;
};

/// A value or an error, with the std::expected surface (value(), error(), has_value()).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    KALAM_CHECK(!std::get<Status>(v_).ok());
  }

  bool has_value() const { return v_.index() == 0; }
  bool ok() const { return has_value(); }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error; OK when a value is held.
  Status status() const { return has_value() ? Status::OK() : std::get<Status>(v_); }
  const Status& error() const { return std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

namespace internal {
inline Status ToStatus(const Status& s) { return s; }
template <class T>
Status ToStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace kalam

#define KALAM_CONCAT_IMPL(a, b) a##b
#define KALAM_CONCAT(a, b) KALAM_CONCAT_IMPL(a, b)

/// Returns the error of a Status or Result expression from the enclosing function.
#define KALAM_RETURN_IF_ERROR(expr)                                      \
  do {                                                                   \
    ::kalam::Status kalam_status_ = ::kalam::internal::ToStatus((expr)); \
    if (!kalam_status_.ok()) return kalam_status_;                       \
  } while (false)

#define KALAM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.has_value()) return tmp.error();         \
  lhs = std::move(tmp).value()

/// `KALAM_ASSIGN_OR_RETURN(auto x, Get())`: binds the value or returns the error.
#define KALAM_ASSIGN_OR_RETURN(lhs, expr) \
  KALAM_ASSIGN_OR_RETURN_IMPL(KALAM_CONCAT(kalam_result_, __LINE__), lhs, expr)
