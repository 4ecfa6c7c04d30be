#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "common/status.h"

#define ASSERT_OK(expr)                                                   \
  do {                                                                    \
    ::kalam::Status kalam_s_ = ::kalam::internal::ToStatus((expr));       \
    ASSERT_TRUE(kalam_s_.ok()) << kalam_s_.ToString();                    \
  } while (false)

#define EXPECT_OK(expr)                                                   \
  do {                                                                    \
    ::kalam::Status kalam_s_ = ::kalam::internal::ToStatus((expr));       \
    EXPECT_TRUE(kalam_s_.ok()) << kalam_s_.ToString();                    \
  } while (false)

#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)           \
  auto tmp = (expr);                                        \
  ASSERT_TRUE(tmp.has_value()) << tmp.status().ToString();  \
  lhs = std::move(tmp).value()

#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(KALAM_CONCAT(kalam_r_, __LINE__), lhs, expr)

#define EXPECT_ERROR_CODE(expr, expected_code)                            \
  do {                                                                    \
    ::kalam::Status kalam_s_ = ::kalam::internal::ToStatus((expr));       \
    EXPECT_EQ(kalam_s_.code(), (expected_code)) << kalam_s_.ToString();   \
  } while (false)

namespace kalam::testing {

/// A fresh directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kalam::testing
