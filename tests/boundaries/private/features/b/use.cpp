#include "features/a/store.hpp"
