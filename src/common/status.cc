#include "common/status.h"

#include <fmt/format.h>

namespace kalam {

Status::Status(ErrorCode code, std::string message, std::optional<int> position) {
  KALAM_CHECK(code != ErrorCode::kOk);
  rep_ = std::make_shared<const Rep>(Rep{code, std::move(message), position});
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

Status Status::WithPosition(std::optional<int> position) const {
  if (ok()) return *this;
  return Status(rep_->code, rep_->message, position);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return fmt::format("{}: {}", WireCode(rep_->code), rep_->message);
}

}  // namespace kalam
