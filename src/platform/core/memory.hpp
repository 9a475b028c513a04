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

// Hands the pages of freed memory back to the kernel (malloc_trim): after a burst
// of large bodies the arenas of the many handler threads would otherwise keep
// them — a server idle after a hostile run held 300 MB of which 12 MB was in use.
void give_back();
// The process's resident set now, in bytes (0 where /proc is missing).
std::int64_t resident_bytes();

}  // namespace gridgov::memory
