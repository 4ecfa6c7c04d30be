#include "common/enums.h"

namespace kalam {

std::string_view JobIdPrefix(JobType type) {
  switch (type) {
    case JobType::kFlush:
      return "FL";
    case JobType::kCompact:
      return "CO";
    case JobType::kCleanup:
      return "CL";
    case JobType::kRetention:
      return "RT";
    case JobType::kStreamEviction:
      return "SE";
    case JobType::kBackup:
      return "BK";
    case JobType::kRestore:
      return "RS";
    case JobType::kUserExport:
      return "UE";
  }
  return "??";
}

}  // namespace kalam
