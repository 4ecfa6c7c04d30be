#include "link/core/live_protocol.h"

#include <gtest/gtest.h>

namespace kalam::link {
namespace {

TEST(LiveProtocol, EncodesClientMessages) {
  EXPECT_EQ(EncodeAuthenticateToken("t"), R"({"token":"t","type":"authenticate"})");
  EXPECT_EQ(EncodeSubscribe("s1", "SELECT * FROM a.b", {}), R"({"id":"s1","sql":"SELECT * FROM a.b","type":"subscribe"})");
  SubscribeOptions o;
  o.last_rows = 5;
  o.batch_size = 100;
  EXPECT_EQ(EncodeSubscribe("s", "q", o), R"({"id":"s","options":{"batch_size":100,"last_rows":5},"sql":"q","type":"subscribe"})");
  EXPECT_EQ(EncodeUnsubscribe("s"), R"({"id":"s","type":"unsubscribe"})");
}

TEST(LiveProtocol, DecodesServerFrames) {
  auto ack = DecodeServerFrame(R"({"type":"subscription_ack","id":"s1","live_id":"LQ-1","schema":[{"name":"id","data_type":"BIGINT","index":0}]})");
  EXPECT_EQ(ack.type, ServerFrame::Type::kSubscriptionAck);
  EXPECT_EQ(ack.live_id, "LQ-1");
  ASSERT_EQ(ack.columns.size(), 1u);
  auto change = DecodeServerFrame(R"({"type":"change","id":"s1","change_type":"update","rows":[["1","b"]],"old_rows":[["1","a"]],"seq":"99"})");
  EXPECT_EQ(change.type, ServerFrame::Type::kChange);
  EXPECT_EQ(change.change_type, "update");
  EXPECT_EQ(change.rows[0][1], "b");
  EXPECT_EQ(change.old_rows[0][1], "a");
  EXPECT_EQ(change.seq, "99");
  auto err = DecodeServerFrame(R"({"type":"error","id":"s1","code":"QUERY_CANCELED","sqlstate":"57014","message":"killed"})");
  EXPECT_EQ(err.type, ServerFrame::Type::kError);
  EXPECT_EQ(err.error.code, "QUERY_CANCELED");
  EXPECT_EQ(DecodeServerFrame("garbage").type, ServerFrame::Type::kError);
  EXPECT_EQ(DecodeServerFrame(R"({"type":"future"})").type, ServerFrame::Type::kUnknown);
}

TEST(LiveProtocol, ResumesFromTheLastSeqAndDropsDuplicates) {
  SubscriptionSet set;
  SubscribeOptions o;
  o.last_rows = 20;
  set.Add("s1", "SELECT * FROM a.b", o);
  // Never ready: starts over with its options.
  EXPECT_EQ(set.ResumeMessages()[0], R"({"id":"s1","options":{"last_rows":20},"sql":"SELECT * FROM a.b","type":"subscribe"})");
  ServerFrame ready;
  ready.type = ServerFrame::Type::kReady;
  ready.id = "s1";
  ready.seq = "100";
  EXPECT_TRUE(set.Observe(ready));
  ServerFrame change = ready;
  change.type = ServerFrame::Type::kChange;
  change.seq = "1000";  // longer number: later, not lexically smaller
  EXPECT_TRUE(set.Observe(change));
  EXPECT_EQ(set.LastSeq("s1"), "1000");
  EXPECT_FALSE(set.Observe(change));  // the same change again (replayed): a duplicate
  change.seq = "999";
  EXPECT_FALSE(set.Observe(change));
  // Resumes from the last seq, without initial data.
  EXPECT_EQ(set.ResumeMessages()[0], R"({"id":"s1","options":{"from_seq":"1000"},"sql":"SELECT * FROM a.b","type":"subscribe"})");
  set.Remove("s1");
  EXPECT_TRUE(set.ResumeMessages().empty());
  EXPECT_EQ(CompareSeq("99", "100"), -1);
  EXPECT_EQ(CompareSeq("100", "100"), 0);
}

}  // namespace
}  // namespace kalam::link
