#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "platform/privacy/vault.hpp"

using namespace gridgov;
using privacy::Vault;

namespace {
std::string temp_key_file(const char* name) {
  auto dir =
      std::filesystem::temp_directory_path() / ("gridgov-vault-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}
}  // namespace

TEST(Vault, SealsOpensAndNeverRepeatsItself) {
  Vault v = Vault::ephemeral();
  std::string a = v.seal("13812345678"), b = v.seal("13812345678");
  EXPECT_NE(a, b);  // a fresh nonce each time
  EXPECT_EQ(a.find("13812345678"), std::string::npos);
  EXPECT_EQ(*v.open(a), "13812345678");
  EXPECT_TRUE(v.sealed_with_current(a));
  std::string tampered = a;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(v.open(tampered).ok());
  EXPECT_FALSE(v.open("13812345678").ok());
  EXPECT_FALSE(Vault::ephemeral().open(a).ok());  // another key
}

TEST(Vault, BlindIndexesAreKeyedAndSeparatedByPurpose) {
  Vault v = Vault::ephemeral(), other = Vault::ephemeral();
  EXPECT_EQ(v.blind("phone", "13812345678"), v.blind("phone", "13812345678"));
  EXPECT_NE(v.blind("phone", "13812345678"), v.blind("identity", "13812345678"));
  EXPECT_NE(v.blind("phone", "13812345678"), other.blind("phone", "13812345678"));
}

TEST(Vault, KeyFileIsMadeOnceRotatedAndChecked) {
  std::string file = temp_key_file("keys");
  EXPECT_FALSE(Vault::load(file, "", false).ok());  // not there, not asked to make it
  auto first = Vault::load(file, "", true);
  ASSERT_TRUE(first.ok()) << first.error().message_en;
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  std::string sealed = first->seal("110101199003077777");
  auto again = Vault::load(file, "", true);  // the same key, not a new one
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again->open(sealed), "110101199003077777");
  EXPECT_EQ(again->check_value(1), first->check_value(1));

  auto rotated = Vault::add_key(file);
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(rotated->current_key(), 2);
  EXPECT_EQ(*rotated->open(sealed), "110101199003077777");  // old data still opens
  EXPECT_FALSE(rotated->sealed_with_current(sealed));
  EXPECT_TRUE(rotated->sealed_with_current(rotated->seal("x")));

  std::ofstream(file) << "1 not-base64\n";
  EXPECT_FALSE(Vault::load(file, "", true).ok());
  // The environment wins over the file.
  std::string line = "7 " + std::string(43, 'A') + "=";
  auto env = Vault::load(file, line, false);
  ASSERT_TRUE(env.ok()) << env.error().message_en;
  EXPECT_EQ(env->current_key(), 7);
}

TEST(Masks, PhonesAndIdentityNumbers) {
  EXPECT_EQ(privacy::mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(privacy::mask_phone("12345"), "*****");
  EXPECT_EQ(privacy::mask_identity("42010219900307123X"), "4201**********123X");
}
