#include "jobs/stream_eviction.h"

#include <map>
#include <string>
#include <vector>

#include "catalog/table_families.h"
#include "common/shard.h"
#include "common/snowflake.h"
#include "store/row_codec.h"

namespace kalam::jobs {
namespace {

/// Rows removed per writer turn: bounds how long writers of the shard wait.
constexpr size_t kBatch = 4096;

bool Expired(std::string_view value, int64_t before_ms) {
  return SnowflakeGenerator::TimestampMs(store::ReadSeq(value)) < before_ms;
}

}  // namespace

Result<int64_t> EvictExpiredStreamRows(const catalog::TableRecord& table, const JobContext& ctx, int64_t now_ms) {
  if (table.type != TableType::kStream || !table.ttl_seconds) return int64_t{0};
  const std::string family = catalog::FamilyOf(table, 0);
  if (!ctx.store->HasColumnFamily(family)) return int64_t{0};
  const int64_t before_ms = now_ms - *table.ttl_seconds * 1000;
  // Candidates by the shard whose writer writes them (a user's rows: the user's shard).
  std::map<int, std::vector<std::string>> by_shard;
  KALAM_RETURN_IF_ERROR(ctx.store->ScanPrefix(family, "", [&](std::string_view key, std::string_view value) {
    if (Expired(value, before_ms)) {
      const size_t zero = key.find('\0');
      const std::string_view user = zero == std::string_view::npos ? key : key.substr(0, zero);
      by_shard[ShardOf(user, ctx.user_shards)].emplace_back(key);
    }
    return true;
  }));
  int64_t removed = 0;
  for (auto& [shard, keys] : by_shard) {
    for (size_t begin = 0; begin < keys.size(); begin += kBatch) {
      const size_t end = std::min(keys.size(), begin + kBatch);
      KALAM_RETURN_IF_ERROR(ctx.writers->ForShard(shard).RunExclusive([&]() -> Status {
        std::vector<std::string_view> batch(keys.begin() + static_cast<std::ptrdiff_t>(begin),
                                            keys.begin() + static_cast<std::ptrdiff_t>(end));
        KALAM_ASSIGN_OR_RETURN(auto values, ctx.store->MultiGet(family, batch));
        std::vector<store::WriteOp> ops;
        for (size_t i = 0; i < batch.size(); ++i) {
          if (values[i] && Expired(*values[i], before_ms)) ops.push_back(store::WriteOp{family, std::string(batch[i]), std::nullopt});
        }
        removed += static_cast<int64_t>(ops.size());
        return ops.empty() ? Status::OK() : ctx.store->Write(ops, /*sync=*/false);
      }));
    }
  }
  return removed;
}

}  // namespace kalam::jobs
