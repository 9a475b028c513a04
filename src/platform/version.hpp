#pragma once
namespace gridgov {
inline constexpr const char* kVersion = "0.1.0";
}
