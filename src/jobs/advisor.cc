#include "jobs/advisor.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include <fmt/format.h>

#include "catalog/flush_policy.h"
#include "catalog/table_families.h"
#include "common/enum_names.h"

namespace kalam::jobs {
namespace {

/// Severities, worst first (the order rows are listed in).
constexpr std::string_view kSeverities[] = {"critical", "warning", "info"};
constexpr std::string_view kWarning = kSeverities[1];
constexpr std::string_view kInfo = kSeverities[2];

size_t RankOf(std::string_view severity) {
  size_t rank = 0;
  while (rank < std::size(kSeverities) && kSeverities[rank] != severity) ++rank;
  return rank;
}

struct Advice {
  std::string rule;
  std::string_view severity;
  std::string target;
  std::string message;
  int64_t created_at_us;
};

/// `AD-` + 12 hex digits of FNV-1a over (rule, target).
std::string AdviceId(const Advice& a) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(a.rule);
  mix(std::string_view("\0", 1));
  mix(a.target);
  return fmt::format("AD-{:012x}", h & 0xFFFFFFFFFFFFULL);
}

void TableAdvice(const AdvisorInputs& in, std::vector<Advice>& out) {
  const int64_t now = in.clock->NowMicros();
  for (const auto& table : in.catalog->tables().List()) {
    const std::string target = table.id.ToString();
    if (table.type == TableType::kStream && table.ttl_seconds.value_or(0) <= 0) {
      out.push_back({"stream_without_ttl", kWarning, target,
                     fmt::format("STREAM table {} keeps every row: set TTL_SECONDS so old rows expire", target),
                     table.created_at_us});
    }
    if (table.type != TableType::kUser && table.type != TableType::kShared) continue;
    auto policy = catalog::ParseFlushPolicy(table.flush_policy);
    const int64_t limit = policy.ok() && policy->rows ? *policy->rows : in.flush_rows;
    int64_t hot = 0;
    for (const auto& family : catalog::FamiliesOf(table, in.user_shards)) {
      if (in.store->HasColumnFamily(family)) hot += in.store->EstimateKeys(family);
    }
    if (limit > 0 && hot > kFlushBehindFactor * limit) {
      out.push_back({"flush_behind", kWarning, target,
                     fmt::format("about {} rows of {} wait in the hot store, over {}× its flush limit of {}: flushes "
                                 "fail or do not keep up (see system.jobs), or FLUSH_POLICY is too low",
                                 hot, target, kFlushBehindFactor, limit),
                     now});
    }
  }
}

}  // namespace

std::vector<ColumnInfo> AdviceColumns() {
  auto text = DataType::Of(TypeId::kText);
  return {ColumnInfo{"advice_id", text, {"pk"}}, ColumnInfo{"rule", text, {}},    ColumnInfo{"severity", text, {}},
          ColumnInfo{"target", text, {}},        ColumnInfo{"message", text, {}},
          ColumnInfo{"created_at", DataType::Of(TypeId::kTimestamp), {}}};
}

std::vector<Row> AdviceRows(const AdvisorInputs& in) {
  std::vector<Advice> advice;
  const int64_t now = in.clock->NowMicros();
  if (auto root = in.catalog->users().Get(UserId("root")); root && root->password_hash.empty()) {
    advice.push_back({"root_password_empty", kWarning, "root",
                      "user root has no password: it logs in from loopback only, with an empty one; set one "
                      "(ALTER USER root SET PASSWORD '…', or KALAMDB_ROOT_PASSWORD)",
                      root->created_at_us});
  }
  if (!in.sync_writes) {
    advice.push_back({"sync_writes_off", kInfo, "[storage] sync_writes",
                      "writes are acknowledged before they reach the disk: a power failure can lose the last "
                      "ones (a crash of the server alone loses none); set sync_writes = true unless that is acceptable",
                      in.started_at_us});
  }
  TableAdvice(in, advice);
  for (const auto& job : in.catalog->jobs().List()) {
    if (job.status != JobStatus::kFailed || !job.finished_at_us || now - *job.finished_at_us > kFailedJobAdviceUs) {
      continue;
    }
    const std::string what = job.table_name ? fmt::format("{} of {}.{}", ToString(job.type),
                                                          job.namespace_id.value_or(""), *job.table_name)
                                            : std::string(ToString(job.type));
    advice.push_back({"job_failed", kWarning, job.job_id,
                      fmt::format("job {} ({}) failed: {}", job.job_id, what, job.message), *job.finished_at_us});
  }
  std::sort(advice.begin(), advice.end(), [](const Advice& a, const Advice& b) {
    return std::tuple(RankOf(a.severity), a.rule, a.target) < std::tuple(RankOf(b.severity), b.rule, b.target);
  });
  std::vector<Row> rows;
  for (auto& a : advice) {
    rows.push_back(Row{Value(AdviceId(a)), Value(a.rule), Value(std::string(a.severity)), Value(a.target),
                       Value(a.message), Value(a.created_at_us)});
  }
  return rows;
}

}  // namespace kalam::jobs
