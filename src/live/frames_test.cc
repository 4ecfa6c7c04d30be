#include "live/frames.h"

#include <gtest/gtest.h>

namespace kalam::live {
namespace {

std::vector<ColumnInfo> Schema() {
  return {ColumnInfo{"id", DataType::Of(TypeId::kBigInt), {"pk"}}, ColumnInfo{"body", DataType::Of(TypeId::kText), {}},
          ColumnInfo{"_seq", DataType::Of(TypeId::kBigInt), {}}};
}

TEST(FramesTest, RowJsonIsAnArrayInSchemaOrder) {
  EXPECT_EQ(RowJson(Row{int64_t{7}, std::string("hi \"x\""), int64_t{42}}, Schema()), R"(["7","hi \"x\"","42"])");
}

TEST(FramesTest, ARunOfInsertsIsOneFrameWhoseSeqIsTheNewest) {
  ChangeRun run;
  EXPECT_TRUE(run.Accepts(store::ChangeKind::kDelete, 2));  // an empty run takes any kind
  run.Add(store::ChangeKind::kInsert, R"(["1","a","10"])", "", 10);
  EXPECT_FALSE(run.Accepts(store::ChangeKind::kUpdate, 2));
  run.Add(store::ChangeKind::kInsert, R"(["2","b","11"])", "", 11);
  EXPECT_EQ(run.count, 2u);
  EXPECT_FALSE(run.Accepts(store::ChangeKind::kInsert, 2));  // full
  EXPECT_TRUE(run.Accepts(store::ChangeKind::kInsert, 3));
  EXPECT_EQ(ChangeFrame("s1", run),
            R"({"type":"change","id":"s1","change_type":"insert","rows":[["1","a","10"],["2","b","11"]],"seq":"11"})");
}

TEST(FramesTest, UpdatesPairRowsWithOldRowsAndDeletesCarryOnlyOldRows) {
  ChangeRun run;
  run.Add(store::ChangeKind::kUpdate, R"(["1","A","12"])", R"(["1","a","10"])", 12);
  run.Add(store::ChangeKind::kUpdate, R"(["2","B","13"])", R"(["2","b","11"])", 13);
  EXPECT_EQ(ChangeFrame("s1", run),
            R"({"type":"change","id":"s1","change_type":"update","rows":[["1","A","12"],["2","B","13"]],)"
            R"("old_rows":[["1","a","10"],["2","b","11"]],"seq":"13"})");
  run.Clear();
  EXPECT_EQ(run.count, 0u);
  run.Add(store::ChangeKind::kDelete, "", R"(["1","A","12"])", 14);
  EXPECT_EQ(ChangeFrame("s\"2", run),
            R"({"type":"change","id":"s\"2","change_type":"delete","old_rows":[["1","A","12"]],"seq":"14"})");
}

}  // namespace
}  // namespace kalam::live
