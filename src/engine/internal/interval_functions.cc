#include "engine/internal/interval_functions.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "duckdb/catalog/catalog_entry/scalar_function_catalog_entry.hpp"
#include "duckdb/function/scalar_function.hpp"
#include "duckdb/main/client_context.hpp"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

constexpr int64_t kMicrosPerDay = duckdb::Interval::MICROS_PER_DAY;
constexpr int32_t kDaysPerMonth = 30;

void AddIntervalDivision(duckdb::Connection& admin) {
  std::vector<duckdb::ScalarFunction> overloads;
  admin.BeginTransaction();
  auto& catalog = duckdb::Catalog::GetSystemCatalog(*admin.context);
  auto& divide = catalog.GetEntry<duckdb::ScalarFunctionCatalogEntry>(*admin.context, DEFAULT_SCHEMA, "/");
  for (const duckdb::ScalarFunction& fn : divide.functions.functions) {
    if (!fn.arguments.empty() && fn.arguments[0].id() == duckdb::LogicalTypeId::INTERVAL) overloads.push_back(fn);
  }
  admin.Commit();
  for (duckdb::ScalarFunction& fn : overloads) {
    fn.name = "//";
    RegisterScalarFunction(admin, std::move(fn), /*overload=*/true);
  }
}

// PostgreSQL's interval_justify_hours, _days and _interval (src/backend/utils/adt/timestamp.c).

/// Makes the signs of a larger and a smaller part agree, borrowing one `unit` of the smaller.
template <class Big, class Small>
void AgreeSigns(Big& big, Small& small, Small unit) {
  if (big > 0 && small < 0) {
    small += unit;
    --big;
  } else if (big < 0 && small > 0) {
    small -= unit;
    ++big;
  }
}

/// Moves the whole `unit`s of `small` into `big`.
template <class Big, class Small>
void CarryWhole(Big& big, Small& small, Small unit) {
  big += static_cast<Big>(small / unit);
  small %= unit;
}

duckdb::interval_t JustifyHours(duckdb::interval_t i) {
  CarryWhole(i.days, i.micros, kMicrosPerDay);
  AgreeSigns(i.days, i.micros, kMicrosPerDay);
  return i;
}

duckdb::interval_t JustifyDays(duckdb::interval_t i) {
  CarryWhole(i.months, i.days, kDaysPerMonth);
  AgreeSigns(i.months, i.days, kDaysPerMonth);
  return i;
}

duckdb::interval_t JustifyInterval(duckdb::interval_t i) {
  CarryWhole(i.days, i.micros, kMicrosPerDay);
  CarryWhole(i.months, i.days, kDaysPerMonth);
  // Months against days, counting the time when there are no days.
  if (i.months > 0 && (i.days < 0 || (i.days == 0 && i.micros < 0))) {
    i.days += kDaysPerMonth;
    --i.months;
  } else if (i.months < 0 && (i.days > 0 || (i.days == 0 && i.micros > 0))) {
    i.days -= kDaysPerMonth;
    ++i.months;
  }
  AgreeSigns(i.days, i.micros, kMicrosPerDay);
  return i;
}

template <duckdb::interval_t (*kJustify)(duckdb::interval_t)>
void Justify(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  duckdb::UnaryExecutor::Execute<duckdb::interval_t, duckdb::interval_t>(args.data[0], result, args.size(), kJustify);
}

int32_t Narrow(int64_t v) {
  if (v > INT32_MAX || v < INT32_MIN) throw duckdb::OutOfRangeException("interval out of range");
  return static_cast<int32_t>(v);
}

/// make_interval's parts, each checked as PostgreSQL does ("interval out of range").
void MakeInterval(duckdb::DataChunk& args, duckdb::ExpressionState&, duckdb::Vector& result) {
  const duckdb::idx_t count = args.size();
  duckdb::UnifiedVectorFormat in[7];
  for (int c = 0; c < 7; ++c) args.data[c].ToUnifiedFormat(count, in[c]);
  result.SetVectorType(duckdb::VectorType::FLAT_VECTOR);
  auto* out = duckdb::FlatVector::GetData<duckdb::interval_t>(result);
  auto& validity = duckdb::FlatVector::Validity(result);
  for (duckdb::idx_t row = 0; row < count; ++row) {
    int64_t part[6];
    bool null = false;
    for (int c = 0; c < 6; ++c) {
      const auto idx = in[c].sel->get_index(row);
      null |= !in[c].validity.RowIsValid(idx);
      part[c] = duckdb::UnifiedVectorFormat::GetData<int64_t>(in[c])[idx];
    }
    const auto sidx = in[6].sel->get_index(row);
    null |= !in[6].validity.RowIsValid(sidx);
    if (null) {
      validity.SetInvalid(row);
      continue;
    }
    const double secs = duckdb::UnifiedVectorFormat::GetData<double>(in[6])[sidx];
    int64_t months = 0, days = 0, micros = 0, hour_micros = 0, min_micros = 0;
    if (!std::isfinite(secs) || std::fabs(secs) > 9.2e12 || __builtin_mul_overflow(part[0], 12, &months) ||
        __builtin_add_overflow(months, part[1], &months) || __builtin_mul_overflow(part[2], 7, &days) ||
        __builtin_add_overflow(days, part[3], &days) ||
        __builtin_mul_overflow(part[4], duckdb::Interval::MICROS_PER_HOUR, &hour_micros) ||
        __builtin_mul_overflow(part[5], duckdb::Interval::MICROS_PER_MINUTE, &min_micros) ||
        __builtin_add_overflow(hour_micros, min_micros, &micros) ||
        __builtin_add_overflow(micros, static_cast<int64_t>(std::llround(secs * 1e6)), &micros)) {
      throw duckdb::OutOfRangeException("interval out of range");
    }
    out[row] = duckdb::interval_t{Narrow(months), Narrow(days), micros};
  }
}

}  // namespace

void RegisterIntervalFunctions(duckdb::Connection& admin) {
  AddIntervalDivision(admin);
  const auto interval = duckdb::LogicalType::INTERVAL;
  RegisterScalarFunction(admin, duckdb::ScalarFunction("justify_hours", {interval}, interval, Justify<JustifyHours>));
  RegisterScalarFunction(admin, duckdb::ScalarFunction("justify_days", {interval}, interval, Justify<JustifyDays>));
  RegisterScalarFunction(admin,
                         duckdb::ScalarFunction("justify_interval", {interval}, interval, Justify<JustifyInterval>));
  const auto big = duckdb::LogicalType::BIGINT;
  RegisterScalarFunction(admin, duckdb::ScalarFunction("kalam_make_interval",
                                                       {big, big, big, big, big, big, duckdb::LogicalType::DOUBLE},
                                                       interval, MakeInterval));
  auto macro = admin.Query(
      "CREATE MACRO make_interval(years := 0, months := 0, weeks := 0, days := 0, hours := 0, mins := 0, "
      "secs := 0.0) AS kalam_make_interval(years, months, weeks, days, hours, mins, secs)");
  if (macro->HasError()) macro->ThrowError();
}

}  // namespace kalam::engine::internal
