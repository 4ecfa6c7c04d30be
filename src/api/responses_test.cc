#include "api/responses.h"
#include "common/value_json.h"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kalam::api {
namespace {

std::string Encode(const Value& v, DataType t) {
  std::string out;
  AppendValueJson(&out, v, t);
  return out;
}

TEST(ResponsesTest, ValueEncodingOfContract) {
  EXPECT_EQ(Encode(int64_t{7241902381826048}, DataType::Of(TypeId::kBigInt)), "\"7241902381826048\"");
  EXPECT_EQ(Encode(int64_t{7}, DataType::Of(TypeId::kInt)), "7");
  EXPECT_EQ(Encode(std::string("1.50"), DataType::Decimal(10, 2)), "\"1.50\"");
  EXPECT_EQ(Encode(1.25, DataType::Of(TypeId::kDouble)), "1.25");
  EXPECT_EQ(Encode(NAN, DataType::Of(TypeId::kDouble)), "\"NaN\"");
  EXPECT_EQ(Encode(true, DataType::Of(TypeId::kBoolean)), "true");
  EXPECT_EQ(Encode(int64_t{1795756247123456}, DataType::Of(TypeId::kTimestamp)),
            "\"2026-11-27T05:10:47.123456Z\"");
  EXPECT_EQ(Encode(int64_t{20784}, DataType::Of(TypeId::kDate)), "\"2026-11-27\"");
  EXPECT_EQ(Encode(int64_t{18647123456}, DataType::Of(TypeId::kTime)), "\"05:10:47.123456\"");
  EXPECT_EQ(Encode(std::string("{\"a\":1}"), DataType::Of(TypeId::kJson)), "{\"a\":1}");
  EXPECT_EQ(Encode(std::string("\x01\x02", 2), DataType::Of(TypeId::kBytes)), "\"AQI=\"");
  EXPECT_EQ(Encode(std::monostate{}, DataType::Of(TypeId::kText)), "null");
  EXPECT_EQ(Encode(std::string("a\"b"), DataType::Of(TypeId::kText)), "\"a\\\"b\"");
}

TEST(ResponsesTest, SuccessBodyShape) {
  exec::BatchResult batch;
  exec::StatementResult select;
  select.rows = RowSet{{{"id", DataType::Of(TypeId::kBigInt), {"pk", "nn"}},
                        {"body", DataType::Of(TypeId::kText), {}}},
                       {{int64_t{1}, std::string("hi")}}};
  select.row_count = 1;
  exec::StatementResult dml;
  dml.row_count = 2;
  dml.message = "2 rows inserted.";
  batch.results = {select, dml};
  HttpResponse r = BatchResponse(batch, 1.7344);
  EXPECT_EQ(r.status, 200);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["status"], "success");
  EXPECT_EQ(r.body.find("\"took_ms\":1.734,"), 20u);
  EXPECT_EQ(j["results"][0]["schema"][0]["flags"], nlohmann::json::array({"pk", "nn"}));
  EXPECT_EQ(j["results"][0]["schema"][1]["index"], 1);
  EXPECT_FALSE(j["results"][0]["schema"][1].contains("flags"));
  EXPECT_EQ(j["results"][0]["rows"][0][0], "1");
  EXPECT_EQ(j["results"][0]["row_count"], 1);
  EXPECT_EQ(j["results"][1]["message"], "2 rows inserted.");
  EXPECT_FALSE(j["results"][1].contains("rows"));
}

TEST(ResponsesTest, ErrorBodyShape) {
  HttpResponse r = ErrorResponse(
      Status(ErrorCode::kTableNotFound, "relation \"app.nope\" does not exist", 15), 0.41, 0);
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["results"], nlohmann::json::array());
  EXPECT_EQ(j["error"]["code"], "TABLE_NOT_FOUND");
  EXPECT_EQ(j["error"]["sqlstate"], "42P01");
  EXPECT_EQ(j["error"]["statement_index"], 0);
  EXPECT_EQ(j["error"]["position"], 15);
  EXPECT_EQ(ErrorResponse(Status(ErrorCode::kPermissionDenied, "x"), 0).status, 403);
}

}  // namespace
}  // namespace kalam::api
