// The signer against AWS's published Signature Version 4 examples (s3rver does not check
// signatures, so these vectors are what proves the signer right).
#include "objstore/sigv4.h"

#include <gtest/gtest.h>

namespace kalam::objstore {
namespace {

TEST(SigV4Test, AwsTestSuiteGetVanilla) {
  SigV4Request r{"GET", "/", "", {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
                 Sha256Hex("")};
  SigV4Key key{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service"};
  EXPECT_EQ(SignV4(r, key, "20150830T123600Z"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, AwsS3DocumentationGetObjectWithRange) {
  const std::string empty = Sha256Hex("");
  EXPECT_EQ(empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  SigV4Request r{"GET", "/test.txt", "",
                 {{"Host", "examplebucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"},
                  {"x-amz-content-sha256", empty}, {"x-amz-date", "20130524T000000Z"}},
                 empty};
  SigV4Key key{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3"};
  EXPECT_EQ(SignV4(r, key, "20130524T000000Z"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, UriEncoding) {
  EXPECT_EQ(UriEncode("app/users/t/shard-1/al ice+x", false), "app/users/t/shard-1/al%20ice%2Bx");
  EXPECT_EQ(UriEncode("a/b", true), "a%2Fb");
}

}  // namespace
}  // namespace kalam::objstore
