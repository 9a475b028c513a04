#include "features/a/model.hpp"
