#include "platform/text/xlsx.hpp"

#include <expat.h>
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

Error damaged(const std::string& what) {
  return Error::invalid("file", "无法读取 Excel 文件（" + what + "），请另存为 .xlsx 后重试",
                        "Cannot read the Excel file (" + what + "); save it again as .xlsx");
}

// The workbook's own small parts (workbook.xml, its relationships) are read
// whole; anything bigger there is not a ledger.
constexpr std::size_t kMaxSmallPart = 4u << 20;

// The zip held in memory, its parts read as streams. Every byte unpacked, of
// every part, counts against the limit: the sizes a zip declares can lie.
class Zip {
 public:
  Zip(std::string data, std::uint64_t max_unzipped)
      : data_(std::move(data)), mem_{data_.data(), data_.size()}, left_(max_unzipped) {
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

  // Opens a part for reading; false when it is absent.
  Result<bool> open(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 1) != UNZ_OK) return false;
    if (unzOpenCurrentFile(zip_) != UNZ_OK) return damaged(name);
    name_ = name;
    return true;
  }
  // The next bytes of the open part into `buf`: how many (0 at its end, when its
  // checksum is also checked), or the error that stops reading.
  Result<std::size_t> read(char* buf, std::size_t size, const table::Limits& limits) {
    int n = unzReadCurrentFile(zip_, buf, static_cast<unsigned>(size));
    if (n < 0) return damaged(name_);
    if (n == 0) {
      if (unzCloseCurrentFile(zip_) != UNZ_OK) return damaged(name_);  // UNZ_CRCERROR
      return std::size_t{0};
    }
    if (static_cast<std::uint64_t>(n) > left_) return table::too_large_unpacked(limits);
    left_ -= static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
  }
  // A small part whole; nullopt when absent.
  Result<std::optional<std::string>> small_part(const std::string& name,
                                                const table::Limits& limits) {
    auto opened = open(name);
    if (!opened) return opened.error();
    if (!*opened) return std::optional<std::string>();
    std::string out;
    char buf[1 << 16];
    for (;;) {
      auto n = read(buf, sizeof buf, limits);
      if (!n) return n.error();
      if (*n == 0) break;
      out.append(buf, *n);
      if (out.size() > kMaxSmallPart) return damaged(name);
    }
    return std::optional<std::string>(std::move(out));
  }

 private:
  std::string data_;  // the upload, compressed: the only copy of it
  Memory mem_;
  unzFile zip_ = nullptr;
  std::uint64_t left_;
  std::string name_;
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
  for (; *ref >= 'A' && *ref <= 'Z' && col < 1'000'000; ++ref) {
    col = col * 26 + (*ref - 'A' + 1);
    any = true;
  }
  return any ? col - 1 : -1;
}

// Excel keeps numbers as doubles: 13800138000 may arrive as "1.3800138E10".
std::string number_text(const std::string& v) {
  if (v.find_first_of("eE.") == std::string::npos) return v;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (*end != '\0' || !std::isfinite(d)) return v;
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  std::ostringstream os;
  os.precision(15);
  os << d;
  return os.str();
}

const char* attribute(const XML_Char** atts, std::string_view name) {
  for (; atts && *atts; atts += 2)
    if (local(atts[0]) == name) return atts[1];
  return "";
}

// An XML part read as a stream with expat: chunks go in as the handlers ask
// for more; the handlers keep only what they need. No DTDs (no entity tricks).
class Stream {
 public:
  Stream(Zip& zip, const table::Limits& limits) : zip_(zip), limits_(limits) {
    parser_ = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser_, this);
    XML_SetStartDoctypeDeclHandler(
        parser_, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
          static_cast<Stream*>(self)->fail(damaged("DTD"));
        });
  }
  virtual ~Stream() { XML_ParserFree(parser_); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Stops the parse for good with `e` (from inside a handler).
  void fail(Error e) {
    if (status_) status_ = std::move(e);
    XML_StopParser(parser_, XML_FALSE);
  }
  // Pauses the parse after this element (from inside a handler): pump() returns.
  void pause() { XML_StopParser(parser_, XML_TRUE); }
  // Parses until a handler pauses, the part ends (false) or reading fails (false).
  bool pump() {
    while (status_) {
      XML_Status st;
      if (suspended_) {
        st = XML_ResumeParser(parser_);
      } else {
        if (ended_) return false;
        auto n = zip_.read(chunk_, sizeof chunk_, limits_);
        if (!n) {
          status_ = n.error();
          return false;
        }
        ended_ = *n == 0;
        st = XML_Parse(parser_, chunk_, static_cast<int>(*n), ended_);
      }
      suspended_ = st == XML_STATUS_SUSPENDED;
      if (st == XML_STATUS_ERROR) {
        if (status_)
          status_ = damaged(std::string("XML: ") + XML_ErrorString(XML_GetErrorCode(parser_)));
        return false;
      }
      if (suspended_) return true;
    }
    return false;
  }
  const Status& status() const { return status_; }

 protected:
  XML_Parser parser_;
  Zip& zip_;
  table::Limits limits_;

 private:
  Status status_;
  bool suspended_ = false, ended_ = false;
  char chunk_[1 << 16];
};

// Text collected inside a string item or a cell: <t> (in rich-text runs too),
// leaving out phonetic guides (<rPh>); bounded by the cell limit.
struct TextCollector {
  bool in_text = false;
  int in_phonetic = 0;
  std::string text;
  void start(std::string_view name) {
    if (name == "rPh") ++in_phonetic;
    if ((name == "t" || name == "v") && in_phonetic == 0) in_text = true;
  }
  void end(std::string_view name) {
    if (name == "rPh") --in_phonetic;
    if (name == "t" || name == "v") in_text = false;
  }
  // False when the text grew past `max`.
  bool add(const XML_Char* s, int len, std::size_t max) {
    if (!in_text) return true;
    text.append(s, static_cast<std::size_t>(len));
    return text.size() <= max;
  }
};

// xl/sharedStrings.xml: every <si>'s text, in order.
class SharedStrings : public Stream {
 public:
  SharedStrings(Zip& zip, const table::Limits& limits) : Stream(zip, limits) {
    XML_SetElementHandler(
        parser_,
        [](void* p, const XML_Char* name, const XML_Char**) {
          auto* self = static_cast<SharedStrings*>(static_cast<Stream*>(p));
          std::string_view n = local(name);
          if (n == "si") self->item_ = TextCollector{};
          self->item_.start(n);
        },
        [](void* p, const XML_Char* name) {
          auto* self = static_cast<SharedStrings*>(static_cast<Stream*>(p));
          std::string_view n = local(name);
          self->item_.end(n);
          if (n == "si") self->strings_.push_back(std::move(self->item_.text));
        });
    XML_SetCharacterDataHandler(parser_, [](void* p, const XML_Char* s, int len) {
      auto* self = static_cast<SharedStrings*>(static_cast<Stream*>(p));
      if (!self->item_.add(s, len, self->limits_.max_cell_bytes))
        self->fail(table::cell_too_long(self->limits_));
    });
  }
  Result<std::vector<std::string>> read_all() {
    while (pump()) {
    }
    if (!status()) return status().error();
    return std::move(strings_);
  }

 private:
  TextCollector item_;
  std::vector<std::string> strings_;
};

// The worksheet, a row at a time: the parse pauses at the end of each row
// that holds a value.
class SheetReader final : public table::Reader, Stream {
 public:
  SheetReader(std::unique_ptr<Zip> zip, std::vector<std::string> shared,
              const table::Limits& limits)
      : Stream(*zip, limits), owned_(std::move(zip)), shared_(std::move(shared)) {
    XML_SetElementHandler(parser_, on_start, on_end);
    XML_SetCharacterDataHandler(parser_, [](void* p, const XML_Char* s, int len) {
      auto* self = static_cast<SheetReader*>(static_cast<Stream*>(p));
      if (self->in_cell_ && !self->cell_.add(s, len, self->limits_.max_cell_bytes))
        self->fail(table::cell_too_long(self->limits_));
    });
  }
  bool next(std::vector<std::string>& cells) override {
    while (!ready_ && pump()) {
    }
    if (!ready_) return false;
    ready_ = false;
    cells = std::move(row_);
    row_.clear();
    return true;
  }
  int line() const override { return line_; }
  Status status() const override { return Stream::status(); }

 private:
  static void on_start(void* p, const XML_Char* name, const XML_Char** atts) {
    auto* self = static_cast<SheetReader*>(static_cast<Stream*>(p));
    std::string_view n = local(name);
    if (n == "row") {
      if (++self->rows_ > self->limits_.max_rows)
        return self->fail(table::too_many_rows(self->limits_));
      int r = std::atoi(attribute(atts, "r"));
      self->line_ = r > 0 ? r : self->line_ + 1;
      self->row_.clear();
    } else if (n == "c") {
      self->in_cell_ = true;
      self->cell_ = TextCollector{};
      self->col_ = column_of(attribute(atts, "r"));
      self->type_ = attribute(atts, "t");
    } else if (self->in_cell_) {
      self->cell_.start(n);
    }
  }
  static void on_end(void* p, const XML_Char* name) {
    auto* self = static_cast<SheetReader*>(static_cast<Stream*>(p));
    std::string_view n = local(name);
    if (n == "c") {
      self->in_cell_ = false;
      self->end_cell();
    } else if (n == "row") {
      if (!self->row_.empty()) {
        self->ready_ = true;
        self->pause();
      }
    } else if (self->in_cell_) {
      self->cell_.end(n);
    }
  }
  void end_cell() {
    std::string value = cell_value();
    int col = col_ < 0 ? static_cast<int>(row_.size()) : col_;
    if (value.empty()) return;
    if (static_cast<std::size_t>(col) >= limits_.max_columns)
      return fail(table::too_many_columns(limits_));
    if (row_.size() <= static_cast<std::size_t>(col)) row_.resize(col + 1);
    row_[col] = std::move(value);
  }
  std::string cell_value() {
    std::string& v = cell_.text;
    if (type_ == "inlineStr" || type_ == "str" || type_ == "e") return std::move(v);
    if (type_ == "s") {
      std::size_t i = static_cast<std::size_t>(std::strtoull(v.c_str(), nullptr, 10));
      return i < shared_.size() ? shared_[i] : std::string();
    }
    if (type_ == "b") return v == "1" ? "TRUE" : "FALSE";
    return number_text(v);
  }

  std::unique_ptr<Zip> owned_;
  std::vector<std::string> shared_;
  std::vector<std::string> row_;
  TextCollector cell_;
  bool in_cell_ = false, ready_ = false;
  int col_ = -1, line_ = 0;
  std::size_t rows_ = 0;
  std::string type_;
};

// The first worksheet's part name, from the workbook and its relationships.
Result<std::string> first_sheet(Zip& zip, const table::Limits& limits) {
  auto wb = zip.small_part("xl/workbook.xml", limits);
  if (!wb) return wb.error();
  auto rels = zip.small_part("xl/_rels/workbook.xml.rels", limits);
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

Result<std::unique_ptr<table::Reader>> read(std::string data, const table::Limits& limits) {
  auto zip = std::make_unique<Zip>(std::move(data), limits.max_unzipped_bytes);
  if (!zip->ok()) return damaged("not a zip archive");
  auto name = first_sheet(*zip, limits);
  if (!name) return name.error();
  std::vector<std::string> shared;
  auto strings = zip->open("xl/sharedStrings.xml");
  if (!strings) return strings.error();
  if (*strings) {
    auto all = SharedStrings(*zip, limits).read_all();
    if (!all) return all.error();
    shared = std::move(*all);
  }
  auto sheet = zip->open(*name);
  if (!sheet) return sheet.error();
  if (!*sheet) return damaged("no worksheet");
  return std::unique_ptr<table::Reader>(
      std::make_unique<SheetReader>(std::move(zip), std::move(shared), limits));
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
