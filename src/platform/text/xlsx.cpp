#include "platform/text/xlsx.hpp"

#include <minizip/unzip.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

namespace gridgov::xlsx {

namespace {

// --- reading: a zip held in memory -------------------------------------------

struct Memory {
  const char* data;
  std::size_t size;
  std::size_t pos = 0;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void*, int) {
  return opaque;
}
uLong ZCALLBACK mem_read(voidpf, voidpf stream, void* buf, uLong size) {
  auto* m = static_cast<Memory*>(stream);
  std::size_t n = std::min<std::size_t>(size, m->size - m->pos);
  std::memcpy(buf, m->data + m->pos, n);
  m->pos += n;
  return static_cast<uLong>(n);
}
uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) {
  return 0;
}
ZPOS64_T ZCALLBACK mem_tell(voidpf, voidpf stream) {
  return static_cast<Memory*>(stream)->pos;
}
long ZCALLBACK mem_seek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* m = static_cast<Memory*>(stream);
  std::size_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                     : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos
                                                        : m->size;
  if (base + offset > m->size) return -1;
  m->pos = base + offset;
  return 0;
}
int ZCALLBACK mem_close(voidpf, voidpf) {
  return 0;
}
int ZCALLBACK mem_error(voidpf, voidpf) {
  return 0;
}

// A part larger than this is refused (a zip bomb, or not a ledger).
constexpr std::uint64_t kMaxPartBytes = 2ull << 30;

Error damaged(const std::string& what) {
  return Error::invalid("file", "无法读取 Excel 文件（" + what + "），请另存为 .xlsx 后重试",
                        "Cannot read the Excel file (" + what + "); save it again as .xlsx");
}

class Zip {
 public:
  explicit Zip(std::string_view data) : mem_{data.data(), data.size()} {
    zlib_filefunc64_def io{};
    io.zopen64_file = mem_open;
    io.zread_file = mem_read;
    io.zwrite_file = mem_write;
    io.ztell64_file = mem_tell;
    io.zseek64_file = mem_seek;
    io.zclose_file = mem_close;
    io.zerror_file = mem_error;
    io.opaque = &mem_;
    zip_ = unzOpen2_64("memory", &io);
  }
  ~Zip() {
    if (zip_) unzClose(zip_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;
  bool ok() const { return zip_ != nullptr; }

  // The part's bytes; nullopt when it is absent; an error when it is damaged.
  Result<std::optional<std::string>> part(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 1) != UNZ_OK) return std::optional<std::string>();
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
        info.uncompressed_size > kMaxPartBytes || unzOpenCurrentFile(zip_) != UNZ_OK)
      return damaged(name);
    std::string out(info.uncompressed_size, '\0');
    std::size_t got = 0;
    while (got < out.size()) {
      unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(out.size() - got, 1u << 24));
      int n = unzReadCurrentFile(zip_, out.data() + got, chunk);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    int closed = unzCloseCurrentFile(zip_);  // UNZ_CRCERROR when the bytes are wrong
    if (got != out.size() || closed != UNZ_OK) return damaged(name);
    return std::optional<std::string>(std::move(out));
  }

 private:
  Memory mem_;
  unzFile zip_ = nullptr;
};

// Element names without a namespace prefix ("x:row" → "row").
std::string_view local(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node n, std::string_view name) {
  for (auto c : n.children())
    if (local(c.name()) == name) return c;
  return {};
}

// The text of a string item: its <t>, or its rich-text runs' <t>s, leaving out
// phonetic guides (<rPh>).
void collect_text(pugi::xml_node n, std::string& out) {
  for (auto c : n.children()) {
    std::string_view name = local(c.name());
    if (name == "t")
      out += c.text().get();
    else if (name == "r")
      collect_text(c, out);
  }
}

Result<pugi::xml_document> parse(const std::string& xml, const std::string& what) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single))
    return damaged(what);
  return doc;
}

// "AB12" → 27 (0-based column); -1 when there are no letters.
int column_of(const char* ref) {
  int col = 0;
  bool any = false;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) {
    col = col * 26 + (*ref - 'A' + 1);
    any = true;
  }
  return any ? col - 1 : -1;
}

// Excel keeps numbers as doubles: 13800138000 may arrive as "1.3800138E10".
std::string number_text(const char* v) {
  std::string_view s(v);
  if (s.find_first_of("eE.") == std::string_view::npos) return std::string(s);
  char* end = nullptr;
  double d = std::strtod(v, &end);
  if (*end != '\0' || !std::isfinite(d)) return std::string(s);
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  std::ostringstream os;
  os.precision(15);
  os << d;
  return os.str();
}

class SheetReader : public table::Reader {
 public:
  SheetReader(pugi::xml_document doc, std::vector<std::string> shared)
      : doc_(std::move(doc)), shared_(std::move(shared)) {
    auto data = child(child(doc_, "worksheet"), "sheetData");
    row_ = data.first_child();
  }
  bool next(std::vector<std::string>& cells) override {
    while (row_) {
      pugi::xml_node row = row_;
      row_ = row_.next_sibling();
      if (local(row.name()) != "row") continue;
      cells.clear();
      int r = row.attribute("r").as_int(0);
      line_ = r > 0 ? r : line_ + 1;
      for (auto c : row.children()) {
        if (local(c.name()) != "c") continue;
        int col = column_of(c.attribute("r").value());
        if (col < 0) col = static_cast<int>(cells.size());
        if (col >= 16384) continue;
        std::string value = cell_value(c);
        if (value.empty()) continue;
        if (cells.size() <= static_cast<std::size_t>(col)) cells.resize(col + 1);
        cells[col] = std::move(value);
      }
      if (!cells.empty()) return true;
    }
    return false;
  }
  int line() const override { return line_; }

 private:
  std::string cell_value(pugi::xml_node c) const {
    std::string_view type = c.attribute("t").value();
    if (type == "inlineStr") {
      std::string out;
      collect_text(child(c, "is"), out);
      return out;
    }
    const char* v = child(c, "v").text().get();
    if (type == "s") {
      std::size_t i = static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
      return i < shared_.size() ? shared_[i] : std::string();
    }
    if (type == "b") return std::string_view(v) == "1" ? "TRUE" : "FALSE";
    if (type == "str" || type == "e") return v;
    return number_text(v);
  }

  pugi::xml_document doc_;
  std::vector<std::string> shared_;
  pugi::xml_node row_;
  int line_ = 0;
};

// The first worksheet's part name, from the workbook and its relationships.
Result<std::string> first_sheet(Zip& zip) {
  auto wb = zip.part("xl/workbook.xml");
  if (!wb) return wb.error();
  auto rels = zip.part("xl/_rels/workbook.xml.rels");
  if (!rels) return rels.error();
  if (*wb && *rels) {
    auto wdoc = parse(**wb, "workbook.xml");
    auto rdoc = parse(**rels, "workbook.xml.rels");
    if (!wdoc) return wdoc.error();
    if (!rdoc) return rdoc.error();
    auto sheet = child(child(child(*wdoc, "workbook"), "sheets"), "sheet");
    std::string rid;
    for (auto a : sheet.attributes())
      if (local(a.name()) == "id") rid = a.value();
    for (auto r : child(*rdoc, "Relationships").children()) {
      if (rid.empty() || rid != r.attribute("Id").value()) continue;
      std::string target = r.attribute("Target").value();
      return target.starts_with("/") ? target.substr(1) : "xl/" + target;
    }
  }
  return std::string("xl/worksheets/sheet1.xml");
}

// --- writing ------------------------------------------------------------------

// Columns as wide as their text; a CJK character takes two.
int display_width(std::string_view s) {
  int w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string sheet_name(const std::string& name, std::size_t index) {
  std::string out;
  for (char c : name)
    if (!std::strchr("[]:*?/\\", c)) out += c;
  if (out.empty() || display_width(out) > 31) out = "Sheet" + std::to_string(index + 1);
  return out;
}

}  // namespace

Result<std::unique_ptr<table::Reader>> read(std::string data) {
  Zip zip(data);
  if (!zip.ok()) return damaged("not a zip archive");
  auto name = first_sheet(zip);
  if (!name) return name.error();
  auto sheet = zip.part(*name);
  if (!sheet) return sheet.error();
  if (!*sheet) return damaged("no worksheet");
  std::vector<std::string> shared;
  auto strings = zip.part("xl/sharedStrings.xml");
  if (!strings) return strings.error();
  if (*strings) {
    auto sdoc = parse(**strings, "sharedStrings.xml");
    if (!sdoc) return sdoc.error();
    for (auto si : child(*sdoc, "sst").children()) {
      if (local(si.name()) != "si") continue;
      std::string text;
      collect_text(si, text);
      shared.push_back(std::move(text));
    }
  }
  auto doc = parse(**sheet, *name);
  if (!doc) return doc.error();
  return std::unique_ptr<table::Reader>(
      std::make_unique<SheetReader>(std::move(*doc), std::move(shared)));
}

Result<std::string> write(const std::vector<table::Table>& sheets) {
  char path[] = "/tmp/gridgov-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Error::internal();
  close(fd);
  std::size_t cells = 0;
  for (const auto& t : sheets) cells += t.rows.size() * t.header.size();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to disk as they are written
  options.use_zip64 = cells > 2'000'000 ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path, &options);
  if (!wb) {
    std::remove(path);
    return Error::internal();
  }
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bg_color(head, 0xDDEBF7);
  format_set_border(head, LXW_BORDER_THIN);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  for (std::size_t s = 0; s < sheets.size(); ++s) {
    const auto& t = sheets[s];
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(t.name, s).c_str());
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      int width = c < t.widths.size() ? t.widths[c] : display_width(t.header[c]) + 4;
      for (std::size_t r = 0; r < std::min<std::size_t>(t.rows.size(), 200); ++r)
        if (c < t.rows[r].size()) width = std::max(width, display_width(t.rows[r][c]) + 2);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::min(width, 60), numeric(c) ? nullptr : text);
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.header[c].c_str(), head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
        const std::string& v = t.rows[r][c];
        if (v.empty()) continue;
        auto row = static_cast<lxw_row_t>(r + 1);
        auto col = static_cast<lxw_col_t>(c);
        char* end = nullptr;
        double d = numeric(c) ? std::strtod(v.c_str(), &end) : 0;
        if (numeric(c) && end && *end == '\0')
          worksheet_write_number(ws, row, col, d, nullptr);
        else
          worksheet_write_string(ws, row, col, v.c_str(), numeric(c) ? nullptr : text);
      }
    }
  }
  lxw_error err = workbook_close(wb);
  std::string out;
  if (err == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::remove(path);
  if (err != LXW_NO_ERROR || out.empty()) return Error::internal();
  return out;
}

}  // namespace gridgov::xlsx
