// UPDATE … FROM and DELETE … USING (exec/handlers/update_delete_support.cc): the caller's rows of
// the target joined with other tables, as in PostgreSQL.
#include <algorithm>

#include "exec/executor_fixture.h"

namespace kalam::exec {
namespace {

class UpdateFromTest : public ExecutorTest {
 protected:
  void SetUp() override {
    ExecutorTest::SetUp();
    ASSERT_TRUE(Run("CREATE NAMESPACE app; "
                    "CREATE USER TABLE app.m (id BIGINT PRIMARY KEY, room TEXT NOT NULL, body TEXT); "
                    "CREATE USER TABLE app.prefs (k TEXT PRIMARY KEY, v TEXT); "
                    "CREATE SHARED TABLE app.rooms (name TEXT PRIMARY KEY, title TEXT, archived BOOLEAN) "
                    "WITH (ACCESS_LEVEL='public'); "
                    "CREATE SHARED TABLE app.secret (name TEXT PRIMARY KEY, title TEXT); "
                    "INSERT INTO app.rooms VALUES ('a', 'Alpha', false), ('b', 'Beta', true); "
                    "INSERT INTO app.secret VALUES ('a', 'hidden')")
                    .error.ok());
    session_.caller = User("bob");
    EXPECT_EQ(Message("INSERT INTO app.m VALUES (1, 'a', 'bob'), (2, 'b', 'bob'); INSERT INTO app.prefs VALUES "
                      "('sig', 'bob-sig')"),
              "1 row inserted.");
    session_.caller = User("alice");
    EXPECT_EQ(Message("INSERT INTO app.m VALUES (1, 'a', 'x'), (2, 'a', 'y'), (3, 'b', 'z'), (4, 'c', 'w')"),
              "4 rows inserted.");
  }
  std::vector<Row> Bodies() { return Rows("SELECT id, body FROM app.m ORDER BY id").rows; }
  static Row R(int64_t id, const char* body) { return Row{Value(id), Value(body)}; }
};

TEST_F(UpdateFromTest, UpdateFromSetsColumnsFromTheJoinedRow) {
  RowSet r = Rows(
      "UPDATE app.m SET body = r.title || ':' || body FROM app.rooms r WHERE r.name = m.room "
      "RETURNING id, body");
  EXPECT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "Alpha:x"), R(2, "Alpha:y"), R(3, "Beta:z"), R(4, "w")}));
  // bob's rows with the same keys and rooms are not the caller's.
  session_.caller = User("bob");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "bob"), R(2, "bob")}));
  session_.caller = User("alice");

  // An alias; the namespace-qualified name (`app.m.room`, as PostgreSQL allows) without one.
  EXPECT_EQ(
      Message("UPDATE app.m AS t SET body = upper(r.title) FROM app.rooms r WHERE r.name = t.room AND r.archived"),
      "1 row updated.");
  EXPECT_EQ(Message("UPDATE app.m SET body = 'q' FROM app.rooms WHERE rooms.name = app.m.room AND app.m.id = 1"),
            "1 row updated.");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "q"), R(2, "Alpha:y"), R(3, "BETA"), R(4, "w")}));

  // A row joining several rows of the other tables is updated once.
  r = Rows("UPDATE app.m SET body = 'many' FROM app.rooms r, range(3) t(i) WHERE m.id <= 2 RETURNING m.id");
  EXPECT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(Message("UPDATE app.m SET body = 'none' FROM app.rooms r WHERE r.name = 'nope'"), "0 rows updated.");
}

TEST_F(UpdateFromTest, JoinedUserTablesAreTheCallersRowsToo) {
  EXPECT_EQ(Message("INSERT INTO app.prefs VALUES ('sig', 'alice-sig')"), "1 row inserted.");
  EXPECT_EQ(Message("UPDATE app.m SET body = p.v FROM app.prefs p WHERE p.k = 'sig' AND m.room = 'a'"),
            "2 rows updated.");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "alice-sig"), R(2, "alice-sig"), R(3, "z"), R(4, "w")}));
  session_.caller = User("bob");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "bob"), R(2, "bob")}));
}

TEST_F(UpdateFromTest, DeleteUsingDeletesTheCallersMatchingRows) {
  RowSet r =
      Rows("DELETE FROM app.m m USING app.rooms r WHERE r.name = m.room AND NOT r.archived RETURNING m.id, body");
  std::sort(r.rows.begin(), r.rows.end());  // in no particular order, as in PostgreSQL
  EXPECT_EQ(r.rows, (std::vector<Row>{R(1, "x"), R(2, "y")}));
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(3, "z"), R(4, "w")}));
  // Once per row however many rows it joins.
  EXPECT_EQ(Message("DELETE FROM app.m USING app.rooms, range(4) t(i) WHERE app.m.room = rooms.name"),
            "1 row deleted.");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(4, "w")}));
  session_.caller = User("bob");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "bob"), R(2, "bob")}));
}

TEST_F(UpdateFromTest, FlushedRowsAreUpdatedAndDeletedToo) {
  Flush("app.m");
  EXPECT_EQ(Message("UPDATE app.m SET body = r.title FROM app.rooms r WHERE r.name = m.room"), "3 rows updated.");
  EXPECT_EQ(Message("DELETE FROM app.m USING app.rooms r WHERE r.name = m.room AND r.archived"), "1 row deleted.");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "Alpha"), R(2, "Alpha"), R(4, "w")}));
}

TEST_F(UpdateFromTest, WithClausesFeedUpdateDeleteAndInsert) {
  EXPECT_EQ(Message("WITH hot AS (SELECT name FROM app.rooms WHERE NOT archived) "
                    "UPDATE app.m SET body = upper(body) WHERE room IN (SELECT name FROM hot)"),
            "2 rows updated.");
  EXPECT_EQ(Message("WITH gone AS (SELECT name FROM app.rooms WHERE archived) DELETE FROM app.m USING gone "
                    "WHERE gone.name = m.room"),
            "1 row deleted.");
  EXPECT_EQ(Message("WITH n AS (SELECT 9 AS id, 'c' AS room, 'new' AS body) INSERT INTO app.m SELECT * FROM n"),
            "1 row inserted.");
  EXPECT_EQ(Message("WITH n AS (SELECT 'v' AS b) INSERT INTO app.m VALUES (10, 'c', (SELECT b FROM n))"),
            "1 row inserted.");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "X"), R(2, "Y"), R(4, "w"), R(9, "new"), R(10, "v")}));
  // A CTE reads the caller's rows only, like any query.
  session_.caller = User("bob");
  EXPECT_EQ(Message("WITH mine AS (SELECT id FROM app.m) UPDATE app.m SET body = 'b2' WHERE id IN (SELECT id FROM mine)"),
            "2 rows updated.");
  session_.caller = User("alice");
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "X"), R(2, "Y"), R(4, "w"), R(9, "new"), R(10, "v")}));
}

TEST_F(UpdateFromTest, ErrorsChangeNothing) {
  struct Case {
    const char* sql;
    ErrorCode code;
    const char* message;
  };
  const Case cases[] = {
      // The other tables are read with the caller's SELECT rights.
      {"UPDATE app.m SET body = s.title FROM app.secret s WHERE s.name = m.room", ErrorCode::kPermissionDenied,
       "permission denied for table secret"},
      {"DELETE FROM app.m USING app.secret s WHERE s.name = m.room", ErrorCode::kPermissionDenied,
       "permission denied for table secret"},
      {"UPDATE app.m SET body = 'x' FROM app.nope n", ErrorCode::kTableNotFound,
       "relation \"app.nope\" does not exist"},
      // RETURNING names the target's columns only (checked before anything is written).
      {"DELETE FROM app.m m USING app.rooms r WHERE r.name = m.room RETURNING r.title", ErrorCode::kTableNotFound,
       "missing FROM-clause entry for table \"r\""},
      {"UPDATE app.m SET body = 'x' FROM app.rooms r WHERE r.name = zz.room", ErrorCode::kTableNotFound,
       "missing FROM-clause entry for table \"zz\""},
      // The table joined with itself: an unqualified column is in both.
      {"UPDATE app.m SET body = 'x' FROM app.m o WHERE o.id = m.id AND room = 'a'", ErrorCode::kAmbiguousColumn,
       "column reference \"room\" is ambiguous"},
      {"UPDATE app.m SET body = 1 / 0 FROM app.rooms r", ErrorCode::kDivisionByZero, "division by zero"},
  };
  for (const Case& c : cases) {
    Status error = Run(c.sql).error;
    EXPECT_EQ(error.code(), c.code) << c.sql << ": " << error.ToString();
    EXPECT_EQ(error.message(), c.message) << c.sql;
    // KalamDB's own query text is not the caller's: no position that would point elsewhere.
    EXPECT_FALSE(error.position().has_value()) << c.sql;
  }
  EXPECT_EQ(Bodies(), (std::vector<Row>{R(1, "x"), R(2, "y"), R(3, "z"), R(4, "w")}));
}

}  // namespace
}  // namespace kalam::exec
