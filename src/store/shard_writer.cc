#include "store/shard_writer.h"

#include <unordered_map>

#include <fmt/format.h>

#include "store/row_codec.h"

namespace kalam::store {

ShardWriter::ShardWriter(Store* store, SnowflakeGenerator* seqs, bool sync, size_t max_queue)
    : store_(store), seqs_(seqs), sync_(sync), max_queue_(max_queue) {}

ShardWriter::~ShardWriter() { Stop(); }

void ShardWriter::Start() { thread_ = std::thread([this] { Run(); }); }

void ShardWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  space_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::vector<int64_t>> ShardWriter::Write(std::vector<RowWrite> rows) {
  auto request = std::make_unique<Request>();
  request->rows = std::move(rows);
  auto future = request->done.get_future();
  {
    std::unique_lock lock(mu_);
    // Bounded queue: writers wait (back-pressure) rather than grow memory without limit.
    space_.wait(lock, [&] { return stopping_ || queue_.size() < max_queue_; });
    if (stopping_) return Status(ErrorCode::kShuttingDown, "the server is shutting down");
    queue_.push_back(std::move(request));
  }
  wake_.notify_one();
  return future.get();
}

void ShardWriter::Run() {
  while (true) {
    std::vector<std::unique_ptr<Request>> group;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty()) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    space_.notify_all();
    CommitGroup(group);
  }
}

void ShardWriter::CommitGroup(std::vector<std::unique_ptr<Request>>& group) {
  std::vector<WriteOp> ops;
  // Live state of keys written earlier in this group (later requests must see them).
  std::unordered_map<std::string, bool> pending_live;
  std::vector<std::optional<std::vector<int64_t>>> seqs(group.size());
  std::vector<Status> errors(group.size());
  auto is_live = [&](const RowWrite& w) -> Result<bool> {
    auto it = pending_live.find(w.family + '\x01' + w.key);
    if (it != pending_live.end()) return it->second;
    KALAM_ASSIGN_OR_RETURN(auto existing, store_->Get(w.family, w.key));
    return existing.has_value() && !ReadDeleted(*existing);
  };
  for (size_t r = 0; r < group.size(); ++r) {
    Request& req = *group[r];
    std::vector<int64_t> row_seqs(req.rows.size(), 0);
    std::unordered_map<std::string, bool> local;  // this request's own effects
    Status error;
    for (size_t i = 0; i < req.rows.size() && error.ok(); ++i) {
      const RowWrite& w = req.rows[i];
      std::string id = w.family + '\x01' + w.key;
      bool live = false;
      if (auto it = local.find(id); it != local.end()) {
        live = it->second;
      } else {
        auto checked = is_live(w);
        if (!checked.ok()) {
          error = checked.error();
          break;
        }
        live = *checked;
      }
      if (w.kind == WriteKind::kInsert && live) {
        error = Status(ErrorCode::kUniqueViolation, fmt::format("row {}", i));
        break;
      }
      if (w.kind != WriteKind::kInsert && !live) continue;  // skipped
      row_seqs[i] = 1;  // placeholder: this row is written
      local[id] = w.kind != WriteKind::kTombstone;
    }
    if (!error.ok()) {
      errors[r] = error;
      continue;
    }
    for (size_t i = 0; i < req.rows.size(); ++i) {
      if (row_seqs[i] == 0) continue;
      RowWrite& w = req.rows[i];
      row_seqs[i] = seqs_->Next();
      PatchSeq(&w.value, row_seqs[i]);
      ops.push_back(WriteOp{w.family, w.key, std::move(w.value)});
    }
    for (auto& [id, live] : local) pending_live[id] = live;
    seqs[r] = std::move(row_seqs);
  }
  Status commit = ops.empty() ? Status::OK() : store_->Write(ops, sync_);
  for (size_t r = 0; r < group.size(); ++r) {
    if (!errors[r].ok()) {
      group[r]->done.set_value(errors[r]);
    } else if (!commit.ok()) {
      group[r]->done.set_value(commit);
    } else {
      group[r]->done.set_value(std::move(*seqs[r]));
    }
  }
}

WriterPool::WriterPool(Store* store, SnowflakeGenerator* seqs, int shards, bool sync) {
  for (int i = 0; i <= shards; ++i) {
    writers_.push_back(std::make_unique<ShardWriter>(store, seqs, sync, 4096));
  }
}

void WriterPool::Start() {
  for (auto& w : writers_) w->Start();
}

void WriterPool::Stop() {
  for (auto& w : writers_) w->Stop();
}

}  // namespace kalam::store
