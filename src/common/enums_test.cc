#include "common/enums.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam {
namespace {

template <class E>
void ExpectRoundTrip() {
  for (const auto& [value, name] : EnumNames<E>::kNames) {
    EXPECT_EQ(ToString(value), name);
    ASSERT_OK_AND_ASSIGN(E parsed, ParseEnum<E>(name));
    EXPECT_EQ(parsed, value);
  }
}

TEST(EnumsTest, RoundTripEveryName) {
  ExpectRoundTrip<TableType>();
  ExpectRoundTrip<Role>();
  ExpectRoundTrip<AccessLevel>();
  ExpectRoundTrip<StorageType>();
  ExpectRoundTrip<JobType>();
  ExpectRoundTrip<JobStatus>();
}

TEST(EnumsTest, ParseIsCaseInsensitiveAndListsChoices) {
  ASSERT_OK_AND_ASSIGN(auto r, ParseEnum<Role>("DBA"));
  EXPECT_EQ(r, Role::kDba);
  auto bad = ParseEnum<AccessLevel>("secret");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message(),
            "invalid access level \"secret\" (expected one of: public, private, restricted)");
}

TEST(EnumsTest, JobPrefixes) {
  EXPECT_EQ(JobIdPrefix(JobType::kFlush), "FL");
  EXPECT_EQ(JobIdPrefix(JobType::kUserExport), "UE");
}

}  // namespace
}  // namespace kalam
