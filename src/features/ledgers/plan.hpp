#pragma once
// An import in two steps: every row checked (nothing written), then the
// checked rows written in one transaction. A kind's check returns a Plan.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "platform/auth/audit.hpp"
#include "platform/auth/principal.hpp"
#include "platform/services.hpp"
#include "platform/text/table.hpp"
#include "platform/tree/tree.hpp"

namespace gridgov::ledgers {

class Header;

// Rows so far, for the progress bar; read from other threads.
struct Progress {
  std::atomic<long> checked{0};
  std::atomic<long> written{0};
  std::atomic<long> total{0};  // rows to write, once checked
};

// Who imports, into which node, when.
struct Context {
  Services& svc;
  const Principal* who;  // nullptr: the system (command line), allowed everything
  tree::Node scope;      // every row must lie at or below it
  const char* action;
  Millis now;
  std::string today;  // YYYY-MM-DD, Beijing time

  // Whether the importer may act at `path` (inside the scope).
  bool may(const std::string& path) const;
};

class Plan {
 public:
  virtual ~Plan() = default;
  virtual long rows() const = 0;
  // Writes every row; an error (or `stopping`) undoes all of it.
  virtual Status write(WriteTx& tx, Progress& progress, const std::atomic<bool>& stopping) = 0;
  // After the commit (in-memory indexes).
  virtual void committed(Services&) {}
};

using Errors = std::vector<table::RowError>;
using CheckFn = std::unique_ptr<Plan> (*)(Context& ctx, table::Reader& rows, const Header& header,
                                          Errors& errors, Progress& progress);

// At most this many errors are kept (the report says how many more there were).
inline constexpr std::size_t kMaxErrors = 10000;

}  // namespace gridgov::ledgers
