#include "api/http_wire.h"

#include <gtest/gtest.h>

namespace kalam::api {
namespace {

HttpResponse Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(HttpWireTest, KeepAliveHttp11CarriesLengthAndNoConnectionHeader) {
  EXPECT_EQ(SerializeResponse(Json(200, "{\"a\":1}"), 11, true, std::nullopt),
            "HTTP/1.1 200 OK\r\nServer: kalamdb\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n"
            "{\"a\":1}");
}

TEST(HttpWireTest, ClosingAndHttp10ResponsesSayWhatDiffersFromTheDefault) {
  EXPECT_EQ(SerializeResponse(Json(413, "x"), 11, false, std::nullopt),
            "HTTP/1.1 413 Payload Too Large\r\nServer: kalamdb\r\nContent-Type: application/json\r\n"
            "Connection: close\r\nContent-Length: 1\r\n\r\nx");
  EXPECT_EQ(SerializeResponse(Json(404, ""), 10, true, std::nullopt),
            "HTTP/1.0 404 Not Found\r\nServer: kalamdb\r\nContent-Type: application/json\r\n"
            "Connection: keep-alive\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(SerializeResponse(Json(503, "y"), 10, false, std::nullopt),
            "HTTP/1.0 503 Service Unavailable\r\nServer: kalamdb\r\nContent-Type: application/json\r\n"
            "Content-Length: 1\r\n\r\ny");
}

TEST(HttpWireTest, CorsHeadersAndBodylessStatuses) {
  HttpResponse r = Json(204, "ignored");
  r.content_type = "text/plain";
  EXPECT_EQ(SerializeResponse(r, 11, true, std::string("https://app.example")),
            "HTTP/1.1 204 No Content\r\nServer: kalamdb\r\nContent-Type: text/plain\r\n"
            "Access-Control-Allow-Origin: https://app.example\r\nVary: Origin\r\n\r\n");
  EXPECT_EQ(ReasonPhrase(429), "Too Many Requests");
  EXPECT_EQ(ReasonPhrase(599), "Unknown");
}

}  // namespace
}  // namespace kalam::api
