#include "store/change_log.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace kalam::store {
namespace {

TEST(ChangeLogTest, ABlockKeepsEveryChangeOfItsGroupInOrder) {
  ChangeBlockBuilder block;
  EXPECT_TRUE(block.empty());
  const std::vector<Change> written = {
      {"users.shard-0.app.msgs", std::string("alice\0" "1", 7), 1000, ChangeKind::kInsert, "", "new-1"},
      {"users.shard-0.app.other", "bob", 1003, ChangeKind::kUpdate, "old-2", "new-2"},
      {"users.shard-0.app.msgs", std::string("k\0\xff", 3), 1 + (int64_t{1} << 50), ChangeKind::kDelete,
       "old-3", std::string(300, 'x')},
  };
  for (const Change& c : written) block.Add(c);
  EXPECT_FALSE(block.empty());
  EXPECT_EQ(block.newest_seq(), written.back().seq);
  const std::string bytes = block.Finish();
  EXPECT_TRUE(block.empty());
  // Each family name is stored once per block.
  EXPECT_EQ(bytes.find("users.shard-0.app.msgs"), bytes.rfind("users.shard-0.app.msgs"));

  ASSERT_OK_AND_ASSIGN(auto read, DecodeChanges(written.back().seq, bytes));
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].family, written[i].family);
    EXPECT_EQ(read[i].key, written[i].key);
    EXPECT_EQ(read[i].seq, written[i].seq);
    EXPECT_EQ(read[i].kind, written[i].kind);
    EXPECT_EQ(read[i].old_value, written[i].old_value);
    EXPECT_EQ(read[i].new_value, written[i].new_value);
  }

  // The builder starts over after Finish: a second block does not refer to the first's families.
  block.Add(written[1]);
  ASSERT_OK_AND_ASSIGN(auto second, DecodeChanges(written[1].seq, block.Finish()));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].family, written[1].family);
}

TEST(ChangeLogTest, CorruptOrMisfiledBlocksAreErrors) {
  ChangeBlockBuilder block;
  block.Add(ChangeKind::kInsert, "t", "k", 42, "", "v");
  const std::string bytes = block.Finish();
  EXPECT_ERROR_CODE(DecodeChanges(41, bytes), ErrorCode::kInternal);  // key is not its newest seq
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    SCOPED_TRACE(cut);
    EXPECT_ERROR_CODE(DecodeChanges(42, bytes.substr(0, cut)), ErrorCode::kInternal);
  }
  EXPECT_ERROR_CODE(DecodeChanges(42, bytes + "x"), ErrorCode::kInternal);
  std::string bad_kind = bytes;
  bad_kind[1] = 9;
  EXPECT_ERROR_CODE(DecodeChanges(42, bad_kind), ErrorCode::kInternal);
  std::string bad_ref = bytes;
  bad_ref[2] = 5;  // refers to a family the block never named
  EXPECT_ERROR_CODE(DecodeChanges(42, bad_ref), ErrorCode::kInternal);
}

TEST(ChangeLogTest, SingleChangeEntriesOfEarlierVersionsStillRead) {
  // [kind][4-byte big-endian length + bytes] × (family, key, old, new), key = the change's seq.
  auto field = [](std::string_view s) { return std::string{'\0', '\0', '\0', static_cast<char>(s.size())} + std::string(s); };
  const std::string legacy = std::string(1, '\1') + field("fam") + field("key") + field("old") + field("new");
  ASSERT_OK_AND_ASSIGN(auto read, DecodeChanges(77, legacy));
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].kind, ChangeKind::kUpdate);
  EXPECT_EQ(read[0].family, "fam");
  EXPECT_EQ(read[0].key, "key");
  EXPECT_EQ(read[0].seq, 77);
  EXPECT_EQ(read[0].old_value, "old");
  EXPECT_EQ(read[0].new_value, "new");
  EXPECT_ERROR_CODE(DecodeChanges(77, legacy.substr(0, legacy.size() - 1)), ErrorCode::kInternal);
}

}  // namespace
}  // namespace kalam::store
