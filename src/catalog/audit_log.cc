#include "catalog/audit_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace kalam::catalog {
namespace {
constexpr std::string_view kPrefix = "audit/";
}  // namespace

void AuditEntry::Serialize(serde::Writer& w) const {
  w.WriteInt("audit_id", audit_id);
  w.WriteInt("timestamp", timestamp_us);
  w.WriteString("actor", actor);
  w.WriteString("action", action);
  w.WriteString("target", target);
  w.WriteString("details", details);
  w.WriteString("client_addr", client_addr);
}

Result<AuditEntry> AuditEntry::Deserialize(const serde::Reader& r) {
  AuditEntry e;
  KALAM_ASSIGN_OR_RETURN(e.audit_id, r.ReadInt("audit_id"));
  KALAM_ASSIGN_OR_RETURN(e.timestamp_us, r.ReadInt("timestamp"));
  KALAM_ASSIGN_OR_RETURN(e.actor, r.ReadString("actor"));
  KALAM_ASSIGN_OR_RETURN(e.action, r.ReadString("action"));
  KALAM_ASSIGN_OR_RETURN(e.target, r.ReadString("target"));
  KALAM_ASSIGN_OR_RETURN(e.details, r.ReadString("details"));
  KALAM_ASSIGN_OR_RETURN(e.client_addr, r.ReadString("client_addr"));
  return e;
}

std::string AuditLog::KeyOf(int64_t id) { return fmt::format("{}{:020}", kPrefix, id); }

Status AuditLog::Load() {
  std::optional<int64_t> first, last;
  Status s = store_->ScanPrefix(store::Store::kSystemFamily, kPrefix, [&](std::string_view key, std::string_view) {
    int64_t id = std::stoll(std::string(key.substr(kPrefix.size())));
    if (!first) first = id;
    last = id;
    return true;
  });
  KALAM_RETURN_IF_ERROR(s);
  std::lock_guard lock(mu_);
  if (first) {
    first_id_ = *first;
    next_id_ = *last + 1;
  }
  return Status::OK();
}

void AuditLog::Append(std::string actor, std::string action, std::string target, std::string details,
                      std::string client_addr) {
  AuditEntry e;
  e.timestamp_us = clock_->NowMicros();
  e.actor = std::move(actor);
  e.action = std::move(action);
  e.target = std::move(target);
  e.details = std::move(details);
  e.client_addr = std::move(client_addr);
  std::vector<store::WriteOp> ops;
  {
    std::lock_guard lock(mu_);
    e.audit_id = next_id_++;
    ops.push_back(store::WriteOp{std::string(store::Store::kSystemFamily), KeyOf(e.audit_id),
                                 serde::Encode(e, format_)});
    while (next_id_ - first_id_ > max_entries_) {
      ops.push_back(store::WriteOp{std::string(store::Store::kSystemFamily), KeyOf(first_id_++), std::nullopt});
    }
    // Written under the lock so entries land in id order.
    Status s = store_->Write(ops, /*sync=*/false);
    if (!s.ok()) spdlog::error("audit log: could not write entry {}: {}", e.audit_id, s.message());
  }
}

Result<std::vector<AuditEntry>> AuditLog::List() const {
  std::vector<AuditEntry> out;
  Status decode_error;
  Status s = store_->ScanPrefix(store::Store::kSystemFamily, kPrefix, [&](std::string_view, std::string_view value) {
    auto e = serde::Decode<AuditEntry>(value, format_);
    if (!e.ok()) {
      decode_error = e.error();
      return false;
    }
    out.push_back(std::move(e).value());
    return true;
  });
  KALAM_RETURN_IF_ERROR(s);
  KALAM_RETURN_IF_ERROR(decode_error);
  return out;
}

SystemTable MakeAuditLogTable(const AuditLog* log) {
  SystemTable t;
  t.name = "audit_log";
  t.columns = {
      {"audit_id", DataType::Of(TypeId::kBigInt), {"pk", "nn"}},
      {"timestamp", DataType::Of(TypeId::kTimestamp), {"nn"}},
      {"actor", DataType::Of(TypeId::kText), {"nn"}},
      {"action", DataType::Of(TypeId::kText), {"nn"}},
      {"target", DataType::Of(TypeId::kText), {"nn"}},
      {"details", DataType::Of(TypeId::kText), {"nn"}},
      {"client_addr", DataType::Of(TypeId::kText), {"nn"}},
  };
  t.any_role = false;
  t.rows = [log](const Caller&) -> Result<std::vector<Row>> {
    KALAM_ASSIGN_OR_RETURN(auto entries, log->List());
    std::vector<Row> rows;
    rows.reserve(entries.size());
    for (auto& e : entries) {
      rows.push_back(Row{e.audit_id, e.timestamp_us, std::move(e.actor), std::move(e.action),
                         std::move(e.target), std::move(e.details), std::move(e.client_addr)});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
