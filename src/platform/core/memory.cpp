#include "platform/core/memory.hpp"

#include <malloc.h>

#include <fstream>
#include <string>

#include "platform/core/metrics.hpp"

namespace gridgov::memory {

Usage usage() {
  Usage u;
  struct mallinfo2 m = mallinfo2();
  // uordblks: in use from the heaps; hblkhd: in use as separate mappings (large blocks).
  u.heap_in_use = static_cast<std::int64_t>(m.uordblks + m.hblkhd);
  u.heap_free = static_cast<std::int64_t>(m.fordblks);
  return u;
}

void publish() {
  Usage u = usage();
  auto& reg = metrics::global();
  reg.gauge("gridgov_memory_heap_in_use_bytes", "Heap allocated and not freed").set(u.heap_in_use);
  reg.gauge("gridgov_memory_heap_free_bytes",
            "Heap freed, kept by the allocator (its pages may have been given back)")
      .set(u.heap_free);
  reg.gauge("gridgov_memory_resident_bytes", "Resident set of the process").set(resident_bytes());
}

void give_back() {
  malloc_trim(0);
}

std::int64_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;  // "… kB"
  return 0;
}

}  // namespace gridgov::memory
