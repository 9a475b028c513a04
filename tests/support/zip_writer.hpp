#pragma once
// Zip archives made by hand for the spreadsheet tests: parts named and written
// piece by piece (a part may be gigabytes of repetition), compressed by minizip.
#include <minizip/zip.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace gridgov::testing {

using ZipSink = std::function<void(std::string_view)>;
struct ZipPart {
  std::string name;
  std::function<void(const ZipSink&)> write;
};

inline ZipPart zip_part(std::string name, std::string body) {
  return {std::move(name), [body](const ZipSink& out) { out(body); }};
}

// The archive's bytes; `level` is zlib's (fast by default: what matters is what
// the parts unpack to).
inline std::string zip_of(const std::vector<ZipPart>& parts, int level = 1) {
  char path[] = "/tmp/gridgov-zip-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
  for (const auto& p : parts) {
    zip_fileinfo info{};
    zipOpenNewFileInZip64(z, p.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                          level, 1);
    p.write([&](std::string_view bytes) {
      zipWriteInFileInZip(z, bytes.data(), static_cast<unsigned>(bytes.size()));
    });
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
  std::ifstream in(path, std::ios::binary);
  std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path);
  return out;
}

}  // namespace gridgov::testing
