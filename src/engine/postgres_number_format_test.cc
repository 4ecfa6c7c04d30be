#include "engine/internal/postgres_number_format.h"

#include <gtest/gtest.h>

#include <string>

namespace kalam::engine::internal {
namespace {

std::string Format(const char* number, const char* pattern) {
  auto r = FormatNumber(number, pattern);
  return r.ok() ? *r : "ERROR: " + r.error().message();
}

// The examples of PostgreSQL 15's documentation (Table 9.29, "to_char Examples"), C locale.
TEST(PostgresNumberFormatTest, PostgresDocumentationExamples) {
  EXPECT_EQ(Format("-0.1", "99.99"), "  -.10");
  EXPECT_EQ(Format("-0.1", "FM9.99"), "-.1");
  EXPECT_EQ(Format("-0.1", "FM90.99"), "-0.1");
  EXPECT_EQ(Format("0.1", "0.9"), " 0.1");
  EXPECT_EQ(Format("12", "9990999.9"), "    0012.0");
  EXPECT_EQ(Format("12", "FM9990999.9"), "0012.");
  EXPECT_EQ(Format("485", "999"), " 485");
  EXPECT_EQ(Format("-485", "999"), "-485");
  EXPECT_EQ(Format("485", "9 9 9"), " 4 8 5");
  EXPECT_EQ(Format("1485", "9,999"), " 1,485");
  EXPECT_EQ(Format("1485", "9G999"), " 1,485");
  EXPECT_EQ(Format("148.5", "999.999"), " 148.500");
  EXPECT_EQ(Format("148.5", "FM999.999"), "148.5");
  EXPECT_EQ(Format("148.5", "FM999.990"), "148.500");
  EXPECT_EQ(Format("148.5", "999D999"), " 148.500");
  EXPECT_EQ(Format("3148.5", "9G999D999"), " 3,148.500");
  EXPECT_EQ(Format("-485", "999S"), "485-");
  EXPECT_EQ(Format("-485", "999MI"), "485-");
  EXPECT_EQ(Format("485", "999MI"), "485 ");
  EXPECT_EQ(Format("485", "FM999MI"), "485");
  EXPECT_EQ(Format("485", "PL999"), "+485");
  EXPECT_EQ(Format("485", "SG999"), "+485");
  EXPECT_EQ(Format("-485", "SG999"), "-485");
  EXPECT_EQ(Format("-485", "9SG99"), "4-85");
  EXPECT_EQ(Format("-485", "999PR"), "<485>");
  EXPECT_EQ(Format("485", "RN"), "        CDLXXXV");
  EXPECT_EQ(Format("5.2", "FMRN"), "V");
  EXPECT_EQ(Format("482", "999th"), " 482nd");
  EXPECT_EQ(Format("485", "\"Good number:\"999"), "Good number: 485");
  EXPECT_EQ(Format("485.8", "\"Pre:\"999\" Post:\" .999"), "Pre: 485 Post: .800");
  EXPECT_EQ(Format("12", "99V999"), " 12000");
  EXPECT_EQ(Format("12.4", "99V999"), " 12400");
  EXPECT_EQ(Format("12.45", "99V9"), " 125");
  EXPECT_EQ(Format("0.0004859", "9.99EEEE"), " 4.86e-04");
}

TEST(PostgresNumberFormatTest, WhatDashboardsFormat) {
  EXPECT_EQ(Format("1234567.891", "FM999,999,990.00"), "1,234,567.89");
  EXPECT_EQ(Format("12", "FM999,999,990.00"), "12.00");
  EXPECT_EQ(Format("0", "FM999,990.00"), "0.00");
  EXPECT_EQ(Format("0", "999"), "   0");
  EXPECT_EQ(Format("-2.5", "FM990.0"), "-2.5");
  EXPECT_EQ(Format("2.675", "FM0.00"), "2.68");    // half away from zero, as numeric rounds
  EXPECT_EQ(Format("-2.675", "FM0.00"), "-2.68");
  EXPECT_EQ(Format("-0.001", "FM0.00"), "0.00");   // no negative zero
  EXPECT_EQ(Format("9.995", "FM0.00"), "#.##");      // rounds to 10.00, too wide for one digit
  EXPECT_EQ(Format("9.995", "FM90.00"), "10.00");
  EXPECT_EQ(Format("12345", "999"), " ###");        // too wide: # for each digit
  EXPECT_EQ(Format("12345", "99.9"), " ##.#");
  EXPECT_EQ(Format("1e+20", "FM9EEEE"), "1e+20");
  EXPECT_EQ(Format("1.5e-3", "FM0.0000"), "0.0015");
  EXPECT_EQ(Format("42", "00000"), " 00042");
  EXPECT_EQ(Format("7", "FM00"), "07");
  EXPECT_EQ(Format("1", "FM9th"), "1st");
  EXPECT_EQ(Format("13", "FM99TH"), "13TH");
  EXPECT_EQ(Format("inf", "999"), " ###");
  EXPECT_EQ(Format("50", "FM990\"%\""), "50%");
  EXPECT_EQ(Format("9.995", "9.99EEEE"), " 1.00e+01");
  EXPECT_EQ(Format("0", "9.99EEEE"), " 0.00e+00");
  // A huge exponent is too wide at once, without writing its digits out.
  EXPECT_EQ(Format("1e99999999", "FM999"), "###");
  EXPECT_EQ(Format("1e99999999", "RN"), "###############");
  EXPECT_EQ(Format("1e-99999999", "FM0.00"), "0.00");
  EXPECT_EQ(Format("1e99999999", "9.9EEEE"), " 1.0e+99999999");
  EXPECT_EQ(Format("1e2147483647", "9"), "ERROR: value overflows numeric format");
}

TEST(PostgresNumberFormatTest, Errors) {
  EXPECT_EQ(Format("1", "9.9.9"), "ERROR: multiple decimal points");
  EXPECT_EQ(Format("1", "99V9.9"), "ERROR: cannot use \"V\" and decimal point together");
  EXPECT_EQ(Format("1", "S9S"), "ERROR: cannot use \"S\" twice");
  EXPECT_EQ(Format("1", "L999"), "ERROR: to_char: the pattern element \"L\" (a currency symbol) is not supported");
  EXPECT_EQ(Format("abc", "999"), "ERROR: invalid input syntax for type numeric: \"abc\"");
  EXPECT_TRUE(IsNumberPattern("FM999.00"));
  EXPECT_TRUE(IsNumberPattern("RN"));
  EXPECT_FALSE(IsNumberPattern("YYYY-MM-DD \"9\""));
  EXPECT_FALSE(IsNumberPattern("HH24:MI"));
}

}  // namespace
}  // namespace kalam::engine::internal
