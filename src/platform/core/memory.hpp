#pragma once
// The process's memory as the allocator sees it, so a soak or an operator can
// tell a leak (in use keeps growing) from retention (freed, but the pages still
// held). SQLite's page caches count as in use: they are bounded by
// db.sqlite_cache_mib per connection (the writer four times that).
#include <cstdint>

namespace gridgov::memory {

struct Usage {
  std::int64_t heap_in_use = 0;  // allocated and not yet freed (malloc's view)
  std::int64_t heap_free = 0;    // freed: kept by the allocator, its pages maybe given back
};
Usage usage();

// Publishes usage() as the gridgov_memory_* gauges.
void publish();

// Sets the allocator up for a long-running server with many handler threads,
// before any thread starts: fewer arenas (two per core instead of glibc's eight)
// and a fixed threshold above which blocks are mapped on their own (256 KiB), so
// a large body or export sheet goes back to the kernel when freed instead of
// raising the threshold and fragmenting the heap. In the 30-minute soak the
// resident set otherwise grew with the freed-but-kept heap while the heap in use
// stayed flat (docs/benchmarks.md). An operator's MALLOC_ARENA_MAX or
// MALLOC_MMAP_THRESHOLD_ in the environment wins.
void tune_allocator();

// Hands the pages of freed memory back to the kernel (malloc_trim): after a burst
// of large bodies the arenas of the many handler threads would otherwise keep
// them — a server idle after a hostile run held 300 MB of which 12 MB was in use.
void give_back();
// The process's resident set now, in bytes (0 where /proc is missing).
std::int64_t resident_bytes();

}  // namespace gridgov::memory
