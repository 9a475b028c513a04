#include <iostream>

#include "app/commands.hpp"
#include "features/org/divisions.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov {

int cmd_import_divisions(Runtime& rt, const std::string& prefix) {
  std::string last_level;
  auto counts =
      org::import_divisions(*rt.db, rt.config.str("divisions.dir"), prefix, rt.clock->now_ms(),
                            [&](const std::string& level, int done, int total) {
                              if (level != last_level && !last_level.empty())
                                std::fprintf(stderr, "\n");
                              last_level = level;
                              std::fprintf(stderr, "\r  %-10s %7d / %-7d %3d%%", level.c_str(),
                                           done, total, total ? done * 100 / total : 100);
                            });
  std::fprintf(stderr, "\n");
  if (!counts) {
    std::cerr << "错误: " << counts.error().message_zh << "\nerror: " << counts.error().message_en
              << "\n";
    return 2;
  }
  std::printf("%-10s %-6s %10s %10s\n", "level", "层级", "in source", "added");
  for (const auto& level : tree::levels()) {
    auto it = counts->in_source.find(level);
    if (it == counts->in_source.end()) continue;
    std::printf("%-10s %-6s %10d %10d\n", level.c_str(), tree::level_zh(level).c_str(), it->second,
                counts->added.at(level));
  }
  return 0;
}

}  // namespace gridgov
