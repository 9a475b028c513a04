// gridgov ledger import|template: the same import as the API, from a file on
// this machine, with a progress line; the command line may import anywhere.
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

#include <unistd.h>

#include "app/commands.hpp"
#include "features/ledgers/imports.hpp"
#include "features/ledgers/kinds.hpp"

namespace gridgov {

namespace {
std::optional<table::Format> format_of_file(const std::string& path) {
  if (path.ends_with(".xlsx")) return table::Format::kXlsx;
  if (path.ends_with(".csv")) return table::Format::kCsv;
  return std::nullopt;
}

int usage_error(const std::string& zh, const std::string& en) {
  std::cerr << "错误: " << zh << "\nerror: " << en << "\n";
  return 2;
}
}  // namespace

int cmd_ledger_template(const std::string& kind_id, const std::string& file) {
  const auto* kind = ledgers::kind_named(kind_id);
  auto format = format_of_file(file);
  if (!kind) return usage_error("未知的台账类型: " + kind_id, "Unknown ledger kind: " + kind_id);
  if (!format)
    return usage_error("文件名须以 .xlsx 或 .csv 结尾", "The file must end in .xlsx or .csv");
  auto body = table::render(ledgers::template_tables(*kind, false), *format);
  if (!body) return usage_error(body.error().message_zh, body.error().message_en);
  std::ofstream(file, std::ios::binary) << *body;
  std::cout << "已写入模板 template written: " << file << "\n";
  return 0;
}

int cmd_ledger_import(Runtime& rt, const LedgerArgs& args) {
  const auto* kind = ledgers::kind_named(args.kind);
  auto format = format_of_file(args.file);
  if (!kind)
    return usage_error("未知的台账类型: " + args.kind, "Unknown ledger kind: " + args.kind);
  if (!format)
    return usage_error("文件名须以 .xlsx 或 .csv 结尾", "The file must end in .xlsx or .csv");
  std::ifstream in(args.file, std::ios::binary);
  if (!in) return usage_error("无法读取 " + args.file, "Cannot read " + args.file);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto node = rt.db->read([&](soci::session& s) {
    return args.node.empty() ? tree::get(s, tree::kRootId) : tree::get_by_code(s, args.node);
  });
  if (!node) return usage_error("节点不存在: " + args.node, "No such node: " + args.node);

  Services& svc = *rt.services;
  Millis now = svc.clock.now_ms();
  ledgers::Import im;
  im.id = new_id();
  im.kind = kind->id;
  im.node_id = node->id;
  im.node_path = node->path;
  im.district_code = node->district_code;
  im.username = "cli";
  im.file_name = args.file.substr(args.file.rfind('/') + 1);
  im.format = std::string(table::extension(*format));
  im.created_at = now;
  if (auto st = svc.db.write([&](WriteTx& tx) -> Status {
        ledgers::insert(tx, im);
        return {};
      });
      !st)
    return usage_error(st.error().message_zh, st.error().message_en);

  ledgers::Progress progress;
  std::atomic<bool> stopping{false}, finished{false};
  auto started = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  // On a terminal one line redrawn four times a second; in a log a line every 5 s.
  bool tty = isatty(STDERR_FILENO);
  const char* end = tty ? "\r" : "\n";
  std::thread meter([&] {
    for (int tick = 0; !finished; ++tick) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      if (!tty && tick % 20 != 19) continue;
      long total = progress.total;
      if (total == 0)
        std::fprintf(stderr, "%s  检查 checking  %9ld 行 rows  %6.1f s", end,
                     progress.checked.load(), seconds());
      else
        std::fprintf(stderr, "%s  写入 writing   %9ld / %-9ld %3ld%%  %6.1f s   ", end,
                     progress.written.load(), total, progress.written * 100 / total, seconds());
    }
  });
  ledgers::Context ctx{svc, nullptr, *node, kind->action, now, cst_date(now)};
  ledgers::run(ctx, *kind, im, std::move(data), *format, system_actor("cli"), progress, stopping);
  finished = true;
  meter.join();
  std::fprintf(stderr, "\n");
  std::printf("%s  %s\n%lld rows checked, %lld written in %.1f s\n", im.state.c_str(),
              im.message_zh.c_str(), im.rows_checked, im.rows_written, seconds());
  if (im.state == "done") return 0;
  auto errors = ledgers::errors_of(im);
  for (std::size_t i = 0; i < errors.size() && i < 20; ++i)
    std::printf("  行 row %d  %s: %s\n", errors[i].row, errors[i].column.c_str(),
                errors[i].zh.c_str());
  if (!args.report.empty()) {
    auto f = format_of_file(args.report).value_or(table::Format::kCsv);
    auto body = table::render({table::error_table(errors, false)}, f);
    if (body) std::ofstream(args.report, std::ios::binary) << *body;
    std::printf("错误报告 report: %s\n", args.report.c_str());
  }
  return 1;
}

}  // namespace gridgov
