#include "serde/serde.h"

#include <gtest/gtest.h>

#include "common/enums.h"
#include "testing/test_util.h"

namespace kalam::serde {
namespace {

struct Sample {
  std::string name;
  int64_t created_at = 0;
  bool active = false;
  Role role = Role::kUser;
  std::optional<std::string> email;

  void Serialize(Writer& w) const {
    w.WriteString("name", name);
    w.WriteInt("created_at", created_at);
    w.WriteBool("active", active);
    w.WriteEnum("role", role);
    w.WriteOptionalString("email", email);
  }
  static Result<Sample> Deserialize(const Reader& r) {
    Sample s;
    KALAM_ASSIGN_OR_RETURN(s.name, r.ReadString("name"));
    KALAM_ASSIGN_OR_RETURN(s.created_at, r.ReadInt("created_at"));
    KALAM_ASSIGN_OR_RETURN(s.active, r.ReadBool("active"));
    KALAM_ASSIGN_OR_RETURN(s.role, r.ReadEnum<Role>("role"));
    KALAM_ASSIGN_OR_RETURN(s.email, r.ReadOptionalString("email"));
    return s;
  }
};

TEST(SerdeTest, JsonRoundTrip) {
  Sample in{"a\"b", 1234567890123LL, true, Role::kDba, std::nullopt};
  std::string bytes = Encode(in, Format::kJson);
  EXPECT_EQ(bytes,
            R"({"active":true,"created_at":1234567890123,"email":null,"name":"a\"b","role":"dba"})");
  ASSERT_OK_AND_ASSIGN(Sample out, Decode<Sample>(bytes, Format::kJson));
  EXPECT_EQ(out.name, in.name);
  EXPECT_EQ(out.created_at, in.created_at);
  EXPECT_TRUE(out.active);
  EXPECT_EQ(out.role, Role::kDba);
  EXPECT_FALSE(out.email.has_value());
}

struct Item {
  std::string name;
  void Serialize(Writer& w) const { w.WriteString("name", name); }
  static Result<Item> Deserialize(const Reader& r) {
    KALAM_ASSIGN_OR_RETURN(auto n, r.ReadString("name"));
    return Item{n};
  }
};

struct Holder {
  int64_t id = 0;
  std::vector<Item> items;
  void Serialize(Writer& w) const {
    w.WriteInt("id", id);
    w.WriteList("items", items);
  }
  static Result<Holder> Deserialize(const Reader& r) {
    Holder h;
    KALAM_ASSIGN_OR_RETURN(h.id, r.ReadInt("id"));
    KALAM_ASSIGN_OR_RETURN(h.items, r.ReadList<Item>("items"));
    return h;
  }
};

TEST(SerdeTest, NestedLists) {
  Holder in{7, {{"a"}, {"b"}}};
  std::string bytes = Encode(in, Format::kJson);
  EXPECT_EQ(bytes, R"({"id":7,"items":[{"name":"a"},{"name":"b"}]})");
  ASSERT_OK_AND_ASSIGN(Holder out, Decode<Holder>(bytes, Format::kJson));
  ASSERT_EQ(out.items.size(), 2u);
  EXPECT_EQ(out.items[1].name, "b");
  ASSERT_OK_AND_ASSIGN(out, Decode<Holder>(R"({"id":1})", Format::kJson));
  EXPECT_TRUE(out.items.empty());
  EXPECT_ERROR_CODE(Decode<Holder>(R"({"id":1,"items":3})", Format::kJson), ErrorCode::kInternal);
}

TEST(SerdeTest, CorruptRecordsAreErrors) {
  EXPECT_ERROR_CODE(Decode<Sample>("not json", Format::kJson), ErrorCode::kInternal);
  EXPECT_ERROR_CODE(Decode<Sample>(R"({"name":1})", Format::kJson), ErrorCode::kInternal);
  EXPECT_ERROR_CODE(
      Decode<Sample>(R"({"name":"x","created_at":1,"active":true,"role":"god"})", Format::kJson),
      ErrorCode::kInvalidParameter);
}

TEST(SerdeTest, ParseFormat) {
  ASSERT_OK_AND_ASSIGN(auto f, ParseFormat("json"));
  EXPECT_EQ(f, Format::kJson);
  EXPECT_ERROR_CODE(ParseFormat("xml"), ErrorCode::kInvalidParameter);
}

}  // namespace
}  // namespace kalam::serde
