// FLUSH TABLE moves hot rows to Parquet (jobs/flush_job.cc) and every read, write and key check
// afterwards behaves as if nothing had moved (engine/internal/table_scan.cc merges hot and cold).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "catalog/table_families.h"
#include "duckdb.hpp"
#include "exec/executor_fixture.h"
#include "jobs/advisor.h"
#include "jobs/backup.h"
#include "jobs/flush_job.h"
#include "jobs/user_export.h"
#include <nlohmann/json.hpp>
#include "store/cold_index.h"
#include "store/row_codec.h"

namespace kalam::exec {
namespace {

namespace fs = std::filesystem;

class FlushTest : public ExecutorTest {
 protected:
  fs::path Storage() const { return dir_.path() / "storage"; }
  static TableId TableT() { return TableId{NamespaceId::Parse("app").value(), TableName::Parse("t").value()}; }
};

TEST_F(FlushTest, UserTableRowsReadTheSameFromParquet) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, v TEXT, n INT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.notes VALUES (1, 'a1', 10), (2, 'a2', 20), (3, 'a3', 30)").error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.notes VALUES (1, 'b1', 1)").error.ok());
  session_.caller = User("alice");
  RowSet before = Rows("SELECT id, v, n FROM app.notes ORDER BY id");
  ASSERT_EQ(before.rows.size(), 3u);

  catalog::JobRecord job = Flush("app.notes");
  EXPECT_EQ(job.status, JobStatus::kCompleted) << job.message;
  EXPECT_EQ(job.message, "Flushed 4 rows into 2 files (2 partitions)");
  // Files at the templated per-user path, with an exported manifest.
  bool found_alice = false;
  for (const auto& e : fs::recursive_directory_iterator(Storage())) {
    std::string p = e.path().generic_string();
    if (p.ends_with("/alice/batch-1.parquet")) found_alice = p.find("app/users/notes/shard-") != std::string::npos;
  }
  EXPECT_TRUE(found_alice);
  // Any Parquet reader opens the file: here a DuckDB of the test's own, not the server's engine.
  {
    fs::path file;
    for (const auto& e : fs::recursive_directory_iterator(Storage())) {
      if (e.path().generic_string().ends_with("/alice/batch-1.parquet")) file = e.path();
    }
    duckdb::DuckDB db(nullptr);
    duckdb::Connection con(db);
    auto r = con.Query("SELECT id, v, n, _deleted FROM read_parquet('" + file.string() + "') ORDER BY id");
    ASSERT_FALSE(r->HasError()) << r->GetError();
    ASSERT_EQ(r->RowCount(), 3u);
    EXPECT_EQ(r->GetValue(0, 0).GetValue<int64_t>(), 1);
    EXPECT_EQ(r->GetValue(1, 2).GetValue<std::string>(), "a3");
    EXPECT_EQ(r->GetValue(2, 1).GetValue<int32_t>(), 20);
    EXPECT_FALSE(r->GetValue(3, 0).GetValue<bool>());
    auto seq = con.Query("SELECT min(_seq) > 0 FROM read_parquet('" + file.string() + "')");
    ASSERT_FALSE(seq->HasError()) << seq->GetError();
    EXPECT_TRUE(seq->GetValue(0, 0).GetValue<bool>());
  }

  EXPECT_EQ(Rows("SELECT id, v, n FROM app.notes ORDER BY id").rows, before.rows);
  EXPECT_EQ(Rows("SELECT v FROM app.notes WHERE id = 2").rows, (std::vector<Row>{{Value("a2")}}));
  EXPECT_EQ(Rows("SELECT count(*) FROM app.notes").rows[0][0], Value(int64_t{3}));
  // Aliases, stars, system columns, joins and subqueries over a flushed table.
  EXPECT_EQ(Rows("SELECT x.v FROM app.notes AS x WHERE x.id = 1").rows, (std::vector<Row>{{Value("a1")}}));
  EXPECT_EQ(Rows("SELECT * FROM app.notes n ORDER BY n.id LIMIT 1").rows,
            (std::vector<Row>{{Value(int64_t{1}), Value("a1"), Value(int64_t{10})}}));
  EXPECT_EQ(Rows("SELECT count(*) FROM app.notes a JOIN app.notes b ON a.id = b.id WHERE b._seq > 0").rows[0][0],
            Value(int64_t{3}));
  EXPECT_EQ(Rows("SELECT id FROM app.notes WHERE n = (SELECT max(n) FROM app.notes)").rows,
            (std::vector<Row>{{Value(int64_t{3})}}));

  // Updates and deletes of flushed rows; a key that exists only in Parquet is still a duplicate.
  ASSERT_TRUE(Run("UPDATE app.notes SET v = 'a2-new' WHERE id = 2").error.ok());
  ASSERT_TRUE(Run("DELETE FROM app.notes WHERE id = 3").error.ok());
  auto dup = Run("INSERT INTO app.notes VALUES (1, 'again', 0)");
  EXPECT_EQ(dup.error.code(), ErrorCode::kUniqueViolation);
  std::vector<Row> expected{{Value(int64_t{1}), Value("a1")}, {Value(int64_t{2}), Value("a2-new")}};
  EXPECT_EQ(Rows("SELECT id, v FROM app.notes ORDER BY id").rows, expected);

  // A second flush moves the update and the tombstone; the answer does not change.
  EXPECT_EQ(Flush("app.notes").status, JobStatus::kCompleted);
  EXPECT_EQ(Rows("SELECT id, v FROM app.notes ORDER BY id").rows, expected);
  EXPECT_EQ(Rows("SELECT * FROM app.notes WHERE id = 3").rows.size(), 0u);
  // The deleted key may be inserted again; the new row wins over both flushed versions.
  ASSERT_TRUE(Run("INSERT INTO app.notes VALUES (3, 'a3-again', 33)").error.ok());
  EXPECT_EQ(Rows("SELECT v FROM app.notes WHERE id = 3").rows, (std::vector<Row>{{Value("a3-again")}}));

  session_.caller = User("bob");
  EXPECT_EQ(Rows("SELECT id, v FROM app.notes").rows, (std::vector<Row>{{Value(int64_t{1}), Value("b1")}}));
}

TEST_F(FlushTest, ShowJobsAndKillJob) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a')").error.ok());
  const catalog::JobRecord done = Flush("app.t");
  ASSERT_EQ(done.status, JobStatus::kCompleted);
  session_.caller = Root();
  auto shown = Rows("SHOW JOBS");
  ASSERT_EQ(shown.rows.size(), 1u);
  EXPECT_EQ(shown.columns[0].name, "job_id");
  EXPECT_EQ(shown.rows[0][0], Value(done.job_id));
  session_.caller = User("alice");
  EXPECT_EQ(Run("SHOW JOBS").error.code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Run("KILL JOB '" + done.job_id + "'").error.code(), ErrorCode::kPermissionDenied);
  session_.caller = Root();
  auto ended = Run("KILL JOB '" + done.job_id + "'");
  EXPECT_EQ(ended.error.code(), ErrorCode::kInvalidParameter);
  EXPECT_EQ(ended.error.message(), "job " + done.job_id + " is not queued or running: it completed");
  EXPECT_EQ(Run("KILL JOB 'FL-000000000000'").error.message(), "job \"FL-000000000000\" does not exist");

  // A queued job (its manager's worker not started here) is cancelled at once, and frees the
  // table for the next flush.
  jobs::JobManager paused(job_ctx_);
  ExecContext ctx = exec_ctx_;
  ctx.jobs = &paused;
  Executor executor(ctx);
  auto run = [&](const std::string& sql) { return executor.ExecuteBatch(sql, {}, session_); };
  auto started = run("FLUSH TABLE app.t");
  ASSERT_TRUE(started.error.ok()) << started.error.ToString();
  const std::string message = started.results[0].message;
  const std::string id = message.substr(message.find("FL-"));
  auto killed = run("KILL JOB '" + id + "'");
  ASSERT_TRUE(killed.error.ok()) << killed.error.ToString();
  EXPECT_EQ(killed.results[0].message, "Job " + id + " cancelled.");
  auto record = catalog_->jobs().Get(id);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->status, JobStatus::kCancelled);
  EXPECT_EQ(record->message, "cancelled by root before it started");
  EXPECT_TRUE(record->finished_at_us.has_value());
  auto again = run("FLUSH TABLE app.t");
  ASSERT_TRUE(again.error.ok());
  EXPECT_NE(again.results[0].message.find("Flush started"), std::string::npos) << again.results[0].message;
  EXPECT_EQ(Rows("SELECT status FROM system.jobs WHERE job_id = '" + id + "'").rows,
            (std::vector<Row>{{Value("cancelled")}}));

  // A running flush stops before its next partition: here before its first, so the row stays hot.
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (2, 'b')").error.ok());
  auto table = catalog_->tables().Get(TableT());
  ASSERT_TRUE(table.has_value());
  std::atomic<bool> cancel{true};
  auto flushed = jobs::FlushTable(*table, "FL-test", job_ctx_, &cancel);
  ASSERT_FALSE(flushed.ok());
  EXPECT_EQ(flushed.error().code(), ErrorCode::kQueryCanceled);
  cancel = false;
  ASSERT_OK_AND_ASSIGN(auto stats, jobs::FlushTable(*table, "FL-test2", job_ctx_, &cancel));
  EXPECT_EQ(stats.rows, 1);
  EXPECT_EQ(Rows("SELECT v FROM app.t").rows, (std::vector<Row>{{Value("b")}}));
}

TEST_F(FlushTest, ExportUserDataWritesTheCallersRowsOnly) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT); "
                  "CREATE SHARED TABLE app.s (id BIGINT PRIMARY KEY, v TEXT); "
                  "CREATE STREAM TABLE app.ev (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), kind TEXT) "
                  "WITH (TTL_SECONDS=3600); INSERT INTO app.s VALUES (1, 'shared')").error.ok());
  session_.caller = User("bob");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'bob-secret')").error.ok());
  session_.caller = User("alice");
  // More rows than one page of the export, part of them flushed to Parquet.
  ASSERT_TRUE(Run("INSERT INTO app.t SELECT g, 'v' || g FROM generate_series(1, 6000) s(g)").error.ok());
  ASSERT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("UPDATE app.t SET v = 'changed' WHERE id = 2; DELETE FROM app.t WHERE id = 3; "
                  "INSERT INTO app.ev (kind) VALUES ('login')").error.ok());
  const std::string started = Message("EXPORT USER DATA");
  ASSERT_NE(started.find("Export started for user 'alice'. Job ID: UE-"), std::string::npos) << started;
  const std::string id = started.substr(started.find("UE-"));
  jobs_->WaitIdle();
  auto shown = Rows("SHOW EXPORT");
  ASSERT_EQ(shown.rows.size(), 1u);
  EXPECT_EQ(shown.rows[0][0], Value(id));
  EXPECT_EQ(shown.rows[0][1], Value("completed"));
  EXPECT_EQ(shown.rows[0][2], Value("/v1/exports/" + id));
  ASSERT_OK_AND_ASSIGN(std::string path, jobs_->ExportFileOf(id, UserId("alice")));
  std::ifstream in(path);
  auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["user"], "alice");
  EXPECT_EQ(doc["export_id"], id);
  ASSERT_EQ(doc["tables"].size(), 2u);  // app.ev and app.t; not the SHARED table
  EXPECT_EQ(doc["tables"][0]["table"], "ev");
  EXPECT_EQ(doc["tables"][0]["rows"].size(), 1u);
  const auto& t = doc["tables"][1];
  EXPECT_EQ(t["table"], "t");
  EXPECT_EQ(t["table_type"], "user");
  EXPECT_EQ(t["schema"][1]["name"], "v");
  ASSERT_EQ(t["rows"].size(), 5999u);  // 6000, one deleted; in key order, each once
  EXPECT_EQ(t["rows"][0], nlohmann::json::array({"1", "v1"}));
  EXPECT_EQ(t["rows"][1], nlohmann::json::array({"2", "changed"}));
  EXPECT_EQ(t["rows"][5998], nlohmann::json::array({"6000", "v6000"}));
  EXPECT_EQ(std::string(nlohmann::json(doc).dump()).find("bob-secret"), std::string::npos);

  // Nobody else sees or downloads it; bob's own export is his rows alone.
  auto theirs = jobs_->ExportFileOf(id, UserId("bob"));
  ASSERT_FALSE(theirs.ok());
  EXPECT_EQ(theirs.error().code(), ErrorCode::kRouteNotFound);
  session_.caller = User("bob");
  EXPECT_EQ(Rows("SHOW EXPORT").rows.size(), 0u);
  const std::string bobs = Message("EXPORT USER DATA");
  const std::string bob_id = bobs.substr(bobs.find("UE-"));
  jobs_->WaitIdle();
  ASSERT_OK_AND_ASSIGN(std::string bob_path, jobs_->ExportFileOf(bob_id, UserId("bob")));
  std::ifstream bob_in(bob_path);
  auto bob_doc = nlohmann::json::parse(bob_in);
  EXPECT_EQ(bob_doc["tables"][1]["rows"], nlohmann::json::array({nlohmann::json::array({"1", "bob-secret"})}));
  // Cancelled (KILL JOB while it runs): no file, not even half of one.
  std::atomic<bool> cancel{true};
  auto cancelled = jobs::ExportUserData(UserId("alice"), "UE-0000000000aa", job_ctx_, &cancel);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().code(), ErrorCode::kQueryCanceled);
  EXPECT_FALSE(fs::exists(jobs::ExportPath(job_ctx_, UserId("alice"), "UE-0000000000aa")));
  EXPECT_FALSE(fs::exists(fs::path(job_ctx_.scratch_dir) / "UE-0000000000aa.json"));
}

TEST_F(FlushTest, BackupThenRestoreIntoAnotherDataDirectory) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'flushed'), (2, 'flushed too')").error.ok());
  ASSERT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (3, 'hot')").error.ok());
  session_.caller = Root();
  testing::TempDir elsewhere;
  const std::string backup = (elsewhere.path() / "backup").string();

  // Refused before any job: a relative path, a directory with something in it, a user.
  EXPECT_EQ(Run("BACKUP DATABASE TO 'relative/dir'").error.code(), ErrorCode::kInvalidParameter);
  fs::create_directories(elsewhere.path() / "full");
  std::ofstream(elsewhere.path() / "full" / "x") << "x";
  EXPECT_EQ(Run("BACKUP DATABASE TO '" + (elsewhere.path() / "full").string() + "'").error.code(),
            ErrorCode::kInvalidParameter);
  session_.caller = User("alice");
  EXPECT_EQ(Run("BACKUP DATABASE TO '" + backup + "'").error.code(), ErrorCode::kPermissionDenied);
  session_.caller = Root();
  // Inside the data directory: the job says why.
  const std::string inside = (dir_.path() / "inside").string();
  auto in_data = Message("BACKUP DATABASE TO '" + inside + "'");
  jobs_->WaitIdle();
  auto failed = catalog_->jobs().Get(in_data.substr(in_data.find("BK-")));
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status, JobStatus::kFailed);
  EXPECT_EQ(failed->message, "backup path \"" + inside + "\" is inside the data directory");

  const std::string started = Message("BACKUP DATABASE TO '" + backup + "'");
  ASSERT_NE(started.find("Backup started to '" + backup + "'. Job ID: BK-"), std::string::npos) << started;
  jobs_->WaitIdle();
  auto done = catalog_->jobs().Get(started.substr(started.find("BK-")));
  ASSERT_TRUE(done.has_value());
  ASSERT_EQ(done->status, JobStatus::kCompleted) << done->message;
  ASSERT_OK_AND_ASSIGN(jobs::BackupManifest manifest, jobs::ReadBackup(backup));
  {  // Cancelled while it runs: a directory without backup.json, which is no backup.
    std::atomic<bool> cancel{true};
    const std::string half = (elsewhere.path() / "half").string();
    auto stopped = jobs::BackupDatabase(half, "BK-0000000000aa", job_ctx_, &cancel);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code(), ErrorCode::kQueryCanceled);
    EXPECT_EQ(jobs::ReadBackup(half).status().code(), ErrorCode::kInvalidParameter);
  }
  EXPECT_EQ(manifest.job_id, done->job_id);
  ASSERT_EQ(manifest.storages.size(), 1u);
  EXPECT_TRUE(manifest.storages[0].copied);
  // Changes after the backup are not in it.
  session_.caller = User("alice");
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 1; INSERT INTO app.t VALUES (4, 'later')").error.ok());
  session_.caller = Root();
  EXPECT_EQ(Run("RESTORE DATABASE FROM '" + (elsewhere.path() / "full").string() + "'").error.code(),
            ErrorCode::kInvalidParameter);  // no backup.json

  // Restored into another server's data directory: staged, applied at its start, then readable.
  const fs::path data2 = elsewhere.path() / "data2";
  jobs::JobContext other = job_ctx_;
  other.data_path = data2.string();
  ASSERT_OK(jobs::StageRestore(backup, "RS-0123456789ab", other));
  ASSERT_OK_AND_ASSIGN(auto applied, jobs::ApplyPendingRestore(data2.string()));
  ASSERT_TRUE(applied.has_value());
  EXPECT_EQ(applied->restore_job_id, "RS-0123456789ab");
  EXPECT_FALSE(fs::exists(data2 / "restore"));
  ASSERT_OK_AND_ASSIGN(auto again, jobs::ApplyPendingRestore(data2.string()));
  EXPECT_FALSE(again.has_value());  // applied once
  {  // A marker whose bytes never reached the disk: an unfinished staging, dropped; the data stays.
    fs::create_directories(data2 / "restore" / "rocksdb");
    std::ofstream(data2 / "restore" / "restore.json") << "";
    ASSERT_OK_AND_ASSIGN(auto torn, jobs::ApplyPendingRestore(data2.string()));
    EXPECT_FALSE(torn.has_value());
    EXPECT_FALSE(fs::exists(data2 / "restore"));
    EXPECT_TRUE(fs::exists(data2 / "rocksdb" / "CURRENT"));
  }
  store::StoreOptions so;
  so.path = (data2 / "rocksdb").string();
  ASSERT_OK_AND_ASSIGN(auto store2, store::Store::Open(so));
  FakeClock clock2(clock_.NowMicros());
  ASSERT_OK_AND_ASSIGN(auto catalog2, catalog::Catalog::Open(store2.get(), serde::Format::kJson, &clock2));
  ASSERT_TRUE(catalog2->tables().Get(TableT()).has_value());
  // Its local storage holds the flushed file; its manifest names it.
  bool parquet = false;
  for (const auto& e : fs::recursive_directory_iterator(data2 / "storage")) {
    parquet |= e.path().generic_string().ends_with("/alice/batch-1.parquet");
  }
  EXPECT_TRUE(parquet);
  int hot = 0;  // the row that was hot at the backup (1 and 2 had been flushed)
  for (const auto& family : store2->ColumnFamilies()) {
    if (!catalog::IsFamilyOf(family, *catalog2->tables().Get(TableT()))) continue;
    ASSERT_OK(store2->ScanPrefix(family, "", [&](std::string_view, std::string_view value) {
      hot += store::ReadDeleted(value) ? 0 : 1;
      return true;
    }));
  }
  EXPECT_EQ(hot, 1);
  // The running database still has the changes made after the backup.
  session_.caller = User("alice");
  EXPECT_EQ(Rows("SELECT id FROM app.t ORDER BY id").rows,
            (std::vector<Row>{{Value(int64_t{2})}, {Value(int64_t{3})}, {Value(int64_t{4})}}));
}

TEST_F(FlushTest, AdvisorSaysWhatNeedsAttention) {
  jobs::AdvisorInputs in{catalog_.get(), store_.get(), &clock_, 4, 10000, true, 42};
  EXPECT_TRUE(jobs::AdviceRows(in).empty());  // nothing to say about an empty, synced server
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.busy (id BIGINT PRIMARY KEY) "
                  "WITH (FLUSH_POLICY='rows:10,interval:100000'); "
                  "CREATE STREAM TABLE app.ev (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (TTL_SECONDS=60); "
                  "CREATE STREAM TABLE app.forever (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT); "
                  "INSERT INTO app.busy SELECT g FROM generate_series(1, 500) s(g)").error.ok());
  catalog::UserRecord root;
  root.username = UserId("root");
  root.role = Role::kSystem;
  root.created_at_us = 7;
  ASSERT_OK(catalog_->users().Put(root));
  catalog::JobRecord failed;
  failed.job_id = "FL-00000000beef";
  failed.type = JobType::kFlush;
  failed.status = JobStatus::kFailed;
  failed.namespace_id = "app";
  failed.table_name = "busy";
  failed.message = "disk full";
  failed.finished_at_us = clock_.NowMicros();
  ASSERT_OK(catalog_->jobs().Put(failed));
  catalog::JobRecord old = failed;
  old.job_id = "FL-00000000dead";
  old.finished_at_us = clock_.NowMicros() - jobs::kFailedJobAdviceUs - 1;
  ASSERT_OK(catalog_->jobs().Put(old));
  in.sync_writes = false;

  auto rows = jobs::AdviceRows(in);
  std::vector<std::vector<Value>> got;
  for (const Row& r : rows) got.push_back({r[1], r[2], r[3]});
  EXPECT_EQ(got, (std::vector<std::vector<Value>>{
                     {Value("flush_behind"), Value("warning"), Value("app.busy")},
                     {Value("job_failed"), Value("warning"), Value("FL-00000000beef")},
                     {Value("root_password_empty"), Value("warning"), Value("root")},
                     {Value("stream_without_ttl"), Value("warning"), Value("app.forever")},
                     {Value("sync_writes_off"), Value("info"), Value("[storage] sync_writes")}}));
  EXPECT_EQ(rows[1][4], Value("job FL-00000000beef (flush of app.busy) failed: disk full"));
  EXPECT_EQ(rows[2][5], Value(int64_t{7}));   // since the user exists
  EXPECT_EQ(rows[4][5], Value(int64_t{42}));  // since the server started
  // Ids are stable and distinct.
  auto again = jobs::AdviceRows(in);
  std::set<std::string> ids;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], again[i][0]);
    ids.insert(std::get<std::string>(rows[i][0]));
  }
  EXPECT_EQ(ids.size(), rows.size());
  EXPECT_TRUE(std::get<std::string>(rows[0][0]).starts_with("AD-"));
  // Resolved conditions go away.
  root.password_hash = "set";
  ASSERT_OK(catalog_->users().Put(root));
  in.sync_writes = true;
  EXPECT_EQ(jobs::AdviceRows(in).size(), 3u);
}

TEST_F(FlushTest, SharedTableAndJobRecords) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.cfg (k TEXT PRIMARY KEY, v TEXT)").error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.cfg VALUES ('a', '1'), ('b', '2')").error.ok());
  catalog::JobRecord job = Flush("app.cfg");
  EXPECT_EQ(job.status, JobStatus::kCompleted) << job.message;
  EXPECT_TRUE(fs::exists(Storage() / "app" / "shared" / "cfg" / "batch-1.parquet"));
  EXPECT_TRUE(fs::exists(Storage() / "app" / "shared" / "cfg" / "manifest.json"));
  ASSERT_TRUE(Run("INSERT INTO app.cfg VALUES ('c', '3')").error.ok());
  std::vector<Row> expected{{Value("a"), Value("1")}, {Value("b"), Value("2")}, {Value("c"), Value("3")}};
  EXPECT_EQ(Rows("SELECT k, v FROM app.cfg ORDER BY k").rows, expected);
  // Nothing new to flush is a completed job that says so.
  ASSERT_TRUE(Run("DELETE FROM app.cfg WHERE k = 'c'").error.ok());
  EXPECT_EQ(Flush("app.cfg").status, JobStatus::kCompleted);
  EXPECT_EQ(Flush("app.cfg").message, "Nothing to flush");
  auto jobs = Rows("SELECT job_type, status FROM system.jobs ORDER BY created_at");
  EXPECT_EQ(jobs.rows.size(), 3u);
  // DROP TABLE leaves no file and no manifest; a new table of that name starts empty.
  ASSERT_TRUE(Run("DROP TABLE app.cfg").error.ok());
  EXPECT_FALSE(fs::exists(Storage() / "app" / "shared" / "cfg"));
  ASSERT_TRUE(Run("CREATE SHARED TABLE app.cfg (k TEXT PRIMARY KEY, v TEXT)").error.ok());
  EXPECT_EQ(Rows("SELECT count(*) FROM app.cfg").rows[0][0], Value(int64_t{0}));
  ASSERT_TRUE(Run("INSERT INTO app.cfg VALUES ('a', 'new')").error.ok());
}

TEST_F(FlushTest, CompactionMergesFilesAndKeepsAnswers) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a'), (2, 'b'), (3, 'c')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("UPDATE app.t SET v = 'B' WHERE id = 2; INSERT INTO app.t VALUES (4, 'd')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 1").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (5, 'hot')").error.ok());
  const std::vector<Row> expected{{Value(int64_t{2}), Value("B")}, {Value(int64_t{3}), Value("c")},
                                  {Value(int64_t{4}), Value("d")}, {Value(int64_t{5}), Value("hot")}};
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, expected);
  ASSERT_OK_AND_ASSIGN(auto before, manifests_->Get(TableT(), "alice"));
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->segments.size(), 3u);

  session_.caller = Root();
  std::string message = Message("COMPACT TABLE app.t");
  ASSERT_NE(message.find("Compaction started for table 'app.t'. Job ID: CO-"), std::string::npos) << message;
  jobs_->WaitIdle();
  auto job = catalog_->jobs().Get(message.substr(message.find("CO-")));
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->status, JobStatus::kCompleted) << job->message;
  EXPECT_EQ(job->message, "Compacted 3 files into 1 (1 partitions, 3 rows)");
  ASSERT_OK_AND_ASSIGN(auto after, manifests_->Get(TableT(), "alice"));
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->segments.size(), 1u);
  EXPECT_EQ(after->segments[0].batch, 4);
  EXPECT_EQ(after->segments[0].rows, 3);
  // The replaced files are gone once no query may read them: at the job's end, or (when a background
  // check was running a query just then) at the scheduler's retry 200 ms later. The new one is there.
  auto any_left = [&] {
    for (const auto& old : before->segments) {
      if (fs::exists(Storage() / old.path)) return true;
    }
    return false;
  };
  for (int i = 0; i < 50 && any_left(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (const auto& old : before->segments) EXPECT_FALSE(fs::exists(Storage() / old.path)) << old.path;
  EXPECT_TRUE(fs::exists(Storage() / after->segments[0].path));

  session_.caller = User("alice");
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, expected);
  auto dup = Run("INSERT INTO app.t VALUES (3, 'dup')");
  EXPECT_EQ(dup.error.code(), ErrorCode::kUniqueViolation);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'back')").error.ok());
}

TEST_F(FlushTest, FilesRecordWhetherTheyOverlapOlderOnesAndReadsStayExact) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a'), (3, 'c')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  // Keys above every flushed one: the new file cannot repeat an older key.
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (5, 'e'), (7, 'g')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  // Keys inside an older file's range (2 and 4 fall in [1, 7]), looked up: never flushed before.
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (2, 'b'), (4, 'd'), (9, 'i')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_OK_AND_ASSIGN(auto m, manifests_->Get(TableT(), "alice"));
  ASSERT_TRUE(m.has_value());
  ASSERT_EQ(m->segments.size(), 3u);
  EXPECT_FALSE(m->segments[0].overlaps_older);
  EXPECT_FALSE(m->segments[1].overlaps_older);
  EXPECT_FALSE(m->segments[2].overlaps_older);

  // Hot versions over flushed keys (update, delete, delete + insert again), a hot tombstone of a
  // key never flushed, and a new key in the middle: flushed rows with a hot key are left out.
  ASSERT_TRUE(Run("UPDATE app.t SET v = 'C' WHERE id = 3; DELETE FROM app.t WHERE id = 4; "
                  "DELETE FROM app.t WHERE id = 5; INSERT INTO app.t VALUES (5, 'E'), (6, 'f'), (8, 'x'); "
                  "DELETE FROM app.t WHERE id = 8").error.ok());
  const std::vector<Row> expected{{Value(int64_t{1}), Value("a")}, {Value(int64_t{2}), Value("b")},
                                  {Value(int64_t{3}), Value("C")}, {Value(int64_t{5}), Value("E")},
                                  {Value(int64_t{6}), Value("f")}, {Value(int64_t{7}), Value("g")},
                                  {Value(int64_t{9}), Value("i")}};
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, expected);
  EXPECT_EQ(Rows("SELECT count(*), count(DISTINCT id) FROM app.t").rows,
            (std::vector<Row>{{Value(int64_t{7}), Value(int64_t{7})}}));
  EXPECT_EQ(Rows("SELECT v FROM app.t WHERE id = 3").rows, (std::vector<Row>{{Value("C")}}));

  // Flushed, those versions are in a file that overlaps older ones: its keys hide their versions
  // in the older files (a key now in three files: 5 inserted, deleted, inserted again).
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_OK_AND_ASSIGN(m, manifests_->Get(TableT(), "alice"));
  ASSERT_EQ(m->segments.size(), 4u);
  EXPECT_TRUE(m->segments[3].overlaps_older);
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, expected);
  ASSERT_TRUE(Run("UPDATE app.t SET v = 'A' WHERE id = 1").error.ok());
  auto now = expected;
  now[0][1] = Value("A");
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, now);

  // A compaction writes each key once: no file overlaps, and the answer is the same.
  session_.caller = Root();
  ASSERT_NE(Message("COMPACT TABLE app.t").find("CO-"), std::string::npos);
  jobs_->WaitIdle();
  ASSERT_OK_AND_ASSIGN(m, manifests_->Get(TableT(), "alice"));
  ASSERT_EQ(m->segments.size(), 1u);
  EXPECT_FALSE(m->segments[0].overlaps_older);
  session_.caller = User("alice");
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, now);
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 9").error.ok());
  now.pop_back();
  EXPECT_EQ(Rows("SELECT id, v FROM app.t ORDER BY id").rows, now);
  EXPECT_EQ(Rows("SELECT count(*) FROM app.t WHERE v < 'c'").rows[0][0], Value(int64_t{4}));  // A, b, C, E

  // A key whose flushed version is a tombstone still counts as flushed before: inserted again and
  // flushed, its file is marked as overlapping (its live version must hide nothing it should not).
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 7").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (7, 'G')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_OK_AND_ASSIGN(m, manifests_->Get(TableT(), "alice"));
  ASSERT_EQ(m->segments.size(), 3u);
  EXPECT_TRUE(m->segments[1].overlaps_older);
  EXPECT_TRUE(m->segments[2].overlaps_older);
  EXPECT_EQ(Rows("SELECT v FROM app.t WHERE id >= 6 ORDER BY id").rows, (std::vector<Row>{{Value("f")}, {Value("G")}}));
  EXPECT_EQ(Run("INSERT INTO app.t VALUES (7, 'dup')").error.code(), ErrorCode::kUniqueViolation);
}

TEST_F(FlushTest, MergeOfHotAndFlushedRowsIgnoresColumnNamesItUsesInternally) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, \"__key\" TEXT, \"__c\" INT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a', 1), (5, 'e', 5)").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (3, 'c', 3); UPDATE app.t SET \"__key\" = 'A' WHERE id = 1").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);  // overlaps the first file
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 5").error.ok());
  EXPECT_EQ(Rows("SELECT * FROM app.t ORDER BY id").rows,
            (std::vector<Row>{{Value(int64_t{1}), Value("A"), Value(int64_t{1})},
                              {Value(int64_t{3}), Value("c"), Value(int64_t{3})}}));
}

TEST_F(FlushTest, PointLookupsOfFlushedKeysReadOnlyTheFilesThatMayHoldThem) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, 'a'), (2, 'b')").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (10, 'x'), (11, 'y'); UPDATE app.t SET v = 'B' WHERE id = 2").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);  // file 2 holds 2 (newer), 10, 11
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 11").error.ok());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);  // file 3: the tombstone of 11
  const uint64_t before = engine_->point_lookups();
  const uint64_t templated = engine_->point_template_hits();
  EXPECT_EQ(Rows("SELECT v FROM app.t WHERE id = 1").rows, (std::vector<Row>{{Value("a")}}));
  EXPECT_EQ(Rows("SELECT v, id FROM app.t WHERE id = 2").rows, (std::vector<Row>{{Value("B"), Value(int64_t{2})}}));
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = 10").rows, (std::vector<Row>{{Value(int64_t{10}), Value("x")}}));
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = 11").rows.size(), 0u);
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = 99").rows.size(), 0u);
  EXPECT_EQ(engine_->point_lookups(), before + 5);
  EXPECT_EQ(engine_->point_template_hits(), templated + 2);  // ids 11 and 99 reuse the parse of 10
  // Another user's flushed key is not alice's.
  session_.caller = User("bob");
  EXPECT_EQ(Rows("SELECT * FROM app.t WHERE id = 1").rows.size(), 0u);
}

TEST_F(FlushTest, PointLookupsOfFlushedKeysAreServedFromTheirFileRowsAsIfHot) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE USER TABLE app.t (id BIGINT PRIMARY KEY, b BOOLEAN, "
                  "s SMALLINT, i INT, r REAL, d DOUBLE, n DECIMAL(10,2), tx VARCHAR(20), ts TIMESTAMP, "
                  "dt DATE, tm TIME, j JSON, by BYTEA, u UUID, f FILE)")
                  .error.ok());
  session_.caller = User("alice");
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (1, true, -7, 42, 1.1, 2.25, 12345.67, 'héllo', "
                  "'2026-11-27 10:11:12.345678', '2026-11-27', '23:59:58.5', '{\"a\":[1,2]}', "
                  "'\\x00ff', '0190a8c0-0000-7000-8000-000000000001', '{\"file_id\":\"FI-1\",\"name\":\"x.png\"}'), (2, "
                  "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                  "(3, false, 1, 2, 3.5, 4.5, 0.01, 'three', NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
                  .error.ok());
  const std::vector<std::string> lookups{"SELECT * FROM app.t WHERE id = 1", "SELECT * FROM app.t WHERE id = 2",
                                         "SELECT u, tx AS label, id FROM app.t WHERE id = 3"};
  std::vector<RowSet> hot;
  for (const auto& q : lookups) hot.push_back(Rows(q));
  ASSERT_EQ(Run("DELETE FROM app.t WHERE id = 3").error.ok(), true);
  ASSERT_TRUE(Run("INSERT INTO app.t (id, tx) VALUES (3, 'three')").error.ok());
  hot[2] = Rows(lookups[2]);
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);

  const uint64_t lookups_before = engine_->point_lookups();
  const uint64_t served_before = engine_->cold_rows_served();
  for (int round = 0; round < 2; ++round) {  // the first reads the file, the second only its rows
    for (size_t q = 0; q < lookups.size(); ++q) {
      RowSet cold = Rows(lookups[q]);
      ASSERT_EQ(cold.columns.size(), hot[q].columns.size()) << lookups[q];
      for (size_t c = 0; c < cold.columns.size(); ++c) {
        EXPECT_EQ(cold.columns[c].name, hot[q].columns[c].name) << lookups[q];
        EXPECT_EQ(cold.columns[c].type, hot[q].columns[c].type) << lookups[q] << " column " << cold.columns[c].name;
      }
      EXPECT_EQ(cold.rows, hot[q].rows) << lookups[q];
    }
  }
  EXPECT_EQ(engine_->point_lookups(), lookups_before + 6);
  EXPECT_EQ(engine_->cold_rows_served(), served_before + 6);

  // A newer hot version wins over the cached one; flushed again, the newer file serves it.
  ASSERT_TRUE(Run("UPDATE app.t SET tx = 'new' WHERE id = 1").error.ok());
  EXPECT_EQ(Rows("SELECT tx FROM app.t WHERE id = 1").rows, (std::vector<Row>{{Value("new")}}));
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  EXPECT_EQ(Rows("SELECT tx FROM app.t WHERE id = 1").rows, (std::vector<Row>{{Value("new")}}));
  EXPECT_EQ(Rows("SELECT tx FROM app.t WHERE id = 2").rows, (std::vector<Row>{{Value()}}));
  // A deletion of a flushed row hides it, flushed or not.
  ASSERT_TRUE(Run("DELETE FROM app.t WHERE id = 2").error.ok());
  EXPECT_TRUE(Rows("SELECT * FROM app.t WHERE id = 2").rows.empty());
  EXPECT_EQ(Flush("app.t").status, JobStatus::kCompleted);
  EXPECT_TRUE(Rows("SELECT * FROM app.t WHERE id = 2").rows.empty());
  // Columns added or renamed later read as they do in a scan.
  session_.caller = Root();
  ASSERT_TRUE(Run("ALTER TABLE app.t ADD COLUMN extra INT DEFAULT 5").error.ok());
  ASSERT_TRUE(Run("ALTER TABLE app.t RENAME COLUMN tx TO label").error.ok());
  session_.caller = User("alice");
  EXPECT_EQ(Rows("SELECT label, extra FROM app.t WHERE id = 3").rows,
            (std::vector<Row>{{Value("three"), Value(int64_t{5})}}));
  // UPDATE by key of a flushed row reads it the same way, then computes over it alone.
  const uint64_t served_update = engine_->cold_rows_served();
  ASSERT_TRUE(Run("UPDATE app.t SET label = label || '+', extra = extra + 1 WHERE id = 3").error.ok());
  EXPECT_EQ(engine_->cold_rows_served(), served_update + 1);
  EXPECT_EQ(Rows("SELECT label, extra FROM app.t WHERE id = 3").rows,
            (std::vector<Row>{{Value("three+"), Value(int64_t{6})}}));
  // CLEAR CACHE empties it; the next lookup reads the file again.
  session_.caller = Root();
  ASSERT_TRUE(Run("CLEAR CACHE").error.ok());
  session_.caller = User("alice");
  const uint64_t served = engine_->cold_rows_served();
  EXPECT_EQ(Rows("SELECT label FROM app.t WHERE id = 1").rows, (std::vector<Row>{{Value("new")}}));
  EXPECT_EQ(engine_->cold_rows_served(), served + 1);
  // Another user's flushed key is not alice's.
  session_.caller = User("bob");
  EXPECT_TRUE(Rows("SELECT * FROM app.t WHERE id = 1").rows.empty());
}

TEST_F(FlushTest, PointLookupsOfFlushedTextAndUuidKeysOfASharedTable) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.kv (k TEXT PRIMARY KEY, v INT); "
                  "CREATE SHARED TABLE app.things (id UUID PRIMARY KEY, label TEXT); "
                  "INSERT INTO app.kv VALUES ('a', 1), ('b', 2), ('', 3); "
                  "INSERT INTO app.things VALUES ('0190a8c0-0000-7000-8000-000000000001', 'one')")
                  .error.ok());
  EXPECT_EQ(Flush("app.kv").status, JobStatus::kCompleted);
  EXPECT_EQ(Flush("app.things").status, JobStatus::kCompleted);
  const uint64_t served = engine_->cold_rows_served();
  EXPECT_EQ(Rows("SELECT v FROM app.kv WHERE k = 'b'").rows, (std::vector<Row>{{Value(int64_t{2})}}));
  EXPECT_EQ(Rows("SELECT v FROM app.kv WHERE k = ''").rows, (std::vector<Row>{{Value(int64_t{3})}}));
  EXPECT_TRUE(Rows("SELECT v FROM app.kv WHERE k = 'zz'").rows.empty());
  EXPECT_EQ(Rows("SELECT label FROM app.things WHERE id = '0190a8c0-0000-7000-8000-000000000001'").rows,
            (std::vector<Row>{{Value("one")}}));
  EXPECT_EQ(engine_->cold_rows_served(), served + 3);
}

TEST_F(FlushTest, SchemaChangesAfterAFlush) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.s (id BIGINT PRIMARY KEY, v TEXT, gone INT)").error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.s VALUES (1, 'one', 7)").error.ok());
  EXPECT_EQ(Flush("app.s").status, JobStatus::kCompleted);
  ASSERT_TRUE(Run("ALTER TABLE app.s ADD COLUMN n INT DEFAULT 5").error.ok());
  ASSERT_TRUE(Run("ALTER TABLE app.s RENAME COLUMN v TO label").error.ok());
  ASSERT_TRUE(Run("ALTER TABLE app.s DROP COLUMN gone").error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.s VALUES (2, 'two', 9)").error.ok());
  const std::vector<Row> expected{{Value(int64_t{1}), Value("one"), Value(int64_t{5})},
                                  {Value(int64_t{2}), Value("two"), Value(int64_t{9})}};
  RowSet got = Rows("SELECT * FROM app.s ORDER BY id");
  ASSERT_EQ(got.columns.size(), 3u);
  EXPECT_EQ(got.columns[1].name, "label");
  EXPECT_EQ(got.rows, expected);
  EXPECT_EQ(Flush("app.s").status, JobStatus::kCompleted);
  EXPECT_EQ(Rows("SELECT * FROM app.s ORDER BY id").rows, expected);
}

TEST_F(FlushTest, ARecreatedTableIgnoresColdStateAFlushLeftBehind) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE SHARED TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  auto table = catalog_->tables().Get(TableT());
  ASSERT_TRUE(table.has_value());
  ASSERT_TRUE(Run("DROP TABLE app.t").error.ok());
  // What a flush that ran into the DROP could leave: a cold index entry and a manifest.
  const std::string family = catalog::FamilyOf(*table, 0);
  const std::string key = store::EncodeKeyPart(Value(int64_t{7}));
  ASSERT_OK(store_->EnsureColumnFamily(store::ColdIndexFamily(family)));
  ASSERT_OK(store_->Put(store::ColdIndexFamily(family), key, store::EncodeColdEntry({1, 1}), true));
  cold::Manifest stale{"app.t", "", 2, {}};
  stale.segments.push_back(cold::Segment{});
  stale.segments.back().path = "app/shared/t/batch-1.parquet";
  stale.segments.back().storage_id = "local";
  ASSERT_OK(store_->Write({manifests_->PutOp(TableT(), stale)}, true));

  ASSERT_TRUE(Run("CREATE SHARED TABLE app.t (id BIGINT PRIMARY KEY, v TEXT)").error.ok());
  ASSERT_TRUE(Run("INSERT INTO app.t VALUES (7, 'fresh')").error.ok());
  EXPECT_EQ(Rows("SELECT id, v FROM app.t").rows, (std::vector<Row>{{Value(int64_t{7}), Value("fresh")}}));
}

TEST_F(FlushTest, StreamTablesAndRoles) {
  ASSERT_TRUE(Run("CREATE NAMESPACE app; CREATE STREAM TABLE app.ev (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), v TEXT) WITH (TTL_SECONDS=60)").error.ok());
  auto stream = Run("FLUSH TABLE app.ev");
  EXPECT_EQ(stream.error.code(), ErrorCode::kFeatureNotSupported);
  ASSERT_TRUE(Run("CREATE USER TABLE app.t (id BIGINT PRIMARY KEY)").error.ok());
  session_.caller = User("alice");
  auto denied = Run("FLUSH TABLE app.t");
  EXPECT_EQ(denied.error.code(), ErrorCode::kPermissionDenied);
  auto missing = Run("FLUSH TABLE app.nope");
  EXPECT_EQ(missing.error.code(), ErrorCode::kTableNotFound);
}

}  // namespace
}  // namespace kalam::exec
