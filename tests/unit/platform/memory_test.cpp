// What a burst leaves behind: the allocator keeps the pages of what the handler
// threads freed until they are handed back (the server sat idle at 4 GB after a
// hostile run while a few MB were in use).
#include "platform/core/memory.hpp"

#include <gtest/gtest.h>

#include "platform/core/metrics.hpp"

#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace gridgov {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's allocator is not glibc's: nothing to trim
#else
constexpr bool kSanitized = false;
#endif

// 256 MB in 64 KB blocks (below the mmap threshold, so they live in the
// thread's arena), written to so they are resident, then freed but for the
// last, which pins the top of the heap against malloc's own trimming.
void burst_on_this_thread() {
  std::vector<char*> blocks;
  for (int i = 0; i < 4096; ++i) {
    char* b = static_cast<char*>(std::malloc(64 * 1024));
    std::memset(b, 1, 64 * 1024);
    blocks.push_back(b);
  }
  for (std::size_t i = 0; i + 1 < blocks.size(); ++i) std::free(blocks[i]);
  std::free(blocks.back());
}

TEST(Memory, IdleServerGivesBackWhatAHostileBurstLeft) {
  if (kSanitized) GTEST_SKIP() << "built with ASan";
  std::int64_t before = memory::resident_bytes();
  ASSERT_GT(before, 0);
  std::vector<char*> pins;
  {
    std::vector<char*> blocks;
    for (int i = 0; i < 4096; ++i) {
      char* b = static_cast<char*>(std::malloc(64 * 1024));
      std::memset(b, 1, 64 * 1024);
      blocks.push_back(b);
    }
    // Keep every 64th block: freed memory then lies in holes below live blocks,
    // as it does in a server's heap, where trimming only the top returns nothing.
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (i % 64 == 63)
        pins.push_back(blocks[i]);
      else
        std::free(blocks[i]);
    }
  }
  std::thread(burst_on_this_thread).join();  // another arena, as a handler thread's
  std::int64_t held = memory::resident_bytes();
  memory::Usage u = memory::usage();
  EXPECT_GT(held - before, 200LL << 20) << "the burst should still be resident";
  EXPECT_GT(u.heap_free, 200LL << 20) << "and counted as freed, not in use";

  memory::give_back();
  std::int64_t after = memory::resident_bytes();
  EXPECT_LT(after - before, 64LL << 20)
      << "held " << (held >> 20) << " MB, after " << (after >> 20) << " MB";
  for (char* p : pins) std::free(p);
}

TEST(Memory, GaugesArePublished) {
  memory::publish();
  std::string text = metrics::global().render();
  EXPECT_NE(text.find("gridgov_memory_heap_in_use_bytes "), std::string::npos);
  EXPECT_NE(text.find("gridgov_memory_resident_bytes "), std::string::npos);
}

}  // namespace
}  // namespace gridgov
