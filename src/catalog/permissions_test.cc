#include "catalog/permissions.h"

#include <gtest/gtest.h>

namespace kalam::catalog {
namespace {

constexpr Role kRoles[] = {Role::kUser, Role::kService, Role::kDba, Role::kSystem};

/// "U S D Y" marks of the roles allowed to do `action` on `kind` (e.g. "--DY").
std::string Who(Action action, ObjectKind kind) {
  std::string out;
  const char marks[] = {'U', 'S', 'D', 'Y'};
  for (int i = 0; i < 4; ++i) out.push_back(Allowed(kRoles[i], action, kind) ? marks[i] : '-');
  return out;
}

TEST(PermissionsTest, TheMatrixOfContractSection5) {
  for (Action a : {Action::kSelect, Action::kInsert, Action::kUpdate, Action::kDelete}) {
    EXPECT_EQ(Who(a, ObjectKind::kUserTable), "USDY");
    EXPECT_EQ(Who(a, ObjectKind::kStreamTable), "USDY");
    EXPECT_EQ(Who(a, ObjectKind::kSharedPrivate), "-SDY");
    EXPECT_EQ(Who(a, ObjectKind::kSharedRestricted), "--DY");
  }
  EXPECT_EQ(Who(Action::kSelect, ObjectKind::kSharedPublic), "USDY");
  for (Action a : {Action::kInsert, Action::kUpdate, Action::kDelete}) {
    EXPECT_EQ(Who(a, ObjectKind::kSharedPublic), "-SDY");
    EXPECT_EQ(Who(a, ObjectKind::kSystemTable), "----") << "system tables are read-only";
  }
  EXPECT_EQ(Who(Action::kSelect, ObjectKind::kSystemTable), "--DY");
  for (Action a : {Action::kCreate, Action::kAlter, Action::kDrop}) {
    EXPECT_EQ(Who(a, ObjectKind::kTable), "--DY");
    EXPECT_EQ(Who(a, ObjectKind::kNamespace), "--DY");
    EXPECT_EQ(Who(a, ObjectKind::kUser), "--DY");
  }
  EXPECT_EQ(Who(Action::kAlter, ObjectKind::kOwnAccount), "USDY");
  EXPECT_EQ(Who(Action::kExecuteAs, ObjectKind::kUser), "-SDY");
  EXPECT_EQ(Who(Action::kTriggerJob, ObjectKind::kUserTable), "-SDY");
  EXPECT_EQ(Who(Action::kTriggerJob, ObjectKind::kSharedRestricted), "--DY");
  EXPECT_EQ(Who(Action::kDrop, ObjectKind::kCache), "--DY");
  // Nothing outside the table is allowed, for anyone.
  EXPECT_EQ(Who(Action::kExecuteAs, ObjectKind::kUserTable), "----");
  EXPECT_EQ(Who(Action::kCreate, ObjectKind::kSystemTable), "----");
}

TEST(PermissionsTest, TablesMapToTheirKindAndDenialsUsePostgresWording) {
  TableRecord t(TableId{NamespaceId::Parse("app").value(), TableName::Parse("notes").value()});
  t.type = TableType::kUser;
  EXPECT_EQ(KindOf(t), ObjectKind::kUserTable);
  t.type = TableType::kStream;
  EXPECT_EQ(KindOf(t), ObjectKind::kStreamTable);
  t.type = TableType::kShared;
  t.access_level = AccessLevel::kPublic;
  EXPECT_EQ(KindOf(t), ObjectKind::kSharedPublic);
  EXPECT_TRUE(MayRead(Role::kUser, t));
  EXPECT_FALSE(MayWrite(Role::kUser, t));
  t.access_level = AccessLevel::kRestricted;
  Status denied = RequireOnTable(Role::kService, Action::kSelect, t);
  EXPECT_EQ(denied.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.message(), "permission denied for table notes");
  EXPECT_TRUE(RequireOnTable(Role::kDba, Action::kDelete, t).ok());
  EXPECT_EQ(Require(Role::kUser, Action::kCreate, ObjectKind::kNamespace, "create namespaces").message(),
            "permission denied to create namespaces");
}

}  // namespace
}  // namespace kalam::catalog
