#pragma once

#include <compare>
#include <functional>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace kalam {

/// A value of a distinct type: explicit in, .value() out, no implicit conversion.
template <class Tag, class Rep>
class StrongId {
 public:
  using RepType = Rep;
  explicit StrongId(Rep v) : v_(std::move(v)) {}
  const Rep& value() const { return v_; }
  auto operator<=>(const StrongId&) const = default;

 private:
  Rep v_;
};

}  // namespace kalam

template <class Tag, class Rep>
struct std::hash<kalam::StrongId<Tag, Rep>> {
  size_t operator()(const kalam::StrongId<Tag, Rep>& id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};

template <class Tag, class Rep>
struct fmt::formatter<kalam::StrongId<Tag, Rep>> : fmt::formatter<Rep> {
  template <class Ctx>
  auto format(const kalam::StrongId<Tag, Rep>& id, Ctx& ctx) const {
    return fmt::formatter<Rep>::format(id.value(), ctx);
  }
};
