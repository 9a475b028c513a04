// Spreadsheet bombs: small files that unpack to gigabytes. Each is read in a
// child process whose address space is capped well below what the file
// unpacks to, so a reader that holds the sheet (or a cell) whole runs out of
// memory there instead of answering with the limit it passed.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>

#include "platform/text/table.hpp"
#include "support/zip_writer.hpp"

using namespace gridgov;

namespace {

using gridgov::testing::zip_of;
using Part = gridgov::testing::ZipPart;
using Sink = gridgov::testing::ZipSink;
const auto small = gridgov::testing::zip_part;

std::vector<Part> workbook(Part sheet, std::optional<Part> strings = std::nullopt) {
  std::vector<Part> parts = {
      small("xl/workbook.xml",
            R"(<workbook><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>)"),
      small("xl/_rels/workbook.xml.rels",
            R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>)"
            R"(</Relationships>)"),
      std::move(sheet)};
  if (strings) parts.push_back(std::move(*strings));
  return parts;
}

// `n` times `unit`, written a megabyte at a time.
void repeat(const Sink& out, std::string_view unit, std::uint64_t n) {
  std::string block;
  std::uint64_t per = std::max<std::uint64_t>(1, (1u << 20) / unit.size());
  for (std::uint64_t i = 0; i < per; ++i) block += unit;
  for (std::uint64_t done = 0; done < n; done += per) {
    std::uint64_t k = std::min(per, n - done);
    out(std::string_view(block).substr(0, k * unit.size()));
  }
}

constexpr std::uint64_t kGiB = 1ull << 30;

// Reads the whole file under a 512 MiB address-space cap; exits 0 when
// reading stopped with the error `code` says, 1 when it read to the end, 2
// when the file would not open. Out of memory kills the child (or throws).
[[noreturn]] void read_capped(const std::string& file, const table::Limits& limits,
                              const std::string& expect_zh) {
#if !defined(__SANITIZE_ADDRESS__)  // sanitizers reserve terabytes of address space
  rlimit cap{512ull << 20, 512ull << 20};
  setrlimit(RLIMIT_AS, &cap);
#endif
  auto reader = table::Reader::open(file, table::Format::kXlsx, limits);
  if (!reader) {
    std::fprintf(stderr, "refused at open: %s\n", reader.error().message_zh.c_str());
    std::_Exit(reader.error().message_zh.find(expect_zh) != std::string::npos ? 0 : 2);
  }
  std::vector<std::string> cells;
  while ((*reader)->next(cells)) {
  }
  Status st = (*reader)->status();
  if (st) std::_Exit(1);
  std::fprintf(stderr, "stopped: %s\n", st.error().message_zh.c_str());
  std::_Exit(st.error().message_zh.find(expect_zh) != std::string::npos ? 0 : 3);
}

}  // namespace

TEST(XlsxBomb, OneCellOfAGibibyteStopsAtTheCellLimit) {
  std::string file = zip_of(workbook({"xl/worksheets/sheet1.xml", [](const Sink& out) {
                                        out(R"(<worksheet><sheetData><row r="1">)"
                                            R"(<c r="A1" t="inlineStr"><is><t>)");
                                        repeat(out, "A", kGiB);
                                        out("</t></is></c></row></sheetData></worksheet>");
                                      }}));
  EXPECT_LT(file.size(), 8u << 20);
  EXPECT_EXIT(read_capped(file, {}, "单元格内容超过上限"), ::testing::ExitedWithCode(0), "");
}

TEST(XlsxBomb, MillionsOfEmptyRowsStopAtTheRowLimit) {
  std::string file = zip_of(workbook({"xl/worksheets/sheet1.xml", [](const Sink& out) {
                                        out("<worksheet><sheetData>");
                                        repeat(out, "<row/>", 5'000'000);
                                        out("</sheetData></worksheet>");
                                      }}));
  table::Limits limits;
  limits.max_rows = 100'000;
  EXPECT_EXIT(read_capped(file, limits, "行数超过上限"), ::testing::ExitedWithCode(0), "");
}

TEST(XlsxBomb, SharedStringsStopAtTheUnpackedLimit) {
  std::string file = zip_of(workbook(
      small("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>"),
      Part{"xl/sharedStrings.xml", [](const Sink& out) {
             out("<sst>");
             repeat(out, "<si><t>" + std::string(1000, 'B') + "</t></si>", (256u << 20) / 1000);
             out("</sst>");
           }}));
  table::Limits limits;
  limits.max_unzipped_bytes = 64u << 20;
  EXPECT_EXIT(read_capped(file, limits, "解压后超过上限"), ::testing::ExitedWithCode(0), "");
}

TEST(XlsxBomb, ACellFarToTheRightStopsAtTheColumnLimit) {
  std::string file = zip_of(workbook(small(
      "xl/worksheets/sheet1.xml", R"(<worksheet><sheetData><row r="1"><c r="XFD1" t="inlineStr">)"
                                  R"(<is><t>x</t></is></c></row></sheetData></worksheet>)")));
  EXPECT_EXIT(read_capped(file, {}, "列数超过上限"), ::testing::ExitedWithCode(0), "");
}

TEST(XlsxBomb, ADoctypeIsRefused) {
  std::string file = zip_of(workbook(small(
      "xl/worksheets/sheet1.xml", R"(<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet><sheetData>)"
                                  R"(<row r="1"><c t="inlineStr"><is><t>&a;</t></is></c></row>)"
                                  R"(</sheetData></worksheet>)")));
  EXPECT_EXIT(read_capped(file, {}, "DTD"), ::testing::ExitedWithCode(0), "");
}

TEST(XlsxBomb, AnOrdinaryLargeSheetReadsWithinTheCap) {
  // 200,000 rows of three cells (~20 MB unpacked): read to the end in the same
  // 512 MiB, so the cap does not fail everything.
  std::string file =
      zip_of(workbook({"xl/worksheets/sheet1.xml", [](const Sink& out) {
                         out("<worksheet><sheetData>");
                         repeat(out,
                                R"(<row><c t="inlineStr"><is><t>张三</t></is></c>)"
                                R"(<c><v>13800138000</v></c><c t="b"><v>1</v></c></row>)",
                                200'000);
                         out("</sheetData></worksheet>");
                       }}));
  EXPECT_EXIT(read_capped(file, {}, "none"), ::testing::ExitedWithCode(1), "");
}
