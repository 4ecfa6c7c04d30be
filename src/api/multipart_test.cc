#include "api/multipart.h"

#include <gtest/gtest.h>

namespace kalam::api {
namespace {

TEST(MultipartTest, PartsOfAForm) {
  const std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
      "--XyZ\r\ncontent-disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline1\r\nline2 --XyZ not a delimiter\r\n--XyZ--\r\nepilogue";
  auto parts = ParseMultipart("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "note");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].data, "hello");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "a \"b\".txt");
  EXPECT_EQ((*parts)[1].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].data, "line1\r\nline2 --XyZ not a delimiter");
  // A quoted boundary, an empty file, binary bytes.
  const std::string binary = std::string("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"z\"\r\n\r\n") +
                             std::string("\0\xff\r", 3) + "\r\n--b--";
  parts = ParseMultipart("Multipart/Form-Data; charset=utf-8; boundary=\"b\"", binary);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ((*parts)[0].data, std::string_view("\0\xff\r", 3));
}

TEST(MultipartTest, MalformedBodiesAreInvalidParameters) {
  for (auto [type, body] : std::initializer_list<std::pair<const char*, const char*>>{
           {"application/json", "{}"},
           {"multipart/form-data", "--x\r\n\r\n--x--"},                     // no boundary
           {"multipart/form-data; boundary=x", "nothing here"},             // no delimiter
           {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\""},  // headers never end
           {"multipart/form-data; boundary=x", "--x\r\n\r\ndata without an end"},
           {"multipart/form-data; boundary=x", "--xjunk"},
       }) {
    auto parts = ParseMultipart(type, body);
    ASSERT_FALSE(parts.ok()) << body;
    EXPECT_EQ(parts.error().code(), ErrorCode::kInvalidParameter) << body;
  }
}

}  // namespace
}  // namespace kalam::api
