#pragma once

#include <cstdint>

#include "common/enum_names.h"

namespace kalam {

enum class TableType : uint8_t { kUser = 1, kShared = 2, kStream = 3, kSystem = 4 };
enum class Role : uint8_t { kUser = 1, kService = 2, kDba = 3, kSystem = 4 };
enum class AccessLevel : uint8_t { kPublic = 1, kPrivate = 2, kRestricted = 3 };
enum class StorageType : uint8_t { kFilesystem = 1, kS3 = 2 };
enum class JobType : uint8_t {
  kFlush = 1,
  kCompact = 2,
  kCleanup = 3,
  kRetention = 4,
  kStreamEviction = 5,
  kBackup = 6,
  kRestore = 7,
  kUserExport = 8,
};
enum class JobStatus : uint8_t {
  kQueued = 1,
  kRunning = 2,
  kCompleted = 3,
  kFailed = 4,
  kCancelled = 5,
  kSkipped = 6,
};

template <>
struct EnumNames<TableType> {
  static constexpr std::string_view kWhat = "table type";
  static constexpr std::array<std::pair<TableType, std::string_view>, 4> kNames = {{
      {TableType::kUser, "user"},
      {TableType::kShared, "shared"},
      {TableType::kStream, "stream"},
      {TableType::kSystem, "system"},
  }};
};

template <>
struct EnumNames<Role> {
  static constexpr std::string_view kWhat = "role";
  static constexpr std::array<std::pair<Role, std::string_view>, 4> kNames = {{
      {Role::kUser, "user"},
      {Role::kService, "service"},
      {Role::kDba, "dba"},
      {Role::kSystem, "system"},
  }};
};

template <>
struct EnumNames<AccessLevel> {
  static constexpr std::string_view kWhat = "access level";
  static constexpr std::array<std::pair<AccessLevel, std::string_view>, 3> kNames = {{
      {AccessLevel::kPublic, "public"},
      {AccessLevel::kPrivate, "private"},
      {AccessLevel::kRestricted, "restricted"},
  }};
};

template <>
struct EnumNames<StorageType> {
  static constexpr std::string_view kWhat = "storage type";
  static constexpr std::array<std::pair<StorageType, std::string_view>, 2> kNames = {{
      {StorageType::kFilesystem, "filesystem"},
      {StorageType::kS3, "s3"},
  }};
};

template <>
struct EnumNames<JobType> {
  static constexpr std::string_view kWhat = "job type";
  static constexpr std::array<std::pair<JobType, std::string_view>, 8> kNames = {{
      {JobType::kFlush, "flush"},
      {JobType::kCompact, "compact"},
      {JobType::kCleanup, "cleanup"},
      {JobType::kRetention, "retention"},
      {JobType::kStreamEviction, "stream_eviction"},
      {JobType::kBackup, "backup"},
      {JobType::kRestore, "restore"},
      {JobType::kUserExport, "user_export"},
  }};
};

template <>
struct EnumNames<JobStatus> {
  static constexpr std::string_view kWhat = "job status";
  static constexpr std::array<std::pair<JobStatus, std::string_view>, 6> kNames = {{
      {JobStatus::kQueued, "queued"},
      {JobStatus::kRunning, "running"},
      {JobStatus::kCompleted, "completed"},
      {JobStatus::kFailed, "failed"},
      {JobStatus::kCancelled, "cancelled"},
      {JobStatus::kSkipped, "skipped"},
  }};
};

/// How a column gets a value when an INSERT leaves it out.
enum class DefaultKind : uint8_t {
  kNone = 0,
  kLiteral = 1,
  kNow = 2,
  kSnowflakeId = 3,
  kUuidV7 = 4,
  kCurrentUser = 5,
  kUuidV4 = 6,       // gen_random_uuid()
  kCurrentDate = 7,  // CURRENT_DATE
};

template <>
struct EnumNames<DefaultKind> {
  static constexpr std::string_view kWhat = "default kind";
  static constexpr std::array<std::pair<DefaultKind, std::string_view>, 8> kNames = {{
      {DefaultKind::kNone, "none"},
      {DefaultKind::kLiteral, "literal"},
      {DefaultKind::kNow, "now"},
      {DefaultKind::kSnowflakeId, "snowflake_id"},
      {DefaultKind::kUuidV7, "uuid_v7"},
      {DefaultKind::kCurrentUser, "current_user"},
      {DefaultKind::kUuidV4, "uuid_v4"},
      {DefaultKind::kCurrentDate, "current_date"},
  }};
};

/// Job id prefix of CONTRACT §6 ("FL", "CO", ...).
std::string_view JobIdPrefix(JobType type);

}  // namespace kalam
